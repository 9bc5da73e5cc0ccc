#!/usr/bin/env bash
# Captures app.log and server.log: a tool-lending service (lending.py, plain psycopg 3) connects as lending_app,
# which owns nothing, to a database where only migrations/001 ran (as lending_owner); 002 (the GRANTs) and 003
# (deposit integer → numeric(8,2)) and 004 (returned integer → boolean) never did. Then 002 runs, and deposit-app.log
# and deposit-server.log show the next failures: the app sends "12.50" for the integer deposit, True for returned. Real server (log_line_prefix '%m [%p] %q%u@%d ',
# lc_messages C), real driver, real requests.
# Run as root from anywhere: PYTHON=<python with psycopg 3> Tests/Corpus/grants/capture.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
BINDIR=$(ls -d /usr/lib/postgresql/15/bin)
WORK=$(mktemp -d /tmp/grants-corpus.XXXXXX); chown postgres: "$WORK"
PORT=$((20000 + RANDOM % 20000)); APPPORT=$((PORT + 1))
as_pg() { runuser -u postgres -- "$@"; }
trap 'kill $APP 2>/dev/null || true; as_pg "$BINDIR/pg_ctl" stop -D "$WORK/data" -m immediate >/dev/null 2>&1; rm -rf "$WORK"' EXIT
APP=
as_pg "$BINDIR/initdb" -D "$WORK/data" -U postgres -A trust --locale=C.UTF-8 >/dev/null
as_pg "$BINDIR/pg_ctl" start -D "$WORK/data" -l "$WORK/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c lc_messages=C -c log_line_prefix='%m [%p] %q%u@%d '" >/dev/null
P="psql -X -q -h 127.0.0.1 -p $PORT -v ON_ERROR_STOP=1"
$P -U postgres -c "CREATE ROLE lending_owner LOGIN" -c "CREATE ROLE lending_app LOGIN" -c "CREATE DATABASE lending OWNER lending_owner"
$P -U lending_owner -d lending -f "$HERE/migrations/001_tools.sql"
$P -U lending_owner -d lending -c "INSERT INTO tools (name) VALUES ('drill'), ('ladder')"
requests() {  # PREFIX: runs the app, sends the requests, keeps PREFIXapp.log and PREFIXserver.log
  : > "$WORK/server.log"
  rm -f "$HERE/$1app.log"
  (cd "$HERE" && LENDING_DSN="host=127.0.0.1 port=$PORT dbname=lending user=lending_app" APP_LOG="$1app.log" exec "$PYTHON" lending.py $APPPORT) & APP=$!
  sleep 1
  for _ in 1 2; do
    curl -s -o /dev/null http://127.0.0.1:$APPPORT/tools
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"tool_id": 1, "borrower": "ana", "deposit": "12.50"}' http://127.0.0.1:$APPPORT/loans
    curl -s -o /dev/null http://127.0.0.1:$APPPORT/loans
    [[ $1 == deposit- ]] && curl -s -o /dev/null -X POST http://127.0.0.1:$APPPORT/loans/1/return
  done
  kill $APP; wait $APP 2>/dev/null || true
  cp "$WORK/server.log" "$HERE/$1server.log"; chmod 644 "$HERE/$1server.log"
}
requests ""
$P -U lending_owner -d lending -f "$HERE/migrations/002_app_grants.sql"
requests deposit-
