"""The month-end rush, measured: ``kinerja bench --only rush`` (issue 9).

Declared in progress/faces.py (``BENCH_STEPS``); it lives in the bench package because it writes its own
throw-away database and drives the server from outside. The parent (:func:`run`):

1. makes a fresh PostgreSQL database ``kinerja_bench_rush`` on ``--pg-url`` and migrates it;
2. seeds (child ``rush-seed``) a synthetic government of N employees (``kinerja seed --skp``), approves
   every SKP of the current period, gives every employee a login and an API token (in bulk) and writes
   the plan for the load: each employee's token and numeric IKI, the current month;
3. starts the server as in production (``kinerja serve``: gunicorn, several workers, PostgreSQL, evidence
   on disk in a scratch directory) on a free loopback port;
4. runs the load from a separate process (:mod:`kinerja.progress.rush_load`): C concurrent simulated
   employees each POSTing ``/api/v1/progress/reports/submit`` with a ~200 KB JPEG, ~2 % deliberately
   bad (a renamed executable, a stale ``lock_version``) — twice: flat out (each employee's next submission at
   once: the most the server takes, with a latency that is the queue's: C in flight at N/s wait about C/N
   seconds, Little's law), then at a rate (``--rush-rate``, 200/s: submissions due at that pace, at most C in
   flight, a late start counted in the latency: the latency employees see at that load);
5. stops the server and runs the **loss check** (child ``rush-check``, :func:`loss_check`): the rows
   (Report, Evidence) and the files in storage are exactly those the accepted (201) answers name, with
   the sent sha256; every refused request left no row and no file.

:func:`kill_run` is the same rush with the server (master and workers) SIGKILLed in the middle and started
again: every acknowledged report and its file must exist; a worker killed between storing a file and
committing its row leaves an orphan file, which the recovery sweep (``kinerja progress evidence sweep``)
removes; then nothing half-written may remain (kinerja/progress/tests/test_rush_kill.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_NAME = "kinerja_bench_rush"
SLUG = "bench-rush"

BAD_SHARE = 0.02  # deliberately bad submissions (refused, leaving nothing), on top of the rate to accept
FULL = {"employees": 2000, "submissions": 6000, "concurrency": 200, "rate": 200.0, "rate_seconds": 20}
QUICK = {"employees": 500, "submissions": 1500, "concurrency": 100, "rate": 200.0, "rate_seconds": 10}


# --- the loss check (pure: fed by the child below and by the tests) -----------------------------------

@dataclass
class LossCheck:
    accepted: int = 0
    rejected: int = 0
    unanswered: int = 0
    reports: int = 0
    evidence: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        verdict = "no loss" if self.ok else f"{len(self.problems)} PROBLEMS: " + "; ".join(self.problems[:5])
        return (f"{self.accepted:,} accepted → {self.reports:,} report rows, {self.evidence:,} evidence rows, "
                f"{self.files:,} files; {self.rejected:,} refused left nothing" + ("" if self.ok else " (?)")
                + (f"; {self.unanswered:,} unanswered" if self.unanswered else "") + f": {verdict}")


def loss_check(results: list[dict], reports: dict[int, dict], evidence: dict[int, dict],
               files: dict[str, str]) -> LossCheck:
    """Compare the answers the load got with what the database and the storage hold.

    ``results``: the load's records (kinerja/progress/rush_load.py); ``reports``: id → {"iki_id",
    "lock_version"} of the rows in the run's instance; ``evidence``: id → {"report_id", "sha256",
    "size", "name"} (live rows); ``files``: storage name → sha256 of its content.

    * every 201 names a report row, and each evidence it names is a row with the sent sha256 whose file
      holds that content;
    * no report row or evidence row that no 201 names, except for a request that got no answer (the client
      gave up, or a killed server cut it off): it may have committed, but then whole — its report with the
      evidence holding the bytes it sent, and the file;
    * every evidence row has its file with its sha256; every file has its row (no orphan);
    * a refused request (4xx/5xx) left no evidence with its content and no file with it; a refused first
      save left no report for its IKI; a refused stale save did not move the report's lock_version.
    """
    check = LossCheck()
    problems = check.problems
    by_sha = {row["sha256"]: pk for pk, row in evidence.items()}
    file_shas = Counter(files.values())
    acknowledged_reports: set[int] = set()
    acknowledged_evidence: set[int] = set()
    latest_lock: dict[int, int] = {}
    refused_first: set[int] = set()
    unanswered_ikis: set[int] = set()
    unanswered_shas: set[str] = set()
    for r in results:
        status = r.get("status", 0)
        if status == 201:
            check.accepted += 1
            report_id = r.get("report_id")
            acknowledged_reports.add(report_id)
            if report_id not in reports:
                problems.append(f"request {r['job']}: answered 201 with report {report_id}, "
                                "which is not in the database")
            else:
                latest_lock[report_id] = max(latest_lock.get(report_id, -1), int(r.get("lock_version") or 0))
            sent = r.get("evidence") or []
            if not sent:
                problems.append(f"request {r['job']}: answered 201 without its evidence")
            for e in sent:
                acknowledged_evidence.add(e["id"])
                row = evidence.get(e["id"])
                if row is None:
                    problems.append(f"request {r['job']}: evidence {e['id']} acknowledged but not in the database")
                elif row["sha256"] != r["sha256"] or e.get("sha256") != r["sha256"]:
                    problems.append(f"request {r['job']}: evidence {e['id']} does not hold the bytes sent")
        elif status == 0:
            check.unanswered += 1
            unanswered_ikis.add(r["iki_id"])
            unanswered_shas.add(r["sha256"])
        else:
            check.rejected += 1
            if r["sha256"] in by_sha:
                problems.append(f"refused request {r['job']} ({status}) left evidence {by_sha[r['sha256']]}")
            if file_shas.get(r["sha256"]):
                problems.append(f"refused request {r['job']} ({status}) left a file")
            if r.get("kind") == "exe":
                refused_first.add(r["iki_id"])
    check.reports, check.evidence, check.files = len(reports), len(evidence), len(files)
    for pk, row in reports.items():
        if pk not in acknowledged_reports:
            if row["iki_id"] not in unanswered_ikis:
                problems.append(f"report {pk} (IKI {row['iki_id']}) exists but no request was acknowledged for it")
            elif not any(e["report_id"] == pk for e in evidence.values()):
                problems.append(f"report {pk} (IKI {row['iki_id']}) is half-written: a row without its evidence")
        if row["iki_id"] in refused_first:
            problems.append(f"report {pk}: the refused first save of IKI {row['iki_id']} left a report")
        if pk in latest_lock and row["lock_version"] != latest_lock[pk]:
            problems.append(f"report {pk}: lock_version {row['lock_version']}, the last accepted save answered "
                            f"{latest_lock[pk]} (a refused stale save changed it?)")
    names = set(files)
    for pk, row in evidence.items():
        if pk not in acknowledged_evidence and row["sha256"] not in unanswered_shas:
            problems.append(f"evidence {pk} exists but no request was acknowledged for it")
        if row["name"] not in names:
            problems.append(f"evidence {pk}: its file {row['name']} is missing")
        elif files[row["name"]] != row["sha256"]:
            problems.append(f"evidence {pk}: its file {row['name']} does not hold its sha256")
    named = {row["name"] for row in evidence.values()}
    for name in sorted(names - named):
        problems.append(f"orphan file {name}: no evidence row")
    return check


def read_results(path: Path) -> list[dict]:
    """The load's records; a last line cut off by a kill is ignored."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            rows.append(json.loads(line))
    return rows


