"""Permission cases of the export list and downloads, and the export API.

The job is the Dinkes OPD admin's export of Bidang P2P: the requester, the instance's BKPSDM admins and
platform operators get it; everybody else 404.
"""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

OTHERS = (("u_staff1", 404), ("u_kabid_p2p", 404), ("u_auditor", 404), ("u_pimpinan", 404), ("u_nobody", 404))


def _job(name):
    return lambda w: reverse(f"exports:{name}", args=[w.job.pk])


CASES = [
    case("exports:table", reverse("exports:table"), data={"kind": "skp_period"},
         ok=(("u_admin_opd", 200), ("u_admin_bkpsdm", 200)), no_role=("u_staff1", 200),
         unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200), hidden=lambda w: f'data-job="{w.job.pk}"',
         note="everyone's table lists their own exports (a BKPSDM admin's: the instance's)"),
    case("exports:download", _job("download"), ok=(("u_admin_opd", 200), ("u_admin_bkpsdm", 200), ("u_root", 200)),
         no_role=OTHERS, unit=("u_admin_opd_disdik", 404), other=("u_admin_b", 404)),
    case("exports:delete", _job("delete"), "post", ok=("u_admin_opd", 302), no_role=OTHERS,
         unit=("u_admin_opd_disdik", 404), other=("u_admin_b", 404)),
    case(api("post", "/skp/exports"), "/api/v1/skp/exports", "post", lambda w: {"period": w.period.pk},
         ok=("u_admin_bkpsdm", 202), no_role=(("u_staff1", 403), ("u_auditor", 403)),
         unit=("u_admin_opd_disdik", 422), other=("u_admin_b", 422),
         note="the whole instance is the BKPSDM admin's; an OPD admin must name a unit of their subtree; "
              "a period of another instance is unknown"),
    case(api("get", "/skp/exports"), "/api/v1/skp/exports", ok=(("u_admin_opd", 200), ("u_admin_bkpsdm", 200)),
         no_role=("u_staff1", 200), unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200),
         hidden=lambda w: f'"id": {w.job.pk},'),
    case(api("get", "/skp/exports/{export_id}"), lambda w: f"/api/v1/skp/exports/{w.job.pk}",
         ok=(("u_admin_opd", 200), ("u_admin_bkpsdm", 200)), no_role=OTHERS, unit=("u_admin_opd_disdik", 404),
         other=("u_admin_b", 404)),
    case(api("delete", "/skp/exports/{export_id}"), lambda w: f"/api/v1/skp/exports/{w.job.pk}", "delete",
         ok=("u_admin_opd", 204), no_role=OTHERS, unit=("u_admin_opd_disdik", 404), other=("u_admin_b", 404)),
    case(api("get", "/skp/exports/{export_id}/file"), lambda w: f"/api/v1/skp/exports/{w.job.pk}/file",
         ok=(("u_admin_opd", 200), ("u_admin_bkpsdm", 200)), no_role=OTHERS, unit=("u_admin_opd_disdik", 404),
         other=("u_admin_b", 404)),
]
