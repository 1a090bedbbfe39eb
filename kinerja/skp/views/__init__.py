"""SKP pages: my SKP, the editor (htmx inline rows), the workflow, the team's SKPs and HR monitoring.

Reads go through ``permissions.restrict_skps`` (an SKP outside the user's scope is a 404); a visible
SKP the user may not change is a 403. Every write is one call of :mod:`kinerja.skp.services`; its
ValidationError lands on the form next to the field it names. Forms carry the SKP's ``lock_version``:
a save against a newer version comes back with the user's input and the conflict message, and the
form then carries the current version so that saving again is a deliberate choice.

The editor works without JavaScript (every inline form is also a page of its own); with htmx the
forms open in place and a save swaps in the refreshed section.
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kinerja.accounts import scope as sc
from kinerja.core.errors import error_dict
from kinerja.core.forms import run_service
from kinerja.core.keyset import InvalidCursor, paginate
from kinerja.core.status import bootstrap_tone
from kinerja.organization import services as org_services
from kinerja.organization.forms import SigningPlaceForm
from kinerja.organization.models import Instance, Unit
from kinerja.people.models import Assignment, Employee
from kinerja.people.names import initials
from kinerja.people.search import search_q
from kinerja.planning.models import PkIndicator
from kinerja.rules import skp as rules

from . import permissions, queries, services
from .forms import (
    AppendixForm,
    ApproveForm,
    ConfirmForm,
    ExpectationsForm,
    IkiForm,
    MonitoringFilterForm,
    PeriodForm,
    ReasonForm,
    ReturnForm,
    RhkForm,
    SetSkpForm,
    SkpTemplateForm,
    TeamFilterForm,
    TemplateChoiceForm,
)
from .models import AppendixKind, Iki, Period, Rhk, RhkGroup, Skp, SkpStatus, SkpTemplate

ACTION_ICONS = {"submit": "send", "return": "arrow-return-left", "approve": "check2-circle",
                "revise": "pencil-square", "withdraw": "arrow-counterclockwise"}
SECTIONS = {"rhks": "skp/_editor_rhks.html", "appendix": "skp/_editor_appendix.html",
            "expectations": "skp/_editor_expectations.html"}
PERSPECTIVE_ORDER = {p.value: i for i, p in enumerate(rules.Perspective)}


# --- lookups ---------------------------------------------------------------------------------------


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
    return sc.get_scope(user).instance_id or getattr(user, "instance_id", None)


def user_periods(user):
    """The SKP periods of the user's instance, newest first."""
    instance_id = _instance_id(user)
    if instance_id is None:
        return Period.objects.none()
    return Period.objects.filter(instance_id=instance_id).order_by("-start_date")


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


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def document_links(skp: Skp) -> dict:
    """The PDF and Excel downloads (helper "documents"); empty while those pages do not exist."""
    return {"pdf": _url("skp_documents:pdf", skp.pk), "xlsx": _url("skp_documents:xlsx", skp.pk)}


def rhk_chains(skp: Skp) -> list:
    """Each RHK's chain up to the regional mission (helper "alignment"), or [] while that app is absent."""
    try:
        from kinerja.alignment.cascade import chain_for_skp
    except ImportError:
        return []
    return chain_for_skp(skp)


def alignment_partial() -> str:
    """The cascade-chain partial of kinerja.alignment, when that app provides one."""
    try:
        return select_template(["alignment/_skp_chain.html"]).template.name
    except TemplateDoesNotExist:
        return ""


# --- what the SKP page shows -------------------------------------------------------------------------


def _number(value: Decimal | None) -> str:
    """A target number for the reader: grouped per language (1.500.000 in Indonesian), no trailing zeros."""
    if value is None:
        return ""
    value = value.normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def shown_target(iki: Iki) -> str:
    unit = f" {iki.measure_unit}" if iki.measure_unit else ""
    if iki.target_kind == rules.TargetKind.NUMBER:
        return f"{_number(iki.target_value)}{unit}"
    if iki.target_kind == rules.TargetKind.RANGE:
        return f"{_number(iki.target_min)}–{_number(iki.target_max)}{unit}"
    return iki.target_text


def hasil_groups(skp: Skp) -> list[dict]:
    """The RHK in the official order: A. Utama then B. Tambahan (a JPT's by perspective), numbered per group."""
    rhks = list(skp.rhks.all())
    groups = []
    for letter, group in (("A", RhkGroup.UTAMA), ("B", RhkGroup.TAMBAHAN)):
        rows = [r for r in rhks if r.group == group]
        rows.sort(key=lambda r: (PERSPECTIVE_ORDER.get(r.perspective, 9) if skp.is_jpt else 0, r.order, r.pk))
        items = []
        for number, rhk in enumerate(rows, start=1):
            ikis = list(rhk.ikis.all())
            for iki in ikis:
                iki.shown_target = shown_target(iki)
            items.append({"number": number, "rhk": rhk, "ikis": ikis, "span": max(1, len(ikis)),
                          "first": ikis[0] if ikis else None, "rest": ikis[1:]})
        groups.append({"letter": letter, "key": group.value, "title": group.label, "items": items})
    return groups


def appendix_sections(skp: Skp) -> list[dict]:
    lines = list(skp.appendix.all())
    return [{"kind": kind.value, "title": kind.label, "lines": [a.text for a in lines if a.kind == kind]}
            for kind in AppendixKind]


