"""Socialisation pages: my items (read / unread), an item with its acknowledgement, and the
administrators' pages (list, create/edit, publish, coverage per unit, who has not read, remind).

Every lookup goes through :mod:`kinerja.socialisation.permissions`: an item the user may not see is a
404; management pages without an administrator role are 403. Writes go through services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.errors import error_dict
from kinerja.core.keyset import InvalidCursor, paginate
from kinerja.organization.instances import instance_choices, instance_for
from kinerja.organization.models import Unit

from . import permissions, services
from .coverage import audience_paths, coverage, in_audience, percent, summaries, tone
from .forms import ItemForm, run_service
from .models import Acknowledgement, Attachment, Category, Item, Reminder, ReminderBatch, Status

MINE_FILTERS = ("all", "unread", "read")


def _page(request, qs, ordering):
    size = settings.KINERJA["PAGE_SIZE"]
    try:
        return paginate(qs, ordering, size, request.GET.get("cursor"))
    except InvalidCursor:
        messages.warning(request, _("The page link had expired; showing the first page."))
        return paginate(qs, ordering, size)


def _page_url(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return f"?{params.urlencode()}"


# --- employees -------------------------------------------------------------------------------------

@login_required
def mine(request):
    employee = permissions.employee_of(request.user)
    shown = request.GET.get("show") if request.GET.get("show") in MINE_FILTERS else "all"
    category = request.GET.get("category") if request.GET.get("category") in Category.values else ""
    page = None
    counts = {"all": 0, "unread": 0, "read": 0}
    if employee is not None:
        acks = Acknowledgement.objects.filter(item=OuterRef("pk"), employee=employee)
        base = permissions.addressed_items(request.user)
        qs = base.annotate(
            acknowledged_at=Subquery(acks.values("acknowledged_at")[:1]),
            reminded=Exists(Reminder.objects.filter(item=OuterRef("pk"), employee=employee)),
        )
        if category:
            qs = qs.filter(category=category)
        if shown == "unread":
            qs = qs.exclude(Exists(acks))
        elif shown == "read":
            qs = qs.filter(Exists(acks))
        page = _page(request, qs, ["-published_at", "-id"])
        counts["all"] = base.count()
        counts["read"] = base.filter(Exists(acks)).count()
        counts["unread"] = counts["all"] - counts["read"]
    return render(request, "socialisation/mine.html", {
        "active_menu": "socialisation", "employee": employee, "page": page, "shown": shown,
        "category": category, "categories": Category.choices, "counts": counts,
        "next_url": _page_url(request, page.next_cursor) if page else None,
        "prev_url": _page_url(request, page.prev_cursor) if page else None,
        "is_manager": permissions.is_manager(request.user),
    })


def _visible_item(request, pk: int) -> Item:
    return get_object_or_404(permissions.visible_items(request.user, Item.objects.select_related(
        "instance", "owner_unit", "created_by", "published_by")), pk=pk)


@login_required
def detail(request, pk: int):
    item = _visible_item(request, pk)
    employee = permissions.employee_of(request.user)
    addressed = employee is not None and permissions.addressed_items(request.user).filter(pk=item.pk).exists()
    ack = Acknowledgement.objects.filter(item=item, employee=employee).first() if addressed else None
    reminded = addressed and ack is None and Reminder.objects.filter(item=item, employee=employee).exists()
    manage = permissions.can_manage_item(request.user, item)
    return render(request, "socialisation/detail.html", {
        "active_menu": "socialisation_manage" if manage and not addressed else "socialisation",
        "item": item, "attachments": list(item.attachments.all()), "addressed": addressed, "ack": ack,
        "reminded": reminded, "can_manage": manage,
        "audience": list(Unit.objects.filter(pk__in=item.audience.values("unit_id")).order_by("path"))
        if manage else [],
    })


@login_required
@require_POST
def acknowledge(request, pk: int):
    item = get_object_or_404(permissions.addressed_items(request.user), pk=pk)
    try:
        services.acknowledge(actor=request.user, item=item)
    except ValidationError as exc:  # pragma: no cover - the lookup above already refuses the rest
        messages.error(request, " ".join(m for ms in error_dict(exc).values() for m in ms))
    else:
        messages.success(request, _("Thank you: you confirmed that you have read “%(title)s”.")
                         % {"title": item.title})
    return redirect("socialisation:detail", pk=item.pk)


@login_required
def attachment(request, pk: int):
    found = get_object_or_404(Attachment.objects.filter(item__in=permissions.visible_items(request.user)), pk=pk)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("The file is missing.")) from None
    return FileResponse(handle, as_attachment=True, filename=found.name, content_type=found.content_type)


# --- administrators --------------------------------------------------------------------------------

def _require_manager(request) -> None:
    if not permissions.is_manager(request.user):
        raise PermissionDenied(_("Only BKPSDM and OPD administrators manage socialisation."))


def _managed_item(request, pk: int) -> Item:
    _require_manager(request)
    return get_object_or_404(permissions.managed_items(request.user, Item.objects.select_related(
        "instance", "owner_unit")), pk=pk)


@login_required
def manage(request):
    _require_manager(request)
    instance = instance_for(request)
    qs = permissions.managed_items(request.user, Item.objects.filter(instance=instance)).select_related("owner_unit")
    status = request.GET.get("status") if request.GET.get("status") in Status.values else ""
    if status:
        qs = qs.filter(status=status)
    page = _page(request, qs, ["-created_at", "-id"])
    totals = summaries(page.items)
    rows = []
    for item in page.items:
        total, done = totals.get(item.pk, (0, 0))
        pct = percent(done, total)
        rows.append((item, total, done, pct, tone(pct)))
    return render(request, "socialisation/manage.html", {
        "active_menu": "socialisation_manage", "instance": instance, "instances": instance_choices(request),
        "rows": rows, "page": page, "status": status, "statuses": Status.choices,
        "next_url": _page_url(request, page.next_cursor), "prev_url": _page_url(request, page.prev_cursor),
    })


def _form_units(request, instance_id: int):
    return permissions.audience_units(request.user, instance_id).order_by("path")


def _form_page(request, form, *, title: str, item: Item | None = None):
    return render(request, "socialisation/form.html", {
        "active_menu": "socialisation_manage", "form": form, "title": title, "item": item,
        "attachments": list(item.attachments.all()) if item else [],
        "cancel_url": reverse("socialisation:manage_detail", args=[item.pk]) if item
        else reverse("socialisation:manage"),
    })


def _can_address_instance(request, instance_id: int) -> bool:
    from kinerja.accounts.scope import can_manage_instance

    return can_manage_instance(request.user, instance_id)


@login_required
def item_create(request):
    _require_manager(request)
    instance = instance_for(request)
    allow_whole = _can_address_instance(request, instance.pk)
    form = ItemForm(request.POST or None, request.FILES or None, units=_form_units(request, instance.pk),
                    allow_whole=allow_whole, initial={"whole_instance": allow_whole})
    done = run_service(request, form, lambda data: services.create_item(
        actor=request.user, instance=instance, files=data["attachments"], **form.service_data()))
    if done.ok:
        messages.success(request, _("The draft “%(title)s” was saved. Check it, then publish it.")
                         % {"title": done.result.title})
        return redirect("socialisation:manage_detail", pk=done.result.pk)
    return _form_page(request, form, title=_("New socialisation item"))


@login_required
def item_edit(request, pk: int):
    item = _managed_item(request, pk)
    allow_whole = _can_address_instance(request, item.instance_id) and item.owner_unit_id is None
    form = ItemForm(request.POST or None, request.FILES or None, units=_form_units(request, item.instance_id),
                    item=item, allow_whole=allow_whole, initial=ItemForm.initial_for(item))
    done = run_service(request, form, lambda data: services.update_item(
        actor=request.user, item=item, add_files=data["attachments"],
        remove_attachments=data.get("remove_attachments") or [], **form.service_data()))
    if done.ok:
        messages.success(request, _("The item was saved."))
        return redirect("socialisation:manage_detail", pk=item.pk)
    return _form_page(request, form, title=_("Edit “%(title)s”") % {"title": item.title}, item=item)


@login_required
@require_POST
def item_publish(request, pk: int):
    item = _managed_item(request, pk)
    try:
        services.publish_item(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in error_dict(exc).values() for m in ms))
    else:
        messages.success(request, _("“%(title)s” is published: its audience sees it on their home page.")
                         % {"title": item.title})
    return redirect("socialisation:manage_detail", pk=item.pk)


def _drill_unit(request, item: Item, paths: list[str]) -> Unit | None:
    raw = request.GET.get("unit") or request.POST.get("unit")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    unit = Unit.objects.filter(pk=raw, instance_id=item.instance_id).first()
    if unit is None or not in_audience(item, paths, unit):
        raise Http404
    return unit


@login_required
def manage_detail(request, pk: int):
    """The administrator's view of an item: state, audience and the coverage per unit."""
    item = _managed_item(request, pk)
    paths = audience_paths(item)
    unit = _drill_unit(request, item, paths)
    result = coverage(item, unit, paths)
    batches = list(ReminderBatch.objects.filter(item=item).select_related("unit", "requested_by")[:5])
    return render(request, "socialisation/coverage.html", {
        "active_menu": "socialisation_manage", "item": item, "coverage": result, "unit": unit,
        "batches": batches, "attachments": list(item.attachments.all()),
        "audience": list(Unit.objects.filter(instance_id=item.instance_id, path__in=paths).order_by("path")),
    })


