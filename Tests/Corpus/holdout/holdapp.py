"""The FastAPI app of the hold-out corpus: SQLAlchemy asyncio over asyncpg, run by uvicorn.

Each route fails the way a production route does; unhandled exceptions reach uvicorn, which logs them.
DATABASE_URL (postgresql+asyncpg://...) and ADMIN_URL (a superuser, for setting up the concurrent cases)
come from the environment.
"""
import asyncio
import os

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

URL = os.environ["DATABASE_URL"]
PORT = int(os.environ["PGPORT"])
SELF = os.environ["SELF_URL"]
engine = create_async_engine(URL, pool_size=5, max_overflow=0)
app = FastAPI()


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None]
    name: Mapped[str | None]
    loyalty_tier: Mapped[str | None]          # added to the model, its migration never ran


class Base2(DeclarativeBase):                 # a second module's models
    pass


class Order(Base2):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id"))
    customer: Mapped["Shopper"] = relationship()


class Shopper(Base2):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None]


class Invoice(Base):
    __tablename__ = "invoices"                # the table was never created
    id: Mapped[int] = mapped_column(primary_key=True)


async def run(sql, **params):
    async with engine.begin() as conn:
        result = await conn.execute(sa.text(sql), params)
        return result.all() if result.returns_rows else None


@app.get("/invoices")
async def invoices():
    async with AsyncSession(engine) as s:
        return (await s.scalars(sa.select(Invoice))).all()


@app.get("/customers")
async def customers():
    async with AsyncSession(engine) as s:
        return [c.email for c in (await s.scalars(sa.select(Customer))).all()]


@app.get("/orders/by-status")
async def orders_by_status():
    return await run("SELECT id FROM orders WHERE state = 'open'")   # a column the code expects, never migrated


@app.get("/reports/daily")
async def reports_daily():
    return await run("SELECT * FROM reporting.daily_sales")


@app.get("/customers/score")
async def customers_score():
    return await run("SELECT loyalty_score(id) FROM customers")


@app.post("/customers/duplicate")
async def customers_duplicate():
    await run("INSERT INTO customers (email, name) VALUES ('ann@example.com', 'Ann')")


@app.post("/orders/orphan")
async def orders_orphan():
    await run("INSERT INTO orders (customer_id, total, qty) VALUES (424242, 10, 1)")


@app.post("/customers/anonymous")
async def customers_anonymous():
    await run("INSERT INTO customers (name) VALUES ('anon')")


@app.post("/orders/negative")
async def orders_negative():
    await run("INSERT INTO orders (customer_id, total, qty) VALUES (1, -5, 1)")


@app.post("/transfer")
async def transfer():
    a, b = await engine.connect(), await engine.connect()
    try:
        await a.begin(); await b.begin()
        await a.execute(sa.text("UPDATE accounts SET balance = balance - 1 WHERE id = 1"))
        await b.execute(sa.text("UPDATE accounts SET balance = balance - 1 WHERE id = 2"))
        ta = asyncio.ensure_future(a.execute(sa.text("UPDATE accounts SET balance = balance + 1 WHERE id = 2")))
        tb = asyncio.ensure_future(b.execute(sa.text("UPDATE accounts SET balance = balance + 1 WHERE id = 1")))
        done, pending = await asyncio.wait({ta, tb}, return_when=asyncio.FIRST_EXCEPTION)
        failed = next(t for t in done if t.exception())
        await (a if failed is ta else b).rollback()   # lets the other transaction finish
        await asyncio.gather(*pending)
        failed.result()
    finally:
        await a.close(); await b.close()


@app.post("/accounts/interest")
async def accounts_interest():
    a = await engine.connect()
    try:
        await a.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        await a.execute(sa.text("SELECT balance FROM accounts WHERE id = 3"))
        await run("UPDATE accounts SET balance = balance + 10 WHERE id = 3")
        await a.execute(sa.text("UPDATE accounts SET balance = balance * 2 WHERE id = 3"))
    finally:
        await a.close()


@app.get("/reports/slow")
async def reports_slow():
    async with engine.begin() as conn:
        await conn.execute(sa.text("SET LOCAL statement_timeout = '100ms'"))
        await conn.execute(sa.text("SELECT pg_sleep(2)"))


@app.post("/accounts/lock")
async def accounts_lock():
    holder = await engine.connect()
    try:
        await holder.begin()
        await holder.execute(sa.text("SELECT * FROM accounts WHERE id = 4 FOR UPDATE"))
        async with engine.begin() as conn:
            await conn.execute(sa.text("SET LOCAL lock_timeout = '100ms'"))
            await conn.execute(sa.text("UPDATE accounts SET balance = 0 WHERE id = 4"))
    finally:
        await holder.close()


