"""The HR admin stands in for a vacant evaluating official (issue 10, as issue 9's stand-in team): when nobody
exercises the superior post today (no holder, no Plt/Plh), the HR admin in scope starts, rates and finalises the
evaluation; it records the stand-in (page, PDF, API, audit); anyone else, out of scope or while the post is
filled, is refused with the reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.evaluation import services
from kinerja.evaluation.documents.evaluation_pdf import load_evaluation_document
from kinerja.evaluation.models import Evaluation
from kinerja.people import services as people
from kinerja.people.models import Employee
from kinerja.rules.skp import BERAKHLAK_CODES

pytestmark = pytest.mark.django_db
MEETS = {code: {"rating": "sesuai", "feedback": "Baik."} for code in BERAKHLAK_CODES}


def vacate(w):
    """Seksi Surveilans loses its head: staff1 and staff2's superior post is vacant (no holder, no Plt/Plh)."""
    Employee.objects.filter(pk=w.kasi_surv.pk).update(is_active=False)


def team_url(e):
    return f"{reverse('evaluation:team')}?period={e.period.pk}&window=annual:{e.period.start_date.isoformat()}"


def test_the_hr_admin_is_refused_while_the_post_is_held(world, e):
    w = world
    services.start_evaluations(actor=w.u_kasi_surv, period=e.period, evaluator=w.kasi_surv)
    ev = Evaluation.objects.get(employee=w.staff1)
    with pytest.raises(PermissionDenied, match="not vacant"):
        services.rate(actor=w.u_admin_opd, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    with pytest.raises(ValidationError) as err:
        services.start_stand_in(actor=w.u_admin_opd, period=e.period)
    assert err.value.error_dict["period"][0].code == "not_vacant"
    assert Evaluation.objects.get(pk=ev.pk).lock_version == ev.lock_version


def test_the_hr_admin_stands_in_while_the_post_is_vacant(world, e, django_assert_max_num_queries):
    w = world
    vacate(w)
    with django_assert_max_num_queries(14):  # scope, the vacancy list, SKPs, suggestions, two inserts, audit
        result = services.start_stand_in(actor=w.u_admin_opd, period=e.period)
    assert {ev.employee_id for ev in result.created} == {w.staff1.pk, w.staff2.pk}
    ev = Evaluation.objects.get(employee=w.staff1)
    assert (ev.evaluator_id, ev.evaluator_acting, ev.stand_in_id) == (None, "hr", w.u_admin_opd.pk)
    assert (ev.achievement, ev.suggested_result) == (95, "sesuai")  # the same suggestion as any opening
    created = AuditEvent.objects.get(action="evaluation.evaluation.create", object_id=str(ev.pk))
    assert created.after["stand_in"] == {"user": w.u_admin_opd.pk, "vacant_position": w.pos_kasi_surv.pk}
    ev = services.rate(actor=w.u_admin_opd, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai",
                       values=MEETS)
    ev = services.finalise(actor=w.u_admin_opd, evaluation=ev, lock_version=ev.lock_version)
    assert (ev.status, ev.predikat, ev.evaluator_acting, ev.stand_in_id) == ("final", "baik", "hr", w.u_admin_opd.pk)
    for action in ("evaluation.evaluation.rate", "evaluation.evaluation.finalise"):
        event = AuditEvent.objects.get(action=action, object_id=str(ev.pk))
        assert event.after["stand_in"]["user"] == w.u_admin_opd.pk and event.actor_id == w.u_admin_opd.pk
    doc = load_evaluation_document(ev)
    assert doc.on_behalf_of == w.pos_kasi_surv.name
    assert doc.evaluator.position == f"a.n. {w.pos_kasi_surv.name}" and doc.evaluator.present
    # the BKPSDM admin (the whole instance) may stand in too
    ev2 = Evaluation.objects.get(employee=w.staff2)
    ev2 = services.rate(actor=w.u_admin_bkpsdm, evaluation=ev2, lock_version=ev2.lock_version,
                        result_rating="di_atas")  # staff2's 120% suggests it
    assert ev2.stand_in_id == w.u_admin_bkpsdm.pk


@pytest.mark.parametrize("who", ["u_auditor", "u_pimpinan", "u_admin_b", "u_staff2", "u_nobody", "u_kabid_p2p"])
def test_nobody_else_stands_in(world, e, who):
    """Read-only roles, another instance, a colleague, a login without a role, the head above: refused."""
    w = world
    vacate(w)
    services.start_stand_in(actor=w.u_admin_opd, period=e.period)
    ev = Evaluation.objects.get(employee=w.staff1)
    with pytest.raises(PermissionDenied):
        services.rate(actor=getattr(w, who), evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    if who != "u_kabid_p2p":
        with pytest.raises((PermissionDenied, ValidationError)):
            services.start_stand_in(actor=getattr(w, who), period=e.period)
    assert Evaluation.objects.get(pk=ev.pk).lock_version == ev.lock_version


def test_an_opd_admin_of_another_opd_is_out_of_scope(world, e):
    from kinerja.accounts import services as accounts
    from kinerja.accounts.models import Role
    from kinerja.core.testing import SYSTEM

    w = world
    vacate(w)
    services.start_stand_in(actor=w.u_admin_opd, period=e.period)
    other = accounts.create_user(actor=SYSTEM, instance=w.a, username="admin_disdik", password=w.password,
                                 validate=False)
    accounts.grant_role(actor=SYSTEM, user=other, role=Role.ADMIN_OPD, unit=w.disdik)
    ev = Evaluation.objects.get(employee=w.staff1)
    with pytest.raises(PermissionDenied):
        services.rate(actor=other, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    with pytest.raises(ValidationError):  # nobody with a vacant superior post in Dinas Pendidikan
        services.start_stand_in(actor=other, period=e.period)


def test_a_plt_ends_the_stand_in_and_takes_over(world, e):
    w = world
    vacate(w)
    services.start_stand_in(actor=w.u_admin_opd, period=e.period)
    ev = Evaluation.objects.get(employee=w.staff1)
    people.assign_acting(actor=e.system, employee=w.kabid_p2p, position=w.pos_kasi_surv, kind="plt",
                         start_date=timezone.localdate())
    with pytest.raises(PermissionDenied, match="not vacant"):
        services.rate(actor=w.u_admin_opd, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    plt = type(w.u_kabid_p2p).objects.get(pk=w.u_kabid_p2p.pk)  # a fresh scope: acting from today
    ev = services.rate(actor=plt, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai")
    assert (ev.evaluator_id, ev.evaluator_acting, ev.stand_in_id) == (w.kabid_p2p.pk, "plt", None)


def test_the_team_page_lists_and_starts_the_stand_in(world, e, client, django_assert_max_num_queries):
    w = world
    client.force_login(w.u_admin_opd)
    assert client.get(team_url(e)).status_code == 403  # nothing to stand in for
    vacate(w)
    page = client.get(team_url(e))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="stand-in"' in body and w.staff1.full_name in body and w.staff2.full_name in body
    assert w.pos_kasi_surv.name in body
    answer = client.post(reverse("evaluation:start"), {"period": e.period.pk,
                                                       "window": f"annual:{e.period.start_date.isoformat()}",
                                                       "stand_in": "1"})
    assert answer.status_code == 302
    ev = Evaluation.objects.get(employee=w.staff1)
    assert ev.stand_in_id == w.u_admin_opd.pk
    with django_assert_max_num_queries(25):
        assert client.get(team_url(e)).status_code == 200
    detail = client.get(reverse("evaluation:detail", args=[ev.pk])).content.decode()
    assert 'data-testid="stand-in"' in detail and "a.n." in detail
    saved = client.post(reverse("evaluation:detail", args=[ev.pk]),
                        {"lock_version": ev.lock_version, "result_rating": "sesuai"})
    assert saved.status_code == 302
    # an evaluating official without a vacancy in scope: no stand-in list, and the POST is refused
    client.force_login(w.u_kabid_p2p)
    assert 'data-testid="stand-in"' not in client.get(team_url(e)).content.decode()
