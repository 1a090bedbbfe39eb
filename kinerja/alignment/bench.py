"""The SKP rows of ``kinerja bench``: seed with SKPs, cascade map, SKP page and PDF.

Declared in alignment/faces.py (``BENCH_STEPS``: ``kinerja bench --only skp``; alignment, because the
cascade map it measures is alignment's and alignment sits above skp). The parent (:func:`run`)
makes a fresh database per engine, seeds a synthetic government with one cascading SKP per employee
(``kinerja seed --skp``: 100,000 employees ≈ 1,000,000 IKI), then measures each step in its own child
process (kinerja.bench.child, which finds ``child_main`` through the declared step) so that its peak
memory is its own:

* ``cascade``: ``kinerja.alignment.cascade.build_cascade`` for a unit subtree of about 5,000 employees
  and for the whole instance: p50/p95 time, Python heap peak of one build (tracemalloc) and its
  query count (which must not grow with the rows shown);
* ``skp-page``: the SKP web page (``skp:detail``) through the test client, p50/p95 and queries;
* ``skp-pdf``: ``kinerja.skp.documents.pdf.render_skp_pdf``, p50/p95.

A step that fails (a missing module or URL included) reports its error in the note: the bench never
stops halfway.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable

PG_NAME = "kinerja_bench_skp"


# --- in the child process ----------------------------------------------------------------------

def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered) * 1000, "p95": p95 * 1000, "n": len(ordered)}




def _instance_and_period(slug: str):
    from kinerja.organization.models import Instance
    from kinerja.skp.models import Period

    instance = Instance.objects.get(slug=slug)
    return instance, Period.objects.filter(instance=instance).order_by("-start_date").first()


def subtree_near(instance_id: int, target: int):
    """The unit with the smallest subtree holding at least ``target`` employees (else the biggest one
    below it), and that number: a synthetic government's OPD sizes jump (kecamatan ~300, Dinas
    Kesehatan ~16 % of everyone), so the measured subtree is at least as big as asked."""
    from django.db.models import Count

    from kinerja.organization.models import Unit
    from kinerja.people.models import Employee

    step = Unit.steplen
    below: dict[str, int] = {}
    for path, count in (Employee.objects.filter(instance_id=instance_id).values_list("unit__path")
                        .annotate(n=Count("id")).order_by()):
        for end in range(step, len(path or "") + 1, step):
            below[path[:end]] = below.get(path[:end], 0) + count
    big_enough = [p for p in below if below[p] >= target]
    path = min(big_enough, key=lambda p: (below[p], p)) if big_enough else max(below, key=lambda p: (below[p], p))
    return Unit.objects.get(instance_id=instance_id, path=path), below[path]


def _measure(call: Callable[[], object], rounds: int) -> tuple[dict, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = call()  # warm-up, counting its queries
    count = len(queries)  # now: the list reads the connection's log, which a request would clear
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    tracemalloc.start()
    call()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {**_percentiles(samples), "queries": count, "heap_peak_mb": peak / 2**20}, result


def cascade_step(slug: str, rounds: int, subtree: int) -> dict:
    from kinerja.alignment.cascade import build_cascade
    from kinerja.people.models import Employee
    from kinerja.skp.models import Iki

    instance, period = _instance_and_period(slug)
    unit, employees = subtree_near(instance.pk, subtree)
    out = {"available": True, "employees": Employee.objects.filter(instance=instance).count(),
           "ikis": Iki.objects.filter(instance=instance).count()}
    sub, cascade = _measure(lambda: build_cascade(instance.pk, period.pk, unit), rounds)
    out["subtree"] = {**sub, "unit": unit.name, "employees": employees, "totals": _totals(cascade)}
    whole, cascade = _measure(lambda: build_cascade(instance.pk, period.pk), max(3, rounds // 4))
    out["whole"] = {**whole, "totals": _totals(cascade)}
    counts, _ = _measure(lambda: build_cascade(instance.pk, period.pk, detail=False), max(3, rounds // 4))
    out["whole_counts"] = counts
    return out


def _totals(cascade) -> dict:
    try:
        totals = cascade.totals()
        return {k: v for k, v in totals.items() if isinstance(v, int | float)} if isinstance(totals, dict) else {}
    except Exception:  # noqa: BLE001 - a summary only
        return {}


def _sample_skps(instance, period, rounds: int) -> list[int]:
    """``rounds`` SKPs spread over the instance, the first one the SKP with the most RHK."""
    from django.db.models import Count

    from kinerja.skp.models import Skp

    skps = Skp.objects.filter(instance=instance, period=period)
    biggest = skps.annotate(n=Count("rhks")).order_by("-n", "pk").values_list("pk", flat=True).first()
    total = skps.count()
    stride = max(1, total // max(1, rounds))
    sample = list(skps.order_by("pk").values_list("pk", flat=True)[::stride][:max(0, rounds - 1)])
    return [biggest, *[pk for pk in sample if pk != biggest]][:rounds]


def _client(instance):
    from django.test import Client

    from kinerja.accounts.models import Role, RoleGrant, User

    user, created = User.objects.get_or_create(username=f"bench-admin-{instance.slug}",
                                               defaults={"instance": instance})
    if created:
        RoleGrant.objects.create(instance=instance, user=user, role=Role.ADMIN_BKPSDM)
    client = Client()
    client.force_login(user)
    return client


def page_step(slug: str, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    instance, period = _instance_and_period(slug)
    pks = _sample_skps(instance, period, rounds)
    urls = [reverse("skp:detail", args=[pk]) for pk in pks]
    client = _client(instance)
    client.get(urls[0])  # warm-up (templates, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(urls[0])
    count = len(queries)  # now: the next request clears the connection's query log
    if response.status_code != 200:
        raise SystemExit(f"SKP page: HTTP {response.status_code} for {urls[0]}")
    samples = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"SKP page: HTTP {response.status_code} for {url}")
    return {"available": True, **_percentiles(samples), "queries": count}


def pdf_step(slug: str, rounds: int) -> dict:
    from kinerja.skp.documents.pdf import render_skp_pdf

    instance, period = _instance_and_period(slug)
    pks = _sample_skps(instance, period, rounds)
    size = len(render_skp_pdf(pks[0]))  # warm-up (fonts, styles)
    samples = []
    for pk in pks:
        started = time.perf_counter()
        render_skp_pdf(pk)
        samples.append(time.perf_counter() - started)
    return {"available": True, **_percentiles(samples), "bytes_biggest": size}


def child_main(kind: str, args: list[str]) -> dict:
    if kind == "cascade":
        return cascade_step(args[0], int(args[1]), int(args[2]))
    if kind == "skp-page":
        return page_step(args[0], int(args[1]))
    if kind == "skp-pdf":
        return pdf_step(args[0], int(args[1]))
    raise SystemExit(f"unknown step {kind}")


# --- in the parent ------------------------------------------------------------------------------

def run(ctx) -> list[dict]:
    """``kinerja bench --only skp``: ``ctx`` is a kinerja.bench.runner.BenchContext."""
    options = ctx.options
    return run_skp(ctx, options["skp_employees"], options["skp_rounds"], options["skp_subtree"])


def run_skp(ctx, employees: int, rounds: int, subtree: int) -> list[dict]:
    """Seed ``employees`` with SKPs on each database and measure the cascade, SKP page and PDF."""
    import tempfile
    from pathlib import Path

    slug = "bench-skp"
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-skp-") as tmp:
        for db in ctx.databases:
            env = ctx.fresh_database(db, PG_NAME, Path(tmp))
            try:
                ctx.report(f"{db}: migrate, then seed {employees:,} employees with SKPs")
                ctx.migrate(env)
                seeded = ctx.run_child(["seed", str(employees), slug, "skp"], env)  # kinerja seed --skp
                d = seeded.data
                results.append({"db": db, "step": f"seed {employees:,} employees + SKPs",
                                "seconds": d["seconds"], "rows_per_s": d["ikis"] / d["seconds"],
                                "peak_mb": seeded.peak_rss_mb,
                                "note": f"{d['skps']:,} SKP, {d['rhks']:,} RHK, {d['ikis']:,} IKI (rows/s: IKI)"})
                for step, args in (("cascade", [slug, str(rounds), str(subtree)]),
                                   ("skp-page", [slug, str(rounds)]), ("skp-pdf", [slug, str(rounds)])):
                    ctx.report(f"{db}: {step} ({rounds} rounds)")
                    results += _rows(db, step, args, env, ctx.run_child)
            except Exception as exc:  # noqa: BLE001 - report and go on with the next database
                results.append({"db": db, "step": "SKP bench", "note": f"failed: {str(exc)[-300:]}"})
            finally:
                ctx.drop(db, PG_NAME)  # leave no big database behind
    return results


def _rows(db: str, step: str, args: list[str], env: dict, run_child) -> list[dict]:
    labels = {"cascade": "cascade map", "skp-page": "SKP page", "skp-pdf": "SKP PDF"}
    try:
        measured = run_child([step, *args], env)
    except RuntimeError as exc:
        return [{"db": db, "step": labels[step], "note": f"failed: {str(exc)[-300:]}"}]
    d = measured.data
    if step == "cascade":
        sub, whole, counts = d["subtree"], d["whole"], d["whole_counts"]
        return [
            {"db": db, "step": f"cascade map, unit subtree ({sub['employees']:,} employees)", "p50_ms": sub["p50"],
             "p95_ms": sub["p95"], "peak_mb": sub["heap_peak_mb"],
             "note": f"{sub['unit']}; {sub['queries']} queries; heap peak MB"},
            {"db": db, "step": f"cascade map, whole instance ({d['employees']:,} employees, {d['ikis']:,} IKI)",
             "p50_ms": whole["p50"], "p95_ms": whole["p95"], "peak_mb": whole["heap_peak_mb"],
             "note": f"{whole['queries']} queries; heap peak MB; process peak RSS {measured.peak_rss_mb:.0f} MB"},
            {"db": db, "step": "cascade map, whole instance, counts only", "p50_ms": counts["p50"],
             "p95_ms": counts["p95"], "peak_mb": counts["heap_peak_mb"],
             "note": f"{counts['queries']} queries (detail=False); heap peak MB"},
        ]
    note = f"{d['n']} SKPs"
    if "queries" in d:
        note += f"; {d['queries']} queries"
    if "bytes_biggest" in d:
        note += f"; biggest {d['bytes_biggest'] / 1024:.0f} KB"
    return [{"db": db, "step": labels[step], "p50_ms": d["p50"], "p95_ms": d["p95"], "peak_mb": measured.peak_rss_mb,
             "note": note}]
