#!/usr/bin/env bash
# Puts the database back to the bad-deploy state: migrated to 0002 only, seeded.
set -eu
cd /work/probe-node
psql -h /work/probe-node/pg -p 5497 -U postgres -q -c "DROP DATABASE IF EXISTS library WITH (FORCE)" -c "CREATE DATABASE library OWNER loans"
export NODE_PATH=/work/probe-node/nodemods/usr/share/nodejs DATABASE_URL='postgresql://loans:S3cretLoanPw!@127.0.0.1:5497/library'
node app/migrate.js --to 0002
psql "$DATABASE_URL" -q -f app/seed.sql
