"""Settings of the test suite (pyproject.toml [tool.pytest.ini_options]): the production settings with
a test-only secret key, since production refuses to start without one (kinerja/settings.py)."""

import os

os.environ.setdefault("KINERJA_SECRET_KEY", "test-only-secret-key-never-used-in-production-0123456789-abcdefgh")

from kinerja.settings import *  # noqa: E402, F403

# WhiteNoise scans every static directory (node_modules included) when a request handler is built,
# ~0.15 s per test client; in autorefresh mode it finds a file when it is asked for, as in development.
# The production behaviour (immutable hashed files) is tested against a real server: cli/tests/test_serve.py.
WHITENOISE_AUTOREFRESH = True

# Evidence files (progress) of the test run go to a temporary directory, never to ./data/evidence
# (kinerja/progress/tests: ``evidence_dir`` gives a test its own).
import tempfile  # noqa: E402

if STORAGES["evidence"]["BACKEND"].endswith("FileSystemStorage"):  # noqa: F405
    STORAGES["evidence"]["OPTIONS"]["location"] = tempfile.mkdtemp(prefix="kinerja-test-evidence-")  # noqa: F405
