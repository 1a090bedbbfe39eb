"""Forms of the SKP pages.

Forms only turn input into Python values and offer the choices the user may pick (the superior's
RHK, the PK indicators of the unit); every rule — targets, who may link to what, the workflow —
lives in :mod:`kinerja.skp.services`, whose ValidationError lands next to the field it names
(:func:`kinerja.core.forms.run_service`).

Every form that changes an SKP carries ``lock_version``: the version of the SKP the user saw. A
save against a newer version is refused by the service (ConflictError) and the form comes back with
the user's input and the conflict message.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapForm, FastSelect
from kinerja.organization.models import PositionKind
from kinerja.rules import skp as rules

from .models import AppendixKind, Aspect, Perspective, RhkGroup, SkpSettings, SkpStatus, TargetKind


class LockField(forms.IntegerField):
    """The hidden ``lock_version``; its input carries ``skp-lock`` so the page can keep it current."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput(attrs={"class": "skp-lock"}))
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("error_messages", {
            "required": _("The form is missing the SKP version; reload the page."),
            "invalid": _("The form is missing the SKP version; reload the page."),
        })
        super().__init__(**kwargs)


class LockedForm(BootstrapForm):
    """A form that changes an SKP."""

    lock_version = LockField()

    def service_data(self) -> dict:
        """The cleaned data without ``lock_version`` (passed to the service on its own)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class ConfirmForm(LockedForm):
    """No field but the version: submit, withdraw, approve, copy from the last period, delete."""


class ApproveForm(LockedForm):
    """Approve, once confirmed: the page asks first (a dialog, or a page of its own without JavaScript)."""

    confirmed = forms.BooleanField(widget=forms.HiddenInput, initial=True, required=True,
                                   error_messages={"required": _("Confirm the approval.")})


class ReasonForm(LockedForm):
    """Return to the employee, or start a revision: the reason is required."""

    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": _("Give a reason.")})

    def __init__(self, *args, reason_label=None, reason_help=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reason_label:
            self.fields["reason"].label = reason_label
        if reason_help:
            self.fields["reason"].help_text = reason_help


COMMENT_PREFIX = "comment_"


class ReturnForm(ReasonForm):
    """Return to the employee: the reason, and a comment for each RHK that needs correcting (optional)."""

    def __init__(self, *args, rhks=(), **kwargs):
        """``rhks``: ``(label, rhk)`` in the order of the SKP page."""
        super().__init__(*args, **kwargs)
        for label, rhk in rhks:
            self.fields[f"{COMMENT_PREFIX}{rhk.pk}"] = forms.CharField(
                label=label, required=False, max_length=2000, initial=rhk.return_comment,
                widget=forms.Textarea(attrs={"rows": 2, "data-rhk": rhk.pk, "class": "form-control"}),
                help_text=_("Optional: what to correct in this RHK. The employee sees it at the RHK."))

    def comments(self) -> dict[int, str]:
        return {int(name[len(COMMENT_PREFIX):]): value for name, value in self.cleaned_data.items()
                if name.startswith(COMMENT_PREFIX) and (value or "").strip()}

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(gettext("Give a reason."), code="required")
        return reason


# --- RHK -----------------------------------------------------------------------------------------


def rhk_label(rhk, with_owner: bool = True, limit: int = 150) -> str:
    text = rhk.text if len(rhk.text) <= limit else rhk.text[: limit - 1].rstrip() + "…"
    if with_owner:
        return f"{text} — {rhk.skp.employee.full_name}"
    return text


class ParentChoiceField(forms.ModelChoiceField):
    """The superior's RHK to intervene, labelled with its text and its owner."""

    widget = FastSelect

    def label_from_instance(self, obj) -> str:
        return rhk_label(obj)


class PkIndicatorChoiceField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({rules.format_number(obj.target, grouping=True)} {obj.measure_unit})".strip()


