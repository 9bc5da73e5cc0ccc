"""Hold-out corpus: real failures of stacks the catalog was not captured from.

Run by capture.sh against its server (PGHOST = socket dir, PGPORT). Writes
  fastapi/uvicorn.log         uvicorn's stderr while FastAPI routes fail (SQLAlchemy asyncio + asyncpg)
  fastapi/docker.log          the same lines in Docker's json-file envelope
  worker/worker.jsonl         a job worker (psycopg 3 + psycopg_pool, peewee on psycopg2) logging with
                              python-json-logger: one JSON record per log call, traceback in "exc_info"
  expected-holdout.yaml       the rule and captures each failure must yield, and how many failures each file holds
"""
import argparse
import datetime
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import httpx
import psycopg
import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
SOCKET, PORT = os.environ["PGHOST"], int(os.environ["PGPORT"])
HOST = "127.0.0.1"
DSN = f"host={HOST} port={PORT} dbname=appdb user=app_user password=app-secret"

SETUP = """
CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE, name varchar(20));
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id),
                     total numeric(8,2) CHECK (total >= 0), qty int NOT NULL DEFAULT 1, meta jsonb);
CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
CREATE TABLE secrets (id int PRIMARY KEY, value text);
INSERT INTO customers (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob');
INSERT INTO orders (customer_id, total, qty) VALUES (1, 10, 2), (2, 20, 3);
INSERT INTO accounts VALUES (1, 100), (2, 100), (3, 100), (4, 100);
GRANT SELECT, INSERT, UPDATE, DELETE ON customers, orders, accounts TO app_user;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO app_user;
REVOKE ALL ON secrets FROM app_user;
ALTER ROLE app_user SET temp_file_limit = '64kB';
"""


def setup():
    admin = psycopg.connect(f"host={SOCKET} port={PORT} dbname=postgres user=postgres", autocommit=True)
    admin.execute("CREATE ROLE app_user LOGIN PASSWORD 'app-secret'")
    admin.execute("CREATE DATABASE appdb")
    with psycopg.connect(f"host={SOCKET} port={PORT} dbname=appdb user=postgres", autocommit=True) as db:
        db.execute(SETUP)


