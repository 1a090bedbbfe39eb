"""The API test fixtures (kinerja/api/testing.py): ``api(user)``; ``mw`` is the monev tests' world."""

from kinerja.api.testing import api  # noqa: F401
from kinerja.monev.tests.conftest import mw  # noqa: F401
