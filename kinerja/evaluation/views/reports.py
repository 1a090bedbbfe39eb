"""The results reports: distribution per unit and across the instance, trends across periods, lists by predikat,
who has not been evaluated yet, the Excel recap and the leadership view."""

from __future__ import annotations

import io
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kinerja.rules.evaluation.ratings import PREDIKAT_6_2022, PREDIKAT_LABELS

from .. import permissions, reports, results
from ..models import Predikat
from .calibration import _period

PAGE = 50


def _reader(request):
    if not permissions.can_read_results(request.user):
        raise Http404


def _read_period(request):
    """The period a results reader asked for (404: no reader, or no such period)."""
    _reader(request)
    period = _period(request)
    if period is None:
        raise Http404
    return period


def _list_page(request, template: str, page_of, context: dict):
    """A keyset-paged list of the results in the reader's units: ``page_of(units_q, cursor)``; a bad cursor: 400."""
    try:
        page = page_of(permissions.result_units_q(request.user, "unit__path"), request.GET.get("cursor"))
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400)
    return render(request, template, {**context, "page": page, "active_menu": "evaluation_results"})


def _totals(dists) -> dict:
    total: dict[str, int] = {}
    for d in dists:
        for code, n in d.counts.items():
            total[code] = total.get(code, 0) + n
    return total


@login_required
def index(request):
    _reader(request)
    period = _period(request)
    units_q = permissions.result_units_q(request.user)
    dists = sorted(results.distributions(period, units_q=units_q), key=lambda d: d.unit.path) if period else []
    totals = _totals(dists)
    everyone = sum(totals.values())
    trend = results.trends(period.instance_id, units_q=permissions.result_units_q(request.user, "unit__path")) \
        if period else []
    codes = [p.value for p in PREDIKAT_6_2022]
    chart = json.dumps({"labels": [t["period"] for t in trend],
                        "series": [{"label": PREDIKAT_LABELS[p], "data": [t["counts"].get(p.value, 0) for t in trend]}
                                   for p in PREDIKAT_6_2022]})
    curve_total = sum(totals.get(code, 0) for code in codes)
    trend_rows = [{"period": t["period"], "total": t["total"],
                   "counts": [*(t["counts"].get(code, 0) for code in codes),
                              t["total"] - sum(t["counts"].get(code, 0) for code in codes)]} for t in trend]
    return render(request, "evaluation/reports_index.html", {
        "period": period, "periods": permissions_periods(request), "dists": dists, "codes": codes,
        "labels": [PREDIKAT_LABELS[p] for p in PREDIKAT_6_2022],
        "totals": [(PREDIKAT_LABELS[p], totals.get(p.value, 0), p.value) for p in PREDIKAT_6_2022],
        "everyone": everyone, "without": everyone - curve_total, "trend": trend, "trend_rows": trend_rows,
        "chart": chart,
        "can_lead": permissions.can_see_leadership(request.user), "active_menu": "evaluation_results"})


def permissions_periods(request):
    from kinerja.skp import permissions as skp_permissions

    return skp_permissions.user_periods(request.user).order_by("-start_date")


@login_required
def by_predikat(request):
    period = _read_period(request)
    predikat = request.GET.get("predikat", Predikat.BUTUH_PERBAIKAN)
    if predikat not in Predikat.values:
        raise Http404
    return _list_page(request, "evaluation/reports_list.html", lambda units_q, cursor: reports.by_predikat_page(
        period, predikat, units_q, PAGE, cursor), {"period": period, "predikat": predikat,
                                                   "predikat_label": Predikat(predikat).label,
                                                   "choices": Predikat.choices})


@login_required
def pending(request):
    period = _read_period(request)
    return _list_page(request, "evaluation/reports_pending.html", lambda units_q, cursor: reports.not_evaluated_page(
        period, units_q, PAGE, cursor), {"period": period})


@login_required
def recap_xlsx(request):
    period = _read_period(request)
    stream = io.BytesIO()
    title = _("Evaluation recap %(period)s") % {"period": period.name}
    reports.write_recap(stream, period, permissions.result_units_q(request.user), title)
    response = HttpResponse(stream.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = slugify(f"rekap-penilaian-{period.name}")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def leadership(request):
    if not permissions.can_see_leadership(request.user):
        raise Http404
    period = _period(request)
    data = reports.leadership(period, permissions.result_units_q(request.user)) if period else {"units": [],
                                                                                                "indicators": []}
    return render(request, "evaluation/reports_leadership.html", {
        "period": period, "periods": permissions_periods(request), **data, "active_menu": "leadership"})
