"""Socialisation: the items addressed to me and their acknowledgement; for administrators the
items they manage (create, edit, attachments, publish), the coverage per unit, who has not read an
item, and reminders (sent by a background task)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from kinerja.api.lookups import actor, page
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit
from kinerja.core.errors import field_error
from kinerja.organization.api_lookups import instance_for, unit_ref, units_for
from kinerja.socialisation import permissions, services
from kinerja.socialisation.coverage import audience_paths, coverage, in_audience, summaries
from kinerja.socialisation.models import Acknowledgement, Attachment, Category, Item, Reminder
from kinerja.socialisation.models import Status as ItemStatus

from .schemas import (
    AcknowledgementOut,
    AttachmentOut,
    CoverageOut,
    ItemCreateIn,
    ItemDetailOut,
    ItemPage,
    ItemPatchIn,
    ManagedItemPage,
    PendingPage,
    ReminderBatchOut,
    RemindIn,
)

router = Router(tags=["socialisation"])
# Operation ids as first published (kinerja/api/routers/socialisation.py); clients are generated from them.
OPERATION_ID_PREFIX = "kinerja_api_routers_socialisation_"
FEED_ORDERING = ["-published_at", "-id"]
ADMIN_ORDERING = ["-created_at", "-id"]
ADMIN_ERRORS = {**READ_ERRORS, 403: WRITE_ERRORS[403]}


def _detail(request, pk: Id) -> Item:
    user = actor(request)
    item = get_object_or_404(permissions.visible_items(user, Item.objects.select_related("owner_unit")), pk=pk)
    employee = permissions.employee_of(user)
    item.api_addressed = employee is not None and permissions.addressed_items(user).filter(pk=pk).exists()
    item.api_can_manage = permissions.can_manage_item(user, item)
    if item.api_addressed:
        ack = Acknowledgement.objects.filter(item=item, employee=employee).first()
        item.acknowledged_at = ack.acknowledged_at if ack else None
        item.reminded = Reminder.objects.filter(item=item, employee=employee).exists()
    item.api_audience = (list(units_for(request).filter(pk__in=item.audience.values("unit_id")).order_by("path"))
                         if item.api_can_manage else [])
    return item


def _require_manager(request) -> None:
    if not permissions.is_manager(actor(request)):
        raise PermissionDenied(_("Only BKPSDM and OPD administrators manage socialisation."))


def _managed(request, pk: Id) -> Item:
    _require_manager(request)
    return get_object_or_404(permissions.managed_items(actor(request), Item.objects.select_related("owner_unit")),
                             pk=pk)


def _units(request, ids: list[int]) -> list:
    """Audience units by id, one query; a unit the caller cannot see (another instance) is a 422."""
    found = {u.pk: u for u in units_for(request).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise field_error("units", _("Unknown unit %(id)s.") % {"id": missing[0]}, "does_not_exist")
    return [found[pk] for pk in dict.fromkeys(ids)]


def _drill(request, item: Item, unit_id: Id | None):
    if unit_id is None:
        return None
    unit = unit_ref(request, unit_id, "unit")
    if not in_audience(item, audience_paths(item), unit):
        raise field_error("unit", _("%(unit)s is not in the audience of this item.") % {"unit": unit.name},
                          "not_in_audience")
    return unit


# --- employees ---------------------------------------------------------------------------------------

@router.get("/socialisation/items", response={200: ItemPage, **READ_ERRORS})
def list_my_items(request, unread: bool | None = None, category: Category | None = None,
                  cursor: Cursor | None = None, limit: Limit | None = None):
    """Published items addressed to me (my unit or one above it, or the whole instance), newest first.
    `unread=true` lists only those I have not acknowledged."""
    user = actor(request)
    employee = permissions.employee_of(user)
    qs = permissions.addressed_items(user)
    if employee is not None:
        acks = Acknowledgement.objects.filter(item=OuterRef("pk"), employee=employee)
        qs = qs.annotate(acknowledged_at=Subquery(acks.values("acknowledged_at")[:1]),
                         reminded=Exists(Reminder.objects.filter(item=OuterRef("pk"), employee=employee)))
        if unread is True:
            qs = qs.exclude(Exists(acks))
        elif unread is False:
            qs = qs.filter(Exists(acks))
    if category:
        qs = qs.filter(category=category)
    return page(qs, FEED_ORDERING, limit, cursor)


@router.get("/socialisation/items/{int:item_id}", response={200: ItemDetailOut, **READ_ERRORS})
def get_item(request, item_id: Id):
    """An item addressed to me, or one I manage (drafts included)."""
    return _detail(request, item_id)


@router.post("/socialisation/items/{int:item_id}/acknowledge", response={200: AcknowledgementOut, **WRITE_ERRORS})
def acknowledge(request, item_id: Id):
    """"I have read and understood it". Idempotent: acknowledging again returns the first acknowledgement.
    An item not addressed to me is a 404."""
    item = get_object_or_404(permissions.addressed_items(actor(request)), pk=item_id)
    return services.acknowledge(actor=actor(request), item=item)


# --- administrators ----------------------------------------------------------------------------------

@router.get("/socialisation/manage/items", response={200: ManagedItemPage, **ADMIN_ERRORS})
def list_managed_items(request, status: ItemStatus | None = None, cursor: Cursor | None = None,
                       limit: Limit | None = None):
    """Items I manage (BKPSDM: the instance; OPD admin: those of my OPD), newest first, with their coverage."""
    _require_manager(request)
    qs = permissions.managed_items(actor(request)).select_related("owner_unit")
    if status:
        qs = qs.filter(status=status)
    result = page(qs, ADMIN_ORDERING, limit, cursor)
    totals = summaries(result["items"])
    for item in result["items"]:
        item.api_summary = totals.get(item.pk, (0, 0))
    return result


@router.post("/socialisation/manage/items", response={201: ItemDetailOut, **WRITE_ERRORS})
def create_item(request, payload: ItemCreateIn):
    """A new draft. Attachments are added with `POST …/attachments`; publish with `POST …/publish`."""
    _require_manager(request)
    data = payload.dict()
    units = _units(request, data.pop("units"))
    item = services.create_item(actor=actor(request), instance=instance_for(request, via=units[0] if units else None),
                                units=units, **data)
    return Status(201, _detail(request, item.pk))


@router.patch("/socialisation/manage/items/{int:item_id}", response={200: ItemDetailOut, **WRITE_ERRORS})
def update_item(request, item_id: Id, payload: ItemPatchIn):
    item = _managed(request, item_id)
    data = payload.dict(exclude_unset=True)
    if "units" in data:
        data["units"] = _units(request, data["units"] or [])
    services.update_item(actor=actor(request), item=item, **data)
    return _detail(request, item.pk)


@router.post("/socialisation/manage/items/{int:item_id}/attachments", response={201: AttachmentOut, **WRITE_ERRORS})
def add_attachment(request, item_id: Id, file: File[UploadedFile]):
    """Upload one attachment (multipart field `file`): PDF, DOCX, XLSX, PPTX, PNG or JPG, at most 10 MB."""
    item = _managed(request, item_id)
    before = set(item.attachments.values_list("pk", flat=True))
    services.update_item(actor=actor(request), item=item, add_files=[file])
    return Status(201, item.attachments.exclude(pk__in=before).get())


@router.delete("/socialisation/manage/items/{int:item_id}/attachments/{int:attachment_id}",
               response={204: None, **WRITE_ERRORS})
def remove_attachment(request, item_id: Id, attachment_id: Id):
    item = _managed(request, item_id)
    get_object_or_404(Attachment.objects.filter(item=item), pk=attachment_id)
    services.update_item(actor=actor(request), item=item, remove_attachments=[attachment_id])
    return Status(204, None)


@router.post("/socialisation/manage/items/{int:item_id}/publish", response={200: ItemDetailOut, **WRITE_ERRORS})
def publish_item(request, item_id: Id):
    """Draft → published: the audience sees it on their home page from now on."""
    services.publish_item(actor=actor(request), item=_managed(request, item_id))
    return _detail(request, item_id)


@router.get("/socialisation/manage/items/{int:item_id}/coverage", response={200: CoverageOut, **ADMIN_ERRORS})
def item_coverage(request, item_id: Id, unit: Id | None = None):
    """Acknowledgement coverage per unit: the audience units (or the OPD for the whole instance); `unit`
    drills into that unit's children. A constant number of queries, however big the audience."""
    item = _managed(request, item_id)
    return coverage(item, _drill(request, item, unit))


