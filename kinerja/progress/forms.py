"""The employee's forms: a report (realisasi) with its evidence, a daily log entry, the action plans.

Forms only turn input into Python values; the rules (which SKP, which period, sizes and types of files,
the lock version) live in the services (progress/services/).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapForm, DateInput
from kinerja.rules import skp as skp_rules

from .models import ReportingSettings

# What the evidence inputs offer; the server checks the content, not this list (services/evidence.py).
EVIDENCE_ACCEPT = (".pdf,.jpg,.jpeg,.png,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,"
                   "application/pdf,image/jpeg,image/png,image/webp")


def parse_decimal(raw: str, field: str = "value") -> Decimal | None:
    """A number as people type it ("12", "12,5", "1.500"), or None for an empty input."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return skp_rules.parse_number(raw, field)
    except skp_rules.RuleError as exc:
        if exc.code == "negative":
            raise ValidationError(_("Enter a number that is not negative."), code="negative") from None
        if exc.code == "too_large":
            raise ValidationError(_("The number is too large."), code="too_large") from None
        raise ValidationError(_("Enter a number, e.g. 12 or 12,5."), code="not_a_number") from None


class DecimalText(forms.CharField):
    """A number field shown as text with the phone's decimal keypad (``inputmode=decimal``): a decimal comma
    works on every keyboard, which ``type=number`` does not promise."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        return parse_decimal(super().clean(value))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReportForm(BootstrapForm):
    """One IKI's report for one period. Without JavaScript it carries the files and a link too."""

    value = DecimalText(label=_("Value achieved"),
                        help_text=_("What was achieved in this period (not the total so far)."))
    value_text = forms.CharField(label=_("Realisation (statement)"), required=False, max_length=5_000,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("What was achieved, in words."))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=10_000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Context for your superior: obstacles, what comes next."))
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    files = MultipleFileField(label=_("Evidence files"), widget=MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
    camera = MultipleFileField(label=_("Photo"), widget=MultipleFileInput(
        attrs={"accept": "image/*", "capture": "environment"}))
    link_url = forms.URLField(label=_("Link"), required=False, max_length=1000, assume_scheme="https",
                              widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}))
    link_caption = forms.CharField(label=_("Link description"), required=False, max_length=255)

    def __init__(self, *args, qualitative: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.qualitative = qualitative
        if qualitative:
            del self.fields["value"]
        else:
            self.fields["value_text"].label = _("Explanation (optional)")
            self.fields["value_text"].widget.attrs["rows"] = 2

    @property
    def uploads(self) -> list:
        return [*self.cleaned_data.get("files", []), *self.cleaned_data.get("camera", [])]


class AutosaveForm(BootstrapForm):
    """What the page's script saves in the background: the text fields and the lock version it saw."""

    value = DecimalText()
    value_text = forms.CharField(required=False, max_length=5_000, widget=forms.Textarea)
    notes = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea)
    lock_version = forms.IntegerField(required=False, min_value=0)


class EvidenceUploadForm(BootstrapForm):
    """One file (or one link) sent by the page's script, with the token the device chose for it."""

    file = forms.FileField(required=False)
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https")
    caption = forms.CharField(required=False, max_length=255)
    client_token = forms.CharField(required=False, max_length=36)  # a UUID: the service checks it
    replaces = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url") and not self.errors:
            raise ValidationError(_("Choose a file or enter a link."), code="required")
        return data


class DailyLogForm(BootstrapForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    rhk = forms.TypedChoiceField(label=_("RHK"), coerce=int)
    iki = forms.TypedChoiceField(label=_("Counts towards the indicator"), coerce=int, required=False,
                                 empty_value=None)
    text = forms.CharField(label=_("What was done"), max_length=5_000, widget=forms.Textarea(
        attrs={"rows": 2, "placeholder": _("e.g. Checked the weekly data of 12 puskesmas")}))
    quantity = DecimalText(label=_("Quantity"))

    def __init__(self, *args, rhks=(), ikis=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rhk"].choices = [("", _("Choose the RHK…")), *rhks]
        self.fields["iki"].choices = [("", _("— none —")), *ikis]


class ActionPlanForm(BootstrapForm):
    """One IKI's plan for one quarter (the plans page renders one per IKI and quarter, with a prefix)."""

    text = forms.CharField(label=_("Planned action"), required=False, max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("What you plan to do…")}))
    target = DecimalText(label=_("Target by the end of the quarter"))


class ReportingSettingsForm(forms.ModelForm):
    """The instance's reporting rules, shared by the back office (admin.py adds the instance) and the instance
    settings page (faces.py ``SETTINGS``); the model's validators bound each number."""

    class Meta:
        model = ReportingSettings
        fields = ("cadence", "deadline_day", "reminder_days", "achievement_cap", "at_risk_below",
                  "count_unreviewed", "max_upload_mb")
