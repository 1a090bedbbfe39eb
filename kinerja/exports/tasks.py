"""Background work (django.tasks API): writing an export file.

:func:`run_export` runs after :func:`kinerja.exports.services.request_skp_export` commits. It claims
the job (queued → running, so that a job enqueued twice is written once), streams the workbook into
``MEDIA_ROOT/exports/<instance>/<random>.xlsx.part`` and renames it into place when complete, so a
half-written file is never offered for download. Then the job is done (file, rows, size); on any
error it is failed with the reason, the partial file removed.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import ExportJob, JobStatus

logger = logging.getLogger(__name__)


class ExportError(Exception):
    """An export that cannot be written (its reason is shown to the requester)."""


# kind → writer(job, stream) -> rows. The app that owns a kind of export registers its writer in its
# AppConfig.ready() (the SKP period export: kinerja/skp/apps.py), so exports imports no domain app.
WRITERS: dict[str, Callable] = {}


def register_writer(kind: str, writer: Callable) -> None:
    WRITERS[kind] = writer


def file_name(job: ExportJob) -> str:
    return f"exports/{job.instance_id}/{uuid.uuid4().hex}.xlsx"


@task()
def run_export(job_id: int) -> dict:
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, updated_at=now)
    if not claimed:
        return {"skipped": True}
    job = ExportJob.objects.select_related("period", "unit", "instance").get(pk=job_id)
    name = file_name(job)
    target = Path(default_storage.path(name))
    partial = target.with_name(target.name + ".part")
    try:
        writer = WRITERS.get(job.kind)
        if writer is None:
            raise ExportError(_("Unknown kind of export."))
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as stream:
            rows = writer(job, stream)
        os.replace(partial, target)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        logger.exception("export %s (%s) failed", job_id, job.kind)
        reason = str(exc) if isinstance(exc, ExportError) else f"{type(exc).__name__}: {exc}"
        finished = timezone.now()
        ExportJob.objects.filter(pk=job_id).update(status=JobStatus.FAILED, error=reason[:2000],
                                                   finished_at=finished, updated_at=finished)
        raise
    finished = timezone.now()
    size = target.stat().st_size
    ExportJob.objects.filter(pk=job_id).update(status=JobStatus.DONE, file=name, rows=rows, size=size,
                                               finished_at=finished, updated_at=finished)
    return {"rows": rows, "size": size, "file": name}
