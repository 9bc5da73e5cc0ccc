"""stockroom: inventory/reservation service (Starlette + SQLAlchemy 2 async on asyncpg)."""
import asyncio, logging, os, sys, time, uuid
import asyncpg, structlog
from sqlalchemy import Column, Integer, Numeric, String, Text, select, text, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        structlog.processors.JSONRenderer(),
    ],
    logger_factory=structlog.PrintLoggerFactory(file=sys.stdout),
    cache_logger_on_first_use=True,
)
log = structlog.get_logger("stockroom")

DB_DSN = os.environ["STOCKROOM_DSN"]            # postgresql://stockroom:PASSWORD@127.0.0.1:PORT/stockroom
SA_URL = DB_DSN.replace("postgresql://", "postgresql+asyncpg://")
engine = create_async_engine(SA_URL, pool_size=3, max_overflow=0, pool_timeout=2, pool_pre_ping=False)
Session = async_sessionmaker(engine, expire_on_commit=False)
SessionRR = async_sessionmaker(engine.execution_options(isolation_level="REPEATABLE READ"), expire_on_commit=False)
SessionSER = async_sessionmaker(engine.execution_options(isolation_level="SERIALIZABLE"), expire_on_commit=False)
raw_pool: asyncpg.Pool | None = None

class Base(DeclarativeBase):
    pass

class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    sku = Column(UUID(as_uuid=True))
    name = Column(Text)
    warehouse_id = Column(Integer)
    stock = Column(Integer)
    price = Column(Numeric(8, 2))

class CatalogBase(DeclarativeBase):      # catalog module (newer branch): its migration never ran
    pass

class ItemWithDiscontinued(CatalogBase):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    discontinued_at = Column(String)

# ---------------------------------------------------------------- handlers
async def get_item(request: Request):
    item_id = request.path_params["item_id"]
    async with Session() as s:
        row = (await s.execute(select(Item).where(Item.id == int(item_id)))).scalar_one_or_none()
        if row is None:
            return JSONResponse({"error": "not found"}, 404)
        return JSONResponse({"id": row.id, "name": row.name, "stock": row.stock})

async def items_by_ids(request: Request):
    # ?ids=1,2,3  -> server-side cast of a comma list (bad input reaches PostgreSQL)
    ids = request.query_params.get("ids", "")
    async with Session() as s:
        rows = (await s.execute(text("SELECT id, name FROM items WHERE id = ANY(string_to_array(:ids, ',')::int[])"), {"ids": ids})).all()
    return JSONResponse([{"id": r.id, "name": r.name} for r in rows])

async def items_by_sku(request: Request):
    skus = request.query_params.get("skus", "")
    async with Session() as s:
        rows = (await s.execute(text("SELECT id, sku FROM items WHERE sku = ANY(string_to_array(:skus, ',')::uuid[])"), {"skus": skus})).all()
    return JSONResponse([{"id": r.id, "sku": str(r.sku)} for r in rows])

async def item_by_sku_raw(request: Request):
    # raw asyncpg: typed parameter, bad value fails client-side in asyncpg's codec
    sku = request.query_params.get("sku", "")
    async with raw_pool.acquire() as conn:
        row = await conn.fetchrow("SELECT id, name FROM items WHERE sku = $1", sku)
    return JSONResponse({"id": row["id"]} if row else {})

async def discontinued(request: Request):
    async with Session() as s:
        rows = (await s.execute(select(ItemWithDiscontinued.id, ItemWithDiscontinued.discontinued_at))).all()
    return JSONResponse(len(rows))

async def legacy_report(request: Request):
    async with raw_pool.acquire() as conn:
        rows = await conn.fetch("SELECT warehouse_id, sum(qty) FROM inventory_snapshots GROUP BY 1")
    return JSONResponse(len(rows))

async def reserve(request: Request):
    """REPEATABLE READ read-modify-write: concurrent requests hit serialization failures."""
    item_id = int(request.query_params["item"]); qty = int(request.query_params.get("qty", "1"))
    async with SessionRR() as s:
        async with s.begin():
            stock = (await s.execute(select(Item.stock).where(Item.id == item_id))).scalar_one()
            await asyncio.sleep(0.15)
            await s.execute(update(Item).where(Item.id == item_id).values(stock=stock - qty))
            await s.execute(text("INSERT INTO reservations(item_id, qty) VALUES (:i, :q)"), {"i": item_id, "q": qty})
    return JSONResponse({"ok": True})