def storage_files(root: Path) -> dict[str, str]:
    """Every file under the evidence storage root (storage name → sha256)."""
    out = {}
    if root.is_dir():
        for path in root.rglob("*"):
            if path.is_file():
                out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- in the child processes (Django) ------------------------------------------------------------------

def seed_rush(slug: str, plan_path: str) -> dict:
    """After ``kinerja seed --skp`` (the bench's ``seed`` child): approve every SKP of the current period, give
    every employee a login and an API token (in bulk); the plan for the load (tokens, numeric IKI, the
    current month) written to ``plan_path``."""
    from datetime import date

    from django.db import transaction
    from django.utils import timezone

    from kinerja.accounts.models import ApiToken, User, hash_token
    from kinerja.core import bulk
    from kinerja.organization.models import Instance
    from kinerja.skp.models import Iki, Period, Skp

    started = time.perf_counter()
    today = timezone.localdate()
    instance_id = Instance.objects.get(slug=slug).pk
    now = timezone.now()
    with transaction.atomic():
        period = Period.objects.get(instance_id=instance_id, year=today.year)
        skps = Skp.objects.filter(instance_id=instance_id, period=period)
        skps.exclude(status="approved").update(status="approved", version=1, approved_at=now, submitted_at=now)
        employee_ids = list(skps.values_list("employee_id", flat=True))
        users = [User(username=f"rush{pk}", instance_id=instance_id, employee_id=pk, password="!bench")
                 for pk in employee_ids]
        bulk.create_objects(User, users, now)
        raw = {user.employee_id: ApiToken.generate() for user in users}
        tokens = [ApiToken(instance_id=instance_id, user_id=user.pk, name="rush",
                           prefix=raw[user.employee_id][:12], digest=hash_token(raw[user.employee_id]))
                  for user in users]
        bulk.create_objects(ApiToken, tokens, now)
    ikis: dict[int, list[int]] = {}
    for iki_id, employee_id in (Iki.objects.filter(rhk__skp__period=period, rhk__skp__instance_id=instance_id,
                                                   target_kind="number")
                                .order_by("id").values_list("id", "rhk__skp__employee_id")):
        ikis.setdefault(employee_id, []).append(iki_id)
    plan = {"period_start": date(today.year, today.month, 1).isoformat(),
            "employees": [{"employee": pk, "token": raw[pk], "ikis": ikis[pk]} for pk in employee_ids if pk in ikis]}
    Path(plan_path).write_text(json.dumps(plan), encoding="utf-8")
    return {"seconds": time.perf_counter() - started, "employees": len(plan["employees"]),
            "ikis": sum(len(e["ikis"]) for e in plan["employees"]), "instance_id": instance_id}


