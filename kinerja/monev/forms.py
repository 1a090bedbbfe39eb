"""Forms of the tim monev's pages. They only convert input (an employee is named by NIP: an instance has
thousands); every rule lives in services.py."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapForm, DateInput, FastSelect, UnitTreeChoiceField, _ValuesChoiceIterator
from kinerja.people.models import Employee

from .models import (
    FindingCategory,
    Priority,
    Recommendation,
    RecommendationCategory,
    RecommendationStatus,
    Session,
    SessionKind,
    Severity,
    TeamRole,
)


class FastSelectMultiple(FastSelect):
    allow_multiple_selected = True

    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, {**(attrs or {}), "multiple": True}, renderer)

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty multiple select submits nothing


class UnitsField(forms.ModelMultipleChoiceField):
    widget = FastSelectMultiple
    iterator = _ValuesChoiceIterator
    label_fields = ("name", "depth")
    label_from_values = staticmethod(UnitTreeChoiceField.label_from_values)

    def label_from_instance(self, obj) -> str:
        return self.label_from_values(obj.name, obj.depth)


NIP_SPLIT = re.compile(r"[\s,;]+")


class EmployeeField(forms.CharField):
    """An employee of the instance named by NIP (18 digits, spaces allowed)."""

    def __init__(self, *, employees=None, **kwargs):
        self.employees = employees
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", _("The employee's NIP (18 digits)."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.nip if isinstance(value, Employee) else value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        nip = re.sub(r"\s+", "", text)
        employee = self.employees.filter(nip=nip).first() if self.employees is not None else None
        if employee is None:
            raise forms.ValidationError(_("No employee with NIP %(nip)s in this instance.") % {"nip": nip})
        return employee


class EmployeesField(forms.CharField):
    """Several employees by NIP, separated by spaces, commas or lines."""

    def __init__(self, *, employees=None, **kwargs):
        self.employees = employees
        kwargs.setdefault("max_length", 2_000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("help_text", _("NIPs separated by commas or lines."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(e.nip if isinstance(e, Employee) else str(e) for e in value)
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        nips = [n for n in NIP_SPLIT.split(text) if n]
        if not nips:
            return []
        found = {e.nip: e for e in self.employees.filter(nip__in=nips)} if self.employees is not None else {}
        missing = [n for n in nips if n not in found]
        if missing:
            raise forms.ValidationError(_("No employee with NIP %(nip)s in this instance.")
                                        % {"nip": ", ".join(missing)})
        return list(dict.fromkeys(found[n] for n in nips))


def _lock():
    return forms.IntegerField(required=False, widget=forms.HiddenInput)


class InstanceForm(BootstrapForm):
    """A form whose employee and unit fields are limited to ``instance``."""

    def __init__(self, *args, instance_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        from kinerja.organization.models import Unit

        for field in self.fields.values():
            if isinstance(field, (EmployeeField, EmployeesField)):
                field.employees = Employee.objects.filter(instance_id=instance_id)
            if isinstance(field, (UnitTreeChoiceField, UnitsField)):
                field.queryset = Unit.objects.filter(instance_id=instance_id).order_by("path")


class MemberForm(InstanceForm):
    employee = EmployeeField(label=_("Employee (NIP)"))
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices, initial=TeamRole.MEMBER)
    start_date = forms.DateField(label=_("Member from"), widget=DateInput)
    end_date = forms.DateField(label=_("Member until"), required=False, widget=DateInput,
                               help_text=_("Empty: until further notice. Set it to end the membership."))
    note = forms.CharField(label=_("Note"), required=False, max_length=200,
                           help_text=_("E.g. the number of the decree (SK) appointing the team."))
    lock_version = _lock()


class RoundForm(InstanceForm):
    period = forms.ModelChoiceField(label=_("SKP period"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=150,
                           widget=forms.TextInput(attrs={"placeholder": _("E.g. Monev semester I 2026")}))
    start_date = forms.DateField(label=_("Start"), widget=DateInput)
    end_date = forms.DateField(label=_("End"), widget=DateInput)
    units = UnitsField(label=_("Units covered"), queryset=None, required=False,
                       help_text=_("Each with the units below it. None: the whole instance."))
    description = forms.CharField(label=_("Description"), required=False, max_length=5_000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    lock_version = _lock()

    def __init__(self, *args, instance_id=None, **kwargs):
        super().__init__(*args, instance_id=instance_id, **kwargs)
        from kinerja.skp.models import Period

        self.fields["period"].queryset = Period.objects.filter(instance_id=instance_id).order_by("-start_date")


class SessionForm(InstanceForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices, initial=SessionKind.INTERVIEW)
    employee = EmployeeField(label=_("About the employee (NIP)"), required=False,
                             help_text=_("An interview with one employee: their NIP. Or choose a unit below."))
    unit = UnitTreeChoiceField(label=_("Or about the unit"), queryset=None, required=False)
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    participants = EmployeesField(label=_("Participants (NIP)"), required=False)
    other_participants = forms.CharField(label=_("Other participants"), required=False, max_length=500,
                                         help_text=_("Names of participants without an employee record."))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=Session.TEXT_LIMITS["notes"],
                            widget=forms.Textarea(attrs={"rows": 6}))
    lock_version = _lock()


class FindingForm(BootstrapForm):
    text = forms.CharField(label=_("Finding"), max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(label=_("Category"), choices=FindingCategory.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.MEDIUM)
    link = forms.CharField(label=_("Evidence link"), required=False, max_length=500,
                           widget=forms.URLInput(attrs={"placeholder": "https://"}))


class LinkForm(BootstrapForm):
    url = forms.CharField(label=_("Evidence link"), max_length=500, widget=forms.URLInput(attrs={"placeholder": "https://"}))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class RecommendationForm(InstanceForm):
    text = forms.CharField(label=_("Recommendation"), max_length=Recommendation.TEXT_LIMITS["text"],
                           widget=forms.Textarea(attrs={"rows": 3, "placeholder": _(
                               "E.g. Extra training in data reporting for the health staff who miss their targets")}))
    category = forms.ChoiceField(label=_("Category"), choices=RecommendationCategory.choices)
    finding = forms.TypedChoiceField(label=_("Based on the finding"), required=False, coerce=int, empty_value=None)
    owner_employee = EmployeeField(label=_("Owner: employee (NIP)"), required=False)
    owner_unit = UnitTreeChoiceField(label=_("Or owner: unit (its head)"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due"), widget=DateInput)
    lock_version = _lock()

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].choices = [("", "—")] + [(f.pk, f.text[:80]) for f in findings]


class StatusForm(BootstrapForm):
    status = forms.ChoiceField(label=_("New status"), choices=RecommendationStatus.choices)
    note = forms.CharField(label=_("Progress note"), required=False, max_length=5_000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason (when dropped)"), required=False, max_length=2_000)
    lock_version = _lock()


class NoteForm(BootstrapForm):
    note = forms.CharField(label=_("Progress note"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 2}))
    lock_version = _lock()


class TrainingNeedForm(InstanceForm):
    competency = forms.CharField(label=_("Competency or topic"), max_length=200)
    reason = forms.CharField(label=_("Reason or gap"), max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM)
    target_unit = UnitTreeChoiceField(label=_("Target unit"), queryset=None, required=False)
    target_employees = EmployeesField(label=_("Target employees (NIP)"), required=False)
    estimated_participants = forms.IntegerField(label=_("Estimated participants"), required=False, min_value=1,
                                                max_value=100_000)
    estimated_cost = forms.DecimalField(label=_("Estimated cost (Rp)"), required=False, min_value=0,
                                        max_digits=14, decimal_places=0)
