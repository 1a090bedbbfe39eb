"""The audit log browser: a filtered, keyset-paginated list and one event's before/after diff.

Read-only. Only auditors, BKPSDM administrators and superusers (``accounts.permissions.reads_audit``) get
in; every row comes through ``restrict_audit`` so an administrator sees only their instance.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from kinerja.accounts import permissions as account_permissions
from kinerja.accounts import scope as sc
from kinerja.audit import labels
from kinerja.audit.models import AuditEvent
from kinerja.core.keyset import InvalidCursor, paginate

from .forms import SOURCE_ICONS, AuditFilterForm

ORDERING = ["-id"]
PAGE_SIZE = 50


def _require_audit(user) -> None:
    if not account_permissions.reads_audit(user):
        raise PermissionDenied(_("Only auditors and BKPSDM administrators may read the audit log."))


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_events(qs, f: dict):
    if f.get("actor"):
        qs = qs.filter(Q(actor__username__icontains=f["actor"]) | Q(actor_label__icontains=f["actor"]))
    if f.get("action"):
        qs = qs.filter(action__startswith=f["action"].strip())
    if f.get("object_type"):
        qs = qs.filter(object_type=f["object_type"])
    if f.get("object_id"):
        qs = qs.filter(object_id=f["object_id"].strip())
    if f.get("date_from"):
        qs = qs.filter(at__gte=_day_start(f["date_from"]))
    if f.get("date_to"):
        qs = qs.filter(at__lt=_day_start(f["date_to"] + timedelta(days=1)))
    if f.get("source"):
        qs = qs.filter(source=f["source"])
    return qs


def object_url(event: AuditEvent) -> str:
    return labels.object_url(event.object_type, event.object_id)


def _decorate(event: AuditEvent) -> AuditEvent:
    event.label = labels.action_label(event.action)
    event.type_label = labels.object_type_label(event.object_type)
    event.source_icon = SOURCE_ICONS.get(event.source, "question-circle")
    return event


@login_required
@require_safe
def event_list(request):
    _require_audit(request.user)
    form = AuditFilterForm(request.GET)
    filters = form.filters()
    qs = filter_events(sc.restrict_audit(AuditEvent.objects.all(), request.user), filters)
    cursor_error = False
    try:
        page = paginate(qs, ORDERING, PAGE_SIZE, request.GET.get("cursor"))
    except InvalidCursor:
        cursor_error = True
        page = paginate(qs, ORDERING, PAGE_SIZE, None)
    for event in page.items:
        _decorate(event)
    return render(request, "audit/list.html", {
        "form": form, "page": page, "cursor_error": cursor_error, "known_actions": labels.action_labels().items(),
        "filtered": any(filters.values()), "active_menu": "audit",
    })


# Keys that services add to a snapshot beside the model's own fields (e.g. a socialisation item's
# audience units and attachment names, the demo's summary): labelled in the user's language too.
EXTRA_LABELS = {
    "units": gettext_lazy("audience units"), "attachments": gettext_lazy("attachments"),
    "lines": gettext_lazy("lines"), "kind": gettext_lazy("kind"), "template": gettext_lazy("template"),
    "source": gettext_lazy("source"), "year": gettext_lazy("year"), "previous_year": gettext_lazy("previous year"),
    "statuses": gettext_lazy("statuses"), "versions": gettext_lazy("versions"), "appendix": gettext_lazy("appendix"),
    "expectations": gettext_lazy("expectations"), "missions": gettext_lazy("missions"),
    "pk_indicators": gettext_lazy("PK indicators"), "programmes": gettext_lazy("programmes"),
    "action_plans": gettext_lazy("action plans"), "skp": "SKP", "rhk": "RHK", "iki": "IKI", "iku": "IKU",
    "renstra": "Renstra",
}


def _verbose_names(object_type: str) -> dict[str, str]:
    """Labels of a snapshot's keys: the audited model's fields ("unit_id" → "unit") when the type names a
    model, and the extra keys services record (EXTRA_LABELS)."""
    names = {key: str(label) for key, label in EXTRA_LABELS.items()}
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return names
    for field in model._meta.concrete_fields:
        names[field.attname] = str(field.verbose_name)
    return names


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@login_required
@require_safe
def event_detail(request, pk: int):
    _require_audit(request.user)
    event = _decorate(get_object_or_404(sc.restrict_audit(AuditEvent.objects.select_related("actor"), request.user),
                                        pk=pk))
    labels = _verbose_names(event.object_type)
    changes = [{"field": field, "label": labels.get(field, field), "before": _show(before), "after": _show(after),
                "added": event.before is None, "removed": event.after is None,
                "before_empty": before in (None, ""), "after_empty": after in (None, "")}
               for field, before, after in event.changed_fields()]
    return render(request, "audit/detail.html", {
        "event": event, "changes": changes, "object_url": object_url(event),
        "before_json": json.dumps(event.before, indent=2, ensure_ascii=False) if event.before is not None else "",
        "after_json": json.dumps(event.after, indent=2, ensure_ascii=False) if event.after is not None else "",
        "active_menu": "audit",
    })


__all__ = ["event_list", "event_detail", "filter_events"]
