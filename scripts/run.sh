#!/bin/sh
# Install Reelarr's dependencies if needed and start it (data in ~/.config/reelarr, port 7878).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install.sh
exec .venv/bin/reelarr serve "$@"
