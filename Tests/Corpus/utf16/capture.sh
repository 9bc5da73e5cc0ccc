#!/usr/bin/env bash
# Captures UTF-16 logs from real software: Python's logging with a UTF-16 file handler (little-endian behind a
# byte-order mark, what Windows PowerShell 5's `>` writes too) around psycopg2 tracebacks of a real server, and
# java.util.logging with encoding UTF-16 (big-endian behind its mark) around a real server's error message.
# Re-run (as root, from the repository root):   Tests/Corpus/utf16/capture.sh
# Needs: PostgreSQL (scripts/with-postgres), Java 11+, Python with psycopg2 (PYTHON=..., else scripts/capture-venv's).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-$("$HERE"/../../../scripts/capture-venv)}
"$HERE"/../../../scripts/with-postgres bash -c '
    set -euo pipefail
    "$0" "$1/capture.py" "$1/python-utf16le.log"
    message=$( (psql -X -q -c "SELECT id FROM kiosk_tills" 2>&1 || true) | sed -n "s/^ERROR:  //p")
    java "$1/UTF16Log.java" "$1/java-utf16be.log" "ERROR: $message"
' "$PYTHON" "$HERE"
for log in python-utf16le.log java-utf16be.log; do gzip -n -c "$HERE/$log" > "$HERE/$log.gz"; done
