#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server: installs it from Debian packages when missing
# (as root), starts a private cluster on a free loopback port, exports RAPPORT_TEST_DATABASE_URL,
# runs the command, then stops the cluster and deletes it.
set -euo pipefail

if [ -n "${RAPPORT_TEST_DATABASE_URL:-}" ]; then
    exec "$@"
fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin)
if [ -z "$bin" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "PostgreSQL is not installed: installing it from Debian packages"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bin=$(find_bin)
    else
        echo "PostgreSQL is not installed. On Debian: sudo apt-get install postgresql" >&2
        exit 1
    fi
fi

dir=$(mktemp -d /tmp/rapport-pg.XXXXXX)
chmod 755 "$dir"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
cleanup() {
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc 'create database rapport_test' >/dev/null
export RAPPORT_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/rapport_test"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
