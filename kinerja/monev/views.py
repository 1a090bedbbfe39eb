"""Pages of the tim monev: the team's dashboard, the team (membership), a round with its sessions, a session
with its findings, links and recommendations, a recommendation with its trail, the recommendation list, and
"recommendations for me" for their owners.

Every lookup goes through :mod:`kinerja.monev.permissions` (out of scope: 404); writes go through services.py,
which refuses what the user may read but not do (403) and bad input (the form shows it, nothing written).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.errors import error_dict
from kinerja.core.forms import run_service
from kinerja.core.keyset import InvalidCursor, paginate
from kinerja.rules import monev as rules

from . import permissions, queries, services
from .forms import (
    FindingForm,
    LinkForm,
    MemberForm,
    NoteForm,
    RecommendationForm,
    RoundForm,
    SessionForm,
    StatusForm,
    TrainingNeedForm,
)
from .models import (
    EvidenceLink,
    Finding,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Round,
    RoundStatus,
    Session,
    TeamMember,
    TrainingNeed,
)

CONFLICT_ON_TOP = {"lock_version": "__all__", "owner": "owner_employee"}
MENU = "monev"


def _errors(exc: ValidationError) -> str:
    return " ".join(m for ms in error_dict(exc).values() for m in ms)


def _instance(request):
    from kinerja.organization.instances import instance_for

    return instance_for(request)


def _menu(request) -> str:
    return MENU if permissions.has_team_page(request.user) else "monev_mine"


def _require(allowed: bool, refusal=None) -> None:
    """Refuse (403) what the user may read but not do; by default: only the team's active members write."""
    if not allowed:
        raise PermissionDenied(str(refusal or services.NOT_MEMBER))


def _form_page(request, form, *, title: str, back: str, intro: str = "", submit: str = ""):
    return render(request, "monev/form.html", {"active_menu": _menu(request), "form": form, "title": title,
                                               "back": back, "intro": intro, "submit": submit or _("Save")})


def _form_view(request, form, call, *, saved, to, title: str, back: str = "monev:dashboard", intro: str = ""):
    """The one shape of the team's form pages: on a valid POST the service ``call`` gets the form's values (its
    errors go onto the form, nothing written); once it ran, the message ``saved`` (or ``saved(result)``) and a
    redirect to ``to`` (a URL name, or ``to(result)``); otherwise the form page, with its errors."""
    done = run_service(request, form, call, aliases=CONFLICT_ON_TOP)
    if done.ok:
        messages.success(request, saved(done.result) if callable(saved) else saved)
        return redirect(to(done.result) if callable(to) else to)
    return _form_page(request, form, title=title, back=back, intro=intro)


def _button(request, call, *, saved, back: str, form=None):
    """The one shape of a button on a page (add a finding or a link, delete one, close the round): the service
    ``call`` (with the posted ``form``'s values when there is one), then back to the page ``back`` with the
    message ``saved`` (or ``saved()``), or with what was wrong."""
    if form is not None:
        problem = "" if run_service(request, form, call).ok else " ".join(
            str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            call()
            problem = ""
        except ValidationError as exc:
            problem = _errors(exc)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, saved() if callable(saved) else saved)
    return redirect(back)


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


# --- dashboard and team ------------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    """The team's dashboard: rounds, the recommendations by status and by owner, the overdue ones."""
    today = timezone.localdate()
    recs = permissions.restrict_recommendations(Recommendation.objects.all(), request.user)
    rounds = list(permissions.restrict_rounds(Round.objects.select_related("period"), request.user)
                  .order_by("-start_date", "-pk")[:12])
    return render(request, "monev/dashboard.html", {
        "active_menu": _menu(request), "today": today, "rounds": rounds,
        "counts": queries.status_counts(recs, today), "owners": queries.by_owner(recs, today),
        "overdue": list(queries.recommendations(recs, today, overdue=True)[:20]),
        "can_write": permissions.can_write(request.user), "member": permissions.membership(request.user),
        "can_manage": permissions.can_manage_team(request.user),
    })


@login_required
def team(request):
    members = list(permissions.restrict_members(TeamMember.objects.select_related("employee__unit"), request.user)
                   .order_by("role", "employee__name", "pk"))
    today = timezone.localdate()
    return render(request, "monev/team.html", {
        "active_menu": _menu(request), "current": [m for m in members if m.is_active_on(today)],
        "past": [m for m in members if not m.is_active_on(today)],
        "can_manage": permissions.can_manage_team(request.user),
    })