@router.get("/socialisation/manage/items/{int:item_id}/pending", response={200: PendingPage, **ADMIN_ERRORS})
def item_pending(request, item_id: Id, unit: Id | None = None, cursor: Cursor | None = None,
                 limit: Limit | None = None):
    """Active audience employees (of `unit`'s subtree) who have not acknowledged the item, by name."""
    item = _managed(request, item_id)
    last = Reminder.objects.filter(item=item, employee_id=OuterRef("pk")).order_by("-created_at")
    qs = (services.pending_employees(item, _drill(request, item, unit)).select_related("unit", "position")
          .annotate(last_reminded=Subquery(last.values("created_at")[:1])))
    return page(qs, ["name", "id"], limit, cursor)


@router.post("/socialisation/manage/items/{int:item_id}/remind", response={202: ReminderBatchOut, **WRITE_ERRORS})
def remind(request, item_id: Id, payload: RemindIn):
    """Remind everyone addressed (or in `unit`'s subtree) who has not read the item: an in-app reminder
    for each, and an e-mail for those with an address. A background task sends them; the batch's
    counts are final once its `status` is "done" (those without an e-mail address: `without_email`)."""
    item = _managed(request, item_id)
    batch = services.send_reminders(actor=actor(request), item=item, unit=_drill(request, item, payload.unit))
    batch.refresh_from_db()
    return Status(202, batch)
