"""Which instance a page works on: the user's own, or a platform operator's chosen one (organization/operator.py).

Used by every app's pages, so it lives here rather than in a views module (docs/architecture.md, "Layers").
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Instance


def instance_for(request) -> Instance:
    """The instance whose data the page shows: the user's own; a superuser's chosen one (organization/operator.py)."""
    user = request.user
    if user.is_superuser:
        from kinerja.organization.operator import operator_instance_id

        wanted = user.instance_id or operator_instance_id(user)
        found = Instance.objects.filter(pk=wanted).first() if wanted else None
        if found is None:
            raise Http404(_("No instance exists yet."))
        return found
    if user.instance_id is None:
        raise PermissionDenied(_("Your account does not belong to an instance."))
    return user.instance


def instance_choices(request) -> list[Instance]:
    """Instances a superuser may switch between (nobody else switches)."""
    return list(Instance.objects.order_by("name")) if request.user.is_superuser else []
