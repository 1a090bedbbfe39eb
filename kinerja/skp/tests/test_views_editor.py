"""The SKP editor: RHK, IKI, lampiran and expectations through htmx and plain forms; bad input; conflicts."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from kinerja.skp import services
from kinerja.skp.models import Appendix, Iki, Rhk, Skp, SkpStatus, SkpTemplate

from .conftest import approved_skp, fill, lock_of

HTMX = {"HTTP_HX_REQUEST": "true"}


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def kasi(world, period):
    skp = approved_skp(world, period, world.kasi_surv, world.u_kasi_surv, world.u_kabid_p2p)
    return skp


@pytest.fixture
def staff(world, period, kasi):
    return services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)


def field_errors(response, name) -> list[str]:
    form = response.context["form"]
    return [str(m) for m in form.errors.get(name, [])]


# --- who may open the editor ------------------------------------------------------------------------


def test_the_owner_opens_the_editor(world, staff, client_for):
    response = client_for(world.u_staff1).get(reverse("skp:edit", args=[staff.pk]))
    assert response.status_code == 200
    html = html_of(response)
    assert 'data-testid="add-rhk-utama"' in html and 'data-testid="add-rhk-tambahan"' in html
    assert 'data-testid="editor-appendix"' in html and 'data-testid="editor-expectations"' in html


def test_an_rhk_of_another_skp_is_404_in_this_skps_urls(world, staff, kasi, client_for):
    other = kasi.rhks.get()
    client = client_for(world.u_staff1)
    assert client.get(reverse("skp:rhk_edit", args=[staff.pk, other.pk])).status_code == 404
    assert client.get(reverse("skp:iki_edit", args=[staff.pk, other.ikis.get().pk])).status_code == 404


# --- RHK ---------------------------------------------------------------------------------------------


def test_add_rhk_inline_with_htmx_links_the_superiors_rhk(world, staff, kasi, client_for):
    client = client_for(world.u_staff1)
    form = client.get(reverse("skp:rhk_add", args=[staff.pk]) + "?group=utama", **HTMX)
    assert form.status_code == 200
    html = html_of(form)
    assert 'data-testid="rhk-form"' in html and "<html" not in html  # a fragment
    parent = kasi.rhks.get()
    assert f'<option value="{parent.pk}">' in html  # the superior's RHK offered
    response = client.post(reverse("skp:rhk_add", args=[staff.pk]), {
        "group": "utama", "parent": parent.pk, "text": "Tersusunnya laporan mingguan", "lock_version": lock_of(staff),
    }, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#section-rhks"
    trigger = json.loads(response["HX-Trigger"])["skp-saved"]
    assert trigger["lock"] == lock_of(staff)
    rhk = Rhk.objects.get(skp=staff)
    assert rhk.parent == parent and rhk.text == "Tersusunnya laporan mingguan"
    assert f'id="rhk-{rhk.pk}"' in html_of(response)


def test_add_rhk_without_javascript_redirects_to_the_editor(world, staff, client_for):
    client = client_for(world.u_staff1)
    page = client.get(reverse("skp:rhk_add", args=[staff.pk]))
    assert page.status_code == 200 and "<html" in html_of(page)
    response = client.post(reverse("skp:rhk_add", args=[staff.pk]), {
        "group": "tambahan", "text": "Membantu vaksinasi", "lock_version": lock_of(staff)})
    assert response.status_code == 302 and response["Location"].startswith(reverse("skp:edit", args=[staff.pk]))
    assert Rhk.objects.get(skp=staff).group == "tambahan"


def test_empty_rhk_text_is_an_error_on_the_text_field(world, staff, client_for):
    response = client_for(world.u_staff1).post(reverse("skp:rhk_add", args=[staff.pk]), {
        "group": "utama", "text": "  ", "lock_version": lock_of(staff)}, **HTMX)
    assert response.status_code == 200
    assert field_errors(response, "text")
    assert 'data-field-error="text"' in html_of(response)
    assert not Rhk.objects.filter(skp=staff).exists()


def test_an_rhk_of_someone_not_the_superior_is_refused_on_the_parent_field(world, period, staff, client_for):
    stranger = approved_skp(world, period, world.kabid_yankes, world.u_kabid_yankes, world.u_kadinkes)
    response = client_for(world.u_staff1).post(reverse("skp:rhk_add", args=[staff.pk]), {
        "group": "utama", "text": "Laporan", "parent": stranger.rhks.get().pk, "lock_version": lock_of(staff)})
    assert response.status_code == 200
    assert field_errors(response, "parent")
    assert 'data-field-error="parent"' in html_of(response)
    assert not Rhk.objects.filter(skp=staff).exists()


def test_edit_rhk_changes_only_what_changed_and_tells_the_team(world, period, kasi, staff, client_for):
    kasi_rhk = kasi.rhks.get()
    mine = fill(staff, world.u_staff1, parent=kasi_rhk)
    kasi = Skp.objects.get(pk=kasi.pk)
    services.start_revision(actor=world.u_kasi_surv, skp=kasi, lock_version=kasi.lock_version, reason="Target baru")
    client = client_for(world.u_kasi_surv)
    response = client.post(reverse("skp:rhk_edit", args=[kasi.pk, kasi_rhk.pk]), {
        "group": "utama", "text": "Tersedianya data surveilans tervalidasi", "lock_version": lock_of(kasi)}, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#section-rhks"
    kasi_rhk.refresh_from_db()
    mine.refresh_from_db()
    assert kasi_rhk.text == "Tersedianya data surveilans tervalidasi"
    assert mine.parent_changed_at is not None  # staff1 is told


def test_unchanged_rhk_form_writes_nothing(world, staff, client_for):
    rhk = fill(staff, world.u_staff1)
    before = lock_of(staff)
    response = client_for(world.u_staff1).post(reverse("skp:rhk_edit", args=[staff.pk, rhk.pk]), {
        "group": rhk.group, "text": rhk.text, "parent": "", "lock_version": before}, **HTMX)
    assert response.status_code == 200
    assert lock_of(staff) == before


def test_delete_rhk(world, staff, client_for):
    rhk = fill(staff, world.u_staff1)
    response = client_for(world.u_staff1).post(reverse("skp:rhk_delete", args=[staff.pk, rhk.pk]),
                                               {"lock_version": lock_of(staff)}, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#section-rhks"
    assert not Rhk.objects.filter(pk=rhk.pk).exists() and not Iki.objects.filter(rhk_id=rhk.pk).exists()


def test_jpt_rhk_needs_a_perspective(world, period, client_for):
    skp = services.create_skp(actor=world.u_kadinkes, employee=world.kadinkes, period=period)
    client = client_for(world.u_kadinkes)
    html = html_of(client.get(reverse("skp:rhk_add", args=[skp.pk]), **HTMX))
    assert 'name="perspective"' in html and 'name="pk_indicator"' in html and 'name="parent"' not in html
    response = client.post(reverse("skp:rhk_add", args=[skp.pk]), {
        "group": "utama", "text": "Meningkatnya derajat kesehatan", "lock_version": lock_of(skp)}, **HTMX)
    assert field_errors(response, "perspective")
    response = client.post(reverse("skp:rhk_add", args=[skp.pk]), {
        "group": "utama", "perspective": "penerima_layanan", "text": "Meningkatnya derajat kesehatan",
        "lock_version": lock_of(skp)}, **HTMX)
    assert Rhk.objects.get(skp=skp).perspective == "penerima_layanan"


# --- IKI -------------------------------------------------------------------------------------------


def iki_post(client, skp, rhk, **data):
    payload = {"aspect": "kuantitas", "text": "Jumlah laporan", "target_kind": "number", "target_value": "12",
               "measure_unit": "laporan", "lock_version": lock_of(skp)} | data
    return client.post(reverse("skp:iki_add", args=[skp.pk, rhk.pk]), payload, **HTMX)


def test_add_iki_of_each_target_kind(world, staff, client_for):
    rhk = services.add_rhk(actor=world.u_staff1, skp=staff, lock_version=lock_of(staff), text="Laporan")
    client = client_for(world.u_staff1)
    assert iki_post(client, staff, rhk, target_value="12,5").status_code == 200
    iki_post(client, staff, rhk, aspect="kualitas", target_kind="range", target_value="", target_min="80",
             target_max="90", measure_unit="%")
    iki_post(client, staff, rhk, aspect="waktu", target_kind="text", target_value="", measure_unit="",
             target_text="Tanpa revisi")
    iki_post(client, staff, rhk, aspect="biaya", target_value="0", measure_unit="hari", lower_is_better="on")
    rows = list(rhk.ikis.order_by("order").values_list("target_kind", "target_value", "target_min", "target_max",
                                                        "target_text", "lower_is_better"))
    assert [r[0] for r in rows] == ["number", "range", "text", "number"]
    assert str(rows[0][1].normalize()) == "12.5"
    assert (int(rows[1][2]), int(rows[1][3])) == (80, 90)
    assert rows[2][4] == "Tanpa revisi" and rows[3][5] is True


@pytest.mark.parametrize(("data", "field"), [
    ({"target_value": "-3"}, "target_value"),
    ({"target_value": "dua belas"}, "target_value"),
    ({"target_value": ""}, "target_value"),
    ({"measure_unit": ""}, "measure_unit"),
    ({"target_kind": "range", "target_min": "90", "target_max": "80", "measure_unit": "%"}, "target_min"),
    ({"target_kind": "text", "target_text": ""}, "target_text"),
    ({"aspect": ""}, "aspect"),
    ({"text": ""}, "text"),
])
def test_bad_iki_input_is_an_error_on_its_field_and_nothing_is_saved(world, staff, client_for, data, field):
    rhk = services.add_rhk(actor=world.u_staff1, skp=staff, lock_version=lock_of(staff), text="Laporan")
    response = iki_post(client_for(world.u_staff1), staff, rhk, **data)
    assert response.status_code == 200
    assert field_errors(response, field), response.context["form"].errors
    assert f'data-field-error="{field}"' in html_of(response)
    assert not rhk.ikis.exists()


def test_the_form_keeps_the_input_after_an_error(world, staff, client_for):
    rhk = services.add_rhk(actor=world.u_staff1, skp=staff, lock_version=lock_of(staff), text="Laporan")
    html = html_of(iki_post(client_for(world.u_staff1), staff, rhk, text="Persentase kader terlatih",
                            target_value="-5"))
    assert "Persentase kader terlatih" in html and 'value="-5"' in html


def test_edit_and_delete_iki(world, staff, client_for):
    rhk = fill(staff, world.u_staff1)
    iki = rhk.ikis.get()
    client = client_for(world.u_staff1)
    form = html_of(client.get(reverse("skp:iki_edit", args=[staff.pk, iki.pk]), **HTMX))
    assert 'value="12"' in form and "Jumlah laporan" in form
    client.post(reverse("skp:iki_edit", args=[staff.pk, iki.pk]), {
        "aspect": "kuantitas", "text": "Jumlah laporan", "target_kind": "number", "target_value": "24",
        "measure_unit": "laporan", "lock_version": lock_of(staff)}, **HTMX)
    iki.refresh_from_db()
    assert iki.target_value == 24
    client.post(reverse("skp:iki_delete", args=[staff.pk, iki.pk]), {"lock_version": lock_of(staff)}, **HTMX)
    assert not Iki.objects.filter(pk=iki.pk).exists()


# --- conflicts ----------------------------------------------------------------------------------------


def test_a_stale_save_shows_the_conflict_keeps_the_input_and_writes_nothing(world, staff, client_for):
    rhk = fill(staff, world.u_staff1)
    seen = lock_of(staff)
    # an HR admin saves meanwhile
    services.update_rhk(actor=world.u_admin_bkpsdm, rhk=Rhk.objects.get(pk=rhk.pk), lock_version=seen,
                        text="Teks dari admin")
    client = client_for(world.u_staff1)
    response = client.post(reverse("skp:rhk_edit", args=[staff.pk, rhk.pk]), {
        "group": "utama", "text": "Teks saya yang panjang", "lock_version": seen}, **HTMX)
    assert response.status_code == 200
    html = html_of(response)
    assert 'data-testid="conflict"' in html and "admin_bkpsdm" in html and "yours were not saved" in html
    assert "Teks saya yang panjang" in html  # nothing lost
    rhk.refresh_from_db()
    assert rhk.text == "Teks dari admin"
    assert response.context["lock_value"] == lock_of(staff)  # saving again is a deliberate choice
    client.post(reverse("skp:rhk_edit", args=[staff.pk, rhk.pk]), {
        "group": "utama", "text": "Teks saya yang panjang", "lock_version": response.context["lock_value"]}, **HTMX)
    rhk.refresh_from_db()
    assert rhk.text == "Teks saya yang panjang"


def test_conflict_on_a_plain_form_page_too(world, staff, client_for):
    seen = lock_of(staff)
    services.add_rhk(actor=world.u_admin_bkpsdm, skp=staff, lock_version=seen, text="Dari admin")
    response = client_for(world.u_staff1).post(reverse("skp:rhk_add", args=[staff.pk]), {
        "group": "utama", "text": "Dari saya", "lock_version": seen})
    assert response.status_code == 200 and "<html" in html_of(response)
    assert 'data-testid="conflict"' in html_of(response)
    assert list(Rhk.objects.filter(skp=staff).values_list("text", flat=True)) == ["Dari admin"]


def test_a_form_without_its_version_says_so(world, staff, client_for):
    response = client_for(world.u_staff1).post(reverse("skp:rhk_add", args=[staff.pk]), {
        "group": "utama", "text": "Laporan"}, **HTMX)
    assert response.status_code == 200 and "reload the page" in html_of(response)
    assert not Rhk.objects.filter(skp=staff).exists()


# --- lampiran and expectations ----------------------------------------------------------------------


def test_lampiran_lines(world, staff, client_for):
    client = client_for(world.u_staff1)
    url = reverse("skp:appendix", args=[staff.pk, "resources"])
    response = client.post(url, {"lines": "Laptop\n\n- Aplikasi SKDR\n", "lock_version": lock_of(staff)}, **HTMX)
    assert response["HX-Retarget"] == "#section-appendix"
    assert list(Appendix.objects.filter(skp=staff, kind="resources").order_by("order")
                .values_list("text", flat=True)) == ["Laptop", "Aplikasi SKDR"]
    assert "Laptop\nAplikasi SKDR" in html_of(client.get(url, **HTMX))
    assert client.get(reverse("skp:appendix", args=[staff.pk, "nonsense"])).status_code == 404


def test_the_owner_may_not_set_expectations_and_is_not_offered_to(world, staff, client_for):
    """Issue 7, item 12: the editor shows the expectations read-only to the employee; the form is refused."""
    client = client_for(world.u_staff1)
    editor = html_of(client.get(reverse("skp:edit", args=[staff.pk])))
    assert 'data-testid="editor-expectations"' in editor
    assert 'data-testid="edit-expectations"' not in editor and 'data-testid="expectations-by-evaluator"' in editor
    assert 'data-testid="edit-expectations"' not in html_of(client.get(reverse("skp:detail", args=[staff.pk])))
    url = reverse("skp:expectations", args=[staff.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"exp_akuntabel": "Tepat waktu", "lock_version": lock_of(staff)}, **HTMX)
    assert response.status_code == 403
    assert not staff.expectations.exclude(expectation="").exists()


def test_expectations_by_the_superior_on_a_draft(world, staff, client_for):
    client = client_for(world.u_kasi_surv)
    assert 'data-testid="edit-expectations"' in html_of(client.get(reverse("skp:detail", args=[staff.pk])))
    response = client.post(reverse("skp:expectations", args=[staff.pk]), {
        "exp_akuntabel": "Tepat waktu", "lock_version": lock_of(staff)})
    assert response.status_code == 302
    assert staff.expectations.get(value="akuntabel").expectation == "Tepat waktu"


def test_expectations_by_the_superior_on_a_submitted_skp(world, staff, kasi, client_for):
    fill(staff, world.u_staff1, parent=kasi.rhks.get())
    services.submit(actor=world.u_staff1, skp=Skp.objects.get(pk=staff.pk), lock_version=lock_of(staff))
    client = client_for(world.u_kasi_surv)
    page = client.get(reverse("skp:detail", args=[staff.pk]))
    assert 'data-testid="edit-expectations"' in html_of(page)
    response = client.post(reverse("skp:expectations", args=[staff.pk]), {
        "exp_kolaboratif": "Aktif berkoordinasi", "lock_version": lock_of(staff)})
    assert response.status_code == 302 and response["Location"].startswith(reverse("skp:detail", args=[staff.pk]))
    assert staff.expectations.get(value="kolaboratif").expectation == "Aktif berkoordinasi"


# --- approved SKPs, copy, templates -------------------------------------------------------------------


def test_an_approved_skp_offers_a_revision_instead_of_editing(world, kasi, client_for):
    client = client_for(world.u_kasi_surv)
    html = html_of(client.get(reverse("skp:edit", args=[kasi.pk])))
    assert 'data-testid="revise-form"' in html and 'data-testid="add-rhk-utama"' not in html
    response = client.post(reverse("skp:rhk_add", args=[kasi.pk]), {
        "group": "utama", "text": "Baru", "lock_version": lock_of(kasi)})
    assert "changes only through a revision" in html_of(response)
    assert kasi.rhks.count() == 1


def test_copy_from_last_period(world, period, client_for):
    from kinerja.skp.models import Period

    old = Period.objects.create(instance=world.a, name="2025", year=2025, start_date="2025-01-01",
                                end_date="2025-12-31", deadline="2025-01-31")
    previous = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=old)
    fill(previous, world.u_staff1, text="RHK tahun lalu")
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    client = client_for(world.u_staff1)
    assert 'data-testid="copy-previous"' in html_of(client.get(reverse("skp:edit", args=[skp.pk])))
    response = client.post(reverse("skp:copy", args=[skp.pk]), {"lock_version": lock_of(skp)}, follow=True)
    assert "were copied" in html_of(response)
    assert list(skp.rhks.values_list("text", flat=True)) == ["RHK tahun lalu"]
    again = client.post(reverse("skp:copy", args=[skp.pk]), {"lock_version": lock_of(skp)}, follow=True)
    assert "only on an empty SKP" in html_of(again)


def test_apply_a_template_for_the_position(world, staff, client_for):
    template = services.create_template(actor=world.u_admin_bkpsdm, instance=world.a, name="Pengelola Data standar",
                                        position_name="Pengelola Data", content=[{
                                            "group": "utama", "text": "Tersedianya data", "ikis": [{
                                                "aspect": "kuantitas", "text": "Jumlah data", "target_kind": "number",
                                                "target_value": "10", "measure_unit": "dataset"}]}])
    services.create_template(actor=world.u_admin_bkpsdm, instance=world.a, name="Perawat", position_name="Perawat",
                             content=[{"group": "utama", "text": "Asuhan", "ikis": []}])
    client = client_for(world.u_staff1)
    page = client.get(reverse("skp:template", args=[staff.pk]))
    assert "Pengelola Data standar" in html_of(page) and "Perawat" not in html_of(page)
    response = client.post(reverse("skp:template", args=[staff.pk]), {"template": template.pk,
                                                                      "lock_version": lock_of(staff)})
    assert response.status_code == 302
    assert list(staff.rhks.values_list("text", flat=True)) == ["Tersedianya data"]
    other = SkpTemplate.objects.get(name="Perawat")
    bad = client.post(reverse("skp:template", args=[staff.pk]), {"template": other.pk, "lock_version": lock_of(staff)})
    assert field_errors(bad, "template")


def test_section_refresh_closes_inline_forms(world, staff, client_for):
    response = client_for(world.u_staff1).get(reverse("skp:section", args=[staff.pk, "rhks"]), **HTMX)
    assert response.status_code == 200 and 'id="section-rhks"' in html_of(response)
    assert client_for(world.u_staff1).get(reverse("skp:section", args=[staff.pk, "nope"])).status_code == 404


def test_status_is_draft_until_submitted(world, staff):
    assert Skp.objects.get(pk=staff.pk).status == SkpStatus.DRAFT


# --- every write URL: allowed, without the role (403), out of scope (404) ---------------------------


def _write_urls(skp, rhk, iki, template):
    lock = {"lock_version": lock_of(skp)}
    return [
        (reverse("skp:rhk_add", args=[skp.pk]), {"group": "utama", "text": "Baru", **lock}),
        (reverse("skp:rhk_edit", args=[skp.pk, rhk.pk]), {"group": "utama", "text": "Diubah", **lock}),
        (reverse("skp:iki_add", args=[skp.pk, rhk.pk]), {"aspect": "kuantitas", "text": "x", "target_kind": "number",
                                                        "target_value": "1", "measure_unit": "dok", **lock}),
        (reverse("skp:iki_edit", args=[skp.pk, iki.pk]), {"aspect": "kuantitas", "text": "y", "target_kind": "number",
                                                         "target_value": "2", "measure_unit": "dok", **lock}),
        (reverse("skp:appendix", args=[skp.pk, "consequences"]), {"lines": "Teguran", **lock}),
        (reverse("skp:template", args=[skp.pk]), {"template": template.pk, **lock}),
        (reverse("skp:copy", args=[skp.pk]), lock),
        (reverse("skp:seen", args=[skp.pk, rhk.pk]), {}),
        (reverse("skp:iki_delete", args=[skp.pk, iki.pk]), lock),
        (reverse("skp:rhk_delete", args=[skp.pk, rhk.pk]), lock),
    ]


@pytest.fixture
def writable(world, staff):
    rhk = fill(staff, world.u_staff1)
    template = services.create_template(actor=world.u_admin_bkpsdm, instance=world.a, name="Umum", content=[{
        "group": "tambahan", "text": "Dari templat", "ikis": [{"aspect": "kuantitas", "text": "Jumlah",
                                                               "target_kind": "number", "target_value": "1",
                                                               "measure_unit": "dok"}]}])
    return staff, rhk, rhk.ikis.get(), template


@pytest.mark.parametrize(("user_attr", "status"), [("u_monev", 403), ("u_kasi_surv", 403), ("u_staff2", 404),
                                                   ("u_admin_b", 404)])
def test_write_urls_refuse_users_without_the_right(world, writable, client_for, user_attr, status):
    skp, rhk, iki, template = writable
    client = client_for(getattr(world, user_attr))
    before = (lock_of(skp), Rhk.objects.filter(skp=skp).count(), Iki.objects.filter(rhk__skp=skp).count())
    for url, data in _write_urls(skp, rhk, iki, template):
        assert client.post(url, data).status_code == status, url
    assert (lock_of(skp), Rhk.objects.filter(skp=skp).count(), Iki.objects.filter(rhk__skp=skp).count()) == before


def test_write_urls_work_for_the_owner(world, writable, client_for):
    skp, rhk, iki, template = writable
    client = client_for(world.u_staff1)
    for url, data in _write_urls(skp, rhk, iki, template):
        data = {**data, "lock_version": lock_of(skp)} if "lock_version" in data else data
        response = client.post(url, data)
        assert response.status_code in (200, 302), url
    assert not Rhk.objects.filter(pk=rhk.pk).exists()  # the last step deleted it
    assert Rhk.objects.filter(skp=skp, text="Dari templat").exists()
    assert Appendix.objects.filter(skp=skp, kind="consequences").exists()