async def rebalance(request: Request):
    """SERIALIZABLE: read both warehouses' totals, write one."""
    wh = int(request.query_params["wh"])
    async with SessionSER() as s:
        async with s.begin():
            total = (await s.execute(text("SELECT sum(stock) FROM items WHERE warehouse_id <> :w"), {"w": wh})).scalar_one()
            await asyncio.sleep(0.2)
            await s.execute(text("UPDATE items SET stock = stock + 1 WHERE warehouse_id = :w AND id = (SELECT min(id) FROM items WHERE warehouse_id = :w)"), {"w": wh})
    return JSONResponse({"total": int(total)})

async def transfer(request: Request):
    """Moves stock between two items; locks rows in request order -> deadlock."""
    a = int(request.query_params["from"]); b = int(request.query_params["to"])
    async with raw_pool.acquire() as conn:
        async with conn.transaction():
            await conn.execute("UPDATE items SET stock = stock - 1 WHERE id = $1", a)
            await asyncio.sleep(0.5)
            await conn.execute("UPDATE items SET stock = stock + 1 WHERE id = $1", b)
    return JSONResponse({"ok": True})

async def restock(request: Request):
    item_id = int(request.path_params["item_id"])
    async with Session() as s:
        async with s.begin():
            await s.execute(text("SET LOCAL lock_timeout = '300ms'"))
            await s.execute(update(Item).where(Item.id == item_id).values(stock=Item.stock + 10))
    return JSONResponse({"ok": True})

async def stock_report(request: Request):
    async with Session() as s:
        async with s.begin():
            await s.execute(text("SET LOCAL statement_timeout = '500ms'"))
            rows = (await s.execute(text("SELECT w.name, sum(i.stock), pg_sleep(0.4) FROM items i JOIN warehouses w ON w.id = i.warehouse_id GROUP BY w.name"))).all()
    return JSONResponse(len(rows))

async def reprice(request: Request):
    factor = request.query_params.get("factor", "1")
    async with Session() as s:
        async with s.begin():
            await s.execute(text("UPDATE items SET price = price * CAST(:f AS numeric) WHERE id = 1"), {"f": factor})
    return JSONResponse({"ok": True})

async def adjust(request: Request):
    delta = int(request.query_params.get("delta", "0"))
    async with raw_pool.acquire() as conn:
        await conn.execute("UPDATE items SET stock = stock + $1::bigint WHERE id = 2", delta)
    return JSONResponse({"ok": True})

async def checkout(request: Request):
    """Idempotent reservation: a duplicate key is 'handled' by logging, then the tx is used again."""
    key = request.query_params["key"]
    async with Session() as s:
        async with s.begin():
            try:
                await s.execute(text("INSERT INTO reservations(item_id, qty, idempotency_key) VALUES (3, 1, :k)"), {"k": key})
            except Exception:
                log.warning("duplicate checkout, continuing", key=key)
            await s.execute(text("INSERT INTO outbox(payload) VALUES (CAST(:p AS jsonb))"), {"p": '{"key": "%s"}' % key})
    return JSONResponse({"ok": True})

async def hold(request: Request):
    """Begins a transaction then waits on a slow 'payment provider' (idle in transaction)."""
    async with Session() as s:
        async with s.begin():
            await s.execute(text("SELECT stock FROM items WHERE id = 5 FOR UPDATE"))
            await asyncio.sleep(float(request.query_params.get("wait", "3")))
            await s.execute(text("UPDATE items SET stock = stock - 1 WHERE id = 5"))
    return JSONResponse({"ok": True})

async def slow(request: Request):
    async with Session() as s:
        await s.execute(text("SELECT pg_sleep(:t)"), {"t": float(request.query_params.get("t", "3"))})
    return JSONResponse({"ok": True})

