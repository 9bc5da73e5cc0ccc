#!/usr/bin/env bash
# Captures what real drivers print for malformed connection strings (SQLAlchemy 2, psycopg2, psycopg 3, asyncpg):
#   app.log   stdlib logging, one logged exception per string
# Re-run (from the repository root):   PYTHON=$(scripts/capture-venv) Tests/Corpus/dsn/capture.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"${PYTHON:-python3}" "$here/capture_dsn.py" > "$here/app.log"
echo "corpus written to $here"