@login_required
def pending(request, pk: int):
    """Who in the audience (of a unit's subtree) has not acknowledged the item yet."""
    item = _managed_item(request, pk)
    paths = audience_paths(item)
    unit = _drill_unit(request, item, paths)
    last = Reminder.objects.filter(item=item, employee_id=OuterRef("pk")).order_by("-created_at")
    qs = (services.pending_employees(item, unit).select_related("unit", "position")
          .annotate(last_reminded=Subquery(last.values("created_at")[:1])))
    page = _page(request, qs, ["name", "id"])
    return render(request, "socialisation/pending.html", {
        "active_menu": "socialisation_manage", "item": item, "unit": unit, "page": page,
        "total": qs.count(),
        "next_url": _page_url(request, page.next_cursor), "prev_url": _page_url(request, page.prev_cursor),
    })


@login_required
@require_POST
def remind(request, pk: int):
    item = _managed_item(request, pk)
    unit = _drill_unit(request, item, audience_paths(item))
    try:
        batch = services.send_reminders(actor=request.user, item=item, unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in error_dict(exc).values() for m in ms))
    else:
        batch.refresh_from_db()
        if batch.status == "done":
            messages.success(request, _("Reminders sent to %(n)d employees (%(mailed)d by e-mail; %(without)d "
                                        "have no e-mail address and see the reminder in Kinerja only).")
                             % {"n": batch.recipients, "mailed": batch.emailed, "without": batch.without_email})
        else:
            messages.success(request, _("Reminders to %(n)d employees are being sent.") % {"n": batch.recipients})
    target = reverse("socialisation:manage_detail", args=[item.pk])
    return redirect(f"{target}?unit={unit.pk}" if unit else target)
