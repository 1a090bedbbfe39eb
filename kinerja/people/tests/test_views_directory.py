"""Employee directory and "my team": scope, search, filters, keyset pages, htmx fragment, query count."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.testing import SYSTEM, make_nip
from kinerja.people import services
from kinerja.people.models import Employee

URL = reverse("people:directory")
TEAM = reverse("people:team")
A_ALL = {"Siti Aminah", "Budi Santoso", "Rina Wulandari", "Andi Pratama", "Dewi Lestari", "Hendra Gunawan",
         "Maya Sari", "Joko Widodo", "Agus Salim"}
DINKES = A_ALL - {"Joko Widodo", "Agus Salim"}


def names(response) -> set[str]:
    assert response.status_code == 200
    return {e.name for e in response.context["page"].items}


def add_staff(world, count: int) -> list[Employee]:
    """Bulk rows for paging (the write path itself is tested elsewhere), in Pengelola Data."""
    return Employee.objects.bulk_create(
        Employee(instance=world.a, nip=make_nip("19900101", "201501", 1, 100 + i), name=f"Pegawai Uji {i:02d}",
                 position=world.pos_data, unit=world.surv, grade="II/a", kind="PNS") for i in range(count))


@pytest.mark.parametrize(
    ("user", "expected"),
    [("u_admin_bkpsdm", A_ALL), ("u_monev", A_ALL), ("u_admin_opd", DINKES),
     ("u_kasi_surv", {"Rina Wulandari", "Andi Pratama", "Dewi Lestari"}), ("u_staff1", {"Andi Pratama"}),
     ("u_nobody", set()), ("u_admin_b", {"Bambang Sutrisno", "Nur Hidayah"})],
)
def test_directory_shows_only_the_scope(world, client_for, user, expected):
    assert names(client_for(getattr(world, user)).get(URL)) == expected


def test_other_instance_never_leaks_through_search_or_filters(world, client_for):
    client = client_for(world.u_admin_b)
    assert names(client.get(URL, {"q": "Andi"})) == set()
    assert names(client.get(URL, {"q": world.staff1.nip})) == set()
    response = client.get(URL, {"unit": world.dinkes.pk})  # a unit of instance A: not a valid choice here
    assert names(response) <= {"Bambang Sutrisno", "Nur Hidayah"}
    assert "Andi Pratama" not in response.content.decode()


def test_directory_shows_formatted_nip_titles_grade_position_and_unit(world, client_for):
    services.update_employee(actor=SYSTEM, employee=world.kadinkes, front_title="dr.", back_title="M.Kes.")
    html = client_for(world.u_admin_bkpsdm).get(URL).content.decode()
    assert "19800101 200501 1 004" in html  # staff1, formatted
    assert "dr. Siti Aminah, M.Kes." in html
    assert "IV/c" in html and "Pembina Utama Muda" in html
    assert "Kepala Dinas Kesehatan" in html and "badge-JPT" in html
    assert "Seksi Surveilans" in html
    assert reverse("people:profile", args=[world.staff1.pk]) in html


def test_menu_offers_the_directory_to_viewers_and_admins_only(world, client_for):
    for user in (world.u_admin_opd, world.u_monev):
        assert 'data-menu="directory"' in client_for(user).get(URL).content.decode()
    assert 'data-menu="directory"' not in client_for(world.u_staff1).get(URL).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [("pratama", {"Andi Pratama"}), ("ANDI", {"Andi Pratama"}), ("pratama andi", {"Andi Pratama"}),
     ("19800101 200501 1 004", {"Andi Pratama"}), ("198001012005011004", {"Andi Pratama"}),
     ("200501 2", {"Siti Aminah", "Rina Wulandari", "Dewi Lestari", "Maya Sari"}), ("tidak ada", set())],
)
def test_search_by_name_or_nip(world, client_for, query, expected):
    assert names(client_for(world.u_admin_bkpsdm).get(URL, {"q": query})) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "p2p"}, {"Budi Santoso", "Rina Wulandari", "Andi Pratama"}),  # with sub-units
        ({"unit": "surv"}, {"Rina Wulandari", "Andi Pratama"}),
        ({"grade": "IV/a"}, {"Budi Santoso", "Hendra Gunawan"}),
        ({"position_kind": "PELAKSANA"}, {"Andi Pratama", "Agus Salim"}),
        ({"position_kind": "JPT", "unit": "dinkes"}, {"Siti Aminah"}),
        ({"kind": "PPPK"}, {"Rahmat PPPK"}),
        ({"kind": "PNS", "q": "rahmat"}, set()),
        ({"status": "inactive"}, {"Dewi Lestari"}),
        ({"status": "all", "q": "dewi"}, {"Dewi Lestari"}),
    ],
)
def test_filters(world, client_for, params, expected):
    services.create_employee(actor=SYSTEM, instance=world.a, nip="199001012022011001", kind="PPPK",
                             name="Rahmat PPPK", position=world.pos_perawat, grade="IX")
    services.set_active(actor=SYSTEM, employee=world.staff2, active=False)
    params = {k: (getattr(world, v).pk if k == "unit" else v) for k, v in params.items()}
    found = names(client_for(world.u_admin_bkpsdm).get(URL, params))
    assert found == expected


def test_default_lists_active_employees_only(world, client_for):
    services.set_active(actor=SYSTEM, employee=world.staff2, active=False)
    assert "Dewi Lestari" not in names(client_for(world.u_admin_bkpsdm).get(URL))


def walk(client, url, params, direction="next"):
    """Follow the pager links from the first page; return the names in the order seen and the pages."""
    seen, pages, response = [], 0, client.get(url, params)
    while True:
        page = response.context["page"]
        seen.extend(e.name for e in page.items)
        pages += 1
        cursor = page.next_cursor if direction == "next" else page.prev_cursor
        if not cursor:
            return seen, pages, response
        response = client.get(url, {**params, "cursor": cursor})


def test_pagination_walks_every_row_exactly_once_both_ways(world, client_for):
    add_staff(world, 31)
    client = client_for(world.u_admin_bkpsdm)
    seen, pages, last = walk(client, URL, {"size": 10})
    expected = sorted(Employee.objects.filter(instance=world.a, is_active=True).values_list("name", "id"))
    assert seen == [name for name, _ in expected] and len(seen) == 40 and pages == 4
    # and back again from the last page
    params = {"size": 10, "cursor": last.context["page"].prev_cursor}
    back, back_pages, _ = walk(client, URL, params, direction="prev")
    assert back_pages == 3 and len(back) == 30


def test_pager_links_carry_the_cursor_and_the_filters(world, client_for):
    add_staff(world, 12)
    response = client_for(world.u_admin_bkpsdm).get(URL, {"q": "pegawai uji", "size": 10, "grade": "II/a"})
    page = response.context["page"]
    assert len(page.items) == 10 and page.next_cursor
    html = response.content.decode()
    assert f"cursor={page.next_cursor}" in html
    link = html.split('rel="next" href="')[1].split('"')[0]
    assert "q=pegawai+uji" in link and "grade=II%2Fa" in link and "size=10" in link
    second = client_for(world.u_admin_bkpsdm).get(URL, {"q": "pegawai uji", "size": 10, "grade": "II/a",
                                                        "cursor": page.next_cursor})
    assert names(second) == {"Pegawai Uji 10", "Pegawai Uji 11"}


def test_bad_cursor_falls_back_to_the_first_page(world, client_for):
    response = client_for(world.u_admin_bkpsdm).get(URL, {"cursor": "not-a-cursor"})
    assert response.context["cursor_error"] and names(response) == A_ALL


def test_query_count_does_not_grow_with_page_size(world, client_for):
    add_staff(world, 60)  # 69 active employees in instance A
    client = client_for(world.u_admin_bkpsdm)
    counts = []
    for size in (10, 100):
        cache.clear()  # the total is cached for a minute; count it in both requests
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"size": size})
        assert len(response.context["page"].items) == min(size, 69)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_query_budget(world, client_for, django_assert_max_num_queries):
    add_staff(world, 30)
    client = client_for(world.u_admin_bkpsdm)
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(12):
        client.get(URL, {"size": 50})


def test_htmx_request_gets_only_the_table(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    response = client.get(URL, {"q": "andi"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'data-testid="employee-table"' in html and "Andi Pratama" in html and "Budi Santoso" not in html
    assert "HX-Request" in response["Vary"]
    full = client.get(URL, {"q": "andi"})
    assert "<html" in full.content.decode()
    assert 'hx-get="/people/"' in full.content.decode() and 'hx-push-url="true"' in full.content.decode()
    restore = client.get(URL, {"q": "andi"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


# --- My team -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("user", "expected"),
    [("u_kasi_surv", {"Andi Pratama", "Dewi Lestari"}),
     ("u_kabid_p2p", {"Rina Wulandari"}),  # whom they evaluate, not everyone in the units below
     ("u_kabid_yankes", {"Maya Sari"}),
     ("u_kadisdik", {"Agus Salim"})],
)
def test_team_is_whom_the_penilai_evaluates(world, client_for, user, expected):
    response = client_for(getattr(world, user)).get(TEAM)
    assert names(response) == expected
    assert response.context["active_menu"] == "team"


def test_team_filters_and_search(world, client_for):
    client = client_for(world.u_kadinkes)
    assert names(client.get(TEAM, {"q": "budi"})) == {"Budi Santoso"}
    assert names(client.get(TEAM, {"position_kind": "ADMINISTRATOR"})) == {"Budi Santoso", "Hendra Gunawan"}
    assert names(client.get(TEAM, {"unit": world.p2p.pk})) == {"Budi Santoso"}
    assert names(client.get(TEAM, {"q": "andi"})) == set()  # in the subtree, evaluated by the kasi
    assert client.get(TEAM, {"q": "andi"}, headers={"HX-Request": "true"}).content.decode().count("<html") == 0


def test_team_never_reaches_outside_the_led_units(world, client_for):
    client = client_for(world.u_kabid_yankes)
    assert names(client.get(TEAM, {"q": "andi"})) == set()
    assert names(client.get(TEAM, {"unit": world.p2p.pk})) == {"Maya Sari"}  # not a choice: filter ignored


def test_acting_head_gets_the_team_of_the_post(world, client_for):
    services.assign_acting(actor=SYSTEM, employee=world.staff_yankes, position=world.pos_kasi_surv, kind="plh",
                           start_date=date(2020, 1, 1))
    assert names(client_for(world.u_staff_yankes).get(TEAM)) == {"Andi Pratama", "Dewi Lestari"}


def test_total_is_counted_once_a_minute_for_the_same_filters(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    with CaptureQueriesContext(connection) as second:
        client.get(URL)
    count_queries = [len([q for q in ctx.captured_queries if "COUNT(" in q["sql"]]) for ctx in (first, second)]
    assert count_queries == [1, 0]
    with CaptureQueriesContext(connection) as other:
        client.get(URL, {"kind": "PPPK"})
    assert any("COUNT(" in q["sql"] for q in other.captured_queries)
