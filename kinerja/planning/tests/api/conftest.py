"""The API test fixtures (kinerja/api/testing.py): the world built once per module, ``api(user)``, ``unchanged``."""

from kinerja.api.testing import _module_world, api, unchanged, world  # noqa: F401
