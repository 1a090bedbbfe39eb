"""Field validation for employee data, shared by forms, API and the importer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kinerja.core.errors import ValidationError
from kinerja.rules import grades
from kinerja.rules import nip as nip_rules

NIP_MESSAGES = {
    "required": lambda e: _("NIP is required."),
    "not_digits": lambda e: _("NIP may contain digits only (spaces between the parts are allowed)."),
    "length": lambda e: _("NIP must have 18 digits, not %(count)d.") % {"count": e.params.get("count", 0)},
    "birth_month": lambda e: _("NIP digits 5–6 (birth month) must be 01–12."),
    "birth_date": lambda e: _("NIP digits 1–8 (%(value)s) are not a valid birth date.")
    % {"value": e.params.get("value", "")},
    "tmt_month": lambda e: _("NIP digits 13–14 (TMT CPNS month) must be 01–12."),
    "appointment_year": lambda e: _("NIP digits 9–12 (year of appointment %(value)s) are not valid.")
    % {"value": e.params.get("value", "")},
    "agreement_count": lambda e: _("NI PPPK digits 13–14 (count of work agreements) must be 01 or more."),
    "sex": lambda e: _("NIP digit 15 (sex) must be 1 or 2."),
    "sequence": lambda e: _("NIP digits 16–18 (sequence) must be 001 or more."),
    "kind": lambda e: _("Unknown employee kind."),
}


def clean_nip(raw: str, kind: str) -> nip_rules.Nip:
    try:
        return nip_rules.parse(raw, kind)
    except nip_rules.NipError as exc:
        message = NIP_MESSAGES.get(exc.code, lambda e: e.message)(exc)
        raise ValidationError({"nip": [ValidationError(message, code=exc.code)]}) from None


def clean_nip_lama(raw: str) -> str:
    try:
        return nip_rules.normalize_old_nip(raw)
    except nip_rules.NipError:
        raise ValidationError({"nip_lama": [ValidationError(_("Old NIP must have 9 digits."), code="nip_lama")]}) \
            from None


def clean_grade(raw: str, kind: str) -> str:
    try:
        return grades.normalize_grade(raw, kind)
    except ValueError:
        expected = "I–XVII" if kind == "PPPK" else "I/a–IV/e"
        raise ValidationError({"grade": [ValidationError(
            _("Unknown rank/grade %(value)s (expected %(expected)s).") % {"value": raw, "expected": expected},
            code="grade")]}) from None
