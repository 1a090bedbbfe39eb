"""Users and roles pages: only BKPSDM admins (and superusers), only their instance, writes audited."""

import pytest
from django.urls import reverse

from kinerja.accounts import services
from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM, make_nip
from kinerja.people import services as people

USERS = reverse("accounts:users")
ADD = reverse("accounts:user_add")
A_USERS = {"kadinkes", "kabid_p2p", "kasi_surv", "staff1", "staff2", "kabid_yankes", "staff_yankes", "kadisdik",
           "staff_disdik", "admin_bkpsdm", "admin_opd", "monev", "pimpinan", "auditor", "nobody"}


def usernames(response):
    return {u.username for u in response.context["page"].items}


def detail(user):
    return reverse("accounts:user", args=[user.pk])


def grant_url(user):
    return reverse("accounts:role_grant", args=[user.pk])


def state():
    return User.objects.count(), RoleGrant.objects.count(), AuditEvent.objects.count()


def test_bkpsdm_admin_lists_the_users_of_the_instance(world, client_for):
    response = client_for(world.u_admin_bkpsdm).get(USERS)
    assert response.status_code == 200 and usernames(response) == A_USERS
    html = response.content.decode()
    assert "OPD administrator" in html and "Dinas Kesehatan" in html and ">admin_b<" not in html


def test_other_instance_admin_sees_only_theirs(world, client_for):
    client = client_for(world.u_admin_b)
    assert usernames(client.get(USERS)) == {"kadinkes_b", "staff_b", "admin_b"}
    assert client.get(detail(world.u_staff1)).status_code == 404
    assert client.post(grant_url(world.u_staff1), {"role": "monev"}).status_code == 404
    grant = RoleGrant.objects.get(user=world.u_admin_opd)
    assert client.post(reverse("accounts:role_revoke", args=[world.u_admin_opd.pk, grant.pk])).status_code == 404
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_superuser_chooses_the_instance(world, client_for):
    client = client_for(world.u_root)
    assert usernames(client.get(USERS, {"instance": world.b.pk})) == {"kadinkes_b", "staff_b", "admin_b"}
    assert client.get(detail(world.u_staff1)).status_code == 200


@pytest.mark.parametrize("user", ["u_staff1", "u_admin_opd", "u_auditor", "u_pimpinan", "u_kadinkes", "u_nobody"])
def test_everyone_else_is_refused(world, client_for, user):
    client = client_for(getattr(world, user))
    before = state()
    assert client.get(USERS).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.get(detail(world.u_staff2)).status_code == 403
    assert client.post(ADD, {"nip": world.staff2.nip, "password": "x", "password_confirm": "x"}).status_code == 403
    assert client.post(grant_url(world.u_staff2), {"role": "monev"}).status_code == 403
    assert state() == before


def test_search_and_role_filter(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    assert usernames(client.get(USERS, {"q": "andi"})) == {"staff1"}
    assert usernames(client.get(USERS, {"q": world.staff2.nip[:14] + " " + world.staff2.nip[14:]})) == {"staff2"}
    assert usernames(client.get(USERS, {"role": "admin_opd"})) == {"admin_opd"}
    assert usernames(client.get(USERS, {"q": "zzz"})) == set()


def test_keyset_pages(world, client_for, settings):
    settings.KINERJA = {**settings.KINERJA, "PAGE_SIZE": 4}
    client = client_for(world.u_admin_bkpsdm)
    seen, response = [], client.get(USERS)
    while True:
        seen += [u.username for u in response.context["page"].items]
        if not response.context["next_url"]:
            break
        response = client.get(USERS + response.context["next_url"])
    assert seen == sorted(A_USERS) and len(seen) == 15


def test_list_runs_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.u_admin_bkpsdm)
    client.get(USERS)
    for i in range(12):
        user = services.create_user(actor=SYSTEM, instance=world.a, username=f"operator{i}", password=None)
        services.grant_role(actor=SYSTEM, user=user, role=Role.ADMIN_OPD, unit=world.p2p)
    with django_assert_max_num_queries(12):
        response = client.get(USERS)
    assert len(response.context["page"].items) == 27