def behaviours(skp: Skp) -> list[dict]:
    language = translation.get_language() or "id"
    given = {e.value: e.expectation for e in skp.expectations.all()}
    return [{"number": n, "code": v.code, "name": v.name, "guides": rules.guides(v.code, language),
             "expectation": given.get(v.code, "")} for n, v in enumerate(rules.BERAKHLAK, start=1)]


def header_people(skp: Skp) -> list[dict]:
    """Pegawai yang dinilai, pejabat penilai kinerja (Plt./Plh. when acting) and the evaluator's superior."""
    acting = {"plt": "Plt.", "plh": "Plh."}.get(skp.evaluator_acting or "", "")
    evaluator_unit = skp.evaluator_position.unit if skp.evaluator_position_id else None
    above_unit = skp.evaluator_superior_position.unit if skp.evaluator_superior_position_id else None
    return [
        {"key": "employee", "title": _("Employee evaluated"), "icon": "person",
         "person": skp.employee, "position": skp.position, "unit": skp.unit, "acting": ""},
        {"key": "evaluator", "title": _("Evaluating official (pejabat penilai kinerja)"), "icon": "person-check",
         "person": skp.evaluator, "position": skp.evaluator_position, "unit": evaluator_unit, "acting": acting},
        {"key": "above", "title": _("Superior of the evaluating official"), "icon": "person-up",
         "person": skp.evaluator_superior, "position": skp.evaluator_superior_position, "unit": above_unit,
         "acting": ""},
    ]


def timeline(skp: Skp) -> list[dict]:
    """The workflow steps, oldest first: created, then every version (submit, return, approve, …)."""
    steps = [{"action": "create", "label": _("SKP started"), "icon": "file-earmark-plus", "tone": "secondary",
              "at": skp.created_at, "by": _("HR admin") if skp.set_by_admin else "", "note": ""}]
    labels = {"submit": _("Submitted to the evaluating official"), "return": _("Returned for correction"),
              "approve": _("Approved"), "revise": _("Revision started"), "withdraw": _("Withdrawn to draft")}
    tones = {"submit": "warning", "return": "danger", "approve": "success", "revise": "info", "withdraw": "secondary"}
    for version in skp.versions.select_related("by", "by__employee").order_by("number"):
        by = version.by
        name = (by.employee.full_name if by is not None and by.employee_id else (by.get_username() if by else ""))
        steps.append({"action": version.action, "label": labels.get(version.action, version.action),
                      "icon": ACTION_ICONS.get(version.action, "dot"), "tone": tones.get(version.action, "secondary"),
                      "at": version.at, "by": name, "note": version.note, "number": version.number})
    return steps


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


def skp_context(request, skp: Skp) -> dict:
    skp = queries.skp_detail(skp.pk)
    user = request.user
    abilities = _abilities(user, skp)
    notices = [r for r in skp.rhks.all() if r.parent_changed_at] if abilities["can_acknowledge"] else []
    groups = hasil_groups(skp)
    return {
        "skp": skp,
        "status_tone": bootstrap_tone(skp.status),
        "people": header_people(skp),
        "groups": groups,
        "rhk_count": sum(len(g["items"]) for g in groups),
        "appendix": appendix_sections(skp),
        "behaviours": behaviours(skp),
        "steps": timeline(skp),
        "notices": notices,
        "documents": document_links(skp),
        "chains": rhk_chains(skp) if groups[0]["items"] or groups[1]["items"] else [],
        "chain_partial": alignment_partial(),
        "map_url": _url("alignment:map"),
        **abilities,
    }


def _menu_for_skp(user, skp: Skp) -> str:
    s = sc.get_scope(user)
    if permissions.is_own(user, skp):
        return "skp_mine"
    if permissions.is_current_evaluator(user, skp) or s.is_penilai:
        return "skp_team"
    return "skp_monitoring"


def _render_detail(request, skp: Skp, *, periods=None, active_menu=None):
    context = skp_context(request, skp)
    context["periods"] = periods
    context["active_menu"] = active_menu or _menu_for_skp(request.user, skp)
    return render(request, "skp/detail.html", context)


# --- my SKP and the SKP page -----------------------------------------------------------------------


@login_required
def mine(request):
    s = sc.get_scope(request.user)
    if s.employee_id is None:
        raise Http404(_("Your login is not linked to an employee."))
    periods = list(user_periods(request.user))
    period = pick_period(periods, request.GET.get("period"))
    skp = Skp.objects.filter(employee_id=s.employee_id, period=period).first() if period else None
    if skp is not None:
        return _render_detail(request, skp, periods=periods, active_menu="skp_mine")
    employee = Employee.objects.select_related("position", "unit").get(pk=s.employee_id)
    from kinerja.people.chain import superior_chain

    chain = superior_chain(employee) if employee.position_id else []
    previous = (Skp.objects.filter(employee_id=employee.pk, period__start_date__lt=period.start_date)
                .select_related("period").order_by("-period__start_date").first()) if period else None
    return render(request, "skp/mine_empty.html", {
        "periods": periods, "period": period, "employee": employee, "chain": chain, "previous": previous,
        "active_menu": "skp_mine",
    })


