"""A dramatiq worker (StubBroker, in-process Worker) whose actors use pg8000 and Pony ORM.

Run by capture_unseen.py with DB_HOST/DB_PORT; logs with dramatiq's own CLI format to stderr.
Each actor fails once, for real; dramatiq logs the unhandled exception with its traceback.
"""
import logging
import os
import sys
import threading
import time

import dramatiq
import pg8000.dbapi
import pg8000.native
from dramatiq.brokers.stub import StubBroker
from pony import orm

HOST, PORT = os.environ["DB_HOST"], int(os.environ["DB_PORT"])
KW = dict(host=HOST, port=PORT, database="appdb", user="app_user", password="app-secret")

broker = StubBroker()
broker.emit_after("process_boot")
dramatiq.set_broker(broker)
ACTORS = []


def actor(fn):
    a = dramatiq.actor(fn, max_retries=0)
    ACTORS.append(a)
    return a


OPEN = []   # connections an actor opened, closed after it ran (its traceback keeps them alive)


def dbapi():
    OPEN.append(pg8000.dbapi.connect(**KW))
    return OPEN[-1]


def native():
    OPEN.append(pg8000.native.Connection(**KW))
    return OPEN[-1]


def close_all():
    while OPEN:
        try:
            OPEN.pop().close()
        except Exception:
            pass


# pg8000 (DB-API) --------------------------------------------------------------------------------
@actor
def mail_invoices():
    cur = dbapi().cursor()
    cur.execute("SELECT id, number FROM invoice_lines WHERE sent_at IS NULL")


@actor
def customer_names():
    cur = dbapi().cursor()
    cur.execute("SELECT id, fullname FROM customers")


@actor
def import_signup():
    conn = dbapi()
    conn.cursor().execute("INSERT INTO customers (email, name) VALUES (%s, %s)", ("ann@example.com", "Ann"))
    conn.commit()


@actor
def attach_order():
    conn = dbapi()
    conn.cursor().execute("INSERT INTO orders (customer_id, total) VALUES (%s, %s)", (999, 5))
    conn.commit()


@actor
def blank_signup():
    conn = dbapi()
    conn.cursor().execute("INSERT INTO customers (email, name) VALUES (%s, %s)", (None, "Nobody"))
    conn.commit()


@actor
def refund_order():
    conn = dbapi()
    conn.cursor().execute("UPDATE orders SET total = %s WHERE id = %s", (-10, 1))
    conn.commit()


@actor
def settle_accounts():
    errors = []

    def leg(first, second):
        conn = dbapi()
        cur = conn.cursor()
        try:
            cur.execute("UPDATE accounts SET balance = balance - 1 WHERE id = %s", (first,))
            time.sleep(0.3)
            cur.execute("UPDATE accounts SET balance = balance + 1 WHERE id = %s", (second,))
            conn.commit()
        except Exception as e:
            errors.append(e)
        finally:
            conn.close()
    threads = [threading.Thread(target=leg, args=p) for p in ((1, 2), (2, 1))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    if errors:
        raise errors[0]


# pg8000 (native) --------------------------------------------------------------------------------
@actor
def accrue_interest():
    a, b = native(), native()
    a.run("START TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    a.run("SELECT balance FROM accounts WHERE id = 3")
    b.run("UPDATE accounts SET balance = balance + 5 WHERE id = 3")
    a.run("UPDATE accounts SET balance = balance * 1.01 WHERE id = 3")


@actor
def nightly_report():
    conn = native()
    conn.run("SET statement_timeout = '100ms'")
    conn.run("SELECT pg_sleep(2)")


@actor
def freeze_account():
    a, b = native(), native()
    a.run("START TRANSACTION")
    a.run("SELECT * FROM accounts WHERE id = 4 FOR UPDATE")
    b.run("SET lock_timeout = '100ms'")
    b.run("UPDATE accounts SET balance = 0 WHERE id = 4")


@actor
def sync_replica():
    pg8000.native.Connection(**dict(KW, port=1))


@actor
def login_probe():
    pg8000.native.Connection(**dict(KW, password="stale-secret"))


@actor
def tenant_db():
    pg8000.native.Connection(**dict(KW, database="tenant_42"))


@actor
def dns_check():
    pg8000.native.Connection(**dict(KW, host="db.invalid"))


@actor
def remote_sync():
    import socket
    with socket.socket() as silent:          # accepts TCP connections (backlog) and never answers
        silent.bind((HOST, 0))
        silent.listen(8)
        pg8000.native.Connection(**dict(KW, port=silent.getsockname()[1], timeout=1))


@actor
def fan_out():
    held = []
    try:
        for _ in range(20):
            held.append(native())
    finally:
        for conn in held:
            conn.close()


@actor
def archive_orders():
    conn = native()
    conn.run("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    conn.run("DELETE FROM orders WHERE id = :id", id=2)


@actor
def parse_quantity():
    native().run("SELECT * FROM orders WHERE qty = :qty::int", qty="two")


@actor
def bulk_reprice():
    native().run("UPDATE orders SET total = total * 1000000 WHERE id = 2")


@actor
def average_basket():
    native().run("SELECT coalesce(sum(total), 0) / count(*) FROM orders WHERE customer_id = 999")


@actor
def refresh_scores():
    native().run("SELECT loyalty_score(id) FROM customers")


@actor
def rollup_reporting():
    native().run("CREATE TABLE reporting.rollup (day date, total numeric)")


# Pony ORM ---------------------------------------------------------------------------------------
db = orm.Database()


class PCustomer(db.Entity):
    _table_ = "customers"
    id = orm.PrimaryKey(int, auto=True)
    email = orm.Required(str, unique=True)
    name = orm.Optional(str, nullable=True)


class PCoupon(db.Entity):
    _table_ = "coupons"
    id = orm.PrimaryKey(int, auto=True)
    code = orm.Required(str)


reporting_db = orm.Database()    # a second model of customers, with a column the migration never added


class PSegment(reporting_db.Entity):
    _table_ = "customers"
    id = orm.PrimaryKey(int, auto=True)
    segment = orm.Optional(str)


db.bind(provider="postgres", **KW)
db.generate_mapping(create_tables=False, check_tables=False)
reporting_db.bind(provider="postgres", **KW)
reporting_db.generate_mapping(create_tables=False, check_tables=False)


@actor
def pony_coupons():
    with orm.db_session:
        orm.select(c for c in PCoupon)[:]


@actor
def pony_segments():
    with orm.db_session:
        orm.select(c for c in PSegment)[:]


@actor
def pony_signup():
    with orm.db_session:
        PCustomer(email="bob@example.com", name="Bob")


@actor
def pony_lookup():
    with orm.db_session:
        PCustomer[999]


def main():
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="[%(asctime)s] [PID %(process)d] [%(threadName)s] [%(name)s] [%(levelname)s] %(message)s")
    logging.getLogger("pony").setLevel(logging.WARNING)
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    names = sys.argv[1:] or [a.actor_name for a in ACTORS]
    by_name = {a.actor_name: a for a in ACTORS}
    for name in names:
        by_name[name].send()
        broker.join(by_name[name].queue_name, fail_fast=False)
        worker.join()
        close_all()
        time.sleep(0.2)
    worker.stop()


if __name__ == "__main__":
    main()
