#!/usr/bin/env bash
# Captures the hold-out corpus: two apps on stacks the catalog capture did not use, made to fail for real
# against a throwaway PostgreSQL 15 server:
#   fastapi/  FastAPI + SQLAlchemy asyncio (asyncpg) under uvicorn (uvicorn's own log; Docker json-file copy)
#   worker/   a job worker on psycopg 3 + psycopg_pool and peewee (psycopg2), python-json-logger JSON lines
# Re-run (as root, from the repository root):   Tests/Corpus/holdout/capture.sh
# Needs /usr/lib/postgresql/15/bin; PYTHON=... with the packages of requirements.txt here, else a throwaway
# venv is made from requirements.txt (PyPI); the server is ../capture-on-scratch-server.sh's.
# Overwrites fastapi/, worker/ and expected-holdout.yaml here
# (read by `logmedic rules test --corpus Tests/Corpus/holdout` and HoldoutCorpusTests, which also hold
# the catalog to one finding per failure).
exec "$(dirname "$0")/../capture-on-scratch-server.sh" "$(dirname "$0")" capture_holdout.py "$@"
