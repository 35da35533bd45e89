#!/usr/bin/env bash
# require-command.sh COMMAND DEBIAN_PACKAGE: make sure COMMAND is on PATH, installing the Debian
# package when it is missing (as root), or say how to install it.
set -euo pipefail
command -v "$1" >/dev/null && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "$1 is missing: installing Debian package $2"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
else
    echo "$1 is missing. On Debian: sudo apt-get install $2" >&2
    exit 1
fi
