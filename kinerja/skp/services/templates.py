"""Bulk content: SKP templates (BKPSDM admin) and applying them, copying from the previous SKP."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.audit.services import record, snapshot
from kinerja.core import errors as core_errors
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.rules import skp as rules

from .. import queries
from ..models import (
    Appendix,
    Iki,
    Rhk,
    Skp,
    SkpKind,
    SkpTemplate,
)
from .common import (
    _bump,
    _check_change,
    _json,
    _next_order,
    _record,
    _text,
    _unknown_fields,
)
from .content import IKI_FIELDS, _clean_group, _clean_iki


def _insert_content(skp: Skp, items: list[dict]) -> int:
    """Append RHK (with their IKI) from cleaned ``items``; three queries whatever their number."""
    order = {g.value: _next_order(Rhk, skp=skp, group=g.value) for g in rules.Group}
    rhks = []
    for item in items:
        rhks.append(Rhk(instance_id=skp.instance_id, skp=skp, group=item["group"], perspective=item["perspective"],
                        text=item["text"], parent_id=item.get("parent_id"), order=order[item["group"]]))
        order[item["group"]] += 1
    Rhk.objects.bulk_create(rhks)
    ikis = []
    for rhk, item in zip(rhks, items, strict=True):
        ikis.extend(Iki(instance_id=skp.instance_id, rhk=rhk, order=i, **values)
                    for i, values in enumerate(item["ikis"]))
    Iki.objects.bulk_create(ikis)
    return len(rhks)


def clean_template_content(content, jpt: bool | None = None) -> list[dict]:
    """A template's RHK list, validated like an SKP's. Errors name the field ``content`` and the row.

    ``jpt`` True requires a perspective on each RHK; None (saving a template) checks it only if given.
    """
    if not isinstance(content, list) or not content:
        raise field_error("content", _("A template needs at least one RHK."), "required")
    # aspects are required on a standard SKP's indicators, optional in a template and on a JPT's SKP
    probe = Skp(kind=SkpKind.STANDARD if jpt is False else SkpKind.JPT)
    cleaned = []
    for n, item in enumerate(content, start=1):
        try:
            if not isinstance(item, dict):
                raise field_error("content", _("Each RHK must be an object."), "invalid")
            text = _text(item.get("text"), "text", _("The RHK"))
            group = _clean_group(item.get("group") or rules.Group.UTAMA)
            perspective = item.get("perspective") or ""
            if perspective and perspective not in {p.value for p in rules.Perspective}:
                raise field_error("perspective", _("Choose a valid perspective."), "invalid_choice")
            if jpt and not perspective:
                raise field_error("perspective", _("Choose the perspective of this RHK."), "required")
            ikis = item.get("ikis") or []
            if not isinstance(ikis, list):
                raise field_error("ikis", _("Give a list of indicators."), "invalid")
            cleaned_ikis = []
            for m, iki in enumerate(ikis, start=1):
                try:
                    if not isinstance(iki, dict):
                        raise field_error("ikis", _("Each indicator must be an object."), "invalid")
                    cleaned_ikis.append(_clean_iki(probe, iki))
                except ValidationError as exc:
                    raise _prefixed(exc, _("IKI %(n)d") % {"n": m}) from None
        except ValidationError as exc:
            raise _prefixed(exc, _("RHK %(n)d") % {"n": n}) from None
        cleaned.append({"text": text, "group": group, "perspective": perspective if jpt is not False else "",
                        "ikis": cleaned_ikis})
    return cleaned


def _prefixed(exc: ValidationError, where: str) -> ValidationError:
    """``{"field": [m]}`` → ``{"content": ["where, field: m"]}`` (a template's row, for the person fixing it)."""
    messages = []
    for field, errors in core_errors.error_dict(exc).items():
        for message in errors:
            label = where if field in ("content", "__all__") else f"{where}, {field}"
            messages.append(f"{label}: {message}")
    return ValidationError({"content": [ValidationError(m, code="invalid") for m in messages]})


def _check_template_fields(name, position_name, position_kind) -> tuple[str, str, str]:
    from kinerja.organization.models import PositionKind

    name = _text(name, "name", _("The name"), 200)
    position_name = (position_name or "").strip()
    if len(position_name) > 200:
        raise field_error("position_name", _("%(label)s is too long (at most %(max)d characters).")
                          % {"label": _("The position name"), "max": 200}, "too_long")
    if position_kind and position_kind not in PositionKind.values:
        raise field_error("position_kind", _("Choose a valid position kind."), "invalid_choice")
    return name, position_name, position_kind or ""


def _stored_content(content) -> list[dict]:
    cleaned = clean_template_content(content)
    return [{**item, "ikis": [{k: _json(v) for k, v in iki.items()} for iki in item["ikis"]]} for item in cleaned]


def create_template(*, actor, instance, name: str, content: list, position_name: str = "",
                    position_kind: str = "", is_active: bool = True) -> SkpTemplate:
    """A set of standard RHK and IKI offered to positions of a name or kind (BKPSDM admin)."""
    require_actor(actor)
    if not scope.can_manage_instance(actor, instance.pk):
        raise PermissionDenied(_("Only BKPSDM administrators manage SKP templates."))
    name, position_name, position_kind = _check_template_fields(name, position_name, position_kind)
    stored = _stored_content(content)
    with transaction.atomic():
        template = SkpTemplate.objects.create(instance=instance, name=name, position_name=position_name,
                                              position_kind=position_kind, content=stored, is_active=bool(is_active))
        record("skp.template.create", template, actor=actor, after=snapshot(template))
    return template


TEMPLATE_FIELDS = ("name", "position_name", "position_kind", "content", "is_active")


def update_template(*, actor, template: SkpTemplate, **fields) -> SkpTemplate:
    """Change a template (BKPSDM admin); ``content`` is validated again. SKPs it was applied to keep theirs."""
    require_actor(actor)
    _unknown_fields(fields, TEMPLATE_FIELDS)
    if not scope.can_manage_instance(actor, template.instance_id):
        raise PermissionDenied(_("Only BKPSDM administrators manage SKP templates."))
    merged = {key: getattr(template, key) for key in TEMPLATE_FIELDS} | fields
    name, position_name, position_kind = _check_template_fields(merged["name"], merged["position_name"],
                                                                 merged["position_kind"])
    changes = {"name": name, "position_name": position_name, "position_kind": position_kind,
               "is_active": bool(merged["is_active"])}
    if "content" in fields:
        changes["content"] = _stored_content(fields["content"])
    with transaction.atomic():
        before = snapshot(template)
        for key, value in changes.items():
            setattr(template, key, value)
        template.save()
        record("skp.template.update", template, actor=actor, before=before, after=snapshot(template))
    return template


def apply_template(*, actor, skp: Skp, template: SkpTemplate, lock_version) -> Skp:
    """Append the template's RHK and IKI to the SKP (links to the superior's RHK are set afterwards)."""
    require_actor(actor)
    _check_change(actor, skp)
    if template.instance_id != skp.instance_id or not template.is_active:
        raise field_error("template", _("Unknown template."), "does_not_exist")
    items = clean_template_content(template.content, jpt=skp.is_jpt)
    with transaction.atomic():
        _bump(skp, lock_version)
        count = _insert_content(skp, items)
        _record("skp.skp.apply_template", skp, actor, before={"template": None},
                after={"template": template.pk, "name": template.name, "rhks": count})
    return skp


def previous_skp(skp: Skp) -> Skp | None:
    """The employee's latest SKP of an earlier period."""
    return (Skp.objects.filter(employee_id=skp.employee_id, period__start_date__lt=skp.period.start_date)
            .order_by("-period__start_date").first())


def copy_from_previous(*, actor, skp: Skp, lock_version) -> Skp:
    """Copy RHK, IKI and lampiran from the employee's latest earlier SKP into an empty one (not the superior's
    expectations: only the evaluator sets those).

    Links to the superior's RHK are re-pointed to the superior's RHK of this period with the same text
    when there is one, else left empty. Queries do not grow with the number of RHK.
    """
    require_actor(actor)
    _check_change(actor, skp)
    source = previous_skp(skp)
    if source is None:
        raise field_error("skp", _("There is no earlier SKP of this employee to copy from."), "no_previous")
    if skp.rhks.exists():
        raise field_error("skp", _("This SKP already has RHK; copying works only on an empty SKP."), "not_empty")
    source = queries.skp_detail(source)
    parents = {}
    for parent_id, parent_text in queries.allowed_parents(skp).values_list("pk", "text"):
        parents.setdefault(parent_text.strip(), parent_id)
    items = []
    for rhk in source.rhks.all():
        parent_id = parents.get(rhk.parent.text.strip()) if rhk.parent_id else None
        items.append({"group": rhk.group, "perspective": rhk.perspective if skp.is_jpt else "", "text": rhk.text,
                      "parent_id": parent_id,
                      "ikis": [{key: getattr(iki, key) for key in IKI_FIELDS if key != "order"}
                               for iki in rhk.ikis.all()]})
    with transaction.atomic():
        _bump(skp, lock_version)
        count = _insert_content(skp, items)
        if not skp.appendix.exists():
            Appendix.objects.bulk_create([Appendix(instance_id=skp.instance_id, skp=skp, kind=line.kind,
                                                   text=line.text, order=line.order)
                                          for line in source.appendix.all()])
        # not the expectations: they are the (new) evaluator's word, never the employee's to bring in
        _record("skp.skp.copy", skp, actor, before={"source": None},
                after={"source": source.pk, "period": source.period.name, "rhks": count})
    return skp
