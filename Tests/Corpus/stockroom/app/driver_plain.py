"""Second, short capture: stock uvicorn logging (`> combined.log 2>&1`), a few failures."""
import asyncio, datetime, sys, httpx
TRUTH = open(sys.argv[1], "w")
def now(): return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
async def main():
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8098", timeout=20) as c:
        async def many(name, reqs, expected):
            t0 = now(); rs = await asyncio.gather(*[c.request(m, u) for m, u in reqs], return_exceptions=True)
            codes = {}
            for r in rs: codes[getattr(r, "status_code", type(r).__name__)] = codes.get(getattr(r, "status_code", type(r).__name__), 0) + 1
            TRUTH.write(f"{name}\t{t0}\t{now()}\t{codes}\t{expected}\n"); TRUTH.flush(); print(name, codes)
            await asyncio.sleep(1.2)
        await many("ok", [("GET", "/items/1")], "200")
        await many("undefined_table", [("GET", "/reports/legacy")] * 2, "42P01 x2")
        await many("ok", [("GET", "/items/2")] * 2, "200")
        await many("bad_int_list", [("GET", "/items?ids=1,x")], "22P02 x1")
        await many("deadlock", [("POST", "/transfer?from=30&to=31"), ("POST", "/transfer?from=31&to=30")], "40P01 x1")
        await many("undefined_column", [("GET", "/discontinued")], "42703 x1")
        await many("statement_timeout", [("GET", "/reports/stock")], "57014 x1")
asyncio.run(main())
