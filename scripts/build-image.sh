#!/usr/bin/env bash
# Build the production image with buildah, without a Docker daemon or an image registry: the base is a
# Debian bookworm made locally with debootstrap (once; its python3 is 3.11 like python:3.11-slim), and
# the build reaches the Python package index through this host's pip configuration, mounted read-only.
# Usage: scripts/build-image.sh [IMAGE]   (default localhost/rapport:dev). Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:-${IMAGE:-localhost/rapport:dev}}
base=${BASE_IMAGE:-localhost/python:3.11-slim-local}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs} BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}

scripts/require-command.sh buildah buildah
scripts/require-command.sh debootstrap debootstrap

if ! buildah inspect --type image "$base" >/dev/null 2>&1; then
    echo "== base image $base (debootstrap bookworm, once)"
    c=$(buildah from scratch)
    trap 'buildah rm "$c" >/dev/null 2>&1 || true' EXIT
    root=$(buildah mount "$c")
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates,passwd bookworm "$root" "$mirror" \
        >/tmp/rapport-debootstrap.log 2>&1 || { tail -n 30 /tmp/rapport-debootstrap.log >&2; exit 1; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    # A venv in /usr/local puts python and pip in /usr/local/bin, as in the python:3.11-slim images.
    buildah run "$c" -- python3 -m venv /usr/local
    buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env LANG=C.UTF-8 "$c"
    buildah commit --quiet "$c" "$base" >/dev/null
    buildah rm "$c" >/dev/null
    trap - EXIT
fi

# Every pip configuration file, CA bundle and local package folder the host's pip uses, at the same path.
mounts=()
for path in /etc/pip.conf /etc/xdg/pip /etc/ssl/certs "${PIP_CONFIG_FILE:-}" \
        $(python3 -m pip config list 2>/dev/null | sed -E "s/^[^=]*='(.*)'$/\1/" | tr ' ' '\n' \
          | sed -E 's#^file://##' | grep '^/' || true); do
    [ -n "$path" ] && [ -e "$path" ] || continue
    case " ${mounts[*]-} " in *" -v $path:$path:ro "*) continue ;; esac
    mounts+=(-v "$path:$path:ro")
done

echo "== image $image (base $base)"
# --format docker keeps the HEALTHCHECK (the OCI format has none); --layers caches the dependency layer.
buildah build --quiet --format docker --layers --from "$base" "${mounts[@]}" -t "$image" . >/dev/null
buildah images --format '{{.Name}}:{{.Tag}} {{.Size}}' "$image"
