"""Permission cases of the cascade map, the chains and the alignment report, and their API."""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

MAP = "instance-wide: the cascade map is open to every employee and role holder of the instance"
REPORT_NO_ROLE = (("u_staff1", 403), ("u_nobody", 403))

CASES = [
    case("alignment:map", reverse("alignment:map"), ok=(("u_staff1", 200), ("u_monev", 200)),
         no_role=("u_nobody", 403), unit=MAP, other=("u_admin_b", 200), hidden=lambda w: w.p.m1.text),
    case("alignment:map_node", lambda w: reverse("alignment:map_node", args=[f"m{w.p.m1.pk}"]),
         ok=(("u_staff1", 200), ("u_monev", 200)), no_role=("u_nobody", 403), unit=MAP, other=("u_admin_b", 404)),
    case("alignment:search", reverse("alignment:search"), data={"q": "andi"}, ok=("u_staff1", 200),
         no_role=("u_nobody", 403), unit=MAP, other=("u_admin_b", 200), hidden=lambda w: w.staff1.name),
    case("alignment:me", reverse("alignment:me"), ok=("u_staff1", 302),
         no_role=(("u_nobody", 403), ("u_admin_bkpsdm", 403)), unit="one's own chain (a redirect to it)",
         other=("u_staff_b", 302)),
    case("alignment:employee", lambda w: reverse("alignment:employee", args=[w.staff1.pk]),
         ok=(("u_staff1", 200), ("u_admin_bkpsdm", 200)), no_role=("u_nobody", 403), unit=("u_staff_disdik", 200),
         other=(("u_admin_b", 404), ("u_staff_b", 404)),
         note="an employee's chain is open to the instance (the map's transparency), not to another instance"),
    case("alignment:report", reverse("alignment:report"), ok=(("u_admin_bkpsdm", 200), ("u_kadinkes", 200)),
         no_role=REPORT_NO_ROLE, unit=("u_kadisdik", 200), other=("u_admin_b", 200),
         hidden=lambda w: "Seksi Surveilans"),
    case("alignment:report_xlsx", reverse("alignment:report_xlsx"), ok=(("u_admin_bkpsdm", 200), ("u_kadinkes", 200)),
         no_role=REPORT_NO_ROLE, unit=("u_kadisdik", 200), other=("u_admin_b", 200)),
    case(api("get", "/alignment/cascade"), "/api/v1/alignment/cascade", ok=("u_staff1", 200),
         no_role=("u_nobody", 403), unit=MAP, other=("u_admin_b", 200), hidden=lambda w: w.p.m1.text),
    case(api("get", "/alignment/units/{unit_id}/cascade"), lambda w: f"/api/v1/alignment/units/{w.dinkes.pk}/cascade",
         ok=("u_staff1", 200), no_role=("u_nobody", 403), unit=MAP, other=("u_admin_b", 404)),
    case(api("get", "/alignment/skps/{skp_id}/chain"), lambda w: f"/api/v1/alignment/skps/{w.skp1.pk}/chain",
         ok=(("u_staff1", 200), ("u_kasi_surv", 200)), no_role=("u_staff2", 404), unit=("u_kadisdik", 404),
         other=("u_admin_b", 404), note="an SKP not yet approved: its chain only to those who may see the SKP"),
    case(api("get", "/alignment/report"), "/api/v1/alignment/report", ok=(("u_admin_bkpsdm", 200), ("u_monev", 200)),
         no_role=(*REPORT_NO_ROLE, ("u_kadinkes", 403), ("u_admin_opd", 403)),
         unit="instance-wide: the whole instance's report (BKPSDM admins, monitoring); a unit's report is the next "
              "operation", other=("u_admin_b", 200),
         hidden=lambda w: "Seksi Surveilans"),
    case(api("get", "/alignment/units/{unit_id}/report"), lambda w: f"/api/v1/alignment/units/{w.surv.pk}/report",
         ok=(("u_admin_bkpsdm", 200), ("u_kadinkes", 200)), no_role=REPORT_NO_ROLE, unit=("u_kadisdik", 404),
         other=("u_admin_b", 404)),
]
