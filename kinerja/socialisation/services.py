"""Writes about socialisation items: create, update (with attachments), publish, acknowledge, remind.

Each function checks the actor's scope, validates everything first, then writes in one
transaction and records its audit event; a failure leaves nothing half-written (uploaded files
saved before a failure are removed again).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.scope import get_scope
from kinerja.audit.services import record, snapshot
from kinerja.core import uploads
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.organization.models import Instance, Unit
from kinerja.people.models import Employee

from . import permissions
from .coverage import in_audience
from .models import Acknowledgement, Attachment, Category, Item, ItemAudience, ReminderBatch, Status

TITLE_MAX = 200
MAX_FILES = 10
# what may be attached: the name's extension must be one of these kinds and the content must be that kind
# (core/uploads.py checks it: structure, decoding, no program, SVG or HTML whatever the name)
ALLOWED_KINDS = (uploads.PDF, uploads.DOCX, uploads.XLSX, uploads.PPTX, uploads.PNG, uploads.JPEG)
ALLOWED_TYPES: dict[str, str] = {ext: kind.content_type for kind in ALLOWED_KINDS for ext in kind.extensions}
ALLOWED_LABEL = "PDF, DOCX, XLSX, PPTX, PNG, JPG"


def max_upload_bytes() -> int:
    return int(settings.KINERJA.get("SOCIALISATION_MAX_UPLOAD", 10 * 1024 * 1024))


# --- validation ---------------------------------------------------------------------------------

def _clean_text(data: dict) -> dict:
    cleaned = {}
    if "title" in data:
        title = (data["title"] or "").strip()
        if not title:
            raise field_error("title", _("Title is required."), "required")
        if len(title) > TITLE_MAX:
            raise field_error("title", _("Title is at most %(max)d characters.") % {"max": TITLE_MAX}, "max_length")
        cleaned["title"] = title
    if "body" in data:
        body = (data["body"] or "").replace("\r\n", "\n").strip()
        if not body:
            raise field_error("body", _("The text is required."), "required")
        cleaned["body"] = body
    if "category" in data:
        if data["category"] not in Category.values:
            raise field_error("category", _("Choose policy, guide or change."), "invalid_choice")
        cleaned["category"] = data["category"]
    return cleaned


def clean_file(upload, field: str = "attachments") -> tuple[str, str]:
    """(safe file name, content type) of an upload, or a ValidationError naming the file: the checks of
    ``core/uploads.py`` with the attachment kinds and ``SOCIALISATION_MAX_UPLOAD``."""
    checked = uploads.check_upload(
        upload, allowed=ALLOWED_KINDS, max_bytes=max_upload_bytes(), field=field, match_extension=True,
        types_label=ALLOWED_LABEL, messages={
            "extension": _("“%(name)s”: only %(types)s files can be attached."),
        })
    return checked.name, checked.kind.content_type


def _normalise_units(units: Iterable[Unit]) -> list[Unit]:
    """Distinct units, without those already covered by an ancestor in the list."""
    by_path = {u.path: u for u in units}
    keep = [u for path, u in by_path.items()
            if not any(path != other and path.startswith(other) for other in by_path)]
    return sorted(keep, key=lambda u: u.path)


def _audience(actor, instance_id: int, owner_unit: Unit | None, whole_instance: bool,
              units: list[Unit], *, new: bool) -> tuple[bool, list[Unit], Unit | None]:
    """Validate the audience; returns (whole_instance, units, owner unit)."""
    for unit in units:
        if unit.instance_id != instance_id:
            raise field_error("units", _("%(unit)s belongs to another instance.") % {"unit": unit.name},
                              "other_instance")
    units = _normalise_units(units)
    if not whole_instance and not units:
        raise field_error("units", _("Choose the units to address, or the whole instance."), "required")
    if whole_instance:
        units = []
    s = None if is_system(actor) else get_scope(actor)
    manages_instance = s is None or s.superuser or (s.instance_wide_change and s.instance_id == instance_id)
    if new:
        if manages_instance:
            owner_unit = None
        else:
            covering = [p for p in s.change_paths if all(u.path.startswith(p) for u in units)]
            if whole_instance or not units or not covering:
                raise field_error("units", _("You may only address units inside the unit you manage."),
                                  "out_of_scope")
            owner_unit = Unit.objects.get(instance_id=instance_id, path=max(covering, key=len))
    if owner_unit is not None:
        if whole_instance:
            raise field_error("whole_instance", _("An item of %(unit)s cannot be addressed to the whole instance.")
                              % {"unit": owner_unit.name}, "out_of_scope")
        outside = [u.name for u in units if not u.path.startswith(owner_unit.path)]
        if outside:
            raise field_error("units", _("%(units)s lie outside %(owner)s.")
                              % {"units": ", ".join(outside), "owner": owner_unit.name}, "out_of_scope")
    return whole_instance, units, owner_unit


def _check_files(files) -> list[tuple]:
    files = [f for f in (files or []) if f]
    return [(f, *clean_file(f)) for f in files]


def _item_snapshot(item: Item) -> dict:
    data = snapshot(item)
    data["units"] = sorted(item.audience.values_list("unit_id", flat=True))
    data["attachments"] = list(item.attachments.order_by("id").values_list("name", flat=True))
    return data


def _save_files(item: Item, checked: list[tuple], actor, saved: list[str]) -> None:
    rows = []
    for upload, name, content_type in checked:
        attachment = Attachment(instance_id=item.instance_id, item=item, name=name, size=upload.size,
                                content_type=content_type,
                                uploaded_by=None if is_system(actor) else actor)
        attachment.file.save(name, upload, save=False)
        saved.append(attachment.file.name)
        rows.append(attachment)
    Attachment.objects.bulk_create(rows)


def _remove_stored(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def _require_manager(actor, instance_id: int) -> None:
    if is_system(actor):
        return
    s = get_scope(actor)
    if not (s.superuser or (s.instance_id == instance_id and (s.instance_wide_change or s.change_paths))):
        raise PermissionDenied(_("Only BKPSDM and OPD administrators publish socialisation items."))


# --- services ------------------------------------------------------------------------------------

def create_item(*, actor, instance: Instance, title: str, body: str, category: str = Category.POLICY,
                whole_instance: bool = False, units: Iterable[Unit] = (), files=()) -> Item:
    """A new draft item with its audience and attachments."""
    require_actor(actor)
    _require_manager(actor, instance.pk)
    data = _clean_text({"title": title, "body": body, "category": category})
    whole_instance, units, owner_unit = _audience(actor, instance.pk, None, bool(whole_instance), list(units),
                                                  new=True)
    checked = _check_files(files)
    if len(checked) > MAX_FILES:
        raise field_error("attachments", _("At most %(max)d attachments per item.") % {"max": MAX_FILES}, "too_many")
    saved: list[str] = []
    try:
        with transaction.atomic():
            item = Item.objects.create(instance=instance, whole_instance=whole_instance, owner_unit=owner_unit,
                                       created_by=None if is_system(actor) else actor, **data)
            ItemAudience.objects.bulk_create([ItemAudience(instance=instance, item=item, unit=u) for u in units])
            _save_files(item, checked, actor, saved)
            record("socialisation.item.create", item, actor=actor, after=_item_snapshot(item))
    except BaseException:
        _remove_stored(saved)
        raise
    return item


class _Unchanged(Exception):
    pass


def update_item(*, actor, item: Item, add_files=(), remove_attachments: Iterable[int] = (), **data) -> Item:
    """Change text, category, audience (``whole_instance``, ``units``) and attachments.

    A published item may be corrected too; its acknowledgements stay.
    """
    require_actor(actor)
    if not permissions.can_manage_item(actor, item):
        raise PermissionDenied(_("You may not change this item."))
    fields = _clean_text({k: v for k, v in data.items() if k in ("title", "body", "category")})
    audience_changed = "whole_instance" in data or "units" in data
    if audience_changed:
        whole = bool(data.get("whole_instance", item.whole_instance))
        units = list(data["units"]) if "units" in data else list(
            Unit.objects.filter(pk__in=item.audience.values("unit_id")))
        whole, units, _owner = _audience(actor, item.instance_id, item.owner_unit, whole, units, new=False)
        fields["whole_instance"] = whole
    remove_ids = {int(pk) for pk in remove_attachments or ()}
    removing = list(item.attachments.filter(pk__in=remove_ids))
    if len(removing) != len(remove_ids):
        raise field_error("remove_attachments", _("Unknown attachment of this item."), "does_not_exist")
    checked = _check_files(add_files)
    if item.attachments.count() - len(removing) + len(checked) > MAX_FILES:
        raise field_error("attachments", _("At most %(max)d attachments per item.") % {"max": MAX_FILES}, "too_many")
    saved: list[str] = []
    try:
        with transaction.atomic():
            item = Item.objects.select_for_update(of=("self",)).select_related("owner_unit").get(pk=item.pk)
            before = _item_snapshot(item)
            for key, value in fields.items():
                setattr(item, key, value)
            item.save()
            if audience_changed:
                wanted = {u.pk for u in units}
                item.audience.exclude(unit_id__in=wanted).delete()
                have = set(item.audience.values_list("unit_id", flat=True))
                ItemAudience.objects.bulk_create([ItemAudience(instance_id=item.instance_id, item=item, unit=u)
                                                  for u in units if u.pk not in have])
            old_files = [a.file.name for a in removing]
            Attachment.objects.filter(pk__in=[a.pk for a in removing]).delete()
            _save_files(item, checked, actor, saved)
            after = _item_snapshot(item)
            if after == before:
                raise _Unchanged
            record("socialisation.item.update", item, actor=actor, before=before, after=after)
            transaction.on_commit(lambda: _remove_stored(old_files))
    except _Unchanged:  # nothing to write: the transaction was rolled back, no audit event
        return Item.objects.get(pk=item.pk)
    except BaseException:
        _remove_stored(saved)
        raise
    return item


def publish_item(*, actor, item: Item) -> Item:
    """Draft → published: from now on the audience sees it on their home page."""
    require_actor(actor)
    if not permissions.can_manage_item(actor, item):
        raise PermissionDenied(_("You may not publish this item."))
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if item.status == Status.PUBLISHED:
            raise field_error("status", _("The item is already published."), "already_published")
        before = _item_snapshot(item)
        item.status = Status.PUBLISHED
        item.published_at = timezone.now()
        item.published_by = None if is_system(actor) else actor
        item.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        record("socialisation.item.publish", item, actor=actor, before=before, after=_item_snapshot(item))
    return item


def acknowledge(*, actor, item: Item, employee: Employee | None = None) -> Acknowledgement:
    """"I have read and understood it". Idempotent: a second call returns the first acknowledgement."""
    require_actor(actor)
    if employee is None:
        employee = permissions.employee_of(actor)
    if employee is None:
        raise PermissionDenied(_("Only employees acknowledge socialisation items."))
    if not is_system(actor) and not get_scope(actor).superuser and actor.employee_id != employee.pk:
        raise PermissionDenied(_("You may only acknowledge for yourself."))
    if not Item.objects.filter(permissions.addressed_q(employee), pk=item.pk).exists():
        raise PermissionDenied(_("This item is not addressed to you."))
    existing = Acknowledgement.objects.filter(item=item, employee=employee).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        ack, created = Acknowledgement.objects.get_or_create(
            item=item, employee=employee,
            defaults={"instance_id": item.instance_id, "acknowledged_at": timezone.now()})
        if created:
            record("socialisation.acknowledgement.create", ack, actor=actor, after=snapshot(ack),
                   object_label=f"{employee.full_name} – {item.title}"[:255])
    return ack


def pending_employees(item: Item, unit: Unit | None = None):
    """Active audience employees (of ``unit``'s subtree when given) who have not acknowledged."""
    paths = list(item.audience.values_list("unit__path", flat=True))
    qs = Employee.objects.filter(permissions.audience_employee_q(item.instance_id, item.whole_instance, paths))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.exclude(Exists(Acknowledgement.objects.filter(item=item, employee_id=OuterRef("pk"))))


def send_reminders(*, actor, item: Item, unit: Unit | None = None) -> ReminderBatch:
    """Queue reminders to everyone in the audience (or ``unit``'s subtree) who has not read the item.

    The background task (:func:`kinerja.socialisation.tasks.deliver_reminders`) sends the e-mails
    and records the in-app reminders once this transaction commits.
    """
    require_actor(actor)
    if not permissions.can_manage_item(actor, item):
        raise PermissionDenied(_("You may not send reminders for this item."))
    if item.status != Status.PUBLISHED:
        raise field_error("status", _("Publish the item before sending reminders."), "not_published")
    if unit is not None and not in_audience(item, list(item.audience.values_list("unit__path", flat=True)), unit):
        raise field_error("unit", _("%(unit)s is not in the audience of this item.") % {"unit": unit.name},
                          "not_in_audience")
    pending = pending_employees(item, unit).count()
    if pending == 0:
        raise field_error("unit" if unit is not None else "__all__",
                          _("Everyone addressed has already acknowledged this item."), "nobody_pending")
    from .tasks import deliver_reminders

    with transaction.atomic():
        batch = ReminderBatch.objects.create(instance_id=item.instance_id, item=item, unit=unit,
                                             requested_by=None if is_system(actor) else actor,
                                             recipients=pending)
        record("socialisation.reminder.create", batch, actor=actor, after=snapshot(batch),
               object_label=item.title)
        transaction.on_commit(lambda: deliver_reminders.enqueue(batch.pk))
    return batch


__all__ = ["create_item", "update_item", "publish_item", "acknowledge", "send_reminders", "pending_employees",
           "clean_file", "ALLOWED_TYPES", "max_upload_bytes"]