def test_create_login_for_an_employee(world, client_for):
    employee = people.create_employee(actor=SYSTEM, instance=world.a, nip=make_nip(seq=801), name="Pegawai Baru",
                                      position=world.pos_data)
    typed = f"{employee.nip[:8]} {employee.nip[8:14]} {employee.nip[14]} {employee.nip[15:]}"
    response = client_for(world.u_admin_bkpsdm).post(ADD, {"nip": typed, "password": "Kuat-Sekali-2026",
                                                           "password_confirm": "Kuat-Sekali-2026"})
    user = User.objects.get(employee=employee)
    assert response.status_code == 302 and response["Location"] == detail(user)
    assert user.username == employee.nip and user.instance == world.a and user.check_password("Kuat-Sekali-2026")
    assert user.must_change_password  # chosen by the administrator: replaced at the first log-in
    event = AuditEvent.objects.get(action="accounts.user.create", object_id=str(user.pk))
    assert event.actor == world.u_admin_bkpsdm and "password" not in event.after


@pytest.mark.parametrize(("data", "field"), [
    ({"nip": "198001012005011999"}, "nip"),  # nobody has this NIP
    ({"nip": "STAFF1"}, "nip"),  # an employee who already has a login (filled in by the test)
    ({"username": "staff1"}, "username"),  # taken
    ({"username": "baru", "password": "12345678", "password_confirm": "12345678"}, "password"),  # too weak
    ({"username": "baru", "password_confirm": "Lain-Sekali-2026"}, "password_confirm"),
    ({"username": "baru", "password": ""}, "password"),
])
def test_create_login_errors_show_on_their_field(world, client_for, data, field):
    if data.get("nip") == "STAFF1":
        data = {**data, "nip": world.staff1.nip}
    before = state()
    post = {"password": "Kuat-Sekali-2026", "password_confirm": "Kuat-Sekali-2026", **data}
    response = client_for(world.u_admin_bkpsdm).post(ADD, post)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert f'data-field-error="{field}"' in response.content.decode()
    assert state() == before


def test_nip_of_another_instance_is_unknown(world, client_for):
    response = client_for(world.u_admin_bkpsdm).post(ADD, {"nip": world.staff_b.nip, "password": "Kuat-Sekali-2026",
                                                           "password_confirm": "Kuat-Sekali-2026"})
    assert "nip" in response.context["form"].errors


def test_user_detail(world, client_for):
    response = client_for(world.u_admin_bkpsdm).get(detail(world.u_admin_opd))
    assert response.status_code == 200
    assert [g.role for g in response.context["grants"]] == ["admin_opd"]
    assert "Dinas Kesehatan" in response.content.decode()


def test_grant_an_opd_admin_role(world, client_for):
    response = client_for(world.u_admin_bkpsdm).post(grant_url(world.u_kadisdik),
                                                     {"role": "admin_opd", "unit": world.disdik.pk})
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=world.u_kadisdik)
    assert grant.unit == world.disdik and grant.granted_by == world.u_admin_bkpsdm
    assert AuditEvent.objects.filter(action="accounts.role.grant", object_id=str(grant.pk),
                                     actor=world.u_admin_bkpsdm).exists()


@pytest.mark.parametrize(("data", "field"), [
    ({"role": "admin_opd"}, "unit"),  # needs a unit scope
    ({"role": "admin_opd", "unit": "B"}, "unit"),  # a unit of another instance
    ({"role": "admin_opd", "unit": "DINKES"}, "role"),  # already granted
    ({"role": "superhero"}, "role"),
])
def test_grant_errors_show_on_their_field(world, client_for, data, field):
    data = {**data}
    data["unit"] = {"B": world.dinkes_b.pk, "DINKES": world.dinkes.pk}.get(data.get("unit"), data.get("unit", ""))
    before = state()
    response = client_for(world.u_admin_bkpsdm).post(grant_url(world.u_admin_opd), data)
    assert response.status_code == 200
    assert field in response.context["grant_form"].errors
    assert f'data-field-error="{field}"' in response.content.decode()
    assert state() == before


def test_revoke_a_role(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    grant = RoleGrant.objects.get(user=world.u_monev)
    url = reverse("accounts:role_revoke", args=[world.u_monev.pk, grant.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.filter(action="accounts.role.revoke", object_id=str(grant.pk),
                                     actor=world.u_admin_bkpsdm).exists()


def test_revoke_needs_the_grant_of_that_user(world, client_for):
    grant = RoleGrant.objects.get(user=world.u_monev)
    url = reverse("accounts:role_revoke", args=[world.u_auditor.pk, grant.pk])
    assert client_for(world.u_admin_bkpsdm).post(url).status_code == 404
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
