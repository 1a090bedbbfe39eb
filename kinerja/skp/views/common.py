"""What the SKP pages share: the lookups that make an SKP outside the user's scope a 404 (and one they may
not change a 403), the user's periods, what the user may do with an SKP, messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts import permissions as account_permissions
from kinerja.core.errors import error_dict

from .. import permissions, services
from ..models import Iki, Period, Rhk, Skp, SkpStatus


def visible_skps(user):
    return permissions.restrict_skps(Skp.objects.all(), user, permissions.VIEW)


def _skp_or_404(request, pk: int) -> Skp:
    return get_object_or_404(
        visible_skps(request.user).select_related("period", "employee", "employee__unit", "position",
                                                  "position__superior", "unit"), pk=pk)


def _changeable_or_403(request, pk: int) -> Skp:
    skp = _skp_or_404(request, pk)
    if not permissions.can_change(request.user, skp):
        raise PermissionDenied(_("You may not change this SKP."))
    return skp


def _rhk_or_404(skp: Skp, rhk_pk: int) -> Rhk:
    rhk = get_object_or_404(Rhk.objects.select_related("parent"), pk=rhk_pk, skp_id=skp.pk)
    rhk.skp = skp
    return rhk


def _iki_or_404(skp: Skp, iki_pk: int) -> Iki:
    iki = get_object_or_404(Iki.objects.select_related("rhk"), pk=iki_pk, rhk__skp_id=skp.pk)
    iki.rhk.skp = skp
    return iki


def _posted(request):
    return request.POST if request.method == "POST" else None


def _is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False)) and not request.htmx.history_restore_request


def _instance_id(user) -> int | None:
    return permissions.working_instance_id(user)


def user_periods(user):
    """The SKP periods of the user's instance, newest first."""
    return permissions.user_periods(user).order_by("-start_date")


def pick_period(periods: list[Period], wanted) -> Period | None:
    """The period asked for (``?period=``), else the one running today, else the newest."""
    if wanted and str(wanted).isdigit():
        for period in periods:
            if period.pk == int(wanted):
                return period
    today = timezone.localdate()
    for period in periods:
        if period.start_date <= today <= period.end_date:
            return period
    return periods[0] if periods else None


def _abilities(user, skp: Skp) -> dict:
    open_period = not skp.period.is_closed
    own = permissions.is_own(user, skp)
    change = permissions.can_change(user, skp)
    evaluate = skp.status == SkpStatus.SUBMITTED and open_period and permissions.can_evaluate(user, skp)
    evaluator_now = permissions.is_current_evaluator(user, skp)
    return {
        "is_own": own,
        "can_edit": change and skp.is_editable and open_period,
        "can_submit": change and skp.is_editable and open_period,
        "can_withdraw": change and skp.status == SkpStatus.SUBMITTED and open_period,
        "can_evaluate": evaluate,
        "can_revise": skp.status == SkpStatus.APPROVED and open_period and (change or evaluator_now),
        "can_set_expectations": open_period and skp.status in services.EXPECTATION_STATUSES
        and permissions.can_set_expectations(user, skp),
        "can_acknowledge": change,
    }


def _menu_for_skp(user, skp: Skp) -> str:
    if permissions.is_own(user, skp):
        return "skp_mine"
    if permissions.is_current_evaluator(user, skp) or account_permissions.is_evaluator(user):
        return "skp_team"
    return "skp_monitoring"


def _flash_errors(request, exc: ValidationError) -> None:
    for errors in error_dict(exc).values():
        for message in errors:
            messages.error(request, message)


def _flash_form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
