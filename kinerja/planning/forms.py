"""Forms of the plan pages. They only turn input into values and offer choices in the user's scope;
every rule lives in :mod:`kinerja.planning.services` (numbers are passed on raw, so "12,5" and
"1.500.000" reach the service, which names the field when a value is wrong)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapForm, DateInput, UnitTreeChoiceField
from kinerja.organization.models import Unit
from kinerja.rules.plan import format_rupiah
from kinerja.rules.skp import format_number

from .models import Iku, Mission, Rpjmd, StrategicTarget

YEAR_ATTRS = {"inputmode": "numeric", "min": 2000, "max": 2100}


def _year_field(label, required=True, help_text=""):
    return forms.IntegerField(label=label, required=required, help_text=help_text,
                              widget=forms.NumberInput(attrs=YEAR_ATTRS))


def _number_field(label, required=True, help_text="", placeholder=""):
    """A number typed the Indonesian way ("12,5"); the service parses and checks it."""
    return forms.CharField(label=label, required=required, max_length=40, help_text=help_text,
                           widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": placeholder,
                                                         "class": "text-end", "autocomplete": "off"}))


def _money_field(label, required=False):
    return forms.CharField(label=label, required=required, max_length=40,
                           help_text=_("In Rupiah, e.g. 1.500.000."),
                           widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0",
                                                         "class": "text-end", "autocomplete": "off"}))


def number_initial(value) -> str:
    return format_number(value) if value is not None else ""


def money_initial(value) -> str:
    return format_rupiah(value, symbol=False) if value is not None else ""


def _text_area(rows=2):
    return forms.Textarea(attrs={"rows": rows})


class MissionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number}. {obj.text}"


class TargetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        prefix = f"{obj.code} " if obj.code else ""
        return f"{prefix}{obj.text}"


class IkuChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        prefix = f"{obj.code} · " if obj.code else ""
        return f"{prefix}{obj.name} ({obj.measure_unit})"


# --- RPJMD ---------------------------------------------------------------------------------------

class RpjmdForm(BootstrapForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    start_year = _year_field(_("First year"))
    end_year = _year_field(_("Last year"))
    vision = forms.CharField(label=_("Vision"), widget=_text_area(3))


class MissionForm(BootstrapForm):
    number = forms.IntegerField(label=_("Number"), required=False, min_value=1, max_value=99,
                                help_text=_("Leave empty for the next number."))
    text = forms.CharField(label=_("Mission"), widget=_text_area(2))


# --- Renstra ------------------------------------------------------------------------------------

class RenstraForm(BootstrapForm):
    unit = UnitTreeChoiceField(label=_("OPD"), queryset=Unit.objects.none(), empty_label=_("— Choose an OPD —"))
    rpjmd = forms.ModelChoiceField(label=_("RPJMD"), queryset=Rpjmd.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=255)
    start_year = _year_field(_("First year"), required=False, help_text=_("Default: the RPJMD's first year."))
    end_year = _year_field(_("Last year"), required=False, help_text=_("Default: the RPJMD's last year."))

    def __init__(self, *args, units=None, rpjmds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["rpjmd"].queryset = rpjmds if rpjmds is not None else Rpjmd.objects.none()


class RenstraEditForm(BootstrapForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    start_year = _year_field(_("First year"))
    end_year = _year_field(_("Last year"))


class GoalForm(BootstrapForm):
    code = forms.CharField(label=_("Code"), max_length=30, required=False)
    text = forms.CharField(label=_("Goal (tujuan)"), widget=_text_area(2))
    mission = MissionChoiceField(label=_("Serves mission"), queryset=Mission.objects.none(),
                                 empty_label=_("— Choose a mission —"))

    def __init__(self, *args, missions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions if missions is not None else Mission.objects.none()


class StrategicTargetForm(BootstrapForm):
    code = forms.CharField(label=_("Code"), max_length=30, required=False)
    text = forms.CharField(label=_("Strategic target (sasaran strategis)"), widget=_text_area(2))


DIRECTION_CHOICES = [("higher", _("Higher is better")), ("lower", _("Lower is better"))]


class IkuForm(BootstrapForm):
    """An IKU; on creation also its yearly targets (one field per Renstra year)."""

    code = forms.CharField(label=_("Code"), max_length=30, required=False)
    name = forms.CharField(label=_("Indicator"), widget=_text_area(2))
    measure_unit = forms.CharField(label=_("Unit of measure"), max_length=60,
                                   help_text=_("E.g. %, orang, dokumen, indeks; “% pertumbuhan” allows negative "
                                               "values."))
    baseline = _number_field(_("Baseline"), required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=DIRECTION_CHOICES, initial="higher")
    formula = forms.CharField(label=_("Formula"), required=False, widget=_text_area(2))
    data_source = forms.CharField(label=_("Data source"), max_length=255, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        for year in self.years:
            self.fields[f"target_{year}"] = _number_field(_("Target %(year)d") % {"year": year}, required=False)
            self.fields[f"target_{year}"].widget.attrs["class"] = "form-control text-end"

    @classmethod
    def initial_for(cls, iku: Iku) -> dict:
        return {"code": iku.code, "name": iku.name, "measure_unit": iku.measure_unit,
                "baseline": number_initial(iku.baseline), "formula": iku.formula, "data_source": iku.data_source,
                "direction": "higher" if iku.higher_is_better else "lower"}

    def service_data(self, only_changed: bool = False) -> dict:
        data = self.cleaned_data
        names = self.changed_data if only_changed else list(self.fields)
        result = {}
        for name in names:
            if name == "direction":
                result["higher_is_better"] = data["direction"] == "higher"
            elif name in ("code", "name", "measure_unit", "baseline", "formula", "data_source"):
                result[name] = data[name]
        return result

    def targets(self) -> dict:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.years}


class IkuTargetsForm(BootstrapForm):
    """The yearly targets of an IKU, one field per Renstra year; empty removes the target."""

    def __init__(self, *args, iku: Iku, years=(), **kwargs):
        current = {t.year: t.target for t in iku.targets.all()}
        initial = {f"target_{y}": number_initial(current.get(y)) for y in years}
        super().__init__(*args, initial=initial, **kwargs)
        self.years = list(years)
        for year in self.years:
            field = _number_field(str(year), required=False)
            field.widget.attrs["class"] = "form-control text-end"
            field.initial = initial[f"target_{year}"]
            self.fields[f"target_{year}"] = field

    def targets(self) -> dict:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.years
                if f"target_{year}" in self.changed_data}


# --- Performance agreement ----------------------------------------------------------------------

class AgreementForm(BootstrapForm):
    unit = UnitTreeChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label=_("— Choose a unit —"),
                               help_text=_("The head of this unit signs the agreement."))
    year = _year_field(_("Year"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class YearForm(BootstrapForm):
    year = _year_field(_("Year"))


class SignForm(BootstrapForm):
    signed_on = forms.DateField(label=_("Signing date"), widget=DateInput())


class ConfirmForm(BootstrapForm):
    """A POST with no fields (delete, reopen)."""


class PkIndicatorForm(BootstrapForm):
    iku = IkuChoiceField(label=_("IKU"), queryset=Iku.objects.none(), required=False,
                         empty_label=_("— No IKU (own indicator) —"),
                         help_text=_("Name, unit of measure and strategic target default to the IKU's."))
    strategic_target = TargetChoiceField(label=_("Strategic target"), queryset=StrategicTarget.objects.none(),
                                         required=False, empty_label=_("— From the IKU —"))
    name = forms.CharField(label=_("Indicator"), required=False, widget=_text_area(2))
    measure_unit = forms.CharField(label=_("Unit of measure"), max_length=60, required=False)
    target = _number_field(_("Target"))
    order = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=32767)

    def __init__(self, *args, ikus=None, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iku"].queryset = ikus if ikus is not None else Iku.objects.none()
        self.fields["strategic_target"].queryset = targets if targets is not None else StrategicTarget.objects.none()

    @staticmethod
    def initial_for(indicator) -> dict:
        return {"iku": indicator.iku_id, "strategic_target": indicator.strategic_target_id, "name": indicator.name,
                "measure_unit": indicator.measure_unit, "target": number_initial(indicator.target),
                "order": indicator.order}


QUARTER_CHOICES = [(1, _("Quarter I")), (2, _("Quarter II")), (3, _("Quarter III")), (4, _("Quarter IV"))]


class ActionPlanForm(BootstrapForm):
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int)
    action = forms.CharField(label=_("Action"), widget=_text_area(2))
    target = _number_field(_("Quarter target"), required=False)

    @staticmethod
    def initial_for(plan) -> dict:
        return {"quarter": plan.quarter, "action": plan.action, "target": number_initial(plan.target)}


# --- Work plan ----------------------------------------------------------------------------------

class WorkPlanForm(AgreementForm):
    pass


class ProgrammeForm(BootstrapForm):
    code = forms.CharField(label=_("Code"), max_length=40, required=False)
    name = forms.CharField(label=_("Programme"), max_length=255)
    strategic_target = TargetChoiceField(label=_("Strategic target"), queryset=StrategicTarget.objects.none(),
                                         empty_label=_("— Choose a strategic target —"))
    mission = MissionChoiceField(label=_("Mission"), queryset=Mission.objects.none(), required=False,
                                 empty_label=_("— The strategic target's mission —"))
    budget = _money_field(_("Budget (Rp)"))

    def __init__(self, *args, targets=None, missions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategic_target"].queryset = targets if targets is not None else StrategicTarget.objects.none()
        self.fields["mission"].queryset = missions if missions is not None else Mission.objects.none()

    @staticmethod
    def initial_for(programme) -> dict:
        return {"code": programme.code, "name": programme.name, "strategic_target": programme.strategic_target_id,
                "mission": programme.mission_id, "budget": money_initial(programme.budget)}


class ActivityForm(BootstrapForm):
    code = forms.CharField(label=_("Code"), max_length=40, required=False)
    name = forms.CharField(label=_("Activity"), max_length=255)
    budget = _money_field(_("Budget (Rp)"))

    @staticmethod
    def initial_for(activity) -> dict:
        return {"code": activity.code, "name": activity.name, "budget": money_initial(activity.budget)}


class PlanFilterForm(BootstrapForm):
    """GET filters of the overview and the lists: year and OPD."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, choices=())
    unit = UnitTreeChoiceField(label=_("OPD"), queryset=Unit.objects.none(), required=False,
                               empty_label=_("All OPDs"))

    def __init__(self, *args, years=(), units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
