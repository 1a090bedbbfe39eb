"""The API test fixtures (kinerja/api/testing.py): ``api(user)``; ``e`` and ``r``: the evaluation tests' conftest."""

from kinerja.api.testing import api  # noqa: F401
from kinerja.evaluation.tests.conftest import r  # noqa: F401