@login_required
@require_POST
def create(request):
    """The employee starts their own SKP for a period."""
    s = sc.get_scope(request.user)
    if s.employee_id is None:
        raise Http404(_("Your login is not linked to an employee."))
    period = get_object_or_404(user_periods(request.user), pk=request.POST.get("period") or 0)
    employee = Employee.objects.select_related("position", "position__superior", "unit").get(pk=s.employee_id)
    try:
        skp = services.create_skp(actor=request.user, employee=employee, period=period)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect(f"{reverse('skp:mine')}?period={period.pk}")
    messages.success(request, _("Your SKP for %(period)s is started. Add your planned work results (RHK).")
                     % {"period": period.name})
    return redirect("skp:edit", pk=skp.pk)


@login_required
def detail(request, pk: int):
    return _render_detail(request, _skp_or_404(request, pk))


def _flash_errors(request, exc: ValidationError) -> None:
    for errors in error_dict(exc).values():
        for message in errors:
            messages.error(request, message)


# --- the editor --------------------------------------------------------------------------------------


def superior_parents(skp: Skp):
    return queries.allowed_parents(skp)


def pk_indicators(skp: Skp):
    """The PK indicators a JPT's RHK may carry: the unit's performance agreement of the period's year."""
    if not skp.is_jpt:
        return PkIndicator.objects.none()
    return (PkIndicator.objects.filter(agreement__instance_id=skp.instance_id, agreement__year=skp.period.year,
                                       agreement__unit_id=skp.unit_id)
            .order_by("agreement_id", "order", "pk"))


def templates_for(skp: Skp):
    """Active templates of the instance offered to this SKP's position (by name, by kind, or to everyone)."""
    return queries.templates_for(skp)


def editor_context(request, skp: Skp, **extra) -> dict:
    context = skp_context(request, skp)
    full = context["skp"]
    context.update({
        "lock": full.lock_version,
        "previous": services.previous_skp(full) if not context["rhk_count"] else None,
        "parents_available": superior_parents(full).exists() if not full.is_jpt else True,
        "active_menu": _menu_for_skp(request.user, full),
        **extra,
    })
    return context


@login_required
def edit(request, pk: int):
    skp = _changeable_or_403(request, pk)
    context = editor_context(request, skp)
    context["templates"] = list(templates_for(skp)[:20]) if context["can_edit"] else []
    return render(request, "skp/editor.html", context)


@login_required
def section(request, pk: int, name: str):
    """One section of the editor, refreshed (after a save, or to close an inline form)."""
    if name not in SECTIONS:
        raise Http404
    skp = _skp_or_404(request, pk)
    if not permissions.can_change(request.user, skp) and name != "expectations":
        raise PermissionDenied(_("You may not change this SKP."))
    return render(request, SECTIONS[name], editor_context(request, skp))


def _saved(request, skp: Skp, section_name: str, message: str, anchor: str = ""):
    """After a successful write: the refreshed section (htmx) or back to the editor (plain form)."""
    if not _is_htmx(request):
        messages.success(request, message)
        target = reverse("skp:edit", args=[skp.pk]) if section_name != "detail" else reverse("skp:detail",
                                                                                            args=[skp.pk])
        return redirect(f"{target}#{anchor}" if anchor else target)
    context = editor_context(request, skp)
    response = render(request, SECTIONS[section_name], context)
    response["HX-Retarget"] = f"#section-{section_name}"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Trigger"] = json.dumps({"skp-saved": {"lock": context["lock"], "message": str(message)}})
    return response


def _current_lock(skp: Skp) -> int:
    return Skp.objects.filter(pk=skp.pk).values_list("lock_version", flat=True).first() or 0


def _conflict(form) -> str:
    for error in form.errors.as_data().get("lock_version", []):
        if error.code == "conflict":
            return " ".join(error.messages)
    return ""


def _form_response(request, skp: Skp, form, *, title: str, action: str, section_name: str, intro: str = "",
                   submit: str = "", danger: bool = False, anchor: str = "", testid: str = "skp-form"):
    """The form again (htmx: in place; else a page of its own), with errors or a conflict message."""
    conflict = _conflict(form)
    lock = _current_lock(skp) if conflict else (form["lock_version"].value() if "lock_version" in form.fields
                                                else None)
    context = {
        "skp": skp, "form": form, "title": title, "action": action, "intro": intro, "danger": danger,
        "submit": submit or _("Save"), "conflict": conflict, "lock_value": lock, "section_name": section_name,
        "section_url": reverse("skp:section", args=[skp.pk, section_name]) if section_name in SECTIONS else "",
        "cancel_url": (reverse("skp:detail", args=[skp.pk]) if section_name == "detail"
                       else reverse("skp:edit", args=[skp.pk]) + (f"#{anchor}" if anchor else "")),
        "other_errors": [str(m) for field, errs in form.errors.items() if field not in form.fields
                         or field == "lock_version" for m in errs if str(m) != conflict],
        "testid": testid,
        "skp_url": reverse("skp:detail", args=[skp.pk]),
        "active_menu": _menu_for_skp(request.user, skp),
    }
    if _is_htmx(request):
        return render(request, "skp/_inline_form.html", context)
    return render(request, "skp/form_page.html", context)


def _write(request, skp, form, call, *, section_name: str, message: str, anchor: str = "", **page):
    done = run_service(request, form, call)
    if done.ok:
        return _saved(request, skp, section_name, message, anchor)
    return _form_response(request, skp, form, section_name=section_name, anchor=anchor, **page)


