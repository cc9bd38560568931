#!/usr/bin/env bash
# One command: install everything (package, test tools, Chromium) and run the whole test suite,
# PostgreSQL backend included (the local server is started if it is not running).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null; then
    echo "Démarrage de PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi
export SUDIA_TEST_POSTGRES_URL="${SUDIA_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}"
exec .venv/bin/python -m pytest "$@"
