"""Each user's notifications and e-mails in their own language (their choice, else the instance default), and the
read-only back office of the notification models."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from kinerja.api.testing import api as api  # the API client fixture
from kinerja.audit.models import AuditEvent
from kinerja.core.errors import ValidationError
from kinerja.core.testing import SYSTEM
from kinerja.notifications import services
from kinerja.notifications.models import EmailPreference, Kind, LanguagePreference, Notification, ScheduledRun

pytestmark = pytest.mark.django_db
TITLE = format_lazy(gettext_lazy("Your SKP {period} was approved"), period="2026")


def _with_addresses(world):
    for user, address in ((world.u_staff1, "andi@example.go.id"), (world.u_staff2, "dewi@example.go.id")):
        user.email = address
        user.save(update_fields=["email"])


def test_each_recipient_gets_the_notification_and_the_email_in_their_own_language(
        world, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = "id"
    _with_addresses(world)
    services.set_email_preferences(actor=world.u_staff2, user=world.u_staff2, kinds_on=Kind.values, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(actor=SYSTEM, instance_id=world.a.pk, recipients=[world.u_staff1.pk, world.u_staff2.pk],
                        kind=Kind.SKP_APPROVED, title=TITLE, body="", url="/skp/")
    titles = dict(Notification.objects.values_list("recipient_id", "title"))
    assert titles == {world.u_staff1.pk: "SKP 2026 Anda telah disetujui",
                      world.u_staff2.pk: "Your SKP 2026 was approved"}
    mails = {m.to[0]: m for m in mailoutbox}
    andi, dewi = mails["andi@example.go.id"], mails["dewi@example.go.id"]
    assert "Halo" in andi.body and "SKP 2026 Anda telah disetujui" in andi.subject
    assert "Halo" not in dewi.body and "Your SKP 2026 was approved" in dewi.subject
    assert "Open it in Kinerja" in dewi.body


def test_without_a_choice_the_instance_default_is_used(world, settings, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = "en"
    _with_addresses(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(actor=SYSTEM, instance_id=world.a.pk, recipients=[world.u_staff1.pk],
                        kind=Kind.SKP_APPROVED, title=TITLE, url="/skp/")
    assert Notification.objects.get().title == "Your SKP 2026 was approved"
    assert "Your SKP 2026 was approved" in mailoutbox[0].subject


def test_the_language_choice_is_validated_audited_and_can_be_cleared(world):
    with pytest.raises(ValidationError) as refused:
        services.set_email_preferences(actor=world.u_staff1, user=world.u_staff1, kinds_on=Kind.values,
                                       language="fr")
    assert "language" in refused.value.message_dict and not LanguagePreference.objects.exists()
    services.set_email_preferences(actor=world.u_staff1, user=world.u_staff1, kinds_on=Kind.values, language="en")
    assert services.language_chosen(world.u_staff1) == "en"
    event = AuditEvent.objects.get(action="notifications.preferences.update")
    assert (event.before, event.after) == ({"language": ""}, {"language": "en"})
    services.set_email_preferences(actor=world.u_staff1, user=world.u_staff1, kinds_on=Kind.values, language="")
    assert services.language_chosen(world.u_staff1) == "" and not LanguagePreference.objects.exists()
    services.set_email_preferences(actor=world.u_staff1, user=world.u_staff1, kinds_on=Kind.values)  # unchanged
    assert AuditEvent.objects.filter(action="notifications.preferences.update").count() == 2


def test_the_page_and_the_api_set_the_language(world, client, api):
    client.force_login(world.u_staff1)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert 'data-testid="language"' in page and 'value="en"' in page
    assert client.post(url, {"kinds": Kind.values, "language": "en"}).status_code == 302
    assert services.language_chosen(world.u_staff1) == "en"
    bad = client.post(url, {"kinds": Kind.values, "language": "xx"})
    assert bad.status_code == 200 and "xx" in bad.content.decode() and services.language_chosen(world.u_staff1) == "en"
    me = api(world.u_staff2)
    assert me.get("/notifications/preferences").json()["language"] == ""
    answer = me.put("/notifications/preferences", {"email": ["feedback"], "language": "en"})
    assert answer.status_code == 200 and answer.json()["language"] == "en"
    assert me.put("/notifications/preferences", {"email": [], "language": "fr"}).status_code == 422
    assert services.language_chosen(world.u_staff2) == "en"


# --- the back office ---------------------------------------------------------------------------------------


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [Notification, EmailPreference, LanguagePreference, ScheduledRun],
                         ids=lambda m: m.__name__)
def test_the_notification_models_are_read_only_in_the_back_office(world, client, model,
                                                                   django_assert_max_num_queries):
    services.notify(actor=SYSTEM, instance_id=world.a.pk, recipients=[world.u_staff1.pk, world.u_staff2.pk],
                    kind=Kind.FEEDBACK, title="Ada umpan balik", url="/skp/")
    services.set_email_preferences(actor=world.u_staff1, user=world.u_staff1, kinds_on=[], language="en")
    ScheduledRun.objects.create(name="progress.deadline_reminders", due_at="2026-12-01T07:00:00+07:00")
    obj = model.objects.first()
    client.force_login(world.u_root)
    with django_assert_max_num_queries(15):  # the related rows in the list's own query, not one per row
        listing = client.get(admin_url(model, "changelist"))
    assert listing.status_code == 200
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    model_admin = admin.site._registry[model]
    request = listing.wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, obj) and not model_admin.has_delete_permission(request, obj)
    assert "delete_selected" not in model_admin.get_actions(request)
    client.force_login(world.u_admin_bkpsdm)  # an instance's admin has no back office
    assert client.get(admin_url(model, "changelist")).status_code == 302


def test_the_notification_list_filters_read_and_emailed(world, client):
    rows = services.notify(actor=SYSTEM, instance_id=world.a.pk, recipients=[world.u_staff1.pk, world.u_staff2.pk],
                           kind=Kind.FEEDBACK, title="Ada umpan balik", url="/skp/")
    services.mark_read(actor=world.u_staff1, notification=next(r for r in rows if r.recipient_id == world.u_staff1.pk))
    client.force_login(world.u_root)
    unread = client.get(admin_url(Notification, "changelist"), {"read": "no"})
    assert [n.recipient_id for n in unread.context["cl"].result_list] == [world.u_staff2.pk]
    assert len(client.get(admin_url(Notification, "changelist"), {"emailed": "no"}).context["cl"].result_list) == 2
