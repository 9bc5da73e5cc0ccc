"""The members service of a library, as two releases run it: `new` (code of migration 0002: display_name) and
`old` (a worker still on the release before: full_name). Each signs up one member and logs a failure as a
Python service does (logging + traceback)."""
import logging
import os
import sys
import time

import psycopg

release, log_path = sys.argv[1], sys.argv[2]
logging.basicConfig(filename=log_path, filemode="w", level=logging.INFO,
                    format="%(asctime)s.%(msecs)03dZ %(levelname)s [members] %(message)s", datefmt="%Y-%m-%dT%H:%M:%S")
logging.Formatter.converter = time.gmtime
log = logging.getLogger()
name_column = {"new": "display_name", "old": "full_name"}[release]

with psycopg.connect(os.environ["MEMBERS_DSN"], autocommit=True) as conn:
    for email, name in [("ada@example.org", "Ada L."), ("alan@example.org", "Alan T.")]:
        log.info("POST /members %s", email)
        try:
            conn.execute(f"INSERT INTO members (email, {name_column}) VALUES (%s, %s)", (email, name))
        except psycopg.Error:
            log.exception("POST /members failed")
