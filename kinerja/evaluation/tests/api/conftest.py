"""The API test fixtures (kinerja/api/testing.py): ``api(user)``; ``e`` is the evaluation tests' conftest."""

from kinerja.api.testing import api  # noqa: F401
