"""Permission cases of the notifications pages and API: each user sees and marks only their own.

In the harness world kasi_surv has notifications (staff2 submitted an SKP to her; kabid_p2p approved hers):
``_mine`` is one of them. Everyone has a list, a count and e-mail choices of their own; another user's
notification is a 404 (nobody, another unit, another instance)."""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

OWN = "everyone's own inbox: no unit scope"


def _mine(w):
    from kinerja.notifications.models import Notification

    return Notification.objects.filter(recipient=w.u_kasi_surv).order_by("pk").first()


def _title(w) -> str:
    return _mine(w).title


def _read_marks():
    from kinerja.notifications.models import Notification

    return list(Notification.objects.order_by("pk").values_list("pk", "read_at"))


EVERYONE = {"ok": ("u_kasi_surv", 200), "no_role": ("u_nobody", 200), "unit": ("u_staff_disdik", 200),
            "other": ("u_staff_b", 200)}
OTHERS_404 = {"no_role": ("u_nobody", 404), "unit": ("u_staff_disdik", 404), "other": ("u_staff_b", 404)}

CASES = [
    case("notifications:list", reverse("notifications:list"), hidden=_title, note=OWN, **EVERYONE),
    case("notifications:count", reverse("notifications:count"), note=OWN, **EVERYONE),
    case("notifications:latest", reverse("notifications:latest"), hidden=_title, note=OWN, **EVERYONE),
    case("notifications:preferences", reverse("notifications:preferences"), note=OWN, **EVERYONE),
    case("notifications:read_all", reverse("notifications:read_all"), "post", ok=("u_kasi_surv", 302),
         no_role=("u_nobody", 302), unit=OWN, other=("u_staff_b", 302), refused=(401, 403, 404),
         note="marks the caller's own notifications only"),
    case("notifications:open", lambda w: reverse("notifications:open", args=[_mine(w).pk]),
         ok=("u_kasi_surv", 302), state=_read_marks, **OTHERS_404),
    case("notifications:read", lambda w: reverse("notifications:read", args=[_mine(w).pk]), "post",
         ok=("u_kasi_surv", 302), state=_read_marks, **OTHERS_404),

    # API
    case(api("get", "/notifications"), "/api/v1/notifications", hidden=_title, note=OWN, **EVERYONE),
    case(api("get", "/notifications/unread-count"), "/api/v1/notifications/unread-count", note=OWN, **EVERYONE),
    case(api("post", "/notifications/read-all"), "/api/v1/notifications/read-all", "post", note=OWN, **EVERYONE),
    case(api("post", "/notifications/{notification_id}/read"),
         lambda w: f"/api/v1/notifications/{_mine(w).pk}/read", "post", ok=("u_kasi_surv", 200),
         state=_read_marks, **OTHERS_404),
    case(api("get", "/notifications/preferences"), "/api/v1/notifications/preferences", note=OWN, **EVERYONE),
    case(api("put", "/notifications/preferences"), "/api/v1/notifications/preferences", "put",
         {"email": ["skp_submitted"]}, note=OWN, **EVERYONE),
]
