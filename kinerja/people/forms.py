"""Forms for the employee pages.

Forms only turn input into Python values and offer choices inside the user's scope; every rule
lives in :mod:`kinerja.people.services`. A view hands a service ValidationError back to the form
with :func:`apply_service_errors`, so each message shows next to its field.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import (  # noqa: F401 (re-exported for the views)
    BootstrapForm,
    DateInput,
    FastSelect,
    PositionChoiceField,
    UnitTreeChoiceField,
    apply_service_errors,
)
from kinerja.organization.models import STRUCTURAL_KINDS, Position, PositionKind, Unit

from .models import GRADE_CHOICES, AssignmentKind, EmployeeKind, Sex
from .validation import clean_nip


def position_choices(positions):
    return positions.filter(is_active=True).select_related("unit").order_by("unit__path", "-is_head", "name")


# --- Directory filters --------------------------------------------------------------------------

STATUS_CHOICES = [("active", _("Active")), ("inactive", _("Inactive")), ("all", _("Active and inactive"))]
PAGE_SIZES = (10, 25, 50, 100)


class DirectoryFilterForm(BootstrapForm):
    """GET filters of the employee directory and the team list."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "placeholder": _("Name or NIP")}))
    unit = UnitTreeChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                               empty_label=_("All units"))
    # FastSelect: rendered on every page turn, a template per option would cost milliseconds
    kind = forms.ChoiceField(label=_("Employee kind"), required=False, widget=FastSelect,
                             choices=[("", _("PNS and PPPK")), *EmployeeKind.choices])
    grade = forms.ChoiceField(label=_("Rank/grade"), required=False, widget=FastSelect,
                              choices=[("", _("All grades")), *GRADE_CHOICES])
    position_kind = forms.ChoiceField(label=_("Position kind"), required=False, widget=FastSelect,
                                      choices=[("", _("All position kinds")), *PositionKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect, choices=STATUS_CHOICES)
    size = forms.TypedChoiceField(label=_("Per page"), required=False, coerce=int, empty_value=25,
                                  choices=[(n, n) for n in PAGE_SIZES])

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    def filters(self) -> dict:
        """The valid filters (an invalid one is ignored and shown as an error)."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        data["status"] = data.get("status") or "active"
        data["size"] = data.get("size") or 25
        return data


# --- Writes -----------------------------------------------------------------------------------

class PersonalDataForm(BootstrapForm):
    """The fields of ``people.services.EDITABLE_FIELDS``."""

    front_title = forms.CharField(label=_("Front title"), max_length=40, required=False,
                                  help_text=_("E.g. dr., Ir., Drs."))
    name = forms.CharField(label=_("Name (without titles)"), max_length=150)
    back_title = forms.CharField(label=_("Back title"), max_length=60, required=False,
                                 help_text=_("E.g. S.Kom., M.Kes."))
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput(),
                                 help_text=_("Leave empty to take it from the NIP."))
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("From the NIP")), *Sex.choices])
    grade = forms.ChoiceField(label=_("Rank/grade"), required=False, choices=[("", "—"), *GRADE_CHOICES])
    tmt_grade = forms.DateField(label=_("Grade since (TMT)"), required=False, widget=DateInput())
    tmt_cpns = forms.DateField(label=_("TMT CPNS"), required=False, widget=DateInput())
    nip_lama = forms.CharField(label=_("Old NIP"), max_length=20, required=False,
                               help_text=_("9 digits, if the employee has one."))
    pns_id = forms.CharField(label=_("SIASN PNS ID"), max_length=64, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    @classmethod
    def initial_for(cls, employee) -> dict:
        return {name: getattr(employee, name) for name in cls.base_fields}

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PersonalDataForm.base_fields}


class EmployeeCreateForm(PersonalDataForm):
    kind = forms.ChoiceField(label=_("Employee kind"), choices=EmployeeKind.choices, initial=EmployeeKind.PNS)
    nip = forms.CharField(label=_("NIP"), max_length=30,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                        "placeholder": "19900101 201503 2 001"}),
                          help_text=_("18 digits; spaces between the parts are allowed."))
    position = PositionChoiceField(label=_("Position"), queryset=Position.objects.none(), required=False)
    tmt_position = forms.DateField(label=_("Position since (TMT)"), required=False, widget=DateInput())

    field_order = ["kind", "nip", "front_title", "name", "back_title", "birth_date", "sex", "grade", "tmt_grade",
                   "tmt_cpns", "position", "tmt_position", "nip_lama", "pns_id", "email", "phone"]

    def __init__(self, *args, positions=None, position_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["position"]
        field.queryset = positions if positions is not None else Position.objects.none()
        field.required = position_required
        field.empty_label = _("— Choose a position —") if position_required else _("— No position yet —")

    def clean(self):
        """Check the NIP here too, so its message shows even when another field is missing."""
        data = super().clean()
        if data.get("nip") and data.get("kind"):
            try:
                data["nip"] = clean_nip(data["nip"], data["kind"]).value
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def service_data(self) -> dict:
        return super().service_data() | {name: self.cleaned_data[name] for name in
                                         ("kind", "nip", "position", "tmt_position")}


class TransferForm(BootstrapForm):
    """Mutation or promotion: a new definitive position from a date, by decree."""

    position = PositionChoiceField(label=_("New position"), queryset=Position.objects.none())
    start_date = forms.DateField(label=_("From (TMT)"), widget=DateInput())
    decree_number = forms.CharField(label=_("Decree (SK) number"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions if positions is not None else Position.objects.none()
        self.fields["position"].empty_label = _("— Choose the new position —")


class ActingForm(BootstrapForm):
    """Plt (vacant post) or Plh (holder away) of a structural position."""

    kind = forms.ChoiceField(label=_("Acting kind"), choices=[c for c in AssignmentKind.choices
                                                              if c[0] != AssignmentKind.DEFINITIVE])
    position = PositionChoiceField(label=_("Position"), queryset=Position.objects.none())
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput(),
                               help_text=_("Leave empty while the end is not known."))
    decree_number = forms.CharField(label=_("Decree (SK) or warrant number"), max_length=100, required=False)

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        positions = positions if positions is not None else Position.objects.none()
        self.fields["position"].queryset = positions.filter(kind__in=STRUCTURAL_KINDS)
        self.fields["position"].empty_label = _("— Choose a structural position —")


class EndActingForm(BootstrapForm):
    end_date = forms.DateField(label=_("Last day"), widget=DateInput())


class StatusForm(BootstrapForm):
    """Deactivate (retirement, moved out) with the last day; reactivate needs nothing."""

    end_date = forms.DateField(label=_("Last day of service"), required=False, widget=DateInput(),
                               help_text=_("Current posts end on this day; empty means today."))


class ConfirmForm(BootstrapForm):
    """No fields: a POST that confirms an action (reactivation)."""
