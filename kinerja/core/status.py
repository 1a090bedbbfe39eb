"""One meaning per status colour, on every page.

Every status of the application (SKP, performance agreement, socialisation item, reminder batch, export
job) falls in one of a few *tones*; a tone has one colour everywhere, defined once in ``app.css`` as
``.status-<value>``; views that need a Bootstrap contextual name use :func:`bootstrap_tone`. Templates
write ``status-{{ obj.status }}``; no app defines its own status colours (core/tests/test_status_colours.py).

* neutral (grey): being written, nobody else has to act — draft, queued
* waiting (amber): waiting for someone else — submitted
* attention (red): needs the owner's action — returned, failed
* working (blue): the system is at it — running
* done (green): finished and valid — approved, signed, published, done
* missing (dashed grey): nothing there yet — none
"""

from __future__ import annotations

TONES = {
    "neutral": "secondary",
    "waiting": "warning",
    "attention": "danger",
    "working": "primary",
    "done": "success",
    "missing": "light",
}

STATUS_TONE = {
    "draft": "neutral", "queued": "neutral",
    "submitted": "waiting", "pending": "waiting",
    "returned": "attention", "failed": "attention", "needs_fix": "attention",
    "running": "working",
    "approved": "done", "signed": "done", "published": "done", "done": "done", "accepted": "done",
    "none": "missing", "": "missing",
}


def tone_of(status: str | None) -> str:
    """The tone name of a status value (``None``/empty: missing)."""
    return STATUS_TONE.get(str(status or ""), "neutral")


def bootstrap_tone(status: str | None) -> str:
    """The Bootstrap contextual name (success, warning, …) of a status value, for bg-*/text-bg-* classes."""
    return TONES[tone_of(status)]
