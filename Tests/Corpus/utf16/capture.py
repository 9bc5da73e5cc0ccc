"""Writes a UTF-16 log the way a Python service on Windows does when its file handler is set to UTF-16.

Run from the repository root: Tests/Corpus/utf16/capture.sh (it starts a throwaway server and sets DATABASE_URL).
`logging.FileHandler(..., encoding="utf-16")` writes a byte-order mark and little-endian UTF-16, as Windows
PowerShell 5's `>` and `Out-File` do. The traceback is psycopg2's, for a real error of a real PostgreSQL server.
"""
import logging
import os
import sys

import psycopg2

handler = logging.FileHandler(sys.argv[1], mode="w", encoding="utf-16")
handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
log = logging.getLogger("kiosk.orders")
log.addHandler(handler)
log.setLevel(logging.INFO)

conn = psycopg2.connect(os.environ["DATABASE_URL"])
conn.autocommit = True
log.info("kiosk started on café-terminal-3 — ready")
try:
    with conn.cursor() as cur:
        cur.execute("SELECT id, total FROM kiosk_receipts WHERE till = %s", (3,))
except psycopg2.Error:
    log.exception("receipt lookup failed for till 3")
with conn.cursor() as cur:
    cur.execute("CREATE TEMP TABLE tills (id int PRIMARY KEY, label text)")
    cur.execute("INSERT INTO tills VALUES (3, 'Zürich 🚉')")
    try:
        cur.execute("INSERT INTO tills VALUES (3, 'Zürich 🚉')")
    except psycopg2.Error:
        log.exception("could not register till 3")
log.info("shutting down")
