import copy
import os

import pytest
from django.utils import translation
from hypothesis import settings as hypothesis_settings

# Property tests assert results, not speed: a loaded CI machine must not fail them on hypothesis's
# 200 ms per-example deadline (speed is measured by `kinerja bench`).
hypothesis_settings.register_profile("kinerja", deadline=None)
hypothesis_settings.load_profile("kinerja")

IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"
# Commands the tests start as child processes run their tasks in place as well.
os.environ.setdefault("KINERJA_TASKS_BACKEND", IMMEDIATE_TASKS)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Tasks run inside the request (deterministic tests); the app's default is the database backend with a
    worker. kinerja/exports/tests/test_worker.py switches to the database backend on purpose."""
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE_TASKS}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is the production hasher (see test_settings); tests use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_http_and_static(settings):
    """Tests speak plain HTTP to the test client and need no collected static manifest."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(scope="session")
def _media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _temporary_media_root(settings, _media_dir):
    """Uploads (socialisation attachments, demo files) never land in the project's ./data/media."""
    settings.MEDIA_ROOT = _media_dir


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """Tests assert the English msgids; kinerja/tests/test_i18n.py checks the Indonesian default."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.hookimpl(trylast=True)  # after pytest-django has put the transactional tests last
def pytest_collection_modifyitems(items):
    """Two things for the module-wide world (``_module_world`` below):

    * mark the modules that hold a transactional test: their tests build the world per test;
    * within each run of one module's tests, run the tests that do not use the world first: once the
      module's world exists it stays in the module's transaction, and a test that expects an empty
      database (``db`` alone) must not see it. The order is otherwise kept (xdist needs the same order
      in every worker, which a deterministic sort gives)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
            name in item.fixturenames for name in ("transactional_db", "live_server"))
        if transactional and item.module is not None:
            item.module._kinerja_transactional = True
    ordered, run = [], []
    for item in items:
        if run and item.module is not run[0].module:
            ordered += sorted(run, key=lambda i: "world" in i.fixturenames)
            run = []
        run.append(item)
    ordered += sorted(run, key=lambda i: "world" in i.fixturenames)
    items[:] = ordered


@pytest.fixture(scope="module")
def _module_world(request, django_db_setup, django_db_blocker):
    """The test world, built once per module inside a transaction that is rolled back at the end.

    Each test runs in its own savepoint and gets a deep copy of the objects, so what a test writes is
    gone before the next one starts: the same isolation as a world built per test, at a fraction of
    the cost (the world is ~350 queries). A module that holds a transactional test cannot keep a
    transaction open across its tests; there ``world`` builds per test.
    """
    if getattr(request.module, "_kinerja_transactional", False):
        yield None
        return
    from kinerja.core.testing import build_world, rolled_back

    with rolled_back(django_db_blocker):
        yield build_world()


@pytest.fixture
def world(_module_world, db):
    """Two instances, a unit tree and a login for every role (see kinerja.core.testing): a fresh copy
    of the module's world for each test. ``db`` is named here, not fetched later, so that pytest-django
    sets the test database up even for a run whose only tests use ``world``."""
    if _module_world is None:  # a module with a transactional test: a world per test
        from kinerja.core.testing import build_world

        return build_world()
    return copy.deepcopy(_module_world)


@pytest.fixture
def client_for(client):
    """``client_for(user)`` → a Django test client logged in as ``user``."""

    def make(user):
        client.force_login(user)
        return client

    return make