@login_required
def member_add(request):
    _require(permissions.can_manage_team(request.user), _("Only the BKPSDM administrator manages the tim monev."))
    instance = _instance(request)
    form = MemberForm(request.POST or None, instance_id=instance.pk, initial={"start_date": timezone.localdate()})
    return _form_view(request, form, lambda d: services.add_member(
        actor=request.user, instance=instance, employee=d["employee"], role=d["role"], start_date=d["start_date"],
        end_date=d["end_date"], note=d["note"]),
        saved=lambda member: _("%(name)s joined the tim monev.") % {"name": member.employee.name}, to="monev:team",
        title=_("Add a team member"), back="monev:team",
        intro=_("Members record the team's work. Their login gets the monev role (read access to the whole "
                "instance)."))


@login_required
def member_edit(request, pk: int):
    member = get_object_or_404(permissions.restrict_members(TeamMember.objects.select_related("employee"),
                                                            request.user), pk=pk)
    _require(permissions.can_manage_team(request.user, member.instance_id),
             _("Only the BKPSDM administrator manages the tim monev."))
    form = MemberForm(request.POST or None, instance_id=member.instance_id, initial={
        "employee": member.employee.nip, "role": member.role, "start_date": member.start_date,
        "end_date": member.end_date, "note": member.note, "lock_version": member.lock_version})
    form.fields["employee"].disabled = True
    return _form_view(request, form, lambda d: services.update_member(
        actor=request.user, member=member, role=d["role"], start_date=d["start_date"], end_date=d["end_date"],
        note=d["note"], lock_version=d["lock_version"]), saved=_("The membership was saved."), to="monev:team",
        title=_("Membership of %(name)s") % {"name": member.employee.name}, back="monev:team")


# --- rounds --------------------------------------------------------------------------------------------------------


def _round(request, pk: int) -> Round:
    return get_object_or_404(permissions.restrict_rounds(Round.objects.select_related("period"), request.user),
                             pk=pk)


@login_required
def round_add(request):
    _require(permissions.can_write(request.user))
    instance = _instance(request)
    form = RoundForm(request.POST or None, instance_id=instance.pk)
    return _form_view(request, form, lambda d: services.create_round(
        actor=request.user, instance=instance, period=d["period"], name=d["name"], start_date=d["start_date"],
        end_date=d["end_date"], units=d["units"], description=d["description"]),
        saved=_("The round was created."), to=lambda r: _url("monev:round", r.pk), title=_("New monitoring round"))


@login_required
def round_detail(request, pk: int):
    round_ = _round(request, pk)
    today = timezone.localdate()
    sessions = list(permissions.restrict_sessions(round_.sessions.select_related("employee", "unit", "subject_unit"),
                                                  request.user).order_by("-held_on", "-pk"))
    recs = permissions.restrict_recommendations(Recommendation.objects.filter(round=round_), request.user)
    return render(request, "monev/round.html", {
        "active_menu": _menu(request), "round": round_, "units": list(round_.units.order_by("path")),
        "sessions": sessions, "recs": list(queries.recommendations(recs, today)), "today": today,
        "counts": queries.status_counts(recs, today), "can_write": permissions.can_edit_round(request.user, round_),
        "can_add_session": permissions.can_add_session(request.user, round_),
    })


@login_required
def round_edit(request, pk: int):
    round_ = _round(request, pk)
    _require(permissions.can_edit_round(request.user, round_))
    form = RoundForm(request.POST or None, instance_id=round_.instance_id, initial={
        "period": round_.period_id, "name": round_.name, "start_date": round_.start_date,
        "end_date": round_.end_date, "units": list(round_.units.values_list("pk", flat=True)),
        "description": round_.description, "lock_version": round_.lock_version})
    return _form_view(request, form, lambda d: services.update_round(
        actor=request.user, round_=round_, lock_version=d["lock_version"], period=d["period"], name=d["name"],
        start_date=d["start_date"], end_date=d["end_date"], units=d["units"], description=d["description"]),
        saved=_("The round was saved."), to=_url("monev:round", round_.pk), title=_("Edit the round"))


