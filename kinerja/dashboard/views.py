"""The organisation dashboard pages (thin: board.py reads, permissions.py filters)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from kinerja.dashboard import board as reads
from kinerja.dashboard import permissions


def _check(request) -> None:
    if not permissions.can_view_dashboard(request.user):
        raise Http404


@login_required
def index(request):
    _check(request)
    period, periods = reads.pick_period(request.user, request.GET.get("period"))
    context = {"period": period, "periods": periods, "active_menu": "dashboard"}
    if period is not None:
        context["board"] = reads.board(request.user, period)
    return render(request, "dashboard/index.html", context)


@login_required
def board(request):
    """The board alone: htmx swaps it in every minute, so it follows the reports as they are accepted."""
    _check(request)
    period, _periods = reads.pick_period(request.user, request.GET.get("period"))
    if period is None:
        raise Http404
    return render(request, "dashboard/_board.html", {"period": period, "board": reads.board(request.user, period)})


@login_required
def indicator(request, pk: int):
    _check(request)
    return render(request, "dashboard/indicator.html",
                  {**reads.indicator_detail(request.user, pk), "active_menu": "dashboard"})


@login_required
def rhk(request, pk: int):
    _check(request)
    return render(request, "dashboard/rhk.html", {**reads.rhk_detail(request.user, pk), "active_menu": "dashboard"})
