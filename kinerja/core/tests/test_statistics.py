"""Bulk paths leave fresh planner statistics; name search has an index on PostgreSQL (issue 7, item 25)."""

import pytest
from django.db import connection

from kinerja.demo.seed import seed
from kinerja.people.models import Employee

pytestmark = pytest.mark.django_db


def _rows_known_to_planner(table: str) -> float | None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return None
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            row = cursor.fetchone()
            return float(row[0].split()[0]) if row else None
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        tuples = cursor.fetchone()[0]
        return tuples if tuples >= 0 else None  # -1: never analyzed


def test_seed_ends_with_fresh_statistics():
    before = _rows_known_to_planner("people_employee")
    # statistics outlive a rolled-back test (ANALYZE writes them in place): seed well beyond what they say
    size = 400 + 2 * int(before or 0)
    result = seed(size, seed=3)
    assert before is None or before < 0.9 * result.employees
    known = _rows_known_to_planner("people_employee")
    assert known is not None and known >= 0.9 * result.employees
    assert (_rows_known_to_planner("people_assignment") or 0) >= 0.9 * result.assignments


def _explain(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_rare_name_search_uses_the_trigram_index():
    from kinerja.people.api import search_q as api_search
    from kinerja.people.search import search_q as web_search

    result = seed(20000, seed=2)
    rare = Employee.objects.filter(instance_id=result.instance_id).order_by("id")[123]
    Employee.objects.filter(pk=rare.pk).update(name="Zulkarnaen Wiratmadja")
    with connection.cursor() as cursor:
        # what autovacuum does in a live database: move the new entries from the GIN pending list into the index
        cursor.execute("SELECT gin_clean_pending_list('employee_name_trgm'), "
                       "gin_clean_pending_list('employee_nip_trgm')")
        cursor.execute("ANALYZE people_employee")  # the seed did; again after the rename
    base = Employee.objects.filter(instance_id=result.instance_id).order_by("name", "id")
    for search in (api_search, web_search):
        page = base.filter(search("wiratmadja"))[:51]
        assert [e.pk for e in page] == [rare.pk]
        assert "employee_name_trgm" in _explain(page), _explain(page)
    nip_page = base.filter(web_search(rare.nip[4:12]))[:51]
    assert "employee_nip_trgm" in _explain(nip_page), _explain(nip_page)
