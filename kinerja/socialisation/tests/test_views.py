"""Socialisation pages: each with an allowed user, a user without the role and one out of scope."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.people.models import Employee
from kinerja.socialisation import services
from kinerja.socialisation.models import Acknowledgement, Item, Reminder, ReminderBatch, Status

from .conftest import docx, draft, pdf, published

pytestmark = pytest.mark.django_db
HOME = reverse("home:home")


def url(name, *args):
    return reverse(f"socialisation:{name}", args=args)


# --- employees --------------------------------------------------------------------------------------

def test_home_shows_unread_items_addressed_to_me(world, client_for):
    mine = published(world, units=[world.p2p], title="Perubahan jadwal penetapan SKP", category="change")
    published(world, units=[world.disdik], title="Khusus Dinas Pendidikan")
    draft(world, units=[world.surv], title="Masih draf")
    html = client_for(world.u_staff1).get(HOME).content.decode()
    assert 'data-testid="socialisation-home"' in html
    assert "Perubahan jadwal penetapan SKP" in html and url("detail", mine.pk) in html
    assert "Khusus Dinas Pendidikan" not in html and "Masih draf" not in html
    services.acknowledge(actor=world.u_staff1, item=mine)
    html = client_for(world.u_staff1).get(HOME).content.decode()
    assert 'data-testid="socialisation-home"' not in html  # nothing unread: no card


def test_home_feed_marks_reminded_items_and_costs_two_queries(world, client_for, django_assert_max_num_queries):
    from kinerja.socialisation.home import home_feed

    items = [published(world, whole=True, title=f"Item {n}") for n in range(6)]
    batch = ReminderBatch.objects.create(instance=world.a, item=items[0])
    Reminder.objects.create(instance=world.a, batch=batch, item=items[0], employee=world.staff1)
    employee = Employee.objects.select_related("unit").get(pk=world.staff1.pk)
    with django_assert_max_num_queries(2):
        feed = home_feed(employee)
    assert feed.unread == 6 and feed.more == 2
    assert feed.items[0] == items[0] and feed.items[0].reminded  # reminded first
    assert [i.title for i in feed.items[1:]] == ["Item 5", "Item 4", "Item 3"]
    html = client_for(world.u_staff1).get(HOME).content.decode()
    assert 'data-testid="reminder-tag"' in html and "2 more unread items" in html


def test_home_of_users_without_employee_has_no_feed(world, client_for):
    published(world, whole=True)
    for user in (world.u_admin_bkpsdm, world.u_nobody):
        response = client_for(user).get(HOME)
        assert response.status_code == 200 and response.context["socialisation"] is None


def test_my_list_read_and_unread(world, client_for, django_assert_max_num_queries):
    a = published(world, whole=True, title="Sosialisasi PermenPANRB 6/2022", category="policy")
    b = published(world, units=[world.surv], title="Panduan penyusunan SKP 2026")
    published(world, units=[world.yankes], title="Bukan untuk saya")
    services.acknowledge(actor=world.u_staff1, item=a)
    client = client_for(world.u_staff1)
    client.get(url("mine"))  # warm the session and menu
    with django_assert_max_num_queries(12):
        response = client.get(url("mine"))
    assert response.status_code == 200
    assert [i.pk for i in response.context["page"].items] == [b.pk, a.pk]
    assert response.context["counts"] == {"all": 2, "unread": 1, "read": 1}
    assert [i.pk for i in client.get(url("mine"), {"show": "unread"}).context["page"].items] == [b.pk]
    assert [i.pk for i in client.get(url("mine"), {"show": "read"}).context["page"].items] == [a.pk]
    assert [i.pk for i in client.get(url("mine"), {"category": "policy"}).context["page"].items] == [a.pk]
    html = response.content.decode()
    assert "Bukan untuk saya" not in html and 'data-menu="socialisation"' in html


def test_my_list_without_employee(world, client_for):
    response = client_for(world.u_nobody).get(url("mine"))
    assert response.status_code == 200 and 'data-testid="no-employee"' in response.content.decode()


def test_detail_renders_text_safely(world, client_for):
    item = published(world, units=[world.surv], body="<script>alert(1)</script> Baris satu\nbaris dua\n\nParagraf 2",
                     files=[pdf()])
    response = client_for(world.u_staff1).get(url("detail", item.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Baris satu<br>baris dua</p>" in html and "<p>Paragraf 2</p>" in html
    assert 'data-testid="ack-button"' in html and "PermenPANRB-6-2022.pdf" in html
    assert 'data-testid="manage-card"' not in html


@pytest.mark.parametrize(("user", "status"), [
    ("u_staff1", 200), ("u_kabid_p2p", 200), ("u_admin_bkpsdm", 200), ("u_admin_opd", 404),
    ("u_staff_yankes", 404), ("u_nobody", 404), ("u_monev", 404), ("u_staff_b", 404), ("u_admin_b", 404),
])
def test_detail_scope(world, client_for, user, status):
    item = published(world, units=[world.p2p])
    assert client_for(getattr(world, user)).get(url("detail", item.pk)).status_code == status


def test_draft_is_visible_to_its_managers_only(world, client_for):
    item = draft(world, units=[world.surv])
    assert client_for(world.u_staff1).get(url("detail", item.pk)).status_code == 404
    response = client_for(world.u_admin_bkpsdm).get(url("detail", item.pk))
    assert response.status_code == 200 and 'data-testid="manage-card"' in response.content.decode()


def test_acknowledge(world, client_for):
    item = published(world, units=[world.surv])
    client = client_for(world.u_staff1)
    response = client.post(url("acknowledge", item.pk))
    assert response.status_code == 302 and response["Location"] == url("detail", item.pk)
    assert Acknowledgement.objects.filter(item=item, employee=world.staff1).count() == 1
    assert client.post(url("acknowledge", item.pk)).status_code == 302  # idempotent
    assert Acknowledgement.objects.count() == 1
    html = client.get(url("detail", item.pk)).content.decode()
    assert 'data-testid="ack-done"' in html and 'data-testid="ack-button"' not in html
    assert client.get(url("acknowledge", item.pk)).status_code == 405


@pytest.mark.parametrize("user", ["u_staff_yankes", "u_admin_bkpsdm", "u_nobody", "u_staff_b"])
def test_acknowledging_an_item_not_addressed_to_me_is_404(world, client_for, user):
    item = published(world, units=[world.surv])
    assert client_for(getattr(world, user)).post(url("acknowledge", item.pk)).status_code == 404
    assert not Acknowledgement.objects.exists()


def test_acknowledging_a_draft_is_404(world, client_for):
    item = draft(world, units=[world.surv])
    assert client_for(world.u_staff1).post(url("acknowledge", item.pk)).status_code == 404


def test_attachment_download_scope(world, client_for):
    item = published(world, units=[world.surv], files=[pdf()])
    attachment = item.attachments.get()
    response = client_for(world.u_staff1).get(url("attachment", attachment.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="PermenPANRB-6-2022.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for user in (world.u_staff_yankes, world.u_staff_b, world.u_nobody, world.u_admin_b):
        assert client_for(user).get(url("attachment", attachment.pk)).status_code == 404


def test_anonymous_is_sent_to_login(world, client):
    item = published(world, units=[world.surv])
    for target in (url("mine"), url("detail", item.pk), url("manage"), url("manage_detail", item.pk)):
        response = client.get(target)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# --- administrators -------------------------------------------------------------------------------

MANAGE_PAGES = ["manage", "item_add"]
ITEM_PAGES = ["manage_detail", "item_edit", "pending"]


@pytest.mark.parametrize("name", MANAGE_PAGES)
@pytest.mark.parametrize(("user", "status"), [
    ("u_admin_bkpsdm", 200), ("u_admin_opd", 200), ("u_root", 200),
    ("u_staff1", 403), ("u_kadinkes", 403), ("u_monev", 403), ("u_auditor", 403), ("u_nobody", 403),
])
def test_manage_pages_need_an_admin_role(world, client_for, name, user, status):
    assert client_for(getattr(world, user)).get(url(name)).status_code == status


@pytest.mark.parametrize("name", ITEM_PAGES)
@pytest.mark.parametrize(("user", "status"), [
    ("u_admin_bkpsdm", 200), ("u_root", 200),
    ("u_admin_opd", 404),  # a BKPSDM item: out of the OPD admin's scope
    ("u_admin_b", 404),  # another instance
    ("u_staff1", 403), ("u_monev", 403), ("u_nobody", 403),
])
def test_item_pages_scope(world, client_for, name, user, status):
    item = published(world, units=[world.surv])
    assert client_for(getattr(world, user)).get(url(name, item.pk)).status_code == status


def test_opd_admin_manages_their_own_items_only(world, client_for):
    own = published(world, actor=world.u_admin_opd, units=[world.surv], title="Edaran Dinkes")
    other = published(world, units=[world.surv], title="Edaran BKPSDM")
    client = client_for(world.u_admin_opd)
    response = client.get(url("manage"))
    assert [row[0].pk for row in response.context["rows"]] == [own.pk]
    assert client.get(url("manage_detail", own.pk)).status_code == 200
    assert client.get(url("manage_detail", other.pk)).status_code == 404
    assert client.post(url("item_publish", other.pk)).status_code == 404
    assert client.post(url("remind", other.pk)).status_code == 404
    # the form offers only the units of Dinas Kesehatan and no whole-instance switch
    form = client.get(url("item_add")).context["form"]
    assert "whole_instance" not in form.fields
    assert set(form.fields["units"].queryset.values_list("name", flat=True)) == {
        "Dinas Kesehatan", "Bidang P2P", "Seksi Surveilans", "Bidang Pelayanan Kesehatan"}


def test_create_publish_flow(world, client_for, _media_root):
    client = client_for(world.u_admin_bkpsdm)
    response = client.post(url("item_add"), {
        "title": "Sosialisasi PermenPANRB 6/2022", "category": "policy",
        "body": "Pengelolaan kinerja ASN dilakukan melalui perencanaan, pelaksanaan, penilaian, tindak lanjut.",
        "units": [world.p2p.pk, world.yankes.pk], "attachments": [pdf(), docx()],
    })
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == url("manage_detail", item.pk)
    assert item.status == Status.DRAFT and item.attachments.count() == 2
    page = client.get(url("manage_detail", item.pk))
    assert 'data-testid="draft-note"' in page.content.decode()
    assert client.post(url("item_publish", item.pk)).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert AuditEvent.objects.filter(action="socialisation.item.publish", source="web").count() == 1
    response = client.post(url("item_publish", item.pk), follow=True)  # twice: a clear message, no change
    assert "The item is already published." in response.content.decode()


def test_create_with_bad_input_shows_field_errors(world, client_for, _media_root):
    client = client_for(world.u_admin_bkpsdm)
    response = client.post(url("item_add"), {"title": "", "category": "policy", "body": "Isi", "units": []})
    assert response.status_code == 200 and response.context["form"].errors["title"]
    bad = {"title": "Panduan", "category": "guide", "body": "Isi", "units": [world.surv.pk]}
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url("item_add"), {**bad, "attachments": [SimpleUploadedFile("a.exe", b"MZ")]})
    assert response.context["form"].errors["attachments"] == [
        "“a.exe”: only PDF, DOCX, XLSX, PPTX, PNG, JPG files can be attached."]
    assert 'data-field-error="attachments"' in response.content.decode()
    # content checks (core/uploads.py): a program renamed .pdf, an HTML page renamed .docx
    response = client.post(url("item_add"), {**bad, "attachments": [
        SimpleUploadedFile("Laporan.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, content_type="application/pdf")]})
    assert response.context["form"].errors["attachments"] == [
        "“Laporan.pdf” is a program, not a document; it cannot be accepted."]
    response = client.post(url("item_add"), {**bad, "attachments": [
        SimpleUploadedFile("Undangan.docx", b"<!doctype html><html><script>alert(1)</script></html>")]})
    assert response.context["form"].errors["attachments"] == [
        "“Undangan.docx” is an SVG or HTML file; these may contain scripts and are not accepted. "
        "Send a PDF or an image instead."]
    response = client.post(url("item_add"), {**bad, "units": []})
    assert response.context["form"].errors["units"] == ["Choose the units to address, or the whole instance."]
    response = client.post(url("item_add"), {**bad, "units": [world.dinkes_b.pk]})
    assert "units" in response.context["form"].errors  # not a choice for this instance
    assert not Item.objects.exists()


def test_edit_item(world, client_for, _media_root, django_capture_on_commit_callbacks):
    item = draft(world, files=[pdf()])
    client = client_for(world.u_admin_bkpsdm)
    form = client.get(url("item_edit", item.pk)).context["form"]
    assert form.initial["units"] == [world.surv.pk] and "remove_attachments" in form.fields
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("item_edit", item.pk), {
            "title": "Panduan penyusunan SKP 2026 (rev.)", "category": "guide", "body": "Isi baru",
            "whole_instance": "on", "remove_attachments": [item.attachments.get().pk]})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title.endswith("(rev.)") and item.whole_instance and not item.attachments.exists()


def test_coverage_page(world, client_for, django_assert_max_num_queries):
    item = published(world, whole=True)
    services.acknowledge(actor=world.u_staff1, item=item)
    client = client_for(world.u_admin_bkpsdm)
    client.get(url("manage_detail", item.pk))
    with django_assert_max_num_queries(16):
        response = client.get(url("manage_detail", item.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["coverage"].acknowledged == 1 and response.context["coverage"].audience == 9
    assert 'data-testid="remind-all"' in html and "Dinas Kesehatan" in html
    drilled = client.get(url("manage_detail", item.pk), {"unit": world.p2p.pk})
    assert [r.unit.name for r in drilled.context["coverage"].rows] == ["Bidang P2P", "Seksi Surveilans"]
    assert client.get(url("manage_detail", item.pk), {"unit": world.dinkes_b.pk}).status_code == 404
    assert client.get(url("manage_detail", item.pk), {"unit": "x"}).status_code == 404


def test_coverage_page_unit_outside_audience_is_404(world, client_for):
    item = published(world, units=[world.surv])
    client = client_for(world.u_admin_bkpsdm)
    assert client.get(url("manage_detail", item.pk), {"unit": world.yankes.pk}).status_code == 404
    assert client.get(url("pending", item.pk), {"unit": world.yankes.pk}).status_code == 404


def test_manage_list_query_count(world, client_for, django_assert_max_num_queries):
    for n in range(3):
        published(world, whole=True, title=f"Item {n}")
    client = client_for(world.u_admin_bkpsdm)
    client.get(url("manage"))
    with django_assert_max_num_queries(12) as first:
        client.get(url("manage"))
    for n in range(6):
        published(world, units=[world.surv], title=f"Lagi {n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url("manage"))
    assert len(response.context["rows"]) == 9


def test_pending_list_and_remind(world, client_for, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Employee.objects.filter(pk=world.staff2.pk).update(email="dewi@alpha.go.id")
    item = published(world, units=[world.p2p])
    services.acknowledge(actor=world.u_staff1, item=item)
    client = client_for(world.u_admin_bkpsdm)
    response = client.get(url("pending", item.pk), {"unit": world.surv.pk})
    assert [e.name for e in response.context["page"].items] == ["Dewi Lestari", "Rina Wulandari"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("remind", item.pk), {"unit": world.surv.pk}, follow=True)
    assert response.redirect_chain[-1][0] == url("manage_detail", item.pk) + f"?unit={world.surv.pk}"
    # inside the test's transaction the task runs when the capture block ends, after the response
    assert "Reminders to 2 employees are being sent." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["dewi@alpha.go.id"]]
    assert Reminder.objects.count() == 2
    pending = client.get(url("pending", item.pk), {"unit": world.surv.pk})
    assert all(e.last_reminded for e in pending.context["page"].items)
    html = client_for(world.u_staff2).get(HOME).content.decode()
    assert 'data-testid="reminder-tag"' in html


def test_remind_refusals(world, client_for):
    item = draft(world, units=[world.surv])
    client = client_for(world.u_admin_bkpsdm)
    response = client.post(url("remind", item.pk), follow=True)
    assert "Publish the item before sending reminders." in response.content.decode()
    assert client_for(world.u_staff1).post(url("remind", item.pk)).status_code == 403
    assert client_for(world.u_admin_b).post(url("remind", item.pk)).status_code == 404
    assert client.get(url("remind", item.pk)).status_code == 405
    assert not ReminderBatch.objects.exists()


def test_menu_entries(world):
    from kinerja.core.context_processors import menu_for

    def keys(user):
        return {item.key for item in menu_for(user)}

    assert "socialisation" in keys(world.u_staff1) and "socialisation_manage" not in keys(world.u_staff1)
    assert "socialisation_manage" in keys(world.u_admin_bkpsdm) and "socialisation" not in keys(world.u_admin_bkpsdm)
    assert "socialisation_manage" in keys(world.u_admin_opd)
    assert not {"socialisation", "socialisation_manage"} & keys(world.u_monev)
