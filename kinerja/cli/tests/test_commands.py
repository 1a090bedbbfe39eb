"""``kinerja --help`` lists the command line's own commands and those the apps declare (``CLI_COMMANDS`` in
their faces.py), before any settings are read."""

import os
import subprocess
import sys
from pathlib import Path

from kinerja.cli import _register, cli

ROOT = Path(__file__).resolve().parents[3]
COMMANDS = {"360", "bench", "demo", "evaluate", "feedback", "import", "init", "logins", "manage", "monev", "progress",
            "scheduler", "seed", "serve", "skp", "worker"}


def test_every_command_is_registered():
    _register()
    assert set(cli.commands) == COMMANDS
    assert set(cli.commands["skp"].commands) == {"periods", "overdue", "export", "import"}
    assert set(cli.commands["logins"].commands) == {"create", "deactivate-leavers"}
    assert set(cli.commands["import"].commands) == {"employees"}


def test_help_lists_them_without_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "KINERJA_", "DJANGO_"))}
    result = subprocess.run([sys.executable, "-m", "kinerja.cli", "--help"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.split("Commands:", 1)[1].strip().splitlines()]
    assert listed == sorted(COMMANDS)
