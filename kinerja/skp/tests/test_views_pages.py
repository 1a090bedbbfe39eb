"""The SKP pages: my SKP, the SKP page (official layout), scope (404) and constant query counts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from kinerja.core.testing import SYSTEM
from kinerja.people import services as people
from kinerja.skp import services
from kinerja.skp.models import Rhk, Skp, SkpStatus

from .conftest import approved_skp, fill


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def chain(world, period):
    """Approved SKPs of the kabid and the kasi, and staff1's draft linked to the kasi's RHK."""
    kabid = approved_skp(world, period, world.kabid_p2p, world.u_kabid_p2p, world.u_kadinkes)
    kabid_rhk = kabid.rhks.get()
    kasi = approved_skp(world, period, world.kasi_surv, world.u_kasi_surv, world.u_kabid_p2p, parent=kabid_rhk)
    kasi_rhk = kasi.rhks.get()
    staff = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    rhk = fill(staff, world.u_staff1, parent=kasi_rhk, text="Tersusunnya laporan surveilans mingguan",
               iki_text="Jumlah laporan mingguan")
    return {"kabid": kabid, "kasi": kasi, "staff": Skp.objects.get(pk=staff.pk), "kasi_rhk": kasi_rhk, "rhk": rhk}


# --- my SKP -----------------------------------------------------------------------------------------


def test_my_skp_without_an_skp_offers_to_start_one(world, period, client_for):
    response = client_for(world.u_staff1).get(reverse("skp:mine"))
    assert response.status_code == 200
    html = html_of(response)
    assert 'data-testid="start-skp-button"' in html
    assert "Rina Wulandari" in html  # who will evaluate it
    assert response.context["period"] == period


def test_start_my_skp_creates_it_and_opens_the_editor(world, period, client_for):
    response = client_for(world.u_staff1).post(reverse("skp:create"), {"period": period.pk})
    skp = Skp.objects.get(employee=world.staff1, period=period)
    assert response.status_code == 302 and response["Location"] == reverse("skp:edit", args=[skp.pk])
    assert skp.evaluator == world.kasi_surv and skp.status == SkpStatus.DRAFT


def test_starting_twice_is_refused_with_a_message(world, period, client_for):
    client = client_for(world.u_staff1)
    client.post(reverse("skp:create"), {"period": period.pk})
    response = client.post(reverse("skp:create"), {"period": period.pk}, follow=True)
    assert "already has an SKP" in html_of(response)
    assert Skp.objects.filter(employee=world.staff1).count() == 1


def test_my_skp_without_periods_says_so(world, client_for):
    response = client_for(world.u_staff1).get(reverse("skp:mine"))
    assert response.status_code == 200 and 'data-testid="no-period"' in html_of(response)


def test_my_skp_shows_the_skp_of_the_chosen_period(world, period, chain, client_for):
    other = services.ensure_period(actor=world.u_admin_bkpsdm, instance=world.a, year=2025)
    response = client_for(world.u_staff1).get(reverse("skp:mine"), {"period": period.pk})
    assert response.context["skp"].pk == chain["staff"].pk
    html = html_of(response)
    assert f'<option value="{other.pk}"' in html  # the period selector
    response = client_for(world.u_staff1).get(reverse("skp:mine"), {"period": other.pk})
    assert "skp" not in response.context or response.context.get("skp") is None
    assert 'data-testid="start-skp-button"' in html_of(response)


# --- the SKP page --------------------------------------------------------------------------------------


def test_skp_page_shows_the_header_people_with_nip_grade_position_and_unit(world, period, chain, client_for):
    response = client_for(world.u_staff1).get(reverse("skp:detail", args=[chain["staff"].pk]))
    assert response.status_code == 200
    people_rows = {p["key"]: p for p in response.context["people"]}
    assert people_rows["employee"]["person"] == world.staff1
    assert people_rows["evaluator"]["person"] == world.kasi_surv
    assert people_rows["above"]["person"] == world.kabid_p2p
    html = html_of(response)
    for text in ("Andi Pratama", world.staff1.nip_display, "Rina Wulandari", world.kasi_surv.nip_display,
                 "Budi Santoso", "Kepala Seksi Surveilans", "Kepala Bidang P2P", "Bidang P2P", "Seksi Surveilans",
                 "III/d", "IV/a"):
        assert text in html, text


def test_skp_page_marks_an_acting_evaluator_plt(world, period, client_for):
    people.set_active(actor=SYSTEM, employee=world.kasi_surv, active=False)
    people.assign_acting(actor=SYSTEM, employee=world.staff2, position=world.pos_kasi_surv, kind="plt",
                         start_date=date(2025, 1, 1))
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    html = html_of(client_for(world.u_staff1).get(reverse("skp:detail", args=[skp.pk])))
    assert '<span class="acting-tag" data-testid="acting-label">Plt.</span>Dewi Lestari' in html


def test_hasil_kerja_table_is_in_the_official_layout(world, period, chain, client_for):
    staff = chain["staff"]
    services.add_rhk(actor=world.u_staff1, skp=staff, lock_version=Skp.objects.get(pk=staff.pk).lock_version,
                     text="Membantu kegiatan vaksinasi", group="tambahan")
    response = client_for(world.u_staff1).get(reverse("skp:detail", args=[staff.pk]))
    html = html_of(response)
    start = html.index('data-testid="hasil-table"')
    table = html[start:html.index("</table>", start)]
    headers = re.findall(r"<th[^>]*>([^<]+)</th>", table.split("</thead>")[0])
    assert headers == ["No", "Superior's RHK intervened", "Planned work result (RHK)", "Aspect",
                       "Individual performance indicator (IKI)", "Target"]
    assert "A. Main (utama)" in table and "B. Additional (tambahan)" in table
    assert table.index("A. Main (utama)") < table.index("Tersusunnya laporan") < table.index("B. Additional")
    assert table.index("B. Additional") < table.index("Membantu kegiatan vaksinasi")
    assert chain["kasi_rhk"].text in table and "Rina Wulandari" in table  # the intervened RHK and its owner
    assert "Quantity (kuantitas)" in table and "12 laporan" in table


def test_jpt_skp_shows_the_perspective_instead_of_the_intervened_rhk(world, period, client_for):
    skp = services.create_skp(actor=world.u_kadinkes, employee=world.kadinkes, period=period)
    fill(skp, world.u_kadinkes, text="Meningkatnya derajat kesehatan masyarakat")
    html = html_of(client_for(world.u_kadinkes).get(reverse("skp:detail", args=[skp.pk])))
    table = html[html.index('data-testid="hasil-table"'):]
    thead = table.split("</thead>")[0]
    assert "Perspective" in thead and "Superior's RHK intervened" not in thead and "Aspect" not in thead
    assert "Business process (Proses Bisnis)" in table


def test_perilaku_shows_the_seven_values_with_three_guides_and_the_expectations(world, period, chain, client_for):
    staff = chain["staff"]
    services.set_expectations(actor=world.u_kasi_surv, skp=staff, lock_version=staff.lock_version,
                              expectations={"akuntabel": "Laporan tepat waktu setiap Senin"})
    response = client_for(world.u_staff1).get(reverse("skp:detail", args=[staff.pk]))
    rows = response.context["behaviours"]
    assert [b.name for b in rows] == ["Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal",
                                         "Adaptif", "Kolaboratif"]
    assert all(len(b.guides) == 3 for b in rows)
    html = html_of(response)
    assert "Laporan tepat waktu setiap Senin" in html
    assert "Helps others learn" in html  # the English guides in the English interface


def test_perilaku_guides_are_the_official_indonesian_wording_in_indonesian(world, period, chain, client_for,
                                                                          settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "id"  # the project default (tests default to English)
    with translation.override("id"):
        html = html_of(client_for(world.u_staff1).get(reverse("skp:detail", args=[chain["staff"].pk])))
    assert "Membantu orang lain belajar" in html


def test_lampiran_and_timeline(world, period, chain, client_for):
    kasi = chain["kasi"]
    response = client_for(world.u_kasi_surv).get(reverse("skp:detail", args=[kasi.pk]))
    steps = [s["action"] for s in response.context["steps"]]
    assert steps == ["create", "submit", "approve"]
    html = html_of(response)
    assert "Resources (dukungan sumber daya)" in html and "Consequences (konsekuensi)" in html
    assert 'data-step="approve"' in html


def test_notice_when_the_superior_changes_a_linked_rhk_and_seen_clears_it(world, period, chain, client_for):
    staff = chain["staff"]
    kasi = Skp.objects.get(pk=chain["kasi"].pk)
    services.start_revision(actor=world.u_kasi_surv, skp=kasi, lock_version=kasi.lock_version, reason="Target baru")
    services.update_rhk(actor=world.u_kasi_surv, rhk=Rhk.objects.get(pk=chain["kasi_rhk"].pk),
                        lock_version=kasi.lock_version, text="Tersedianya data surveilans yang divalidasi")
    client = client_for(world.u_staff1)
    html = html_of(client.get(reverse("skp:detail", args=[staff.pk])))
    assert 'data-testid="parent-notices"' in html and "Tersedianya data surveilans yang divalidasi" in html
    rhk = chain["rhk"]
    response = client.post(reverse("skp:seen", args=[staff.pk, rhk.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    rhk.refresh_from_db()
    assert rhk.parent_changed_at is None
    assert 'data-testid="parent-notices"' not in html_of(client.get(reverse("skp:detail", args=[staff.pk])))


# --- who sees what --------------------------------------------------------------------------------------


def test_only_the_owner_and_admins_see_the_edit_button(world, period, chain, client_for):
    url = reverse("skp:detail", args=[chain["staff"].pk])
    assert 'data-testid="edit-skp"' in html_of(client_for(world.u_staff1).get(url))
    assert 'data-testid="edit-skp"' in html_of(client_for(world.u_admin_bkpsdm).get(url))
    assert 'data-testid="edit-skp"' not in html_of(client_for(world.u_kasi_surv).get(url))
    assert 'data-testid="edit-skp"' not in html_of(client_for(world.u_monev).get(url))


def test_download_links_show_when_the_documents_exist(world, period, chain, client_for):
    html = html_of(client_for(world.u_staff1).get(reverse("skp:detail", args=[chain["staff"].pk])))
    try:
        pdf = reverse("skp_documents:pdf", args=[chain["staff"].pk])
    except Exception:  # noqa: BLE001 - the documents app is optional for this page
        pytest.skip("documents are not installed")
    assert f'href="{pdf}"' in html


# --- query counts --------------------------------------------------------------------------------------


def _grow(skp, user, parent, n):
    for i in range(n):
        rhk = services.add_rhk(actor=user, skp=skp, lock_version=Skp.objects.get(pk=skp.pk).lock_version,
                               text=f"RHK nomor {i}", parent=parent, group="utama" if i % 2 else "tambahan")
        for j in range(3):
            services.add_iki(actor=user, rhk=rhk, lock_version=Skp.objects.get(pk=skp.pk).lock_version,
                             text=f"IKI {i}.{j}", aspect="kualitas", target_kind="range", target_min="80",
                             target_max="90", measure_unit="%")


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["skp:detail", "skp:edit"])
def test_skp_page_queries_do_not_grow_with_rhk_and_iki(world, period, chain, client_for, page):
    staff = chain["staff"]
    client = client_for(world.u_staff1)
    url = reverse(page, args=[staff.pk])
    client.get(url)  # warm the session
    small = _count_queries(client, url)
    _grow(staff, world.u_staff1, chain["kasi_rhk"], 12)
    big = _count_queries(client, url)
    assert big == small, (small, big)
    assert small <= 40
