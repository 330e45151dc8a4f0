#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS server for the benchmarks, on a local socket only (the same
# approach as tests/postgis/round_trip.sh).
#
#   postgis_server.sh start DIR [EXTENSION...]
#                                 initdb in DIR/data, start the server with its socket in DIR, create
#                                 database "bench" with the postgis extension and any others named
#                                 (pgrouting); prints one line: "host=DIR port=PORT dbname=bench user=postgres"
#   postgis_server.sh stop DIR    stop the server and remove DIR
#
# DIR must not exist before `start` (it is created). Run as root, the server runs as the postgres user.
# Settings: durability off (fsync, synchronous_commit, full_page_writes: a throwaway cluster, this only
# speeds up loading) and shared_buffers=1GB so the tables and indexes stay in memory; the planner and
# parallel-query settings are PostgreSQL's defaults.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
fail() { echo "postgis_server.sh: $*" >&2; exit 1; }
cmd=${1:?usage: postgis_server.sh start|stop DIR [EXTENSION...]}
dir=${2:?usage: postgis_server.sh start|stop DIR [EXTENSION...]}
shift 2
extensions=("$@")
AS=()
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); fi

case "$cmd" in
  start)
    [ -x "$PGBIN/initdb" ] || fail "PostgreSQL 15 server not installed (scripts/install-deps.sh installs postgresql and postgresql-15-postgis-3)"
    [ -f /usr/share/postgresql/15/extension/postgis.control ] || fail "PostGIS 3 for PostgreSQL 15 not installed"
    for ext in "${extensions[@]}"; do
      [ -f "/usr/share/postgresql/15/extension/$ext.control" ] ||
        fail "the $ext extension for PostgreSQL 15 is not installed (scripts/install-deps.sh installs postgresql-15-$ext)"
    done
    [ ! -e "$dir" ] || fail "$dir exists already"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    port=$((55000 + RANDOM % 1000))
    "${AS[@]}" "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
    "${AS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
      -o "-p $port -k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB -c maintenance_work_mem=512MB" \
      start >/dev/null || { cat "$dir/server.log" >&2; fail "the server did not start"; }
    psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres)
    "${psql[@]}" -d postgres -c "CREATE DATABASE bench" >/dev/null || fail "cannot create the database"
    "${psql[@]}" -d bench -c "CREATE EXTENSION postgis" >/dev/null || fail "cannot create the postgis extension"
    for ext in "${extensions[@]}"; do
      "${psql[@]}" -d bench -c "CREATE EXTENSION $ext" >/dev/null || fail "cannot create the $ext extension"
    done
    echo "host=$dir port=$port dbname=bench user=postgres"
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    if [ -d "$dir/data" ]; then "${AS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) fail "unknown command '$cmd' (start or stop)" ;;
esac
