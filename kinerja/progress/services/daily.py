"""The daily work log (progres harian), and drafting a month's report from it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import formats
from django.utils.translation import gettext as _

from kinerja.audit.services import record, snapshot
from kinerja.core.actors import require_actor
from kinerja.core.errors import field_error
from kinerja.skp.models import Iki

from ..models import DailyLog, Report
from .common import (
    as_date,
    check_reportable,
    check_reporter,
    clean_number,
    clean_text,
    load_iki,
    load_rhk,
    reporting_period,
    today,
)
from .reports import save_report

NOTES_LIMIT = Report.TEXT_LIMITS["notes"]


def _check_day(skp, day) -> None:
    if not (skp.period.start_date <= day <= skp.period.end_date):
        raise field_error("date", _("The date lies outside the SKP period."), "outside_period")
    if day > today():
        raise field_error("date", _("The daily log records days that have passed, not future ones."), "future")


def _iki_of(rhk, iki) -> Iki | None:
    if iki in (None, ""):
        return None
    pk = iki.pk if isinstance(iki, Iki) else iki
    found = Iki.objects.filter(pk=pk, rhk=rhk).first()
    if found is None:
        raise field_error("iki", _("The indicator does not belong to this RHK."), "does_not_exist")
    return found


def log_day(*, actor, rhk, date, text, quantity=None, iki=None) -> DailyLog:
    """Record what was done on ``date`` towards ``rhk`` (and, with a quantity, towards ``iki``)."""
    require_actor(actor)
    rhk = load_rhk(rhk)
    skp = rhk.skp
    check_reporter(actor, skp)
    check_reportable(skp)
    day = as_date(date, "date")
    _check_day(skp, day)
    data = {"text": clean_text(text, "text", DailyLog.TEXT_LIMITS["text"], required=True, label=_("What was done")),
            "quantity": clean_number(quantity, "quantity"), "iki": _iki_of(rhk, iki)}
    with transaction.atomic():
        entry = DailyLog.objects.create(instance_id=skp.instance_id, skp=skp, rhk=rhk, employee_id=skp.employee_id,
                                        date=day, **data)
        record("progress.dailylog.create", entry, actor=actor, after=snapshot(entry))
    return entry


_UNSET = object()


def update_entry(*, actor, entry: DailyLog, text=_UNSET, quantity=_UNSET, date=_UNSET, iki=_UNSET) -> DailyLog:
    require_actor(actor)
    entry = DailyLog.objects.select_related("rhk__skp__period", "rhk__skp__employee").get(pk=entry.pk)
    skp = entry.rhk.skp
    check_reporter(actor, skp)
    check_reportable(skp)
    changes = {}
    if text is not _UNSET:
        changes["text"] = clean_text(text, "text", DailyLog.TEXT_LIMITS["text"], required=True,
                                     label=_("What was done"))
    if quantity is not _UNSET:
        changes["quantity"] = clean_number(quantity, "quantity")
    if date is not _UNSET:
        changes["date"] = as_date(date, "date")
        _check_day(skp, changes["date"])
    if iki is not _UNSET:
        changes["iki"] = _iki_of(entry.rhk, iki)
    with transaction.atomic():
        before = snapshot(entry)
        for key, value in changes.items():
            setattr(entry, key, value)
        after = snapshot(entry)
        if after == before:
            return entry
        entry.save()
        record("progress.dailylog.update", entry, actor=actor, before=before, after=after)
    return entry


def delete_entry(*, actor, entry: DailyLog) -> None:
    require_actor(actor)
    entry = DailyLog.objects.select_related("rhk__skp__period", "rhk__skp__employee").get(pk=entry.pk)
    check_reporter(actor, entry.rhk.skp)
    check_reportable(entry.rhk.skp)
    with transaction.atomic():
        record("progress.dailylog.delete", entry, actor=actor, before=snapshot(entry), after=None)
        DailyLog.objects.filter(pk=entry.pk).delete()


def draft_from_log(*, actor, iki, period_start) -> Report:
    """Draft the report of ``iki`` for the reporting period from the log: the quantities logged for the IKI
    summed into the value, each day's text (of the IKI's RHK) a line of the notes. A report already
    submitted or accepted is not touched (an error says so)."""
    require_actor(actor)
    iki = load_iki(iki)
    skp = iki.rhk.skp
    check_reporter(actor, skp)
    check_reportable(skp)
    start, end = reporting_period(skp, period_start)
    entries = DailyLog.objects.filter(rhk_id=iki.rhk_id, date__range=(start, end)).order_by("date", "pk")
    lines = [f"{formats.date_format(e.date, 'SHORT_DATE_FORMAT')}: {e.text}" for e in entries
             if e.iki_id in (None, iki.pk)]
    if not lines:
        raise field_error("period_start", _("Nothing was logged for this indicator in this period."), "empty_log")
    total = (DailyLog.objects.filter(iki=iki, date__range=(start, end)).aggregate(total=Sum("quantity"))["total"])
    notes = "\n".join(lines)
    if len(notes) > NOTES_LIMIT:
        notes = notes[: NOTES_LIMIT - 1] + "…"
    existing = Report.objects.filter(iki=iki, period_start=start).values_list("lock_version", flat=True).first()
    return save_report(actor=actor, iki=iki, period_start=start,
                       value=Decimal(total) if total is not None else None, value_text="", notes=notes,
                       lock_version=existing)