class RhkForm(LockedForm):
    """An RHK: its group and text, and the superior's RHK it intervenes (JPT: perspective, PK indicator)."""

    group = forms.ChoiceField(label=_("Group"), choices=RhkGroup.choices, initial=RhkGroup.UTAMA,
                              widget=forms.RadioSelect)
    parent = ParentChoiceField(label=_("Superior's RHK intervened"), queryset=None, required=False,
                               help_text=_("The RHK of your evaluating official (or the acting Plt/Plh) that this "
                                           "work supports. Drafts of your superior are offered too."))
    perspective = forms.ChoiceField(label=_("Perspective"), choices=[("", "—"), *Perspective.choices],
                                    required=False)
    pk_indicator = PkIndicatorChoiceField(label=_("Perjanjian Kinerja indicator"), queryset=None, required=False,
                                          help_text=_("The indicator of the unit's performance agreement that "
                                                      "this RHK carries."))
    text = forms.CharField(label=_("Planned work result (RHK)"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3, "placeholder": _(
                               "E.g. Tersusunnya laporan surveilans penyakit yang akurat dan tepat waktu")}),
                           error_messages={"required": _("Write the planned work result.")})

    field_order = ["group", "perspective", "pk_indicator", "parent", "text", "lock_version"]

    def __init__(self, *args, skp, parents=None, pk_indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.skp = skp
        from kinerja.planning.models import PkIndicator

        from .models import Rhk

        if skp.is_jpt:
            del self.fields["parent"]
            self.fields["perspective"].required = True
            self.fields["perspective"].error_messages["required"] = gettext("Choose the perspective.")
            self.fields["pk_indicator"].queryset = pk_indicators if pk_indicators is not None \
                else PkIndicator.objects.none()
            self.fields["pk_indicator"].empty_label = gettext("— Not linked to the PK —")
        else:
            del self.fields["perspective"]
            del self.fields["pk_indicator"]
            self.fields["parent"].queryset = parents if parents is not None else Rhk.objects.none()
            self.fields["parent"].empty_label = gettext("— Not linked yet —")

    @classmethod
    def initial_for(cls, rhk, lock_version: int) -> dict:
        return {"group": rhk.group, "parent": rhk.parent_id, "perspective": rhk.perspective,
                "pk_indicator": rhk.pk_indicator_id, "text": rhk.text, "lock_version": lock_version}

    def service_data(self) -> dict:
        data = super().service_data()
        data["text"] = data["text"].strip()
        return data


# --- IKI -----------------------------------------------------------------------------------------


NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


class IkiForm(LockedForm):
    """An indicator with its target: a number and unit, a range, or a qualitative text.

    Numbers stay text here: the service reads them with the SKP rules (a decimal comma "12,5" is
    fine; a negative quantity or a range with the minimum above the maximum is refused on the field).
    """

    aspect = forms.ChoiceField(label=_("Aspect"), choices=[("", "—"), *Aspect.choices], required=False)
    text = forms.CharField(label=_("Indicator (IKI)"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2, "placeholder": _(
                               "E.g. Jumlah laporan surveilans yang disampaikan tepat waktu")}),
                           error_messages={"required": _("Write the indicator.")})
    target_kind = forms.ChoiceField(label=_("Target kind"), choices=TargetKind.choices, initial=TargetKind.NUMBER,
                                    widget=forms.RadioSelect(attrs={"data-target-kind-input": ""}))
    target_value = forms.CharField(label=_("Target"), max_length=40, required=False,
                                   widget=forms.TextInput(attrs={**NUMBER_ATTRS, "placeholder": "12"}))
    target_min = forms.CharField(label=_("From"), max_length=40, required=False,
                                 widget=forms.TextInput(attrs={**NUMBER_ATTRS, "placeholder": "80"}))
    target_max = forms.CharField(label=_("To"), max_length=40, required=False,
                                 widget=forms.TextInput(attrs={**NUMBER_ATTRS, "placeholder": "90"}))
    measure_unit = forms.CharField(label=_("Unit of measure"), max_length=60, required=False,
                                   widget=forms.TextInput(attrs={"placeholder": _("E.g. dokumen, %, hari")}))
    target_text = forms.CharField(label=_("Qualitative target"), max_length=255, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": _(
                                      "E.g. Tanpa revisi dari pimpinan")}))
    lower_is_better = forms.BooleanField(label=_("Lower is better (e.g. days of delay, complaints)"),
                                         required=False)

    def __init__(self, *args, skp, **kwargs):
        super().__init__(*args, **kwargs)
        if skp.is_jpt:
            del self.fields["aspect"]
        else:
            self.fields["aspect"].required = True
            self.fields["aspect"].error_messages["required"] = gettext("Choose the aspect.")

    @classmethod
    def initial_for(cls, iki, lock_version: int) -> dict:
        def number(value):
            return rules.format_number(value) if value is not None else ""

        return {"aspect": iki.aspect, "text": iki.text, "target_kind": iki.target_kind,
                "target_value": number(iki.target_value), "target_min": number(iki.target_min),
                "target_max": number(iki.target_max), "measure_unit": iki.measure_unit,
                "target_text": iki.target_text, "lower_is_better": iki.lower_is_better,
                "lock_version": lock_version}

    def service_data(self) -> dict:
        data = super().service_data()
        data["text"] = data["text"].strip()
        kind = data["target_kind"]
        # only the fields of the chosen kind reach the service; the others are cleared
        data["target_value"] = data["target_value"] if kind == TargetKind.NUMBER else None
        if kind != TargetKind.RANGE:
            data["target_min"] = data["target_max"] = None
        if kind != TargetKind.TEXT:
            data["target_text"] = ""
        for name in ("target_value", "target_min", "target_max"):
            if data.get(name) == "" and kind in (TargetKind.NUMBER, TargetKind.RANGE):
                data[name] = ""  # the service says "a number is required" on that field
        return data


