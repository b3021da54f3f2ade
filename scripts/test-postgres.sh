#!/bin/sh
# The test suite's own PostgreSQL: a cluster named reelarr_test beside whatever the machine runs,
# reachable only through a Unix socket in its own directory (no TCP), with peer authentication
# for one role that may create databases. Nothing else on the machine is read or changed, so a
# stock Debian 12 (whose main cluster may be missing or stopped) runs the storage tests as well.
#
#   sh scripts/test-postgres.sh env          prints the REELARR_TEST_PG_* variables the suite reads
#   sh scripts/test-postgres.sh setup USER   (as root) creates or starts the cluster, idempotently,
#                                            and lets the system user USER log in as the role
set -eu

cluster=reelarr_test
port=5439
socket_dir=/var/run/postgresql/$cluster
role=reelarr_test
database=reelarr_test

if [ "${1:-}" = env ]; then
    echo "export REELARR_TEST_PG_SOCKET=$socket_dir REELARR_TEST_PG_PORT=$port"
    echo "export REELARR_TEST_PG_USER=$role REELARR_TEST_PG_DATABASE=$database"
    exit 0
fi
[ "${1:-}" = setup ] && [ -n "${2:-}" ] || { echo "usage: $0 env | setup USER" >&2; exit 2; }
test_user=$2

version=$(pg_lsclusters -h | awk -v name="$cluster" '$2 == name { print $1; exit }')
if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    echo "install: PostgreSQL $version cluster $cluster for the tests (socket $socket_dir, port $port)"
    # Started by hand only (start.conf manual), never at boot; fsync off because it holds
    # nothing but throw-away test databases.
    pg_createcluster --start-conf=manual --port="$port" --socketdir="$socket_dir" \
        -o ssl=off -o fsync=off -o synchronous_commit=off -o full_page_writes=off \
        "$version" "$cluster" >/dev/null
    # No TCP at all (pg_createcluster's -o cannot write an empty value).
    pg_conftool "$version" "$cluster" set listen_addresses ""
fi
config=/etc/postgresql/$version/$cluster

changed=0
# No autovacuum: a test database lives for seconds, and a vacuum worker still connected to it
# (a superuser process) would make the fixture's DROP DATABASE ... WITH (FORCE) fail.
if [ "$(pg_conftool -s "$version" "$cluster" show autovacuum 2>/dev/null)" != "off" ]; then
    pg_conftool "$version" "$cluster" set autovacuum off
    changed=1
fi

# Only local socket connections: the cluster owner, and the test role for the mapped system users.
hba=$(printf 'local all postgres peer\nlocal all %s peer map=%s\n' "$role" "$role")
if [ "$(cat "$config/pg_hba.conf")" != "$hba" ]; then
    echo "$hba" > "$config/pg_hba.conf"
    changed=1
fi
if ! grep -qx "$role $test_user $role" "$config/pg_ident.conf"; then
    echo "$role $test_user $role" >> "$config/pg_ident.conf"
    changed=1
fi

# pg_ctlcluster recreates the socket directory below /var/run/postgresql after a reboot.
if pg_lsclusters -h "$version" "$cluster" | grep -q online; then
    [ "$changed" = 0 ] || pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" reload
else
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
fi

as_owner() { runuser -u postgres -- "$@" -h "$socket_dir" -p "$port"; }
if [ -z "$(as_owner psql -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]; then
    as_owner psql -q -d postgres -c "CREATE ROLE $role LOGIN CREATEDB"
fi
if [ -z "$(as_owner psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
    as_owner createdb -O "$role" "$database"
fi