def check_rush(slug: str, results_path: str, evidence_root: str) -> dict:
    """The loss check against this database and the evidence directory."""
    from kinerja.organization.models import Instance
    from kinerja.progress.models import Evidence, Report

    instance = Instance.objects.get(slug=slug)
    reports = {pk: {"iki_id": iki, "lock_version": lock} for pk, iki, lock in
               Report.objects.filter(instance=instance).values_list("id", "iki_id", "lock_version")}
    evidence = {pk: {"report_id": report, "sha256": sha, "size": size, "name": name} for pk, report, sha, size, name in
                Evidence.objects.filter(instance=instance, kind="file")
                .values_list("id", "report_id", "sha256", "size", "file")}
    check = loss_check(read_results(Path(results_path)), reports, evidence, storage_files(Path(evidence_root)))
    return {"ok": check.ok, "summary": check.summary(), "problems": check.problems[:50], "accepted": check.accepted,
            "rejected": check.rejected, "unanswered": check.unanswered, "reports": check.reports,
            "evidence": check.evidence, "files": check.files}


def child_main(kind: str, args: list[str]) -> dict:
    if kind == "rush-seed":
        return seed_rush(args[0], args[1])
    if kind == "rush-check":
        return check_rush(args[0], args[1], args[2])
    raise SystemExit(f"unknown step {kind}")