# --- Lampiran and expectations -------------------------------------------------------------------


APPENDIX_HELP = {
    AppendixKind.RESOURCES: _("E.g. Anggaran kegiatan surveilans; aplikasi SKDR; laptop dan akses internet."),
    AppendixKind.ACCOUNTABILITY: _("E.g. Laporan bulanan kepada Kepala Seksi; rapat evaluasi triwulanan."),
    AppendixKind.CONSEQUENCES: _("E.g. Realisasi di bawah target dibahas dalam dialog kinerja."),
}


class AppendixForm(LockedForm):
    """One kind of lampiran: one line per item."""

    lines = forms.CharField(label=_("Lines"), required=False, max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("One item per line. Empty lines are ignored."))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["lines"].label = AppendixKind(kind).label
        self.fields["lines"].widget.attrs["placeholder"] = str(APPENDIX_HELP[AppendixKind(kind)])

    def service_data(self) -> dict:
        lines = [line.strip(" \t-•") for line in (self.cleaned_data.get("lines") or "").splitlines()]
        return {"kind": self.kind, "lines": [line.strip() for line in lines if line.strip()]}


class ExpectationsForm(LockedForm):
    """The superior's specific expectation (ekspektasi khusus pimpinan) for each BerAKHLAK value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value in rules.BERAKHLAK:
            self.fields[f"exp_{value.code}"] = forms.CharField(
                label=value.name, required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    @classmethod
    def initial_for(cls, skp, lock_version: int) -> dict:
        data = {f"exp_{e.value}": e.expectation for e in skp.expectations.all()}
        data["lock_version"] = lock_version
        return data

    def service_data(self) -> dict:
        return {"expectations": {value.code: (self.cleaned_data.get(f"exp_{value.code}") or "").strip()
                                 for value in rules.BERAKHLAK}}


class TemplateChoiceForm(LockedForm):
    template = forms.ModelChoiceField(label=_("Template"), queryset=None,
                                      error_messages={"required": _("Choose a template.")})

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["template"].empty_label = gettext("— Choose a template —")
        self.fields["template"].widget = forms.RadioSelect()
        self.fields["template"].widget.choices = self.fields["template"].choices


# --- Lists -----------------------------------------------------------------------------------------


TEAM_STATUS_CHOICES = [
    ("", _("All")),
    ("waiting", _("Waiting for me")),
    ("progress", _("Being written or corrected")),
    (SkpStatus.DRAFT, _("Draft")),
    (SkpStatus.RETURNED, _("Returned")),
    (SkpStatus.APPROVED, _("Approved")),
    ("none", _("No SKP yet")),
]


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class TeamFilterForm(BootstrapForm):
    period = PeriodChoiceField(label=_("Period"), queryset=None, required=False, empty_label=None)
    status = forms.ChoiceField(label=_("Status"), choices=TEAM_STATUS_CHOICES, required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or NIP"),
                                                      "autocomplete": "off"}))

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods


class MonitoringFilterForm(BootstrapForm):
    period = PeriodChoiceField(label=_("Period"), queryset=None, required=False, empty_label=None)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or NIP"),
                                                      "autocomplete": "off"}))

    def __init__(self, *args, periods, units, **kwargs):
        super().__init__(*args, **kwargs)
        from kinerja.core.forms import UnitTreeChoiceField

        self.fields["period"].queryset = periods
        self.fields["unit"] = UnitTreeChoiceField(label=_("Unit"), queryset=units, required=False,
                                                  empty_label=gettext("All units in my scope"))
        self.fields["unit"].widget.attrs["class"] = "form-select"


class SetSkpForm(BootstrapForm):
    """The HR admin opens an SKP for someone who has none."""

    employee = forms.IntegerField(widget=forms.HiddenInput)
    period = forms.IntegerField(widget=forms.HiddenInput)


# --- Periods and templates (HR admin) -----------------------------------------------------------


class PeriodForm(BootstrapForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100,
                              error_messages={"min_value": _("Choose a year between 2000 and 2100."),
                                              "max_value": _("Choose a year between 2000 and 2100.")},
                              help_text=_("The periods of the year are created per the instance's SKP settings "
                                          "(annual by default), each with its deadline."))


POSITION_KIND_CHOICES = [("", _("Any kind")), *PositionKind.choices]

TEMPLATE_LINE = re.compile(r"^\s*(?P<tag>RHK|IKI)\b\s*(?P<qual>[^:]*):\s*(?P<rest>.+?)\s*$", re.I)
RANGE = re.compile(r"^(?P<lo>-?[\d.,]+)\s*[-–]\s*(?P<hi>-?[\d.,]+)\s*(?P<unit>.*)$")
NUMBER = re.compile(r"^(?P<value>-?[\d.,]*\d[\d.,]*)\s*(?P<unit>.*)$")
LOWER_MARK = re.compile(r"\s*\((?:lower is better|makin kecil makin baik|lower)\)\s*$", re.I)

GROUP_WORDS = {"utama": rules.Group.UTAMA, "main": rules.Group.UTAMA,
               "tambahan": rules.Group.TAMBAHAN, "additional": rules.Group.TAMBAHAN}
ASPECT_WORDS = {a.value: a.value for a in rules.Aspect} | {
    "quantity": "kuantitas", "quality": "kualitas", "time": "waktu", "cost": "biaya"}
PERSPECTIVE_WORDS = {p.value: p.value for p in rules.Perspective} | {
    "penerima layanan": "penerima_layanan", "proses bisnis": "proses_bisnis",
    "penguatan internal": "penguatan_internal", "anggaran": "anggaran"}


def _number_text(value) -> str:
    if value in (None, ""):
        return ""
    return rules.format_number(Decimal(str(value)))


def template_to_text(content: list) -> str:
    """The template's RHK and IKI as the editable lines (the inverse of :func:`parse_template_text`)."""
    lines: list[str] = []
    for rhk in content or []:
        qualifier = rhk.get("group") or "utama"
        if rhk.get("perspective"):
            qualifier = f"{qualifier} {rhk['perspective']}"
        lines.append(f"RHK {qualifier}: {rhk.get('text', '')}")
        for iki in rhk.get("ikis", []):
            kind = iki.get("target_kind") or "number"
            unit = iki.get("measure_unit") or ""
            if kind == "range":
                target = f"{_number_text(iki.get('target_min'))}-{_number_text(iki.get('target_max'))} {unit}"
            elif kind == "text":
                target = iki.get("target_text") or ""
            else:
                target = f"{_number_text(iki.get('target_value'))} {unit}"
            if iki.get("lower_is_better"):
                target = f"{target.strip()} (makin kecil makin baik)"
            aspect = iki.get("aspect") or ""
            lines.append(f"  IKI {aspect}: {iki.get('text', '')} = {target.strip()}".replace("IKI :", "IKI:"))
        lines.append("")
    return "\n".join(lines).strip() + ("\n" if lines else "")


