"""SKP administration (BKPSDM admin): the periods, the place of signing, the templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinerja.core.forms import run_service
from kinerja.organization import services as org_services
from kinerja.organization.forms import SigningPlaceForm
from kinerja.organization.models import Instance

from .. import permissions, services
from ..forms import (
    PeriodForm,
    SkpTemplateForm,
)
from ..models import SkpStatus, SkpTemplate
from .common import _instance_id, _posted, user_periods


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
