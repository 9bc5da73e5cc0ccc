"""Real driver and ORM failures, logged by Python's logging the way an application logs them.

Run by capture.sh against its server (PGHOST/PGPORT set, lc_messages back to C). Each driver's
failures go to drivers/plain/<driver>.log (logging's text format), drivers/docker/<driver>.log
(Docker's json-file: one {"log","stream","time"} record per line) and drivers/jsonl/<driver>.jsonl
(a JSON formatter: one record per log call, the traceback inside "message"); expected-drivers.yaml
lists the rule and captures each failure must yield.
"""
import argparse
import asyncio
import datetime
import io
import json
import logging
import os
import sys
import tempfile

HOST, PORT = "127.0.0.1", int(os.environ["PGPORT"])
SOCKET = os.environ["PGHOST"]
DSN = f"host={HOST} port={PORT} dbname=appdb user=app_user password=app-secret"
URL = f"postgresql://app_user:app-secret@{HOST}:{PORT}/appdb"

cases = {}  # driver -> [(rule, captures, callable)]


def case(driver, rule, captures):
    def register(fn):
        cases.setdefault(driver, []).append((rule, captures, fn))
        return fn
    return register


# psycopg2 ---------------------------------------------------------------------------------------
import psycopg2


@case("psycopg2", "undefined_table", {"relation": "missing_things"})
def _():
    psycopg2.connect(DSN).cursor().execute("SELECT * FROM missing_things")


@case("psycopg2", "unique_violation", {"constraint": "customers_email_key"})
def _():
    conn = psycopg2.connect(DSN)
    conn.cursor().execute("INSERT INTO customers (email) VALUES ('a@example.com')")


@case("psycopg2", "password_authentication_failed", {"user": "app_user"})
def _():
    psycopg2.connect(DSN.replace("app-secret", "wrong"))


@case("psycopg2", "db_connection_refused", {})
def _():
    psycopg2.connect(f"host={HOST} port=1 dbname=appdb user=app_user connect_timeout=2")


@case("psycopg2", "in_failed_transaction", {})
def _():
    cur = psycopg2.connect(DSN).cursor()
    try:
        cur.execute("SELECT 1/0")
    except psycopg2.Error:
        pass
    cur.execute("SELECT 1")


@case("psycopg2", "connection_already_closed", {})
def _():
    conn = psycopg2.connect(DSN)
    conn.close()
    conn.cursor()


@case("psycopg2", "check_violation", {"relation": "orders", "constraint": "orders_total_check"})
def _():
    psycopg2.connect(DSN).cursor().execute("INSERT INTO orders (customer_id, total) VALUES (1, -1)")


# psycopg 3 --------------------------------------------------------------------------------------
import psycopg


@case("psycopg3", "undefined_column", {"column": "shipped_at"})
def _():
    psycopg.connect(DSN).execute("SELECT shipped_at FROM orders")


@case("psycopg3", "foreign_key_violation", {"table": "orders", "constraint": "orders_customer_id_fkey"})
def _():
    psycopg.connect(DSN).execute("INSERT INTO orders (customer_id, total) VALUES (999, 1)")


@case("psycopg3", "database_does_not_exist", {"database": "no_such_db"})
def _():
    psycopg.connect(f"host={SOCKET} port={PORT} dbname=no_such_db user=postgres")


@case("psycopg3", "invalid_input_syntax", {"type": "integer", "value": "abc"})
def _():
    psycopg.connect(DSN).execute("SELECT 'abc'::int")


@case("psycopg3", "read_only_transaction", {"command": "UPDATE"})
def _():
    conn = psycopg.connect(DSN)
    conn.execute("SET TRANSACTION READ ONLY")
    conn.execute("UPDATE counters SET n = 0")


# asyncpg ----------------------------------------------------------------------------------------
import asyncpg


def arun(coro_fn):
    return lambda: asyncio.run(coro_fn())


async def _asyncpg_query(sql, *args):
    conn = await asyncpg.connect(URL)
    try:
        await conn.execute(sql, *args)
    finally:
        await conn.close()


