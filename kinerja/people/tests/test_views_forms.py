"""Admin forms: create, edit, transfer, acting (Plt/Plh), end acting, deactivate/reactivate.

Each write goes through people.services and leaves an audit event; each refusal names the field
and writes nothing; users without the role get 403, employees outside the scope 404.
"""

from datetime import date

import pytest
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM, make_nip
from kinerja.people import services
from kinerja.people.models import Assignment, Employee

NEW_NIP = "19900215 201503 2 001"


def url(name, *args):
    return reverse(f"people:{name}", args=args)


def counts():
    return Employee.objects.count(), Assignment.objects.count(), AuditEvent.objects.count()


def refused(client, path, data, field, code=None, text=""):
    """POST ``data``; prove the form came back with an error on ``field`` and nothing was written.

    ``code`` is the error code (stable whatever the language), ``text`` a piece of data in the message.
    """
    before = counts()
    response = client.post(path, data)
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    assert field in form.errors, form.errors
    message = " ".join(form.errors[field])
    assert text in message
    if code is not None:
        assert code in [error.code for error in form.errors.as_data()[field]], form.errors.as_data()
    html = response.content.decode()
    if field != "__all__":
        assert f'data-field-error="{field}"' in html
    assert counts() == before
    return message


def last_event(action):
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


# --- Create ----------------------------------------------------------------------------------------

def create_data(world, **extra):
    return {"kind": "PNS", "nip": NEW_NIP, "name": "Sri Rahayu", "front_title": "", "back_title": "S.Kep.",
            "grade": "III/a", "tmt_grade": "2019-04-01", "position": world.pos_data.pk, "tmt_position": "2021-01-04",
            **extra}


