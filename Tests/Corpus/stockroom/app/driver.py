"""Drives stockroom through its failure scenarios; writes ground truth to truth.tsv."""
import asyncio, datetime, os, subprocess, sys, time
import httpx
BASE = "http://127.0.0.1:8098"
TRUTH = open(sys.argv[1], "w")
PGCTL = sys.argv[2]  # shell command prefix for pg_ctl stop/start

def now(): return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

async def phase(name, expected, coro):
    t0 = now(); res = await coro; t1 = now()
    codes = {}
    for r in (res if isinstance(res, list) else [res]):
        k = r.status_code if isinstance(r, httpx.Response) else type(r).__name__
        codes[k] = codes.get(k, 0) + 1
    TRUTH.write(f"{name}\t{t0}\t{t1}\t{codes}\t{expected}\n"); TRUTH.flush()
    print(name, codes, flush=True)

async def main():
    async with httpx.AsyncClient(base_url=BASE, timeout=20) as c:
        async def many(reqs):
            return await asyncio.gather(*[c.request(m, u) for m, u in reqs], return_exceptions=True)
        await phase("warmup", "no errors", many([("GET", "/health")] + [("GET", f"/items/{i}") for i in range(1, 6)]))
        await asyncio.sleep(1)
        await phase("bad_int_list", "22P02 invalid input syntax for type integer x3 (server)", many([("GET", "/items?ids=1,2,x")] * 3)); await asyncio.sleep(1)
        await phase("bad_uuid_list", "22P02 invalid input syntax for type uuid x2 (server)", many([("GET", "/items-by-sku?skus=abc,def")] * 2)); await asyncio.sleep(1)
        await phase("bad_uuid_client", "asyncpg DataError invalid input for query argument $1 x2 (client-side only)", many([("GET", "/item-by-sku?sku=nope")] * 2)); await asyncio.sleep(1)
        await phase("bad_path_int", "Python ValueError int('abc') x1 (no DB)", many([("GET", "/items/abc")])); await asyncio.sleep(1)
        await phase("undefined_column", "42703 column items.discontinued_at does not exist x3", many([("GET", "/discontinued")] * 3)); await asyncio.sleep(1)
        await phase("undefined_table", "42P01 relation inventory_snapshots does not exist x3", many([("GET", "/reports/legacy")] * 3)); await asyncio.sleep(1)
        await phase("numeric_overflow", "22003 numeric field overflow x2", many([("POST", "/reprice?factor=100000")] * 2)); await asyncio.sleep(1)
        await phase("integer_out_of_range", "22003 integer out of range x2", many([("POST", "/adjust?delta=9999999999")] * 2)); await asyncio.sleep(1)
        await phase("serialization_rr", "40001 could not serialize access due to concurrent update (REPEATABLE READ), several of 6 (pool of 3 limits concurrency)", many([("POST", "/reserve?item=10")] * 3)); await asyncio.sleep(1)
        await phase("serialization_ser", "40001 read/write dependencies (SERIALIZABLE)", many([("POST", "/rebalance?wh=1"), ("POST", "/rebalance?wh=2")])); await asyncio.sleep(1)
        await phase("deadlock", "40P01 deadlock detected x1 (one of the pair)", many([("POST", "/transfer?from=20&to=21"), ("POST", "/transfer?from=21&to=20")])); await asyncio.sleep(1.5)
        open("/tmp/stockroom-recount", "w").close(); await asyncio.sleep(1.0)
        await phase("lock_timeout", "55P03 canceling statement due to lock timeout x2 (recount job holds item 7)", many([("POST", "/restock/7")] * 2))
        os.unlink("/tmp/stockroom-recount"); await asyncio.sleep(2.5)
        await phase("statement_timeout", "57014 canceling statement due to statement timeout x2", many([("GET", "/reports/stock")] * 2)); await asyncio.sleep(1)
        await phase("aborted_tx", "23505 unique violation reservations_idempotency_key_key swallowed -> 25P02 current transaction is aborted x1 (second checkout)", many([("POST", "/checkout?key=K-1001")])); 
        await phase("aborted_tx2", "second call: 23505 then 25P02", many([("POST", "/checkout?key=K-1001")])); await asyncio.sleep(1)
        await phase("idle_in_tx_request", "FATAL 25P03 idle-in-transaction timeout kills /hold's connection; app then fails (connection closed)", many([("POST", "/hold?wait=3")])); await asyncio.sleep(0.5)
        await phase("after_idle_kill", "requests after the kill: pool may reuse", many([("GET", f"/items/{i}") for i in range(1, 4)])); await asyncio.sleep(1)
        open("/tmp/stockroom-slow-broker", "w").close(); await asyncio.sleep(3.0)
        os.unlink("/tmp/stockroom-slow-broker"); await asyncio.sleep(3.5)
        TRUTH.write(f"idle_in_tx_worker\t-\t{now()}\t-\toutbox worker idle in tx 4s -> FATAL 25P03, worker logs exception\n")
        await phase("health_after_worker_kill", "raw pool reuse after kill", many([("GET", "/health")] * 3)); await asyncio.sleep(1)
        await phase("pool_exhaustion", "SQLAlchemy QueuePool limit of size 3 overflow 0 reached x3", many([("GET", "/slow?t=3")] * 6)); await asyncio.sleep(1)
        await phase("too_many_connections", "53300 sorry, too many clients already (fanout n=25, max_connections=20)", many([("GET", "/fanout?n=25")])); await asyncio.sleep(2)
        # server restart while traffic runs
        async def traffic(seconds):
            out = []; end = time.time() + seconds
            while time.time() < end:
                out += await many([("GET", "/health"), ("GET", "/items/1")]); await asyncio.sleep(0.3)
            return out
        async def restart():
            await asyncio.sleep(1.5)
            t = now(); subprocess.run(PGCTL + " stop -w -m fast", shell=True, check=True)
            TRUTH.write(f"server_stopped\t{t}\t{now()}\t-\tpg_ctl stop -m fast\n")
            await asyncio.sleep(4)
            t = now(); subprocess.run(PGCTL + " start -w", shell=True, check=True)
            TRUTH.write(f"server_started\t{t}\t{now()}\t-\tpg_ctl start\n"); TRUTH.flush()
            return []
        async def long_query():
            await asyncio.sleep(0.5); return await c.get("/slow?t=5")
        r = await asyncio.gather(traffic(11), restart(), long_query())
        await phase("restart_window", "57P01 admin shutdown; connection lost mid-query (/slow); ConnectionRefused while down; then pooled dead connections reused", asyncio.sleep(0, result=r[0] + [r[2]]))
        await asyncio.sleep(1)
        await phase("after_restart", "SQLAlchemy pool (no pre_ping) hands out dead connections", many([("GET", f"/items/{i}") for i in range(1, 7)]))
        await asyncio.sleep(1)
        await phase("tail_ok", "no errors", many([("GET", "/health"), ("GET", "/items/2")]))
asyncio.run(main())
