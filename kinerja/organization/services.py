"""Writes to the organisation tree. Each validates, writes in one transaction, and audits."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from treebeard.exceptions import InvalidMoveToDescendant

from kinerja.accounts import scope
from kinerja.audit.services import record, snapshot
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import ConflictError, PermissionDenied, ValidationError, field_error
from kinerja.rules import places

from . import permissions
from .models import STRUCTURAL_KINDS, Instance, Position, PositionKind, Unit
from .staffing import staffing

UNIT_FIELDS = ("name", "short_name", "kind", "code", "siasn_id", "address", "is_active")
POSITION_FIELDS = ("name", "kind", "is_head", "single_holder", "echelon", "is_active")


CITY_MAX = Instance._meta.get_field("city").max_length


def _clean_city(city: str) -> str:
    city = " ".join((city or "").split())
    if len(city) > CITY_MAX:
        raise field_error("city", _("At most %(max)d characters.") % {"max": CITY_MAX}, "max_length")
    return city


def create_instance(*, actor, name: str, slug: str, region: str = "", code: str = "", city: str = "") -> Instance:
    """A new instance; its place of signing defaults to the city or regency its name gives."""
    require_actor(actor)
    if not (is_system(actor) or actor.is_superuser):
        raise PermissionDenied(_("Only platform operators create instances."))
    if Instance.objects.filter(slug=slug).exists():
        raise field_error("slug", _("An instance with this slug already exists."), "duplicate")
    city = _clean_city(city) or places.place_from_name(name)
    with transaction.atomic():
        instance = Instance.objects.create(name=name, slug=slug, region=region, code=code, city=city)
        record("organization.instance.create", instance, actor=actor, after=snapshot(instance),
               instance_id=instance.pk)
    return instance


INSTANCE_FIELDS = ("name", "slug", "region", "city", "code", "is_active")


def update_instance(*, actor, instance: Instance, **changes) -> Instance:
    """Correct an instance's name, slug, region, BKN code or active flag (platform operators)."""
    require_actor(actor)
    if not (is_system(actor) or actor.is_superuser):
        raise PermissionDenied(_("Only platform operators change instances."))
    data = {k: v for k, v in changes.items() if k in INSTANCE_FIELDS}
    if "city" in data:
        data["city"] = _clean_city(data["city"] or "")
    for field in ("name", "slug"):
        if field in data:
            data[field] = (data[field] or "").strip()
            if not data[field]:
                raise field_error(field, _("This field is required."), "required")
            if Instance.objects.filter(**{field: data[field]}).exclude(pk=instance.pk).exists():
                raise field_error(field, _("Another instance already has this value."), "duplicate")
    with transaction.atomic():
        instance = Instance.objects.select_for_update().get(pk=instance.pk)
        before = snapshot(instance)
        for key, value in data.items():
            setattr(instance, key, value)
        instance.save(update_fields=[*data.keys(), "updated_at"])
        record("organization.instance.update", instance, actor=actor, before=before, after=snapshot(instance),
               instance_id=instance.pk)
    return instance


def set_signing_place(*, actor, instance: Instance, city: str) -> Instance:
    """The city or regency printed before the date above the signatures of the instance's documents
    (the SKP). BKPSDM administrators of the instance and platform operators."""
    require_actor(actor)
    if not scope.can_manage_instance(actor, instance.pk):
        raise PermissionDenied(_("Only BKPSDM administrators change the instance's settings."))
    city = _clean_city(city)
    if not city:
        raise field_error("city", _("Give the city or regency where documents are signed."), "required")
    before = {"city": instance.city}
    with transaction.atomic():
        instance.city = city
        instance.save(update_fields=["city", "updated_at"])
        record("organization.instance.signing_place", instance, actor=actor, before=before, after={"city": city},
               instance_id=instance.pk)
    return instance


SETTINGS_FIXED = ("id", "instance", "created_at", "updated_at")


class SettingsConflict(ConflictError, ValidationError):
    """The settings changed since the caller read them: a form shows it on top, the API answers 409."""

    def __init__(self, message):
        ValidationError.__init__(self, message, code="conflict")


def settings_stamp(row) -> str:
    """What the settings page remembers of the row it showed: its last change ("" before the first save)."""
    return row.updated_at.isoformat() if row is not None and row.pk and row.updated_at else ""


