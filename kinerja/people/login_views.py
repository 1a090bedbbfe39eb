"""Logins in bulk: BKPSDM administrators create the missing logins of a unit's subtree or of the
whole instance and receive the one-time passwords once, as a card sheet to print with a CSV; and they
deactivate the logins of employees who left. Everyone else gets 403."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kinerja.core.forms import BootstrapForm, UnitTreeChoiceField, run_service
from kinerja.organization.instances import instance_choices
from kinerja.organization.models import Unit

from . import login_sheet, logins
from .user_views import _managed_instance


class LoginBatchForm(BootstrapForm):
    unit = UnitTreeChoiceField(
        label=gettext_lazy("Unit"), queryset=Unit.objects.none(), required=False,
        empty_label=gettext_lazy("Whole instance"),
        help_text=gettext_lazy("Logins are created for the employees of this unit and its sub-units who have none."),
    )

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(instance=instance).order_by("path")


def _suffix(request, instance) -> str:
    return f"?instance={instance.pk}" if request.user.is_superuser else ""


def _page(request, instance, form):
    return render(request, "accounts/logins.html", {
        "active_menu": "users", "instance": instance, "instances": instance_choices(request), "form": form,
        "without_login": logins.employees_without_login(instance).count(),
        "leavers": logins.leaver_logins(instance).count(), "suffix": _suffix(request, instance),
    })


@login_required
def logins_page(request):
    instance = _managed_instance(request)
    return _page(request, instance, LoginBatchForm(instance=instance))


@login_required
@require_POST
def logins_create(request):
    """Creates the logins and answers with their card sheet. The passwords are in this response only
    (not cached, not stored): the CSV rides along inside it as a data: link, built in this request."""
    instance = _managed_instance(request)
    form = LoginBatchForm(request.POST, instance=instance)
    done = run_service(request, form, lambda data: logins.create_logins(
        actor=request.user, instance=instance, unit=data["unit"]))
    if not done.ok:
        return _page(request, instance, form)
    batch = done.result
    if not batch.created:
        messages.info(request, _("Every active employee there already has a login; nothing was created."))
        return redirect(reverse("accounts:logins") + _suffix(request, instance))
    url = login_sheet.login_url(request)
    csv_data = base64.b64encode(("\ufeff" + login_sheet.csv_text(batch, url)).encode()).decode()
    response = render(request, "accounts/logins_sheet.html", {
        "active_menu": "users", "instance": instance, "batch": batch, "login_url": url,
        "unit": form.cleaned_data["unit"], "csv_data": csv_data,
        "csv_name": f"logins-{instance.slug}-{timezone.localtime():%Y%m%d-%H%M}.csv",
    })
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def deactivate_leavers(request):
    instance = _managed_instance(request)
    count = logins.deactivate_leavers(actor=request.user, instance=instance)
    messages.success(request, _("%(count)s logins of employees who left were deactivated.") % {"count": count})
    return redirect(reverse("accounts:logins") + _suffix(request, instance))



