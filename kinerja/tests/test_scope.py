"""Who sees and changes which employees: the permission filters over the org tree."""

import pytest

from kinerja.accounts import scope
from kinerja.core.testing import SYSTEM
from kinerja.people import permissions as people_permissions
from kinerja.people.models import Employee
from kinerja.people.services import assign_acting

A_ALL = {"kadinkes", "kabid_p2p", "kasi_surv", "staff1", "staff2", "kabid_yankes", "staff_yankes", "kadisdik",
         "staff_disdik"}
DINKES = {"kadinkes", "kabid_p2p", "kasi_surv", "staff1", "staff2", "kabid_yankes", "staff_yankes"}


def visible(w, user, action="view"):
    by_pk = {getattr(w, name).pk: name for name in [*A_ALL, "kadinkes_b", "staff_b"]}
    return {by_pk[pk] for pk in people_permissions.restrict_employees(Employee.objects.all(), user, action)
            .values_list("pk", flat=True)}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("u_staff1", {"staff1"}),
        ("u_kasi_surv", {"kasi_surv", "staff1", "staff2"}),
        ("u_kabid_p2p", {"kabid_p2p", "kasi_surv", "staff1", "staff2"}),
        ("u_kabid_yankes", {"kabid_yankes", "staff_yankes"}),
        ("u_kadinkes", DINKES),
        ("u_kadisdik", {"kadisdik", "staff_disdik"}),
        ("u_admin_opd", DINKES),
        ("u_admin_bkpsdm", A_ALL),
        ("u_monev", A_ALL),
        ("u_pimpinan", A_ALL),
        ("u_auditor", A_ALL),
        ("u_nobody", set()),
        ("u_admin_b", {"kadinkes_b", "staff_b"}),
        ("u_staff_b", {"staff_b"}),
    ],
)
def test_view_scope(world, user, expected):
    assert visible(world, getattr(world, user)) == expected


@pytest.mark.parametrize(
    ("user", "expected"),
    [("u_admin_bkpsdm", A_ALL), ("u_admin_opd", DINKES), ("u_kadinkes", set()), ("u_auditor", set()),
     ("u_pimpinan", set()), ("u_staff1", set()), ("u_admin_b", {"kadinkes_b", "staff_b"})],
)
def test_change_scope(world, user, expected):
    assert visible(world, getattr(world, user), "change") == expected


def test_superuser_sees_every_instance(world):
    assert len(visible(world, world.u_root)) == 11


def test_acting_official_gains_the_scope_of_the_post(world):
    from datetime import date

    assign_acting(actor=SYSTEM, employee=world.kasi_surv, position=world.pos_kabid_yankes, kind="plt",
                  start_date=date(2020, 1, 1))
    user = type(world.u_kasi_surv).objects.get(pk=world.u_kasi_surv.pk)
    assert visible(world, user) == {"kasi_surv", "staff1", "staff2", "kabid_yankes", "staff_yankes"}


def test_scope_is_computed_with_constant_queries(world, django_assert_max_num_queries):
    user = type(world.u_kadinkes).objects.select_related("employee").get(pk=world.u_kadinkes.pk)
    with django_assert_max_num_queries(4):
        s = scope.get_scope(user)
    assert s.is_penilai and s.is_pegawai and not s.instance_wide_view
    with django_assert_max_num_queries(0):
        scope.get_scope(user)


def test_menu_follows_role(world):
    from kinerja.core.context_processors import menu_for

    def keys(user):
        return {item.key for item in menu_for(user)}

    assert {"me", "org"} <= keys(world.u_staff1) and not {"team", "directory", "audit", "users"} & keys(
        world.u_staff1)
    assert "team" in keys(world.u_kasi_surv)
    assert {"directory", "positions"} <= keys(world.u_admin_opd) and "users" not in keys(world.u_admin_opd)
    assert {"directory", "users", "audit", "positions"} <= keys(world.u_admin_bkpsdm)
    assert {"directory", "audit"} <= keys(world.u_auditor) and "users" not in keys(world.u_auditor)
    assert "directory" in keys(world.u_pimpinan) and "audit" not in keys(world.u_pimpinan)
    assert "directory" in keys(world.u_monev)