case("asyncpg", "undefined_table", {"relation": "missing_things"})(arun(lambda: _asyncpg_query("SELECT * FROM missing_things")))
case("asyncpg", "unique_violation", {"constraint": "customers_email_key"})(arun(lambda: _asyncpg_query("INSERT INTO customers (email) VALUES ('a@example.com')")))
case("asyncpg", "password_authentication_failed", {"user": "app_user"})(arun(lambda: asyncpg.connect(URL.replace("app-secret", "wrong"))))
case("asyncpg", "database_does_not_exist", {"database": "no_such_db"})(arun(lambda: asyncpg.connect(f"postgresql://postgres@/no_such_db?host={SOCKET}&port={PORT}")))
case("asyncpg", "asyncpg_invalid_argument", {"position": "1"})(arun(lambda: _asyncpg_query("SELECT * FROM orders WHERE id = $1", "abc")))
case("asyncpg", "division_by_zero", {})(arun(lambda: _asyncpg_query("SELECT 1/0")))

# SQLAlchemy -------------------------------------------------------------------------------------
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None]
    name: Mapped[str | None]
    orders = relationship("Order", lazy="select")


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id"))
    total: Mapped[float | None]


class Refund(Base):
    __tablename__ = "refunds"
    id: Mapped[int] = mapped_column(primary_key=True)


engine = sa.create_engine(f"postgresql+psycopg2://app_user:app-secret@{HOST}:{PORT}/appdb", pool_size=1, max_overflow=0, pool_timeout=0.5)


@case("sqlalchemy", "undefined_table", {"relation": "refunds"})
def _():
    with Session(engine) as s:
        s.scalars(sa.select(Refund)).all()


@case("sqlalchemy", "not_null_violation", {"column": "email", "table": "customers"})
def _():
    with Session(engine) as s:
        s.add(Customer(name="nobody"))
        s.commit()


@case("sqlalchemy", "db_too_many_connections", {"pool_size": "1", "max_overflow": "0"})
def _():
    held = engine.connect()
    try:
        engine.connect()
    finally:
        held.close()


@case("sqlalchemy", "sqlalchemy_pending_rollback", {})
def _():
    with Session(engine) as s:
        s.add(Customer(name="nobody"))
        try:
            s.flush()
        except sa.exc.IntegrityError:
            pass
        s.scalars(sa.select(Customer)).all()


@case("sqlalchemy", "sqlalchemy_detached_instance", {"model": "Customer", "attribute": "orders"})
def _():
    with Session(engine) as s:
        customer = s.get(Customer, 1)
    customer.orders


@case("sqlalchemy", "sqlalchemy_textual_sql", {"sql": "SELECT 1"})
def _():
    with engine.connect() as c:
        c.execute("SELECT 1")


@case("sqlalchemy", "sqlalchemy_no_result", {})
def _():
    with Session(engine) as s:
        s.execute(sa.select(Customer).where(Customer.id == 999)).scalar_one()


# Django -----------------------------------------------------------------------------------------
def django_project():
    root = tempfile.mkdtemp(prefix="corpus-django-")
    os.makedirs(f"{root}/shop/migrations")
    open(f"{root}/shop/__init__.py", "w").close()
    open(f"{root}/shop/migrations/__init__.py", "w").close()
    with open(f"{root}/shop/models.py", "w") as f:
        f.write("from django.db import models\n\n"
                "class Coupon(models.Model):\n    code = models.CharField(max_length=20, unique=True)\n\n"
                "class Voucher(models.Model):\n    code = models.CharField(max_length=20)\n")
    with open(f"{root}/shop/migrations/0001_initial.py", "w") as f:
        f.write("from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n"
                "    operations = [migrations.CreateModel('Coupon', [('id', models.AutoField(primary_key=True)), ('code', models.CharField(max_length=20, unique=True))])]\n")
    with open(f"{root}/shop/migrations/0002_voucher.py", "w") as f:
        f.write("from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    dependencies = [('shop', '0001_initial')]\n"
                "    operations = [migrations.CreateModel('Voucher', [('id', models.AutoField(primary_key=True)), ('code', models.CharField(max_length=20))])]\n")
    sys.path.insert(0, root)
    import django
    from django.conf import settings
    settings.configure(
        INSTALLED_APPS=["shop"], USE_TZ=True,
        DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "HOST": HOST, "PORT": PORT,
                               "NAME": "djangodb", "USER": "app_user", "PASSWORD": "app-secret"}})
    django.setup()