@login_required
@require_POST
def round_status(request, pk: int):
    round_ = _round(request, pk)
    return _button(request, lambda: services.set_round_status(
        actor=request.user, round_=round_, status=request.POST.get("status", ""),
        lock_version=request.POST.get("lock_version")),
        saved=lambda: _("The round is closed.") if round_.status == RoundStatus.CLOSED
        else _("The round is open again."),
        back=_url("monev:round", round_.pk))


# --- sessions --------------------------------------------------------------------------------------------------


def _session(request, pk: int) -> Session:
    qs = Session.objects.select_related("round__period", "employee", "unit", "subject_unit")
    return get_object_or_404(permissions.restrict_sessions(qs, request.user), pk=pk)


def _session_call(request, round_, session=None):
    def call(d):
        data = {"kind": d["kind"], "employee": d["employee"], "unit": d["unit"], "held_on": d["held_on"],
                "participants": d["participants"], "other_participants": d["other_participants"],
                "notes": d["notes"]}
        if session is None:
            return services.create_session(actor=request.user, round_=round_, **data)
        return services.update_session(actor=request.user, session=session, lock_version=d["lock_version"], **data)
    return call


@login_required
def session_add(request, pk: int):
    round_ = _round(request, pk)
    _require(permissions.can_write(request.user, round_.instance_id))
    form = SessionForm(request.POST or None, instance_id=round_.instance_id,
                       initial={"held_on": min(max(timezone.localdate(), round_.start_date), round_.end_date)})
    return _form_view(request, form, _session_call(request, round_), saved=_("The session was recorded."),
                      to=lambda s: _url("monev:session", s.pk),
                      title=_("New session in %(round)s") % {"round": round_.name})


@login_required
def session_detail(request, pk: int):
    session = _session(request, pk)
    today = timezone.localdate()
    findings = list(session.findings.order_by("pk"))
    links = list(session.links.order_by("pk"))
    by_finding = {}
    for link in links:
        by_finding.setdefault(link.finding_id, []).append(link)
    recs = permissions.restrict_recommendations(Recommendation.objects.filter(session=session), request.user)
    can_write = permissions.can_edit_session(request.user, session)
    return render(request, "monev/session.html", {
        "active_menu": _menu(request), "session": session, "round": session.round, "today": today,
        "participants": list(session.participants.order_by("name")),
        "findings": [(f, by_finding.get(f.pk, [])) for f in findings], "links": by_finding.get(None, []),
        "recs": list(queries.recommendations(recs, today)), "can_write": can_write,
        "finding_form": FindingForm() if can_write else None, "link_form": LinkForm() if can_write else None,
    })


@login_required
def session_edit(request, pk: int):
    session = _session(request, pk)
    _require(permissions.can_edit_session(request.user, session))
    form = SessionForm(request.POST or None, instance_id=session.instance_id, initial={
        "kind": session.kind, "employee": session.employee.nip if session.employee_id else "",
        "unit": session.unit_id, "held_on": session.held_on, "participants": list(session.participants.all()),
        "other_participants": session.other_participants, "notes": session.notes,
        "lock_version": session.lock_version})
    return _form_view(request, form, _session_call(request, session.round, session), saved=_("The session was saved."),
                      to=_url("monev:session", session.pk), title=_("Edit the session"))


@login_required
@require_POST
def finding_add(request, pk: int):
    session = _session(request, pk)
    return _button(request, lambda d: services.add_finding(
        actor=request.user, session=session, text=d["text"], category=d["category"], severity=d["severity"],
        links=[d["link"]]), form=FindingForm(request.POST), saved=_("The finding was added."),
        back=_url("monev:session", session.pk))


@login_required
@require_POST
def finding_delete(request, pk: int):
    finding = get_object_or_404(permissions.restrict_findings(Finding.objects.all(), request.user), pk=pk)
    return _button(request, lambda: services.delete_finding(actor=request.user, finding=finding),
                   saved=_("The finding was deleted."), back=_url("monev:session", finding.session_id))


@login_required
@require_POST
def link_add(request, pk: int):
    session = _session(request, pk)
    return _button(request, lambda d: services.add_link(actor=request.user, session=session, url=d["url"],
                                                        caption=d["caption"]),
                   form=LinkForm(request.POST), saved=_("The link was added."), back=_url("monev:session", session.pk))


