"""Forms of the feedback pages. They only convert input; every rule lives in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapForm, DateInput, run_service  # noqa: F401 (re-exported for the views)

from .models import PLACE_MAX, ActionOwner, Comment, Dialogue, DialogueAction, Medium


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class CommentForm(BootstrapForm):
    body = forms.CharField(label=_("Comment"), max_length=Comment.BODY_MAX,
                           widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Write feedback…")}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DialogueForm(BootstrapForm):
    scheduled_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput,
                                       input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"])
    medium = forms.ChoiceField(label=_("Medium"), choices=Medium.choices, initial=Medium.IN_PERSON)
    place = forms.CharField(label=_("Place or meeting link"), required=False,
                            max_length=PLACE_MAX)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=Dialogue.TEXT_LIMITS["agenda"],
                             help_text=_("What you want to talk about: results so far, obstacles, support needed."))
    follow_up_on = forms.DateField(label=_("Follow-up date"), required=False, widget=DateInput)
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        return data


class RecordForm(BootstrapForm):
    notes = forms.CharField(label=_("Notes of the dialogue"), widget=forms.Textarea(attrs={"rows": 8}),
                            max_length=Dialogue.TEXT_LIMITS["notes"],
                            help_text=_("What was discussed and concluded. The employee reads these notes."))
    follow_up_on = forms.DateField(label=_("Follow-up date"), required=False, widget=DateInput)
    action_text = forms.CharField(label=_("Agreed action"), required=False, max_length=DialogueAction.TEXT_MAX,
                                  widget=forms.TextInput(attrs={"placeholder": _("E.g. Send the data by Friday")}))
    action_owner = forms.ChoiceField(label=_("Whose action"), choices=ActionOwner.choices, initial=ActionOwner.EMPLOYEE,
                                     required=False)
    action_due = forms.DateField(label=_("Due"), required=False, widget=DateInput)
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ActionForm(BootstrapForm):
    text = forms.CharField(label=_("Agreed action"), max_length=DialogueAction.TEXT_MAX)
    owner = forms.ChoiceField(label=_("Whose action"), choices=ActionOwner.choices, initial=ActionOwner.EMPLOYEE)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput)


class CancelForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=Dialogue.TEXT_LIMITS["cancel_reason"])
