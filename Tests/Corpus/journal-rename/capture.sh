#!/usr/bin/env bash
# Captures a rename that logmedic itself applied, and what an app still on the old name logs afterwards.
# PostgreSQL 15 (log_line_prefix '%m [%p] %q%u@%d ', lc_messages C), psycopg 3, the built logmedic binary:
#  1. the database ran migrations/0001 only; the new release (members.py new) writes display_name and fails:
#     new-app.log, new-server.log.
#  2. logmedic drafts the rename from migrations/ (fix --draft --reference-sql), it is approved and applied
#     (fix --apply --yes): drafts/, fix-apply.txt; logmedic.journal records it.
#  3. a worker still on the old release (members.py old) writes full_name and fails: old-app.log, old-server.log;
#     what `logmedic report` says of it then: report-old.txt.
# Run as root from the repository after `swift build`: PYTHON=$(scripts/capture-venv) Tests/Corpus/journal-rename/capture.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
LOGMEDIC=${LOGMEDIC:-$HERE/../../../.build/debug/logmedic}
BINDIR=$(ls -d /usr/lib/postgresql/15/bin)
WORK=$(mktemp -d /tmp/journal-rename-corpus.XXXXXX); chown postgres: "$WORK"
PORT=$((20000 + RANDOM % 20000))
as_pg() { runuser -u postgres -- "$@"; }
trap 'as_pg "$BINDIR/pg_ctl" stop -D "$WORK/data" -m immediate >/dev/null 2>&1; rm -rf "$WORK"' EXIT
as_pg "$BINDIR/initdb" -D "$WORK/data" -U postgres -A trust --locale=C.UTF-8 >/dev/null
as_pg "$BINDIR/pg_ctl" start -D "$WORK/data" -l "$WORK/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c lc_messages=C -c log_line_prefix='%m [%p] %q%u@%d '" >/dev/null
P="psql -X -q -h 127.0.0.1 -p $PORT -v ON_ERROR_STOP=1"
DSN="host=127.0.0.1 port=$PORT dbname=library user=library_app"
$P -U postgres -c "CREATE ROLE library_app LOGIN" -c "CREATE DATABASE library OWNER library_app"
$P -U library_app -d library -f "$HERE/migrations/0001_members.sql"
members() {  # RELEASE: one run of the service, its log and the server's
  : > "$WORK/server.log"
  MEMBERS_DSN=$DSN "$PYTHON" "$HERE/members.py" "$1" "$HERE/$1-app.log"
  cp "$WORK/server.log" "$HERE/$1-server.log"; chmod 644 "$HERE/$1-server.log"
}
members new
rm -rf "$HERE/drafts"
cd "$HERE"
"$LOGMEDIC" fix new-app.log new-server.log --db "$DSN" --draft --reference-sql migrations --out drafts || true
"$LOGMEDIC" remediations approve rename_members_full_name --playbooks drafts
"$LOGMEDIC" fix new-app.log new-server.log --db "$DSN" --playbooks drafts --apply --yes > fix-apply.txt
members old
"$LOGMEDIC" report old-app.log old-server.log --db "$DSN" > report-old.txt || true
$P -U library_app -d library -c "SELECT id, playbook, action, renamed_columns FROM logmedic.journal"
echo "corpus written to $HERE"
