"""/socialisation: items for me, acknowledgement, and the administrators' endpoints."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.api.testing import BASE, errors_of
from kinerja.audit.models import AuditEvent
from kinerja.people.models import Employee
from kinerja.socialisation import services
from kinerja.socialisation.models import Acknowledgement, Attachment, Item, Reminder, ReminderBatch

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_and_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def make(w, *, actor=None, units=None, whole=False, publish=True, title="Panduan penyusunan SKP 2026"):
    actor = actor or w.u_admin_bkpsdm
    item = services.create_item(actor=actor, instance=w.a, title=title, body="Langkah 1.\n\nLangkah 2.",
                                category="guide", whole_instance=whole, units=units if units is not None else [w.surv])
    return services.publish_item(actor=actor, item=item) if publish else item


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [i["id"] for i in response.json()["items"]]


# --- employees ----------------------------------------------------------------------------------------

def test_my_items(world, api):
    a = make(world, whole=True, title="Sosialisasi PermenPANRB 6/2022")
    b = make(world, units=[world.p2p])
    make(world, units=[world.yankes], title="Bukan untuk staff1")
    make(world, publish=False, title="Draf")
    services.acknowledge(actor=world.u_staff1, item=a)
    client = api(world.u_staff1)
    assert ids(client.get("/socialisation/items")) == [b.pk, a.pk]
    assert ids(client.get("/socialisation/items", {"unread": "true"})) == [b.pk]
    assert ids(client.get("/socialisation/items", {"unread": "false"})) == [a.pk]
    assert ids(client.get("/socialisation/items", {"category": "policy"})) == []
    data = client.get("/socialisation/items").json()["items"]
    assert data[0]["acknowledged_at"] is None and data[1]["acknowledged_at"] is not None
    assert data[1]["category"] == "guide" and data[1]["status"] == "published"
    # no employee record, another instance, anonymous
    assert ids(api(world.u_admin_bkpsdm).get("/socialisation/items")) == []
    assert ids(api(world.u_staff_b).get("/socialisation/items")) == []
    assert api().get("/socialisation/items").status_code == 401


def test_my_items_keyset_pages(world, api):
    made = [make(world, whole=True, title=f"Item {n}") for n in range(5)]
    client = api(world.u_staff1)
    first = client.get("/socialisation/items", {"limit": 2}).json()
    second = client.get("/socialisation/items", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [i["id"] for i in first["items"] + second["items"]] == [m.pk for m in reversed(made)][:4]
    assert client.get("/socialisation/items", {"cursor": "garbage"}).status_code == 400


def test_get_item(world, api):
    item = make(world, units=[world.surv])
    services.update_item(actor=world.u_admin_bkpsdm, item=item,
                         add_files=[SimpleUploadedFile("PermenPANRB.pdf", PDF, content_type="application/pdf")])
    data = api(world.u_staff1).get(f"/socialisation/items/{item.pk}").json()
    assert data["title"] == item.title and data["body"] == "Langkah 1.\n\nLangkah 2."
    assert data["addressed_to_me"] and not data["can_manage"] and data["audience"] == []
    assert [a["name"] for a in data["attachments"]] == ["PermenPANRB.pdf"]
    assert data["attachments"][0]["download_url"].startswith("/socialisation/attachments/")
    admin = api(world.u_admin_bkpsdm).get(f"/socialisation/items/{item.pk}").json()
    assert admin["can_manage"] and not admin["addressed_to_me"] and [u["id"] for u in admin["audience"]] == [
        world.surv.pk]


@pytest.mark.parametrize("user", ["u_staff_yankes", "u_nobody", "u_staff_b", "u_admin_b", "u_admin_opd", "u_monev"])
def test_get_item_out_of_scope_is_404(world, api, user):
    item = make(world, units=[world.surv])
    assert api(getattr(world, user)).get(f"/socialisation/items/{item.pk}").status_code == 404


def test_acknowledge(world, api):
    item = make(world, units=[world.surv])
    client = api(world.u_staff1)
    first = client.post(f"/socialisation/items/{item.pk}/acknowledge")
    assert first.status_code == 200 and first.json()["item"] == item.pk
    again = client.post(f"/socialisation/items/{item.pk}/acknowledge")
    assert again.json() == first.json()  # idempotent
    assert Acknowledgement.objects.filter(item=item).count() == 1
    assert AuditEvent.objects.filter(action="socialisation.acknowledgement.create", source="api").count() == 1
    assert client.get(f"/socialisation/items/{item.pk}").json()["acknowledged_at"] is not None


@pytest.mark.parametrize("user", ["u_staff_yankes", "u_admin_bkpsdm", "u_nobody", "u_staff_b"])
def test_acknowledging_an_item_not_addressed_to_me_is_404(world, api, unchanged, user):
    item = make(world, units=[world.surv])
    with unchanged():
        response = api(getattr(world, user)).post(f"/socialisation/items/{item.pk}/acknowledge")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert not Acknowledgement.objects.exists()


def test_acknowledging_a_draft_is_404(world, api):
    item = make(world, publish=False)
    assert api(world.u_staff1).post(f"/socialisation/items/{item.pk}/acknowledge").status_code == 404


# --- administrators -----------------------------------------------------------------------------------

def test_create_update_publish(world, api):
    client = api(world.u_admin_bkpsdm)
    response = client.post("/socialisation/manage/items", {
        "title": "Sosialisasi PermenPANRB 6/2022 tentang Pengelolaan Kinerja ASN", "category": "policy",
        "body": "Isi kebijakan.", "units": [world.p2p.pk, world.surv.pk]})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft" and [u["id"] for u in data["audience"]] == [world.p2p.pk]
    item_id = data["id"]
    response = client.patch(f"/socialisation/manage/items/{item_id}", {"whole_instance": True, "category": "change"})
    assert response.status_code == 200 and response.json()["whole_instance"] and response.json()["audience"] == []
    upload = client.client.post(f"{BASE}/socialisation/manage/items/{item_id}/attachments",
                                {"file": SimpleUploadedFile("Jadwal.pdf", PDF, content_type="application/pdf")})
    assert upload.status_code == 201 and upload.json()["name"] == "Jadwal.pdf"
    removed = client.delete(f"/socialisation/manage/items/{item_id}/attachments/{upload.json()['id']}")
    assert removed.status_code == 204 and not Attachment.objects.exists()
    published = client.post(f"/socialisation/manage/items/{item_id}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = client.post(f"/socialisation/manage/items/{item_id}/publish")
    assert again.status_code == 422 and errors_of(again) == {"status": ["The item is already published."]}
    actions = list(AuditEvent.objects.filter(object_type="socialisation.item", object_id=str(item_id))
                   .order_by("id").values_list("action", "source"))
    assert actions == [("socialisation.item.create", "api"), ("socialisation.item.update", "api"),
                       ("socialisation.item.update", "api"), ("socialisation.item.update", "api"),
                       ("socialisation.item.publish", "api")]


@pytest.mark.parametrize(("payload", "field"), [
    ({"title": "", "body": "Isi", "units": [1]}, "title"),
    ({"title": "   ", "body": "Isi", "whole_instance": True}, "title"),
    ({"title": "Judul", "body": "", "whole_instance": True}, "body"),
    ({"title": "Judul", "body": "Isi", "category": "gosip", "whole_instance": True}, "category"),
    ({"title": "Judul", "body": "Isi"}, "units"),
    ({"title": "x" * 201, "body": "Isi", "whole_instance": True}, "title"),
])
def test_create_bad_input(world, api, unchanged, payload, field):
    if payload.get("units") == [1]:
        payload = {**payload, "units": [world.surv.pk]}
    with unchanged():
        response = api(world.u_admin_bkpsdm).post("/socialisation/manage/items", payload)
    assert response.status_code == 422 and field in errors_of(response), response.json()
    assert not Item.objects.exists()


def test_audience_unit_of_another_instance_is_refused(world, api):
    response = api(world.u_admin_bkpsdm).post("/socialisation/manage/items", {
        "title": "Judul", "body": "Isi", "units": [world.surv.pk, world.dinkes_b.pk]})
    assert response.status_code == 422
    assert errors_of(response) == {"units": [f"Unknown unit {world.dinkes_b.pk}."]}
    assert not Item.objects.exists()


def test_bad_attachments(world, api, settings):
    item = make(world, publish=False)
    client = api(world.u_admin_bkpsdm).client
    target = f"{BASE}/socialisation/manage/items/{item.pk}/attachments"
    response = client.post(target, {"file": SimpleUploadedFile("macro.xlsm", b"PK\x03\x04", content_type="x")})
    assert response.status_code == 422
    assert response.json()["errors"] == {"attachments": [
        "“macro.xlsm”: only PDF, DOCX, XLSX, PPTX, PNG, JPG files can be attached."]}
    response = client.post(target, {"file": SimpleUploadedFile("Jadwal.pdf", b"\x7fELF\x02\x01" + b"\x00" * 64)})
    assert response.status_code == 422 and response.json()["errors"] == {"attachments": [
        "“Jadwal.pdf” is a program, not a document; it cannot be accepted."]}
    response = client.post(target, {"file": SimpleUploadedFile("Jadwal.pdf", b"<html><body>hi</body></html>")})
    assert response.status_code == 422 and response.json()["errors"] == {"attachments": [
        "“Jadwal.pdf” is an SVG or HTML file; these may contain scripts and are not accepted. "
        "Send a PDF or an image instead."]}
    settings.KINERJA = {**settings.KINERJA, "SOCIALISATION_MAX_UPLOAD": 10}
    response = client.post(target, {"file": SimpleUploadedFile("besar.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 422 and "the limit is" in response.json()["errors"]["attachments"][0]
    assert not Attachment.objects.exists()


def test_opd_admin_scope(world, api):
    client = api(world.u_admin_opd)
    response = client.post("/socialisation/manage/items",
                           {"title": "Edaran", "body": "Isi", "units": [world.disdik.pk]})
    assert response.status_code == 422 and "units" in errors_of(response)
    response = client.post("/socialisation/manage/items", {"title": "Edaran", "body": "Isi", "whole_instance": True})
    assert response.status_code == 422
    own = client.post("/socialisation/manage/items", {"title": "Edaran", "body": "Isi", "units": [world.surv.pk]})
    assert own.status_code == 201 and own.json()["owner_unit"]["id"] == world.dinkes.pk
    bkpsdm = make(world, units=[world.surv])
    assert ids(client.get("/socialisation/manage/items")) == [own.json()["id"]]
    for method, path in ITEM_CALLS:
        response = call(client, method, f"/socialisation/manage/items/{bkpsdm.pk}{path}")
        assert response.status_code == 404, (method, path)


def call(client, method: str, path: str):
    """One item endpoint with a valid body (a file for the attachment upload)."""
    if path.endswith("/attachments"):
        return client.client.post(f"{BASE}{path}", {"file": SimpleUploadedFile("a.pdf", PDF)})
    return getattr(client, method)(path, {})


ADMIN_CALLS = [("get", "/socialisation/manage/items"), ("post", "/socialisation/manage/items")]
ITEM_CALLS = [("patch", ""), ("post", "/publish"), ("get", "/coverage"), ("get", "/pending"), ("post", "/remind"),
              ("post", "/attachments")]


@pytest.mark.parametrize("user", ["u_staff1", "u_kadinkes", "u_monev", "u_auditor", "u_nobody"])
def test_admin_endpoints_need_the_role(world, api, unchanged, user):
    item = make(world, units=[world.surv])
    client = api(getattr(world, user))
    with unchanged():
        for method, path in ADMIN_CALLS:
            assert getattr(client, method)(path, {"title": "X", "body": "Y", "whole_instance": True}
                                           if method == "post" else None).status_code == 403
        for method, path in ITEM_CALLS:
            response = call(client, method, f"/socialisation/manage/items/{item.pk}{path}")
            assert response.status_code == 403, (user, method, path)


@pytest.mark.parametrize(("method", "path"), ITEM_CALLS)
def test_items_of_another_instance_are_404(world, api, method, path):
    item = make(world, units=[world.surv])
    response = call(api(world.u_admin_b), method, f"/socialisation/manage/items/{item.pk}{path}")
    assert response.status_code == 404


def test_coverage_and_pending(world, api, django_assert_max_num_queries):
    item = make(world, whole=True)
    for user in (world.u_staff1, world.u_kadinkes, world.u_staff_disdik):
        services.acknowledge(actor=user, item=item)
    client = api(world.u_admin_bkpsdm)
    client.get(f"/socialisation/manage/items/{item.pk}/coverage")
    with django_assert_max_num_queries(12):
        response = client.get(f"/socialisation/manage/items/{item.pk}/coverage")
    data = response.json()
    assert (data["audience"], data["acknowledged"], data["pending"], data["percent"]) == (9, 3, 6, 33.3)
    assert [(r["unit"]["name"], r["audience"], r["acknowledged"], r["has_children"]) for r in data["rows"]] == [
        ("Dinas Kesehatan", 7, 2, True), ("Dinas Pendidikan", 2, 1, False)]
    drilled = client.get(f"/socialisation/manage/items/{item.pk}/coverage", {"unit": world.dinkes.pk}).json()
    assert drilled["unit"]["id"] == world.dinkes.pk
    assert [(r["unit"]["name"], r["direct"]) for r in drilled["rows"]] == [
        ("Dinas Kesehatan", True), ("Bidang P2P", False), ("Bidang Pelayanan Kesehatan", False)]
    bad = client.get(f"/socialisation/manage/items/{item.pk}/coverage", {"unit": world.dinkes_b.pk})
    assert bad.status_code == 422 and "unit" in errors_of(bad)
    pending = client.get(f"/socialisation/manage/items/{item.pk}/pending", {"unit": world.surv.pk}).json()
    assert [p["full_name"] for p in pending["items"]] == ["Dewi Lestari", "Rina Wulandari"]
    managed = client.get("/socialisation/manage/items").json()["items"]
    assert [(m["audience_count"], m["acknowledged_count"]) for m in managed] == [(9, 3)]


def test_remind(world, api):
    Employee.objects.filter(pk=world.staff2.pk).update(email="dewi@alpha.go.id")
    item = make(world, units=[world.surv])
    client = api(world.u_admin_bkpsdm)
    response = client.post(f"/socialisation/manage/items/{item.pk}/remind", {})
    assert response.status_code == 202, response.json()
    # the API request is not wrapped in the test transaction's on_commit capture: check the batch row
    batch = ReminderBatch.objects.get(pk=response.json()["id"])
    assert response.json()["recipients"] == 3 and batch.item == item
    assert AuditEvent.objects.filter(action="socialisation.reminder.create", source="api").count() == 1
    wrong_unit = client.post(f"/socialisation/manage/items/{item.pk}/remind", {"unit": world.yankes.pk})
    assert wrong_unit.status_code == 422 and "unit" in errors_of(wrong_unit)


def test_remind_runs_the_task_after_commit(world, api, django_capture_on_commit_callbacks):
    Employee.objects.filter(pk=world.staff2.pk).update(email="dewi@alpha.go.id")
    item = make(world, units=[world.surv])
    with django_capture_on_commit_callbacks(execute=True):
        response = api(world.u_admin_bkpsdm).post(f"/socialisation/manage/items/{item.pk}/remind", {})
    batch = ReminderBatch.objects.get(pk=response.json()["id"])
    assert (batch.status, batch.recipients, batch.emailed, batch.without_email) == ("done", 3, 1, 2)
    assert [m.to for m in mail.outbox] == [["dewi@alpha.go.id"]] and Reminder.objects.count() == 3


def test_schema_lists_the_socialisation_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/socialisation/items/{item_id}/acknowledge"]) == {"post"}
    assert set(paths["/api/v1/socialisation/manage/items"]) == {"get", "post"}
    for tail in ("coverage", "pending", "remind", "publish", "attachments"):
        assert f"/api/v1/socialisation/manage/items/{{item_id}}/{tail}" in paths
    assert "422" in paths["/api/v1/socialisation/manage/items"]["post"]["responses"]
