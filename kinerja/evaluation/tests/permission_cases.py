"""Permission cases of the evaluation app, one module per concern (collected by kinerja/tests/permissions)."""

from .permission_cases_evaluations import CASES as EVALUATION_CASES

CASES = [*EVALUATION_CASES]