def update_instance_settings(*, actor, model, instance: Instance, values: dict, action: str,
                             seen: str | None = None, clean=None):
    """Save an app's per-instance settings row (``model``, one row per instance): BKPSDM administrators of the
    instance and platform operators. The row is created with its defaults if the instance has none yet.

    ``clean(values) -> values`` is the app's own validation (raising a ValidationError naming the field); the
    model's ``full_clean`` (field validators, ``clean``) runs on the changed row before it is saved. ``seen``
    is :func:`settings_stamp` of the row the caller showed: if someone saved the row since, nothing is written
    and :class:`ConflictError` says so. Nothing is written when anything is refused; the audit event holds the
    row before and after."""
    require_actor(actor)
    if not scope.can_manage_instance(actor, instance.pk):
        raise PermissionDenied(_("Only BKPSDM administrators change the instance's settings."))
    editable = {f.name for f in model._meta.concrete_fields if f.editable and f.name not in SETTINGS_FIXED}
    unknown = sorted(set(values) - editable)
    if unknown:
        raise ValidationError(_("Unknown settings: %(names)s.") % {"names": ", ".join(unknown)}, code="unknown")
    values = clean(dict(values)) if clean else dict(values)
    with transaction.atomic():
        row, _created = model.objects.select_for_update().get_or_create(instance=instance)
        if seen is not None and seen != settings_stamp(row) and not (_created and seen == ""):
            raise SettingsConflict(_("Someone else saved these settings after you opened the page: reload it, check "
                                  "their values and save again."))
        before = snapshot(row, exclude=("id",))
        for name, value in values.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
        after = snapshot(row, exclude=("id",))
        record(action, row, actor=actor, before=before, after=after, instance_id=instance.pk)
    return row


def _check_unit_parent(actor, instance: Instance, parent: Unit | None) -> None:
    if parent is None:
        if not scope.can_manage_instance(actor, instance.pk):
            raise PermissionDenied(_("Only BKPSDM administrators create top-level units."))
        return
    if parent.instance_id != instance.pk:
        raise field_error("parent", _("The parent unit belongs to another instance."), "other_instance")
    if not permissions.can_change_unit(actor, parent):
        raise PermissionDenied(_("You may not change units outside your scope."))


def _validate_unit(data: dict, instance: Instance, exclude_pk=None) -> None:
    name = (data.get("name") or "").strip()
    if not name:
        raise field_error("name", _("Name is required."), "required")
    siasn_id = (data.get("siasn_id") or "").strip()
    if siasn_id:
        clash = Unit.objects.filter(instance=instance, siasn_id=siasn_id).exclude(pk=exclude_pk)
        if clash.exists():
            raise field_error("siasn_id", _("Another unit already has this SIASN UNOR ID."), "duplicate")


def create_unit(*, actor, instance: Instance, parent: Unit | None = None, **data) -> Unit:
    require_actor(actor)
    data = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    _check_unit_parent(actor, instance, parent)
    _validate_unit(data, instance)
    with transaction.atomic():
        if parent is None:
            unit = Unit.objects.add_root(create_kwargs={"instance_id": instance.pk, **data})
        else:
            target = Unit.objects.get(pk=parent.pk)
            unit = Unit.objects.add_child(target, create_kwargs={"instance_id": instance.pk, **data})
        record("organization.unit.create", unit, actor=actor, after=snapshot(unit))
    return unit


def update_unit(*, actor, unit: Unit, **data) -> Unit:
    require_actor(actor)
    if not permissions.can_change_unit(actor, unit):
        raise PermissionDenied(_("You may not change units outside your scope."))
    data = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    _validate_unit({"name": unit.name, **data}, unit.instance, exclude_pk=unit.pk)
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit)
        for key, value in data.items():
            setattr(unit, key, value)
        unit.save(update_fields=[*data.keys(), "updated_at"])
        record("organization.unit.update", unit, actor=actor, before=before, after=snapshot(unit))
    return unit


def move_unit(*, actor, unit: Unit, new_parent: Unit | None) -> Unit:
    """Re-parent a unit with its whole subtree. A unit can never become its own ancestor."""
    require_actor(actor)
    if not permissions.can_change_unit(actor, unit):
        raise PermissionDenied(_("You may not change units outside your scope."))
    _check_unit_parent(actor, unit.instance, new_parent)
    if new_parent is not None and (new_parent.pk == unit.pk or new_parent.path.startswith(unit.path)):
        raise field_error("parent", _("A unit cannot be moved under itself or its own descendant."), "cycle")
    with transaction.atomic():
        unit = Unit.objects.get(pk=unit.pk)
        before = snapshot(unit)
        try:
            if new_parent is None:
                first_root = Unit.objects.get_first_root_node()
                Unit.objects.move(unit, first_root, "last-sibling")
            else:
                Unit.objects.move(unit, Unit.objects.get(pk=new_parent.pk), "last-child")
        except InvalidMoveToDescendant:
            raise field_error("parent", _("A unit cannot be moved under itself or its own descendant."),
                              "cycle") from None
        unit.refresh_from_db()
        record("organization.unit.move", unit, actor=actor, before=before, after=snapshot(unit))
    return unit