@login_required
@require_POST
def link_delete(request, pk: int):
    link = get_object_or_404(EvidenceLink.objects.filter(permissions.session_q(request.user, "session")), pk=pk)
    return _button(request, lambda: services.delete_link(actor=request.user, link=link),
                   saved=_("The link was removed."), back=_url("monev:session", link.session_id))


# --- recommendations ---------------------------------------------------------------------------------------------


def _rec(request, pk: int) -> Recommendation:
    qs = Recommendation.objects.select_related("round", "session__employee", "session__unit", "finding",
                                               "owner_employee", "owner_unit")
    return get_object_or_404(permissions.restrict_recommendations(qs, request.user), pk=pk)


def _rec_call(request, session, rec=None):
    def call(d):
        data = {"text": d["text"], "category": d["category"], "owner_employee": d["owner_employee"],
                "owner_unit": d["owner_unit"], "due_on": d["due_on"]}
        if rec is None:
            finding = session.findings.filter(pk=d["finding"]).first() if d["finding"] else None
            return services.create_recommendation(actor=request.user, session=session, finding=finding, **data)
        return services.update_recommendation(actor=request.user, rec=rec, lock_version=d["lock_version"], **data)
    return call


@login_required
def recommendation_add(request, pk: int):
    session = _session(request, pk)
    _require(permissions.can_edit_session(request.user, session))
    findings = list(session.findings.order_by("pk"))
    initial = {"finding": request.GET.get("finding") or None}
    form = RecommendationForm(request.POST or None, instance_id=session.instance_id, findings=findings,
                              initial=initial)
    return _form_view(request, form, _rec_call(request, session),
                      saved=_("The recommendation was made; its owner has been told."),
                      to=lambda r: _url("monev:recommendation", r.pk), title=_("New recommendation"),
                      intro=_("Name one owner: an employee, or a unit (its head answers for it)."))


@login_required
def recommendation_edit(request, pk: int):
    rec = _rec(request, pk)
    _require(permissions.can_edit_recommendation(request.user, rec))
    form = RecommendationForm(request.POST or None, instance_id=rec.instance_id, initial={
        "text": rec.text, "category": rec.category, "finding": rec.finding_id,
        "owner_employee": rec.owner_employee.nip if rec.owner_employee_id else "", "owner_unit": rec.owner_unit_id,
        "due_on": rec.due_on, "lock_version": rec.lock_version})
    del form.fields["finding"]
    return _form_view(request, form, _rec_call(request, rec.session, rec), saved=_("The recommendation was saved."),
                      to=_url("monev:recommendation", rec.pk), title=_("Edit the recommendation"))


def _status_choices(request, rec):
    team = permissions.can_edit_recommendation(request.user, rec)
    if not (team or permissions.is_owner(request.user, rec)):
        return []
    labels = dict(RecommendationStatus.choices)
    return [(s, labels[s]) for s in rules.next_steps(rec.status, team=team)]


@login_required
def recommendation_detail(request, pk: int, status_form=None, note_form=None):
    rec = _rec(request, pk)
    today = timezone.localdate()
    trail = list(RecommendationUpdate.objects.filter(recommendation=rec).select_related("author_employee", "author")
                 .order_by("created_at", "pk"))
    needs = list(TrainingNeed.objects.filter(recommendation=rec).select_related("target_unit")
                 .prefetch_related("target_employees").order_by("pk"))
    choices = _status_choices(request, rec)
    can_note = permissions.can_update_progress(request.user, rec)
    if choices and status_form is None:
        status_form = StatusForm(initial={"lock_version": rec.lock_version, "status": choices[0][0]})
    if status_form is not None:
        status_form.fields["status"].choices = choices
    if can_note and note_form is None:
        note_form = NoteForm(initial={"lock_version": rec.lock_version})
    return render(request, "monev/recommendation.html", {
        "active_menu": _menu(request), "rec": rec, "today": today, "trail": trail, "needs": needs,
        "overdue": rec.is_overdue(today), "days_late": rec.days_late(today),
        "status_form": status_form if choices else None, "note_form": note_form if can_note else None,
        "can_edit": permissions.can_edit_recommendation(request.user, rec) and rec.status in rules.ACTIVE,
        "can_add_need": permissions.can_edit_recommendation(request.user, rec),
        "is_owner": permissions.is_owner(request.user, rec),
        "can_see_session": permissions.restrict_sessions(Session.objects.filter(pk=rec.session_id),
                                                         request.user).exists(),
    }, status=200 if (status_form is None or not status_form.errors) and (note_form is None or not note_form.errors)
        else 422)


