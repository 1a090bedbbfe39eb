"""Every demo role walks every page it can reach: no link or button shown to it answers 403, 404 or 500.

The data is the real demo of one instance (Palembang), as ``kinerja demo --no-server`` builds it.
"""

from __future__ import annotations

import time

import pytest

from kinerja.accounts.models import User
from kinerja.demo.data import SUPERUSER, load_demo
from kinerja.demo.world import INSTANCES

from .crawl import crawl

ROLES = ["pegawai", "penilai", "admin_opd", "admin_bkpsdm", "monev", "pimpinan", "auditor", "superuser"]


@pytest.fixture
def demo(db):
    return {login.role: login.username for login in load_demo([INSTANCES[0]])}


@pytest.mark.parametrize("role", ROLES)
def test_no_page_or_action_shown_to_a_role_fails(role, demo, client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    username = SUPERUSER if role == "superuser" else demo[role]
    client.force_login(User.objects.get(username=username))
    started = time.monotonic()
    result = crawl(client, "/")
    elapsed = time.monotonic() - started
    print(f"{role}: {len(result.visited)} URLs in {elapsed:.1f}s")
    assert len(result.visited) > 10
    assert elapsed < 90, "the crawl must stay cheap: bound it (max_pages, per_shape) rather than skip pages"
    assert not result.failures, f"{role}:\n{result.describe()}"