small = create_async_engine(URL, pool_size=1, max_overflow=0, pool_timeout=0.3)


@app.get("/pool")
async def pool():
    held = await small.connect()
    try:
        async with small.connect() as c:
            await c.execute(sa.text("SELECT 1"))
    finally:
        await held.close()


@app.get("/replica/down")
async def replica_down():
    e = create_async_engine(f"postgresql+asyncpg://app_user:app-secret@127.0.0.1:1/appdb")
    try:
        async with e.connect() as c:
            await c.execute(sa.text("SELECT 1"))
    finally:
        await e.dispose()


@app.get("/ssl")
async def ssl_required():
    e = create_async_engine(URL, connect_args={"ssl": "require"})
    try:
        async with e.connect() as c:
            await c.execute(sa.text("SELECT 1"))
    finally:
        await e.dispose()


@app.get("/crowd")
async def crowd():
    e = create_async_engine(URL, pool_size=20, max_overflow=0)
    conns = []
    try:
        for _ in range(20):
            conns.append(await e.connect())
    finally:
        for c in conns:
            await c.close()
        await e.dispose()


@app.post("/replica/write")
async def replica_write():
    e = create_async_engine(URL, connect_args={"server_settings": {"default_transaction_read_only": "on"}})
    try:
        async with e.begin() as c:
            await c.execute(sa.text("UPDATE customers SET name = 'x' WHERE id = 1"))
    finally:
        await e.dispose()


@app.get("/orders/lookup")
async def orders_lookup():
    async with engine.connect() as c:
        await c.execute(sa.text("SELECT * FROM orders WHERE id = :id"), {"id": "abc"})


@app.get("/orders/cast")
async def orders_cast():
    await run("SELECT * FROM orders WHERE id = 'abc'")


@app.post("/orders/huge")
async def orders_huge():
    await run("UPDATE orders SET qty = qty * 2000000000 WHERE id = 1")


@app.post("/orders/price")
async def orders_price():
    await run("UPDATE orders SET total = 12345678.9 WHERE id = 1")


@app.post("/customers/rename")
async def customers_rename():
    await run("UPDATE customers SET name = 'Bartholomew Maximilian Fitzgerald' WHERE id = 1")


@app.get("/stats/ratio")
async def stats_ratio():
    await run("SELECT sum(total) / count(*) FILTER (WHERE qty > 1000) FROM orders")


@app.get("/upstream/rates")
async def upstream_rates():
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{SELF}/upstream/html")
        return response.json()


@app.get("/upstream/html")
async def upstream_html():
    from fastapi.responses import HTMLResponse
    return HTMLResponse("<html><body>502 Bad Gateway</body></html>", status_code=502)


@app.get("/export")
async def export():
    async with engine.begin() as conn:
        await conn.execute(sa.text("SELECT g FROM generate_series(1, 200000) g ORDER BY md5(g::text)"))


@app.get("/admin/secrets")
async def admin_secrets():
    await run("SELECT * FROM secrets")


@app.get("/killed")
async def killed():
    async with engine.connect() as c:
        pid = (await c.execute(sa.text("SELECT pg_backend_pid()"))).scalar()
        admin_engine = create_async_engine(os.environ["ADMIN_URL"])
        async with admin_engine.connect() as admin:
            await admin.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        await admin_engine.dispose()
        await asyncio.sleep(0.3)
        await c.execute(sa.text("SELECT 1"))


@app.get("/orders/latest-per-customer")
async def latest():
    await run("SELECT (SELECT id FROM orders) FROM customers")


@app.get("/orders/1/customer")
async def order_customer():
    async with AsyncSession(engine) as s:
        order = await s.get(Order, 1)
        return order.customer.email           # lazy load in async code


@app.get("/orders/count-after-migration")
async def count_after_migration():
    async with engine.connect() as c:
        await c.execute(sa.text("SELECT * FROM orders WHERE id = :id"), {"id": 1})
        await c.commit()                      # the prepared statement stays cached on the connection
        admin_engine = create_async_engine(os.environ["ADMIN_URL"])
        async with admin_engine.begin() as admin:
            await admin.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
            await admin.execute(sa.text("ALTER TABLE orders ADD COLUMN note text"))
        await admin_engine.dispose()
        await c.execute(sa.text("SELECT * FROM orders WHERE id = :id"), {"id": 1})
