"""One IKI's report for one reporting period: the page (works without JavaScript: the form posts the value,
the notes, the files and a link at once) and the small JSON views its script uses — the background autosave
(with the lock version: a 409 names the other device's version), one evidence upload at a time (with the
device's token, so a retried upload is never doubled) and deleting one evidence item. Each calls one service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.errors import ConflictError, error_dict
from kinerja.core.forms import apply_service_errors
from kinerja.core.offline import keep_offline
from kinerja.rules import skp as skp_rules
from kinerja.skp import presentation

from ..forms import AutosaveForm, EvidenceUploadForm, ReportForm
from ..models import ActionPlan, Evidence, IkiAchievement, Report, ReportStatus
from ..services import evidence as evidence_services
from ..services import reports as report_services
from ..services import submission as submission_services
from ..services.common import FileTooLarge
from .common import iki_and_period_or_404, own_employee_id, period_label, quarter_of

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# the services' field names → the form's fields (the rest shows above the form)
ERROR_FIELDS = {"file": "files", "url": "link_url", "caption": "link_caption", "period_start": None}


def _report(iki, period_start) -> Report | None:
    return Report.objects.filter(iki=iki, period_start=period_start).first()


def report_state(report: Report | None) -> dict:
    """What the page's script compares and shows: the server's side of a report."""
    if report is None:
        return {"id": None, "value": "", "value_text": "", "notes": "", "lock_version": None, "status": "",
                "updated_at": ""}
    return {"id": report.pk, "value": skp_rules.format_number(report.value), "value_text": report.value_text,
            "notes": report.notes, "lock_version": report.lock_version, "status": report.status,
            "status_label": report.get_status_display(), "updated_at": report.updated_at.isoformat()}


def evidence_state(item: Evidence) -> dict:
    return {"id": item.pk, "kind": item.kind, "name": item.original_name or item.url, "url": item.url,
            "caption": item.caption, "size": item.size, "sha256": item.sha256, "status": item.status,
            "client_token": str(item.client_token) if item.client_token else "",
            "replaces": item.replaces_id,
            "file_url": reverse("progress:evidence-file", args=[item.pk]) if item.kind == "file" else "",
            "delete_url": reverse("progress:evidence_delete", args=[item.pk])}


def _messages(exc: ValidationError) -> list[str]:
    return [message for messages_ in error_dict(exc).values() for message in messages_]


@login_required
@keep_offline  # the service worker keeps the form: it opens without a connection (core/offline.py)
def report(request, iki_pk: int, period: str):
    iki, skp, reporting, period_ = iki_and_period_or_404(request, iki_pk, period)
    current = _report(iki, period_[0])
    qualitative = iki.target_kind == skp_rules.TargetKind.TEXT
    editable = (current is None or current.status in EDITABLE) and not skp.period.is_closed
    conflict = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("This report is no longer open for changes."))
        form = ReportForm(request.POST, request.FILES, qualitative=qualitative)
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            data = form.cleaned_data
            try:
                with evidence_services.stored_files(), transaction.atomic():
                    saved, _created = submission_services.submit_with_evidence(
                        actor=request.user, iki=iki, period_start=period_[0], value=data.get("value"),
                        value_text=data["value_text"], notes=data["notes"],
                        lock_version=data["lock_version"] if current is not None else None,
                        files=form.uploads, submit=False)
                    if data["link_url"]:
                        evidence_services.add_evidence(actor=request.user, report=saved, url=data["link_url"],
                                                       caption=data["link_caption"])
                    if submit:
                        saved = report_services.submit_report(actor=request.user, report=saved,
                                                              lock_version=saved.lock_version)
            except ConflictError:
                conflict = report_state(_report(iki, period_[0]))
                form.add_error(None, _("This report was changed on another device since you opened it. Your text "
                                       "is still below; compare it with the saved version and save again."))
            except ValidationError as exc:
                apply_service_errors(form, exc, aliases=ERROR_FIELDS)
            else:
                if submit:
                    messages.success(request, _("Your report is submitted to your superior."))
                    return redirect(f"{reverse('progress:mine')}?period={period_[0].isoformat()}")
                messages.success(request, _("Draft saved."))
                return redirect("progress:report", iki_pk=iki.pk, period=period_[0].isoformat())
        if conflict is not None:
            # the next save goes against the version now stored, with the user's own text kept in the form
            data = form.data.copy()
            data["lock_version"] = conflict["lock_version"]
            form.data = data
    else:
        state = report_state(current)
        form = ReportForm(initial={**state, "lock_version": state["lock_version"]}, qualitative=qualitative)
    evidence = list(Evidence.objects.live().filter(report=current)) if current is not None else []
    plan = ActionPlan.objects.filter(iki=iki, quarter=quarter_of(period_[0], skp)).first()
    achievement = (IkiAchievement.objects.filter(iki=iki, period_start__lte=period_[0])
                   .order_by("-period_start").first())
    earlier = list(Report.objects.filter(iki=iki, period_start__lt=period_[0]).order_by("-period_start")[:6])
    return render(request, "progress/report.html", {
        "form": form, "iki": iki, "rhk": iki.rhk, "skp": skp, "period": period_,
        "period_key": period_[0].isoformat(), "period_label": period_label(period_), "due": reporting.due(period_),
        "report": current,
        "state": report_state(current), "editable": editable, "conflict": conflict, "qualitative": qualitative,
        "target": presentation.shown_target(iki), "evidence": evidence, "plan": plan, "achievement": achievement,
        "earlier": earlier, "max_upload_mb": reporting.settings.max_upload_mb,
        "draft_key": f"kinerja.report.{request.user.pk}.{iki.pk}.{period_[0].isoformat()}",
        "active_menu": "progress_mine",
    })


@login_required
@require_POST
def autosave(request, iki_pk: int, period: str):
    """The background save of the page's script: 200 with the new lock version, 409 with the stored version
    when another device saved in between, 422 with the field errors."""
    iki, skp, _reporting, period_ = iki_and_period_or_404(request, iki_pk, period)
    form = AutosaveForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"detail": _("Check the highlighted fields."), "errors": form.errors}, status=422)
    data = form.cleaned_data
    try:
        saved = report_services.save_report(actor=request.user, iki=iki, period_start=period_[0],
                                            value=data.get("value"), value_text=data["value_text"],
                                            notes=data["notes"], lock_version=data["lock_version"])
    except ConflictError:
        return JsonResponse({"detail": _("Changed on another device."),
                             "server": report_state(_report(iki, period_[0]))}, status=409)
    except ValidationError as exc:
        return JsonResponse({"detail": " ".join(_messages(exc)), "errors": error_dict(exc)}, status=422)
    except PermissionDenied as exc:
        return JsonResponse({"detail": str(exc) or _("You may not change this report.")}, status=403)
    return JsonResponse({"report": report_state(saved)})


@login_required
@require_POST
def upload(request, iki_pk: int, period: str):
    """One evidence file (or link) from the page's script. The report's draft is started when there is none.
    The same ``client_token`` twice is the same evidence (the service answers the first one)."""
    iki, skp, _reporting, period_ = iki_and_period_or_404(request, iki_pk, period)
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
        return JsonResponse({"detail": " ".join(m for v in errors.values() for m in v), "errors": errors},
                            status=422)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            current = _report(iki, period_[0])
            if current is None:
                current = report_services.save_report(actor=request.user, iki=iki, period_start=period_[0])
            replaces = None
            if data.get("replaces"):  # a new file for one the superior asked to fix
                replaces = Evidence.objects.filter(pk=data["replaces"], report=current).first()
                if replaces is None:
                    raise ValidationError({"replaces": [_("The evidence to replace is not part of this report.")]})
            item = evidence_services.add_evidence(actor=request.user, report=current, upload=data.get("file"),
                                                  url=data.get("url") or "", caption=data.get("caption") or "",
                                                  client_token=data.get("client_token") or None, replaces=replaces)
    except ConflictError:
        return JsonResponse({"detail": _("Changed on another device. Try again.")}, status=409)
    except ValidationError as exc:
        return JsonResponse({"detail": " ".join(_messages(exc)), "errors": error_dict(exc)},
                            status=413 if isinstance(exc, FileTooLarge) else 422)
    except PermissionDenied as exc:
        return JsonResponse({"detail": str(exc) or _("You may not change this report.")}, status=403)
    current.refresh_from_db()
    return JsonResponse({"evidence": evidence_state(item), "report": report_state(current)}, status=201)


@login_required
@require_POST
def evidence_delete(request, pk: int):
    employee_id = own_employee_id(request)
    item = get_object_or_404(Evidence.objects.live().select_related("report"), pk=pk,
                             report__employee_id=employee_id)
    back = reverse("progress:report", kwargs={"iki_pk": item.report.iki_id,
                                              "period": item.report.period_start.isoformat()})
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        evidence_services.delete_evidence(actor=request.user, evidence=item)
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(_messages(exc)) if isinstance(exc, ValidationError) else str(exc)
        if wants_json:
            return JsonResponse({"detail": text}, status=422 if isinstance(exc, ValidationError) else 403)
        messages.error(request, text)
        return redirect(back)
    if wants_json:
        return JsonResponse({"deleted": pk})
    messages.success(request, _("Evidence removed."))
    return redirect(back)
