"""FastAPI app on Tortoise ORM, aiopg, piccolo and SQLModel, run under uvicorn by capture_unseen.py.

Every route fails once, for real, against the capture's PostgreSQL server (DB_HOST/DB_PORT).
"""
import asyncio
import os
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Optional

import aiopg
from fastapi import FastAPI
from piccolo.columns import Integer, Numeric, Varchar
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table
from sqlalchemy import text
from sqlmodel import Field, Session, SQLModel, create_engine, select
from tortoise import fields, models
from tortoise.contrib.fastapi import RegisterTortoise

HOST, PORT = os.environ["DB_HOST"], int(os.environ["DB_PORT"])
USER, PASSWORD, DB = "app_user", "app-secret", "appdb"
DSN = f"host={HOST} port={PORT} dbname={DB} user={USER} password={PASSWORD}"


# Tortoise ORM -----------------------------------------------------------------------------------
class Customer(models.Model):
    id = fields.IntField(primary_key=True)
    email = fields.TextField()
    name = fields.CharField(max_length=20, null=True)

    class Meta:
        table = "customers"


class LoyalCustomer(models.Model):        # a column the migration never added
    id = fields.IntField(primary_key=True)
    email = fields.TextField()
    loyalty_tier = fields.IntField(null=True)

    class Meta:
        table = "customers"


class Invoice(models.Model):              # a table the migration never created
    id = fields.IntField(primary_key=True)
    number = fields.TextField()

    class Meta:
        table = "invoices"


class Order(models.Model):
    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("models.Customer", related_name="orders")
    total = fields.DecimalField(max_digits=8, decimal_places=2, null=True)
    qty = fields.IntField(default=1)

    class Meta:
        table = "orders"


# piccolo ----------------------------------------------------------------------------------------
PICCOLO_DB = PostgresEngine(config={"host": HOST, "port": PORT, "user": USER, "password": PASSWORD, "database": DB})


class Shipment(Table, db=PICCOLO_DB, tablename="shipments"):
    carrier = Varchar(length=40)


class PcOrder(Table, db=PICCOLO_DB, tablename="orders"):
    customer_id = Integer()
    total = Numeric(digits=(8, 2))
    qty = Integer(default=1)


# SQLModel (psycopg2) ----------------------------------------------------------------------------
class Client(SQLModel, table=True):
    __tablename__ = "customers"
    id: Optional[int] = Field(default=None, primary_key=True)
    email: Optional[str] = None
    name: Optional[str] = None


sql_url = f"postgresql+psycopg2://{USER}:{PASSWORD}@{HOST}:{PORT}/{DB}"
engine = create_engine(sql_url, pool_size=1, max_overflow=0, pool_timeout=0.3)
replica = create_engine(f"postgresql+psycopg2://{USER}:{PASSWORD}@{HOST}:1/{DB}")


@asynccontextmanager
async def lifespan(app):
    async with RegisterTortoise(app, db_url=f"asyncpg://{USER}:{PASSWORD}@{HOST}:{PORT}/{DB}",
                                modules={"models": [__name__]}):
        app.state.aiopg = await aiopg.create_pool(DSN, minsize=1, maxsize=4)
        yield
        app.state.aiopg.close()
        await app.state.aiopg.wait_closed()
    await PICCOLO_DB.close_connection_pool() if PICCOLO_DB.pool else None


app = FastAPI(lifespan=lifespan)


# Tortoise routes
@app.get("/invoices")
async def invoices():
    return await Invoice.all().values()


@app.get("/customers/tiers")
async def tiers():
    return await LoyalCustomer.all().values()


@app.post("/customers/duplicate")
async def duplicate():
    return (await Customer.create(email="bob@example.com", name="Bob")).id


@app.post("/orders/orphan")
async def orphan():
    return (await Order.create(customer_id=999, total=Decimal("5"))).id


@app.post("/customers/anonymous")
async def anonymous():
    await Customer.filter(id=1).update(email=None)


