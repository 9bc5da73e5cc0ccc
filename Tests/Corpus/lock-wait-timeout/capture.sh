#!/usr/bin/env bash
# Captures server.log and app.log: two real psycopg2 sessions on PostgreSQL 15 with log_lock_waits = on,
# deadlock_timeout = 200ms and log_line_prefix '%m [%p] %q%u@%d ' (lc_messages C). A holder session keeps a
# row of books locked (UPDATE, no COMMIT) while the app's UPDATE of the same row runs into its statement_timeout
# (1500 ms): the server logs the lock wait, then the timeout with CONTEXT naming the row. Then a holder locks the
# whole shelves table (LOCK TABLE … ACCESS EXCLUSIVE) and the app's SELECT times out waiting for it: a relation lock,
# so the server's timeout names no row; only the wait its session logged before says what it waited for.
# Run as root from anywhere: PYTHON=$(scripts/capture-venv) Tests/Corpus/lock-wait-timeout/capture.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
BINDIR=$(ls -d /usr/lib/postgresql/15/bin)
WORK=$(mktemp -d /tmp/lock-wait-corpus.XXXXXX); chown postgres: "$WORK"
PORT=$((20000 + RANDOM % 20000))
as_pg() { runuser -u postgres -- "$@"; }
trap 'as_pg "$BINDIR/pg_ctl" stop -D "$WORK/data" -m immediate >/dev/null 2>&1; rm -rf "$WORK"' EXIT
as_pg "$BINDIR/initdb" -D "$WORK/data" -U postgres -A trust --locale=C.UTF-8 >/dev/null
as_pg "$BINDIR/pg_ctl" start -D "$WORK/data" -l "$WORK/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c lc_messages=C -c log_line_prefix='%m [%p] %q%u@%d ' -c log_lock_waits=on -c deadlock_timeout=200ms" >/dev/null
P="psql -X -q -h 127.0.0.1 -p $PORT -v ON_ERROR_STOP=1"
$P -U postgres -c "CREATE ROLE shelf_app LOGIN" -c "CREATE DATABASE shelf OWNER shelf_app"
$P -U shelf_app -d shelf -c "CREATE TABLE books (id int PRIMARY KEY, title text NOT NULL, on_loan boolean NOT NULL DEFAULT false)" \
  -c "CREATE TABLE shelves (id int PRIMARY KEY, label text NOT NULL)" \
  -c "INSERT INTO books (id, title) VALUES (1, 'Dune'), (2, 'Emma')" -c "INSERT INTO shelves VALUES (1, 'A')"
: > "$WORK/server.log"
(cd "$HERE" && SHELF_DSN="host=127.0.0.1 port=$PORT dbname=shelf user=shelf_app" exec "$PYTHON" sessions.py app.log)
cp "$WORK/server.log" "$HERE/server.log"; chmod 644 "$HERE/server.log"
echo "corpus written to $HERE"