@login_required
@require_http_methods(["GET", "POST"])
def rhk_add(request, pk: int):
    skp = _changeable_or_403(request, pk)
    group = request.GET.get("group") if request.GET.get("group") in RhkGroup.values else RhkGroup.UTAMA
    form = RhkForm(_posted(request), skp=skp, parents=superior_parents(skp), pk_indicators=pk_indicators(skp),
                   initial={"group": group, "lock_version": skp.lock_version}, auto_id=f"rhk_new_{group}_%s")
    return _write(request, skp, form, lambda data: services.add_rhk(
        actor=request.user, skp=skp, lock_version=data["lock_version"], **form.service_data()),
        section_name="rhks", message=_("RHK added."), anchor="section-rhks",
        title=_("Add a planned work result (RHK)"), action=reverse("skp:rhk_add", args=[skp.pk]),
        submit=_("Add RHK"), testid="rhk-form")


@login_required
@require_http_methods(["GET", "POST"])
def rhk_edit(request, pk: int, rhk_pk: int):
    skp = _changeable_or_403(request, pk)
    rhk = _rhk_or_404(skp, rhk_pk)
    form = RhkForm(_posted(request), skp=skp, parents=superior_parents(skp), pk_indicators=pk_indicators(skp),
                   initial=RhkForm.initial_for(rhk, skp.lock_version), auto_id=f"rhk{rhk.pk}_%s")

    def call(data):
        changed = {k: v for k, v in form.service_data().items() if k in form.changed_data}
        if not changed:
            return rhk
        return services.update_rhk(actor=request.user, rhk=rhk, lock_version=data["lock_version"], **changed)

    return _write(request, skp, form, call, section_name="rhks", message=_("RHK saved."), anchor=f"rhk-{rhk.pk}",
                  title=_("Edit the RHK"), action=reverse("skp:rhk_edit", args=[skp.pk, rhk.pk]), testid="rhk-form")


@login_required
@require_http_methods(["GET", "POST"])
def rhk_delete(request, pk: int, rhk_pk: int):
    skp = _changeable_or_403(request, pk)
    rhk = _rhk_or_404(skp, rhk_pk)
    form = ConfirmForm(_posted(request), initial={"lock_version": skp.lock_version})
    return _write(request, skp, form, lambda data: services.delete_rhk(
        actor=request.user, rhk=rhk, lock_version=data["lock_version"]),
        section_name="rhks", message=_("RHK deleted."), anchor="section-rhks",
        title=_("Delete the RHK"), action=reverse("skp:rhk_delete", args=[skp.pk, rhk.pk]),
        intro=_("“%(text)s” and its indicators will be deleted. RHK of your team that intervene it lose "
                "their link and are told.") % {"text": rhk.text},
        submit=_("Delete"), danger=True, testid="delete-form")


@login_required
@require_http_methods(["GET", "POST"])
def iki_add(request, pk: int, rhk_pk: int):
    skp = _changeable_or_403(request, pk)
    rhk = _rhk_or_404(skp, rhk_pk)
    form = IkiForm(_posted(request), skp=skp, initial={"lock_version": skp.lock_version},
                   auto_id=f"iki_new{rhk.pk}_%s")
    return _write(request, skp, form, lambda data: services.add_iki(
        actor=request.user, rhk=rhk, lock_version=data["lock_version"], **form.service_data()),
        section_name="rhks", message=_("Indicator added."), anchor=f"rhk-{rhk.pk}",
        title=_("Add an indicator (IKI)"), intro=rhk.text, action=reverse("skp:iki_add", args=[skp.pk, rhk.pk]),
        submit=_("Add IKI"), testid="iki-form")


@login_required
@require_http_methods(["GET", "POST"])
def iki_edit(request, pk: int, iki_pk: int):
    skp = _changeable_or_403(request, pk)
    iki = _iki_or_404(skp, iki_pk)
    form = IkiForm(_posted(request), skp=skp, initial=IkiForm.initial_for(iki, skp.lock_version),
                   auto_id=f"iki{iki.pk}_%s")
    return _write(request, skp, form, lambda data: services.update_iki(
        actor=request.user, iki=iki, lock_version=data["lock_version"], **form.service_data()),
        section_name="rhks", message=_("Indicator saved."), anchor=f"rhk-{iki.rhk_id}",
        title=_("Edit the indicator (IKI)"), intro=iki.rhk.text,
        action=reverse("skp:iki_edit", args=[skp.pk, iki.pk]), testid="iki-form")


@login_required
@require_http_methods(["GET", "POST"])
def iki_delete(request, pk: int, iki_pk: int):
    skp = _changeable_or_403(request, pk)
    iki = _iki_or_404(skp, iki_pk)
    form = ConfirmForm(_posted(request), initial={"lock_version": skp.lock_version})
    return _write(request, skp, form, lambda data: services.delete_iki(
        actor=request.user, iki=iki, lock_version=data["lock_version"]),
        section_name="rhks", message=_("Indicator deleted."), anchor=f"rhk-{iki.rhk_id}",
        title=_("Delete the indicator"), intro=_("“%(text)s” will be deleted.") % {"text": iki.text},
        action=reverse("skp:iki_delete", args=[skp.pk, iki.pk]), submit=_("Delete"), danger=True,
        testid="delete-form")


