"""The API test fixtures (kinerja/api/testing.py): ``api(user)``; ``f`` is the feedback tests' conftest."""

from kinerja.api.testing import api  # noqa: F401
