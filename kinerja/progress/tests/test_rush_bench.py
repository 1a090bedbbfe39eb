"""The rush bench's own logic (kinerja/progress/bench.py, rush_load.py), fast: no server, no database.

The loss check must catch every way a submission can be lost or half-written; the load must send what it
says (valid JPEGs with distinct sha256, the bad share, stale saves after the save they contradict).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections import Counter

import click
import pytest
from click.testing import CliRunner
from PIL import Image

from kinerja.cli import bench as bench_command
from kinerja.core import uploads
from kinerja.core.registry import bench_steps
from kinerja.progress import bench as rush
from kinerja.progress import rush_load

SHA = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(10)]


def _accepted(job, report_id, evidence_id, sha, lock=1):
    return {"job": job, "kind": "good", "iki_id": 100 + report_id, "sha256": sha, "status": 201,
            "report_id": report_id, "lock_version": lock, "evidence": [{"id": evidence_id, "sha256": sha, "size": 5}]}


def _refused(job, kind, iki_id, sha, status):
    return {"job": job, "kind": kind, "iki_id": iki_id, "sha256": sha, "status": status}


@pytest.fixture
def clean():
    """Two accepted submissions, a refused renamed executable and a refused stale save, all consistent."""
    results = [_accepted(0, 1, 11, SHA[0]), _accepted(1, 2, 12, SHA[1], lock=2),
               _refused(2, "exe", 999, SHA[2], 422), _refused(3, "stale", 102, SHA[3], 409)]
    reports = {1: {"iki_id": 101, "lock_version": 1}, 2: {"iki_id": 102, "lock_version": 2}}
    evidence = {11: {"report_id": 1, "sha256": SHA[0], "size": 5, "name": "evidence/1/2026-12/a.jpg"},
                12: {"report_id": 2, "sha256": SHA[1], "size": 5, "name": "evidence/1/2026-12/b.jpg"}}
    files = {"evidence/1/2026-12/a.jpg": SHA[0], "evidence/1/2026-12/b.jpg": SHA[1]}
    return results, reports, evidence, files


def test_a_consistent_run_has_no_loss(clean):
    check = rush.loss_check(*clean)
    assert check.ok, check.problems
    assert (check.accepted, check.rejected, check.reports, check.evidence, check.files) == (2, 2, 2, 2, 2)
    assert "no loss" in check.summary()


def test_a_planted_orphan_file_is_caught(clean):
    results, reports, evidence, files = clean
    files["evidence/1/2026-12/orphan.jpg"] = SHA[5]
    assert rush.loss_check(results, reports, evidence, files).problems == [
        "orphan file evidence/1/2026-12/orphan.jpg: no evidence row"]


def test_a_missing_or_altered_file_is_caught(clean):
    results, reports, evidence, files = clean
    del files["evidence/1/2026-12/a.jpg"]
    files["evidence/1/2026-12/b.jpg"] = SHA[6]
    problems = rush.loss_check(results, reports, evidence, files).problems
    assert any("evidence 11: its file" in p and "missing" in p for p in problems)
    assert any("evidence 12" in p and "does not hold its sha256" in p for p in problems)


def test_an_acknowledged_report_that_is_gone_is_loss(clean):
    results, reports, evidence, files = clean
    del reports[2], evidence[12], files["evidence/1/2026-12/b.jpg"]
    problems = rush.loss_check(results, reports, evidence, files).problems
    assert any("answered 201 with report 2, which is not in the database" in p for p in problems)
    assert any("evidence 12 acknowledged but not in the database" in p for p in problems)


def test_a_refused_request_must_leave_nothing(clean):
    results, reports, evidence, files = clean
    evidence[13] = {"report_id": 3, "sha256": SHA[2], "size": 5, "name": "evidence/1/2026-12/exe.pdf"}
    files["evidence/1/2026-12/exe.pdf"] = SHA[2]
    reports[3] = {"iki_id": 999, "lock_version": 0}
    reports[2]["lock_version"] = 3  # the stale save went through after all
    problems = rush.loss_check(results, reports, evidence, files).problems
    assert any("refused request 2 (422) left evidence 13" in p for p in problems)
    assert any("refused request 2 (422) left a file" in p for p in problems)
    assert any("the refused first save of IKI 999 left a report" in p for p in problems)
    assert any("report 2: lock_version 3" in p for p in problems)
    assert any("report 3 (IKI 999) exists but no request was acknowledged" in p for p in problems)


def test_an_unanswered_request_may_have_committed_but_only_whole(clean):
    results, reports, evidence, files = clean
    results.append({"job": 4, "kind": "good", "iki_id": 104, "sha256": SHA[4], "status": 0})  # timed out, killed
    reports[4] = {"iki_id": 104, "lock_version": 1}
    evidence[14] = {"report_id": 4, "sha256": SHA[4], "size": 5, "name": "evidence/1/2026-12/d.jpg"}
    files["evidence/1/2026-12/d.jpg"] = SHA[4]
    assert rush.loss_check(results, reports, evidence, files).ok
    reports[5] = {"iki_id": 105, "lock_version": 1}  # a report nobody sent
    evidence[15] = {"report_id": 4, "sha256": SHA[7], "size": 5, "name": "evidence/1/2026-12/e.jpg"}
    files["evidence/1/2026-12/e.jpg"] = SHA[7]  # evidence with bytes nobody sent
    assert sorted(rush.loss_check(results, reports, evidence, files).problems) == [
        "evidence 15 exists but no request was acknowledged for it",
        "report 5 (IKI 105) exists but no request was acknowledged for it"]
    del reports[5], evidence[15], files["evidence/1/2026-12/e.jpg"]
    del evidence[14], files["evidence/1/2026-12/d.jpg"]  # the unanswered one's report without its evidence
    assert rush.loss_check(results, reports, evidence, files).problems == [
        "report 4 (IKI 104) is half-written: a row without its evidence"]


def test_results_cut_off_mid_line_are_read(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_text(json.dumps({"job": 0}) + "\n" + '{"job": 1, "kin')
    assert rush.read_results(path) == [{"job": 0}]


def test_the_evidence_is_a_real_jpeg_of_about_200_kb_with_a_distinct_sha256():
    jpeg = rush_load.make_jpeg()
    assert 180_000 <= len(jpeg) <= 300_000
    a, b = rush_load.vary_jpeg(jpeg, "job 1"), rush_load.vary_jpeg(jpeg, "job 2")
    assert hashlib.sha256(a).digest() != hashlib.sha256(b).digest()
    for variant in (a, b):
        image = Image.open(io.BytesIO(variant))
        image.load()
        assert image.format == "JPEG"
        assert uploads.sniff_bytes(variant) == uploads.JPEG  # the server's check takes it too
    varied = rush_load.Varied(jpeg)
    for tag, expected in (("job 1", a), ("job 2", b)):
        content, sha = varied(tag)
        assert content == expected and sha == hashlib.sha256(expected).hexdigest()
    assert rush_load.fake_executable("x").startswith(b"\x7fELF")


def test_the_jobs_report_each_iki_once_with_about_two_percent_bad_ones():
    plan = rush_load.Plan("2026-12-01", [{"employee": e, "token": f"knj_{e}", "ikis": [e * 10 + k for k in range(5)]}
                                         for e in range(200)])
    jobs = rush_load.build_jobs(plan, 1000, 0.02)
    kinds = Counter(job.kind for job in jobs)
    assert len(jobs) == 1000 and kinds["exe"] == 10 and kinds["stale"] == 10
    firsts = [job.iki_id for job in jobs if job.kind != "stale"]
    assert len(firsts) == len(set(firsts))  # a good or an exe job is the first save of its IKI
    by_number = {job.number: job for job in jobs}
    for job in jobs:
        if job.kind == "stale":
            target = by_number[job.needs]
            assert target.kind == "good" and target.number < job.number and target.iki_id == job.iki_id
            assert target.token == job.token  # the same employee, a second device
    assert len(rush_load.build_jobs(plan, 5000, 0.02)) < 5000  # no more first saves than IKI


def test_the_multipart_body_carries_the_fields_and_the_file():
    from django.http.multipartparser import MultiPartParser
    from django.test import RequestFactory

    body, content_type = rush_load.multipart({"iki_id": "7", "period_start": "2026-12-01"}, "bukti.jpg",
                                             "image/jpeg", b"\xff\xd8data")
    request = RequestFactory().post("/x", data=body, content_type=content_type)
    post, files = MultiPartParser(request.META, io.BytesIO(body), request.upload_handlers).parse()
    assert post["iki_id"] == "7" and post["period_start"] == "2026-12-01"
    assert files["files"].name == "bukti.jpg" and files["files"].read() == b"\xff\xd8data"


def test_the_summary_counts_unexpected_answers_as_errors():
    results = [{"kind": "good", "status": 201, "seconds": 0.1}, {"kind": "good", "status": 201, "seconds": 0.3},
               {"kind": "good", "status": 500, "seconds": 0.2, "answer": {"detail": "boom"}},
               {"kind": "exe", "status": 422, "seconds": 0.05}, {"kind": "stale", "status": 201, "seconds": 0.1},
               {"kind": "good", "status": 0, "seconds": 5.0, "answer": {"error": "reset"}}]
    s = rush.summarise(results, 2.0)
    assert s["accepted"] == 2 and s["accepted_per_s"] == 1.0
    assert s["errors"] == {"good 500": 1, "stale 201": 1, "good no answer": 1}
    assert s["statuses"]["exe:422"] == 1
    assert s["p50"] == pytest.approx(100.0) and s["p99"] == pytest.approx(300.0)


def test_the_rush_step_is_declared_by_progress():
    step = next(step for step in bench_steps() if step.name == "rush")
    assert step.run == "kinerja.progress.bench.run" and set(step.kinds) == {"rush-seed", "rush-check"}


def test_quick_and_the_rush_options_reach_the_step(monkeypatch):
    calls = []
    monkeypatch.setattr("kinerja.progress.bench.run", lambda ctx: calls.append(ctx) or [
        {"db": "postgresql", "step": "rush: 10 submissions", "p99_ms": 12.5, "note": "fake"}])
    group = click.Group("kinerja")
    bench_command.register(group)
    result = CliRunner().invoke(group, ["bench", "--only", "rush", "--quick", "--rush-workers", "3"])
    assert result.exit_code == 0, result.output
    assert "12.5" in result.output and "p99" in result.output
    [ctx] = calls
    assert ctx.options["quick"] is True and ctx.options["rush_workers"] == 3
    assert "rush_employees" not in ctx.options


def test_the_quick_run_is_smaller(monkeypatch):
    seen = {}

    def fake(ctx, employees, submissions, concurrency, workers, threads, rate, rate_submissions):
        seen.update(employees=employees, submissions=submissions, concurrency=concurrency, workers=workers,
                    rate=rate, rate_submissions=rate_submissions)
        return []

    monkeypatch.setattr(rush, "run_rush", fake)
    ctx = type("Ctx", (), {"options": {"quick": True}})()
    rush.run(ctx)
    assert seen["employees"] == rush.QUICK["employees"] < rush.FULL["employees"]
    assert (seen["rate"], seen["rate_submissions"]) == (200.0, 2041)  # 2 % bad on top of 200/s to accept, 10 s
    ctx.options = {"rush_submissions": 77, "rush_workers": 2, "rush_rate": 50.0}
    rush.run(ctx)
    assert seen["submissions"] == 77 and seen["workers"] == 2 and seen["employees"] == rush.FULL["employees"]
    assert (seen["rate"], seen["rate_submissions"]) == (50.0, 1020)
    ctx.options = {"rush_rate": 0.0}
    rush.run(ctx)
    assert seen["rate"] == 0.0 and seen["rate_submissions"] == 0


def test_the_open_loop_counts_a_late_start_in_the_latency(monkeypatch):
    """Due 100 a second, but two employees at 50 ms each manage 40: the later jobs start late, and their latency is
    counted from when they were due (no coordinated omission); the closed loop counts from the start."""
    import asyncio
    import io as _io

    from kinerja.progress import rush_load

    async def slow_post(host, port, path, headers, body, timeout):
        await asyncio.sleep(0.05)
        return 201, b'{"id": 1, "lock_version": 0, "evidence": []}'

    monkeypatch.setattr(rush_load, "post", slow_post)
    plan = rush_load.Plan("2026-12-01", [{"employee": 1, "token": "knj_x", "ikis": list(range(1, 21))}])
    jobs = rush_load.build_jobs(plan, 20, 0)
    records = {}
    for rate in (100.0, 0.0):
        out = _io.StringIO()
        runner = rush_load.Runner("http://127.0.0.1:9", jobs, 2, out, b"\xff\xd8", rate=rate)
        asyncio.run(runner.run())
        records[rate] = [json.loads(line) for line in out.getvalue().splitlines()]
    late = max(r["seconds"] for r in records[100.0])
    assert len(records[100.0]) == 20 and late > 0.2  # the 20th was due at 0.19 s, started at about 0.45 s
    assert max(r["seconds"] for r in records[0.0]) < 0.1  # each counted from its own start


def test_a_second_run_takes_the_iki_from_the_other_end():
    from kinerja.progress import rush_load

    plan = rush_load.Plan("2026-12-01", [{"employee": e, "token": f"t{e}", "ikis": [e * 10 + i for i in range(5)]}
                                         for e in range(20)])
    first = {j.iki_id for j in rush_load.build_jobs(plan, 40, 0.05)}
    second = {j.iki_id for j in rush_load.build_jobs(plan, 40, 0.05, from_end=True)}
    assert len(first) >= 35 and len(second) >= 35 and not first & second


def test_the_cpu_per_submission_and_what_two_cores_could_take():
    note = rush.cpu_note((30.0, 10.0), 1000)
    assert note.startswith("server 30.0 ms + PostgreSQL 10.0 ms = 40.0 ms of CPU → at most ~50/s on 2 idle cores")
    with_client = rush.cpu_note((30.0, 10.0, 10.0), 1000)
    assert "the load generator 10.0 ms on the same cores → ~40/s" in with_client
    assert rush.cpu_note((0.0, 0.0), 1000) == "not measured"
    assert rush._proc_cpu(os.getpid()) > 0  # this process has used some CPU


def test_an_empty_evidence_directory_has_no_files(tmp_path):
    assert rush.storage_files(tmp_path / "missing") == {}
    (tmp_path / "evidence" / "1").mkdir(parents=True)
    (tmp_path / "evidence" / "1" / "a.jpg").write_bytes(b"x")
    assert rush.storage_files(tmp_path) == {"evidence/1/a.jpg": hashlib.sha256(b"x").hexdigest()}
