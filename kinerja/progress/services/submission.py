"""One step for a phone or a client with a poor connection: save and submit a report with its files.

Every file is checked before anything is written; the report, the evidence rows and their audit events are
written in one transaction, and the stored files are removed again if it fails: an accepted response means
the report and every file are kept, a refused one leaves nothing.
"""

from __future__ import annotations

from django.db import transaction

from .. import periods
from ..models import Report
from .common import load_iki
from .evidence import check_file, store_checked, stored_files
from .reports import save_report

MAX_FILES = 10


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
    with stored_files(), transaction.atomic():
        report = save_report(actor=actor, iki=iki, period_start=period_start, value=value, value_text=value_text,
                             notes=notes, lock_version=lock_version, submit=submit, settings=settings,
                             savepoint=False)  # any error here ends this transaction
        created = [store_checked(actor=actor, report=report, checked=c) for c in checked]
    return report, created
