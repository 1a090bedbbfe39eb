"""The platform operator's instance picker at the top of the menu (organization/operator.py)."""

from __future__ import annotations

from .operator import operator_instance_id


def operator_instances(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_superuser or user.instance_id is not None:
        return {}
    from .models import Instance

    instances = list(Instance.objects.order_by("name").only("id", "name"))
    chosen = operator_instance_id(user)
    return {"operator_instances": instances,
            "operator_instance": next((i for i in instances if i.pk == chosen), None)}
