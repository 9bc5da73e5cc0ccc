#!/usr/bin/env bash
# Runs a corpus capture script against a throwaway PostgreSQL 15 server (as root: the server runs as postgres).
# Usage (from a corpus's capture.sh):   capture-on-scratch-server.sh CORPUS_DIR CAPTURE_SCRIPT [ARGS...]
# The server: max_connections 10 (3 reserved), deadlock_timeout 100ms, lc_messages C, app_user by password on
# 127.0.0.1. PYTHON=... with the packages of CORPUS_DIR/requirements.txt, else a throwaway venv is made from it
# (PyPI). The script gets PGHOST/PGPORT/PGUSER and --out CORPUS_DIR (or $OUT).
set -euo pipefail
HERE=$(cd "$1" && pwd); SCRIPT=$2; shift 2
BINDIR=$(ls -d /usr/lib/postgresql/15/bin)
WORK=$(mktemp -d "/tmp/$(basename "$HERE")-corpus.XXXXXX")
if [[ -z "${PYTHON:-}" ]]; then
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
    PYTHON=$WORK/venv/bin/python
fi
chown postgres: "$WORK"
PORT=$((20000 + RANDOM % 20000))
as_pg() { runuser -u postgres -- "$@"; }
stop() { as_pg "$BINDIR/pg_ctl" stop -D "$WORK/data" -m immediate >/dev/null 2>&1 || true; }
trap 'stop; rm -rf "$WORK"' EXIT
as_pg "$BINDIR/initdb" -D "$WORK/data" -U postgres --auth-local=trust --locale=C.UTF-8 >/dev/null
cat > "$WORK/data/pg_hba.conf" <<HBA
local all all trust
host all postgres 127.0.0.1/32 trust
host all app_user 127.0.0.1/32 scram-sha-256
HBA
cat >> "$WORK/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$WORK'
max_connections = 10
superuser_reserved_connections = 3
deadlock_timeout = 100ms
lc_messages = 'C'
CONF
as_pg "$BINDIR/pg_ctl" start -D "$WORK/data" -w -l "$WORK/server.log" >/dev/null
export PGHOST=$WORK PGPORT=$PORT PGUSER=postgres
"$PYTHON" "$HERE/$SCRIPT" --out "${OUT:-$HERE}" "$@"
echo "corpus written to ${OUT:-$HERE}"
