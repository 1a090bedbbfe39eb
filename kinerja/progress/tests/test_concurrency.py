"""Two devices saving the same report at the same moment, for real (two connections, PostgreSQL): exactly
one save wins, the other gets a conflict, and what the winner saved is what is stored."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from kinerja.progress import services
from kinerja.progress.models import Report

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")


@pytest.mark.django_db(transaction=True)
def test_two_devices_at_once(world, k):
    report = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 1, 1), value="1")
    barrier = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def device(name: str, value: str) -> None:
        try:
            barrier.wait()
            saved = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 1, 1), value=value,
                                         notes=name, lock_version=report.lock_version)
            outcome[name] = saved.value
        except services.ConflictError:
            outcome[name] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=device, args=(n, v)) for n, v in (("phone", "7"), ("laptop", "9"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, outcome.values()))[-1] == "conflict" and list(outcome.values()).count("conflict") == 1
    winner = next(name for name, value in outcome.items() if value != "conflict")
    stored = Report.objects.get(pk=report.pk)
    assert stored.notes == winner and stored.lock_version == 1

    # both create February's report at once: the unique (iki, period_start) lets one in, the other conflicts
    outcome.clear()
    barrier.reset()

    def creator(name: str) -> None:
        try:
            barrier.wait()
            services.save_report(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 2, 1), value="2",
                                 notes=name)
            outcome[name] = "saved"
        except services.ConflictError:
            outcome[name] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=creator, args=(n,)) for n in ("phone", "laptop")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome.values()) == ["conflict", "saved"]
    winner = next(name for name, value in outcome.items() if value == "saved")
    assert Report.objects.get(period_start=date(2026, 2, 1)).notes == winner


@pytest.mark.django_db(transaction=True)
def test_a_first_save_with_files_is_one_statement_outside_any_transaction(world, k, evidence_dir, monkeypatch):
    """The month-end rush's first save is one statement, a transaction by itself: sent in autocommit (no BEGIN and
    COMMIT round trips), committed when it returns. A report that exists (another device) takes the ORM path, in
    a transaction."""
    from kinerja.core.chained import Chain

    from .conftest import pdf

    atomic_when_run, real_run = [], Chain.run

    def run(self, *args, **kwargs):
        atomic_when_run.append(connection.in_atomic_block)
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(Chain, "run", run)
    report, created = services.submit_with_evidence(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 1, 1),
                                                    value="3", files=[pdf()])
    assert atomic_when_run == [False] and len(created) == 1
    assert connection.get_autocommit() and Report.objects.filter(pk=report.pk, evidence__isnull=False).exists()
    # inside a caller's transaction it is part of that one: rolled back with it
    with pytest.raises(RuntimeError), transaction.atomic():
        services.submit_with_evidence(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 2, 1), value="3",
                                      files=[pdf("b.pdf")])
        raise RuntimeError("the caller's next step failed")
    assert atomic_when_run == [False, True] and not Report.objects.filter(period_start=date(2026, 2, 1)).exists()
