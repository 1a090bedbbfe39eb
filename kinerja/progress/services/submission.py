"""One step for a phone or a client with a poor connection: save and submit a report with its files.

Every file is checked before anything is written; the report, the evidence rows and their audit events are
written in one transaction, and the stored files are removed again if it fails: an accepted response means
the report and every file are kept, a refused one leaves nothing.

The month-end rush's usual case — the first save of a report, with its files — is on PostgreSQL one statement
(:func:`_first_save_at_once`, ``core/chained.py``): the report, each evidence row and an audit event for each,
and the evaluator's notification unless they were told of this period already (e-mailed by the outbox); the
same rows, values, audit events and notification as the ORM path (``save_report`` + ``store_checked``), which
every other case takes (a report that exists, SQLite).
"""

from __future__ import annotations

from django.db import connections, router, transaction

from kinerja.audit.services import build, snapshot
from kinerja.core.text import check_instance
from kinerja.notifications.models import Kind
from kinerja.notifications.services import ONCE_PER_KEY, chained_rows

from .. import periods
from ..models import Evidence, Report
from .common import load_iki
from .evidence import check_file, evidence_snapshot, new_evidence, remove_stored, store_checked, stored_files
from .reports import _evaluator_users, checked_save, new_report, notified_key, save_report, submitted_title

MAX_FILES = 10
ONE_STATEMENT = True  # the tests switch it off to compare both paths on PostgreSQL


def submit_with_evidence(*, actor, iki, period_start, value=None, value_text="", notes="", lock_version=None,
                         files=(), submit=True) -> tuple[Report, list]:
    """Save (and by default submit) the report of ``iki`` for ``period_start`` with ``files`` as new evidence.
    Returns the report and the evidence rows created."""
    from django.utils.translation import gettext as _

    from kinerja.core.errors import field_error

    iki = load_iki(iki)
    files = [f for f in files if f is not None]
    if len(files) > MAX_FILES:
        raise field_error("files", _("At most %(max)d files at once.") % {"max": MAX_FILES}, "too_many")
    settings = periods.settings_for(iki.instance_id)
    checked = [check_file(upload, instance_id=iki.instance_id, settings=settings, field="files")
               for upload in files]
    iki._fresh = True
    with stored_files() as names:
        if lock_version in (None, "") and _one_statement():
            # one statement is a transaction by itself: no BEGIN and COMMIT round trips around it (inside a
            # caller's transaction it is part of that one)
            done = _first_save_at_once(actor=actor, iki=iki, period_start=period_start, value=value,
                                       value_text=value_text, notes=notes, submit=submit, settings=settings,
                                       checked=checked, names=names)
            if done is not None:
                return done
        with transaction.atomic():
            report = save_report(actor=actor, iki=iki, period_start=period_start, value=value,
                                 value_text=value_text, notes=notes, lock_version=lock_version, submit=submit,
                                 settings=settings, savepoint=False)  # any error here ends this transaction
            created = [store_checked(actor=actor, report=report, checked=c) for c in checked]
    return report, created


def _one_statement() -> bool:
    return ONE_STATEMENT and connections[router.db_for_write(Report)].vendor == "postgresql"


def _first_save_at_once(*, actor, iki, period_start, value, value_text, notes, submit, settings, checked,
                        names: list[str]) -> tuple[Report, list[Evidence]] | None:
    """The first save of the report with its files as one statement (its own transaction, or part of the
    caller's; inside :func:`stored_files`); None, with nothing written and the files stored here removed again,
    when the report exists already (the ORM path then answers: a conflict, or the update)."""
    from kinerja.core.chained import Chain, Row

    iki, skp, (start, end), data = checked_save(actor=actor, iki=iki, period_start=period_start, value=value,
                                                value_text=value_text, notes=notes, submit=submit, settings=settings)
    report = new_report(iki, skp, start, end, data, submit)
    before = len(names)
    evidence = [new_evidence(actor=actor, report=report, checked=c) for c in checked]  # the files stored now
    for obj in (report, *evidence):
        check_instance(obj)  # the models' pre_save guard (core/text.py)
    chain = Chain(router.db_for_write(Report))
    chain.insert("r", [report], conflict="ON CONFLICT (iki_id, period_start) DO NOTHING")
    if evidence:  # in the order of the files (their ids ascend with it), each named by its random file name
        chain.insert("e", [Row(row, source="r", columns={"report_id": "r.id"}) for row in evidence],
                     returning="id, report_id, file")
    action = "progress.report.submit" if submit else "progress.report.create"
    events = [Row(build(action, report, actor=actor, after=snapshot(report)), source="r",
                  columns={"object_id": "r.id::text"}, merge_json={"after": "jsonb_build_object('id', r.id)"})]
    events += [Row(build("progress.evidence.create", row, actor=actor, after=evidence_snapshot(row)),
                   source="e WHERE e.file = %s", source_params=[row.file.name], columns={"object_id": "e.id::text"},
                   merge_json={"after": "jsonb_build_object('id', e.id, 'report_id', e.report_id)"})
               for row in evidence]
    chain.insert("a", events, returning="")
    notifications = chained_rows(
        actor=actor, instance_id=report.instance_id, recipients=_evaluator_users(skp) if submit else [],
        kind=Kind.REPORT_SUBMITTED, title=submitted_title(skp.employee.name, report.period_start),
        body=str(iki.text)[:500], obj=report, dedupe_key=notified_key(report), source="r",
        object_id="r.id::text")
    if notifications:  # the evaluator told once per employee and period (_notify_submitted)
        chain.insert("n", notifications, conflict=ONCE_PER_KEY, returning="")
    stored = "ARRAY(SELECT file || ' ' || id FROM e)" if evidence else "ARRAY[]::text[]"
    report_id, stored = chain.run(f"SELECT (SELECT id FROM r), {stored}")
    if report_id is None:  # it exists: nothing was written
        remove_stored(names[before:])
        del names[before:]
        return None
    report.pk = report_id
    ids = dict(item.rsplit(" ", 1) for item in stored)
    for row in evidence:
        row.pk, row.report_id = int(ids[row.file.name]), report_id
        row._state.adding = False
    report._state.adding = False
    # its e-mail goes out with the outbox (notifications.tasks.send_pending_emails, every few minutes): at the
    # month-end a task per first report cost more than the report's own writes
    return report, evidence