# FastAPI under uvicorn ---------------------------------------------------------------------------
# (method, path, rule, captures): each route fails once.
ROUTES = [
    ("GET", "/invoices", "undefined_table", {"relation": "invoices"}),
    ("GET", "/customers", "undefined_column", {"column": "loyalty_tier", "table": "customers"}),
    ("GET", "/orders/by-status", "undefined_column", {"column": "state"}),
    ("GET", "/reports/daily", "undefined_table", {"relation": "daily_sales", "schema": "reporting"}),
    ("GET", "/customers/score", "undefined_function", {"function": "loyalty_score"}),
    ("POST", "/customers/duplicate", "unique_violation", {"constraint": "customers_email_key"}),
    ("POST", "/orders/orphan", "foreign_key_violation", {"constraint": "orders_customer_id_fkey"}),
    ("POST", "/customers/anonymous", "not_null_violation", {"column": "email", "table": "customers"}),
    ("POST", "/orders/negative", "check_violation", {"constraint": "orders_total_check"}),
    ("POST", "/transfer", "deadlock_detected", {}),
    ("POST", "/accounts/interest", "serialization_failure", {}),
    ("GET", "/reports/slow", "statement_timeout", {"reason": "statement"}),
    ("POST", "/accounts/lock", "statement_timeout", {"reason": "lock"}),
    ("GET", "/pool", "db_too_many_connections", {"pool_size": "1", "max_overflow": "0"}),
    ("GET", "/replica/down", "db_connection_refused", {"port": "1"}),
    ("GET", "/ssl", "db_ssl_error", {"address": f"{HOST}:{PORT}"}),
    ("GET", "/crowd", "db_too_many_connections", {}),
    ("POST", "/replica/write", "read_only_transaction", {"command": "UPDATE"}),
    ("GET", "/orders/lookup", "asyncpg_invalid_argument", {"position": "1"}),
    ("GET", "/orders/cast", "invalid_input_syntax", {"type": "integer", "value": "abc"}),
    ("POST", "/orders/huge", "numeric_value_out_of_range", {"type": "integer"}),
    ("POST", "/orders/price", "numeric_value_out_of_range", {}),
    ("POST", "/customers/rename", "string_data_right_truncation", {"type": "character varying(20)"}),
    ("GET", "/stats/ratio", "division_by_zero", {}),
    ("GET", "/upstream/rates", "json_decode_error", {"reason": "Expecting value"}),
    ("GET", "/export", "temp_file_limit_exceeded", {"limit_kb": "64"}),
    ("GET", "/admin/secrets", "insufficient_privilege", {"object": "secrets"}),
    ("GET", "/killed", "connection_already_closed", {}),
    ("GET", "/orders/latest-per-customer", "cardinality_violation", {}),
    ("GET", "/orders/1/customer", "sqlalchemy_missing_greenlet", {}),
    ("GET", "/orders/count-after-migration", "invalid_cached_statement", {}),
]


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def capture_fastapi(out):
    port = free_port()
    env = dict(os.environ,
               DATABASE_URL=f"postgresql+asyncpg://app_user:app-secret@{HOST}:{PORT}/appdb",
               ADMIN_URL=f"postgresql+asyncpg://postgres@{HOST}:{PORT}/appdb",
               SELF_URL=f"http://{HOST}:{port}", PYTHONPATH=HERE)
    os.makedirs(f"{out}/fastapi", exist_ok=True)
    log_path = f"{out}/fastapi/uvicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "holdapp:app", "--host", HOST, "--port", str(port),
                                   "--workers", "1"], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(100):
                try:
                    httpx.get(f"http://{HOST}:{port}/docs", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            for method, path, rule, _ in ROUTES:
                status = httpx.request(method, f"http://{HOST}:{port}{path}", timeout=15).status_code
                if status != 500:
                    raise SystemExit(f"{method} {path}: expected a 500 for {rule}, got {status}")
                time.sleep(0.3)
        finally:
            server.terminate()
            server.wait()
    with open(log_path) as f:
        text = f.read()
    with open(f"{out}/fastapi/docker.log", "w") as f:
        for line in text.splitlines():
            now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f000Z")
            f.write(json.dumps({"log": line + "\n", "stream": "stderr", "time": now}) + "\n")


# Worker: psycopg 3 + psycopg_pool, peewee ------------------------------------------------------
JOBS = []  # (name, rule, captures, fn)


def job(name, rule, captures):
    def register(fn):
        JOBS.append((name, rule, captures, fn))
        return fn
    return register


from psycopg_pool import ConnectionPool

pool = ConnectionPool(DSN, min_size=1, max_size=2, timeout=0.3, open=False)


@job("sync_exports", "db_too_many_connections", {"timeout": "0.30"})
def _():
    with pool.connection() as a, pool.connection() as b:
        with pool.connection() as c:
            c.execute("SELECT 1")


@job("refresh_scores", "undefined_function", {"function": "loyalty_score"})
def _():
    with pool.connection() as c:
        c.execute("SELECT loyalty_score(1)")


@job("rollup_reporting", "undefined_schema", {"schema": "reporting"})
def _():
    with pool.connection() as c:
        c.execute("CREATE TABLE reporting.rollup (id int)")


@job("long_batch", "idle_in_transaction_timeout", {})
def _():
    with psycopg.connect(DSN) as c:
        c.execute("SET idle_in_transaction_session_timeout = '100ms'")
        c.execute("SELECT 1")
        time.sleep(0.5)
        c.execute("SELECT 1")


@job("audit_dump", "insufficient_privilege", {"object": "secrets"})
def _():
    with pool.connection() as c:
        c.execute("SELECT * FROM secrets")


@job("dns_check", "db_host_not_found", {"host": "db.invalid"})
def _():
    psycopg.connect("host=db.invalid port=5432 dbname=appdb user=app_user connect_timeout=2")


@job("remote_sync", "db_connect_timeout", {})
def _():
    with socket.socket() as silent:          # accepts TCP connections (backlog) and never answers
        silent.bind((HOST, 0))
        silent.listen(8)
        psycopg.connect(f"host={HOST} port={silent.getsockname()[1]} dbname=appdb user=app_user connect_timeout=1")


@job("secure_sync", "db_ssl_error", {})
def _():
    psycopg.connect(DSN + " sslmode=require")


@job("rename_customer", "string_data_right_truncation", {"type": "character varying(20)"})
def _():
    with pool.connection() as c:
        c.execute("UPDATE customers SET name = %s WHERE id = 1", ("Bartholomew Maximilian Fitzgerald",))


@job("import_meta", "invalid_input_syntax", {"type": "json"})
def _():
    with pool.connection() as c:
        c.execute("UPDATE orders SET meta = %s::jsonb WHERE id = 1", ("{'vip': true}",))


@job("sessions_cleanup", "admin_shutdown", {})
def _():
    c = psycopg.connect(DSN)
    pid = c.execute("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(f"host={SOCKET} port={PORT} dbname=appdb user=postgres", autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    c.execute("SELECT 1")


@job("login_probe", "password_authentication_failed", {"user": "app_user"})
def _():
    psycopg.connect(DSN.replace("app-secret", "stale-secret"))


@job("tenant_db", "database_does_not_exist", {"database": "tenant_42"})
def _():
    psycopg.connect(DSN.replace("dbname=appdb", "dbname=tenant_42"))


@job("reprice", "numeric_value_out_of_range", {})
def _():
    with pool.connection() as c:
        c.execute("UPDATE orders SET total = total * 1000000 WHERE id = 2")


@job("bulk_export", "temp_file_limit_exceeded", {"limit_kb": "64"})
def _():
    with pool.connection() as c:
        c.execute("SELECT g FROM generate_series(1, 200000) g ORDER BY md5(g::text)").fetchall()


import peewee

pw = peewee.PostgresqlDatabase("appdb", host=HOST, port=PORT, user="app_user", password="app-secret")


class PwCustomer(peewee.Model):
    email = peewee.TextField(null=True)
    fullname = peewee.CharField(null=True)    # the column is "name": renamed in the model, not in the database

    class Meta:
        database = pw
        table_name = "customers"


class PwInvoice(peewee.Model):
    number = peewee.TextField()

    class Meta:
        database = pw
        table_name = "invoice_lines"


class Order(peewee.Model):
    customer_id = peewee.IntegerField()
    total = peewee.DecimalField()

    class Meta:
        database = pw
        table_name = "orders"


@job("invoice_mailer", "undefined_table", {"relation": "invoice_lines"})
def _():
    list(PwInvoice.select())


@job("customer_names", "undefined_column", {"column": "fullname"})
def _():
    pw.rollback() if pw.in_transaction() else None
    list(PwCustomer.select(PwCustomer.fullname))


@job("signup_import", "unique_violation", {"constraint": "customers_email_key"})
def _():
    PwCustomer.insert(email="bob@example.com").execute()


@job("signup_blank", "not_null_violation", {"column": "email", "table": "customers"})
def _():
    PwCustomer.insert(email=None).execute()


@job("gdpr_delete", "foreign_key_violation", {"constraint": "orders_customer_id_fkey"})
def _():
    PwCustomer.delete().where(PwCustomer.id == 1).execute()


@job("customer_lookup", "peewee_does_not_exist", {"model": "Order"})
def _():
    Order.get_by_id(999)


@job("legacy_sync", "db_connection_refused", {"port": "1"})
def _():
    peewee.PostgresqlDatabase("appdb", host=HOST, port=1, user="app_user", password="app-secret").connect()


def capture_worker(out):
    from pythonjsonlogger.json import JsonFormatter
    os.makedirs(f"{out}/worker", exist_ok=True)
    log = logging.getLogger("worker")
    log.handlers.clear()
    log.propagate = False
    log.setLevel(logging.INFO)
    handler = logging.FileHandler(f"{out}/worker/worker.jsonl", mode="w")
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                       rename_fields={"asctime": "timestamp", "levelname": "level"}))
    log.addHandler(handler)
    pool.open(wait=True)
    for name, rule, _, fn in JOBS:
        log.info("job started", extra={"job": name})
        try:
            fn()
        except Exception:
            log.exception("job failed", extra={"job": name})
            if not pw.is_closed():
                pw.close()
        else:
            raise SystemExit(f"job {name}: {rule} case did not fail")
    pool.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    setup()
    capture_fastapi(args.out)
    capture_worker(args.out)
    with open(os.path.join(args.out, "expected-holdout.yaml"), "w") as out:
        out.write("# Written by capture_holdout.py: the rule and captures each failure must yield, one finding each.\n")
        for files, items in ((["fastapi/uvicorn.log", "fastapi/docker.log"], [(r, c) for _, _, r, c in ROUTES]),
                             (["worker/worker.jsonl"], [(r, c) for _, r, c, _ in JOBS])):
            out.write(f"- files: [{', '.join(files)}]\n  expect:\n")
            for rule, captures in items:
                caps = ", ".join(f"{k}: '{v}'" for k, v in captures.items())
                out.write(f"    - {{rule: {rule}, captures: {{{caps}}}}}\n")


if __name__ == "__main__":
    main()
