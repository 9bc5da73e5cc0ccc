#!/usr/bin/env bash
# Captures the catalog corpus from real software: a throwaway PostgreSQL 15 server provoked into
# many SQLSTATEs (stderr, csvlog and jsonlog, in English, German and French), then tracebacks of
# psycopg2, psycopg 3, asyncpg, SQLAlchemy and Django (plain, Docker json-file, JSON lines).
#
# Re-run (as root, from the repository root):   Tests/Corpus/catalog/capture.sh
# Needs: /usr/lib/postgresql/15/bin, localedef (locales de_DE/fr_FR are generated when missing),
#        Python with psycopg2, psycopg, asyncpg, sqlalchemy, django: PYTHON=..., else scripts/capture-venv's.
# Overwrites server/ and drivers/ here and regenerates expected-server.yaml and expected-drivers.yaml
# (read by `logmedic rules test --corpus Tests/Corpus/catalog` and CorpusRecallTests).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-$("$HERE"/../../../scripts/capture-venv)}
BINDIR=$(ls -d /usr/lib/postgresql/15/bin)

for loc in de_DE fr_FR; do
    locale -a | grep -qi "^$loc.utf-\?8$" || localedef -i "$loc" -f UTF-8 "$loc.UTF-8"
done

WORK=$(mktemp -d /tmp/catalog-corpus.XXXXXX)
chown postgres: "$WORK"
PORT=$((20000 + RANDOM % 20000))
as_pg() { runuser -u postgres -- "$@"; }
stop() { as_pg "$BINDIR/pg_ctl" stop -D "$WORK/data" -m immediate >/dev/null 2>&1 || true; }
trap 'stop; rm -rf "$WORK"' EXIT

as_pg "$BINDIR/initdb" -D "$WORK/data" -U postgres --auth-local=trust --locale=C.UTF-8 >/dev/null
cat > "$WORK/data/pg_hba.conf" <<HBA
local all all trust
host forbidden_db all 127.0.0.1/32 reject
host all app_user,limited_user,readonly_user 127.0.0.1/32 scram-sha-256
HBA
cat >> "$WORK/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$WORK'
max_connections = 12
superuser_reserved_connections = 3
logging_collector = on
log_destination = 'stderr,csvlog,jsonlog'
log_directory = '$WORK/log'
log_filename = 'en'
log_line_prefix = '%m [%p] %e %q%u@%d '
log_lock_waits = on
deadlock_timeout = 200ms
log_temp_files = 0
log_checkpoints = on
checkpoint_warning = 1h
max_wal_size = 32MB
min_wal_size = 32MB
max_slot_wal_keep_size = 16MB
log_autovacuum_min_duration = 0
autovacuum_naptime = 1s
lc_messages = 'C'
CONF
as_pg mkdir "$WORK/log"
as_pg "$BINDIR/pg_ctl" start -D "$WORK/data" -w -l "$WORK/startup.log" >/dev/null

export PGHOST=$WORK PGPORT=$PORT PGUSER=postgres
"$PYTHON" "$HERE/capture_server.py" --bindir "$BINDIR" --datadir "$WORK/data" --out "$HERE"

rm -rf "$HERE/server"; mkdir -p "$HERE/server"
for lang in en de fr; do
    mkdir -p "$HERE/server/$lang"
    cp "$WORK/log/$lang" "$HERE/server/$lang/postgresql.log"
    cp "$WORK/log/$lang.csv" "$HERE/server/$lang/postgresql.csv"
    cp "$WORK/log/$lang.json" "$HERE/server/$lang/postgresql.json"
done
runuser -u postgres -- "$BINDIR/psql" -qAt -h "$WORK" -p "$PORT" -d postgres \
    -c "ALTER SYSTEM SET lc_messages = 'C'" -c "SELECT pg_reload_conf()" >/dev/null
rm -rf "$HERE/drivers"
"$PYTHON" "$HERE/capture_drivers.py" --out "$HERE"
echo "corpus written to $HERE"
