"""The API test fixtures (kinerja/api/testing.py): ``api(user)``, ``unchanged``; ``world`` is kinerja/conftest.py's."""

from kinerja.api.testing import api, unchanged  # noqa: F401
