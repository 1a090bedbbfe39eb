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
PROGRESS_KEY = "feedback.reports"
PROGRESS_TEMPLATE = "feedback/_progress_panel.html"


def progress_feedback(ctx) -> dict | None:
    """The panel on the employee's progress page (``progress/panels.py``, registered in apps.py).

    ``ctx`` is the page's PanelContext (``user``, ``skp``, ``period``, ``reports``): each report of the period
    shown with its comment count (its thread loads with htmx when unfolded) and the next planned dialogue. Three
    queries; None (no panel) for a user who may not read the SKP's feedback.
    """
    from django.db.models import Count
    from django.utils import timezone

    from . import permissions
    from .models import Comment, Dialogue, DialogueStatus

    skp = getattr(ctx, "skp", None)
    if skp is None or not permissions.restrict_skps(type(skp).objects.filter(pk=skp.pk), ctx.user).exists():
        return None
    reports = list(getattr(ctx, "reports", None) or [])
    period = getattr(ctx, "period", None)
    if period:
        reports = [r for r in reports if r.period_start == period[0]]
    comments = Comment.objects.filter(skp=skp, report__isnull=False, deleted_at=None)  # one query, reports or not
    if period:
        comments = comments.filter(report__period_start=period[0])
    counts = dict(comments.values_list("report_id").annotate(n=Count("pk")).values_list("report_id", "n"))
    upcoming = (Dialogue.objects.filter(skp=skp, status=DialogueStatus.PLANNED, scheduled_at__gte=timezone.now())
                .select_related("superior").order_by("scheduled_at").first())
    return {"skp": skp, "reports": [(r, counts.get(r.pk, 0)) for r in reports], "upcoming": upcoming,
            "dialogues_url": reverse("feedback:skp-dialogues", args=[skp.pk])}
