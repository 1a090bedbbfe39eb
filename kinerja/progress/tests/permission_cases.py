"""Permission cases of the progress pages and API: the employee's own pages are in permission_cases_mine.py."""

from .permission_cases_mine import CASES_MINE

CASES = [*CASES_MINE]
