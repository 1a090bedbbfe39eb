"""The 360 summary on the evaluation page (kinerja/evaluation/panels.py; registered in apps.py).

The evaluating official (and whoever may read the evaluation) sees the employee's released aggregate for the
evaluation's period — the mean per BerAKHLAK value, the overall mean and the suggested rating perilaku — never
who answered what, and nothing until the round is closed with at least the minimum of answers (the round's own,
or the instance's ``EvaluationSettings.min_360_responses`` when that is higher).
"""

from __future__ import annotations

from . import results

KEY = "feedback360"
TEMPLATE = "feedback360/_evaluation_panel.html"


def evaluation_panel(evaluation, user) -> dict:
    from kinerja.evaluation.models import EvaluationSettings

    minimum = (EvaluationSettings.objects.filter(instance_id=evaluation.instance_id)
               .values_list("min_360_responses", flat=True).first())
    summary = results.summaries(evaluation.period_id, [evaluation.employee_id], min_responses=minimum)[
        evaluation.employee_id]
    return results.shown(summary)
