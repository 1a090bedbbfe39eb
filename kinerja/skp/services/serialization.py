"""The whole SKP as plain JSON-safe data (version snapshots, the API, the documents)."""

from __future__ import annotations

from kinerja.rules import skp as rules

from .. import queries
from ..models import (
    Skp,
)
from .common import _iki_data, _json, _rhk_data


def _person(employee) -> dict | None:
    if employee is None:
        return None
    return {"id": employee.pk, "nip": employee.nip, "name": employee.full_name, "grade": employee.grade,
            "rank": employee.rank_name}


def _position(position) -> dict | None:
    if position is None:
        return None
    return {"id": position.pk, "name": position.name, "kind": position.kind}


def serialize(skp: Skp | int) -> dict:
    """The whole SKP as plain JSON-safe data: header, RHK with IKI, lampiran and expected behaviour.

    Used for version snapshots, the API, the PDF and Excel. Loads what it needs itself (constant queries).
    """
    skp = queries.skp_detail(skp)
    period = skp.period
    rhks = []
    for rhk in skp.rhks.all():
        parent = rhk.parent
        rhks.append({
            **_rhk_data(rhk),
            "parent": None if parent is None else {
                "id": parent.pk, "text": parent.text, "skp_id": parent.skp_id,
                "employee": parent.skp.employee.full_name},
            "pk_indicator": None if rhk.pk_indicator is None else {
                "id": rhk.pk_indicator.pk, "name": rhk.pk_indicator.name,
                "measure_unit": rhk.pk_indicator.measure_unit, "target": _json(rhk.pk_indicator.target)},
            "parent_changed_at": _json(rhk.parent_changed_at),
            "return_comment": rhk.return_comment,
            "ikis": [{**_iki_data(iki), "target_display": iki.target_display} for iki in rhk.ikis.all()],
        })
    appendix = {kind.value: [] for kind in rules.AppendixKind}
    for line in skp.appendix.all():
        appendix.setdefault(line.kind, []).append(line.text)
    given = {e.value: e.expectation for e in skp.expectations.all()}
    expectations = [{"value": value.code, "name": value.name, "guides": list(value.guides),
                     "guides_en": list(value.guides_en), "expectation": given.get(value.code, "")}
                    for value in rules.BERAKHLAK]
    return {
        "id": skp.pk,
        "instance_id": skp.instance_id,
        "kind": skp.kind,
        "status": skp.status,
        "version": skp.version,
        "lock_version": skp.lock_version,
        "set_by_admin": skp.set_by_admin,
        "return_reason": skp.return_reason,
        "revision_reason": skp.revision_reason,
        "submitted_at": _json(skp.submitted_at),
        "approved_at": _json(skp.approved_at),
        "approved_by": _person(skp.approved_by),
        "period": {"id": period.pk, "name": period.name, "kind": period.kind, "year": period.year,
                   "start_date": _json(period.start_date), "end_date": _json(period.end_date),
                   "deadline": _json(period.deadline), "is_closed": period.is_closed},
        "employee": _person(skp.employee),
        "position": _position(skp.position),
        "unit": {"id": skp.unit.pk, "name": skp.unit.name},
        "evaluator": _person(skp.evaluator),
        "evaluator_position": _position(skp.evaluator_position),
        "evaluator_acting": skp.evaluator_acting,
        "evaluator_superior": _person(skp.evaluator_superior),
        "evaluator_superior_position": _position(skp.evaluator_superior_position),
        "rhks": rhks,
        "appendix": appendix,
        "expectations": expectations,
    }