@login_required
@require_http_methods(["GET", "POST"])
def appendix(request, pk: int, kind: str):
    if kind not in AppendixKind.values:
        raise Http404
    skp = _changeable_or_403(request, pk)
    lines = skp.appendix.filter(kind=kind).order_by("order", "pk").values_list("text", flat=True)
    form = AppendixForm(_posted(request), kind=kind,
                        initial={"lines": "\n".join(lines), "lock_version": skp.lock_version},
                        auto_id=f"appendix_{kind}_%s")
    return _write(request, skp, form, lambda data: services.set_appendix(
        actor=request.user, skp=skp, lock_version=data["lock_version"], **form.service_data()),
        section_name="appendix", message=_("Appendix saved."), anchor="section-appendix",
        title=AppendixKind(kind).label, action=reverse("skp:appendix", args=[skp.pk, kind]), testid="appendix-form")


@login_required
@require_http_methods(["GET", "POST"])
def expectations(request, pk: int):
    skp = _skp_or_404(request, pk)
    if not _abilities(request.user, skp)["can_set_expectations"]:
        raise PermissionDenied(_("You may not set the expectations of this SKP."))
    form = ExpectationsForm(_posted(request), initial=ExpectationsForm.initial_for(skp, skp.lock_version))
    done = run_service(request, form, lambda data: services.set_expectations(
        actor=request.user, skp=skp, lock_version=data["lock_version"], **form.service_data()))
    editor = permissions.can_change(request.user, skp) and skp.is_editable
    if done.ok:
        if editor:
            return _saved(request, skp, "expectations", _("Expectations saved."), "section-expectations")
        messages.success(request, _("Expectations saved."))
        return redirect(reverse("skp:detail", args=[skp.pk]) + "#perilaku")
    return _form_response(
        request, skp, form, title=_("Specific expectations of the superior"),
        action=reverse("skp:expectations", args=[skp.pk]), section_name="expectations" if editor else "detail",
        intro=_("The superior's specific expectation (ekspektasi khusus pimpinan) for each core value; leave "
                "empty where the guides say it all."), anchor="section-expectations", testid="expectations-form")


@login_required
@require_POST
def seen(request, pk: int, rhk_pk: int):
    """The employee has seen that a linked superior RHK changed."""
    skp = _changeable_or_403(request, pk)
    rhk = _rhk_or_404(skp, rhk_pk)
    services.acknowledge_parent_change(actor=request.user, rhk=rhk)
    if _is_htmx(request):
        return HttpResponse("")
    messages.success(request, _("Noted."))
    return redirect(request.POST.get("next") or reverse("skp:detail", args=[skp.pk]))


@login_required
@require_POST
def copy_previous(request, pk: int):
    skp = _changeable_or_403(request, pk)
    form = ConfirmForm(request.POST)
    done = run_service(request, form, lambda data: services.copy_from_previous(
        actor=request.user, skp=skp, lock_version=data["lock_version"]))
    if done.ok:
        messages.success(request, _("The RHK, indicators and appendix of your last SKP were copied. "
                                    "Check the links to your superior's RHK and the targets."))
    else:
        _flash_form_errors(request, form)
    return redirect("skp:edit", pk=skp.pk)


@login_required
@require_http_methods(["GET", "POST"])
def use_template(request, pk: int):
    skp = _changeable_or_403(request, pk)
    form = TemplateChoiceForm(_posted(request), templates=templates_for(skp),
                              initial={"lock_version": skp.lock_version})
    done = run_service(request, form, lambda data: services.apply_template(
        actor=request.user, skp=skp, template=data["template"], lock_version=data["lock_version"]),
        aliases={"template": "template"})
    if done.ok:
        messages.success(request, _("The template's RHK and indicators were added. Link each main RHK to your "
                                    "superior's RHK."))
        return redirect("skp:edit", pk=skp.pk)
    return _form_response(request, skp, form, title=_("Apply a template"),
                          action=reverse("skp:template", args=[skp.pk]), section_name="rhks",
                          intro=_("The template's RHK and indicators are added to your SKP; you can change them "
                                  "afterwards."), submit=_("Apply"), testid="template-form")


def _flash_form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


# --- the workflow ----------------------------------------------------------------------------------


WORKFLOW = {
    "submit": (services.submit, gettext_lazy("The SKP was submitted to %(evaluator)s.")),
    "withdraw": (services.withdraw, gettext_lazy("The SKP is a draft again; you can change it.")),
}


def _workflow_message(template, skp: Skp) -> str:
    return str(template) % {"evaluator": skp.evaluator.full_name if skp.evaluator_id else _("your evaluating official"),
                          "employee": skp.employee.full_name}


@login_required
@require_POST
def transition(request, pk: int, action: str):
    """Submit, withdraw or approve (no input but the version)."""
    if action not in WORKFLOW:
        raise Http404
    skp = _skp_or_404(request, pk)
    service, message = WORKFLOW[action]
    form = ConfirmForm(request.POST)
    done = run_service(request, form, lambda data: service(actor=request.user, skp=skp,
                                                           lock_version=data["lock_version"]))
    if done.ok:
        messages.success(request, _workflow_message(message, skp))
        for warning in getattr(done.result, "warnings", []) or []:
            messages.warning(request, warning)
    else:
        _flash_form_errors(request, form)
    return redirect("skp:detail", pk=skp.pk)


