#!/usr/bin/env python3
"""parcelhub: a tiny parcel-tracking service used to provoke failures behind PgBouncer.

Every scenario is a subcommand; all of them log to $PARCELHUB_LOG, default logs/app.log (and stderr) the way a
service does: timestamps, levels, logger names, tracebacks through logger.exception.
"""
import asyncio
import logging
import os
import sys
import threading
import time

import asyncpg
import psycopg
import psycopg2
from sqlalchemy import create_engine, text
from sqlalchemy.ext.asyncio import create_async_engine

HERE = os.path.dirname(os.path.abspath(__file__))
# capture.sh sets PARCELHUB_LOG (the corpus keeps app.log next to itself); default: logs/app.log here
LOG = os.environ.get("PARCELHUB_LOG") or os.path.join(HERE, "logs", "app.log")
PGB = "host=127.0.0.1 port=6433 user=parcel_app password=parcel-secret"
PGB_URL = "postgresql+psycopg2://parcel_app:parcel-secret@127.0.0.1:6433/parcels"

logging.basicConfig(
    level=logging.INFO,
    format="%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s",
    handlers=[logging.FileHandler(LOG), logging.StreamHandler(sys.stderr)],
)
log = logging.getLogger("parcelhub")


def seed():
    eng = create_engine(PGB_URL)
    with eng.begin() as c:
        c.execute(text("CREATE TABLE IF NOT EXISTS shipments (id serial PRIMARY KEY, tracking_code text NOT NULL UNIQUE, "
                       "status text NOT NULL DEFAULT 'label_created', created_at timestamptz NOT NULL DEFAULT now())"))
        c.execute(text("CREATE TABLE IF NOT EXISTS scan_events (id bigserial PRIMARY KEY, shipment_id int NOT NULL "
                       "REFERENCES shipments(id), hub text NOT NULL, scanned_at timestamptz NOT NULL DEFAULT now())"))
        c.execute(text("INSERT INTO shipments (tracking_code) SELECT 'PH' || lpad(g::text, 8, '0') FROM generate_series(1, 50) g "
                       "ON CONFLICT DO NOTHING"))
    log.info("schema ready: shipments, scan_events")
    eng.dispose()


def normal_traffic():
    eng = create_engine(PGB_URL)
    try:
        with eng.connect() as c:
            n = c.execute(text("SELECT count(*) FROM shipments")).scalar()
        log.info("GET /api/shipments 200 (%d shipments)", n)
    except Exception:
        log.exception("GET /api/shipments failed")
    finally:
        eng.dispose()


def too_many_clients():
    """max_client_conn = 5: hold 5 client connections, the 6th is refused by PgBouncer."""
    held = []
    try:
        for i in range(7):
            held.append(psycopg2.connect(PGB + " dbname=parcels application_name=label-worker-%d" % i))
            log.info("label-worker-%d connected", i)
    except psycopg2.OperationalError:
        log.exception("label-worker-%d could not connect to the database", len(held))
    # asyncpg sees PgBouncer's refusal as a protocol violation (SQLSTATE 08P01)
    async def a():
        try:
            await asyncpg.create_pool(host="127.0.0.1", port=6433, user="parcel_app", password="parcel-secret",
                                      database="parcels", min_size=1, max_size=2)
        except Exception:
            log.exception("tracking-webhook worker: cannot create pool")
    asyncio.run(a())
    # same thing through SQLAlchemy, which is how the web tier sees it
    eng = create_engine(PGB_URL, pool_size=1, max_overflow=0)
    try:
        with eng.connect() as c:
            c.execute(text("SELECT 1"))
    except Exception:
        log.exception("GET /api/shipments/PH00000001 failed")
    finally:
        eng.dispose()
        for c in held:
            c.close()


def pool_wait_timeout():
    """default_pool_size = 2, query_wait_timeout = 2: two slow transactions pin both server
    connections, the third query waits in PgBouncer's queue and is disconnected."""
    def slow(i):
        conn = psycopg2.connect(PGB + " dbname=parcels application_name=report-%d" % i)
        try:
            with conn, conn.cursor() as cur:
                cur.execute("SELECT pg_sleep(6)")
            log.info("nightly report %d finished", i)
        except Exception:
            log.exception("nightly report %d failed", i)
        finally:
            conn.close()

    ts = [threading.Thread(target=slow, args=(i,)) for i in range(2)]
    for t in ts:
        t.start()
    time.sleep(0.7)

    def web_sqlalchemy():
        eng = create_engine(PGB_URL, pool_size=1, max_overflow=0)
        try:
            with eng.connect() as c:
                c.execute(text("SELECT status FROM shipments WHERE tracking_code = :c"), {"c": "PH00000007"})
            log.info("GET /api/shipments/PH00000007 200")
        except Exception:
            log.exception("GET /api/shipments/PH00000007 failed")
        finally:
            eng.dispose()

    def eta_psycopg3():
        try:
            with psycopg.connect(PGB + " dbname=parcels application_name=eta") as c:
                c.execute("SELECT count(*) FROM scan_events WHERE hub = %s", ("AMS-3",)).fetchone()
        except Exception:
            log.exception("eta-recalc: query failed")

    def webhook_asyncpg():
        async def a():
            c = await asyncpg.connect(host="127.0.0.1", port=6433, user="parcel_app", password="parcel-secret",
                                      database="parcels", statement_cache_size=0)
            try:
                await c.fetchval("SELECT count(*) FROM shipments")
            finally:
                try:
                    await c.close()
                except Exception:
                    pass
        try:
            asyncio.run(a())
        except Exception:
            log.exception("tracking-webhook: query failed")

    ws = [threading.Thread(target=f) for f in (web_sqlalchemy, eta_psycopg3, webhook_asyncpg)]
    for t in ws:
        t.start()
    for t in ws + ts:
        t.join()


