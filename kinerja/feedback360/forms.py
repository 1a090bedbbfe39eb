"""Forms of the 360 pages. They only convert input; every rule lives in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapForm, DateInput, UnitTreeChoiceField, run_service  # noqa: F401
from kinerja.organization.models import Unit
from kinerja.rules.skp import BERAKHLAK
from kinerja.skp.models import Period

from .models import COMMENT_MAX, SCALE_MAX, SCALE_MIN, Relation

SCALE = [(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]


class RoundForm(BootstrapForm):
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.none())
    unit = UnitTreeChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                               help_text=_("The unit and its sub-units; empty for the whole instance."))
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)
    min_responses = forms.IntegerField(label=_("Minimum responses"), required=False, min_value=2, max_value=50,
                                       help_text=_("Results are shown only once at least this many colleagues "
                                                   "have answered (3 by default)."))

    def __init__(self, *args, periods=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods if periods is not None else Period.objects.none()
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class RaterForm(BootstrapForm):
    ratee_nip = forms.CharField(label=_("NIP of the rated employee"), max_length=18)
    rater_nip = forms.CharField(label=_("NIP of the rater"), max_length=18)
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices, initial=Relation.PEER)


class AnswerForm(BootstrapForm):
    """One 1–5 choice per BerAKHLAK value (with its three guides, in the official Indonesian wording) and an
    optional comment."""

    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Shown to the employee only together with the others' comments, "
                                          "once the round is closed; do not write your name."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        english = (get_language() or "id").startswith("en")
        fields = {}
        for value in BERAKHLAK:
            field = forms.TypedChoiceField(label=value.name, choices=SCALE, coerce=int, required=False,
                                           widget=forms.RadioSelect(attrs={"class": "btn-check"}))
            field.guides = value.guides_en if english else value.guides
            field.code = value.code
            fields[value.code] = field
        fields["comment"] = self.fields.pop("comment")
        self.fields = fields
        for name in [v.code for v in BERAKHLAK]:
            self.fields[name].widget.attrs["class"] = "btn-check"

    def value_fields(self):
        return [self[v.code] for v in BERAKHLAK]

    def scores(self) -> dict[str, int]:
        return {v.code: self.cleaned_data.get(v.code) for v in BERAKHLAK if self.cleaned_data.get(v.code)}
