"""Permission cases of the evaluation app (collected by kinerja/tests/permissions)."""

from .permission_cases_results import CASES as RESULTS_CASES

CASES = [*RESULTS_CASES]
