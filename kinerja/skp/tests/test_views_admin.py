"""HR pages: overdue SKPs per unit, setting an SKP for someone who has none, periods and templates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kinerja.core.testing import SYSTEM
from kinerja.skp import services
from kinerja.skp.forms import parse_template_text, template_to_text
from kinerja.skp.models import Period, Skp, SkpTemplate

from .conftest import approved_skp


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def past(world):
    """A period whose deadline has passed."""
    today = timezone.localdate()
    return Period.objects.create(instance=world.a, name="Lalu", year=today.year, start_date=today - timedelta(days=90),
                                 end_date=today + timedelta(days=30), deadline=today - timedelta(days=60))


def overdue_names(response) -> list[str]:
    return [e.name for e in response.context["page"].items]


# --- overdue list ------------------------------------------------------------------------------------


def test_overdue_lists_employees_without_an_approved_skp(world, past, client_for):
    approved_skp(world, past, world.kasi_surv, world.u_kasi_surv, world.u_kabid_p2p)
    services.create_skp(actor=world.u_staff1, employee=world.staff1, period=past)
    response = client_for(world.u_admin_bkpsdm).get(reverse("skp:monitoring"), {"period": past.pk})
    assert response.status_code == 200
    names = overdue_names(response)
    assert "Rina Wulandari" not in names  # approved
    assert {"Andi Pratama", "Dewi Lestari", "Agus Salim", "Siti Aminah"} <= set(names)
    assert "Nur Hidayah" not in names  # another instance
    statuses = {e.name: e.skp_status for e in response.context["page"].items}
    assert statuses["Andi Pratama"] == "draft" and statuses["Dewi Lestari"] is None
    html = html_of(response)
    assert 'data-testid="set-skp"' in html and 'data-testid="overdue-by-unit"' in html
    assert response.context["total"] == len(names)


def test_overdue_filters_by_unit_subtree_and_name(world, past, client_for):
    client = client_for(world.u_admin_bkpsdm)
    names = overdue_names(client.get(reverse("skp:monitoring"), {"period": past.pk, "unit": world.surv.pk}))
    assert sorted(names) == ["Andi Pratama", "Dewi Lestari", "Rina Wulandari"]
    names = overdue_names(client.get(reverse("skp:monitoring"), {"period": past.pk, "q": "dewi"}))
    assert names == ["Dewi Lestari"]


def test_opd_admin_sees_only_their_subtree(world, past, client_for):
    response = client_for(world.u_admin_opd).get(reverse("skp:monitoring"), {"period": past.pk})
    names = overdue_names(response)
    assert "Andi Pratama" in names and "Agus Salim" not in names and "Joko Widodo" not in names


def test_read_only_roles_see_the_list_without_set_buttons(world, past, client_for):
    response = client_for(world.u_monev).get(reverse("skp:monitoring"), {"period": past.pk})
    assert response.status_code == 200 and "Andi Pratama" in overdue_names(response)
    assert 'data-testid="set-skp"' not in html_of(response)


def test_other_instance_admin_does_not_see_this_instances_periods(world, past, client_for):
    response = client_for(world.u_admin_b).get(reverse("skp:monitoring"), {"period": past.pk})
    assert response.status_code == 200 and response.context["period"] is None


def test_before_the_deadline_the_list_is_empty_with_a_preview(world, client_for):
    today = timezone.localdate()
    future = Period.objects.create(instance=world.a, name="Depan", year=today.year + 1,
                                   start_date=today + timedelta(days=1), end_date=today + timedelta(days=300),
                                   deadline=today + timedelta(days=30))
    client = client_for(world.u_admin_bkpsdm)
    response = client.get(reverse("skp:monitoring"), {"period": future.pk})
    assert 'data-testid="not-due"' in html_of(response) and response.context["page"] is None
    preview = client.get(reverse("skp:monitoring"), {"period": future.pk, "preview": "1"})
    assert "Andi Pratama" in overdue_names(preview)


def test_monitoring_queries_do_not_grow_with_the_list(world, past, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kinerja.core.testing import make_nip
    from kinerja.people import services as people

    client = client_for(world.u_admin_bkpsdm)
    client.get(reverse("skp:monitoring"), {"period": past.pk})
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("skp:monitoring"), {"period": past.pk})
    for n in range(10):
        people.create_employee(actor=SYSTEM, instance=world.a, nip=make_nip("19910101", "201601", 2, n + 1),
                               kind="PNS", name=f"Pegawai Baru {n}", position=world.pos_data, grade="II/b",
                               tmt_grade=date(2016, 4, 1), tmt_position=date(2020, 1, 2))
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("skp:monitoring"), {"period": past.pk})
    assert len(big.captured_queries) == len(small.captured_queries)


# --- set an SKP for someone ------------------------------------------------------------------------


def test_hr_admin_sets_an_skp_for_someone_who_has_none(world, past, client_for):
    response = client_for(world.u_admin_bkpsdm).post(reverse("skp:set_for"),
                                                      {"employee": world.staff2.pk, "period": past.pk})
    skp = Skp.objects.get(employee=world.staff2, period=past)
    assert skp.set_by_admin and response["Location"] == reverse("skp:edit", args=[skp.pk])
    again = client_for(world.u_admin_bkpsdm).post(reverse("skp:set_for"),
                                                   {"employee": world.staff2.pk, "period": past.pk}, follow=True)
    assert "already has an SKP" in html_of(again)


def test_set_for_is_scoped(world, past, client_for):
    opd = client_for(world.u_admin_opd)
    assert opd.post(reverse("skp:set_for"), {"employee": world.staff_disdik.pk,
                                             "period": past.pk}).status_code == 404
    assert client_for(world.u_monev).post(reverse("skp:set_for"), {"employee": world.staff2.pk,
                                                                    "period": past.pk}).status_code == 403
    assert client_for(world.u_admin_b).post(reverse("skp:set_for"), {"employee": world.staff2.pk,
                                                                     "period": past.pk}).status_code == 404
    assert not Skp.objects.exists()


# --- periods -------------------------------------------------------------------------------------


def test_admin_opens_the_periods_of_a_year(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    response = client.post(reverse("skp:periods"), {"year": "2027"})
    assert response.status_code == 302
    period = Period.objects.get(instance=world.a, year=2027)
    assert period.deadline == date(2027, 1, 31)
    assert "2027" in html_of(client.get(reverse("skp:periods")))


@pytest.mark.parametrize("year", ["", "abc", "1999"])
def test_bad_year_is_an_error_on_the_year_field(world, client_for, year):
    response = client_for(world.u_admin_bkpsdm).post(reverse("skp:periods"), {"year": year})
    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert 'data-field-error="year"' in html_of(response)
    assert not Period.objects.exists()


def test_close_and_reopen_a_period(world, past, client_for):
    client = client_for(world.u_admin_bkpsdm)
    client.post(reverse("skp:period_close", args=[past.pk]), {"closed": "1"})
    past.refresh_from_db()
    assert past.is_closed
    client.post(reverse("skp:period_close", args=[past.pk]), {"closed": "0"})
    past.refresh_from_db()
    assert not past.is_closed


# --- templates ----------------------------------------------------------------------------------------


TEMPLATE_TEXT = """RHK utama: Tersusunnya laporan surveilans
  IKI kuantitas: Jumlah laporan = 12 laporan
  IKI kualitas: Persentase kelengkapan = 80-90 %
  IKI waktu: Keterlambatan = 0 hari (lower is better)
