"""What feedback adds to the SKP page (kinerja/skp/panels.py): a panel of the SKP's dialogues and comment
threads. The panel function gets only the SKP, so the panel loads its body from ``feedback:skp-panel`` with
htmx, where the permissions of the user are applied (someone who sees the SKP but not its feedback — the head
of a unit above — gets nothing: the empty slot stays empty)."""

from __future__ import annotations

from django.urls import reverse

from kinerja.skp.panels import SkpPanel


def skp_feedback(skp) -> dict | None:
    return {"url": reverse("feedback:skp-panel", args=[skp.pk])}


SKP_FEEDBACK = SkpPanel(key="feedback.dialogues", template="feedback/_skp_panel_slot.html", context=skp_feedback)