def _validate_position(instance_id: int, unit: Unit, superior: Position | None, data: dict,
                       position: Position | None = None) -> None:
    if unit.instance_id != instance_id:
        raise field_error("unit", _("The unit belongs to another instance."), "other_instance")
    name = (data.get("name") or "").strip()
    if not name:
        raise field_error("name", _("Name is required."), "required")
    if data.get("kind") not in PositionKind.values:
        raise field_error("kind", _("Choose a valid position kind."), "invalid_choice")
    clash = Position.objects.filter(unit=unit, name=name)
    if position is not None:
        clash = clash.exclude(pk=position.pk)
    if clash.exists():
        raise field_error("name", _("This unit already has a position with this name."), "duplicate")
    if data.get("is_head"):
        if data["kind"] not in STRUCTURAL_KINDS:
            raise field_error("is_head", _("Only JPT, Administrator or Pengawas positions head a unit."),
                              "not_structural")
        heads = Position.objects.filter(unit=unit, is_head=True)
        if position is not None:
            heads = heads.exclude(pk=position.pk)
        if heads.exists():
            raise field_error("is_head", _("This unit already has a head position."), "duplicate_head")
    if superior is not None:
        if superior.instance_id != instance_id:
            raise field_error("superior", _("The superior position belongs to another instance."),
                              "other_instance")
        if position is not None:
            # Walk up from the proposed superior: meeting this position would make a loop.
            seen, current = set(), superior
            while current is not None and current.pk not in seen:
                if current.pk == position.pk:
                    raise field_error("superior", _("A position cannot report to itself or to its own "
                                                    "subordinate."), "cycle")
                seen.add(current.pk)
                current = current.superior


def default_superior(unit: Unit, is_head: bool) -> Position | None:
    """The head of the unit, or for a head, the head of the nearest ancestor unit that has one."""
    if not is_head:
        head = Position.objects.filter(unit=unit, is_head=True).first()
        if head is not None:
            return head
    ancestors = list(Unit.objects.get_ancestors(unit).values_list("pk", flat=True))
    heads = {p.unit_id: p for p in Position.objects.filter(unit_id__in=ancestors, is_head=True)}
    for ancestor_pk in reversed(ancestors):
        if ancestor_pk in heads:
            return heads[ancestor_pk]
    return None


def create_position(*, actor, unit: Unit, superior: Position | None = None, auto_superior: bool = True,
                    **data) -> Position:
    require_actor(actor)
    if not permissions.can_change_unit(actor, unit):
        raise PermissionDenied(_("You may not change positions outside your scope."))
    data = {k: v for k, v in data.items() if k in POSITION_FIELDS}
    data.setdefault("single_holder", data.get("kind") in STRUCTURAL_KINDS)
    _validate_position(unit.instance_id, unit, superior, data)
    if superior is None and auto_superior:
        superior = default_superior(unit, bool(data.get("is_head")))
    with transaction.atomic():
        position = Position.objects.create(instance_id=unit.instance_id, unit=unit, superior=superior, **data)
        record("organization.position.create", position, actor=actor, after=snapshot(position))
    return position


def update_position(*, actor, position: Position, superior: Position | None | type = ..., **data) -> Position:
    require_actor(actor)
    if not permissions.can_change_unit(actor, position.unit):
        raise PermissionDenied(_("You may not change positions outside your scope."))
    data = {k: v for k, v in data.items() if k in POSITION_FIELDS}
    merged = {f: getattr(position, f) for f in POSITION_FIELDS} | data
    new_superior = position.superior if superior is ... else superior
    _validate_position(position.instance_id, position.unit, new_superior, merged, position=position)
    if merged.get("single_holder"):
        holders = staffing().position_count(position)
        if holders > 1:
            raise field_error("single_holder", _("This position has %(n)d holders; it cannot become "
                                                 "single-holder.") % {"n": holders}, "multiple_holders")
    with transaction.atomic():
        position = Position.objects.select_for_update().get(pk=position.pk)
        before = snapshot(position)
        for key, value in data.items():
            setattr(position, key, value)
        position.superior = new_superior
        position.save()
        record("organization.position.update", position, actor=actor, before=before, after=snapshot(position))
    return position


__all__ = ["ValidationError", "create_instance", "create_unit", "update_unit", "move_unit",
           "create_position", "update_position", "default_superior"]
