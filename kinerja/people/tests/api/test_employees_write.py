"""POST/PATCH on employees: create, edit, transfer, acting, deactivate — permissions and bad input."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kinerja.api.testing import errors_of
from kinerja.audit.models import AuditEvent
from kinerja.core.testing import make_nip
from kinerja.people.models import Assignment, Employee

pytestmark = pytest.mark.django_db

NEW_NIP = make_nip("19920417", "201803", 2, 7)


def new_employee(**extra) -> dict:
    return {"nip": NEW_NIP, "name": "Lina Marlina", "grade": "III/a", "tmt_grade": "2018-03-01", **extra}


# --- create -------------------------------------------------------------------------------------

def test_create_employee(world, api):
    response = api(world.u_admin_opd).post("/employees", new_employee(position=world.pos_data.pk,
                                                                        tmt_position="2024-01-02"))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["nip"] == NEW_NIP
    assert data["birth_date"] == "1992-04-17" and data["sex"] == "F"  # from the NIP
    assert data["unit"]["id"] == world.surv.pk
    assert data["superior_chain"][0]["holder"]["id"] == world.kasi_surv.pk
    assert len(data["position_history"]) == 1
    employee = Employee.objects.get(pk=data["id"])
    assert employee.instance_id == world.a.pk
    assert AuditEvent.objects.filter(action="people.employee.create", object_id=str(employee.pk),
                                     source="api").exists()


def test_create_employee_with_spaces_in_nip(world, api):
    spaced = f"{NEW_NIP[:8]} {NEW_NIP[8:14]} {NEW_NIP[14]} {NEW_NIP[15:]}"
    response = api(world.u_admin_bkpsdm).post("/employees", new_employee(nip=spaced))
    assert response.status_code == 201
    assert response.json()["nip"] == NEW_NIP


def test_create_employee_permissions(world, api, unchanged):
    with unchanged():
        assert api(world.u_staff1).post("/employees", new_employee()).status_code == 403
        assert api(world.u_kadinkes).post("/employees",
                                          new_employee(position=world.pos_data.pk)).status_code == 403
        assert api(world.u_auditor).post("/employees", new_employee()).status_code == 403
        # an OPD admin adds people only into positions of their OPD
        assert api(world.u_admin_opd).post("/employees",
                                           new_employee(position=world.pos_staff_disdik.pk)).status_code == 403
        other = api(world.u_admin_b).post("/employees", new_employee(position=world.pos_data.pk))
    assert other.status_code == 422 and list(errors_of(other)) == ["position"]


@pytest.mark.parametrize("nip, code_hint", [
    ("198513122010011001", "month"),       # birth month 13
    ("198502302010011001", "date"),        # 30 February
    ("198503122010133001", "month"),       # TMT CPNS month 13
    ("198503122010013001", "sex"),         # sex digit 3
    ("198503122010011000", "sequence"),    # sequence 000
    ("19850312201001100", "18"),           # 17 digits
    ("1985031220100110011", "18"),         # 19 digits
    ("19850312-2010O1-1-001", "digits"),   # a letter O
    ("", "required"),
])
def test_create_employee_invalid_nip(world, api, unchanged, nip, code_hint):
    with unchanged():
        response = api(world.u_admin_bkpsdm).post("/employees", new_employee(nip=nip))
    assert response.status_code == 422, response.json()
    body = response.json()
    assert body["detail"]
    assert list(body["errors"]) == ["nip"]
    assert body["errors"]["nip"][0]


def test_invalid_nip_message_in_english(world, api):
    response = api(world.u_admin_bkpsdm).post("/employees", new_employee(nip="198513122010011001"),
                                              headers={"Accept-Language": "en"})
    assert response.json() == {"detail": "Validation failed",
                               "errors": {"nip": ["NIP digits 5–6 (birth month) must be 01–12."]}}


def test_create_employee_duplicate_nip(world, api, unchanged):
    with unchanged():
        response = api(world.u_admin_bkpsdm).post("/employees", new_employee(nip=world.staff1.nip))
    assert response.status_code == 422 and list(errors_of(response)) == ["nip"]


def test_same_nip_in_another_instance_is_allowed(world, api):
    response = api(world.u_admin_b).post("/employees", new_employee(nip=world.staff1.nip))
    assert response.status_code == 201


@pytest.mark.parametrize("extra, field", [
    ({"position": 999999}, "position"),
    ({"position": "abc"}, "position"),
    ({"grade": "V/z"}, "grade"),
    ({"birth_date": "1990-01-01"}, "birth_date"),
    ({"sex": "M"}, "sex"),
    ({"sex": "X"}, "sex"),
    ({"email": "not-an-email"}, "email"),
    ({"kind": "HONORER"}, "kind"),
    ({"name": "  "}, "name"),
    ({"tmt_grade": "1980-01-01"}, "tmt_grade"),
])
def test_create_employee_bad_fields(world, api, unchanged, extra, field):
    with unchanged():
        response = api(world.u_admin_bkpsdm).post("/employees", new_employee(**extra))
    assert response.status_code == 422, response.json()
    assert field in errors_of(response)


def test_create_employee_missing_fields(world, api, unchanged):
    with unchanged():
        response = api(world.u_admin_bkpsdm).post("/employees", {})
    assert response.status_code == 422
    assert {"nip", "name"} <= set(errors_of(response))


def test_second_holder_of_single_holder_position_is_422(world, api, unchanged):
    with unchanged():
        response = api(world.u_admin_bkpsdm).post("/employees", new_employee(position=world.pos_kasi_surv.pk))
    assert response.status_code == 422
    assert list(errors_of(response)) == ["position"]
    assert world.kasi_surv.full_name in errors_of(response)["position"][0]


def test_platform_operator_names_the_instance(world, api):
    assert "instance" in errors_of(api(world.u_root).post("/employees", new_employee()))
    response = api(world.u_root).post("/employees", new_employee(instance=world.b.pk))
    assert response.status_code == 201
    assert response.json()["instance"]["id"] == world.b.pk


# --- update -------------------------------------------------------------------------------------

def test_update_employee(world, api):
    response = api(world.u_admin_opd).patch(f"/employees/{world.staff1.pk}",
                                            {"front_title": "dr.", "phone": "0812", "grade": "iii/b"})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["full_name"], data["phone"], data["grade"]) == ("dr. Andi Pratama", "0812", "III/b")
    world.staff1.refresh_from_db()
    assert world.staff1.name == "Andi Pratama"  # untouched when not sent


@pytest.mark.parametrize("payload, field", [
    ({"name": None}, "name"),
    ({"name": ""}, "name"),
    ({"grade": "IX"}, "grade"),
    ({"nip_lama": "12"}, "nip_lama"),
    ({"birth_date": "1970-05-05"}, "birth_date"),
])
def test_update_employee_bad_input(world, api, unchanged, payload, field):
    with unchanged():
        response = api(world.u_admin_opd).patch(f"/employees/{world.staff1.pk}", payload)
    assert response.status_code == 422
    assert field in errors_of(response)


# --- transfer -----------------------------------------------------------------------------------

def test_transfer(world, api):
    response = api(world.u_admin_opd).post(f"/employees/{world.staff1.pk}/transfer", {
        "position": world.pos_perawat.pk, "start_date": "2025-02-01", "decree_number": "800/12/2025"})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["position"]["id"] == world.pos_perawat.pk and data["unit"]["id"] == world.yankes.pk
    history = data["position_history"]
    assert [(h["position"]["id"], h["end_date"]) for h in history] == [
        (world.pos_perawat.pk, None), (world.pos_data.pk, "2025-01-31")]
    assert history[0]["decree_number"] == "800/12/2025"


def test_transfer_into_occupied_single_holder_position(world, api, unchanged):
    with unchanged():
        response = api(world.u_admin_opd).post(f"/employees/{world.staff1.pk}/transfer", {
            "position": world.pos_kabid_yankes.pk, "start_date": "2025-02-01"})
    assert response.status_code == 422 and list(errors_of(response)) == ["position"]


PERAWAT = "<pos_perawat>"  # replaced by the id of the world's Perawat position


def resolve(world, payload: dict) -> dict:
    return {k: world.pos_perawat.pk if v == PERAWAT else v for k, v in payload.items()}


@pytest.mark.parametrize("payload, field", [
    ({"position": 999999, "start_date": "2025-02-01"}, "position"),
    ({"start_date": "2025-02-01"}, "position"),
    ({"position": "POS", "start_date": "2025-02-01"}, "position"),
    ({"position": PERAWAT, "start_date": "2019-01-01"}, "start_date"),  # before the current post began
    ({"position": PERAWAT, "start_date": "someday"}, "start_date"),
])
def test_transfer_bad_input(world, api, unchanged, payload, field):
    with unchanged():
        response = api(world.u_admin_opd).post(f"/employees/{world.staff1.pk}/transfer", resolve(world, payload))
    assert response.status_code == 422, response.json()
    assert field in errors_of(response)


def test_transfer_permissions(world, api, unchanged):
    w = world
    payload = {"position": w.pos_perawat.pk, "start_date": "2025-02-01"}
    with unchanged():
        assert api(w.u_staff1).post(f"/employees/{w.staff1.pk}/transfer", payload).status_code == 403
        assert api(w.u_kasi_surv).post(f"/employees/{w.staff1.pk}/transfer", payload).status_code == 403
        assert api(w.u_admin_opd).post(f"/employees/{w.staff1.pk}/transfer",
                                       {**payload, "position": w.pos_staff_disdik.pk}).status_code == 403
        assert api(w.u_kabid_yankes).post(f"/employees/{w.staff1.pk}/transfer", payload).status_code == 404
        assert api(w.u_admin_b).post(f"/employees/{w.staff1.pk}/transfer", payload).status_code == 404


# --- acting ---------------------------------------------------------------------------------------

def test_assign_acting(world, api):
    response = api(world.u_admin_opd).post(f"/employees/{world.kasi_surv.pk}/acting", {
        "position": world.pos_kabid_yankes.pk, "kind": "plt", "start_date": "2025-03-01",
        "end_date": "2025-05-31", "decree_number": "821/PLT/2025"})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["kind"], data["position"]["id"], data["end_date"]) == ("plt", world.pos_kabid_yankes.pk,
                                                                        "2025-05-31")
    assert Assignment.objects.filter(pk=data["id"], employee=world.kasi_surv).exists()


@pytest.mark.parametrize("payload, field", [
    ({"kind": "boss"}, "kind"),
    ({"position": PERAWAT}, "position"),  # not a structural position
    ({"end_date": "2025-01-01"}, "end_date"),  # before the start
    ({"position": 999999}, "position"),
])
def test_assign_acting_bad_input(world, api, unchanged, payload, field):
    base = {"position": world.pos_kabid_yankes.pk, "kind": "plh", "start_date": "2025-03-01"}
    with unchanged():
        response = api(world.u_admin_opd).post(f"/employees/{world.kasi_surv.pk}/acting",
                                               {**base, **resolve(world, payload)})
    assert response.status_code == 422, response.json()
    assert field in errors_of(response)


def test_assign_acting_overlap_is_422(world, api, unchanged):
    client = api(world.u_admin_opd)
    payload = {"position": world.pos_kabid_yankes.pk, "kind": "plh", "start_date": "2025-03-01",
               "end_date": "2025-03-10"}
    assert client.post(f"/employees/{world.kasi_surv.pk}/acting", payload).status_code == 201
    with unchanged():
        response = client.post(f"/employees/{world.kabid_p2p.pk}/acting", {**payload, "start_date": "2025-03-05"})
    assert response.status_code == 422 and "start_date" in errors_of(response)


def test_assign_acting_permissions(world, api, unchanged):
    w = world
    payload = {"position": w.pos_kabid_yankes.pk, "kind": "plt", "start_date": "2025-03-01"}
    with unchanged():
        assert api(w.u_staff1).post(f"/employees/{w.staff1.pk}/acting", payload).status_code == 403
        assert api(w.u_kadinkes).post(f"/employees/{w.kasi_surv.pk}/acting", payload).status_code == 403
        assert api(w.u_admin_opd).post(f"/employees/{w.kasi_surv.pk}/acting",
                                       {**payload, "position": w.pos_kadisdik.pk}).status_code == 403
        assert api(w.u_admin_b).post(f"/employees/{w.kasi_surv.pk}/acting", payload).status_code == 404


# --- deactivate -----------------------------------------------------------------------------------

def test_deactivate(world, api):
    response = api(world.u_admin_opd).post(f"/employees/{world.staff2.pk}/deactivate", {"end_date": "2025-06-30"})
    assert response.status_code == 200, response.json()
    assert response.json()["is_active"] is False
    assert response.json()["position_history"][0]["end_date"] == "2025-06-30"
    assert AuditEvent.objects.filter(action="people.employee.deactivate", object_id=str(world.staff2.pk)).exists()


def test_deactivate_without_body(world, api):
    response = api(world.u_admin_bkpsdm).client.generic("POST", f"/api/v1/employees/{world.staff2.pk}/deactivate")
    assert response.status_code == 200, response.json()
    assert response.json()["position_history"][0]["end_date"] == timezone.localdate().isoformat()
    assert Employee.objects.get(pk=world.staff2.pk).is_active is False

