"""Permission cases of the audit-log browser: auditors and BKPSDM admins of the instance, nobody else."""

from django.urls import reverse

from kinerja.tests.permissions.harness import case

INSTANCE = "instance-wide: the audit log is read by the instance's auditors and BKPSDM admins, with no unit scope"

CASES = [
    case("audit:list", reverse("audit:list"), ok=(("u_auditor", 200), ("u_admin_bkpsdm", 200)),
         no_role=(("u_staff1", 403), ("u_admin_opd", 403), ("u_kadinkes", 403), ("u_nobody", 403)),
         unit=INSTANCE, other=("u_admin_b", 200), hidden=lambda w: w.staff1.name),
    case("audit:detail", lambda w: reverse("audit:detail", args=[w.event.pk]),
         ok=(("u_auditor", 200), ("u_admin_bkpsdm", 200)),
         no_role=(("u_staff1", 403), ("u_admin_opd", 403), ("u_nobody", 403)), unit=INSTANCE,
         other=("u_admin_b", 404)),
]
