"""Asking for an export and removing one. The file itself is written by the background task.

:func:`request_skp_export` checks who asks and for what (an HR admin; the period of their instance;
an OPD admin only for a unit in their subtree), records an :class:`~kinerja.exports.models.ExportJob`
with its audit event, and queues :func:`kinerja.exports.tasks.run_export` once the transaction
commits. With the immediate task backend (development, tests) the file is ready when the request
ends; with a worker backend the export page shows the job as queued, then running, then ready.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kinerja.accounts.scope import get_scope
from kinerja.audit.services import record, snapshot
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.core.tree import in_subtrees

from . import permissions
from .models import PENDING, ExportJob, ExportKind

MAX_PENDING_PER_USER = 3
DEFAULT_LANGUAGE = "id"


def _snapshot(job: ExportJob) -> dict:
    data = snapshot(job, exclude=("error", "file"))
    data["file"] = job.file.name if job.file else ""
    return data


def skp_export_title(period, unit, language: str) -> tuple[str, str]:
    """The workbook's title and the download's file name, in ``language``."""
    with translation.override(language):
        where = unit.name if unit is not None else period.instance.name
        title = _("SKP %(period)s · %(where)s") % {"period": period.name, "where": where}
    return title, f"SKP-{slugify(period.name)}-{slugify(where)}.xlsx"


def request_skp_export(*, actor, period, unit=None, language: str = DEFAULT_LANGUAGE) -> ExportJob:
    """Queue the export of every SKP of ``period`` (of ``unit``'s subtree when given), one row per IKI."""
    require_actor(actor)
    s = None if is_system(actor) else get_scope(actor)
    if not is_system(actor) and not permissions.can_export(actor):
        raise PermissionDenied(_("Only an HR administrator (BKPSDM or OPD) can export the SKPs of a period."))
    if period is None:
        raise field_error("period", _("Choose a period."), "required")
    if s is not None and not s.superuser and period.instance_id != s.instance_id:
        raise field_error("period", _("Unknown period %(id)s.") % {"id": period.pk}, "does_not_exist")
    if unit is not None and unit.instance_id != period.instance_id:
        raise field_error("unit", _("%(unit)s is not in the instance of this period.") % {"unit": unit.name},
                          "other_instance")
    paths: list[str] = []
    if s is not None and not (s.superuser or s.instance_wide_change):
        if unit is None:
            raise field_error("unit", _("Choose a unit: you export the units you administer."), "required")
        if not in_subtrees(unit.path, s.change_paths):
            raise field_error("unit", _("You do not administer %(unit)s.") % {"unit": unit.name}, "out_of_scope")
        paths = sorted(s.change_paths)
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise field_error("language", _("Unknown language %(code)s.") % {"code": language}, "invalid_choice")
    if not is_system(actor) and ExportJob.objects.filter(requested_by_id=actor.pk, status__in=PENDING).count() \
            >= MAX_PENDING_PER_USER:
        raise field_error("__all__", _("You already have %(n)d exports waiting or running; wait until one is "
                                       "ready.") % {"n": MAX_PENDING_PER_USER}, "too_many")
    title, filename = skp_export_title(period, unit, language)
    from .tasks import run_export

    with transaction.atomic():
        job = ExportJob.objects.create(
            instance_id=period.instance_id, kind=ExportKind.SKP_PERIOD,
            requested_by=None if is_system(actor) else actor,
            period=period, unit=unit, scope_paths=paths, language=language, title=title, filename=filename)
        record("exports.export.create", job, actor=actor, after=_snapshot(job))
        transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


def delete_export(*, actor, job: ExportJob) -> None:
    """Remove an export and its file (the requester or a BKPSDM admin); not while it is being written."""
    require_actor(actor)
    if not is_system(actor) and not permissions.visible_jobs(actor).filter(pk=job.pk).exists():
        raise PermissionDenied(_("You may not remove this export."))
    if job.is_pending:
        raise field_error("status", _("The export is still being written; remove it when it is ready."), "pending")
    name = job.file.name if job.file else ""
    with transaction.atomic():
        record("exports.export.delete", job, actor=actor, before=_snapshot(job))
        job.delete()
        if name:
            transaction.on_commit(lambda: _remove_file(name))


def _remove_file(name: str) -> None:
    with contextlib.suppress(OSError):
        default_storage.delete(name)


__all__ = ["request_skp_export", "delete_export", "skp_export_title", "MAX_PENDING_PER_USER"]
