#!/usr/bin/env bash
# Create the virtualenv; on a fresh Debian machine python3-venv may be missing, so install it (as root).
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}
[ -x "$venv/bin/python" ] && exit 0
if ! "$python" -m venv "$venv" 2>/dev/null; then
    rm -rf "$venv"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "python3-venv is missing: installing it with apt-get"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        "$python" -m venv "$venv"
    else
        echo "Cannot create a virtualenv. On Debian: sudo apt-get install python3-venv" >&2
        exit 1
    fi
fi