def django_cases():
    import psycopg2 as pg
    admin = pg.connect(f"host={SOCKET} port={PORT} dbname=postgres user=postgres")
    admin.autocommit = True
    admin.cursor().execute("DROP DATABASE IF EXISTS djangodb")
    admin.cursor().execute("CREATE DATABASE djangodb OWNER app_user")
    admin.close()
    django_project()
    from django.core.management import call_command
    call_command("migrate", "shop", "0001", verbosity=0)

    @case("django", "undefined_table", {"relation": "shop_voucher"})
    def _():
        from shop.models import Voucher
        list(Voucher.objects.all())

    @case("django", "unique_violation", {"constraint": "shop_coupon_code_key"})
    def _():
        from shop.models import Coupon
        Coupon.objects.create(code="WELCOME")
        Coupon.objects.create(code="WELCOME")

    @case("django", "django_unapplied_migrations", {"count": "1", "apps": "shop"})
    def _():
        from django.core.management.commands.runserver import Command
        out = io.StringIO()
        command = Command(stdout=out)
        command.check_migrations()
        raise RuntimeError(out.getvalue().strip())

    @case("django", "django_inconsistent_migration_history", {"migration": "shop.0002_voucher", "dependency": "shop.0001_initial"})
    def _():
        from django.db import connection
        with connection.cursor() as cur:
            cur.execute("DELETE FROM django_migrations WHERE app = 'shop'")
            cur.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('shop', '0002_voucher', now())")
        call_command("migrate", verbosity=0)


class JSONLineFormatter(logging.Formatter):
    def format(self, record):
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + self.formatException(record.exc_info)
        return json.dumps({"timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                           "level": record.levelname.lower(), "logger": record.name, "message": message})


def capture(out_dir, driver, items):
    text_stream, json_stream = io.StringIO(), io.StringIO()
    log = logging.getLogger(f"app.{driver}")
    log.handlers.clear()
    log.propagate = False
    plain = logging.StreamHandler(text_stream)
    plain.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    jsonl = logging.StreamHandler(json_stream)
    jsonl.setFormatter(JSONLineFormatter())
    log.addHandler(plain)
    log.addHandler(jsonl)
    for rule, _, fn in items:
        log.info("handling request")
        try:
            fn()
        except Exception:
            log.exception("request failed")
        else:
            raise SystemExit(f"{driver}: {rule} case did not fail")
    text = text_stream.getvalue()
    for sub in ("plain", "docker", "jsonl"):
        os.makedirs(f"{out_dir}/drivers/{sub}", exist_ok=True)
    with open(f"{out_dir}/drivers/plain/{driver}.log", "w") as f:
        f.write(text)
    with open(f"{out_dir}/drivers/jsonl/{driver}.jsonl", "w") as f:
        f.write(json_stream.getvalue())
    with open(f"{out_dir}/drivers/docker/{driver}.log", "w") as f:
        for line in text.splitlines():
            now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f000Z")
            f.write(json.dumps({"log": line + "\n", "stream": "stderr", "time": now}) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    django_cases()
    for driver, items in cases.items():
        capture(args.out, driver, items)
    with open(os.path.join(args.out, "expected-drivers.yaml"), "w") as out:
        out.write("# Written by capture_drivers.py: the rule and captures each driver failure must yield.\n")
        for driver, items in cases.items():
            files = f"drivers/plain/{driver}.log, drivers/docker/{driver}.log, drivers/jsonl/{driver}.jsonl"
            out.write(f"- files: [{files}]\n  expect:\n")
            for rule, captures, _ in items:
                caps = ", ".join(f"{k}: '{v}'" for k, v in captures.items())
                out.write(f"    - {{rule: {rule}, captures: {{{caps}}}}}\n")

if __name__ == "__main__":
    main()