def test_create_employee(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    assert client.get(url("create")).status_code == 200
    response = client.post(url("create"), create_data(world))
    employee = Employee.objects.get(nip="199002152015032001")
    assert response.status_code == 302 and response["Location"] == url("profile", employee.pk)
    assert employee.sex == "F" and employee.birth_date == date(1990, 2, 15)  # taken from the NIP
    assert employee.position == world.pos_data and employee.unit == world.surv
    event = last_event("people.employee.create")
    assert event.object_id == str(employee.pk) and event.actor == world.u_admin_bkpsdm and event.source == "web"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Sri Rahayu" in m for m in messages)


def test_opd_admin_creates_inside_their_opd_only(world, client_for):
    client = client_for(world.u_admin_opd)
    form = client.get(url("create")).context["form"]
    offered = set(form.fields["position"].queryset)
    assert world.pos_data in offered and world.pos_staff_disdik not in offered and world.pos_staff_b not in offered
    assert form.fields["position"].required  # an OPD admin must place the employee in their OPD
    refused(client, url("create"), create_data(world, position=world.pos_staff_disdik.pk), "position")
    response = client.post(url("create"), create_data(world))
    assert response.status_code == 302 and Employee.objects.filter(nip="199002152015032001").exists()


@pytest.mark.parametrize(
    ("nip", "code"),
    [("19850230 201001 1 001", "birth_date"),  # 30 February
     ("19851312 201001 1 001", "birth_month"),
     ("19850312 201013 1 001", "tmt_month"),
     ("1985031220100110", "length"),
     ("1985031220100110011", "length"),
     ("19850312X010011001", "not_digits"),
     ("", "required")],
)
def test_create_refuses_invalid_nip(world, client_for, nip, code):
    refused(client_for(world.u_admin_bkpsdm), url("create"), create_data(world, nip=nip), "nip", code)


def test_invalid_nip_is_reported_with_other_missing_fields(world, client_for):
    client = client_for(world.u_admin_opd)
    response = client.post(url("create"), create_data(world, nip="19851312 201001 1 001", position=""))
    assert {"nip", "position"} <= set(response.context["form"].errors)


def test_create_refuses_duplicate_nip(world, client_for):
    message = refused(client_for(world.u_admin_bkpsdm), url("create"),
                      create_data(world, nip="19800101 200501 1 004"), "nip", "duplicate")
    assert "198001012005011004" in message


def test_create_refuses_unknown_position(world, client_for):
    refused(client_for(world.u_admin_bkpsdm), url("create"), create_data(world, position=999999), "position",
            "invalid_choice")


def test_create_refuses_a_second_holder_of_a_single_holder_position(world, client_for):
    refused(client_for(world.u_admin_bkpsdm), url("create"), create_data(world, position=world.pos_kasi_surv.pk),
            "position", "position_taken", "Rina Wulandari")


def test_create_refuses_data_that_contradicts_the_nip(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    refused(client, url("create"), create_data(world, birth_date="1990-02-16"), "birth_date", "nip_mismatch")
    refused(client, url("create"), create_data(world, sex="M"), "sex", "nip_mismatch")
    refused(client, url("create"), create_data(world, kind="PPPK", nip="199002152022012001", grade="III/a"),
            "grade", "grade")


# --- Edit ---------------------------------------------------------------------------------------------

def edit_data(employee, **changes):
    data = {"front_title": employee.front_title, "name": employee.name, "back_title": employee.back_title,
            "birth_date": employee.birth_date.isoformat() if employee.birth_date else "", "sex": employee.sex,
            "grade": employee.grade, "tmt_grade": employee.tmt_grade.isoformat() if employee.tmt_grade else "",
            "tmt_cpns": "", "nip_lama": "", "pns_id": "", "email": "", "phone": ""}
    return data | changes


def test_edit_personal_data(world, client_for):
    client = client_for(world.u_admin_opd)
    form = client.get(url("edit", world.staff1.pk)).context["form"]
    assert form.initial["name"] == "Andi Pratama"
    response = client.post(url("edit", world.staff1.pk), edit_data(world.staff1, phone="0812 555", back_title="S.T."))
    assert response.status_code == 302
    world.staff1.refresh_from_db()
    assert world.staff1.phone == "0812 555" and world.staff1.full_name == "Andi Pratama, S.T."
    event = last_event("people.employee.update")
    assert event.actor == world.u_admin_opd
    assert {field for field, _, _ in event.changed_fields()} == {"phone", "back_title"}


def test_edit_without_changes_writes_nothing(world, client_for):
    before = counts()
    response = client_for(world.u_admin_opd).post(url("edit", world.staff1.pk), edit_data(world.staff1))
    assert response.status_code == 302 and counts() == before


def test_edit_refuses_bad_input(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    refused(client, url("edit", world.staff1.pk), edit_data(world.staff1, birth_date="1981-01-01"), "birth_date")
    refused(client, url("edit", world.staff1.pk), edit_data(world.staff1, name=""), "name")
    refused(client, url("edit", world.staff1.pk), edit_data(world.staff1, nip_lama="12345"), "nip_lama")
    refused(client, url("edit", world.staff1.pk), edit_data(world.staff1, tmt_grade="1970-01-01"), "tmt_grade")


# --- Transfer / promote ----------------------------------------------------------------------------------

def test_transfer(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    form = client.get(url("transfer", world.staff1.pk)).context["form"]
    assert world.pos_data not in set(form.fields["position"].queryset)  # the current one is not offered
    response = client.post(url("transfer", world.staff1.pk), {"position": world.pos_staff_disdik.pk,
                                                               "start_date": "2026-01-02",
                                                               "decree_number": "800/12/BKPSDM/2026"})
    assert response.status_code == 302
    world.staff1.refresh_from_db()
    assert world.staff1.position == world.pos_staff_disdik and world.staff1.unit == world.disdik
    new = Assignment.objects.get(employee=world.staff1, end_date__isnull=True)
    assert new.decree_number == "800/12/BKPSDM/2026" and new.start_date == date(2026, 1, 2)
    event = last_event("people.employee.transfer")
    assert event.object_id == str(world.staff1.pk) and event.actor == world.u_admin_bkpsdm


def test_transfer_refuses_bad_input(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    path = url("transfer", world.staff1.pk)
    refused(client, path, {"position": world.pos_kasi_surv.pk, "start_date": "2026-01-02"}, "position",
            "position_taken", "Rina Wulandari")
    refused(client, path, {"position": world.pos_staff_disdik.pk, "start_date": "2019-01-01"}, "start_date",
            "before_current")
    refused(client, path, {"position": 999999, "start_date": "2026-01-02"}, "position")
    refused(client, path, {"position": world.pos_staff_b.pk, "start_date": "2026-01-02"}, "position")
    refused(client, path, {"position": world.pos_staff_disdik.pk, "start_date": "02/01/2026x"}, "start_date")


def test_opd_admin_transfers_within_their_opd_only(world, client_for):
    client = client_for(world.u_admin_opd)
    offered = set(client.get(url("transfer", world.staff1.pk)).context["form"].fields["position"].queryset)
    assert world.pos_perawat in offered and world.pos_staff_disdik not in offered
    refused(client, url("transfer", world.staff1.pk),
            {"position": world.pos_staff_disdik.pk, "start_date": "2026-01-02"}, "position")
    assert client.get(url("transfer", world.staff_disdik.pk)).status_code == 404


# --- Acting (Plt/Plh) ---------------------------------------------------------------------------------

def test_assign_and_end_acting(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    form = client.get(url("acting", world.staff2.pk)).context["form"]
    offered = set(form.fields["position"].queryset)
    assert world.pos_kasi_surv in offered and world.pos_data not in offered  # structural positions only
    response = client.post(url("acting", world.staff2.pk), {"kind": "plt", "position": world.pos_kasi_surv.pk,
                                                             "start_date": "2026-01-05",
                                                             "decree_number": "800/7/PLT/2026"})
    assert response.status_code == 302
    acting = Assignment.objects.get(employee=world.staff2, kind="plt")
    assert acting.position == world.pos_kasi_surv and acting.end_date is None
    assert last_event("people.assignment.acting").object_id == str(acting.pk)

    assert client.get(url("end_acting", world.staff2.pk, acting.pk)).status_code == 200
    response = client.post(url("end_acting", world.staff2.pk, acting.pk), {"end_date": "2026-02-01"})
    assert response.status_code == 302
    acting.refresh_from_db()
    assert acting.end_date == date(2026, 2, 1)
    assert last_event("people.assignment.end").object_id == str(acting.pk)


def test_acting_refuses_bad_input(world, client_for):
    client = client_for(world.u_admin_bkpsdm)
    path = url("acting", world.staff2.pk)
    refused(client, path, {"kind": "plt", "position": world.pos_data.pk, "start_date": "2026-01-05"}, "position")
    refused(client, path, {"kind": "plt", "position": world.pos_kasi_surv.pk, "start_date": "2026-01-05",
                           "end_date": "2026-01-01"}, "end_date", "date_order")
    refused(client, path, {"kind": "definitive", "position": world.pos_kasi_surv.pk, "start_date": "2026-01-05"},
            "kind")
    services.assign_acting(actor=SYSTEM, employee=world.staff1, position=world.pos_kasi_surv, kind="plh",
                           start_date=date(2026, 1, 1), end_date=date(2026, 1, 31))
    refused(client, path, {"kind": "plh", "position": world.pos_kasi_surv.pk, "start_date": "2026-01-20"},
            "start_date", "overlap", "Andi Pratama")


def test_end_acting_refuses_an_end_before_the_start(world, client_for):
    acting = services.assign_acting(actor=SYSTEM, employee=world.staff2, position=world.pos_kasi_surv, kind="plt",
                                    start_date=date(2026, 1, 5))
    refused(client_for(world.u_admin_bkpsdm), url("end_acting", world.staff2.pk, acting.pk),
            {"end_date": "2026-01-01"}, "end_date", "date_order")


def test_acting_scope(world, client_for):
    assert client_for(world.u_staff1).get(url("acting", world.staff1.pk)).status_code == 403
    assert client_for(world.u_auditor).get(url("acting", world.staff1.pk)).status_code == 403
    assert client_for(world.u_admin_opd).get(url("acting", world.staff_disdik.pk)).status_code == 404
    # an OPD admin may only pick posts in their OPD
    client = client_for(world.u_admin_opd)
    offered = set(client.get(url("acting", world.staff1.pk)).context["form"].fields["position"].queryset)
    assert world.pos_kasi_surv in offered and world.pos_kadisdik not in offered
    refused(client, url("acting", world.staff1.pk),
            {"kind": "plt", "position": world.pos_kadisdik.pk, "start_date": "2026-01-05"}, "position")


def test_end_acting_scope(world, client_for):
    acting = services.assign_acting(actor=SYSTEM, employee=world.kadinkes, position=world.pos_kadisdik, kind="plh",
                                    start_date=date(2026, 1, 5))
    path = url("end_acting", world.kadinkes.pk, acting.pk)
    assert client_for(world.u_admin_opd).get(path).status_code == 403  # sees kadinkes, not the Disdik post
    assert client_for(world.u_staff1).get(path).status_code == 404
    assert client_for(world.u_admin_b).get(path).status_code == 404
    definitive = Assignment.objects.get(employee=world.kadinkes, kind="definitive")
    assert client_for(world.u_admin_bkpsdm).get(url("end_acting", world.kadinkes.pk, definitive.pk)).status_code \
        == 404
    assert client_for(world.u_admin_bkpsdm).get(url("end_acting", world.staff1.pk, acting.pk)).status_code == 404
    acting.refresh_from_db()
    assert acting.end_date is None


# --- Deactivate / reactivate -------------------------------------------------------------------------

def test_deactivate_and_reactivate(world, client_for):
    client = client_for(world.u_admin_opd)
    assert client.get(url("deactivate", world.staff2.pk)).status_code == 200
    response = client.post(url("deactivate", world.staff2.pk), {"end_date": "2026-03-31"})
    assert response.status_code == 302
    world.staff2.refresh_from_db()
    assert not world.staff2.is_active
    assert Assignment.objects.get(employee=world.staff2).end_date == date(2026, 3, 31)
    assert last_event("people.employee.deactivate").actor == world.u_admin_opd

    assert client.post(url("reactivate", world.staff2.pk), {}).status_code == 302
    world.staff2.refresh_from_db()
    assert world.staff2.is_active and last_event("people.employee.activate").actor == world.u_admin_opd


def test_deactivate_without_a_date_ends_today(world, client_for):
    assert client_for(world.u_admin_bkpsdm).post(url("deactivate", world.staff2.pk), {}).status_code == 302
    world.staff2.refresh_from_db()
    assert not world.staff2.is_active


def test_reactivate_refuses_when_the_post_is_taken(world, client_for):
    services.set_active(actor=SYSTEM, employee=world.kasi_surv, active=False)
    services.create_employee(actor=SYSTEM, instance=world.a, nip=make_nip(seq=501), name="Kasi Baru",
                             position=world.pos_kasi_surv)
    refused(client_for(world.u_admin_bkpsdm), url("reactivate", world.kasi_surv.pk), {}, "__all__",
            "position_taken", "Kasi Baru")
    world.kasi_surv.refresh_from_db()
    assert not world.kasi_surv.is_active


def test_forms_reject_get_only_methods(world, client_for):
    assert client_for(world.u_admin_bkpsdm).put(url("edit", world.staff1.pk)).status_code == 405
