"""The audit log browser: who may read it, instance isolation, filters, keyset pages, the diff page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM
from kinerja.people import services

LIST = reverse("audit:list")


def detail(event) -> str:
    return reverse("audit:detail", args=[event.pk])


def ids(response) -> list[int]:
    assert response.status_code == 200
    return [e.pk for e in response.context["page"].items]


@pytest.fixture
def busy_log(world):
    """More than one page (50) of events in instance A."""
    for i in range(20):
        services.update_employee(actor=world.u_admin_bkpsdm, employee=world.staff2, phone=f"0811{i:04d}")


@pytest.fixture
def web_transfer(world, client_for):
    """A transfer made through the web form by the BKPSDM admin: source "web", actor set."""
    client_for(world.u_admin_bkpsdm).post(reverse("people:transfer", args=[world.staff1.pk]),
                                          {"position": world.pos_perawat.pk, "start_date": "2026-01-02",
                                           "decree_number": "800/1/2026"})
    return AuditEvent.objects.get(action="people.employee.transfer")


@pytest.mark.parametrize("user", ["u_auditor", "u_admin_bkpsdm", "u_root"])
def test_audit_readers_see_the_log(world, busy_log, client_for, user):
    response = client_for(getattr(world, user)).get(LIST)
    assert response.status_code == 200 and response.context["active_menu"] == "audit"
    assert len(response.context["page"].items) == 50


@pytest.mark.parametrize("user", ["u_monev", "u_pimpinan", "u_admin_opd", "u_kadinkes", "u_staff1", "u_nobody"])
def test_others_are_refused(world, client_for, user):
    client = client_for(getattr(world, user))
    event = AuditEvent.objects.filter(instance=world.a).first()
    assert client.get(LIST).status_code == 403
    assert client.get(detail(event)).status_code == 403


def test_anonymous_is_sent_to_login(world, client):
    assert client.get(LIST).status_code == 302


def test_each_instance_sees_only_its_own_events(world, client_for):
    client = client_for(world.u_admin_b)
    seen = []
    cursor = None
    while True:
        response = client.get(LIST, {"cursor": cursor} if cursor else {})
        seen += ids(response)
        cursor = response.context["page"].next_cursor
        if not cursor:
            break
    expected = list(AuditEvent.objects.filter(instance=world.b).order_by("-id").values_list("pk", flat=True))
    assert seen == expected and seen
    assert "Andi Pratama" not in client.get(LIST, {"actor": "", "object_type": "people.employee"}).content.decode()
    a_event = AuditEvent.objects.filter(instance=world.a).first()
    assert client.get(detail(a_event)).status_code == 404


def test_pagination_walks_every_row_once(world, busy_log, client_for):
    client = client_for(world.u_auditor)
    seen, pages, response = [], 0, client.get(LIST)
    while True:
        seen += ids(response)
        pages += 1
        page = response.context["page"]
        if not page.next_cursor:
            break
        assert f"cursor={page.next_cursor}" in response.content.decode()
        response = client.get(LIST, {"cursor": page.next_cursor})
    expected = list(AuditEvent.objects.filter(instance=world.a).order_by("-id").values_list("pk", flat=True))
    assert seen == expected and len(set(seen)) == len(seen) and pages > 1
    back = client.get(LIST, {"cursor": response.context["page"].prev_cursor})
    assert ids(back) == expected[(pages - 2) * 50:(pages - 1) * 50]


def test_filter_by_actor_action_object_and_source(world, client_for, web_transfer):
    client = client_for(world.u_auditor)
    assert ids(client.get(LIST, {"actor": "admin_bk"})) == [web_transfer.pk]
    assert ids(client.get(LIST, {"action": "people.employee.transfer"})) == [web_transfer.pk]
    assert ids(client.get(LIST, {"source": "web"})) == [web_transfer.pk]
    by_object = ids(client.get(LIST, {"object_type": "people.employee", "object_id": str(world.staff1.pk)}))
    assert by_object == [web_transfer.pk, AuditEvent.objects.get(action="people.employee.create",
                                                                 object_id=str(world.staff1.pk)).pk]
    creates = ids(client.get(LIST, {"action": "people.employee"}))  # prefix
    assert len(creates) == 10  # 9 employees of instance A created, 1 transfer
    assert ids(client.get(LIST, {"source": "api"})) == []


def test_filter_by_date_range(world, busy_log, client_for):
    client = client_for(world.u_auditor)
    today = timezone.localdate()
    everything = AuditEvent.objects.filter(instance=world.a).count()
    response = client.get(LIST, {"date_from": today.isoformat(), "date_to": today.isoformat(), "action": "people"})
    assert len(ids(response)) == AuditEvent.objects.filter(instance=world.a, action__startswith="people").count()
    assert ids(client.get(LIST, {"date_to": (today - timedelta(days=1)).isoformat()})) == []
    assert ids(client.get(LIST, {"date_from": (today + timedelta(days=1)).isoformat()})) == []
    assert everything > 50


def test_bad_filters_and_cursor_do_not_break_the_page(world, client_for):
    client = client_for(world.u_auditor)
    response = client.get(LIST, {"date_from": "kemarin", "cursor": "xyz"})
    assert response.status_code == 200 and response.context["cursor_error"]
    assert "date_from" in response.context["form"].errors


def test_list_rows_show_time_actor_action_object_source(world, client_for, web_transfer):
    html = client_for(world.u_auditor).get(LIST, {"source": "web"}).content.decode()
    assert "admin_bkpsdm" in html and "people.employee.transfer" in html and "Andi Pratama" in html
    assert "source-web" in html and detail(web_transfer) in html


def test_detail_shows_the_before_after_diff(world, client_for, web_transfer):
    response = client_for(world.u_auditor).get(detail(web_transfer))
    assert response.status_code == 200
    changes = {row["field"]: (row["before"], row["after"]) for row in response.context["changes"]}
    assert changes["position_id"] == (str(world.pos_data.pk), str(world.pos_perawat.pk))
    assert changes["unit_id"] == (str(world.surv.pk), str(world.yankes.pk))
    assert changes["tmt_position"] == ("2020-01-02", "2026-01-02")
    html = response.content.decode()
    assert 'data-field="position_id"' in html
    assert response.context["object_url"] == reverse("people:profile", args=[world.staff1.pk])


def test_detail_of_a_creation_has_no_before(world, client_for):
    event = AuditEvent.objects.get(action="people.employee.create", object_id=str(world.staff1.pk))
    response = client_for(world.u_admin_bkpsdm).get(detail(event))
    assert response.status_code == 200
    assert all(row["added"] for row in response.context["changes"])
    assert "nip" in {row["field"] for row in response.context["changes"]}


def test_unknown_event_is_404(world, client_for):
    assert client_for(world.u_root).get(reverse("audit:detail", args=[999999])).status_code == 404


def test_read_only(world, client_for):
    client = client_for(world.u_auditor)
    event = AuditEvent.objects.filter(instance=world.a).first()
    before = AuditEvent.objects.count()
    assert client.post(LIST, {"actor": "x"}).status_code == 405
    assert client.post(detail(event)).status_code == 405
    assert AuditEvent.objects.count() == before
    html = client.get(LIST).content.decode() + client.get(detail(event)).content.decode()
    post_forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>", html)
    assert all("/accounts/logout/" in form or "/i18n/setlang/" in form for form in post_forms)  # layout only


def test_query_count_is_constant(world, client_for):
    client = client_for(world.u_auditor)
    client.get(LIST)
    with CaptureQueriesContext(connection) as small:
        client.get(LIST, {"action": "organization"})
    for i in range(60):
        services.update_employee(actor=world.u_admin_bkpsdm, employee=world.staff1, phone=f"08{i:04d}")
    with CaptureQueriesContext(connection) as large:
        response = client.get(LIST)
    assert len(response.context["page"].items) == 50
    assert len(small.captured_queries) == len(large.captured_queries) <= 10


def test_superuser_sees_every_instance(world, client_for):
    response = client_for(world.u_root).get(LIST, {"object_type": "people.employee",
                                                   "action": "people.employee.create"})
    labels = {e.object_label for e in response.context["page"].items}
    assert "Andi Pratama" in labels and "Nur Hidayah" in labels


def test_profile_history_links_to_the_audit_log(world, client_for):
    html = client_for(world.u_auditor).get(reverse("people:profile", args=[world.staff1.pk])).content.decode()
    event = AuditEvent.objects.get(action="people.employee.create", object_id=str(world.staff1.pk))
    assert detail(event) in html
    assert f"object_type=people.employee&amp;object_id={world.staff1.pk}" in html



def test_extra_snapshot_keys_are_labelled_in_the_users_language(world, client_for, settings):
    """A socialisation item's "units" and "attachments" are not model fields: still no raw English key."""
    from kinerja.socialisation import services as socialisation

    item = socialisation.create_item(actor=world.u_admin_bkpsdm, instance=world.a, title="Edaran", body="Isi",
                                     category="policy", whole_instance=True)
    event = AuditEvent.objects.get(action="socialisation.item.create", object_id=str(item.pk))
    settings.LANGUAGE_CODE = "id"
    from django.utils import translation

    with translation.override("id"):
        labels = {row["field"]: row["label"]
                  for row in client_for(world.u_admin_bkpsdm).get(detail(event)).context["changes"]}
    assert labels["units"] == "unit kerja sasaran" and labels["attachments"] == "lampiran"
    assert labels["title"] == "judul"


def test_system_actor_and_source_are_shown_in_the_users_language(world, client_for, settings):
    """A write without a user is recorded as "system" from "cli": the pages say "sistem" and "Baris perintah"."""
    from django.utils import translation

    from kinerja.audit.context import audit_context
    from kinerja.audit.services import record

    with audit_context("cli"):
        record("organization.unit.update", world.dinkes, actor=SYSTEM)
    settings.LANGUAGE_CODE = "id"
    with translation.override("id"):
        html = client_for(world.u_admin_bkpsdm).get(reverse("audit:list")).content.decode()
    start = html.index("<tbody")
    row = html[start:html.index("</tr>", start)]
    assert "sistem" in row and "Baris perintah" in row
    assert "system" not in row.replace("source-", "") and " cli<" not in row