# --- the server ---------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(db_env: dict, workdir: Path) -> dict:
    """The server's environment: the bench database, evidence and static files in the scratch directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "KINERJA_"))}
    env.update(db_env)
    env.update(KINERJA_DATA_DIR=str(workdir / "data"), KINERJA_EVIDENCE_ROOT=str(workdir / "evidence"),
               KINERJA_STATIC_ROOT=str(workdir / "static"), KINERJA_MANIFEST_STATIC="0",
               KINERJA_DEMO="1", KINERJA_INSECURE_HTTP="1", DJANGO_SETTINGS_MODULE="kinerja.settings",
               PYTHONUNBUFFERED="1")
    return env


class Server:
    """``kinerja serve`` in its own process group (so master and workers can be killed together)."""

    def __init__(self, env: dict, workdir: Path, workers: int, threads: int, port: int | None = None,
                 collectstatic: bool = True):
        self.env, self.workdir, self.workers, self.threads = env, workdir, workers, threads
        self.port = port or free_port()
        self.collectstatic = collectstatic
        self.proc: subprocess.Popen | None = None
        self.log = workdir / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 300) -> None:
        cmd = [sys.executable, "-m", "kinerja.cli", "serve", "--bind", f"127.0.0.1:{self.port}",
               "--workers", str(self.workers), "--threads", str(self.threads), "--no-access-log", "--timeout", "60"]
        if not self.collectstatic:
            cmd.append("--no-collectstatic")
        with open(self.log, "a", encoding="utf-8") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/progress/reports/submit", timeout=5):
                    break
            except urllib.error.HTTPError:
                break  # any HTTP answer (401/405): the workers are up
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start:\n{self.log.read_text()[-3000:]}") from None
                time.sleep(0.3)
        self.settle(deadline)

    def settle(self, deadline: float) -> None:
        """Wait until every worker has booted (each imports the application and warms it up before it takes a
        request, kinerja/wsgi.py): until the server's CPU time stands still for a moment. The first answer only
        says one worker is up; the others' boot must not run (and be counted) inside the measurement."""
        before = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - before < 0.05:
                return
            before = now

    def pids(self) -> list[int]:
        """The master and its workers (the process group)."""
        out = subprocess.run(["ps", "-o", "pid=", "-g", str(self.proc.pid)], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    def cpu_seconds(self) -> float:
        """CPU seconds the server used so far: the master, its live workers and the workers it reaped."""
        master = self.proc.pid
        return _proc_cpu(master, children=True) + sum(_proc_cpu(pid) for pid in self.pids() if pid != master)

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: no graceful shutdown, no cleanup code runs."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill()


def start_load(plan: Path, results: Path, url: str, concurrency: int, submissions: int,
               bad_share: float = BAD_SHARE, rate: float = 0.0, from_end: bool = False) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kinerja.progress.rush_load", str(plan), str(results), "--url", url,
                             "--concurrency", str(concurrency), "--submissions", str(submissions),
                             "--bad-share", str(bad_share), "--rate", str(rate)] + (["--from-end"] if from_end else []),
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _children_cpu() -> float:
    """CPU seconds of this process's reaped children."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _proc_cpu(pid: int, children: bool = False) -> float:
    """CPU seconds (user + system) of a process from /proc (with its reaped children's, if asked)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def database_cpu(dbname: str) -> float:
    """CPU seconds of the PostgreSQL backends serving ``dbname`` now (same machine; 0 if not visible)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if cmdline.startswith("postgres: ") and f" {dbname} " in cmdline:
                total += _proc_cpu(int(entry.name))
    return total


def load_average() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "?"


def summarise(results: list[dict], seconds: float) -> dict:
    """Throughput, latency percentiles and the answers by kind and status."""
    good = [r for r in results if r["kind"] == "good"]
    accepted = [r for r in good if r.get("status") == 201]
    latencies = [r["seconds"] for r in results if r.get("status")]
    statuses = Counter(f"{r['kind']}:{r.get('status', 0)}" for r in results)
    errors = Counter()  # an answer the request should not have got
    for r in results:
        status = r.get("status", 0)
        if (r["kind"] == "good" and status != 201) or (r["kind"] != "good" and not 400 <= status < 500):
            errors[f"{r['kind']} {status or 'no answer'}"] += 1
    examples = {}
    for r in results:
        key = f"{r['kind']} {r.get('status', 0) or 'no answer'}"
        if key in errors and key not in examples:
            examples[key] = json.dumps(r.get("answer"))[:200]
    return {"submissions": len(results), "accepted": len(accepted), "seconds": seconds,
            "accepted_per_s": len(accepted) / seconds if seconds else 0.0,
            "p50": percentile(latencies, 0.50) * 1000, "p95": percentile(latencies, 0.95) * 1000,
            "p99": percentile(latencies, 0.99) * 1000, "statuses": dict(statuses), "errors": dict(errors),
            "examples": examples}


# --- in the parent ------------------------------------------------------------------------------------

def run(ctx) -> list[dict]:
    """``kinerja bench --only rush``: ``ctx`` is a kinerja.bench.runner.BenchContext."""
    options = dict(QUICK if ctx.options.get("quick") else FULL)
    for key in ("employees", "submissions", "concurrency", "rate"):
        if ctx.options.get(f"rush_{key}") is not None:
            options[key] = ctx.options[f"rush_{key}"]
    workers = ctx.options.get("rush_workers") or _default_workers()
    threads = ctx.options.get("rush_threads") or DEFAULT_THREADS
    try:
        return run_rush(ctx, options["employees"], options["submissions"], options["concurrency"], workers,
                        threads, rate=options["rate"],
                        rate_submissions=round(offered(options["rate"]) * options["rate_seconds"]))
    except Exception as exc:  # noqa: BLE001 - the bench never stops halfway
        return [{"db": "postgresql", "step": "rush", "note": f"failed: {str(exc)[-400:]}"}]


def offered(rate: float) -> float:
    """Submissions due a second for ``rate`` of them to be accepted: the deliberately bad ones come on top."""
    return rate / (1 - BAD_SHARE)


def _default_workers() -> int:
    """One worker process per core (with DEFAULT_THREADS threads each): the best of the configurations measured
    (2 cores: 2 × 8 beat 5 × 4 and 3 sync workers; a request spends much of its time waiting for
    PostgreSQL, and more processes only add memory and context switches)."""
    return os.cpu_count() or 1


DEFAULT_THREADS = 8


def prepare(ctx, workdir: Path, employees: int, db: str = "postgresql", name: str = PG_NAME) -> tuple[dict, Path, dict]:
    """A fresh database (PostgreSQL for the bench), migrated and seeded; (its environment, the plan, the
    seed's figures)."""
    db_env = ctx.fresh_database(db, name, workdir)
    env = server_env(db_env, workdir)
    ctx.report(f"rush: migrate, then seed {employees:,} employees with approved SKPs and API tokens")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    plan = workdir / "plan.json"
    seeded = ctx.run_child(["seed", str(employees), SLUG, "skp"], env)  # kinerja seed --skp
    ready = ctx.run_child(["rush-seed", SLUG, str(plan)], env)
    return env, plan, {**ready.data, "seconds": seeded.data["seconds"] + ready.data["seconds"]}


def run_rush(ctx, employees: int, submissions: int, concurrency: int, workers: int, threads: int,
             rate: float = 0.0, rate_submissions: int = 0) -> list[dict]:
    """Two runs on one server: ``submissions`` from ``concurrency`` employees each sending their next at once
    (closed loop: the most the server takes, latency growing with the queue), then, if ``rate``, an open loop of
    ``rate_submissions`` due at a pace that would have ``rate`` a second accepted (:func:`offered`: the bad share on
    top; at most ``concurrency`` in flight; a late start counts in the latency): the latency at that rate. The loss
    check covers both."""
    results_rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-rush-") as tmp:
        workdir = Path(tmp)
        try:
            env, plan, seeded = prepare(ctx, workdir, employees)
            results_rows.append({"db": "postgresql", "step": f"rush: seed {employees:,} employees",
                                 "seconds": seeded["seconds"],
                                 "note": f"{seeded['ikis']:,} numeric IKI, {seeded['employees']:,} API tokens"})
            server = Server(env, workdir, workers, threads)
            ctx.report(f"rush: kinerja serve --workers {workers} --threads {threads} on {server.url}")
            server.start()
            phases = [(submissions, 0.0)] + ([(rate_submissions, offered(rate))] if rate else [])
            files, measured = [], []
            try:
                for count, per_second in phases:
                    results_path = workdir / f"results-{'rate' if per_second else 'flat'}.jsonl"
                    files.append(results_path)
                    ctx.report(f"rush: {count:,} submissions, {concurrency} concurrent employees"
                               + (f", due {per_second:.1f}/s" if per_second else ", each next at once"))
                    load_before = load_average()
                    cpu_before = (server.cpu_seconds(), database_cpu(PG_NAME))
                    children_before = _children_cpu()
                    load = start_load(plan, results_path, server.url, concurrency, count, BAD_SHARE, rate=per_second,
                                      from_end=bool(per_second))
                    out, err = load.communicate()
                    if load.returncode != 0:
                        raise RuntimeError(f"the load failed:\n{err[-2000:]}")
                    seconds = json.loads(out.strip().splitlines()[-1])["seconds"]
                    cpu = (server.cpu_seconds() - cpu_before[0], database_cpu(PG_NAME) - cpu_before[1],
                           _children_cpu() - children_before)  # the load generator: the only child reaped meanwhile
                    measured.append((per_second, summarise(read_results(results_path), seconds), load_before,
                                     load_average(), cpu))
            finally:
                server.stop()
            merged = workdir / "results.jsonl"
            merged.write_text("".join(f.read_text(encoding="utf-8") for f in files), encoding="utf-8")
            ctx.report("rush: loss check")
            checked = ctx.run_child(["rush-check", SLUG, str(merged), str(workdir / "evidence")], env).data
            for per_second, s, before, after, cpu in measured:
                results_rows += rows_for(s, concurrency, workers, threads, before, after, cpu, rate=per_second)
            results_rows.append({"db": "postgresql", "step": "rush: loss check (both runs)",
                                 "note": checked["summary"]})
            errors_log = server.log.read_text(encoding="utf-8", errors="replace")
            if "Traceback" in errors_log:
                ctx.report("rush: the server logged errors:\n" + errors_log[-2000:])
        finally:
            ctx.drop("postgresql", PG_NAME)
    return results_rows


def rows_for(s: dict, concurrency: int, workers: int, threads: int, load_before: str, load_after: str,
             cpu: tuple[float, ...] = (0.0, 0.0), rate: float = 0.0) -> list[dict]:
    errors = ", ".join(f"{k}: {v}" for k, v in sorted(s["errors"].items())) or "none"
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(s["statuses"].items()))
    how = (f"due {rate:.1f}/s (open loop; {rate * (1 - BAD_SHARE):g}/s to accept, {BAD_SHARE:.0%} bad on top)" if rate
           else "each next at once (closed loop)")
    label = "at a rate" if rate else "flat out"
    rows = [
        {"db": "postgresql", "step": f"rush {label}: {s['submissions']:,} submissions (~200 KB JPEG each)",
         "seconds": s["seconds"], "rows_per_s": s["accepted_per_s"], "p50_ms": s["p50"], "p95_ms": s["p95"],
         "p99_ms": s["p99"],
         "note": f"accepted/s; {concurrency} concurrent employees, {how}; {workers} workers × {threads} threads; "
                 f"load {load_before} → {load_after}"},
        {"db": "postgresql", "step": f"rush {label}: CPU per submission", "note": cpu_note(cpu, s["submissions"])},
        {"db": "postgresql", "step": f"rush {label}: answers", "note": statuses},
        {"db": "postgresql", "step": f"rush {label}: errors", "note": errors + (
            " — e.g. " + "; ".join(f"{k}: {v}" for k, v in s["examples"].items()) if s["examples"] else "")},
    ]
    return rows


def cpu_note(cpu: tuple[float, ...], submissions: int) -> str:
    """The server's and the database's CPU per submission, and what two idle cores could take at that cost;
    then the load generator's own (it shares the cores), if measured, and the rate with it."""
    app, db = cpu[:2]
    if not submissions or not app:
        return "not measured"
    per = (app + db) / submissions * 1000
    note = (f"server {app / submissions * 1000:.1f} ms + PostgreSQL {db / submissions * 1000:.1f} ms = {per:.1f} ms "
            f"of CPU → at most ~{2000 / per:.0f}/s on 2 idle cores")
    if len(cpu) > 2 and cpu[2]:
        client = cpu[2] / submissions * 1000
        note += f"; + the load generator {client:.1f} ms on the same cores → ~{2000 / (per + client):.0f}/s"
    return note + " (backends that closed during the run not counted)"


def kill_run(ctx, workdir: Path, employees: int, submissions: int, concurrency: int, workers: int, threads: int,
             kill_after: int, db: str = "postgresql", name: str = PG_NAME) -> dict:
    """The rush with the server SIGKILLed (master and workers) once ``kill_after`` answers came, then
    started again; the loss check (unanswered requests may have committed, whole) before
    and after the crash recovery's sweep of orphan files."""
    env, plan, _seeded = prepare(ctx, workdir, employees, db, name)
    server = Server(env, workdir, workers, threads)
    server.start()
    results_path = workdir / "results.jsonl"
    load = start_load(plan, results_path, server.url, concurrency, submissions, bad_share=0.02)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and load.poll() is None:
            if results_path.exists() and len(read_results(results_path)) >= kill_after:
                break
            time.sleep(0.05)
        pids = server.pids()
        server.kill()
        killed_at = len(read_results(results_path))
    finally:
        load.wait(timeout=300)
    restarted = Server(env, workdir, workers, threads, port=free_port(), collectstatic=False)
    restarted.start()
    try:
        answered = read_results(results_path)
        check_args = ["rush-check", SLUG, str(results_path), str(workdir / "evidence")]
        before = ctx.run_child(check_args, env).data
        # The recovery after a crash: the files a killed worker stored before its transaction committed have
        # no row. `kinerja progress evidence sweep` removes them (by default only files older than an hour, so
        # uploads in flight are left alone; here nothing is in flight: the load is over).
        swept = subprocess.run([sys.executable, "-m", "kinerja.cli", "progress", "evidence", "sweep", "--min-age", "0"],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        if swept.returncode != 0:
            raise RuntimeError(f"the sweep failed:\n{swept.stderr[-2000:]}")
        checked = ctx.run_child(check_args, env).data
    finally:
        restarted.stop()
    return {"killed_pids": pids, "answers_at_kill": killed_at, "results": answered, "before_sweep": before,
            "swept": swept.stdout.strip().splitlines()[-1:], "check": checked,
            "statuses": dict(Counter(r.get("status", 0) for r in answered))}