def parse_template_text(text: str) -> list[dict]:
    """Lines like ``RHK utama: …`` and ``IKI kuantitas: … = 12 dokumen`` into the template's content.

    Raises forms.ValidationError naming the line at fault. Targets are checked by the service with
    the same rules as an SKP.
    """
    content: list[dict] = []
    errors: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip() or raw.strip().startswith("#"):
            continue
        match = TEMPLATE_LINE.match(raw)
        if not match:
            errors.append(gettext("Line %(n)d: start with \"RHK …:\" or \"IKI …:\".") % {"n": number})
            continue
        tag, qualifier, rest = match["tag"].upper(), match["qual"].strip().lower(), match["rest"]
        if tag == "RHK":
            group, perspective = rules.Group.UTAMA.value, ""
            words = qualifier
            for word, value in GROUP_WORDS.items():
                if words.startswith(word):
                    group, words = value.value, words[len(word):].strip()
                    break
            if words:
                perspective = PERSPECTIVE_WORDS.get(words, "")
                if not perspective:
                    errors.append(gettext("Line %(n)d: unknown group or perspective \"%(word)s\".")
                                  % {"n": number, "word": words})
                    continue
            content.append({"group": group, "perspective": perspective, "text": rest, "ikis": []})
            continue
        if not content:
            errors.append(gettext("Line %(n)d: an IKI must follow its RHK.") % {"n": number})
            continue
        aspect = ""
        if qualifier:
            aspect = ASPECT_WORDS.get(qualifier, "")
            if not aspect:
                errors.append(gettext("Line %(n)d: unknown aspect \"%(word)s\".") % {"n": number, "word": qualifier})
                continue
        if "=" not in rest:
            errors.append(gettext("Line %(n)d: write the target after \"=\".") % {"n": number})
            continue
        iki_text, target = (part.strip() for part in rest.rsplit("=", 1))
        lower = bool(LOWER_MARK.search(target))
        target = LOWER_MARK.sub("", target).strip()
        iki = {"aspect": aspect, "text": iki_text, "lower_is_better": lower, "target_kind": "text",
               "target_value": None, "target_min": None, "target_max": None, "target_text": "", "measure_unit": ""}
        if m := RANGE.match(target):
            iki.update(target_kind="range", target_min=m["lo"], target_max=m["hi"], measure_unit=m["unit"].strip())
        elif m := NUMBER.match(target):
            iki.update(target_kind="number", target_value=m["value"], measure_unit=m["unit"].strip())
        else:
            iki.update(target_text=target)
        content[-1]["ikis"].append(iki)
    if errors:
        raise forms.ValidationError(errors)
    return content


