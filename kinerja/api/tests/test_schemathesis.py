"""schemathesis over the whole API, as a BKPSDM admin and as an employee (issue 7 item 22).

Every operation of the OpenAPI schema gets generated requests — valid ones (half of them aimed at
real objects of the test world: a unit, an SKP, an RHK, …) and invalid ones — sent through the
Django WSGI application. Every answer must be no 5xx and conform to the schema: its status code is
documented, its content type and headers are the documented ones and its body validates against
the response schema. ``KINERJA_SCHEMATHESIS_EXAMPLES`` raises the number of examples per operation
(default 10: about three minutes on two cores).
"""

from __future__ import annotations

import os
from datetime import date

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kinerja.api.api import api
from kinerja.skp.models import Skp

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("KINERJA_SCHEMATHESIS_EXAMPLES", 10))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


_APP: list[WSGIHandler] = []


def wsgi_app() -> WSGIHandler:
    """Django as a WSGI application, built once the test settings are in place (no HTTPS redirect)."""
    if not _APP:
        _APP.append(WSGIHandler())
    return _APP[0]


@pytest.fixture(scope="module")
def _fuzz_world(django_db_setup, django_db_blocker):
    """The test world with a plan, an SKP period, SKPs with RHK and IKI, an item, a template; tokens."""
    from kinerja.accounts import services as accounts
    from kinerja.core.testing import build_world, rolled_back
    from kinerja.planning.testing import build_plan
    from kinerja.skp import services as skp
    from kinerja.skp.models import Period, SkpTemplate
    from kinerja.socialisation import services as socialisation

    with rolled_back(django_db_blocker):
        w = build_world()
        w.plan = build_plan(w)
        w.period = Period.objects.create(instance=w.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                         end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))
        top = skp.create_skp(actor=w.u_kasi_surv, employee=w.kasi_surv, period=w.period)
        parent = skp.add_rhk(actor=w.u_kasi_surv, skp=top, lock_version=0, text="Tersedianya data surveilans")
        w.skp = skp.create_skp(actor=w.u_staff1, employee=w.staff1, period=w.period)
        w.rhk = skp.add_rhk(actor=w.u_staff1, skp=w.skp, lock_version=0, text="Laporan mingguan", parent=parent)
        w.iki = skp.add_iki(actor=w.u_staff1, rhk=w.rhk, lock_version=1, text="Jumlah laporan",
                            aspect="kuantitas", target_value="52", measure_unit="laporan")
        w.template = SkpTemplate.objects.create(instance=w.a, name="Pengelola Data", content=[])
        w.item = socialisation.create_item(actor=w.u_admin_bkpsdm, instance=w.a, title="Kebijakan SKP",
                                           body="Isi kebijakan.", whole_instance=True)
        socialisation.publish_item(actor=w.u_admin_bkpsdm, item=w.item)
        w.tokens = {
            "admin": accounts.create_token(actor=w.u_admin_bkpsdm, user=w.u_admin_bkpsdm, name="fuzz")[1],
            "employee": accounts.create_token(actor=w.u_staff1, user=w.u_staff1, name="fuzz")[1],
        }
        yield w


def known_ids(w) -> dict[str, object]:
    """Path parameters that name real objects, so valid requests reach the code behind the 404."""
    p = w.plan
    return {
        "unit_id": w.surv.pk, "position_id": w.pos_data.pk, "employee_id": w.staff1.pk, "nip": w.staff1.nip,
        "skp_id": w.skp.pk, "rhk_id": w.rhk.pk, "iki_id": w.iki.pk, "period_id": w.period.pk, "number": 1,
        "template_id": w.template.pk, "item_id": w.item.pk, "kind": "dukungan_sumber_daya",
        "rpjmd_id": p.rpjmd.pk, "mission_id": p.m1.pk, "renstra_id": p.renstra.pk, "goal_id": p.goal1.pk,
        "target_id": p.st1.pk, "iku_id": p.iku1.pk,
        "agreement_id": p.pk.pk, "indicator_id": p.ind1.pk, "plan_id": p.act1.pk, "work_plan_id": p.rkt.pk,
        "programme_id": p.prog1.pk, "activity_id": p.activity1.pk,
    }


def strategy(operation, w):
    names = {p.name for p in operation.path_parameters}
    real = {k: v for k, v in known_ids(w).items() if k in names}
    options = [operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), operation.as_strategy()]
    if real and len(real) == len(names):
        options.append(operation.as_strategy(path_parameters=real))
    return st.one_of(options)


@pytest.fixture
def _connections_kept():
    """Django's test client does this too: the request signals must not close the test's connection
    (PostgreSQL: the connection holds the test transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ["admin", "employee"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_api_conforms(_fuzz_world, db, _connections_kept, operation, role):
    headers = {"Authorization": f"Bearer {_fuzz_world.tokens[role]}"}
    app = wsgi_app()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy(operation, _fuzz_world), current_lock=st.booleans())
    def run(case, current_lock):
        if current_lock:  # past the optimistic lock to the rules behind it, as a real client sends it
            for part in (case.body, case.query):
                if isinstance(part, dict) and "lock_version" in part:
                    part["lock_version"] = Skp.objects.get(pk=_fuzz_world.skp.pk).lock_version
        with transaction.atomic():
            response = case.call(headers=headers, app=app)
            case.validate_response(response, checks=CHECKS, headers=headers)
            if os.environ.get("FUZZ_DEBUG"):
                print("STATUS", operation.label, role, response.status_code)
            transaction.set_rollback(True)

    run()
