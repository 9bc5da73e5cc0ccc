#!/usr/bin/env bash
# Captures a Node service on node-postgres whose PostgreSQL 15 server, on the non-default port 5531, is stopped
# while the service keeps taking requests, then started again; a `logmedic watch --db` session is connected to the
# server meanwhile (its own session ends in the shutdown too). Writes app.log (the service's stdout), postgresql.csv
# (the server's csvlog, with application_name) and traffic.txt (each request's status, the truth).
# Run as root from the repository root after `swift build` (initdb runs as postgres):  Tests/Corpus/loans-restart/capture.sh
# node-postgres: NODE_PG_ROOT (its modules' directory), else Debian's node-pg, downloaded and unpacked here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bin=/usr/lib/postgresql/15/bin
port=5531
work=$(mktemp -d /tmp/loans-restart.XXXXXX)
chown postgres: "$work"
as_pg() { runuser -u postgres -- "$@"; }
cleanup() {
    [[ -n "${watch_pid:-}" ]] && kill "$watch_pid" 2>/dev/null
    [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null
    as_pg "$bin/pg_ctl" stop -D "$work/data" -m immediate >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

if [[ -z "${NODE_PG_ROOT:-}" ]]; then
    (cd "$work" && apt-get download node-pg node-split2 node-xtend node-readable-stream >/dev/null)
    for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/node"; done
    NODE_PG_ROOT=$work/node/usr/share/nodejs
fi

as_pg "$bin/initdb" -D "$work/data" -U postgres -A trust --auth-host=scram-sha-256 --locale=C.UTF-8 >/dev/null
cat >> "$work/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
logging_collector = on
log_destination = 'csvlog'
log_directory = 'log'
log_filename = 'postgresql.log'
log_timezone = 'UTC'
lc_messages = 'C'
CONF
as_pg "$bin/pg_ctl" start -D "$work/data" -w -l "$work/startup.log" >/dev/null
psql -X -q -h "$work" -p $port -U postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE loans LOGIN PASSWORD 'loans-secret'" -c "CREATE DATABASE library OWNER loans"
psql -X -q -h "$work" -p $port -U postgres -d library -v ON_ERROR_STOP=1 \
    -c "CREATE TABLE loans (id serial PRIMARY KEY, book text NOT NULL)" -c "ALTER TABLE loans OWNER TO loans" \
    -c "INSERT INTO loans (book) VALUES ('Dune'), ('Emma')"

dsn="postgresql://loans:loans-secret@127.0.0.1:$port/library"
cp "$here/app.js" "$work/app.js"
(cd "$work" && DATABASE_URL=$dsn PORT=8131 NODE_PATH=$NODE_PG_ROOT exec node app.js > "$work/app.log" 2>&1) & app_pid=$!
# logmedic's own session on the same server, as `watch --db` keeps one open while it follows the logs.
"$root/.build/debug/logmedic" watch "$work/app.log" --db "$dsn" --recheck 1 > /dev/null 2>&1 & watch_pid=$!
sleep 1.5

request() { curl -s -o /dev/null -w "%{http_code} GET /loans\n" http://127.0.0.1:8131/loans >> "$work/traffic.txt"; }
for _ in 1 2 3; do request & first=$!; request; wait "$first"; done
as_pg "$bin/pg_ctl" stop -D "$work/data" -m fast -w >/dev/null
for _ in 1 2 3 4 5; do request; sleep 0.2; done
as_pg "$bin/pg_ctl" start -D "$work/data" -w -l "$work/startup.log" >/dev/null
for _ in 1 2 3; do request; sleep 0.2; done
sleep 1.5

kill "$watch_pid" "$app_pid"; wait "$app_pid" 2>/dev/null || true; watch_pid= app_pid=
cp "$work/app.log" "$work/traffic.txt" "$here/"
cp "$work/data/log/postgresql.csv" "$here/postgresql.csv"
echo "corpus written to $here"