def wrong_password():
    # scram-sha-256 (default hba line)
    try:
        psycopg.connect(PGB.replace("parcel-secret", "parcel-secret-old") + " dbname=parcels")
    except psycopg.OperationalError:
        log.exception("startup: cannot open database connection (scram)")
    # md5 (parcels_legacy hba line), psycopg2
    try:
        psycopg2.connect(PGB.replace("parcel-secret", "parcel-secret-old") + " dbname=parcels_legacy")
    except psycopg2.OperationalError:
        log.exception("startup: cannot open database connection (md5)")
    # asyncpg
    async def a():
        try:
            await asyncpg.connect(host="127.0.0.1", port=6433, user="parcel_app", password="wrong", database="parcels")
        except Exception:
            log.exception("tracking-webhook worker: cannot connect")
    asyncio.run(a())
    # user not in userlist
    try:
        psycopg2.connect("host=127.0.0.1 port=6433 user=parcel_ro password=x dbname=parcels")
    except psycopg2.OperationalError:
        log.exception("read replica user cannot connect")


def unknown_db():
    # database not in [databases]
    try:
        psycopg2.connect(PGB + " dbname=parcel")
    except psycopg2.OperationalError:
        log.exception("startup: cannot open database connection")
    async def a():
        try:
            await asyncpg.connect(host="127.0.0.1", port=6433, user="parcel_app", password="parcel-secret", database="parcel")
        except Exception:
            log.exception("tracking-webhook worker: cannot connect")
    asyncio.run(a())
    # database in [databases] but missing on the server
    for attempt in (1, 2):
        try:
            c = psycopg2.connect(PGB + " dbname=archive")
            c.cursor().execute("SELECT 1")
        except psycopg2.OperationalError:
            log.exception("archive export attempt %d failed", attempt)
        time.sleep(0.5)


def asyncpg_prepared():
    """asyncpg caches prepared statements per connection; PgBouncer transaction mode
    moves its statements between server connections."""
    async def worker(pool, i):
        for j in range(15):
            try:
                async with pool.acquire() as c:
                    await c.fetchval("SELECT count(*) FROM scan_events WHERE shipment_id = $1", (i + j) % 50 + 1)
                    await c.fetchrow("SELECT id, status FROM shipments WHERE tracking_code = $1", "PH%08d" % ((i * j) % 50 + 1))
            except Exception:
                log.exception("scan-ingest worker %d: batch %d failed", i, j)
                return

    async def main():
        pool = await asyncpg.create_pool(host="127.0.0.1", port=6433, user="parcel_app", password="parcel-secret",
                                         database="parcels", min_size=3, max_size=3)
        await asyncio.gather(*(worker(pool, i) for i in range(3)))
        await pool.close()

    asyncio.run(main())

    # the same through SQLAlchemy's asyncpg dialect
    async def sa():
        eng = create_async_engine("postgresql+asyncpg://parcel_app:parcel-secret@127.0.0.1:6433/parcels",
                                  pool_size=3, max_overflow=0)

        async def w(i):
            for j in range(10):
                try:
                    async with eng.connect() as c:
                        await c.execute(text("SELECT hub FROM scan_events WHERE shipment_id = :s"), {"s": (i + j) % 50 + 1})
                except Exception:
                    log.exception("GET /api/shipments/%d/events failed", i)
                    return
        await asyncio.gather(*(w(i) for i in range(3)))
        await eng.dispose()

    asyncio.run(sa())


def asyncpg_duplicate():
    """Two asyncpg connections preparing the same sequence of statements one after the other:
    PgBouncer hands both the same server connection, so the second Parse of __asyncpg_stmt_N__ collides."""
    async def main():
        kw = dict(host="127.0.0.1", port=6433, user="parcel_app", password="parcel-secret", database="parcels")
        c1 = await asyncpg.connect(**kw)
        c2 = await asyncpg.connect(**kw)
        try:
            for k in range(4):
                for name, c in (("hub-sync", c1), ("label-sync", c2)):
                    try:
                        await c.fetchval("SELECT count(*) + %d FROM shipments WHERE id > $1" % k, k)
                    except Exception:
                        log.exception("%s: step %d failed", name, k)
        finally:
            await c1.close()
            await c2.close()
    asyncio.run(main())

    async def sa():
        eng = create_async_engine("postgresql+asyncpg://parcel_app:parcel-secret@127.0.0.1:6433/parcels",
                                  pool_size=2, max_overflow=0)
        try:
            async with eng.connect() as a, eng.connect() as b:
                for k in range(3):
                    for c in (a, b):
                        try:
                            await c.execute(text("SELECT count(*) + %d FROM scan_events WHERE id > :i" % k), {"i": k})
                        except Exception:
                            log.exception("GET /api/hubs/stats failed")
                            await c.rollback()
        except Exception:
            log.exception("GET /api/hubs/stats failed")
        finally:
            await eng.dispose()
    asyncio.run(sa())


