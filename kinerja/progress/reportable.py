"""Which SKP takes progress reports, and against what.

Progress is reported against an SKP that has been **approved at least once** (``version >= 1``): an approved
SKP, and one its employee reopened for a revision (draft, submitted or returned again) — its reports, filed
while it stood approved, stay visible and the employee keeps reporting against its **last approved
version** until the revision is approved. Only the indicators of that version take reports meanwhile (one added
in the revision waits for its approval). An SKP never approved takes none. The achievement roll-up counts the
same SKPs (``version >= 1``).
"""

from __future__ import annotations

from django.db.models import Q

from kinerja.skp.models import SkpStatus, SkpVersion

APPROVE = "approve"  # the SkpVersion action of an approval (kinerja.rules.skp.Action.APPROVE)


def reportable_q(prefix: str = "") -> Q:
    """SKP (reached through ``prefix``) that take progress reports: approved now or approved before."""
    p = f"{prefix}__" if prefix else ""
    return Q(**{f"{p}status": SkpStatus.APPROVED}) | Q(**{f"{p}version__gte": 1})


def is_reportable(skp) -> bool:
    return skp.status == SkpStatus.APPROVED or skp.version >= 1


def under_revision(skp) -> bool:
    """Approved before, reopened now: reporting goes on against the last approved version."""
    return skp.status != SkpStatus.APPROVED and skp.version >= 1


def last_approved(skp) -> SkpVersion | None:
    """The version snapshot of the SKP's last approval (None when it has none)."""
    return SkpVersion.objects.filter(skp_id=skp.pk, action=APPROVE).order_by("-number").first()


def approved_ikis(skp) -> dict[int, dict] | None:
    """While ``skp`` is under revision: the IKI of its last approved version, by id (their approved text and
    target as the snapshot holds them). None when the SKP stands approved (every IKI of it counts)."""
    if not under_revision(skp):
        return None
    return ikis_of(last_approved(skp))


def ikis_of(version: SkpVersion | None) -> dict[int, dict]:
    """The IKI of a version snapshot, by id."""
    if version is None:
        return {}
    return {iki["id"]: iki for rhk in version.content.get("rhks", []) for iki in rhk.get("ikis", [])
            if isinstance(iki, dict) and "id" in iki}


def deletion_refusal(iki_ids: list[int]) -> str | None:
    """Why these IKI may not be deleted from their SKP: progress reports were filed against them (deleting the IKI
    would delete them). The skp editor asks this through its delete guard (progress/apps.py)."""
    from django.utils.translation import gettext as _

    from .models import Report

    count = Report.objects.filter(iki_id__in=iki_ids).count() if iki_ids else 0
    if not count:
        return None
    return _("%(count)d progress report(s) were filed for this indicator: it cannot be deleted. Change its text "
             "or target instead, or ask the HR admin.") % {"count": count}
