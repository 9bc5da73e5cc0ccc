"""Unseen-drivers corpus: real failures of drivers and ORMs the catalog was never tuned on.

Run by capture.sh against its server (PGHOST = socket dir, PGPORT). Writes
  fastapi/uvicorn.log   uvicorn's stderr while FastAPI routes fail: Tortoise ORM (asyncpg), aiopg, piccolo
                        (asyncpg), SQLModel (psycopg2)
  worker/dramatiq.log   a dramatiq worker's stderr (dramatiq's CLI log format) while actors fail: pg8000
                        (DB-API and native; its errors print the server's fields as a dict) and Pony ORM
  worker/celery.log     a Celery worker's stderr (solo pool, in-memory broker) while tasks on SQLAlchemy +
                        pg8000 fail
  aerich/aerich.log     Aerich's CLI output while two Tortoise ORM migrations fail on the table's data
  expected-unseen.yaml  the rule and captures each failure must yield, one finding each
"""
import argparse
import os
import socket
import subprocess
import sys
import time

import httpx
import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
SOCKET, PORT = os.environ["PGHOST"], int(os.environ["PGPORT"])
HOST = "127.0.0.1"

SETUP = """
CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE, name varchar(20));
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id),
                     total numeric(8,2) CHECK (total >= 0), qty int NOT NULL DEFAULT 1, meta jsonb);
CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
INSERT INTO customers (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob');
INSERT INTO orders (customer_id, total, qty) VALUES (1, 10, 2), (2, 20, 3);
INSERT INTO accounts VALUES (1, 100), (2, 100), (3, 100), (4, 100);
GRANT SELECT, INSERT, UPDATE, DELETE ON customers, orders, accounts TO app_user;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO app_user;
"""

# (method, path, rule, captures): each route fails once.
ROUTES = [
    ("GET", "/invoices", "undefined_table", {"relation": "invoices"}),
    ("GET", "/customers/tiers", "undefined_column", {"column": "loyalty_tier"}),   # no SQL in the log: no table
    ("POST", "/customers/duplicate", "unique_violation", {"constraint": "customers_email_key"}),
    ("POST", "/orders/orphan", "foreign_key_violation", {"constraint": "orders_customer_id_fkey"}),
    ("POST", "/customers/anonymous", "not_null_violation", {"column": "email", "table": "customers"}),
    ("GET", "/customers/999", "tortoise_does_not_exist", {"model": "Customer"}),
    ("GET", "/reports/daily", "undefined_table", {"relation": "daily_sales", "schema": "reporting"}),
    ("POST", "/reports/rollup", "undefined_schema", {"schema": "reporting"}),
    ("GET", "/customers/score", "undefined_function", {"function": "loyalty_score"}),
    ("GET", "/reports/slow", "statement_timeout", {"reason": "statement"}),
    ("POST", "/transfer", "deadlock_detected", {"lock_mode": "ShareLock"}),
    ("POST", "/accounts/interest", "serialization_failure", {}),
    ("POST", "/accounts/lock", "statement_timeout", {"reason": "lock", "relation": "accounts"}),
    ("GET", "/shipments", "undefined_table", {"relation": "shipments"}),
    ("POST", "/orders/negative", "check_violation", {"constraint": "orders_total_check"}),
    ("POST", "/orders/reprice", "numeric_value_out_of_range", {}),
    ("GET", "/stats/average", "division_by_zero", {}),
    ("POST", "/replica/write", "read_only_transaction", {"command": "UPDATE"}),
    ("GET", "/clients/lookup", "invalid_input_syntax", {"type": "integer", "value": "abc"}),
    ("GET", "/pool", "db_pool_exhausted", {"pool_size": "1", "max_overflow": "0"}),
    ("GET", "/replica/clients", "db_connection_refused", {"port": "1"}),
    ("GET", "/crowd", "db_too_many_connections", {}),
]

# Routes whose failure is logged twice, as two records: aiopg hands a canceled statement to asyncio's
# exception handler (the server's error text, `future: <Future … exception=QueryCanceled(…)>`, a traceback)
# before the route's own traceback reaches uvicorn.
LOGGED_TWICE = {"/reports/slow"}

