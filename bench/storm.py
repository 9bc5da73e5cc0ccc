#!/usr/bin/env python3
"""Deterministic failure-storm logs: a PostgreSQL 15 server log in which one line in three is an ERROR.

Usage:
    bench/storm.py --size-mib 89 --seed 1 -o FILE            # server log, the issue's failure storm
    bench/storm.py --short-lines 1000000 --seed 1 -o FILE     # every line a short finding
    bench/storm.py --short-lines 1000000 --distinct -o FILE   # ... and no two lines alike

The server log uses Debian's default log_line_prefix '%m [%p] %q%u@%d ' and the server's own wording
(PostgreSQL 15, lc_messages=C): every failure is an `ERROR:` line followed by its `DETAIL:`, `HINT:` or
`STATEMENT:` line, and between failures the server logs connections, `duration:` statements and
checkpoints, so that one line in three is an ERROR. Most errors belong to the catalog's classes
(undefined table/column, unique/foreign-key/not-null violations, deadlocks, timeouts, connection
limits); some (syntax errors, permission denied, division by zero) are for rules the catalog may add.

`--short-lines N` writes N lines, each one short PostgreSQL error that the catalog matches, as a
finding-per-line worst case. Its 36 distinct lines repeat, as one failure does in a storm; with
`--distinct` every line also says where in its statement the error is (`at character N`, as the server
writes it, N the line number), so that no two lines are alike but they still fall into a few problems.
Same arguments => byte-identical output. Standard library only.
"""

from __future__ import annotations

import argparse
import random
import sys

MIB = 1024 * 1024
START_EPOCH = 1766102400  # 2025-12-19T00:00:00Z

TABLES = ["users", "orders", "order_items", "invoices", "payments", "sessions", "audit_logs",
          "notifications", "subscriptions", "carts", "addresses", "coupons", "user_invitations"]
COLUMNS = ["email", "status", "created_at", "timestamp", "total_cents", "user_id", "plan", "expires_at"]
USERS = ["app", "worker", "api", "reporting"]


