#!/bin/sh
# Install what the tests need, then run the whole suite inside a loopback-only network
# namespace: nothing a test starts (deluged, Chromium...) can reach beyond this machine.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install.sh --test

if [ "$(id -u)" = 0 ]; then unshare_flags="-n"; else unshare_flags="-rn"; fi
# The suite's PostgreSQL (scripts/test-postgres.sh) is reached through its Unix socket inside the namespace.
eval "$(sh scripts/test-postgres.sh env)"
set +e
unshare $unshare_flags sh -c 'ip link set lo up && exec .venv/bin/python -m pytest -n 2 -q "$@"' pytest "$@"
status=$?
set -e
# pytest's "no tests collected" is a failure too: a suite that runs nothing proves nothing.
exit $status
