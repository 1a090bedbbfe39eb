"""Cascade map, node fragments, search, chains and the alignment report: who sees what, and query counts."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.context_processors import menu_for
from kinerja.core.testing import make_nip
from kinerja.people.models import Employee
from kinerja.skp.models import SkpStatus

from .conftest import make_rhk, make_skp

pytestmark = pytest.mark.django_db

MAP = reverse("alignment:map")
REPORT = reverse("alignment:report")
XLSX = reverse("alignment:report_xlsx")
SEARCH = reverse("alignment:search")


def node_url(key: str) -> str:
    return reverse("alignment:map_node", args=[key])


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def add_staff(world, plan, count: int, start: int = 0) -> list[Employee]:
    """``count`` more employees in Seksi Surveilans, each with an SKP: one RHK under R5, one linked to nothing."""
    staff = Employee.objects.bulk_create(
        Employee(instance=world.a, nip=make_nip("19910101", "201601", 1, 100 + start + i),
                 name=f"Staf Uji {start + i:03d}", position=world.pos_data, unit=world.surv, grade="II/a")
        for i in range(count))
    for employee in staff:
        skp = make_skp(plan.period, employee, SkpStatus.SUBMITTED)
        make_rhk(skp, f"Dukungan data {employee.name}", parent=plan.r5, ikis=2)
        make_rhk(skp, f"Tugas lepas {employee.name}", group="tambahan")
    return staff


def count_queries(client, url, data=None) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- the map ------------------------------------------------------------------------------------

def test_employee_opens_the_map_on_their_opd_with_their_chain(world, plan, client_for):
    page = html(client_for(world.u_staff1).get(MAP))
    assert "Mewujudkan masyarakat yang sehat" in page  # mission 1
    assert "Meningkatnya derajat kesehatan ibu dan anak" in page  # strategic target of Dinkes
    assert "Meningkatkan mutu pendidikan" not in page  # Disdik's mission: not in the Dinkes scope
    assert 'data-testid="my-chain"' in page and "Laporan surveilans mingguan" in page
    assert f'value="{world.dinkes.pk}" selected' in page
    assert "rahasia Beta" not in page


def test_role_holder_without_employee_sees_the_whole_instance(world, plan, client_for):
    page = html(client_for(world.u_monev).get(MAP))
    for mission in ("Mewujudkan masyarakat yang sehat", "Meningkatkan mutu pendidikan",
                    "Mewujudkan tata kelola yang baik"):
        assert mission in page
    assert 'data-testid="my-chain"' not in page and "rahasia Beta" not in page


def test_login_without_employee_or_role_is_refused(world, plan, client_for):
    client = client_for(world.u_nobody)
    for url in (MAP, node_url(f"m{plan.m1.pk}"), SEARCH + "?q=andi",
                reverse("alignment:employee", args=[world.staff1.pk]), reverse("alignment:me")):
        assert client.get(url).status_code == 403, url


def test_other_instance_unit_period_and_nodes_are_not_found(world, plan, client_for):
    client = client_for(world.u_staff1)
    assert client.get(MAP, {"unit": world.dinkes_b.pk}).status_code == 404
    assert client.get(MAP, {"unit": "x"}).status_code == 404
    assert client.get(MAP, {"period": plan.period_b.pk}).status_code == 404
    assert client.get(node_url(f"r{plan.r_b.pk}"), {"unit": "all"}).status_code == 404
    assert client.get(node_url(f"p{plan.pki_b.pk}"), {"unit": "all"}).status_code == 404
    assert client.get(node_url(f"m{plan.m_b.pk}"), {"unit": "all"}).status_code == 404
    assert client.get(node_url("zz9"), {"unit": "all"}).status_code == 404
    assert client.get(reverse("alignment:employee", args=[world.staff_b.pk])).status_code == 404
    # instance B's admin sees B only
    page = html(client_for(world.u_admin_b).get(MAP))
    assert "Misi rahasia Beta" in page and "masyarakat yang sehat" not in page


def test_superuser_picks_the_instance(world, plan, client_for):
    client = client_for(world.u_root)
    assert "Misi rahasia Beta" in html(client.get(MAP, {"instance": world.b.pk, "unit": "all"}))
    page = html(client.get(MAP, {"instance": world.a.pk, "unit": "all"}))
    assert "masyarakat yang sehat" in page and f"instance={world.a.pk}" in page


def test_nodes_expand_level_by_level_down_to_each_employee(world, plan, client_for):
    p = plan
    client = client_for(world.u_staff1)
    scope = {"unit": "all", "period": p.period.pk}
    assert "Meningkatnya derajat kesehatan ibu dan anak" in html(client.get(node_url(f"m{p.m1.pk}"), scope))
    level = html(client.get(node_url(f"p{p.pki2.pk}"), scope))
    assert "Meningkatnya cakupan imunisasi" in level and "Siti Aminah" in level
    level = html(client.get(node_url(f"r{p.r2.pk}"), scope))
    assert "Meningkatnya imunisasi dasar lengkap bayi" in level and "Budi Santoso" in level
    level = html(client.get(node_url(f"r{p.r5.pk}"), scope))
    assert "Laporan surveilans mingguan" in level and "is-mine" in level  # staff1's own RHK is marked
    level = html(client.get(node_url("u"), scope))
    assert "Terlaksananya reformasi birokrasi" in level and "Carries no PK indicator" in level
    assert "Membantu kegiatan kantor" in level and "Intervenes no superior RHK" in level


def test_unit_scope_shows_superiors_rhk_as_context(world, plan, client_for):
    p = plan
    client = client_for(world.u_kasi_surv)
    scope = {"unit": world.surv.pk, "period": p.period.pk}
    level = html(client.get(node_url(f"p{p.pki2.pk}"), scope))
    assert "is-context" in level and "Above this unit" in level
    assert "Menurunnya angka kematian ibu" not in html(client.get(node_url(f"p{p.pki1.pk}"), scope))


def test_approved_only_filter(world, plan, client_for):
    p = plan
    client = client_for(world.u_monev)
    scope = {"unit": "all", "period": p.period.pk, "approved": "1"}
    level = html(client.get(node_url(f"r{p.r4.pk}"), scope))
    assert "Tersedianya data surveilans imunisasi" in level  # submitted: shown as context for approved staff1
    assert "is-context" in level
    assert "Meningkatnya pelayanan kesehatan ibu" not in html(client.get(node_url(f"r{p.r1.pk}"), scope))


def test_map_summary_is_cached_until_an_skp_changes(world, plan, client_for):
    client = client_for(world.u_monev)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(MAP, {"unit": "all"}).context["totals"]["rhk"] == 10
    built = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        html(client.get(MAP, {"unit": "all"}))
    assert len(ctx.captured_queries) < built  # the summary came from the cache
    skp = make_skp(plan.period, world.staff2)
    make_rhk(skp, "RHK baru staf dua", parent=plan.r5)
    totals = client.get(MAP, {"unit": "all"}).context["totals"]
    assert totals["rhk"] == 11 and totals["skps"] == 8  # the change shows at once


def test_map_and_nodes_query_counts_do_not_grow_with_rows(world, plan, client_for):
    p = plan
    client = client_for(world.u_staff1)
    urls = [(MAP, {}), (MAP, {"unit": "all"}), (MAP, {"unit": world.surv.pk}),
            (node_url(f"r{p.r5.pk}"), {"unit": "all"}), (node_url(f"p{p.pki2.pk}"), {"unit": world.p2p.pk}),
            (node_url("u"), {"unit": "all"}), (node_url(f"i{p.i2.pk}"), {"unit": "all"}),
            (SEARCH, {"q": "Staf"}), (reverse("alignment:employee", args=[world.staff1.pk]), {})]
    before = [count_queries(client, url, data) for url, data in urls]
    add_staff(world, plan, 25)
    after = [count_queries(client, url, data) for url, data in urls]
    assert after == before
    level = html(client.get(node_url(f"r{p.r5.pk}"), {"unit": "all"}))
    assert level.count('class="c-item kind-rhk') == 26


def test_search_finds_employees_of_the_instance_only(world, plan, client_for):
    client = client_for(world.u_staff1)
    page = html(client.get(SEARCH, {"q": "andi", "period": plan.period.pk}))
    assert "Andi Pratama" in page and "Approved" in page
    assert reverse("alignment:employee", args=[world.staff1.pk]) in page
    page = html(client.get(SEARCH, {"q": "Dewi"}))
    assert "Dewi Lestari" in page and "No SKP" in page
    assert "data-employee" not in html(client.get(SEARCH, {"q": "Nur Hidayah"}))  # instance B
    assert html(client.get(SEARCH, {"q": "a"})).strip() == ""  # too short: nothing


def test_every_employee_sees_anyones_chain_in_the_instance(world, plan, client_for):
    client = client_for(world.u_staff_disdik)
    page = html(client.get(reverse("alignment:employee", args=[world.staff1.pk])))
    assert "Andi Pratama" in page and "Laporan surveilans mingguan" in page
    assert "Rina Wulandari" in page and "Mewujudkan masyarakat yang sehat" in page
    assert 'data-complete="0"' in page  # R7 links to nothing
    page = html(client.get(reverse("alignment:employee", args=[world.staff2.pk])))
    assert 'data-testid="no-skp"' in page


def test_a_draft_skps_chain_page_hides_the_content_from_those_who_may_not_see_that_skp(world, plan, client_for):
    url = reverse("alignment:employee", args=[world.kabid_yankes.pk])
    for user in (world.u_staff_disdik, world.u_staff1):
        page = html(client_for(user).get(url))
        assert 'data-testid="chain-hidden"' in page and "Meningkatnya pelayanan kesehatan ibu" not in page
    for user in (world.u_kabid_yankes, world.u_kadinkes, world.u_admin_opd, world.u_admin_bkpsdm):
        page = html(client_for(user).get(url))
        assert 'data-testid="chain-hidden"' not in page and "Meningkatnya pelayanan kesehatan ibu" in page
    assert client_for(world.u_admin_b).get(url).status_code == 404  # another instance's employee


def test_my_chain_redirects_an_employee_and_refuses_others(world, plan, client_for):
    response = client_for(world.u_staff1).get(reverse("alignment:me"), {"period": plan.period.pk})
    assert response.status_code == 302
    assert response.url.startswith(reverse("alignment:employee", args=[world.staff1.pk]))
    assert client_for(world.u_monev).get(reverse("alignment:me")).status_code == 403


def test_instance_without_a_period_shows_a_clear_empty_state(world, client_for):
    page = html(client_for(world.u_staff1).get(MAP))
    assert 'data-testid="no-period"' in page
    assert client_for(world.u_staff1).get(node_url("m1")).status_code == 404
    assert 'data-testid="no-period"' in html(client_for(world.u_admin_bkpsdm).get(REPORT))


# --- menu ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("user", "cascade", "report"), [
    ("u_staff1", True, False), ("u_kasi_surv", True, True), ("u_admin_opd", True, True),
    ("u_admin_bkpsdm", True, True), ("u_monev", True, True), ("u_pimpinan", True, True), ("u_auditor", True, True),
    ("u_nobody", False, False), ("u_root", True, True),
])
def test_menu_entries_per_role(world, user, cascade, report):
    keys = {item.key for item in menu_for(getattr(world, user))}
    assert ("cascade" in keys) is cascade
    assert ("alignment" in keys) is report


# --- the report ----------------------------------------------------------------------------------

def report_of(response):
    assert response.status_code == 200, response.status_code
    return response.context["report"]


def test_report_for_the_whole_instance(world, plan, client_for):
    report = report_of(client_for(world.u_admin_bkpsdm).get(REPORT))
    assert report.unit is None
    assert (report.iku_total, report.unsupported_total) == (4, 1)
    assert [r["name"] for r in report.unsupported_ikus] == ["Persentase puskesmas terakreditasi"]
    assert report.unsupported_ikus[0]["in_pk"] is False
    assert (report.rhk_total, report.unlinked_total) == (10, 2)
    assert {(r["text"], r["issue"]) for r in report.unlinked_rhks} == {
        ("Terlaksananya reformasi birokrasi", "no_pk_indicator"), ("Membantu kegiatan kantor", "no_parent")}
    assert (report.employee_total, report.approved_total, report.without_total) == (9, 5, 4)
    assert {(r["name"], r["skp_status"]) for r in report.without_approved} == {
        ("Rina Wulandari", "submitted"), ("Dewi Lestari", None), ("Hendra Gunawan", "draft"), ("Maya Sari", None)}


def test_report_roles_and_their_units(world, plan, client_for):
    # the OPD admin opens on their OPD, the head of a section on that section
    assert report_of(client_for(world.u_admin_opd).get(REPORT)).unit == world.dinkes
    report = report_of(client_for(world.u_kasi_surv).get(REPORT))
    assert report.unit == world.surv
    assert {r["name"] for r in report.without_approved} == {"Rina Wulandari", "Dewi Lestari"}
    assert report_of(client_for(world.u_kabid_p2p).get(REPORT, {"unit": world.surv.pk})).unit == world.surv
    for user in ("u_monev", "u_pimpinan", "u_auditor", "u_root"):
        assert report_of(client_for(getattr(world, user)).get(REPORT, {"unit": world.disdik.pk})).unit == world.disdik


def test_report_refuses_users_without_the_role_and_hides_other_units(world, plan, client_for):
    for user in ("u_staff1", "u_nobody", "u_staff_yankes"):
        client = client_for(getattr(world, user))
        assert client.get(REPORT).status_code == 403
        assert client.get(XLSX).status_code == 403
    assert client_for(world.u_admin_opd).get(REPORT, {"unit": world.disdik.pk}).status_code == 404
    assert client_for(world.u_kasi_surv).get(REPORT, {"unit": world.p2p.pk}).status_code == 404
    assert client_for(world.u_admin_b).get(REPORT, {"unit": world.dinkes.pk}).status_code == 404
    assert client_for(world.u_admin_b).get(XLSX, {"unit": world.dinkes.pk}).status_code == 404
    assert client_for(world.u_admin_bkpsdm).get(REPORT, {"period": plan.period_b.pk}).status_code == 404


def test_report_lists_are_cut_but_counts_complete_and_queries_constant(world, plan, client_for):
    client = client_for(world.u_admin_bkpsdm)
    before = count_queries(client, REPORT, {"unit": world.dinkes.pk})
    add_staff(world, plan, 110)
    assert count_queries(client, REPORT, {"unit": world.dinkes.pk}) == before
    report = report_of(client.get(REPORT, {"unit": world.dinkes.pk}))
    assert report.unlinked_total == 112 and len(report.unlinked_rhks) == 100
    assert report.without_total == 114 and len(report.without_approved) == 100
    assert "the Excel download has them all" in html(client.get(REPORT, {"unit": world.dinkes.pk}))


def test_report_excel_has_every_row(world, plan, client_for):
    from openpyxl import load_workbook

    add_staff(world, plan, 120)
    response = client_for(world.u_admin_opd).get(XLSX)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Summary", "IKU", "RHK", "Employees"]
    rows = list(book["RHK"].iter_rows(values_only=True))
    assert len(rows) == 1 + 122  # header + R3, R7 and the 120 loose RHK
    assert rows[0][:3] == ("Unit", "NIP", "Employee")
    employees = list(book["Employees"].iter_rows(values_only=True))
    assert len(employees) == 1 + 124
    summary = list(book["Summary"].iter_rows(values_only=True))
    assert ("RHK that link to nothing", 122, 248) in summary  # Dinkes: 8 RHK + 2 for each of the 120
    iku = list(book["IKU"].iter_rows(values_only=True))
    assert iku[1][3] == "Persentase puskesmas terakreditasi"