def stamp(t: float) -> str:
    secs = int(t)
    ms = int((t - secs) * 1000)
    day, rest = divmod(secs - START_EPOCH, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    return f"2025-12-{19 + day:02d} {h:02d}:{m:02d}:{s:02d}.{ms:03d} UTC"


def failure(r: random.Random) -> tuple[str, str]:
    """An ERROR message and the line that follows it (DETAIL, HINT or STATEMENT)."""
    t = r.choice(TABLES)
    c = r.choice(COLUMNS)
    n = r.randrange(1, 10_000_000)
    k = r.randrange(100)
    if k < 22:
        return (f'relation "{t}" does not exist at character {r.randrange(15, 90)}',
                f"STATEMENT:  SELECT {t}.id, {t}.created_at FROM {t} WHERE {t}.id = {n} LIMIT 1")
    if k < 40:
        return (f'duplicate key value violates unique constraint "{t}_{c}_key"',
                f"DETAIL:  Key ({c})=(user{n}@example.com) already exists.")
    if k < 54:
        return (f'column {t}.{c} does not exist at character {r.randrange(8, 60)}',
                f'HINT:  Perhaps you meant to reference the column "{t}.{r.choice(COLUMNS)}".')
    if k < 64:
        return (f'insert or update on table "{t}" violates foreign key constraint "{t}_user_id_fkey"',
                f'DETAIL:  Key (user_id)=({n}) is not present in table "users".')
    if k < 72:
        return (f'null value in column "{c}" of relation "{t}" violates not-null constraint',
                f"DETAIL:  Failing row contains ({n}, null, {r.randrange(100)}, 2025-12-19 10:00:00+00).")
    if k < 80:
        return ("canceling statement due to statement timeout",
                f"STATEMENT:  UPDATE {t} SET status = 'done' WHERE id = {n}")
    if k < 86:
        return ("deadlock detected",
                f"DETAIL:  Process {r.randrange(1000, 99999)} waits for ShareLock on transaction {n}; "
                f"blocked by process {r.randrange(1000, 99999)}.")
    if k < 90:
        return (f'syntax error at or near "{r.choice(["FROM", "WHERE", ")", "ORDER"])}" at character {r.randrange(5, 80)}',
                f"STATEMENT:  SELECT id, FROM {t} WHERE id = {n}")
    if k < 95:
        return (f"permission denied for table {t}",
                f"STATEMENT:  DELETE FROM {t} WHERE id = {n}")
    return ("division by zero", f"STATEMENT:  SELECT total_cents / 0 FROM {t} WHERE id = {n}")


def quiet(r: random.Random, user: str) -> str:
    """A LOG line of a busy server."""
    k = r.randrange(100)
    if k < 55:
        t = r.choice(TABLES)
        return (f"LOG:  duration: {r.uniform(0.05, 900):.3f} ms  statement: SELECT {t}.id, {t}.status, "
                f"{t}.created_at FROM {t} WHERE {t}.user_id = {r.randrange(1, 10**6)} ORDER BY {t}.created_at DESC LIMIT 50")
    if k < 75:
        return f"LOG:  connection received: host=10.0.{r.randrange(256)}.{r.randrange(256)} port={r.randrange(30000, 65000)}"
    if k < 92:
        return f"LOG:  connection authorized: user={user} database=appdb application_name=uvicorn SSL enabled (protocol=TLSv1.3)"
    return (f"LOG:  checkpoint complete: wrote {r.randrange(10, 9000)} buffers ({r.uniform(0, 30):.1f}%); "
            f"0 WAL file(s) added, 0 removed, {r.randrange(5)} recycled; write={r.uniform(0, 30):.3f} s")


def server_log(size: int, seed: int, out) -> None:
    r = random.Random(seed)
    t = float(START_EPOCH + 8 * 3600)
    written = 0
    batch: list[str] = []
    while written < size:
        t += r.uniform(0.001, 0.05)
        pid = r.randrange(1000, 99999)
        user = r.choice(USERS)
        prefix = f"{stamp(t)} [{pid}] {user}@appdb "
        message, follow = failure(r)
        other = f"{stamp(t)} [{r.randrange(1000, 99999)}] {user}@appdb " + quiet(r, user)
        chunk = f"{prefix}ERROR:  {message}\n{prefix}{follow}\n{other}\n"
        batch.append(chunk)
        written += len(chunk)
        if len(batch) >= 10_000:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))


def short_lines(count: int, seed: int, out) -> None:
    r = random.Random(seed)
    forms = [
        lambda: f'ERROR:  relation "{r.choice(TABLES)}" does not exist',
        lambda: f'ERROR:  column "{r.choice(COLUMNS)}" does not exist',
        lambda: f'ERROR:  duplicate key value violates unique constraint "{r.choice(TABLES)}_pkey"',
        lambda: "ERROR:  deadlock detected",
        lambda: "ERROR:  canceling statement due to statement timeout",
    ]
    for start in range(0, count, 10_000):
        out.write("".join(r.choice(forms)() + "\n" for _ in range(min(10_000, count - start))))


def distinct_short_lines(count: int, seed: int, out) -> None:
    r = random.Random(seed)
    forms = [
        lambda n: f'ERROR:  relation "{r.choice(TABLES)}" does not exist at character {n}',
        lambda n: f'ERROR:  column "{r.choice(COLUMNS)}" does not exist at character {n}',
        lambda n: f'ERROR:  syntax error at or near "{r.choice(["WHERE", "FROM", ","])}" at character {n}',
    ]
    for start in range(0, count, 10_000):
        out.write("".join(r.choice(forms)(n) + "\n" for n in range(start + 1, start + 1 + min(10_000, count - start))))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mib", type=int, default=89)
    ap.add_argument("--short-lines", type=int, default=0, help="write N one-line findings instead")
    ap.add_argument("--distinct", action="store_true", help="with --short-lines: no two lines alike")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()
    out = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8", newline="\n")
    with out:
        if a.short_lines:
            (distinct_short_lines if a.distinct else short_lines)(a.short_lines, a.seed, out)
        else:
            server_log(a.size_mib * MIB, a.seed, out)


if __name__ == "__main__":
    main()