def psycopg3_prepared():
    """psycopg 3 prepares a query server-side after prepare_threshold (5) executions."""
    conns = [psycopg.connect(PGB + " dbname=parcels application_name=eta-%d" % i, autocommit=True) for i in range(3)]
    try:
        for j in range(12):
            for i, c in enumerate(conns):
                try:
                    c.execute("SELECT status FROM shipments WHERE id = %s", (j + 1,)).fetchone()
                except Exception:
                    log.exception("eta-recalc %d: shipment %d failed", i, j + 1)
    finally:
        for c in conns:
            c.close()
    # non-autocommit: each transaction may land on a different server connection
    conn = psycopg.connect(PGB + " dbname=parcels application_name=eta-tx")
    other = psycopg.connect(PGB + " dbname=parcels application_name=eta-other")
    try:
        for j in range(10):
            with conn.transaction():
                conn.execute("SELECT count(*) FROM scan_events WHERE shipment_id = %s", (j + 1,))
            with other.transaction():
                other.execute("SELECT count(*) FROM scan_events WHERE hub = %s", ("hub-%d" % j,))
    except Exception:
        log.exception("eta-recalc transaction failed")
    finally:
        conn.close()
        other.close()


def long_query():
    """Running while capture.sh stops PostgreSQL."""
    eng = create_engine(PGB_URL, pool_size=1, max_overflow=0)
    try:
        with eng.connect() as c:
            c.execute(text("SELECT pg_sleep(10), count(*) FROM shipments"))
        log.info("POST /api/reports/daily 200")
    except Exception:
        log.exception("POST /api/reports/daily failed")
    finally:
        eng.dispose()


def long_query_asyncpg():
    async def a():
        c = await asyncpg.connect(host="127.0.0.1", port=6433, user="parcel_app", password="parcel-secret",
                                  database="parcels", statement_cache_size=0)
        try:
            await c.fetchval("SELECT pg_sleep(10)")
        except Exception:
            log.exception("scan-ingest: batch failed")
        finally:
            try:
                await c.close()
            except Exception:
                pass
    asyncio.run(a())


def query_while_down():
    eng = create_engine(PGB_URL, pool_size=1, max_overflow=0)
    for attempt in (1, 2):
        try:
            with eng.connect() as c:
                c.execute(text("SELECT 1"))
            log.info("health check ok")
        except Exception:
            log.exception("health check failed (attempt %d)", attempt)
        time.sleep(1)
    eng.dispose()


def missing_table():
    eng = create_engine(PGB_URL)
    try:
        with eng.connect() as c:
            c.execute(text("SELECT route_id, eta FROM courier_routes WHERE hub = :h"), {"h": "AMS-3"})
    except Exception:
        log.exception("GET /api/hubs/AMS-3/routes failed")
    eng.dispose()


def unique_violation():
    eng = create_engine(PGB_URL)
    try:
        with eng.begin() as c:
            c.execute(text("INSERT INTO shipments (tracking_code) VALUES (:t)"), {"t": "PH00000003"})
    except Exception:
        log.exception("POST /api/shipments failed")
    eng.dispose()


def hold_idle():
    """Open a connection, then keep using it across a PAUSE / SHUTDOWN issued by capture.sh."""
    conn = psycopg2.connect(PGB + " dbname=parcels application_name=dispatcher")
    conn.autocommit = True
    for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 6):
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT count(*) FROM shipments WHERE status = 'label_created'")
                log.info("dispatcher tick %d: %d parcels waiting", i, cur.fetchone()[0])
        except Exception:
            log.exception("dispatcher tick %d failed", i)
            try:
                conn = psycopg2.connect(PGB + " dbname=parcels application_name=dispatcher")
                conn.autocommit = True
                log.info("dispatcher reconnected")
            except Exception:
                log.exception("dispatcher reconnect failed")
        time.sleep(1)


def paused_query():
    try:
        c = psycopg2.connect(PGB + " dbname=parcels application_name=paused")
        with c.cursor() as cur:
            cur.execute("SELECT 1")
        log.info("query during PAUSE succeeded")
    except Exception:
        log.exception("GET /api/shipments failed during maintenance")


if __name__ == "__main__":
    name = sys.argv[1]
    log.info("scenario %s starting", name)
    globals()[name]()
    log.info("scenario %s done", name)
