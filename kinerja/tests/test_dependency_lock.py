"""The lock files (requirements.txt, requirements-dev.txt) agree with pyproject.toml.

scripts/bootstrap.sh installs only what requirements-dev.txt pins, so a dependency added to or
changed in pyproject.toml without `make lock` would silently be missing or at the wrong version.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
HINT = "pyproject.toml and the lock disagree: run `make lock` (README, 'Updating dependencies')"

# the machines the lock is for: Python 3.11 on Linux, x86_64 and aarch64
TARGETS = [
    {
        "python_version": "3.11",
        "python_full_version": "3.11.9",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "os_name": "posix",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": machine,
        "extra": "",
    }
    for machine in ("x86_64", "aarch64")
]


def parse_lock(text: str) -> list[tuple[Requirement, list[str]]]:
    """The lock's entries as (name==version requirement with its marker, its hashes)."""
    logical = re.sub(r"\\\n", " ", text)
    entries = []
    for line in logical.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        requirement, *hashes = line.split("--hash=")
        entries.append((Requirement(requirement.strip()), [h.strip() for h in hashes]))
    return entries


def pins(entries, env) -> dict[str, list[Version]]:
    """name -> the versions the lock installs on that machine."""
    result: dict[str, list[Version]] = {}
    for requirement, _hashes in entries:
        if requirement.marker is None or requirement.marker.evaluate(env):
            (spec,) = requirement.specifier
            result.setdefault(canonicalize_name(requirement.name), []).append(Version(spec.version))
    return result


PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
RUNTIME = PYPROJECT["project"]["dependencies"]
DEV = PYPROJECT["project"]["optional-dependencies"]["dev"]
BUILD = PYPROJECT["build-system"]["requires"]
LOCKS = {
    "requirements.txt": RUNTIME + BUILD,
    "requirements-dev.txt": RUNTIME + DEV + BUILD,
}


def lock(name):
    path = ROOT / name
    assert path.exists(), f"{name} is missing: {HINT}"
    return parse_lock(path.read_text())


@pytest.mark.parametrize("env", TARGETS, ids=lambda env: env["platform_machine"])
@pytest.mark.parametrize("lock_name", LOCKS)
def test_every_pyproject_requirement_is_pinned_in_the_lock_within_its_specifier(lock_name, env):
    pinned = pins(lock(lock_name), env)
    problems = []
    for line in LOCKS[lock_name]:
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate(env):
            continue
        versions = pinned.get(canonicalize_name(requirement.name))
        if not versions:
            problems.append(f"{requirement} is not in {lock_name}")
        problems += [
            f"{requirement} but {lock_name} pins {requirement.name}=={version}"
            for version in versions or []
            if not requirement.specifier.contains(version, prereleases=True)
        ]
    assert not problems, HINT + "\n" + "\n".join(problems)


@pytest.mark.parametrize("lock_name", LOCKS)
def test_every_lock_entry_is_an_exact_pin_with_hashes(lock_name):
    # bootstrap installs with `pip install --require-hashes`
    for requirement, hashes in lock(lock_name):
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{requirement} in {lock_name} is not an exact pin: {HINT}"
        assert hashes and all(h.startswith("sha256:") for h in hashes), f"{requirement} has no hashes: {HINT}"


@pytest.mark.parametrize("env", TARGETS, ids=lambda env: env["platform_machine"])
def test_tests_run_the_versions_production_runs(env):
    runtime, dev = pins(lock("requirements.txt"), env), pins(lock("requirements-dev.txt"), env)
    differing = {name: (runtime[name], dev.get(name)) for name in runtime if runtime[name] != dev.get(name)}
    assert not differing, f"requirements.txt and requirements-dev.txt differ: {differing}; {HINT}"


def test_the_lock_check_catches_a_stale_lock():
    stale = parse_lock("django==5.1.4 \\\n    --hash=sha256:00\n    # via kinerja\nrich==13.0.0 --hash=sha256:11\n")
    pinned = pins(stale, TARGETS[0])
    django = Requirement("Django>=5.2,<5.3")
    assert not any(django.specifier.contains(v) for v in pinned["django"])
    assert "gunicorn" not in pinned
    assert Marker("sys_platform == 'win32'").evaluate(TARGETS[0]) is False
