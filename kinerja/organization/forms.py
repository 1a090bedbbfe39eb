"""Forms for units and positions.

The forms only convert input into Python values; every rule lives in
:mod:`kinerja.organization.services`. The view calls the service and hands a ValidationError back
to the form with :func:`apply_service_errors`, so each message shows next to its field.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import (  # noqa: F401 (re-exported for the views)
    BootstrapForm,
    FastSelect,
    PositionChoiceField,
    UnitTreeChoiceField,
    apply_service_errors,
)

from .models import STRUCTURAL_KINDS, Position, PositionKind, Unit, UnitKind


class SigningPlaceForm(BootstrapForm):
    """The instance's place of signing (``organization.services.set_signing_place``)."""

    city = forms.CharField(label=_("Place of signing"), max_length=120,
                           help_text=_("The city or regency printed before the date above the signatures of "
                                       "the SKP (e.g. Palembang), not the province."))


class UnitForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False,
                                 help_text=_("E.g. Dinkes, Bid. P2P."))
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    code = forms.CharField(label=_("Code"), max_length=40, required=False)
    siasn_id = forms.CharField(label=_("SIASN UNOR ID"), max_length=64, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @classmethod
    def initial_for(cls, unit: Unit) -> dict:
        return {name: getattr(unit, name) for name in cls.base_fields}


class UnitMoveForm(BootstrapForm):
    parent = UnitTreeChoiceField(
        label=_("New parent unit"), queryset=Unit.objects.none(), required=False,
        help_text=_("The unit moves with all its sub-units, positions and employees."),
    )

    def __init__(self, *args, units=None, unit: Unit | None = None, allow_root: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        field.queryset = units if units is not None else Unit.objects.none()
        field.empty_label = _("— Top level (no parent) —") if allow_root else None
        if not allow_root:
            field.required = True
        if unit is not None:
            own_subtree = field.queryset.filter(path__startswith=unit.path).values_list("pk", flat=True)
            field.widget = FastSelect(disabled_values=list(own_subtree), attrs=field.widget.attrs)
            field.widget.choices = field.choices


class PositionForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PositionKind.choices)
    is_head = forms.BooleanField(label=_("Heads the unit"), required=False,
                                 help_text=_("The holder leads the unit (e.g. Kepala Dinas, Camat)."))
    superior = PositionChoiceField(
        label=_("Superior position"), queryset=Position.objects.none(), required=False,
        help_text=_("The position that evaluates this one. Leave empty on a new position to use the unit head "
                    "(or, for a head, the head of the parent unit)."),
    )
    single_holder = forms.BooleanField(label=_("Single holder"), required=False, initial=True,
                                       help_text=_("Only one person may hold it at a time."))
    echelon = forms.CharField(label=_("Echelon"), max_length=10, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, instance_id: int, position: Position | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = Position.objects.filter(instance_id=instance_id, is_active=True, kind__in=STRUCTURAL_KINDS)
        if position is not None:
            choices = choices.exclude(pk=position.pk)
            if position.superior_id:  # keep the current superior selectable whatever its kind
                choices = choices | Position.objects.filter(pk=position.superior_id)
        self.fields["superior"].empty_label = _("— Automatic: the unit head —") if position is None else _("— None —")
        self.fields["superior"].queryset = (choices.select_related("unit")
                                            .order_by("unit__path", "-is_head", "name"))

    @classmethod
    def initial_for(cls, position: Position) -> dict:
        data = {name: getattr(position, name) for name in cls.base_fields if name != "superior"}
        return data | {"superior": position.superior_id}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("superior", None)
        return data


class PositionFilterForm(BootstrapForm):
    """GET filters of the positions list."""

    q = forms.CharField(label=_("Search"), required=False)
    unit = UnitTreeChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                               empty_label=_("All units"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *PositionKind.choices])
    vacant = forms.BooleanField(label=_("Vacant only"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