@login_required
@require_http_methods(["GET", "POST"])
def approve(request, pk: int):
    """Approve after a confirmation: the SKP page asks in a dialog (its form says ``confirmed``); a POST without
    it, or a GET (no JavaScript), shows the question on a page of its own."""
    skp = _skp_or_404(request, pk)
    allowed = skp.status == SkpStatus.SUBMITTED and permissions.can_evaluate(request.user, skp)
    if not allowed and request.method == "GET":
        messages.info(request, _("This action is not available for the SKP in its current state."))
        return redirect("skp:detail", pk=skp.pk)
    if not allowed:  # nothing to confirm: the service says why (own SKP: a message; not the evaluator: 403)
        form = ConfirmForm(request.POST)
        run_service(request, form, lambda data: services.approve(actor=request.user, skp=skp,
                                                                 lock_version=data["lock_version"]))
        _flash_form_errors(request, form)
        return redirect("skp:detail", pk=skp.pk)
    confirmed = request.method == "POST" and "confirmed" in request.POST
    form = ApproveForm(request.POST if confirmed else None,
                       initial={"lock_version": request.POST.get("lock_version") or skp.lock_version,
                                "confirmed": True})
    done = run_service(request, form, lambda data: services.approve(actor=request.user, skp=skp,
                                                                    lock_version=data["lock_version"]))
    if done.ok:
        messages.success(request, _workflow_message(gettext_lazy("The SKP of %(employee)s is approved."), skp))
        return redirect("skp:detail", pk=skp.pk)
    return _form_response(
        request, skp, form, title=_("Approve the SKP"), action=reverse("skp:approve", args=[skp.pk]),
        section_name="detail", submit=_("Yes, approve"), testid="approve-form",
        intro=_("Approve the SKP of %(employee)s? Once approved, it changes only through a revision that you "
                "approve again.") % {"employee": skp.employee.full_name})


def _reason_view(request, pk: int, *, action: str):
    skp = _skp_or_404(request, pk)
    if action == "return":
        allowed = skp.status == SkpStatus.SUBMITTED and permissions.can_evaluate(request.user, skp)
        label, help_text = _("Reason for return"), _("Tell the employee what to correct. They see it on their SKP.")
        title, submit = _("Return the SKP to the employee"), _("Return with this note")
    else:
        allowed = skp.status == SkpStatus.APPROVED and (permissions.can_change(request.user, skp)
                                                        or permissions.is_current_evaluator(request.user, skp))
        label, help_text = _("Reason for revision"), _("E.g. a mid-year transfer or changed targets. The "
                                                       "evaluating official approves the revised SKP again.")
        title, submit = _("Start a revision"), _("Start the revision")
    if not allowed and request.method == "GET":
        messages.info(request, _("This action is not available for the SKP in its current state."))
        return redirect("skp:detail", pk=skp.pk)
    if action == "return":
        detailed = queries.skp_detail(skp.pk)
        rhks = [(f"{group['letter']}.{item['number']} {item['rhk'].text[:160]}", item["rhk"])
                for group in hasil_groups(detailed) for item in group["items"]]
        form = ReturnForm(_posted(request), reason_label=label, reason_help=help_text, rhks=rhks,
                          initial={"lock_version": skp.lock_version})
        call = lambda data: services.return_skp(actor=request.user, skp=skp, lock_version=data["lock_version"],  # noqa: E731
                                                reason=data["reason"], comments=form.comments())
    else:
        form = ReasonForm(_posted(request), reason_label=label, reason_help=help_text,
                          initial={"lock_version": skp.lock_version})
        call = lambda data: services.start_revision(actor=request.user, skp=skp,  # noqa: E731
                                                    lock_version=data["lock_version"], reason=data["reason"])
    if run_service(request, form, call).ok:
        if action == "return":
            messages.success(request, _("The SKP of %(employee)s was returned with your note.")
                             % {"employee": skp.employee.full_name})
            return redirect("skp:detail", pk=skp.pk)
        messages.success(request, _("The revision is started: change the SKP, then submit it again."))
        return redirect("skp:edit", pk=skp.pk) if permissions.can_change(request.user, skp) \
            else redirect("skp:detail", pk=skp.pk)
    page = _form_response(request, skp, form, title=title, action=reverse(f"skp:{action}", args=[skp.pk]),
                          section_name="detail", submit=submit, danger=action == "return", testid=f"{action}-form")
    return page


@login_required
@require_http_methods(["GET", "POST"])
def return_skp(request, pk: int):
    return _reason_view(request, pk, action="return")


@login_required
@require_http_methods(["GET", "POST"])
def revise(request, pk: int):
    return _reason_view(request, pk, action="revise")


# --- the superior's team -------------------------------------------------------------------------------


WAITING_FIRST = {SkpStatus.SUBMITTED: 0, SkpStatus.RETURNED: 2, SkpStatus.DRAFT: 3, None: 4, SkpStatus.APPROVED: 5}


