"""``kinerja serve``: gunicorn with several workers serves the pages and the static files, and stops on SIGTERM."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kinerja.cli import serve as serve_module

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 – a local test server
        return response.status, dict(response.headers), response.read()


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason=(
    "the server always runs on a temporary SQLite database, so the PostgreSQL pass of the suite would only "
    "repeat it (its collectstatic costs a minute)"))
def test_serve_runs_gunicorn_workers_with_static_files(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "KINERJA_"))}
    env.update(KINERJA_DATA_DIR=str(tmp_path / "data"), KINERJA_SECRET_KEY="test-" + "x" * 50,
               KINERJA_INSECURE_HTTP="1", DJANGO_SETTINGS_MODULE="kinerja.settings")
    cmd = [sys.executable, "-m", "kinerja.cli"]
    migrate = subprocess.run([*cmd, "manage", "migrate", "-v", "0"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr
    port = _free_port()
    server = subprocess.Popen([*cmd, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2",
                               "--timeout", "60"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 600  # collectstatic compresses every asset: minutes on a loaded machine
        while True:
            try:
                status, _headers, body = _get(f"http://127.0.0.1:{port}/accounts/login/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.5)
        assert status == 200 and b'name="password"' in body
        css = re.search(rb'href="(/static/[^"]+\.css)"', body).group(1).decode()
        assert re.search(r"\.[0-9a-f]{12}\.css$", css), css  # the hashed name from collectstatic's manifest
        status, headers, content = _get(f"http://127.0.0.1:{port}{css}")
        assert status == 200 and headers["Content-Type"].startswith("text/css") and content
        assert "max-age=315360000" in headers.get("Cache-Control", "")  # WhiteNoise: immutable hashed file
        assert (tmp_path / "data" / "static" / "staticfiles.json").is_file()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output, _ = server.communicate(timeout=120)
    assert server.returncode == 0, output
    assert "Booting worker" in output and output.count("Booting worker with pid") >= 2, output
    assert "Traceback" not in output, output


def test_serve_options_and_missing_static_files(db, tmp_path, settings, monkeypatch):
    settings.STATIC_ROOT = tmp_path / "static"
    captured = {}
    monkeypatch.setattr(serve_module, "run_gunicorn", lambda options: captured.update(options))
    group = click.Group("kinerja")
    serve_module.register(group)
    result = CliRunner().invoke(group, ["serve", "--no-collectstatic"])
    assert result.exit_code == 1 and "collectstatic" in result.output and not captured
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": ""}')
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    result = CliRunner().invoke(group, ["serve", "--no-collectstatic", "-b", "0.0.0.0:9000", "-w", "3",
                                        "--threads", "1", "--timeout", "30", "--max-requests", "500"])
    assert result.exit_code == 0, result.output
    assert captured["bind"] == ["0.0.0.0:9000"] and captured["workers"] == 3
    assert captured["worker_class"] == "sync" and captured["timeout"] == 30
    assert (captured["max_requests"], captured["max_requests_jitter"]) == (500, 50)
    assert 3 <= serve_module.default_workers() <= 8
