#!/usr/bin/env bash
# Captures the unseen-drivers corpus: apps on drivers and ORMs the catalog was never tuned on, made to fail for real
# against a throwaway PostgreSQL 15 server:
#   fastapi/  FastAPI under uvicorn: Tortoise ORM (asyncpg), aiopg, piccolo (asyncpg), SQLModel (psycopg2)
#   worker/   a dramatiq worker (its CLI log format): pg8000 (DB-API and native) and Pony ORM;
#             a Celery worker (solo pool, in-memory broker): SQLAlchemy on pg8000
#   aerich/   Aerich (Tortoise ORM migrations) upgrades that fail on the data in the table
# Re-run (as root, from the repository root):   Tests/Corpus/unseen/capture.sh
# Needs /usr/lib/postgresql/15/bin; PYTHON=... with the packages of requirements.txt here, else a throwaway
# venv is made from requirements.txt (PyPI). Overwrites fastapi/, worker/ and expected-unseen.yaml here
# (read by `logmedic rules test --corpus Tests/Corpus/unseen` and UnseenDriverCorpusTests, which also hold
# the catalog to one finding per failure).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BINDIR=$(ls -d /usr/lib/postgresql/15/bin)
WORK=$(mktemp -d /tmp/unseen-corpus.XXXXXX)
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
"$PYTHON" "$HERE/capture_unseen.py" --out "${OUT:-$HERE}" "$@"
echo "corpus written to $HERE"