@login_required
@require_POST
def recommendation_status(request, pk: int):
    rec = _rec(request, pk)
    _require(permissions.is_owner(request.user, rec) or permissions.can_edit_recommendation(request.user, rec),
             _("Only the owner of the recommendation and the tim monev update it."))
    form = StatusForm(request.POST)
    form.fields["status"].choices = RecommendationStatus.choices
    done = run_service(request, form, lambda d: services.change_status(
        actor=request.user, rec=rec, status=d["status"], note=d["note"], reason=d["reason"],
        lock_version=d["lock_version"]), aliases=CONFLICT_ON_TOP)
    if done.ok:
        messages.success(request, _("The status is now: %(status)s.") % {"status": done.result.get_status_display()})
        return redirect("monev:recommendation", pk=rec.pk)
    rec.refresh_from_db()
    return recommendation_detail(request, pk, status_form=form)


@login_required
@require_POST
def recommendation_note(request, pk: int):
    rec = _rec(request, pk)
    _require(permissions.can_update_progress(request.user, rec),
             _("Only the owner of the recommendation and the tim monev update it."))
    form = NoteForm(request.POST)
    done = run_service(request, form, lambda d: services.add_progress_note(
        actor=request.user, rec=rec, note=d["note"], lock_version=d["lock_version"]), aliases=CONFLICT_ON_TOP)
    if done.ok:
        messages.success(request, _("Your progress note was added."))
        return redirect("monev:recommendation", pk=rec.pk)
    return recommendation_detail(request, pk, note_form=form)


@login_required
def training_add(request, pk: int):
    rec = _rec(request, pk)
    _require(permissions.can_edit_recommendation(request.user, rec))
    form = TrainingNeedForm(request.POST or None, instance_id=rec.instance_id,
                            initial={"target_unit": rec.owner_unit_id,
                                     "reason": rec.finding.text if rec.finding_id else ""})
    return _form_view(request, form, lambda d: services.add_training_need(actor=request.user, rec=rec, **d),
                      saved=_("The training need was recorded."), to=_url("monev:recommendation", rec.pk),
                      title=_("Training need"),
                      intro=_("Kept as a structured need for competency development: what, for whom, why, how "
                              "urgent."))


@login_required
@require_POST
def training_delete(request, pk: int):
    need = get_object_or_404(permissions.restrict_training_needs(TrainingNeed.objects.select_related("recommendation"),
                                                                 request.user), pk=pk)
    return _button(request, lambda: services.delete_training_need(actor=request.user, need=need),
                   saved=_("The training need was deleted."), back=_url("monev:recommendation", need.recommendation_id))


def _page(request, qs, ordering):
    try:
        return paginate(qs, ordering, settings.KINERJA["PAGE_SIZE"], request.GET.get("cursor") or None)
    except InvalidCursor:
        return paginate(qs, ordering, settings.KINERJA["PAGE_SIZE"], None)


def _list(request, qs, *, template_menu: str, title: str, mine: bool):
    today = timezone.localdate()
    status = request.GET.get("status") or ""
    overdue = request.GET.get("overdue") == "1"
    if status not in RecommendationStatus.values:
        status = ""
    qs = queries.recommendations(qs, today, overdue=overdue, status=status or None)
    page = _page(request, qs, ["due_on", "id"])
    return render(request, "monev/recommendations.html", {
        "active_menu": template_menu, "page": page, "today": today, "title": title, "mine": mine,
        "status": status, "overdue": overdue, "statuses": RecommendationStatus.choices,
    })


@login_required
def recommendations(request):
    qs = permissions.restrict_recommendations(Recommendation.objects.all(), request.user)
    return _list(request, qs, template_menu=_menu(request), title=_("Recommendations of the tim monev"), mine=False)


@login_required
def mine(request):
    qs = Recommendation.objects.filter(permissions.mine_q(request.user))
    return _list(request, qs, template_menu="monev_mine", title=_("Recommendations for me"), mine=True)
