#!/bin/sh
# Build Reelarr's container image with podman, from Debian's archive alone (no image registry):
#   1. a Debian 12 base made with mmdebstrap (python3, ffmpeg for ffprobe, tzdata), `podman import`ed
#      as localhost/reelarr-base:<hash of its package list>;
#   2. the dependencies' wheels, fetched by pip into build/container/wheels-<hash of pyproject.toml>;
#   3. Reelarr's wheel and `podman build` of packaging/container/Containerfile, offline, tagged
#      localhost/reelarr:<hash of every input> and localhost/reelarr:latest.
# Each step is skipped when its result already exists, so a second run with unchanged inputs only
# hashes files. `--prepare` does steps 1-2 alone (the ones that need the network; install.sh --test
# runs them so that the tests, which have no network, can do step 3).
# Prints the image's name on its last line.
set -eu
cd "$(dirname "$0")/.."

prepare_only=0
[ "${1:-}" = "--prepare" ] && prepare_only=1

# Limits the sandboxes this was built in can grant (podman asks for more than they allow; for the
# process count even this machine's own hard limit is refused, 4096 is plenty for a build).
# runc, not crun: crun refuses hosts with hybrid cgroups whose v2 tree holds a controller.
podman_run_flags="--ulimit nofile=$(ulimit -Sn):$(ulimit -Hn) --ulimit nproc=4096:4096"
podman() { command podman --runtime "${REELARR_OCI_RUNTIME:-runc}" "$@"; }

packages="python3,python3-venv,ffmpeg,tzdata,ca-certificates,libmediainfo0v5"
# The mirror apt uses on this machine (deb822 or one-line sources), else Debian's own.
mirror=${REELARR_DEBIAN_MIRROR:-$(
    cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
        | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n1 | tr -d ' '
)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}
security=${REELARR_DEBIAN_SECURITY_MIRROR:-${mirror}-security}

base_hash=$(printf '%s\n' "$packages" "$mirror" | sha256sum | cut -c1-12)
base="localhost/reelarr-base:bookworm-$base_hash"
work=build/container
mkdir -p "$work"
# One build at a time (pytest workers, two installs): the next finds the image made and skips.
exec 9>"$work/.lock"
flock 9

if ! podman image exists "$base"; then
    echo "build-image: Debian 12 base from $mirror ($packages)"
    rootfs=$(mktemp --suffix=.tar "$work/rootfs.XXXXXX")  # one per run: two installs may build at once
    trap 'rm -f "$rootfs"' EXIT
    mmdebstrap --variant=minbase --include="$packages" \
        --customize-hook='chroot "$1" apt-get clean' \
        --customize-hook='rm -rf "$1"/var/lib/apt/lists/*' \
        bookworm "$rootfs" \
        "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb $security bookworm-security main"
    podman import --change 'CMD ["/bin/bash"]' "$rootfs" "$base" >/dev/null
fi

deps_hash=$(sha256sum pyproject.toml | cut -c1-12)
wheels="$work/wheels-$deps_hash"
if [ ! -e "$wheels/.complete" ]; then
    echo "build-image: dependency wheels into $wheels"
    rm -rf "$wheels"
    deps=$(.venv/bin/python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml","rb"))["project"]["dependencies"]))')
    # shellcheck disable=SC2086
    echo "$deps" | tr '\n' '\0' | xargs -0 .venv/bin/pip wheel -q --disable-pip-version-check -w "$wheels"
    touch "$wheels/.complete"
fi
[ "$prepare_only" = 1 ] && exit 0

# Everything that goes into the image, by content: the source git knows, the UI's npm files, the
# container files, this script and the base.
inputs_hash=$(
    {
        git ls-files --cached --others --exclude-standard -- src pyproject.toml setup.py packaging/container \
            scripts/build-image.sh
        find src/reelarr/web/static/vendor -type f
    } | sort -u | while read -r name; do [ -f "$name" ] && sha256sum "$name"; done \
        | { cat; echo "$base $deps_hash"; } | sha256sum | cut -c1-12
)
image="localhost/reelarr:$inputs_hash"
if ! podman image exists "$image"; then
    echo "build-image: building $image"
    context=$(mktemp -d "$work/context-$inputs_hash.XXXXXX")
    mkdir "$context/wheels"
    cp packaging/container/Containerfile packaging/container/entrypoint.sh packaging/container/healthcheck.py \
        "$context/"
    cp "$wheels"/*.whl "$context/wheels/"
    .venv/bin/pip wheel -q --disable-pip-version-check --no-build-isolation --no-deps --no-index \
        -w "$context/wheels" .
    # HEALTHCHECK is a Docker-format field: the OCI image format has none, and podman would drop it.
    # shellcheck disable=SC2086
    podman build -q --format docker --network none $podman_run_flags --build-arg "BASE=$base" \
        -t "$image" "$context" >/dev/null
    rm -rf "$context"
    # Keep the five newest builds; an image a container still uses is left alone by podman.
    podman images --filter reference=localhost/reelarr --format '{{.Repository}}:{{.Tag}}' \
        | grep -v ':latest$' | tail -n +6 | xargs -r podman rmi >/dev/null 2>&1 || true
fi
podman tag "$image" localhost/reelarr:latest
echo "$image"
