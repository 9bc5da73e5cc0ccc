"""Reminder/invoice background job, plain psycopg2."""
import logging
import sys
import threading
import time

import psycopg2

logging.basicConfig(format='%(asctime)s %(levelname)s %(name)s: %(message)s', level=logging.INFO)
log = logging.getLogger("clinic.jobs")
DSN = "host=127.0.0.1 port=55434 dbname=clinic user=clinic application_name=reminder-job"


def worker(name, first, second, barrier):
    conn = psycopg2.connect(DSN)
    try:
        with conn:
            with conn.cursor() as cur:
                cur.execute("UPDATE clinic_counters SET value = value + 1 WHERE name = %s", (first,))
                barrier.wait()
                time.sleep(0.3)
                cur.execute("UPDATE clinic_counters SET value = value + 1 WHERE name = %s", (second,))
        log.info("%s: counters bumped", name)
    except psycopg2.Error:
        log.exception("%s: counter batch failed", name)
    finally:
        conn.close()


def deadlock():
    b = threading.Barrier(2)
    t1 = threading.Thread(target=worker, args=("worker-1", "reminders", "invoices", b))
    t2 = threading.Thread(target=worker, args=("worker-2", "invoices", "reminders", b))
    t1.start(); t2.start(); t1.join(); t2.join()


def idle_tx():
    conn = psycopg2.connect(DSN, options="-c idle_in_transaction_session_timeout=1000")
    cur = conn.cursor()
    cur.execute("SELECT id FROM visits WHERE state = 'booked' FOR UPDATE")
    ids = [r[0] for r in cur.fetchall()]
    log.info("locked %d visits for reminders; sending e-mails", len(ids))
    time.sleep(2.5)   # "sending e-mails" while holding the transaction open
    try:
        cur.execute("UPDATE clinic_counters SET value = value + %s WHERE name = 'reminders'", (len(ids),))
        conn.commit()
    except psycopg2.Error as e:
        log.error("reminder batch lost its transaction: %s", e)
    finally:
        conn.close()


def connect_once():
    try:
        conn = psycopg2.connect(DSN, connect_timeout=3)
        conn.close()
        log.info("database reachable")
    except psycopg2.OperationalError:
        log.exception("cannot reach database, will retry in 30s")


def aborted_tx():
    conn = psycopg2.connect(DSN)
    cur = conn.cursor()
    try:
        cur.execute("INSERT INTO clinic_counters (name, value) VALUES ('reminders', 0)")
    except psycopg2.errors.UniqueViolation:
        log.warning("counter 'reminders' exists already")
    try:
        cur.execute("UPDATE clinic_counters SET value = 0 WHERE name = 'invoices'")   # no rollback first
        conn.commit()
    except psycopg2.Error:
        log.exception("could not reset invoice counter")
    conn.close()


def notices():
    conn = psycopg2.connect(DSN)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS reminders_tmp")
    cur.execute("CREATE TABLE IF NOT EXISTS clinic_counters (name text PRIMARY KEY, value bigint NOT NULL DEFAULT 0)")
    for n in conn.notices:
        log.info("server notice: %s", n.strip())
    conn.close()


def harmless():
    log.info("reminder run finished: 0 failed, error rate 0%, retries 0")
    log.info("table created: reminders_tmp (temporary, dropped at end of run)")
    log.warning("no reminders to send for clinician 2; nothing failed")


if __name__ == "__main__":
    {"aborted": aborted_tx, "notices": notices, "deadlock": deadlock, "idle": idle_tx, "connect": connect_once, "harmless": harmless}[sys.argv[1]]()
