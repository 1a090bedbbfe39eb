"""The platform operator's working instance.

A superuser (platform operator) belongs to no instance, yet every page shows one instance's data.
The instance they work on is chosen once — ``?instance=<id>`` on any page, offered by the picker in
the top bar — and remembered in their session, so every page, link and form afterwards (plan, SKP
monitoring, periods, the organisation tree) speaks of the same instance. Until they choose, the first
instance by name is theirs. Everyone else always works on their own instance.
"""

from __future__ import annotations

SESSION_KEY = "kinerja_operator_instance"


def _choose(request) -> int | None:
    from kinerja.organization.models import Instance

    wanted = request.GET.get("instance", "")
    ids = Instance.objects.order_by("name").values_list("pk", flat=True)
    if wanted.isdigit() and Instance.objects.filter(pk=int(wanted)).exists():
        request.session[SESSION_KEY] = int(wanted)
        return int(wanted)
    stored = request.session.get(SESSION_KEY)
    if isinstance(stored, int) and Instance.objects.filter(pk=stored).exists():
        return stored
    return ids.first()


def operator_instance_id(user) -> int | None:
    """The instance a superuser works on in this request (None for anyone else, or outside a request)."""
    choose = getattr(user, "_kinerja_choose_instance", None)
    if choose is None:
        return None
    if not hasattr(user, "_kinerja_operator_instance"):
        user._kinerja_operator_instance = choose()
    return user._kinerja_operator_instance


class OperatorInstanceMiddleware:
    """Lets ``operator_instance_id(request.user)`` find a superuser's instance (looked up when first asked)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_superuser and user.instance_id is None:
            user._kinerja_choose_instance = lambda: _choose(request)
        return self.get_response(request)
