"""The forms of the results pages: organisation predikat, calibration adjustments and lock, appeals."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapForm

from .models import OrgPredikat, Predikat, Rating

BLANK = [("", "—")]


class UnitRatingForm(BootstrapForm):
    predikat = forms.ChoiceField(label=_("Organisation predikat"), choices=OrgPredikat.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required when the predikat departs from the suggestion."))


class AdjustForm(BootstrapForm):
    predikat = forms.ChoiceField(label=_("Predikat"), choices=BLANK + list(Predikat.choices), required=False)
    result_rating = forms.ChoiceField(label=_("Rating hasil kerja"), choices=BLANK + list(Rating.choices),
                                      required=False)
    behaviour_rating = forms.ChoiceField(label=_("Rating perilaku kerja"), choices=BLANK + list(Rating.choices),
                                         required=False)
    reason = forms.CharField(label=_("Reason (recorded)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)


class LockForm(BootstrapForm):
    notes = forms.CharField(label=_("Minutes of the meeting"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))


class AppealForm(BootstrapForm):
    reason = forms.CharField(label=_("Grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 4}),
                             required=False)
    requested_predikat = forms.ChoiceField(label=_("Predikat asked for"), choices=BLANK + list(Predikat.choices),
                                           required=False)


class DecideForm(BootstrapForm):
    grant = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "grant",
                                   choices=[("grant", _("Grant")), ("reject", _("Reject"))])
    new_predikat = forms.ChoiceField(label=_("Predikat after the decision"), choices=BLANK + list(Predikat.choices),
                                     required=False, help_text=_("When granting: the predikat the appeal asks "
                                                                 "for, unless you choose another."))
    reason = forms.CharField(label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
