#!/usr/bin/env bash
# Creates and starts the PostgreSQL 15 cluster on port 5497 with deployment-like logging.
set -euo pipefail
B=/usr/lib/postgresql/15/bin
D=/work/probe-node/pg/data
mkdir -p /work/probe-node/pg && chown postgres:postgres /work/probe-node/pg
su postgres -c "$B/initdb -D $D -A trust --auth-host=scram-sha-256 -U postgres" >/dev/null
cat >> $D/postgresql.conf <<CONF
port = 5497
listen_addresses = '127.0.0.1'
unix_socket_directories = '/work/probe-node/pg'
logging_collector = on
log_destination = 'stderr'
log_directory = 'log'
log_filename = 'postgresql-%Y-%m-%d_%H%M%S.log'
log_line_prefix = '%m [%p] %q%u@%d '
log_lock_waits = on
log_timezone = 'UTC'
timezone = 'UTC'
max_connections = 30
CONF
su postgres -c "$B/pg_ctl -D $D -l /work/probe-node/pg/startup.log -w start"
psql -h /work/probe-node/pg -p 5497 -U postgres -c "CREATE ROLE loans LOGIN PASSWORD 'S3cretLoanPw!'" -c "CREATE DATABASE library OWNER loans"
