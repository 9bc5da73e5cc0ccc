#!/usr/bin/env bash
# Captures the unseen-drivers corpus: apps on drivers and ORMs the catalog was never tuned on, made to fail for real
# against a throwaway PostgreSQL 15 server:
#   fastapi/  FastAPI under uvicorn: Tortoise ORM (asyncpg), aiopg, piccolo (asyncpg), SQLModel (psycopg2)
#   worker/   a dramatiq worker (its CLI log format): pg8000 (DB-API and native) and Pony ORM;
#             a Celery worker (solo pool, in-memory broker): SQLAlchemy on pg8000
#   aerich/   Aerich (Tortoise ORM migrations) upgrades that fail on the data in the table
# Re-run (as root, from the repository root):   Tests/Corpus/unseen/capture.sh
# Needs /usr/lib/postgresql/15/bin; PYTHON=... with the packages of requirements.txt here, else a throwaway
# venv is made from requirements.txt (PyPI); the server is ../capture-on-scratch-server.sh's.
# Overwrites fastapi/, worker/ and expected-unseen.yaml here
# (read by `logmedic rules test --corpus Tests/Corpus/unseen` and UnseenDriverCorpusTests, which also hold
# the catalog to one finding per failure).
exec "$(dirname "$0")/../capture-on-scratch-server.sh" "$(dirname "$0")" capture_unseen.py "$@"
