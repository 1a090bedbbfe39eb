"""What the results services share: the reason check, the appeal window, the user of an employee."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.errors import field_error

from ..models import EvaluationSettings

DEFAULT_APPEAL_DAYS = EvaluationSettings._meta.get_field("appeal_days").default


def clean_reason(reason, field: str = "reason", message: str | None = None) -> str:
    text = (reason or "").strip()
    if not text:
        raise field_error(field, message or _("Give the reason: it is recorded with the change."), "required")
    return text


def appeal_days(instance_id: int) -> int:
    days = EvaluationSettings.objects.filter(instance_id=instance_id).values_list("appeal_days", flat=True).first()
    return days or DEFAULT_APPEAL_DAYS


def appeal_deadline(evaluation) -> dt.date | None:
    """The last day an appeal may be filed: ``appeal_days`` after the day the predikat became final (the lock)."""
    if evaluation.locked_at is None:
        return None
    return timezone.localdate(evaluation.locked_at) + dt.timedelta(days=appeal_days(evaluation.instance_id))


def user_ids_of(employee_ids) -> list[int]:
    from kinerja.accounts.models import User

    ids = [i for i in employee_ids if i is not None]
    if not ids:
        return []
    return list(User.objects.filter(employee_id__in=ids, is_active=True).values_list("pk", flat=True))


def actor_user(actor):
    return actor if getattr(actor, "pk", None) is not None else None
