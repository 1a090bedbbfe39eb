from kinerja.api.testing import *  # noqa: F403 (the API fixtures)
from kinerja.monev.tests.conftest import mw  # noqa: F401
