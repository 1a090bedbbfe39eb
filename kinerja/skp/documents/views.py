"""Downloads: one SKP as PDF or XLSX, and the period export for HR admins.

An SKP is looked up through the user's view scope (``restrict_skps``): the employee, their
superiors, scoped admins and the instance-wide read-only roles find it; anyone else gets a 404,
never a hint that it exists. The period export is for HR admins: BKPSDM (the whole instance) and
OPD admins (their unit's subtree); a period or unit outside that scope is a 404. It can run for
minutes (a million IKI), so it is an export job (kinerja.exports): the form queues it, a background
task writes the file, and the page lists the user's exports with their status and download links.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.core.forms import BootstrapForm, UnitTreeChoiceField, run_service
from kinerja.exports.listing import jobs_context
from kinerja.exports.models import JobStatus
from kinerja.exports.permissions import can_export
from kinerja.exports.services import request_skp_export
from kinerja.organization.models import Unit

from .. import permissions
from ..models import Period, Skp
from ..permissions import VIEW, restrict_skps
from .data import load_document
from .excel import XLSX_CONTENT_TYPE, skp_workbook
from .pdf import DEFAULT_LANGUAGE, PDF_TOO_SLOW, RenderTimeout, document_language, render_document_pdf


def visible_skps(user) -> QuerySet:
    """The SKPs ``user`` may see: own, superior chain, scoped admins, instance-wide readers."""
    return restrict_skps(Skp.objects.all(), user, VIEW)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _visible_skp_pk(request, pk: int) -> int:
    return get_object_or_404(visible_skps(request.user).values_list("pk", flat=True), pk=pk)


@login_required
@require_GET
def skp_pdf(request, pk: int):
    skp_pk = _visible_skp_pk(request, pk)
    language = document_language(request.GET.get("lang"))
    with translation.override(language):
        doc = load_document(skp_pk)
    try:
        data = render_document_pdf(doc)
    except RenderTimeout:
        messages.error(request, PDF_TOO_SLOW)
        return redirect("skp:detail", pk=skp_pk)
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if request.GET.get("inline") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{doc.filename_stem}.pdf"'
    return _private(response)


@login_required
@require_GET
def skp_xlsx(request, pk: int):
    skp_pk = _visible_skp_pk(request, pk)
    wb, doc = skp_workbook(skp_pk, language=document_language(request.GET.get("lang")))
    response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{doc.filename_stem}.xlsx"'
    wb.save(response)
    return _private(response)


# --- the period export ------------------------------------------------------------------------------

def _require_exporter(user) -> None:
    """Only HR admins export: 403 for everyone else."""
    if not can_export(user):
        raise PermissionDenied(_("Only an HR administrator (BKPSDM or OPD) can export the SKPs of a period."))


class ExportForm(BootstrapForm):
    period = forms.ModelChoiceField(label=gettext_lazy("Period"), queryset=Period.objects.none(),
                                    empty_label=None)
    unit = UnitTreeChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none(), required=False,
                               empty_label=gettext_lazy("Whole instance"),
                               help_text=gettext_lazy("The unit with all its sub-units."))
    language = forms.ChoiceField(label=gettext_lazy("Language of the headings"), choices=settings.LANGUAGES,
                                 initial=DEFAULT_LANGUAGE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        periods = permissions.export_periods(user).select_related("instance").order_by("-start_date", "name")
        self.fields["period"].queryset = periods
        if permissions.exports_across_instances(user):
            self.fields["period"].label_from_instance = lambda p: f"{p.name} · {p.instance.name}"
        self.fields["unit"].queryset = permissions.export_units(user).order_by("path")
        if not permissions.exports_whole_instance(user):
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None


def _out_of_scope(form: ExportForm) -> bool:
    """A well-formed id that the user's scope does not hold: treated as not found."""
    for name in ("period", "unit"):
        raw = form.data.get(name, "")
        if raw and str(raw).isdigit() and any(e.code == "invalid_choice" for e in form.errors.as_data().get(name, [])):
            return True
    return False


def _initial(request, form: ExportForm) -> dict:
    """``?period=&unit=`` (e.g. from the monitoring page) preselect the form when the user may use them."""
    initial = {}
    for name in ("period", "unit"):
        raw = request.GET.get(name, "")
        if raw.isdigit() and form.fields[name].queryset.filter(pk=raw).exists():
            initial[name] = int(raw)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def period_export(request):
    """The form; a POST queues the export (a background task writes the file) and comes back here, where
    the list of the user's exports shows it queued, running, then ready to download."""
    _require_exporter(request.user)
    status = 200
    if request.method == "POST":
        form = ExportForm(request.POST, user=request.user)
        outcome = run_service(request, form, lambda data: request_skp_export(
            actor=request.user, period=data["period"], unit=data["unit"], language=data["language"]))
        if outcome.ok:
            job = outcome.result
            job.refresh_from_db(fields=["status", "rows"])
            if job.status == JobStatus.DONE:
                messages.success(request, _("The export “%(title)s” is ready: %(rows)s rows.")
                                 % {"title": job.title, "rows": intcomma(job.rows or 0)})
            elif job.status == JobStatus.FAILED:
                messages.error(request, _("The export “%(title)s” failed.") % {"title": job.title})
            else:
                messages.info(request, _("The export “%(title)s” is queued. This page shows when it is ready; "
                                         "you may leave it meanwhile.") % {"title": job.title})
            return redirect(f"{reverse('skp_documents:export')}?job={job.pk}")
        if _out_of_scope(form):
            raise Http404
        status = 400
    else:
        form = ExportForm(user=request.user)
        form.initial.update(_initial(request, form))
    highlight = request.GET.get("job", "")
    context = {"form": form, "active_menu": "skp_export",
               **jobs_context(request, highlight=int(highlight) if highlight.isdigit() else None)}
    return render(request, "skp/documents/export.html", context, status=status)
