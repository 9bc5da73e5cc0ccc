#!/bin/bash
# Captures the PgBouncer corpus from real software: PgBouncer (Debian package; 1.18.0 when captured) in
# transaction mode in front of a throwaway PostgreSQL 15, and parcelhub.py, a small parcel-tracking service
# (psycopg2, psycopg 3, asyncpg, SQLAlchemy), provoked into PgBouncer's failures: max_client_conn,
# query_wait_timeout, wrong password (scram, md5, user missing from auth_file), unknown database, an alias whose
# server database is missing, prepared statements in transaction mode, PostgreSQL fast/immediate stop
# (server conn crashed?, server_login_retry), PAUSE and SHUTDOWN through the admin console.
#
# Re-run (as root, from the repository root):   Tests/Corpus/pgbouncer/capture.sh
# Needs: /usr/lib/postgresql/15/bin, /usr/sbin/pgbouncer (apt-get install pgbouncer), free ports 6433 and 55433
#        (fixed: parcelhub.py and pgbouncer.ini name them, and they appear in the logs), Python with psycopg2,
#        psycopg, asyncpg, sqlalchemy: PYTHON=..., else scripts/capture-venv's.
# Overwrites pgbouncer.log, postgresql.log and app.log here (about 60 s; read by
# `logmedic rules test --corpus Tests/Corpus/pgbouncer` with expected-pgbouncer.yaml, which is hand-written:
# check it still holds after a re-capture). PostgreSQL and PgBouncer are stopped at the end.
set -u
here=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-$("$here"/../../../scripts/capture-venv)} || exit 1
PGBIN=/usr/lib/postgresql/15/bin
PGBOUNCER=${PGBOUNCER:-/usr/sbin/pgbouncer}
[ -x "$PGBIN/pg_ctl" ] || { echo "capture.sh: needs PostgreSQL 15 in $PGBIN" >&2; exit 1; }
[ -x "$PGBOUNCER" ] || { echo "capture.sh: needs pgbouncer ($PGBOUNCER; apt-get install pgbouncer)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/pgbouncer-corpus.XXXXXX)   # PGDATA, sockets, pid file, the logs while they are written
PGDATA=$WORK/data
RUN=$WORK/run
LOGS=$WORK/logs
export PARCELHUB_LOG=$LOGS/app.log
export PGPASSWORD=admin-secret
PY() { "$PYTHON" "$here/parcelhub.py" "$@"; }
as_pg() { runuser -u postgres -- "$@"; }

admin() { # PgBouncer admin console
  "$PGBIN/psql" -X -h 127.0.0.1 -p 6433 -U pgb_admin pgbouncer -c "$1" 2>&1 | sed 's/^/    [admin] /'
}
pg_ctl() { as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$LOGS/postgresql.log" -w "$@" | sed 's/^/    [pg_ctl] /'; }
stop_pgbouncer() {
  if [ -f "$RUN/pgbouncer.pid" ]; then
    pid=$(cat "$RUN/pgbouncer.pid")
    kill -INT "$pid" 2>/dev/null
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.3; done
  fi
}
cleanup() {
  stop_pgbouncer
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
start_pgbouncer() { as_pg "$PGBOUNCER" -d "$RUN/pgbouncer.ini"; sleep 0.5; }
step() { echo "== $*"; }

# --- clean slate ------------------------------------------------------------------------------
mkdir -p "$PGDATA" "$RUN" "$LOGS"
chown -R postgres:postgres "$WORK"
chmod 755 "$WORK"

# --- PostgreSQL 15 ----------------------------------------------------------------------------
step "initdb"
echo 'pg-super-secret' > "$RUN/pw" && chown postgres "$RUN/pw"
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --pwfile="$RUN/pw" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
rm -f "$RUN/pw"
cat >> "$PGDATA/postgresql.conf" <<CONF
port = 55433
listen_addresses = '127.0.0.1'
unix_socket_directories = '$RUN'
logging_collector = off
log_destination = 'stderr'
log_line_prefix = '%m [%p] %q%u@%d '
lc_messages = 'C'
max_connections = 20
CONF
pg_ctl start
as_pg "$PGBIN/psql" -X -q -h "$RUN" -p 55433 -U postgres <<'SQL'
CREATE ROLE parcel_app LOGIN PASSWORD 'parcel-secret';
CREATE DATABASE parcels OWNER parcel_app;
SQL

# --- PgBouncer --------------------------------------------------------------------------------
# pgbouncer.ini here is the configuration as captured; only its file locations are moved into $WORK.
step "pgbouncer"
cp "$here/pgbouncer_hba.conf" "$here/userlist.txt" "$RUN/"
sed -e "s#^unix_socket_dir = .*#unix_socket_dir = $RUN#" \
    -e "s#^pidfile = .*#pidfile = $RUN/pgbouncer.pid#" \
    -e "s#^logfile = .*#logfile = $LOGS/pgbouncer.log#" \
    -e "s#^auth_hba_file = .*#auth_hba_file = $RUN/pgbouncer_hba.conf#" \
    -e "s#^auth_file = .*#auth_file = $RUN/userlist.txt#" \
    "$here/pgbouncer.ini" > "$RUN/pgbouncer.ini"
chown postgres:postgres "$RUN"/*
chmod 600 "$RUN/userlist.txt"
start_pgbouncer
"$PGBOUNCER" --version | head -1

step seed;              PY seed
step normal_traffic;    PY normal_traffic
step too_many_clients;  PY too_many_clients
step pool_wait_timeout; PY pool_wait_timeout
step wrong_password;    PY wrong_password
step unknown_db;        PY unknown_db
sleep 3   # let server_login_retry (3 s) expire after the parcels_archive login failure
step asyncpg_prepared;  PY asyncpg_prepared
step asyncpg_duplicate; PY asyncpg_duplicate
step psycopg3_prepared; PY psycopg3_prepared
step missing_table;     PY missing_table
step unique_violation;  PY unique_violation

# --- PostgreSQL goes away under PgBouncer -----------------------------------------------------
step "server stop (fast) during queries"
PY long_query & PY long_query_asyncpg &
sleep 2
pg_ctl -m fast stop
wait
step "queries while PostgreSQL is down"
PY query_while_down
pg_ctl start
sleep 6   # server_login_retry = 3 s: PgBouncer refuses logins for that long after the failed connect
PY normal_traffic

step "server crash (immediate) during a query"
PY long_query &
sleep 2
pg_ctl -m immediate stop
wait
pg_ctl start
sleep 6
PY query_while_down

# --- PgBouncer admin console: PAUSE / RESUME, then SHUTDOWN -----------------------------------
step "PAUSE"
PY hold_idle 6 &
sleep 1.5
admin "PAUSE parcels"
PY paused_query
admin "RESUME parcels"
wait

step "SHUTDOWN"
PY hold_idle 5 &
sleep 1.5
admin "SHUTDOWN"
wait

# --- stop, then put the logs next to this script ----------------------------------------------
step "cleanup"
stop_pgbouncer
pg_ctl -m fast stop
for f in pgbouncer.log postgresql.log app.log; do
  cp "$LOGS/$f" "$here/$f" && chmod 644 "$here/$f"
done
ls -l "$here"/*.log
