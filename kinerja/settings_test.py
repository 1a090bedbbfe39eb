"""Settings of the test suite (pyproject.toml [tool.pytest.ini_options]): the production settings with
a test-only secret key, since production refuses to start without one (kinerja/settings.py)."""

import os

os.environ.setdefault("KINERJA_SECRET_KEY", "test-only-secret-key-never-used-in-production-0123456789-abcdefgh")

from kinerja.settings import *  # noqa: E402, F403
