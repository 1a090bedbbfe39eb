"""The load side of the month-end rush: simulated employees submitting reports, from a separate process.

    python -m kinerja.progress.rush_load PLAN.json RESULTS.jsonl --url http://127.0.0.1:PORT
        [--concurrency 200] [--submissions 3000] [--bad-share 0.02] [--seconds 0] [--rate 0]

No Django here (the load must not share the server's interpreter, nor pay for its import): the
standard library's asyncio speaks HTTP/1.1 to the server on loopback, one connection per request (a
phone's request after a pause; no stale keep-alive connection can swallow a request when gunicorn
recycles a worker).

The plan (written by the seeding child, kinerja/progress/bench.py) lists the employees: their API token
and the IKI of their approved SKP, and the reporting period. Each of ``--concurrency`` simulated
employees takes the next job (at once; or, with ``--rate``, when it is due: an open loop, the lateness of a job
started late counted in its latency) and POSTs ``/api/v1/progress/reports/submit`` (multipart: the report's
fields and one ~200 KB JPEG, made unique per request by a comment segment before its end, so every sha256
differs).
About ``--bad-share`` of the jobs are deliberately bad and must be refused, leaving nothing behind:

* ``exe``: an ELF executable renamed ``laporan.pdf`` (the server checks the content, not the name);
* ``stale``: a second save of a report already submitted in this run with an out-of-date
  ``lock_version`` (a second device).

Every answer is written to ``RESULTS`` as one JSON line as it arrives (so a run cut short, e.g. by the
kill test, still tells which requests were acknowledged): job, kind, IKI, sent sha256, HTTP status
(0: no answer), latency, and the 201 body's report id, lock_version and evidence.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import io
import json
import os
import random
import struct
import sys
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PATH = "/api/v1/progress/reports/submit"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00"


def make_jpeg(target_bytes: int = 200_000, seed: int = 7) -> bytes:
    """A real JPEG of about ``target_bytes``: a noisy photo-like image (noise hardly compresses)."""
    from PIL import Image

    rng = random.Random(seed)
    side = 256
    while True:
        raw = rng.randbytes(side * side * 3)
        image = Image.frombytes("RGB", (side, side), raw)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=90)
        if out.tell() >= target_bytes * 0.9 or side >= 1024:
            return out.getvalue()
        side = int(side * (target_bytes / out.tell()) ** 0.5) + 16


def vary_jpeg(jpeg: bytes, tag: str) -> bytes:
    """The same picture with a COM (comment) segment just before its end (EOI): still a valid JPEG, another
    sha256, and everything before the comment the same (:class:`Varied` hashes it once)."""
    comment = tag.encode()
    return jpeg[:-2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + jpeg[-2:]


class Varied:
    """:func:`vary_jpeg` with its sha256, the unchanging part hashed once (the load generator shares the server's
    cores: a quarter of a millisecond less per request is the server's)."""

    def __init__(self, jpeg: bytes):
        self.jpeg, self.head = jpeg, hashlib.sha256(jpeg[:-2])

    def __call__(self, tag: str) -> tuple[bytes, str]:
        content = vary_jpeg(self.jpeg, tag)
        digest = self.head.copy()
        digest.update(content[len(self.jpeg) - 2:])
        return content, digest.hexdigest()


def fake_executable(tag: str, size: int = 20_000) -> bytes:
    return ELF + tag.encode() + os.urandom(size)


@dataclass
class Job:
    number: int
    kind: str  # good | exe | stale
    token: str
    iki_id: int
    period_start: str
    employee: int
    lock_version: int | None = None
    needs: int | None = None  # a stale job waits for this good job's answer (its lock_version)


@dataclass
class Plan:
    period_start: str
    employees: list[dict]  # {"token": …, "ikis": [...], "employee": id}


def build_jobs(plan: Plan, submissions: int, bad_share: float, seed: int = 1, from_end: bool = False) -> list[Job]:
    """``submissions`` jobs over the employees' IKI (each IKI reported once by a good job), with about
    ``bad_share`` bad ones: renamed executables on IKI nobody else reports, and stale second saves of
    IKI a good job reported earlier."""
    rng = random.Random(seed)
    pairs = [(e["employee"], e["token"], iki) for e in plan.employees for iki in e["ikis"]]
    rng.shuffle(pairs)
    if from_end:  # a second run on the same plan: the IKI from the other end, none the first run reported
        pairs.reverse()
    jobs: list[Job] = []
    bad_every = round(1 / bad_share) if bad_share > 0 else 0
    goods: list[int] = []
    bads = 0
    free = iter(pairs)
    while len(jobs) < submissions:
        n = len(jobs)
        bad = bool(bad_every) and n % bad_every == bad_every // 2
        if bad and bads % 2 == 1 and goods:  # every other bad one: a stale second save
            target = jobs[goods[rng.randrange(len(goods))]]
            jobs.append(Job(n, "stale", target.token, target.iki_id, plan.period_start, target.employee,
                            needs=target.number))
            bads += 1
            continue
        try:
            employee, token, iki = next(free)
        except StopIteration:
            break  # every IKI is used: fewer submissions than asked
        jobs.append(Job(n, "exe" if bad else "good", token, iki, plan.period_start, employee))
        if bad:
            bads += 1
        else:
            goods.append(n)
    return jobs


def multipart(fields: dict[str, str], filename: str, content_type: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode())
    parts.append(content)
    parts.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


async def post(host: str, port: int, path: str, headers: dict[str, str], body: bytes,
               timeout: float) -> tuple[int, bytes]:
    """One HTTP/1.1 request on a fresh connection; (status, body)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        head = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close",
                f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in headers.items())]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)  # Connection: close → read to the end
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    header, _, payload = raw.partition(b"\r\n\r\n")
    if not header:
        raise ConnectionError("no answer")
    status = int(header.split(b" ", 2)[1])
    if b"transfer-encoding: chunked" in header.lower():
        payload = _dechunk(payload)
    return status, payload


def _dechunk(data: bytes) -> bytes:
    out, rest = [], data
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out.append(rest[:size])
        rest = rest[size + 2:]
    return b"".join(out)


@dataclass
class Runner:
    url: str
    jobs: list[Job]
    concurrency: int
    out: io.TextIOBase
    jpeg: bytes
    timeout: float = 60.0
    deadline: float | None = None
    rate: float = 0.0  # open loop: job n is due n / rate seconds after the start (0: closed loop, each at once)
    start: float = 0.0
    answers: dict[int, dict] = field(default_factory=dict)
    varied: Varied | None = None
    events: dict[int, asyncio.Event] = field(default_factory=dict)

    async def run(self) -> None:
        parts = urlsplit(self.url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.events = {job.number: asyncio.Event() for job in self.jobs}
        self.varied = Varied(self.jpeg)
        queue: asyncio.Queue[Job] = asyncio.Queue()
        for job in self.jobs:
            queue.put_nowait(job)
        self.start = time.monotonic()
        await asyncio.gather(*(self.employee(queue) for _ in range(self.concurrency)))

    async def employee(self, queue: asyncio.Queue) -> None:
        while not queue.empty():
            if self.deadline is not None and time.monotonic() > self.deadline:
                return
            job = queue.get_nowait()
            due = None
            if self.rate:  # wait for the job's time; a job started late counts its lateness (no coordinated omission)
                due = self.start + job.number / self.rate
                await asyncio.sleep(max(0.0, due - time.monotonic()))
            try:
                await self.submit(job, due)
            finally:
                self.events[job.number].set()

    async def submit(self, job: Job, due: float | None = None) -> None:
        fields = {"iki_id": str(job.iki_id), "period_start": job.period_start, "value": "3",
                  "notes": f"Laporan bulan ini (uji beban, permintaan {job.number})"}
        tag = f"kinerja-rush {job.number} {uuid.uuid4().hex}"
        if job.kind == "exe":
            content, name, ctype = fake_executable(tag), "laporan.pdf", "application/pdf"
            sha = hashlib.sha256(content).hexdigest()
        else:
            (content, sha), name, ctype = self.varied(tag), f"bukti-{job.number}.jpg", "image/jpeg"
        if job.kind == "stale":
            await self.events[job.needs].wait()
            first = self.answers.get(job.needs) or {}
            # one behind what the good save answered (or a version that cannot be current)
            current = int(first.get("lock_version") or 0)
            job.lock_version = current - 1 if current >= 1 else current + 1
            fields["lock_version"] = str(job.lock_version)
        body, ctype_header = multipart(fields, name, ctype, content)
        headers = {"Authorization": f"Bearer {job.token}", "Content-Type": ctype_header,
                   "Accept": "application/json"}
        started = time.monotonic() if due is None else min(due, time.monotonic())
        record = {"job": job.number, "kind": job.kind, "iki_id": job.iki_id, "employee": job.employee,
                  "sha256": sha, "size": len(content), "lock_version_sent":
                  job.lock_version, "t0": time.time()}
        try:
            status, payload = await post(self.host, self.port, PATH, headers, body, self.timeout)
            record["status"] = status
            try:
                answer = json.loads(payload or b"null")
            except ValueError:
                answer = {"raw": payload[:300].decode("utf-8", "replace")}
        except (TimeoutError, OSError, ConnectionError, ValueError, IndexError) as exc:
            record["status"], answer = 0, {"error": f"{type(exc).__name__}: {exc}"[:300]}
        record["seconds"] = time.monotonic() - started
        if record["status"] == 201 and isinstance(answer, dict):
            record["report_id"] = answer.get("id")
            record["lock_version"] = answer.get("lock_version")
            record["evidence"] = [{"id": e.get("id"), "sha256": e.get("sha256"), "size": e.get("size")}
                                  for e in answer.get("evidence") or []]
            self.answers[job.number] = answer
        else:
            record["answer"] = answer
        self.out.write(json.dumps(record) + "\n")
        self.out.flush()


def load_plan(path: str) -> Plan:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return Plan(data["period_start"], data["employees"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan")
    parser.add_argument("results")
    parser.add_argument("--url", required=True)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--submissions", type=int, default=3000)
    parser.add_argument("--bad-share", type=float, default=0.02)
    parser.add_argument("--seconds", type=float, default=0, help="Stop starting new requests after this (0: never).")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--from-end", action="store_true",
                        help="Take the plan's IKI from the other end (a second run that reports none of the first's).")
    parser.add_argument("--rate", type=float, default=0,
                        help="Open loop: start a submission every 1/RATE s, at most --concurrency at a time, latency "
                             "counted from when it was due (0: closed loop, each employee's next one at once).")
    args = parser.parse_args(argv)
    plan = load_plan(args.plan)
    jobs = build_jobs(plan, args.submissions, args.bad_share, from_end=args.from_end)
    jpeg = make_jpeg()
    with open(args.results, "w", encoding="utf-8") as out:
        runner = Runner(args.url, jobs, args.concurrency, out, jpeg, timeout=args.timeout,
                        deadline=time.monotonic() + args.seconds if args.seconds else None, rate=args.rate)
        started = time.perf_counter()
        asyncio.run(runner.run())
        print(json.dumps({"seconds": time.perf_counter() - started, "jobs": len(jobs)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