# (actor, rule, captures): each actor fails once.
ACTORS = [
    ("mail_invoices", "undefined_table", {"relation": "invoice_lines"}),
    ("customer_names", "undefined_column", {"column": "fullname"}),
    ("import_signup", "unique_violation", {"constraint": "customers_email_key"}),
    ("attach_order", "foreign_key_violation", {"constraint": "orders_customer_id_fkey"}),
    ("blank_signup", "not_null_violation", {"column": "email", "table": "customers"}),
    ("refund_order", "check_violation", {"constraint": "orders_total_check"}),
    ("settle_accounts", "deadlock_detected", {"lock_mode": "ShareLock"}),
    ("accrue_interest", "serialization_failure", {}),
    ("nightly_report", "statement_timeout", {"reason": "statement"}),
    ("freeze_account", "statement_timeout", {"reason": "lock", "relation": "accounts"}),
    ("sync_replica", "db_connection_refused", {"host": HOST, "port": "1"}),
    ("login_probe", "password_authentication_failed", {"user": "app_user"}),
    ("tenant_db", "database_does_not_exist", {"database": "tenant_42"}),
    ("dns_check", "db_host_not_found", {"host": "db.invalid"}),
    ("remote_sync", "db_connect_timeout", {}),
    ("fan_out", "db_too_many_connections", {}),
    ("archive_orders", "read_only_transaction", {"command": "DELETE"}),
    ("parse_quantity", "invalid_input_syntax", {"type": "integer", "value": "two"}),
    ("bulk_reprice", "numeric_value_out_of_range", {}),
    ("average_basket", "division_by_zero", {}),
    ("refresh_scores", "undefined_function", {"function": "loyalty_score"}),
    ("rollup_reporting", "undefined_schema", {"schema": "reporting"}),
    ("pony_coupons", "undefined_table", {"relation": "coupons"}),
    ("pony_segments", "undefined_column", {"column": "segment"}),
    ("pony_signup", "unique_violation", {"constraint": "customers_email_key"}),
    ("pony_lookup", "pony_object_not_found", {"model": "PCustomer", "key": "999"}),
]


# (task, rule, captures): each Celery task fails once (SQLAlchemy on pg8000).
TASKS = [
    ("send_reminders", "undefined_table", {"relation": "reminders"}),
    ("export_customers", "undefined_column", {"column": "phone"}),
    ("merge_customers", "unique_violation", {"constraint": "customers_email_key"}),
    ("settle_ledger", "deadlock_detected", {"lock_mode": "ShareLock"}),
    ("yearly_report", "statement_timeout", {"reason": "statement"}),
    ("hold_connections", "db_pool_exhausted", {"pool_size": "2", "max_overflow": "0"}),
    ("sync_warehouse", "db_connection_refused", {"host": HOST, "port": "1"}),
    ("parse_import", "invalid_input_syntax", {"type": "date", "value": "last tuesday"}),
]


# Aerich (Tortoise ORM's migration tool) upgrades that fail on the data already in the table.
AERICH = [
    ("unique_email", "unique_index_build_failed", {"key": "email", "value": "ann@example.com"}),
    ("loyalty_tier", "not_null_column_has_nulls", {"column": "loyalty_tier", "table": "customers"}),
]
AERICH_MODELS = """from tortoise import fields, models


class Customer(models.Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=200)
    name = fields.CharField(max_length=20, null=True)

    class Meta:
        table = "customers"
"""


