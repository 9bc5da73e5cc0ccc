"""Two sessions of a lending service: a holder that keeps a lock, and the app, whose statement runs into its
statement_timeout waiting for it. The app logs each failure as a Python service would (logging + traceback)."""
import logging
import os
import sys
import threading
import time

import psycopg2

logging.basicConfig(filename=sys.argv[1], filemode="w", level=logging.INFO,
                    format="%(asctime)s.%(msecs)03dZ %(levelname)s [lending] %(message)s", datefmt="%Y-%m-%dT%H:%M:%S")
logging.Formatter.converter = time.gmtime
log = logging.getLogger()
DSN = os.environ["SHELF_DSN"]


def hold(sql, release):
    """A session that runs `sql` in a transaction and keeps it open until `release` is set."""
    holder = psycopg2.connect(DSN, application_name="holder")
    cur = holder.cursor()
    cur.execute(sql)
    release.wait()
    holder.rollback()
    holder.close()


def app_statement(sql, params):
    app = psycopg2.connect(DSN, application_name="lending")
    cur = app.cursor()
    cur.execute("SET statement_timeout = '1500ms'")
    log.info("request: %s", sql.split()[0])
    try:
        cur.execute(sql, params)
        app.commit()
    except psycopg2.Error:
        log.exception("request failed")
        app.rollback()
    app.close()


def scenario(lock_sql, app_sql, params):
    release = threading.Event()
    holder = threading.Thread(target=hold, args=(lock_sql, release))
    holder.start()
    time.sleep(0.3)
    app_statement(app_sql, params)
    release.set()
    holder.join()


# A row lock: the holder updated the row and has not committed.
scenario("UPDATE books SET on_loan = true WHERE id = 1", "UPDATE books SET on_loan = false WHERE id = %s", (1,))
time.sleep(3)
# A table lock: a migration-like ACCESS EXCLUSIVE lock held in an open transaction.
scenario("LOCK TABLE shelves IN ACCESS EXCLUSIVE MODE", "SELECT label FROM shelves WHERE id = %s", (1,))