async def fanout(request: Request):
    """Opens one connection per warehouse shard (badly): many direct connections."""
    n = int(request.query_params.get("n", "25"))
    conns = await asyncio.gather(*[asyncpg.connect(DB_DSN) for _ in range(n)])
    try:
        await asyncio.sleep(0.5)
    finally:
        await asyncio.gather(*[c.close() for c in conns])
    return JSONResponse({"n": n})

async def health(request: Request):
    async with raw_pool.acquire() as conn:
        await conn.fetchval("SELECT 1")
    return JSONResponse({"ok": True})

# ---------------------------------------------------------------- worker
async def outbox_worker():
    wlog = log.bind(component="outbox-worker")
    while True:
        try:
            async with raw_pool.acquire() as conn:
                tr = conn.transaction(); await tr.start()
                rows = await conn.fetch("SELECT id, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED")
                if os.path.exists("/tmp/stockroom-slow-broker"):
                    await asyncio.sleep(4)          # broker hiccup while the rows stay locked
                await conn.execute("UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])", [r["id"] for r in rows])
                await tr.commit()
                if rows:
                    wlog.info("outbox flushed", n=len(rows))
        except Exception:
            wlog.exception("outbox flush failed")
        await asyncio.sleep(1)

async def lock_holder():
    """Nightly stock recount: holds a row lock on item 7 for a while when the flag file exists."""
    while True:
        if os.path.exists("/tmp/stockroom-recount"):
            try:
                async with raw_pool.acquire() as conn:
                    async with conn.transaction():
                        await conn.execute("SELECT 1 FROM items WHERE id = 7 FOR UPDATE")
                        await conn.execute("SELECT pg_sleep(2)")
            except Exception:
                log.exception("recount failed", component="recount")
        await asyncio.sleep(0.5)

# ---------------------------------------------------------------- app
class AccessLog:
    def __init__(self, app): self.app = app
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0 = time.perf_counter(); status = {"code": 500}; rid = uuid.uuid4().hex[:12]
        structlog.contextvars.bind_contextvars(request_id=rid)
        async def _send(msg):
            if msg["type"] == "http.response.start": status["code"] = msg["status"]
            await send(msg)
        try:
            await self.app(scope, receive, _send)
        except Exception:
            log.exception("unhandled exception", method=scope["method"], path=scope["path"])
            raise                       # Starlette already sent the 500; uvicorn logs it too
        finally:
            log.info("request", method=scope["method"], path=scope["path"], query=scope["query_string"].decode(),
                     status=status["code"], duration_ms=round((time.perf_counter() - t0) * 1000, 1))
            structlog.contextvars.clear_contextvars()

import contextlib
@contextlib.asynccontextmanager
async def lifespan(app):
    await startup()
    yield

async def startup():
    global raw_pool
    raw_pool = await asyncpg.create_pool(DB_DSN, min_size=2, max_size=4)
    asyncio.get_running_loop().create_task(outbox_worker())
    asyncio.get_running_loop().create_task(lock_holder())
    log.info("stockroom started", db=DB_DSN)     # (sic) logs the DSN with its password

routes = [
    Route("/health", health), Route("/items/{item_id}", get_item), Route("/items", items_by_ids),
    Route("/items-by-sku", items_by_sku), Route("/item-by-sku", item_by_sku_raw),
    Route("/discontinued", discontinued), Route("/reports/legacy", legacy_report),
    Route("/reserve", reserve, methods=["POST"]), Route("/rebalance", rebalance, methods=["POST"]),
    Route("/transfer", transfer, methods=["POST"]), Route("/restock/{item_id}", restock, methods=["POST"]),
    Route("/reports/stock", stock_report), Route("/reprice", reprice, methods=["POST"]),
    Route("/adjust", adjust, methods=["POST"]), Route("/checkout", checkout, methods=["POST"]),
    Route("/hold", hold, methods=["POST"]), Route("/slow", slow), Route("/fanout", fanout),
]
_app = Starlette(routes=routes, lifespan=lifespan)
# STOCKROOM_PLAIN=1: stock Starlette+uvicorn logging only (no structlog request middleware)
app = _app if os.environ.get("STOCKROOM_PLAIN") == "1" else AccessLog(_app)
