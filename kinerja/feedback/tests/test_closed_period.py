"""Comments on an RHK or a report of a closed SKP period are refused with a clear error — in the service, on
the page and over the API — and nothing is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.api.testing import api as api  # the API client fixture
from kinerja.audit.models import AuditEvent
from kinerja.core.errors import ValidationError
from kinerja.feedback import services
from kinerja.feedback.models import Comment
from kinerja.notifications.models import Notification
from kinerja.skp.models import Period

pytestmark = pytest.mark.django_db
CLOSED = "is closed"


def close(f):
    Period.objects.filter(pk=f.period.pk).update(is_closed=True)


@pytest.fixture
def earlier(world, f):
    """A comment written while the period was open."""
    return services.post_comment(actor=world.u_kasi_surv, body="Mohon data minggu ketiga.", rhk=f.rhk)


def test_the_service_refuses_every_comment_write_once_the_period_is_closed(world, f, earlier):
    close(f)
    counts = (Comment.objects.count(), AuditEvent.objects.count(), Notification.objects.count())
    for write in (lambda: services.post_comment(actor=world.u_kasi_surv, body="Baik.", rhk=f.rhk),
                  lambda: services.post_comment(actor=world.u_kasi_surv, body="Baik.", report=f.report),
                  lambda: services.post_comment(actor=world.u_staff1, body="Siap.", parent=earlier),
                  lambda: services.edit_comment(actor=world.u_kasi_surv, comment=earlier, body="Ubah."),
                  lambda: services.delete_comment(actor=world.u_kasi_surv, comment=earlier)):
        with pytest.raises(ValidationError) as refused:
            write()
        assert refused.value.error_dict["__all__"][0].code == "closed"
        assert CLOSED in refused.value.messages[0] and f.period.name in refused.value.messages[0]
    assert (Comment.objects.count(), AuditEvent.objects.count(), Notification.objects.count()) == counts
    earlier.refresh_from_db()
    assert earlier.body == "Mohon data minggu ketiga." and earlier.deleted_at is None


def test_the_page_shows_the_thread_closed_and_refuses_a_post(world, f, earlier, client):
    close(f)
    client.force_login(world.u_kasi_surv)
    url = reverse("feedback:report-thread", args=[f.report.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="thread-closed"' in page and 'data-testid="comment-form"' not in page
    answer = client.post(url, {"body": "Terlambat."}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and CLOSED in answer.content.decode()
    assert not Comment.objects.filter(body="Terlambat.").exists()
    rhk_page = client.get(reverse("feedback:rhk-thread", args=[f.rhk.pk])).content.decode()
    assert 'data-testid="edit-comment"' not in rhk_page  # no edit or delete offered on a closed thread
    client.post(reverse("feedback:comment-delete", args=[earlier.pk]))
    assert Comment.objects.get(pk=earlier.pk).deleted_at is None


def test_the_api_answers_422_naming_the_closed_period(world, f, earlier, api):
    close(f)
    boss = api(world.u_kasi_surv)
    for answer in (boss.post(f"/feedback/rhk/{f.rhk.pk}/comments", {"body": "Baik."}),
                   boss.post(f"/feedback/reports/{f.report.pk}/comments", {"body": "Baik."}),
                   boss.patch(f"/feedback/comments/{earlier.pk}", {"body": "Ubah."}),
                   boss.delete(f"/feedback/comments/{earlier.pk}")):
        assert answer.status_code == 422, answer.content
        assert CLOSED in answer.content.decode()
    assert Comment.objects.count() == 1
