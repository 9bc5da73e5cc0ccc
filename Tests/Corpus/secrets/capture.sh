#!/usr/bin/env bash
# Captures the secrets corpus: what real drivers, ORMs, HTTP clients and loggers print when credentials are
# around, against a throwaway PostgreSQL 15 server with password auth (app_user, scram-sha-256):
#   app.log        stdlib logging: SQLAlchemy (psycopg2, asyncpg), psycopg2, psycopg 3, asyncpg, pg8000 and
#                  Django connection failures and tracebacks, SQLAlchemy echo=True and IntegrityErrors with
#                  bound parameters, requests/httpx errors with credentials in URLs and headers
#   json.log       python-json-logger records with the same failures in fields
#   structlog.log  structlog JSON with dict tracebacks that show locals (DSNs, keys, a PEM)
#   server.log     the server's own log: ERROR lines and the STATEMENT: lines of the failing statements
#   secrets.txt    every planted secret, one a line (KIND<TAB>VALUE): none may appear in logmedic's output
# Every line of these logs is printed by the software named; the script only makes it fail.
# Re-run (as root, from the repository root):   PYTHON=$(scripts/capture-venv) Tests/Corpus/secrets/capture.sh
exec "$(dirname "$0")/../capture-on-scratch-server.sh" "$(dirname "$0")" capture_secrets.py "$@"