TEMPLATE_EXAMPLE = """RHK utama: Tersusunnya laporan surveilans penyakit
  IKI kuantitas: Jumlah laporan surveilans = 12 laporan
  IKI kualitas: Laporan diterima tanpa revisi = Tanpa revisi
  IKI waktu: Keterlambatan penyampaian laporan = 0 hari (makin kecil makin baik)
RHK tambahan: Terlaksananya pendampingan kader
  IKI kuantitas: Persentase kader terlatih = 80-90 %"""


class SkpTemplateForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    position_name = forms.CharField(label=_("Position name"), max_length=200, required=False,
                                    help_text=_("Offered to every employee whose position has this name, "
                                                "e.g. Perawat Ahli Pertama."))
    position_kind = forms.ChoiceField(label=_("Position kind"), choices=POSITION_KIND_CHOICES, required=False,
                                      help_text=_("Or offer it to every position of this kind."))
    content = forms.CharField(
        label=_("RHK and IKI"), max_length=50000,
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace small", "placeholder": TEMPLATE_EXAMPLE}),
        help_text=_("One line per RHK (\"RHK utama: …\" or \"RHK tambahan: …\"; a JPT template names the "
                    "perspective, e.g. \"RHK utama proses bisnis: …\"), followed by its indicators "
                    "(\"IKI kuantitas: … = 12 dokumen\"; a range \"= 80-90 %\"; a text target \"= Tanpa revisi\"; "
                    "add \"(lower is better)\" when less is better)."),
        error_messages={"required": _("Write at least one RHK.")})
    is_active = forms.BooleanField(label=_("Active (offered to employees)"), required=False, initial=True)

    def clean_content(self):
        content = parse_template_text(self.cleaned_data.get("content") or "")
        if not content:
            raise forms.ValidationError(gettext("Write at least one RHK."), code="required")
        return content

    @classmethod
    def initial_for(cls, template) -> dict:
        return {"name": template.name, "position_name": template.position_name,
                "position_kind": template.position_kind, "content": template_to_text(template.content),
                "is_active": template.is_active}


def check_settings(values: dict) -> dict:
    """The SKP settings' bounds the model does not hold (the back office, the settings page and the service)."""
    errors = {}
    day = values.get("deadline_day")
    if day is not None and not 1 <= day <= 31:
        errors["deadline_day"] = [forms.ValidationError(gettext("A day of the month is between 1 and 31."),
                                                        code="range")]
    months = values.get("deadline_months_after_start")
    if months is not None and months > 11:
        errors["deadline_months_after_start"] = [forms.ValidationError(
            gettext("The deadline is at most 11 months after the period starts."), code="range")]
    if errors:
        raise forms.ValidationError(errors)
    return values


class SkpSettingsForm(forms.ModelForm):
    """The instance's SKP period and deadline, shared by the back office (admin.py adds the instance) and the
    instance settings page (faces.py ``SETTINGS``)."""

    class Meta:
        model = SkpSettings
        fields = ("period_kind", "deadline_months_after_start", "deadline_day")

    def clean(self):
        data = super().clean()
        try:
            check_settings(data)
        except forms.ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field, errors)
        return data
