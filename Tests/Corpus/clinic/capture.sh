#!/usr/bin/env bash
# Captures a clinic visit-booking API failing for real: Flask 3 + Flask-SQLAlchemy + psycopg 3 under gunicorn
# (2 sync workers, --timeout 3, access log on), a psycopg2 job with logging.basicConfig, and PostgreSQL 15 with the
# pgBadger log_line_prefix ('%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '). The schema drifts from the models
# (app/schema.sql: a missing table and column, a renamed column, an enum without a label, a varchar(20), a NOT NULL
# column the app leaves empty), the job deadlocks, idles in a transaction and retries after a failed statement, and
# PostgreSQL is stopped for a few seconds while requests come in.
# Writes app.log (gunicorn's error log with Flask's records), access.log, job.log and postgresql.log here, or in OUT.
# Re-run (as root, from the repository root): Tests/Corpus/clinic/capture.sh
# berlin/: the same in local time, TZ=Europe/Berlin OUT=Tests/Corpus/clinic/berlin Tests/Corpus/clinic/capture.sh
# (Flask's and the job's times have no zone; gunicorn's and PostgreSQL's say +0100 and CET).
# Captured with the versions of scripts/capture-requirements.txt (Flask 3.1.3, Flask-SQLAlchemy 3.1.1, SQLAlchemy
# 2.0.36, psycopg 3.2.3, psycopg2 2.9.10, gunicorn 23.0.0), which scripts/capture-venv installs.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${OUT:-$here}" && cd "${OUT:-$here}" && pwd)
PY=$(dirname "$("$here/../../../scripts/capture-venv")")
PGBIN=/usr/lib/postgresql/15/bin
PGDIR=$(mktemp -d /tmp/clinic-pg.XXXXXX)
PORT=55434
asp() { runuser -u postgres -- "$@"; }
stop() {
    [[ -f $PGDIR/gunicorn.pid ]] && kill "$(cat "$PGDIR/gunicorn.pid")" 2>/dev/null && sleep 1
    asp "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1
    rm -rf "$PGDIR"
}
trap stop EXIT
chown postgres:postgres "$PGDIR"
rm -f "$out"/{app,access,job,postgresql}.log
asp "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust --locale=C.UTF-8 >/dev/null
cat >> "$PGDIR/data/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDIR'
logging_collector = on
log_directory = '$PGDIR/log'
log_filename = 'postgresql.log'
log_line_prefix = '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '
log_min_error_statement = error
lc_messages = 'C'
log_checkpoints = on
log_connections = on
log_disconnections = on
log_lock_waits = on
log_temp_files = 0
log_autovacuum_min_duration = 0
deadlock_timeout = 1s
CONF
asp "$PGBIN/pg_ctl" -D "$PGDIR/data" -w -o "-k $PGDIR" start >/dev/null
asp "$PGBIN/psql" -h 127.0.0.1 -p $PORT -U postgres -qc "CREATE ROLE clinic LOGIN" -c "CREATE DATABASE clinic OWNER clinic"
asp "$PGBIN/psql" -h 127.0.0.1 -p $PORT -U clinic -d clinic -q -v ON_ERROR_STOP=1 -f "$here/app/schema.sql"

(cd "$here/app" && "$PY/gunicorn" -w 2 -b 127.0.0.1:8765 --access-logfile "$out/access.log" --error-logfile "$out/app.log" \
   --timeout 3 --capture-output --pid "$PGDIR/gunicorn.pid" --daemon app:app)
for _ in $(seq 50); do curl -sf http://127.0.0.1:8765/healthz >/dev/null && break; sleep 0.2; done

job() { "$PY/python" "$here/app/reminder_job.py" "$@" 2>>"$out/job.log"; }
job harmless; job notices
"$PY/python" "$here/app/traffic.py" drift
job deadlock; job idle; job aborted
sleep 1
# PostgreSQL goes away for a few seconds
asp "$PGBIN/pg_ctl" -D "$PGDIR/data" -w -m fast stop >/dev/null
"$PY/python" "$here/app/traffic.py" down 6
job connect
sleep 3
asp "$PGBIN/pg_ctl" -D "$PGDIR/data" -w -o "-k $PGDIR" start >/dev/null
"$PY/python" "$here/app/traffic.py" down     # pooled connections from before the restart are dead
job connect; job harmless; job notices
sleep 1
cp "$PGDIR/log/postgresql.log" "$out/postgresql.log"
chmod 644 "$out/postgresql.log"