@login_required
def team(request):
    user = request.user
    s = sc.get_scope(user)
    if not s.my_position_ids or not s.is_penilai:
        raise PermissionDenied(_("Only an evaluating official (pejabat penilai) has a team."))
    periods = list(user_periods(user))
    form = TeamFilterForm(request.GET or None, periods=user_periods(user))
    form.is_valid()
    data = getattr(form, "cleaned_data", {}) or {}
    period = pick_period(periods, request.GET.get("period"))
    rows, counts, acting = [], {}, []
    today = timezone.localdate()
    acting = list(Assignment.objects.active_on(today).acting().filter(employee_id=s.employee_id)
                  .select_related("position", "unit"))
    if period is not None:
        members = list(queries.team_members(user, period))
        submitted = dict(Skp.objects.filter(pk__in=[m.skp_id for m in members if m.skp_id])
                         .values_list("pk", "submitted_at"))
        for m in members:
            m.initials = initials(m.name)
            m.submitted_at = submitted.get(m.skp_id)
            m.status_tone = bootstrap_tone(m.skp_status)
            m.status_label = SkpStatus(m.skp_status).label if m.skp_status else _("No SKP yet")
        counts = {
            "all": len(members),
            "waiting": sum(1 for m in members if m.skp_status == SkpStatus.SUBMITTED),
            "approved": sum(1 for m in members if m.skp_status == SkpStatus.APPROVED),
            "none": sum(1 for m in members if not m.skp_status),
        }
        counts["in_progress"] = counts["all"] - counts["waiting"] - counts["approved"] - counts["none"]
        status, q = data.get("status") or "", (data.get("q") or "").strip().lower()
        for m in members:
            if status == "waiting" and m.skp_status != SkpStatus.SUBMITTED:
                continue
            if status == "none" and m.skp_status:
                continue
            if status == "progress" and m.skp_status not in (SkpStatus.DRAFT, SkpStatus.RETURNED):
                continue
            if status in SkpStatus.values and m.skp_status != status:
                continue
            if q and q not in m.name.lower() and q.replace(" ", "") not in m.nip:
                continue
            rows.append(m)
        rows.sort(key=lambda m: (WAITING_FIRST.get(m.skp_status, 4), m.submitted_at or timezone.now(), m.name))
    return render(request, "skp/team.html", {
        "form": form, "period": period, "periods": periods, "rows": rows, "counts": counts, "acting": acting,
        "filtered": bool(data.get("status") or data.get("q")), "active_menu": "skp_team",
    })


# --- HR monitoring: overdue SKPs, set an SKP for someone --------------------------------------------


def _can_monitor(s: sc.Scope) -> bool:
    return s.superuser or s.instance_wide_view or bool(s.change_paths)


def _monitor_units(user):
    s = sc.get_scope(user)
    units = Unit.objects.filter(is_active=True)
    if not s.superuser or s.instance_id is not None:  # a platform operator: the instance they work on
        units = units.filter(instance_id=s.instance_id)
    if not (s.superuser or s.instance_wide_view):
        under = Q(pk__in=[])
        for path in s.change_paths:
            under |= Q(path__startswith=path)
        units = units.filter(under)
    return units.order_by("path").only("id", "name", "depth", "path")


@login_required
def monitoring(request):
    user = request.user
    s = sc.get_scope(user)
    if not _can_monitor(s):
        raise PermissionDenied(_("Only HR administrators and instance-wide roles see the SKP monitoring."))
    periods = list(user_periods(user))
    units = _monitor_units(user)
    form = MonitoringFilterForm(request.GET or None, periods=user_periods(user), units=units)
    form.is_valid()
    data = getattr(form, "cleaned_data", {}) or {}
    period = pick_period(periods, request.GET.get("period"))
    unit = data.get("unit")
    preview = request.GET.get("preview") == "1"
    context = {"form": form, "period": period, "periods": periods, "unit": unit, "preview": preview,
               "active_menu": "skp_monitoring",
               "page": None, "summary": [], "total": 0, "statuses": {}}
    if period is not None:
        today = timezone.localdate()
        due = today > period.deadline
        context["due"] = due
        day = today if due or not preview else period.deadline + timedelta(days=1)
        if not due and not preview:
            return render(request, "skp/monitoring.html", context)
        qs = queries.overdue(period.instance, period, unit=unit, day=day).filter(sc.employee_q(user, sc.VIEW))
        q = (data.get("q") or "").strip()
        if q:
            qs = qs.filter(search_q(q))
        try:
            page = paginate(qs, ["name", "id"], 50, request.GET.get("cursor"))
        except InvalidCursor:
            page = paginate(qs, ["name", "id"], 50, None)
        for employee in page.items:
            employee.initials = initials(employee.name)
            employee.status_tone = bootstrap_tone(employee.skp_status)
            employee.status_label = SkpStatus(employee.skp_status).label if employee.skp_status else _("No SKP")
            employee.can_set = not employee.skp_id and sc.can_change_employee(user, employee)
        steplen = Unit.steplen
        by_opd = list(qs.order_by().annotate(opd_path=Substr("unit__path", 1, steplen))
                      .values("opd_path").annotate(n=Count("id")).order_by("-n")[:12])
        names = dict(Unit.objects.filter(instance_id=period.instance_id, path__in=[r["opd_path"] for r in by_opd])
                     .values_list("path", "name"))
        statuses = dict(qs.order_by().values_list("skp_status").annotate(n=Count("id")).values_list("skp_status", "n"))
        context.update({
            "page": page,
            "summary": [{"name": names.get(r["opd_path"], "—"), "count": r["n"]} for r in by_opd],
            "total": sum(statuses.values()),
            "statuses": {"none": statuses.get(None, 0), "draft": statuses.get(SkpStatus.DRAFT, 0),
                         "submitted": statuses.get(SkpStatus.SUBMITTED, 0),
                         "returned": statuses.get(SkpStatus.RETURNED, 0)},
            "export_url": _url("skp_documents:export"),
        })
    return render(request, "skp/monitoring.html", context)


