#!/bin/sh
# The container's start: run Reelarr as PUID:PGID with UMASK and TZ, the linuxserver.io way.
# /config is the data folder; it (and what is in it) is handed to PUID:PGID on every start, so a
# volume made by root or by an older PUID keeps working.
set -eu
PUID=${PUID:-1000}
PGID=${PGID:-1000}
UMASK=${UMASK:-022}

if [ -n "${TZ:-}" ] && [ -f "/usr/share/zoneinfo/$TZ" ] && [ -w /etc ]; then
    ln -sf "/usr/share/zoneinfo/$TZ" /etc/localtime
    echo "$TZ" >/etc/timezone
fi
umask "$UMASK"
export HOME=/config

if [ "$(id -u)" != 0 ]; then
    # Started with --user: nothing to switch; the caller owns the volume.
    exec /opt/reelarr/bin/reelarr "$@"
fi
if [ "$PUID" != 0 ]; then
    groupmod -o -g "$PGID" reelarr
    usermod -o -u "$PUID" reelarr
fi
mkdir -p /config
find /config -xdev \( ! -user "$PUID" -o ! -group "$PGID" \) -exec chown -h "$PUID:$PGID" {} +
echo "reelarr-container: running as uid $PUID gid $PGID, umask $UMASK, TZ ${TZ:-UTC}"
if [ "$PUID" = 0 ]; then
    exec /opt/reelarr/bin/reelarr "$@"
fi
exec setpriv --reuid="$PUID" --regid="$PGID" --init-groups --no-new-privs /opt/reelarr/bin/reelarr "$@"
