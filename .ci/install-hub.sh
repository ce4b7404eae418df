#!/usr/bin/env bash
# Installs what tests/test_hub.py (a real JupyterHub with N trainees) needs, quietly and only when
# missing (safe to run again):
#   - the course's `hub` extra into the project venv (.venv, or $VENV): jupyterhub, nbgitpuller,
#     jupyterhub-idle-culler, psutil, ..., pinned by constraints.txt;
#   - configurable-http-proxy (the hub's proxy, a Node.js program) from the npm registry, into
#     $VENV/node_modules, linked as $VENV/bin/configurable-http-proxy. Needs node and npm (Debian's
#     nodejs and npm packages are installed with apt-get when missing and this is root).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
CHP_VERSION="5.2.0"   # 5.3 needs Node.js 22 (commander 15); 5.2 runs on Node.js 20

if [ ! -x "$VENV/bin/python" ]; then
    echo "install-hub: no venv at $VENV (create it first, e.g. make install)" >&2
    exit 1
fi
if ! "$VENV/bin/python" -c "import jupyterhub, nbgitpuller, jupyterhub_idle_culler, psutil" >/dev/null 2>&1; then
    echo "install-hub: installing the hub extra into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[hub]"
fi
"$VENV/bin/python" -c "from importlib.metadata import version as v; print('jupyterhub', v('jupyterhub'), '· nbgitpuller', v('nbgitpuller'), '· idle-culler', v('jupyterhub-idle-culler'))"

if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "install-hub: installing Debian's nodejs and npm"
        env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "install-hub: npm is missing and this is not root: install Node.js 20+ and npm" >&2
        exit 1
    fi
fi
CHP="$VENV/node_modules/.bin/configurable-http-proxy"
if [ ! -x "$CHP" ] || [ "$("$CHP" --version 2>/dev/null)" != "$CHP_VERSION" ]; then
    echo "install-hub: installing configurable-http-proxy $CHP_VERSION from npm into $VENV/node_modules"
    npm install --silent --no-audit --no-fund --no-save --prefix "$VENV" "configurable-http-proxy@$CHP_VERSION"
fi
ln -sf ../node_modules/.bin/configurable-http-proxy "$VENV/bin/configurable-http-proxy"
echo "configurable-http-proxy $("$VENV/bin/configurable-http-proxy" --version) (node $(node --version))"
