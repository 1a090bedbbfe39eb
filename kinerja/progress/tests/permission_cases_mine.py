"""Permission cases of the employee's own progress pages (progress/views/mine.py, report.py, log.py, plans.py).

Every page is one's own: the IKI, the log entry, the evidence must belong to the user's own approved SKP,
anything else is a 404 — the evaluator (kabid_p2p) and the heads above included: they follow the report on
the team pages, they do not write it. The world's kasi_surv has an approved SKP (``skp_kasi``, ``rhk_kasi``);
the objects a case acts on (a log entry, a piece of evidence) are written through the services when its URL is
built (each case runs in its own rolled-back transaction).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from kinerja.tests.permissions.harness import case

OWN = "one's own progress: no unit scope (the data is the user's own)"


def state():
    from kinerja.audit.models import AuditEvent
    from kinerja.progress.models import ActionPlan, DailyLog, Evidence, Report

    return (list(Report.objects.order_by("pk").values_list("pk", "status", "lock_version", "notes")),
            list(Evidence.objects.order_by("pk").values_list("pk", "deleted_at")),
            list(DailyLog.objects.order_by("pk").values_list("pk", "text")), ActionPlan.objects.count(),
            AuditEvent.objects.count())


def iki(w):
    from kinerja.skp.models import Iki

    return Iki.objects.filter(rhk__skp=w.skp_kasi).order_by("pk").first()


def period_start(w) -> str:
    """The reporting period running today (the last begun one once the SKP's period is over)."""
    from kinerja.progress import periods

    skp = w.skp_kasi
    settings = periods.settings_for(skp.instance_id)
    today = timezone.localdate()
    begun = [p for p in periods.reporting_periods(skp.period.start_date, skp.period.end_date, settings.cadence)
             if p[0] <= today]
    return begun[-1][0].isoformat()


def _iki_url(name):
    return lambda w: reverse(f"progress:{name}", args=[iki(w).pk, period_start(w)])


def _entry_url(name):
    def url(w):
        from kinerja.progress.services import daily

        entry = daily.log_day(actor=w.u_kasi_surv, rhk=w.rhk_kasi, date=timezone.localdate(), text="Rekap harian")
        return reverse(f"progress:{name}", args=[entry.pk])
    return url


def _evidence_url(w):
    from kinerja.progress.services import evidence, reports

    report = reports.save_report(actor=w.u_kasi_surv, iki=iki(w), period_start=period_start(w), notes="draf")
    item = evidence.add_evidence(actor=w.u_kasi_surv, report=report, url="https://example.org/bukti")
    return reverse("progress:evidence_delete", args=[item.pk])


def rhk_text(w):
    return w.rhk_kasi.text


# the owner (kasi_surv, approved SKP); the evaluator and the heads above, a colleague, a login without an
# employee get 404; another unit's head and another instance too
REFUSED = {"no_role": (("u_kabid_p2p", 404), ("u_kadinkes", 404), ("u_staff1", 404), ("u_nobody", 404)),
           "unit": (("u_kadisdik", 404), ("u_admin_opd", 404)), "other": (("u_staff_b", 404), ("u_admin_b", 404)),
           "state": state}

CASES_MINE = [
    case("progress:mine", reverse("progress:mine"), ok=(("u_kasi_surv", 200), ("u_staff1", 200)),
         no_role=(("u_nobody", 404), ("u_admin_bkpsdm", 404)), unit=OWN, other=("u_staff_b", 200), hidden=rhk_text,
         note="staff1 (a draft SKP) and staff_b get the page that says there is no approved SKP"),
    case("progress:report", _iki_url("report"), ok=("u_kasi_surv", 200), **REFUSED),
    case("progress:report", _iki_url("report"), "post", {"value": "3", "notes": "Rekap", "action": "save"},
         ok=("u_kasi_surv", 302), **REFUSED),
    case("progress:autosave", _iki_url("autosave"), "post", {"value": "3", "notes": "Rekap"},
         ok=("u_kasi_surv", 200), **REFUSED),
    case("progress:upload", _iki_url("upload"), "post", {"url": "https://example.org/rekap", "caption": "Rekap"},
         ok=("u_kasi_surv", 201), **REFUSED),
    case("progress:draft_from_log", _iki_url("draft_from_log"), "post", ok=("u_kasi_surv", 302), **REFUSED,
         note="nothing logged: back to the log with the reason"),
    case("progress:evidence_delete", _evidence_url, "post", ok=("u_kasi_surv", 302), **REFUSED),
    case("progress:log", reverse("progress:log"), ok=(("u_kasi_surv", 200), ("u_staff1", 200)),
         no_role=("u_nobody", 404), unit=OWN, other=("u_staff_b", 200), hidden=rhk_text),
    case("progress:log", reverse("progress:log"), "post",
         lambda w: {"date": timezone.localdate().isoformat(), "rhk": w.rhk_kasi.pk, "text": "Rekap"},
         ok=("u_kasi_surv", 302), no_role=(("u_staff1", 404), ("u_nobody", 404)), unit=("u_kadisdik", 404),
         other=("u_staff_b", 404), state=state, note="an RHK of someone else's SKP is refused by the form (200)"),
    case("progress:log_edit", _entry_url("log_edit"), ok=("u_kasi_surv", 200), **REFUSED),
    case("progress:log_edit", _entry_url("log_edit"), "post",
         lambda w: {"date": timezone.localdate().isoformat(), "rhk": w.rhk_kasi.pk, "text": "Diubah"},
         ok=("u_kasi_surv", 302), **REFUSED),
    case("progress:log_delete", _entry_url("log_delete"), "post", ok=("u_kasi_surv", 302), **REFUSED),
    case("progress:plans", reverse("progress:plans"), ok=(("u_kasi_surv", 200), ("u_staff1", 200)),
         no_role=("u_nobody", 404), unit=OWN, other=("u_staff_b", 200), hidden=rhk_text),
    case("progress:plans", reverse("progress:plans"), "post",
         lambda w: {f"p{iki(w).pk}q1-text": "Rekap triwulan", f"p{iki(w).pk}q1-target": "3"},
         ok=("u_kasi_surv", 302), no_role=(("u_staff1", 404), ("u_nobody", 404)), unit=("u_kadisdik", 404),
         other=("u_staff_b", 404), state=state),
]