RHK tambahan: Pendampingan kader
  IKI kuantitas: Kader didampingi = Sesuai jadwal
"""


def test_template_text_round_trips():
    content = parse_template_text(TEMPLATE_TEXT)
    assert [r["group"] for r in content] == ["utama", "tambahan"]
    assert [i["target_kind"] for i in content[0]["ikis"]] == ["number", "range", "number"]
    assert content[0]["ikis"][2]["lower_is_better"] is True
    assert content[1]["ikis"][0]["target_text"] == "Sesuai jadwal"
    assert parse_template_text(template_to_text(content)) == content


def test_template_text_errors_name_the_line():
    from django import forms

    with pytest.raises(forms.ValidationError) as exc:
        parse_template_text("IKI kuantitas: tanpa RHK = 1 x\nRHK aneh: x\nsembarang")
    messages = exc.value.messages
    assert any("Line 1" in m for m in messages) and any("Line 2" in m for m in messages)
    assert any("Line 3" in m for m in messages)


def test_admin_creates_a_template_and_it_is_offered_to_the_position(world, period, client_for):
    client = client_for(world.u_admin_bkpsdm)
    response = client.post(reverse("skp:template_create"), {
        "name": "Pengelola Data", "position_name": "Pengelola Data", "position_kind": "", "content": TEMPLATE_TEXT,
        "is_active": "on"})
    assert response.status_code == 302
    template = SkpTemplate.objects.get(name="Pengelola Data")
    assert len(template.content) == 2 and template.is_active
    assert "Pengelola Data" in html_of(client.get(reverse("skp:templates")))
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    assert 'data-testid="apply-template"' in html_of(client_for(world.u_staff1).get(reverse("skp:edit",
                                                                                           args=[skp.pk])))


def test_template_with_a_negative_target_is_refused_on_the_content(world, client_for):
    response = client_for(world.u_admin_bkpsdm).post(reverse("skp:template_create"), {
        "name": "Salah", "content": "RHK utama: x\n  IKI kuantitas: y = -5 dokumen"})
    assert any("cannot be negative" in e for e in response.context["form"].errors["content"])
    response = client_for(world.u_admin_bkpsdm).post(reverse("skp:template_create"), {
        "name": "Salah", "content": "RHK utama: x\n  IKI kuantitas: y = 10"})
    assert response.status_code == 200
    errors = response.context["form"].errors["content"]
    assert any("unit of measure" in e for e in errors)
    assert 'data-field-error="content"' in html_of(response)
    assert not SkpTemplate.objects.exists()


def test_template_edit(world, client_for):
    template = services.create_template(actor=world.u_admin_bkpsdm, instance=world.a, name="Lama",
                                        content=parse_template_text(TEMPLATE_TEXT))
    client = client_for(world.u_admin_bkpsdm)
    page = client.get(reverse("skp:template_edit", args=[template.pk]))
    assert "Tersusunnya laporan surveilans" in html_of(page)
    client.post(reverse("skp:template_edit", args=[template.pk]), {
        "name": "Baru", "position_name": "", "position_kind": "", "content": TEMPLATE_TEXT, "is_active": ""})
    template.refresh_from_db()
    assert template.name == "Baru" and not template.is_active
    assert client_for(world.u_admin_b).get(reverse("skp:template_edit", args=[template.pk])).status_code == 404
