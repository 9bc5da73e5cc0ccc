#!/bin/bash
# Captures the stockroom corpus from scratch: a Starlette + uvicorn service on SQLAlchemy 2 async and a raw asyncpg
# pool, structlog JSON on stdout beside uvicorn's access lines (app.log), PostgreSQL 15 writing stderr, csvlog and
# jsonlog with a syslog-like prefix in America/New_York (postgresql.log: the stderr layout), and what the driver
# provoked (truth.tsv, UTC); then the same service with stock uvicorn logging only, stdout and stderr in one file
# (plain/combined.log, plain/postgresql.log, plain/truth.tsv). Run as root; needs a venv with starlette==1.10.0 uvicorn==0.55.0 asyncpg==0.30.0
# SQLAlchemy==2.0.36 structlog==26.1.0 (VENV=…, default ./venv) and PostgreSQL 15 in /usr/local/bin.
# WATCH=1 also runs two `logmedic watch` (LM=…) on the live logs, as the probe that found the problems did.
set -euo pipefail
D=$(cd "$(dirname "$0")" && pwd)
P=$D/capture; mkdir -p "$P"; cp -r "$D/app" "$P/"; PGDATA=$P/pg/data; PGPORT=5498; APPPORT=8098
PW='s3cr3t-Stockroom-pw'
export STOCKROOM_DSN="postgresql://stockroom:$PW@127.0.0.1:$PGPORT/stockroom"
LM=${LM:-logmedic}
VENV=${VENV:-$D/venv}
PGCTL=$P/pgctl.sh
cat > $PGCTL <<PGCTL
#!/bin/bash
exec su postgres -c "/usr/local/bin/pg_ctl -D $PGDATA -o '-p $PGPORT -k /tmp' -l $P/pg/pg_ctl.log \$*"
PGCTL
chmod +x $PGCTL
# clean
[ -f $PGDATA/postmaster.pid ] && su postgres -c "/usr/local/bin/pg_ctl -D $PGDATA stop -m immediate" || true
rm -rf $P/pg $P/logs $P/capture-done; mkdir -p $P/pg $P/logs/pg; chown postgres $P/pg $P/logs/pg
rm -f /tmp/stockroom-recount /tmp/stockroom-slow-broker
su postgres -c "/usr/local/bin/initdb -D $PGDATA --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8" >/dev/null
cat >> $PGDATA/postgresql.conf <<CONF
listen_addresses = '127.0.0.1'
max_connections = 20
superuser_reserved_connections = 3
logging_collector = on
log_destination = 'stderr,csvlog,jsonlog'
log_directory = '$P/logs/pg'
log_filename = 'postgresql-%Y%m%d_%H%M%S.log'
log_line_prefix = '%t [%p]: user=%u,db=%d,app=%a,client=%h '
log_timezone = 'America/New_York'
log_lock_waits = on
deadlock_timeout = '300ms'
CONF
$PGCTL start -w >/dev/null
psql -h /tmp -p $PGPORT -U postgres -q <<SQL
CREATE ROLE stockroom LOGIN PASSWORD '$PW';
CREATE DATABASE stockroom OWNER stockroom;
ALTER ROLE stockroom SET idle_in_transaction_session_timeout = '2s';
SQL
psql -h /tmp -p $PGPORT -U postgres -d stockroom -q -c "CREATE EXTENSION pgcrypto"
psql -h /tmp -p $PGPORT -U stockroom -d stockroom -q -f $P/app/schema.sql 2>&1 | grep -v 'already exists' || true

# live watchers (optional, WATCH=1): one follows the files, one reads a tail -F pipe
stamp() { $VENV/bin/python -u -c 'import sys,datetime
for l in sys.stdin: print(datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S.%f")[:-3], l, end="", flush=True)'; }
touch $P/logs/app.log
if [ "${WATCH:-0}" = 1 ]; then
  ( $LM watch $P/logs/app.log $P/logs/pg --db "$STOCKROOM_DSN" --color never 2>&1 & echo $! > $P/logs/watch-files.pid; wait $!; echo "logmedic watch exit code: $?" ) | stamp > $P/logs/watch-files.out &
  ( tail -F -n +1 $P/logs/app.log 2>/dev/null | ( $LM watch - --color never <&0 2>&1 & echo $! > $P/logs/watch-pipe.pid; wait $!; echo "logmedic watch exit code: $?" ) ) | stamp > $P/logs/watch-pipe.out &
fi

cd $P/app
TZ=UTC $VENV/bin/uvicorn service:app --host 127.0.0.1 --port $APPPORT --no-use-colors > $P/logs/app.log 2> $P/logs/uvicorn.log &
APP=$!
for i in $(seq 50); do curl -sf localhost:$APPPORT/health >/dev/null && break; sleep 0.2; done
$VENV/bin/python $P/app/driver.py $P/logs/truth.tsv "$PGCTL" | tee $P/logs/driver.out
sleep 2
kill -INT $APP; wait $APP || true
sleep 2
if [ "${WATCH:-0}" = 1 ]; then
  date -u +"%H:%M:%S.%3N SIGINT sent to both watchers" > $P/logs/watch-sigint.txt
  kill -INT $(cat $P/logs/watch-files.pid) $(cat $P/logs/watch-pipe.pid) || true
  sleep 3; kill $(pgrep -f "tail -F -n \+1 $P/logs/app.log") 2>/dev/null || true
fi
echo "capture done; server still running on port $PGPORT (stop: su postgres -c '/usr/local/bin/pg_ctl -D $PGDATA stop')"

# Part 2 (plain/): stock uvicorn logging, stdout and stderr in one file, nothing with a clock but the server's records
# (STOCKROOM_PLAIN=1: no structlog request middleware). The server's log is rotated around it.
mkdir -p $P/logs/plain/pg; chown postgres $P/logs/plain/pg
rot() { psql -h /tmp -p $PGPORT -U postgres -qAtc "SELECT pg_rotate_logfile()" >/dev/null; sleep 1.2; }
before=$(ls $P/logs/pg); sleep 1.2; rot
STOCKROOM_PLAIN=1 TZ=UTC $VENV/bin/uvicorn service:app --host 127.0.0.1 --port $APPPORT --no-use-colors > $P/logs/plain/combined.log 2>&1 &
APP=$!
for i in $(seq 50); do curl -sf localhost:$APPPORT/health >/dev/null && break; sleep 0.2; done
$VENV/bin/python $P/app/driver_plain.py $P/logs/plain/truth.tsv | tee $P/logs/plain/driver.out
sleep 1; kill -INT $APP; wait $APP || true
rot; newest=$(ls -t $P/logs/pg | head -3)
for f in $(ls $P/logs/pg); do echo "$before $newest" | tr ' ' '\n' | grep -qx "$f" || mv $P/logs/pg/$f $P/logs/plain/pg/; done

# The corpus: the app's stdout, the server's stderr layout (every rotation, in order) and the driver's truth; part 2's
# the same under plain/.
cp $P/logs/app.log $P/logs/truth.tsv "$D/"
cat $(ls $P/logs/pg/*.log | sort) > "$D/postgresql.log"
mkdir -p "$D/plain"; cp $P/logs/plain/combined.log $P/logs/plain/truth.tsv "$D/plain/"
cat $(ls $P/logs/plain/pg/*.log | sort) > "$D/plain/postgresql.log"
$PGCTL stop -m fast >/dev/null
