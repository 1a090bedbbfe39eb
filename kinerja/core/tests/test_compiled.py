"""A query compiled once and run with other values gives what the queryset gives, in one query."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.accounts.models import User
from kinerja.core.compiled import CompiledQuery
from kinerja.people.models import Employee

BY_USER = CompiledQuery(User, lambda username, instance_id: User.objects.select_related("employee__unit")
                        .filter(username=username, instance_id=instance_id).order_by(),
                        username=str, instance_id=int)


def test_the_same_objects_as_the_queryset_with_their_related_rows_in_one_query(world):
    users = list(User.objects.filter(employee__isnull=False).select_related("employee__unit")[:3])
    assert users
    for expected in users:
        with CaptureQueriesContext(connection) as ctx:
            got = BY_USER.first(username=expected.username, instance_id=expected.instance_id)
            assert got.employee.unit.name == expected.employee.unit.name  # cached: no further query
        assert len(ctx.captured_queries) == 1
        assert got == expected and type(got) is User and not got._state.adding
        assert {f.attname: getattr(got, f.attname) for f in User._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in User._meta.concrete_fields}


def test_none_when_no_row_and_a_null_relation_is_none(world):
    assert BY_USER.first(username="nobody-at-all", instance_id=1) is None
    lone = User.objects.filter(employee__isnull=True).first()
    if lone is not None:
        assert BY_USER.first(username=lone.username, instance_id=lone.instance_id).employee is None


def test_dates_and_a_parameter_that_does_not_reach_the_sql(world):
    by_pk = CompiledQuery(Employee, lambda pk, day: Employee.objects.filter(pk=pk, created_at__date__gte=day)
                          .order_by(), pk=int, day=date)
    employee = Employee.objects.first()
    assert by_pk.first(pk=employee.pk, day=date(2000, 1, 1)) == employee
    assert by_pk.first(pk=employee.pk, day=date(2999, 1, 1)) is None
    lost = CompiledQuery(Employee, lambda pk: Employee.objects.filter(pk__gt=0).order_by(), pk=int)
    with pytest.raises(ValueError, match="did not reach the SQL"):
        lost.first(pk=1)
