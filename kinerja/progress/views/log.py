"""Progres harian: the daily work log — a quick entry for today (RHK, what was done, a quantity), the week's
entries with edit and delete, and "draft this month's report from the log" per indicator."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.errors import error_dict
from kinerja.core.forms import run_service
from kinerja.skp.models import Iki, Rhk

from ..forms import DailyLogForm
from ..models import DailyLog, Report
from ..services import daily as daily_services
from .common import (
    current_skp,
    empty_context,
    iki_and_period_or_404,
    own_employee_id,
    period_from,
    period_label,
    reporting_for,
    today,
)


def _choices(skp):
    rhks = list(Rhk.objects.filter(skp=skp).order_by("group", "order", "pk").values_list("pk", "text"))
    ikis = list(Iki.objects.filter(rhk__skp=skp).order_by("rhk__group", "rhk__order", "rhk_id", "order", "pk")
                .values_list("pk", "text", "rhk_id"))
    return ([(pk, text if len(text) <= 90 else f"{text[:88]}…") for pk, text in rhks],
            [(pk, text if len(text) <= 90 else f"{text[:88]}…") for pk, text, _rhk in ikis], ikis)


def _week(request, day):
    wanted = period_from(request.GET.get("week")) or day
    monday = wanted - timedelta(days=wanted.weekday())
    return monday, monday + timedelta(days=6)


def _form_call(request, skp, entry=None):
    def call(data):
        rhk = Rhk.objects.get(pk=data["rhk"], skp=skp)
        iki = Iki.objects.filter(pk=data.get("iki"), rhk=rhk).first() if data.get("iki") else None
        if data.get("iki") and iki is None:
            raise ValidationError({"iki": [_("Choose an indicator of the chosen RHK.")]})
        kwargs = {"actor": request.user, "rhk": rhk, "date": data["date"], "text": data["text"],
                  "quantity": data.get("quantity"), "iki": iki}
        if entry is None:
            return daily_services.log_day(**kwargs)
        del kwargs["rhk"]  # an entry stays with its RHK (log it again under another one)
        return daily_services.update_entry(entry=entry, **kwargs)
    return call


@login_required
def log(request):
    employee_id = own_employee_id(request)
    day = today()
    skp = current_skp(employee_id, day)
    if skp is None:
        if request.method == "POST":
            raise Http404(_("You have no approved SKP to log against."))
        return render(request, "progress/mine_empty.html", empty_context(employee_id, day, "progress_log"))
    rhks, ikis, iki_rows = _choices(skp)
    # the RHK logged last is the likely one today (the only one, when the SKP has one)
    last = (DailyLog.objects.filter(skp=skp).order_by("-date", "-pk").values_list("rhk_id", "iki_id").first()
            or ((rhks[0][0], None) if len(rhks) == 1 else (None, None)))
    form = DailyLogForm(request.POST or None, rhks=rhks, ikis=ikis,
                        initial={"date": day, "rhk": last[0], "iki": last[1]})
    outcome = run_service(request, form, _form_call(request, skp))
    if outcome.ok:
        messages.success(request, _("Logged. Keep going!"))
        return redirect(f"{reverse('progress:log')}?week={outcome.result.date.isoformat()}")
    monday, sunday = _week(request, day)
    entries = list(DailyLog.objects.filter(employee_id=employee_id, date__range=(monday, sunday))
                   .select_related("rhk", "iki").order_by("-date", "-pk"))
    days = []
    for offset in range(7):
        date_ = sunday - timedelta(days=offset)
        days.append({"date": date_, "entries": [e for e in entries if e.date == date_], "is_today": date_ == day})

    # this month's (this period's) log per IKI, with the button that drafts the report from it: an entry counts
    # for the IKI it names, or for every IKI of its RHK when it names none (services/daily.draft_from_log)
    reporting = reporting_for(skp, day)
    period = reporting.current
    drafts = []
    if period is not None:
        logged = list(DailyLog.objects.filter(skp=skp, date__range=period).values_list("rhk_id", "iki_id", "quantity"))
        statuses = dict(Report.objects.filter(skp=skp, period_start=period[0]).values_list("iki", "status"))
        for pk, text, rhk_id in iki_rows:
            mine = [(iki_id, quantity) for rhk, iki_id, quantity in logged if rhk == rhk_id and iki_id in (None, pk)]
            if mine:
                total = sum((q for iki_id, q in mine if iki_id == pk and q is not None), Decimal(0))
                drafts.append({"pk": pk, "text": text, "entries": len(mine), "total": total,
                               "status": statuses.get(pk, ""),
                               "open": statuses.get(pk, "") in ("", "draft", "returned")})
    return render(request, "progress/log.html", {
        "skp": skp, "form": form, "days": days, "monday": monday, "sunday": sunday, "today": day,
        "previous_week": (monday - timedelta(days=7)).isoformat(),
        "next_week": (monday + timedelta(days=7)).isoformat() if sunday < day else "",
        "week_count": len(entries), "period": period, "period_label": period_label(period),
        "period_key": period[0].isoformat() if period else "",
        "drafts": drafts, "active_menu": "progress_log",
    })


def _own_entry_or_404(request, pk: int) -> DailyLog:
    employee_id = own_employee_id(request)
    return get_object_or_404(DailyLog.objects.select_related("skp", "rhk"), pk=pk, employee_id=employee_id)


@login_required
def log_edit(request, pk: int):
    entry = _own_entry_or_404(request, pk)
    rhks, ikis, _rows = _choices(entry.skp)
    form = DailyLogForm(request.POST or None, rhks=rhks, ikis=ikis,
                        initial={"date": entry.date, "rhk": entry.rhk_id, "iki": entry.iki_id, "text": entry.text,
                                 "quantity": entry.quantity})
    form.fields["rhk"].disabled = True
    outcome = run_service(request, form, _form_call(request, entry.skp, entry))
    if outcome.ok:
        messages.success(request, _("Log entry saved."))
        return redirect(f"{reverse('progress:log')}?week={outcome.result.date.isoformat()}")
    return render(request, "progress/log_edit.html", {"form": form, "entry": entry, "active_menu": "progress_log"})


@login_required
@require_POST
def log_delete(request, pk: int):
    entry = _own_entry_or_404(request, pk)
    week = entry.date.isoformat()
    try:
        daily_services.delete_entry(actor=request.user, entry=entry)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(m for v in error_dict(exc).values() for m in v)
                       if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("Log entry deleted."))
    return redirect(f"{reverse('progress:log')}?week={week}")


@login_required
@require_POST
def draft_from_log(request, iki_pk: int, period: str):
    iki, _skp, _reporting, period_ = iki_and_period_or_404(request, iki_pk, period)
    try:
        daily_services.draft_from_log(actor=request.user, iki=iki, period_start=period_[0])
    except ValidationError as exc:
        messages.error(request, " ".join(m for v in error_dict(exc).values() for m in v))
        return redirect("progress:log")
    messages.success(request, _("The draft is filled in from your log. Check it, add evidence and submit."))
    return redirect("progress:report", iki_pk=iki.pk, period=period_[0].isoformat())
