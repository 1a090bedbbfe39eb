"""Forms for socialisation items. They only convert input; every rule lives in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import (  # noqa: F401 (re-exported for the views)
    BootstrapForm,
    FastSelect,
    UnitTreeChoiceField,
    _ValuesChoiceIterator,
    apply_service_errors,
    run_service,
)
from kinerja.organization.models import Unit

from .models import Category, Item
from .services import ALLOWED_LABEL, ALLOWED_TYPES, max_upload_bytes


class FastSelectMultiple(FastSelect):
    allow_multiple_selected = True

    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, {**(attrs or {}), "multiple": True}, renderer)

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty multiple select submits nothing


class UnitTreeMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Units indented by their depth, rendered in Python (instances have thousands of units)."""

    widget = FastSelectMultiple
    iterator = _ValuesChoiceIterator
    label_fields = ("name", "depth")
    label_from_values = staticmethod(UnitTreeChoiceField.label_from_values)

    def label_from_instance(self, obj) -> str:
        return self.label_from_values(obj.name, obj.depth)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once; size and type are checked by the service, which names the file."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ItemForm(BootstrapForm):
    title = forms.CharField(label=_("Title"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("E.g. Guide to drafting the 2026 SKP")}))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Plain text. Leave an empty line between paragraphs."))
    whole_instance = forms.BooleanField(label=_("Address the whole instance"), required=False,
                                        help_text=_("Every employee of the instance sees it."))
    units = UnitTreeMultipleChoiceField(
        label=_("Audience units"), queryset=Unit.objects.none(), required=False,
        help_text=_("Each unit includes all its sub-units. Hold Ctrl (or ⌘) to choose several."))
    attachments = MultipleFileField(
        label=_("Attachments"), required=False,
        widget=MultipleFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_TYPES)}))
    remove_attachments = forms.TypedMultipleChoiceField(
        label=_("Remove attachments"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, units=None, item: Item | None = None, allow_whole: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units if units is not None else Unit.objects.none()
        self.fields["units"].widget.attrs["size"] = 12
        self.fields["units"].widget.attrs["class"] += " soc-units-select"
        self.fields["attachments"].help_text = _("%(types)s; at most %(size)d MB each.") % {
            "types": ALLOWED_LABEL, "size": max_upload_bytes() // (1024 * 1024)}
        if not allow_whole:
            del self.fields["whole_instance"]
        existing = list(item.attachments.all()) if item is not None else []
        if existing:
            self.fields["remove_attachments"].choices = [(a.pk, a.name) for a in existing]
            self.fields["remove_attachments"].widget.attrs["class"] = "form-check-input"
        else:
            del self.fields["remove_attachments"]

    @staticmethod
    def initial_for(item: Item) -> dict:
        return {"title": item.title, "category": item.category, "body": item.body,
                "whole_instance": item.whole_instance,
                "units": list(item.audience.values_list("unit_id", flat=True))}

    def service_data(self) -> dict:
        data = self.cleaned_data
        result = {"title": data["title"], "body": data["body"], "category": data["category"],
                  "whole_instance": data.get("whole_instance", False), "units": list(data["units"])}
        return result


class RemindForm(BootstrapForm):
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
