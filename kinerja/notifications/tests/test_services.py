"""notify(), the e-mail task, read marks and the e-mail preferences."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMultiAlternatives
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from kinerja.audit.models import AuditEvent
from kinerja.core.errors import PermissionDenied, ValidationError
from kinerja.core.testing import SYSTEM
from kinerja.notifications import services
from kinerja.notifications.models import EmailPreference, Kind, Notification
from kinerja.notifications.tasks import send_emails


def _notify(w, recipients, **kwargs):
    data = {"actor": SYSTEM, "instance_id": w.a.pk, "recipients": recipients, "kind": Kind.FEEDBACK,
            "title": "Ada umpan balik baru", "body": "Baca di halaman SKP.", "url": "/skp/"} | kwargs
    return services.notify(**data)


def test_notify_writes_one_row_per_recipient_in_one_insert(world, django_assert_num_queries):
    ids = [world.u_staff1.pk, world.u_staff2.pk, world.u_staff1.pk, None]
    with django_assert_num_queries(2):  # the recipients' languages, the insert
        rows = _notify(world, ids)
    assert sorted(r.recipient_id for r in rows) == sorted([world.u_staff1.pk, world.u_staff2.pk])
    row = Notification.objects.get(recipient=world.u_staff1)
    assert (row.kind, row.title, row.url, row.read_at, row.emailed_at) == (
        "feedback", "Ada umpan balik baru", "/skp/", None, None)


def test_the_actor_is_never_told_of_their_own_act(world):
    assert _notify(world, [world.u_staff1.pk], actor=world.u_staff1) == []
    assert not Notification.objects.exists()


def test_unknown_kind_is_refused(world):
    with pytest.raises(ValueError):
        _notify(world, [world.u_staff1.pk], kind="nonsense")


def test_dedupe_key_makes_it_once_only_per_recipient(world):
    _notify(world, [world.u_staff1.pk], dedupe_key="deadline:2026-11-01")
    again = _notify(world, [world.u_staff1.pk, world.u_staff2.pk], dedupe_key="deadline:2026-11-01")
    assert [r.recipient_id for r in again] == [world.u_staff2.pk]
    assert Notification.objects.filter(dedupe_key="deadline:2026-11-01").count() == 2


def test_lazy_title_is_written_in_the_recipients_language(world, settings):
    settings.LANGUAGE_CODE = "id"
    _notify(world, [world.u_staff1.pk], title=format_lazy(gettext_lazy("Your SKP {period} was approved"),
                                                           period="2026"))
    assert Notification.objects.get().title == "SKP 2026 Anda telah disetujui"


def test_email_goes_after_commit_to_those_with_an_address(world, mailoutbox, django_capture_on_commit_callbacks,
                                                          settings):
    settings.KINERJA = {**settings.KINERJA, "BASE_URL": "https://kinerja.example.go.id"}
    world.u_staff1.email = "andi@example.go.id"
    world.u_staff1.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = _notify(world, [world.u_staff1.pk, world.u_nobody.pk])
    assert mailoutbox == [] and len(callbacks) == 1  # nothing before the commit
    callbacks[0]()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["andi@example.go.id"]
    assert message.subject == "[Kinerja] Ada umpan balik baru"
    mine = next(r for r in rows if r.recipient_id == world.u_staff1.pk)
    link = f"https://kinerja.example.go.id/notifications/{mine.pk}/open/"
    assert link in message.body and "Baca di halaman SKP." in message.body
    assert isinstance(message, EmailMultiAlternatives)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and link in html
    assert "https://kinerja.example.go.id/notifications/preferences/" in message.body
    emailed = dict(Notification.objects.values_list("recipient_id", "emailed_at"))
    assert emailed[world.u_staff1.pk] is not None and emailed[world.u_nobody.pk] is None


def test_employee_address_is_used_when_the_login_has_none(world, mailoutbox, django_capture_on_commit_callbacks):
    world.staff2.email = "dewi@example.go.id"
    world.staff2.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        _notify(world, [world.u_staff2.pk])
    assert [m.to for m in mailoutbox] == [["dewi@example.go.id"]]


def test_email_is_in_indonesian_by_default(world, mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.LANGUAGE_CODE = "id"
    world.u_staff1.email = "andi@example.go.id"
    world.u_staff1.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        _notify(world, [world.u_staff1.pk])
    assert "Halo" in mailoutbox[0].body and "Buka di Kinerja" in mailoutbox[0].body


def test_a_kind_switched_off_is_not_emailed_but_still_shown(world, mailoutbox, django_capture_on_commit_callbacks):
    world.u_staff1.email = "andi@example.go.id"
    world.u_staff1.save(update_fields=["email"])
    services.set_email_preferences(actor=world.u_staff1, user=world.u_staff1,
                                   kinds_on=[k for k in Kind.values if k != Kind.FEEDBACK])
    with django_capture_on_commit_callbacks(execute=True):
        _notify(world, [world.u_staff1.pk])
        _notify(world, [world.u_staff1.pk], kind=Kind.DEADLINE, title="Batas laporan")
    assert [m.subject for m in mailoutbox] == ["[Kinerja] Batas laporan"]
    assert Notification.objects.filter(recipient=world.u_staff1).count() == 2


def test_the_task_sends_each_notification_once(world, mailoutbox, django_capture_on_commit_callbacks):
    world.u_staff1.email = "andi@example.go.id"
    world.u_staff1.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        rows = _notify(world, [world.u_staff1.pk])
    assert send_emails.call([rows[0].pk]) == {"emailed": 0, "skipped": 0}
    assert len(mailoutbox) == 1


def test_a_failed_send_gives_the_claim_back(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "kinerja.notifications.tests.failing_mail.Backend"
    world.u_staff1.email = "andi@example.go.id"
    world.u_staff1.save(update_fields=["email"])
    rows = _notify(world, [world.u_staff1.pk])
    with pytest.raises(ConnectionError):
        send_emails.call([rows[0].pk])
    assert Notification.objects.get().emailed_at is None


def test_mark_read_only_ones_own(world):
    row = _notify(world, [world.u_staff1.pk])[0]
    with pytest.raises(PermissionDenied):
        services.mark_read(actor=world.u_staff2, notification=row)
    services.mark_read(actor=world.u_staff1, notification=row)
    first = Notification.objects.get().read_at
    assert first is not None
    services.mark_read(actor=world.u_staff1, notification=Notification.objects.get())
    assert Notification.objects.get().read_at == first


def test_mark_all_read_touches_only_the_actors(world):
    _notify(world, [world.u_staff1.pk, world.u_staff2.pk])
    _notify(world, [world.u_staff1.pk])
    assert services.mark_all_read(actor=world.u_staff1) == 2
    assert services.mark_all_read(actor=world.u_staff1) == 0
    assert Notification.objects.filter(recipient=world.u_staff2, read_at__isnull=True).count() == 1
    with pytest.raises(PermissionDenied):
        services.mark_all_read(actor=SYSTEM)


def test_email_preferences_default_on_and_are_audited(world):
    assert services.email_kinds_on(world.u_staff1) == Kind.values
    on = services.set_email_preferences(actor=world.u_staff1, user=world.u_staff1, kinds_on=["deadline"])
    assert on == ["deadline"]
    assert services.email_kinds_on(world.u_staff1) == ["deadline"]
    assert EmailPreference.objects.filter(user=world.u_staff1, enabled=False).count() == len(Kind.values) - 1
    event = AuditEvent.objects.get(action="notifications.preferences.update")
    assert event.before == {"email": Kind.values} and event.after == {"email": ["deadline"]}
    assert event.object_id == str(world.u_staff1.pk) and event.instance_id == world.a.pk
    # switching one back on updates its row; nothing changed: no event
    services.set_email_preferences(actor=world.u_staff1, user=world.u_staff1, kinds_on=["deadline", "feedback"])
    assert services.email_kinds_on(world.u_staff1) == ["feedback", "deadline"]
    services.set_email_preferences(actor=world.u_staff1, user=world.u_staff1, kinds_on=["deadline", "feedback"])
    assert AuditEvent.objects.filter(action="notifications.preferences.update").count() == 2


def test_email_preferences_are_ones_own_and_checked(world):
    with pytest.raises(PermissionDenied):
        services.set_email_preferences(actor=world.u_staff2, user=world.u_staff1, kinds_on=[])
    with pytest.raises(ValidationError):
        services.set_email_preferences(actor=world.u_staff1, user=world.u_staff1, kinds_on=["spam"])
    with pytest.raises(ValidationError):
        services.set_email_preferences(actor=world.u_root, user=world.u_root, kinds_on=[])
    assert not EmailPreference.objects.exists()
    services.set_email_preferences(actor=SYSTEM, user=world.u_staff1, kinds_on=[])
    assert services.email_kinds_on(world.u_staff1) == []
