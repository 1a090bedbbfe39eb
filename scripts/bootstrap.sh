#!/usr/bin/env bash
# Installs everything Kinerja needs on a fresh Debian machine (idempotent; quick when all is there).
#   scripts/bootstrap.sh          runtime: Python venv + packages, npm assets, gettext, translations
#   scripts/bootstrap.sh --test   also Chromium (browser tests) and a running PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

apt_packages=()
command -v msgfmt >/dev/null 2>&1 || apt_packages+=(gettext)
command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
# WeasyPrint (the SKP PDF) needs Pango; the PDFs are set in Noto Sans
dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || apt_packages+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || apt_packages+=(fonts-noto-core)
if [ "$want_test" = 1 ]; then
  [ -x /usr/bin/chromium ] || apt_packages+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || apt_packages+=(poppler-utils)
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_packages+=(postgresql)
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
  log "apt-get install ${apt_packages[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  log "creating .venv with $PY"
  "$PY" -m venv .venv
fi
# Python packages come from the lock (requirements-dev.txt, made by `make lock` from pyproject.toml):
# exactly those versions, every file checked against its hash, nothing else; then Kinerja itself,
# editable, without dependencies, built with the locked setuptools. Redone whenever the lock or
# pyproject.toml changes (the stamp holds their hash).
lock=requirements-dev.txt
stamp=.venv/.installed-$(cat "$lock" pyproject.toml | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  log "installing Python packages from $lock"
  rm -f .venv/.installed-*
  .venv/bin/pip install -q --require-hashes -r "$lock"
  # remove what the lock no longer holds (pip itself and the editable kinerja are not listed by freeze)
  norm() { sed -E 's/[=@ ].*//' | tr 'A-Z_.' 'a-z--' | sort -u; }
  extra=$(comm -23 <(.venv/bin/pip freeze --exclude-editable | grep -E '^[A-Za-z0-9]' | norm) \
                   <(grep -E '^[A-Za-z0-9]' "$lock" | norm))
  if [ -n "$extra" ]; then
    log "removing packages not in $lock: $(echo $extra)"
    .venv/bin/pip uninstall -q -y $extra
  fi
  .venv/bin/pip install -q --no-deps --no-build-isolation -e .
  touch "$stamp"
fi

npm_stamp=node_modules/.installed-$(sha1sum package-lock.json | cut -c1-12)
if [ ! -f "$npm_stamp" ]; then
  log "installing front-end packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi

log "compiling translations"
(cd kinerja && KINERJA_DEBUG=1 ../.venv/bin/python ../manage.py compilemessages -v0)  # a build step: no secret key

if [ "$want_test" = 1 ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi
log "ready"