def setup():
    admin = psycopg2.connect(host=SOCKET, port=PORT, dbname="postgres", user="postgres")
    admin.autocommit = True
    admin.cursor().execute("CREATE ROLE app_user LOGIN PASSWORD 'app-secret'")
    admin.cursor().execute("CREATE DATABASE appdb")
    db = psycopg2.connect(host=SOCKET, port=PORT, dbname="appdb", user="postgres")
    db.autocommit = True
    db.cursor().execute(SETUP)
    db.close()
    admin.close()


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def capture_fastapi(out, only):
    port = free_port()
    env = dict(os.environ, DB_HOST=HOST, DB_PORT=str(PORT), PYTHONPATH=HERE)
    os.makedirs(f"{out}/fastapi", exist_ok=True)
    with open(f"{out}/fastapi/uvicorn.log", "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "unseenapp:app", "--host", HOST, "--port",
                                   str(port), "--workers", "1"], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(100):
                try:
                    httpx.get(f"http://{HOST}:{port}/docs", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            for method, path, rule, _ in ROUTES:
                if only and path not in only:
                    continue
                status = httpx.request(method, f"http://{HOST}:{port}{path}", timeout=15).status_code
                if status != 500:
                    raise SystemExit(f"{method} {path}: expected a 500 for {rule}, got {status}")
                time.sleep(0.3)
        finally:
            server.terminate()
            server.wait()


def capture_worker(out, only):
    env = dict(os.environ, DB_HOST=HOST, DB_PORT=str(PORT), PYTHONPATH=HERE)
    os.makedirs(f"{out}/worker", exist_ok=True)
    names = [name for name, _, _ in ACTORS if not only or name in only]
    if not names:
        return
    with open(f"{out}/worker/dramatiq.log", "w") as log:
        subprocess.run([sys.executable, os.path.join(HERE, "unseenworker.py"), *names], env=env,
                       stdout=log, stderr=subprocess.STDOUT, check=True, timeout=300)
    with open(f"{out}/worker/dramatiq.log") as f:
        failed = f.read().count("with unhandled exception")
    if failed != len(names):
        raise SystemExit(f"worker: {failed} actors failed, expected {len(names)}")


def capture_celery(out, only):
    env = dict(os.environ, DB_HOST=HOST, DB_PORT=str(PORT), PYTHONPATH=HERE)
    names = [name for name, _, _ in TASKS if not only or name in only]
    if not names:
        return
    with open(f"{out}/worker/celery.log", "w") as log:
        subprocess.run([sys.executable, os.path.join(HERE, "unseencelery.py"), *names], env=env,
                       stdout=log, stderr=subprocess.STDOUT, timeout=300)
    with open(f"{out}/worker/celery.log") as f:
        failed = f.read().count("raised unexpected")
    if failed != len(names):
        raise SystemExit(f"celery: {failed} tasks failed, expected {len(names)}")


def capture_aerich(out, only):
    """`aerich init-db`, then two model changes, each `aerich migrate` + `aerich upgrade`: a unique email on
    a table with a duplicate, and a NOT NULL column without a default on a table with rows."""
    import tempfile
    if only and not any(name in only for name, _, _ in AERICH):
        return
    admin = psycopg2.connect(host=SOCKET, port=PORT, dbname="postgres", user="postgres")
    admin.autocommit = True
    admin.cursor().execute("CREATE DATABASE loyalty")
    admin.close()
    aerich = os.path.join(os.path.dirname(sys.executable), "aerich")
    os.makedirs(f"{out}/aerich", exist_ok=True)
    with tempfile.TemporaryDirectory() as project, open(f"{out}/aerich/aerich.log", "w") as log:
        with open(f"{project}/settings.py", "w") as f:
            f.write(f"TORTOISE_ORM = {{'connections': {{'default': 'postgres://postgres@{HOST}:{PORT}/loyalty'}},\n"
                    "                'apps': {'models': {'models': ['models', 'aerich.models'], 'default_connection': 'default'}}}\n")
        with open(f"{project}/models.py", "w") as f:
            f.write(AERICH_MODELS)
        env = dict(os.environ, PYTHONPATH=project)
        def cli(*args):
            return subprocess.run([aerich, *args], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=120).returncode
        subprocess.run([aerich, "init", "-t", "settings.TORTOISE_ORM"], cwd=project, env=env, capture_output=True, check=True)
        if cli("init-db") != 0:
            raise SystemExit("aerich init-db failed")
        db = psycopg2.connect(host=SOCKET, port=PORT, dbname="loyalty", user="postgres")
        db.autocommit = True
        db.cursor().execute("INSERT INTO customers (email) VALUES ('ann@example.com'), ('ann@example.com')")
        db.close()
        changes = {"unique_email": ("max_length=200)", "max_length=200, unique=True)"),
                   "loyalty_tier": ("null=True)\n", "null=True)\n    loyalty_tier = fields.IntField()\n")}
        for name, _, _ in AERICH:
            old, new = changes[name]
            with open(f"{project}/models.py", "w") as f:
                f.write(AERICH_MODELS.replace(old, new, 1))
            for leftover in os.listdir(f"{project}/migrations/models"):
                if not leftover.startswith("0_") and leftover.endswith(".py"):
                    os.remove(f"{project}/migrations/models/{leftover}")
            cli("migrate", "--name", name)
            if cli("upgrade") == 0:
                raise SystemExit(f"aerich upgrade {name}: expected it to fail")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("only", nargs="*", help="routes or actors to run (default: all)")
    args = parser.parse_args()
    setup()
    capture_fastapi(args.out, args.only)
    capture_worker(args.out, args.only)
    capture_celery(args.out, args.only)
    capture_aerich(args.out, args.only)
    if args.only:
        return
    with open(os.path.join(args.out, "expected-unseen.yaml"), "w") as out:
        out.write("# Written by capture_unseen.py: the rule and captures each failure must yield, one finding each.\n")
        routes = [(r, c) for _, path, r, c in ROUTES for _ in range(2 if path in LOGGED_TWICE else 1)]
        for files, items in ((["fastapi/uvicorn.log"], routes),
                             (["worker/dramatiq.log"], [(r, c) for _, r, c in ACTORS]),
                             (["worker/celery.log"], [(r, c) for _, r, c in TASKS]),
                             (["aerich/aerich.log"], [(r, c) for _, r, c in AERICH])):
            out.write(f"- files: [{', '.join(files)}]\n  expect:\n")
            for rule, captures in items:
                caps = ", ".join(f"{k}: '{v}'" for k, v in captures.items())
                out.write(f"    - {{rule: {rule}, captures: {{{caps}}}}}\n")


if __name__ == "__main__":
    main()
