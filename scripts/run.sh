#!/usr/bin/env bash
# One command: install Sud IA and start it on http://127.0.0.1:8000
# (SQLite in ./data, bundled models, demo collection ingested on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The demo is open to visitors without an account; a real deployment leaves this to false.
export SUDIA_ALLOW_ANONYMOUS="${SUDIA_ALLOW_ANONYMOUS:-true}"
echo "Sud IA démarre sur http://${SUDIA_HOST:-127.0.0.1}:${SUDIA_PORT:-8000}"
exec .venv/bin/sudia serve
