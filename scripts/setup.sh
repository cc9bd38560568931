#!/usr/bin/env bash
# Installs what Sud IA needs on a fresh Debian machine: system tools (OCR), a virtualenv, the package.
# Usage: scripts/setup.sh [--test]   (--test adds the test tools: Chromium, Playwright, PostgreSQL client)
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

need=()
command -v tesseract >/dev/null || need+=(tesseract-ocr tesseract-ocr-fra)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
# OCR-B, the MRZ font: read glyph by glyph by the piece checks, drawn by their test generator (#12)
[ -f /usr/share/fonts/opentype/ocr-b/OCRB.otf ] || need+=(fonts-ocr-b)
if [ "$want_test" = 1 ]; then
  command -v chromium >/dev/null || need+=(chromium)
  fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
fi
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installation des paquets système : ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Paquets système manquants (OCR dégradé) : ${need[*]} — installez-les avec apt-get." >&2
  fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
extras="all"
[ "$want_test" = 1 ] && extras="all,test"
.venv/bin/python -m pip install -q -e ".[${extras}]"
