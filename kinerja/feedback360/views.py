"""360 pages: "my 360 tasks" (the questionnaires a rater answers, phone friendly), the questionnaire, "my
360 results" (the employee's own released aggregate), and the HR admin's rounds (create, propose raters,
add/remove a rater, open, close, status).

Lookups go through :mod:`kinerja.feedback360.permissions` (out of scope: 404); writes through services.py.
No page shows an individual response, and no page shown to a ratee or their superior names a rater.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.errors import error_dict
from kinerja.core.forms import apply_service_errors
from kinerja.core.keyset import InvalidCursor, paginate
from kinerja.organization.models import Unit
from kinerja.people.models import Employee
from kinerja.skp.models import Period

from . import permissions, results, services
from .forms import AnswerForm, RaterForm, RoundForm, run_service
from .models import Assignment, Round, RoundStatus


def _errors(exc: ValidationError) -> str:
    return " ".join(m for ms in error_dict(exc).values() for m in ms)


def _page(request, qs, ordering):
    size = settings.KINERJA["PAGE_SIZE"]
    try:
        return paginate(qs, ordering, size, request.GET.get("cursor"))
    except InvalidCursor:
        return paginate(qs, ordering, size)


def _page_url(request, cursor):
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return f"?{params.urlencode()}"


# --- raters ------------------------------------------------------------------------------------------------


@login_required
def tasks(request):
    """My 360 tasks: the questionnaires still to answer (open rounds first), then those answered."""
    today = timezone.localdate()
    mine = permissions.my_tasks(request.user).select_related("round", "ratee", "ratee__position")
    rows = list(mine.filter(round__status=RoundStatus.OPEN)
                .order_by("answered", "round__closes_on", "ratee__name", "pk")[:200])
    todo = [a for a in rows if not a.answered and a.round.accepts_answers(today)]
    later = [a for a in rows if not a.answered and not a.round.accepts_answers(today)]
    done = [a for a in rows if a.answered]
    return render(request, "feedback360/tasks.html", {
        "active_menu": "feedback360", "todo": todo, "later": later, "done": done, "today": today,
    })


def _task(request, pk: int) -> Assignment:
    qs = permissions.my_tasks(request.user).select_related("round", "round__period", "ratee", "ratee__position")
    return get_object_or_404(qs, pk=pk)


@login_required
def answer(request, pk: int):
    assignment = _task(request, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer(actor=request.user, assignment=assignment, scores=form.scores(),
                            comment=form.cleaned_data.get("comment", ""))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your answer was recorded anonymously."))
            return redirect("feedback360:tasks")
    return render(request, "feedback360/answer.html", {
        "active_menu": "feedback360", "a": assignment, "form": form,
        "open": assignment.round.accepts_answers() and not assignment.answered,
    }, status=400 if request.method == "POST" else 200)


@login_required
def my_results(request):
    """The employee's own 360 results: aggregates only, once released."""
    employee_id = getattr(request.user, "employee_id", None)
    rows = []
    for round_, summary in (results.my_summaries(employee_id) if employee_id else []):
        rows.append({"round": round_, **results.shown(summary)})
    return render(request, "feedback360/results.html", {"active_menu": "feedback360", "rows": rows})


# --- the HR admin ----------------------------------------------------------------------------------------------


def _require_admin(request):
    if not permissions.administers(request.user):
        raise PermissionDenied(_("Only HR administrators manage 360 rounds."))


def _round(request, pk: int) -> Round:
    qs = permissions.restrict_rounds(Round.objects.select_related("period", "unit"), request.user)
    return get_object_or_404(qs, pk=pk)


def _round_form(request, data=None):
    instance_id = request.user.instance_id
    units = permissions.restrict_round_units(
        Unit.objects.filter(instance_id=instance_id, is_active=True).order_by("path"), request.user)
    periods = Period.objects.filter(instance_id=instance_id, is_closed=False).order_by("-year", "-start_date")
    return RoundForm(data, periods=periods, units=units)


