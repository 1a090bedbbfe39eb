#!/usr/bin/env bash
# Regenerates the Python lock files from pyproject.toml (`make lock`; see README "Updating dependencies"):
#   requirements.txt       runtime: [project] dependencies + the [build-system] requires (setuptools, wheel)
#   requirements-dev.txt   the same pins + the `dev` extra (what scripts/bootstrap.sh installs)
# One universal resolution for Python 3.11 (Linux x86_64 and aarch64 alike), every file hash-pinned.
# uv keeps the versions already in the lock files unless told otherwise; extra arguments go to
# `uv pip compile`, e.g.  scripts/lock.sh --upgrade-package django   or   scripts/lock.sh --upgrade
set -euo pipefail
cd "$(dirname "$0")/.."

UV="${UV:-.venv/bin/uv}"
if [ ! -x "$UV" ]; then
  command -v uv >/dev/null 2>&1 || { echo "no uv: run scripts/bootstrap.sh first (it installs the locked uv), or pip install uv" >&2; exit 1; }
  UV=uv
fi
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3.11

build_requires() {
  "$PY" -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))'
}
common=(--universal --python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock")

# runtime first; the dev lock is constrained to it, so tests run the versions production runs
build_requires | "$UV" pip compile pyproject.toml - "${common[@]}" -o requirements.txt "$@"
build_requires | "$UV" pip compile pyproject.toml - --extra dev -c requirements.txt "${common[@]}" \
  -o requirements-dev.txt "$@"
