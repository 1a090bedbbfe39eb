import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kinerja.core.keyset import InvalidCursor, _seek_q, encode_cursor, paginate
from kinerja.core.testing import make_nip
from kinerja.people.models import Employee


@pytest.mark.parametrize("ordering", [["name", "id"], ["-name", "-id"], ["unit_id", "-name", "id"]])
def test_walks_every_row_once_forward_and_back(world, ordering):
    expected = list(Employee.objects.order_by(*ordering).values_list("pk", flat=True))
    seen, cursor, pages = [], None, []
    while True:
        page = paginate(Employee.objects.all(), ordering, 3, cursor)
        pages.append(page)
        seen += [e.pk for e in page.items]
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == expected
    assert not pages[0].has_prev and pages[-1].next_cursor is None
    # walking back from the last page gives the same pages in reverse
    back, cursor = [], pages[-1].prev_cursor
    while cursor:
        page = paginate(Employee.objects.all(), ordering, 3, cursor)
        back.insert(0, [e.pk for e in page.items])
        cursor = page.prev_cursor
    assert [pk for chunk in back for pk in chunk] + [e.pk for e in pages[-1].items] == expected


@pytest.mark.parametrize("bad", ["garbage", "eyJ4Ijox", "WyJ4IixbXV0"])
def test_bad_cursor_is_a_clear_error(world, bad):
    with pytest.raises(InvalidCursor):
        paginate(Employee.objects.all(), ["name", "id"], 3, bad)


def test_page_query_count_is_constant(world, django_assert_num_queries):
    first = paginate(Employee.objects.all(), ["name", "id"], 2)
    with django_assert_num_queries(1):
        paginate(Employee.objects.all(), ["name", "id"], 2, first.next_cursor)


# --- The seek: one row-value comparison the database answers from the index ----------------------

def _page_sql(qs, ordering, cursor):
    with CaptureQueriesContext(connection) as captured:
        paginate(qs, ordering, 2, cursor)
    return captured.captured_queries[-1]["sql"]


@pytest.mark.parametrize(("ordering", "direction", "op"), [
    (["name", "id"], "n", ">"), (["name", "id"], "p", "<"), (["-name", "-id"], "n", "<"), (["-name", "-id"], "p", ">"),
])
def test_one_direction_orderings_seek_with_a_row_value_comparison(world, ordering, direction, op):
    sql = _page_sql(Employee.objects.all(), ordering, encode_cursor(["M", 5], direction))
    table = Employee._meta.db_table
    assert f'("{table}"."name", "{table}"."id") {op} (' in sql
    assert " OR " not in sql


def test_mixed_directions_fall_back_to_the_or_expansion(world):
    sql = _page_sql(Employee.objects.all(), ["unit_id", "-name", "id"], encode_cursor([1, "M", 5]))
    assert " OR " in sql and '"name" <' in sql


def test_rows_with_equal_names_are_split_by_id_across_pages(world):
    twins = [Employee.objects.create(instance=world.a, nip=make_nip(seq=900 + i), name="Sama Sekali")
             for i in range(5)]
    qs = Employee.objects.filter(name="Sama Sekali")
    seen, cursor = [], None
    while True:
        page = paginate(qs, ["name", "id"], 2, cursor)
        seen += [e.pk for e in page.items]
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == sorted(t.pk for t in twins)


def test_single_field_descending_ordering_walks_back(world):
    expected = list(Employee.objects.order_by("-id").values_list("pk", flat=True))
    first = paginate(Employee.objects.all(), ["-id"], 2)
    second = paginate(Employee.objects.all(), ["-id"], 2, first.next_cursor)
    assert [e.pk for e in first.items + second.items] == expected[:4]
    assert [e.pk for e in paginate(Employee.objects.all(), ["-id"], 2, second.prev_cursor).items] == expected[:2]


@pytest.mark.parametrize("values", [["Budi", "abc"], ["Budi", {"x": 1}], ["Budi", [1]]])
def test_cursor_values_of_the_wrong_type_are_a_bad_cursor(world, values):
    with pytest.raises(InvalidCursor):
        paginate(Employee.objects.all(), ["name", "id"], 3, encode_cursor(values))


def test_cursor_values_are_typed_like_their_fields(world):
    """An id sent as text (e.g. by a hand-made cursor) compares as a number, not as text."""
    ordered = list(Employee.objects.order_by("name", "id"))
    last = ordered[1]
    page = paginate(Employee.objects.all(), ["name", "id"], 2, encode_cursor([last.name, str(last.pk)]))
    assert [e.pk for e in page.items] == [e.pk for e in ordered[2:4]]


def test_the_database_seeks_the_keyset_index(world):
    """The deep-page query of the directory: ``instance = …`` then the row comparison, both from
    ``employee_keyset (instance, name, id)`` (no filter over the rows before the cursor)."""
    seek = _seek_q(["name", "id"], ["M", 5], True)
    qs = Employee.objects.filter(seek, instance=world.a).order_by("name", "id")[:26]
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # a test table is small enough to scan, or to read by another index and sort
            for setting in ("enable_seqscan", "enable_sort", "enable_bitmapscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "employee_keyset" in plan
            assert "Index Cond: ((instance_id = " in plan and "ROW((name)::text, id) > ROW(" in plan
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(row[-1] for row in cursor.fetchall())
            assert "USING INDEX employee_keyset (instance_id=? AND name>?)" in plan
