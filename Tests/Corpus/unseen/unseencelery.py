"""A Celery worker (in-memory broker, solo pool, its own log format) whose tasks use SQLAlchemy on pg8000.

Run by capture_unseen.py with DB_HOST/DB_PORT and the task names to run: queues them, starts the worker,
and a last task stops it. Celery logs each failed task with the exception's repr and its traceback.
"""
import os
import signal
import sys
import threading
import time

from celery import Celery
from sqlalchemy import create_engine, text

HOST, PORT = os.environ["DB_HOST"], int(os.environ["DB_PORT"])
URL = f"postgresql+pg8000://app_user:app-secret@{HOST}:{PORT}/appdb"
engine = create_engine(URL, pool_size=2, max_overflow=0, pool_timeout=0.3)

app = Celery("unseen", broker="memory://", backend="cache+memory://")
app.conf.update(worker_hijack_root_logger=True, task_acks_late=False, broker_connection_retry_on_startup=True)


def run(sql, **params):
    with engine.begin() as conn:
        return conn.execute(text(sql), params).fetchall() if sql.lstrip().upper().startswith("SELECT") else conn.execute(text(sql), params)


@app.task
def send_reminders():
    run("SELECT id FROM reminders WHERE due_at < now()")


@app.task
def export_customers():
    run("SELECT id, phone FROM customers")


@app.task
def merge_customers():
    run("UPDATE customers SET email = :email WHERE id = 2", email="ann@example.com")


@app.task
def settle_ledger():
    errors = []

    def leg(first, second):
        try:
            with engine.connect() as conn:
                conn.execute(text("UPDATE accounts SET balance = balance - 1 WHERE id = :id"), {"id": first})
                time.sleep(0.3)
                conn.execute(text("UPDATE accounts SET balance = balance + 1 WHERE id = :id"), {"id": second})
                conn.commit()
        except Exception as e:
            errors.append(e)
    threads = [threading.Thread(target=leg, args=p) for p in ((1, 2), (2, 1))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    if errors:
        raise errors[0]


@app.task
def yearly_report():
    with engine.connect() as conn:
        conn.execute(text("SET statement_timeout = '100ms'"))
        conn.execute(text("SELECT pg_sleep(2)"))


@app.task
def hold_connections():
    with engine.connect(), engine.connect(), engine.connect():
        pass


@app.task
def sync_warehouse():
    create_engine(f"postgresql+pg8000://app_user:app-secret@{HOST}:1/appdb").connect()


@app.task
def parse_import():
    run("SELECT count(*) FROM orders WHERE now()::date > CAST(:since AS date)", since="last tuesday")


@app.task
def stop_worker():
    os.kill(os.getpid(), signal.SIGTERM)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        app.tasks[f"unseen.{name}"].delay()
    stop_worker.delay()
    app.worker_main(["worker", "--pool=solo", "--loglevel=INFO", "--without-heartbeat", "--without-mingle",
                     "--without-gossip", "-n", "unseen@localhost"])