@login_required
def rounds(request):
    _require_admin(request)
    qs = (permissions.restrict_rounds(Round.objects.select_related("period", "unit"), request.user)
          .annotate(invited=Count("assignments"), answered=Count("assignments", filter=Q(assignments__answered=True)),
                    ratees=Count("assignments__ratee", distinct=True)))
    page = _page(request, qs, ["-opens_on", "-id"])
    return render(request, "feedback360/rounds.html", {
        "active_menu": "feedback360_rounds", "page": page,
        "next_url": _page_url(request, page.next_cursor), "prev_url": _page_url(request, page.prev_cursor),
    })


@login_required
def round_add(request):
    _require_admin(request)
    form = _round_form(request, request.POST or None)
    outcome = run_service(request, form, lambda d: services.create_round(actor=request.user, **d))
    if outcome.ok:
        messages.success(request, _("The 360 round was created. Propose the raters next."))
        return redirect("feedback360:round", outcome.result.pk)
    return render(request, "feedback360/round_form.html", {"active_menu": "feedback360_rounds", "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def round_detail(request, pk: int):
    round_ = _round(request, pk)
    assignments = permissions.restrict_assignments(Assignment.objects.filter(round=round_), request.user)
    q = (request.GET.get("q") or "").strip()
    listed = assignments
    if q:
        listed = listed.filter(Q(ratee__nip=q) | Q(ratee__name__icontains=q) | Q(rater__nip=q)
                               | Q(rater__name__icontains=q))
    page = _page(request, listed.select_related("ratee", "rater"), ["ratee_id", "id"])
    totals = assignments.aggregate(invited=Count("pk"), done=Count("pk", filter=Q(answered=True)),
                                   ratees=Count("ratee", distinct=True))
    return render(request, "feedback360/round.html", {
        "active_menu": "feedback360_rounds", "round": round_, "page": page, "totals": totals, "q": q,
        "rater_form": RaterForm(), "next_url": _page_url(request, page.next_cursor),
        "prev_url": _page_url(request, page.prev_cursor),
    })


def _act(request, pk, call, done: str):
    round_ = _round(request, pk)
    try:
        call(round_)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return redirect("feedback360:round", round_.pk)


@login_required
@require_POST
def round_propose(request, pk: int):
    round_ = _round(request, pk)
    try:
        added = services.propose_raters(actor=request.user, round_=round_)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("%(n)d raters proposed from the organisation tree.") % {"n": added})
    return redirect("feedback360:round", round_.pk)


@login_required
@require_POST
def round_open(request, pk: int):
    return _act(request, pk, lambda r: services.open_round(actor=request.user, round_=r),
                _("The round is open: the raters were notified."))


@login_required
@require_POST
def round_close(request, pk: int):
    return _act(request, pk, lambda r: services.close_round(actor=request.user, round_=r),
                _("The round is closed: results are released where enough colleagues answered."))


def _employee(instance_id, nip: str):
    return Employee.objects.filter(instance_id=instance_id, nip=(nip or "").strip()).first()


@login_required
@require_POST
def rater_add(request, pk: int):
    round_ = _round(request, pk)
    form = RaterForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("feedback360:round", round_.pk)
    ratee = _employee(round_.instance_id, form.cleaned_data["ratee_nip"])
    rater = _employee(round_.instance_id, form.cleaned_data["rater_nip"])
    if ratee is None or rater is None:
        messages.error(request, _("No employee of this instance has that NIP."))
        return redirect("feedback360:round", round_.pk)
    try:
        services.add_rater(actor=request.user, round_=round_, ratee=ratee, rater=rater,
                           relation=form.cleaned_data["relation"])
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Rater added."))
    return redirect("feedback360:round", round_.pk)


@login_required
@require_POST
def rater_remove(request, pk: int):
    qs = permissions.restrict_assignments(Assignment.objects.select_related("round"), request.user)
    assignment = get_object_or_404(qs, pk=pk)
    try:
        services.remove_rater(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Rater removed."))
    return redirect("feedback360:round", assignment.round_id)