@login_required
@require_POST
def set_for(request):
    """The HR admin opens an SKP for an employee who has none (then fills it in the editor)."""
    form = SetSkpForm(request.POST)
    if not form.is_valid():
        raise Http404
    employee = get_object_or_404(
        sc.restrict_employees(Employee.objects.select_related("position", "position__superior", "unit"),
                              request.user, sc.VIEW), pk=form.cleaned_data["employee"])
    period = get_object_or_404(user_periods(request.user), pk=form.cleaned_data["period"])
    if not sc.can_change_employee(request.user, employee):
        raise PermissionDenied(_("You may not set an SKP for this employee."))
    try:
        skp = services.create_skp(actor=request.user, employee=employee, period=period)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect(f"{reverse('skp:monitoring')}?period={period.pk}")
    messages.success(request, _("An SKP for %(name)s is started. Fill it in, then submit it to the evaluating "
                                "official.") % {"name": employee.full_name})
    return redirect("skp:edit", pk=skp.pk)


# --- periods and templates (BKPSDM admin) ------------------------------------------------------------


def _require_instance_admin(request):
    if not permissions.can_manage_periods(request.user):
        raise PermissionDenied(_("Only BKPSDM administrators manage SKP periods and templates."))


def _instance(user) -> Instance:
    return Instance.objects.get(pk=_instance_id(user))


def _periods_page(request, form=None, place_form=None):
    user = request.user
    rows = list(user_periods(user).annotate(
        skp_total=Count("skps"), skp_approved=Count("skps", filter=Q(skps__status=SkpStatus.APPROVED))))
    form = form or PeriodForm(initial={"year": timezone.localdate().year})
    place_form = place_form or SigningPlaceForm(initial={"city": _instance(user).signing_place})
    return render(request, "skp/periods.html", {"form": form, "place_form": place_form, "rows": rows,
                                                "today": timezone.localdate(), "active_menu": "skp_monitoring"})


@login_required
@require_http_methods(["GET", "POST"])
def periods(request):
    _require_instance_admin(request)
    user = request.user
    form = PeriodForm(_posted(request), initial={"year": timezone.localdate().year})
    done = run_service(request, form, lambda data: services.ensure_period(
        actor=user, instance=_instance(user), year=data["year"]))
    if done.ok:
        messages.success(request, _("The periods of %(year)d are ready.") % {"year": form.cleaned_data["year"]})
        return redirect("skp:periods")
    return _periods_page(request, form=form)


@login_required
@require_POST
def signing_place(request):
    """The instance's place of signing, printed above the signatures of the SKP (BKPSDM admin)."""
    _require_instance_admin(request)
    user = request.user
    form = SigningPlaceForm(request.POST)
    done = run_service(request, form, lambda data: org_services.set_signing_place(
        actor=user, instance=_instance(user), city=data["city"]))
    if done.ok:
        messages.success(request, _("Documents are now signed in %(city)s.") % {"city": done.result.city})
        return redirect("skp:periods")
    return _periods_page(request, place_form=form)


@login_required
@require_POST
def period_close(request, period_pk: int):
    _require_instance_admin(request)
    period = get_object_or_404(user_periods(request.user), pk=period_pk)
    closed = request.POST.get("closed") == "1"
    services.set_period_closed(actor=request.user, period=period, closed=closed)
    messages.success(request, (_("%(name)s is closed.") if closed else _("%(name)s is open again."))
                     % {"name": period.name})
    return redirect("skp:periods")


@login_required
def templates(request):
    _require_instance_admin(request)
    rows = list(SkpTemplate.objects.filter(instance_id=_instance_id(request.user)).order_by("-is_active", "name"))
    for row in rows:
        row.rhk_count = len(row.content or [])
        row.iki_count = sum(len(item.get("ikis", [])) for item in row.content or [])
    return render(request, "skp/templates.html", {"rows": rows, "active_menu": "skp_monitoring"})


def _template_page(request, form, *, title: str, template=None):
    return render(request, "skp/template_form.html", {"form": form, "title": title, "template": template,
                                                      "active_menu": "skp_monitoring"})


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request):
    _require_instance_admin(request)
    form = SkpTemplateForm(_posted(request), initial={"is_active": True})

    if run_service(request, form, lambda data: services.create_template(
            actor=request.user, instance=_instance(request.user), name=data["name"], content=data["content"],
            position_name=data["position_name"], position_kind=data["position_kind"],
            is_active=data["is_active"])).ok:
        messages.success(request, _("Template %(name)s saved.") % {"name": form.cleaned_data["name"]})
        return redirect("skp:templates")
    return _template_page(request, form, title=_("New SKP template"))


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, template_pk: int):
    _require_instance_admin(request)
    template = get_object_or_404(SkpTemplate, pk=template_pk, instance_id=_instance_id(request.user))
    form = SkpTemplateForm(_posted(request), initial=SkpTemplateForm.initial_for(template))
    if run_service(request, form, lambda data: services.update_template(
            actor=request.user, template=template, **{k: data[k] for k in form.changed_data})).ok:
        messages.success(request, _("Template %(name)s saved.") % {"name": form.cleaned_data["name"]})
        return redirect("skp:templates")
    return _template_page(request, form, title=_("Edit SKP template"), template=template)


__all__ = ["mine", "create", "detail", "edit", "section", "rhk_add", "rhk_edit", "rhk_delete", "iki_add",
           "iki_edit", "iki_delete", "appendix", "expectations", "seen", "copy_previous", "use_template",
           "transition", "approve", "return_skp", "revise", "team", "monitoring", "set_for", "periods", "signing_place",
           "period_close",
           "templates", "template_create", "template_edit"]