@app.get("/customers/999")
async def missing_customer():
    return await Customer.get(id=999)


# aiopg routes
async def one(sql, *args, setup=None):
    async with app.state.aiopg.acquire() as conn:
        async with conn.cursor() as cur:
            if setup:
                await cur.execute(setup)
            await cur.execute(sql, args or None)
            return await cur.fetchall()


@app.get("/reports/daily")
async def daily():
    return await one("SELECT day, total FROM reporting.daily_sales ORDER BY day")


@app.post("/reports/rollup")
async def rollup():
    await one("CREATE TABLE reporting.rollup (day date, total numeric)")


@app.get("/customers/score")
async def score():
    return await one("SELECT loyalty_score(id) FROM customers")


@app.get("/reports/slow")
async def slow():
    return await one("SELECT pg_sleep(2)", setup="SET statement_timeout = '100ms'")


@app.post("/transfer")
async def transfer():
    async def leg(first, second):
        async with aiopg.connect(DSN) as conn:
            async with conn.cursor() as cur:
                await cur.execute("BEGIN")
                await cur.execute("UPDATE accounts SET balance = balance - 1 WHERE id = %s", (first,))
                await asyncio.sleep(0.3)
                await cur.execute("UPDATE accounts SET balance = balance + 1 WHERE id = %s", (second,))
                await cur.execute("COMMIT")
    results = await asyncio.gather(leg(1, 2), leg(2, 1), return_exceptions=True)
    for result in results:
        if isinstance(result, Exception):
            raise result


@app.post("/accounts/interest")
async def interest():
    async with aiopg.connect(DSN) as a, aiopg.connect(DSN) as b:
        ca, cb = await a.cursor(), await b.cursor()
        await ca.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        await ca.execute("SELECT balance FROM accounts WHERE id = 3")
        await cb.execute("UPDATE accounts SET balance = balance + 5 WHERE id = 3")
        await ca.execute("UPDATE accounts SET balance = balance * 1.01 WHERE id = 3")


@app.post("/accounts/lock")
async def lock():
    async with aiopg.connect(DSN) as a, aiopg.connect(DSN) as b:
        ca, cb = await a.cursor(), await b.cursor()
        await ca.execute("BEGIN")
        await ca.execute("SELECT * FROM accounts WHERE id = 4 FOR UPDATE")
        await cb.execute("SET lock_timeout = '100ms'")
        await cb.execute("UPDATE accounts SET balance = 0 WHERE id = 4")


# piccolo routes
@app.get("/shipments")
async def shipments():
    return await Shipment.select()


@app.post("/orders/negative")
async def negative():
    await PcOrder.insert(PcOrder(customer_id=1, total=Decimal("-5"), qty=1))


@app.post("/orders/reprice")
async def reprice():
    await PcOrder.raw("UPDATE orders SET total = total * {} WHERE id = 2", 1000000)


@app.get("/stats/average")
async def average():
    return await PcOrder.raw("SELECT coalesce(sum(total), 0) / count(*) AS avg FROM orders WHERE customer_id = {}", 999)


# SQLModel routes (sync: FastAPI runs them in its thread pool)
@app.post("/replica/write")
def replica_write():
    with Session(engine) as session:
        session.exec(text("SET TRANSACTION READ ONLY"))
        client = session.get(Client, 1)
        client.name = "Ann B."
        session.add(client)
        session.commit()


@app.get("/clients/lookup")
def lookup():
    with Session(engine) as session:
        return session.exec(select(Client).where(text("id = 'abc'"))).all()


@app.get("/pool")
def pool():
    with Session(engine) as first:
        first.exec(select(Client)).all()
        with Session(engine) as second:
            return second.exec(select(Client)).all()


@app.get("/replica/clients")
def replica_clients():
    with Session(replica) as session:
        return session.exec(select(Client)).all()


@app.get("/crowd")
def crowd():
    import psycopg2
    held = []
    try:
        for _ in range(20):
            held.append(psycopg2.connect(DSN))
    finally:
        for conn in held:
            conn.close()
