#!/usr/bin/env bash
# Smoke test of the production image: build it, start a throwaway PostgreSQL (and Redis), then from
# containers of the image: a missing production setting stops it with a clear message, `rapport migrate`
# migrates, `rapport web` serves /healthz and a signed-in request, `rapport worker` registers with Redis,
# and `rapport healthcheck` passes for both. Secrets reach the containers as *_FILE mounts. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${RAPPORT_TEST_DATABASE_URL:-}" ]; then
    exec scripts/with-postgres.sh "$0" "$@"
fi
image=${IMAGE:-localhost/rapport:dev}
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs} BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}
started=$SECONDS
scripts/build-image.sh "$image"
echo "== built in $((SECONDS - started)) s"
buildah inspect --type image --format '{{.Docker.Config.User}} {{.Docker.Config.Healthcheck.StartPeriod}}' "$image" \
    | grep -qx '10001:10001 40s' || { echo "smoke: the image lost its numeric user or its healthcheck" >&2; exit 1; }

work=$(mktemp -d /tmp/rapport-smoke.XXXXXX)
chmod 755 "$work"
containers=() pids=()
cleanup() {
    for pid in "${pids[@]-}"; do [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null || true; done
    for c in "${containers[@]-}"; do [ -n "$c" ] && buildah rm "$c" >/dev/null 2>&1 || true; done
    [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Secrets as files readable by the image's user (UID 10001), mounted where compose puts secrets.
mkdir -m 700 "$work/secrets"
printf '%s\n' "$RAPPORT_TEST_DATABASE_URL" >"$work/secrets/database_url"
python3 -c 'import secrets; print(secrets.token_hex(32))' >"$work/secrets/secret_key"
chown -R 10001:10001 "$work/secrets"
settings=(-v "$work/secrets:/run/secrets:ro" --env RAPPORT_DATABASE_URL_FILE=/run/secrets/database_url
          --env RAPPORT_SECRET_KEY_FILE=/run/secrets/secret_key --env RAPPORT_PUBLIC_URL=https://rapport.example.org
          --env RAPPORT_SMTP_HOST=127.0.0.1)
new_container() { CID=$(buildah from --quiet "$image"); containers+=("$CID"); }
in_image() { buildah run --network host --user 10001:10001 "$@"; }  # in_image [OPTIONS] CONTAINER -- COMMAND

echo "== production without settings refuses to start"
new_container
if in_image "$CID" -- rapport web >"$work/refused.log" 2>&1; then
    echo "smoke: the image started without a database URL" >&2; exit 1
fi
grep -q "refuses to start without: RAPPORT_DATABASE_URL" "$work/refused.log" || { cat "$work/refused.log" >&2; exit 1; }
echo "smoke: $(grep -o "rapport: RAPPORT_ENV=production refuses.\{60\}" "$work/refused.log")..."

echo "== rapport migrate (one-shot)"
new_container
in_image "${settings[@]}" "$CID" -- rapport migrate

echo "== rapport web"
port=$(free_port)
new_container
setsid buildah run --network host --user 10001:10001 "${settings[@]}" --env PORT="$port" --env WEB_CONCURRENCY=2 \
    "$CID" -- rapport web >"$work/web.log" 2>&1 &
pids+=($!)
python3 scripts/smoke_requests.py "http://127.0.0.1:$port" || { cat "$work/web.log" >&2; exit 1; }
in_image --env PORT="$port" "$CID" -- rapport healthcheck web
if grep -q "Permission denied" "$work/web.log"; then cat "$work/web.log" >&2; exit 1; fi
echo "smoke: web healthcheck passed; gunicorn logged no permission error"

if command -v redis-server >/dev/null; then
    echo "== rapport worker"
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
        --pidfile "$work/redis.pid" --logfile "$work/redis.log"
    settings+=(--env RAPPORT_REDIS_URL="redis://127.0.0.1:$redis_port/0")
    new_container
    setsid buildah run --network host --user 10001:10001 "${settings[@]}" "$CID" -- rapport worker >"$work/worker.log" 2>&1 &
    pids+=($!)
    healthy=
    for _ in $(seq 60); do
        kill -0 "${pids[-1]}" 2>/dev/null || break  # the worker exited: no point waiting
        if in_image "${settings[@]}" "$CID" -- rapport healthcheck worker 2>"$work/check.log"; then healthy=1; break; fi
        sleep 1
    done
    [ -n "$healthy" ] || { cat "$work/check.log" "$work/worker.log" >&2; exit 1; }
    echo "smoke: worker registered with Redis; its healthcheck passed"
else
    echo "smoke: redis-server missing, worker not checked (make services installs it)"
fi
echo "== image smoke passed in $((SECONDS - started)) s"
