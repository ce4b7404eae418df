#!/usr/bin/env bash
# Installs what tests/test_browser.py needs, quietly and only when missing (safe to run again):
#   - Debian's chromium package (/usr/bin/chromium), with apt-get as root (or through sudo);
#   - the Python package playwright into the project venv (.venv, or $VENV), pinned by constraints.txt.
# The playwright wheel brings its own driver; the tests launch the system Chromium, so no
# `playwright install` (which downloads browsers) is ever needed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        echo "install-browser: /usr/bin/chromium is missing and this is not root (no sudo): install the Debian package 'chromium'" >&2
        exit 1
    fi
    echo "install-browser: installing Debian's chromium"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null | head -n 1

if [ ! -x "$VENV/bin/python" ]; then
    echo "install-browser: no venv at $VENV (create it first, e.g. make install)" >&2
    exit 1
fi
if ! "$VENV/bin/python" -c "import playwright.sync_api" >/dev/null 2>&1; then
    echo "install-browser: installing playwright into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints.txt playwright
fi
"$VENV/bin/python" -c "from importlib.metadata import version; print('playwright', version('playwright'))"
