"""The SKP editor: RHK, IKI, lampiran and expectations as inline forms (htmx), each also a page of its own;
copying the previous SKP and applying a template. A save swaps in the refreshed section."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinerja.core.forms import run_service
from kinerja.planning.models import PkIndicator

from .. import permissions, queries, services
from ..forms import (
    AppendixForm,
    ConfirmForm,
    ExpectationsForm,
    IkiForm,
    RhkForm,
    TemplateChoiceForm,
)
from ..models import AppendixKind, RhkGroup, Skp
from .common import (
    _abilities,
    _changeable_or_403,
    _flash_form_errors,
    _iki_or_404,
    _is_htmx,
    _menu_for_skp,
    _posted,
    _rhk_or_404,
    _skp_or_404,
)
from .pages import skp_context

SECTIONS = {"rhks": "skp/_editor_rhks.html", "appendix": "skp/_editor_appendix.html",
            "expectations": "skp/_editor_expectations.html"}


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
