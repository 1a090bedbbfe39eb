import pytest

from kinerja.core.keyset import InvalidCursor, paginate
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
