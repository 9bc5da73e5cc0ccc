#!/usr/bin/env python3
"""Deterministic generator of realistic web-platform production logs for benchmarking logmedic.

Usage:
    bench/generate.py --size-mib 200 --seed 1 -o FILE
    bench/generate.py --size-mib 1 --seed 1 -o -        # stdout

The output mixes what a small production stack on Railway emits:
  ~60% Railway JSON envelopes (backend, frontend, worker and postgres services), and
  ~40% plain text: uvicorn access logs, Python logging lines, nginx combined logs, PostgreSQL server logs.
About 0.1% of lines start an error event (multi-line tracebacks, PostgreSQL ERROR + DETAIL/HINT/STATEMENT,
Node stack traces), drawn from this stack's real failure modes. Noise lines deliberately reuse parts of the
error vocabulary ("does not exist", "relation", "column", "timeout", "TypeError", "constraint", ...) in
harmless contexts, so a literal prefilter sees realistic false candidates.

Same --seed and --size-mib => byte-identical output. For a given seed, a smaller corpus is a prefix of a
larger one (up to the final event). Standard library only; Python 3.11.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time

MIB = 1024 * 1024
BATCH_LINES = 20_000
START_EPOCH = 1766102400  # 2025-12-19T00:00:00Z

_esc = json.encoder.encode_basestring  # C-accelerated; returns the string with surrounding quotes


def esc(s: str) -> str:
    return _esc(s)[1:-1]


# ----------------------------------------------------------------------------------------------------------
# Static vocabulary
# ----------------------------------------------------------------------------------------------------------

TABLES = ["users", "orders", "order_items", "products", "invoices", "payments", "sessions", "audit_logs",
          "notifications", "feature_flags", "api_keys", "subscriptions", "carts", "addresses", "coupons"]

TABLE_COLUMNS = {
    "users": ["id", "email", "full_name", "hashed_password", "is_active", "created_at", "updated_at"],
    "orders": ["id", "user_id", "status", "total_cents", "currency", "created_at", "updated_at"],
    "order_items": ["id", "order_id", "product_id", "quantity", "unit_price_cents"],
    "products": ["id", "sku", "name", "slug", "price_cents", "stock", "is_published", "created_at"],
    "invoices": ["id", "order_id", "number", "amount_cents", "status", "issued_at", "paid_at"],
    "payments": ["id", "invoice_id", "provider", "provider_ref", "amount_cents", "status", "created_at"],
    "sessions": ["id", "user_id", "token_hash", "expires_at", "created_at", "ip_address"],
    "audit_logs": ["id", "user_id", "action", "entity", "entity_id", "payload", "created_at"],
    "notifications": ["id", "user_id", "kind", "title", "read_at", "created_at"],
    "feature_flags": ["id", "key", "enabled", "rollout_percent", "updated_at"],
    "api_keys": ["id", "user_id", "prefix", "key_hash", "last_used_at", "created_at"],
    "subscriptions": ["id", "user_id", "plan", "status", "current_period_end", "created_at"],
    "carts": ["id", "user_id", "items_count", "updated_at"],
    "addresses": ["id", "user_id", "line1", "city", "postal_code", "country"],
    "coupons": ["id", "code", "percent_off", "valid_until", "max_redemptions"],
}

LOGGERS = ["app.services.billing", "app.api.routes.orders", "app.api.routes.users", "app.core.cache",
           "app.workers.email", "app.db.session", "app.services.auth", "app.middleware.timing",
           "app.services.search", "app.services.inventory", "app.api.routes.admin", "app.services.webhooks",
           "apscheduler.scheduler", "httpx", "app.services.notifications", "app.core.features"]

FIRST = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
         "nina", "oscar", "peggy", "quentin", "rupert", "sybil", "trent", "ursula", "victor", "walter",
         "yasmin", "zoe", "jose", "maria", "chen", "aiko", "lars", "fatima", "olu"]
LAST = ["smith", "johnson", "garcia", "martin", "dubois", "rossi", "muller", "kowalski", "tanaka", "silva",
        "nguyen", "okafor", "lindqvist", "hernandez", "brown", "wilson", "moreau", "novak", "ivanova", "kim"]
DOMAINS = ["example.com", "gmail.com", "outlook.com", "company.io", "proton.me", "yahoo.fr", "acme.dev"]

PRODUCT_WORDS = ["wireless", "mouse", "keyboard", "desk", "lamp", "chair", "standing", "ergonomic", "usb-c",
                 "hub", "monitor", "arm", "cable", "organizer", "notebook", "pen", "backpack", "bottle",
                 "headphones", "stand", "webcam", "dock", "mat", "charger"]

SEARCH_TERMS = ["desk+lamp", "usb-c+hub", "chair", "monitor+arm", "red+backpack", "caf%C3%A9+mug",
                "gift+card", "headphones", "does+not+exist", "timeout", "m%C3%BCller", "column+organizer"]

USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "curl/8.5.0",
    "python-httpx/0.27.2",
    "okhttp/4.12.0",
    "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "Go-http-client/1.1",
    "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
]
REFERERS = ["-", "https://app.example.com/", "https://app.example.com/orders", "https://app.example.com/admin/audit",
            "https://app.example.com/products?category=desks", "https://www.google.com/", "https://app.example.com/checkout"]

HTTP_METHODS = ["GET"] * 70 + ["POST"] * 15 + ["PUT"] * 5 + ["PATCH"] * 4 + ["DELETE"] * 3 + ["OPTIONS"] * 3
STATUS = ([("200", "OK")] * 780 + [("201", "Created")] * 50 + [("204", "No Content")] * 40 +
          [("304", "Not Modified")] * 30 + [("307", "Temporary Redirect")] * 10 + [("400", "Bad Request")] * 12 +
          [("401", "Unauthorized")] * 25 + [("403", "Forbidden")] * 6 + [("404", "Not Found")] * 30 +
          [("422", "Unprocessable Entity")] * 12 + [("429", "Too Many Requests")] * 4)

SERVICES = {
    "backend": "production-backend",
    "frontend": "production-frontend",
    "worker": "production-worker",
    "postgres": "Postgres",
}

FEATURE_FLAGS = ["new_checkout", "beta_search", "dark_mode_v2", "invoice_pdf_v3", "bulk_export", "smart_reorder"]

JS_CHUNK_HASHES = ["4f9a1c2b", "a81be3d0", "0c77f1e9", "5d2e9b44", "93ad10fe"]


# ----------------------------------------------------------------------------------------------------------
# Generator
# ----------------------------------------------------------------------------------------------------------

class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.r = rng.random
        self.t_ms = START_EPOCH * 1000 + rng.randrange(0, 3_600_000)
        self._sec = -1
        self.line_no = 0
        self.error_events = 0

        def uuid() -> str:
            h = "%032x" % rng.getrandbits(128)
            return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[rng.randrange(4)]}{h[17:20]}-{h[20:]}"

        self.uuid = uuid
        self.uuids = [uuid() for _ in range(8192)]
        self.hex16 = ["%016x" % rng.getrandbits(64) for _ in range(2048)]
        self.ids = [str(rng.randrange(1, 250_000)) for _ in range(8192)]
        self.small = [str(rng.randrange(1, 60)) for _ in range(512)]
        self.pages = [str(rng.randrange(1, 40)) for _ in range(128)]
        self.ms = [str(int(rng.lognormvariate(3.0, 1.0)) + 1) for _ in range(4096)]
        self.secs = ["%.3f" % rng.lognormvariate(0.0, 1.0) for _ in range(1024)]
        self.ms3 = ["%03d" % i for i in range(1000)]
        self.ns6 = ["%06d" % rng.randrange(1_000_000) for _ in range(1000)]
        self.sizes = [str(int(rng.lognormvariate(7.5, 1.2))) for _ in range(4096)]
        self.pids = [str(rng.randrange(100, 32000)) for _ in range(64)]
        self.proxy_ipport = [f"100.64.{rng.randrange(0, 4)}.{rng.randrange(1, 255)}:{rng.randrange(20000, 65535)}"
                             for _ in range(4096)]
        self.client_ips = [f"{rng.randrange(1, 223)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                           for _ in range(2048)]
        self.emails = []
        for _ in range(4096):
            f, l = rng.choice(FIRST), rng.choice(LAST)
            n = rng.randrange(0, 100)
            self.emails.append(f"{f}.{l}{n if n < 60 else ''}@{rng.choice(DOMAINS)}")
        self.names = [f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}" for _ in range(512)]
        self.names += ["José Müller", "Zoë Dubois", "Søren Ølgaard", "Łukasz Żółw", "Ana María Núñez", "Chloé Lefèvre"]
        self.slugs = ["-".join(rng.sample(PRODUCT_WORDS, rng.randrange(2, 4))) for _ in range(1024)]
        self.paths = [self._make_path() for _ in range(16384)]
        self.deploy = {k: [uuid() for _ in range(3)] for k in SERVICES}
        self.sql = [self._make_sql() for _ in range(2048)]
        self.sql_params = [self._make_params() for _ in range(1024)]

        # Railway envelope pieces, precomputed per (service, deployment, level).
        self.tails = {}
        for key, svc in SERVICES.items():
            for dep in self.deploy[key]:
                for lvl in ("info", "warn", "error", "debug"):
                    self.tails[(key, dep, lvl)] = (
                        f'","tags":{{"serviceName":"{svc}","deploymentId":"{dep}"}},'
                        f'"attributes":{{"level":"{lvl}"}}}}\n')

        # Normal line kinds. Weights are in per-mille of normal lines.
        kinds = [
            # --- Railway JSON (~60%)
            (self.j_uvicorn_access, 190),
            (self.j_app_log, 170),
            (self.j_sql_echo, 90),
            (self.j_frontend, 60),
            (self.j_worker, 50),
            (self.j_postgres, 40),
            # --- plain text (~40%)
            (self.p_uvicorn_access, 110),
            (self.p_app_log, 110),
            (self.p_nginx, 110),
            (self.p_postgres, 70),
            # --- rare: very long lines (request/response payload dumps)
            (self.j_long_payload, 0.15),
        ]
        self.kind_funcs = [k for k, _ in kinds] + [self.error_event]
        weights = [w for _, w in kinds]
        total = sum(weights)
        weights.append(total * 0.001 / 0.999)  # ~0.1% of lines start an error event
        acc, cum = 0.0, []
        for w in weights:
            acc += w
            cum.append(acc)
        self.cum_weights = cum

        errs = [
            (self.e_undefined_table, 30),
            (self.e_attribute_error, 12),
            (self.e_textual_sql, 6),
            (self.e_js_typeerror, 12),
            (self.e_unique_violation, 10),
            (self.e_fk_violation, 6),
            (self.e_deadlock, 4),
            (self.e_statement_timeout, 6),
            (self.e_too_many_clients, 4),
            (self.e_connection_refused, 4),
            (self.e_alembic_heads, 2),
            (self.e_not_null, 5),
            (self.e_undefined_column, 8),
        ]
        self.err_funcs = [f for f, _ in errs]
        self.err_weights = [w for _, w in errs]

    # ---- small helpers --------------------------------------------------------------------------------

    def pick(self, seq):
        return seq[int(self.r() * len(seq))]

    def _make_path(self) -> str:
        rng = self.rng
        p = self.pick
        i = rng.randrange(24)
        if i < 4:
            return f"/api/users/{p(self.ids)}"
        if i < 7:
            return f"/api/orders/{p(self.ids)}"
        if i < 9:
            return f"/api/orders?page={p(self.pages)}&limit=50&status={p(['paid', 'pending', 'shipped', 'all'])}"
        if i < 11:
            return f"/api/products/{p(self.slugs)}"
        if i < 12:
            return f"/api/invoices/{p(self.ids)}/pdf"
        if i < 13:
            return f"/api/search?q={p(SEARCH_TERMS)}&page={p(self.pages)}"
        if i < 14:
            return f"/api/admin/audit-logs?limit=100&user_id={p(self.ids)}"
        if i < 15:
            return "/api/notifications/unread-count"
        if i < 16:
            return p(["/health", "/healthz", "/api/health/db", "/metrics"])
        if i < 17:
            return p(["/api/auth/login", "/api/auth/refresh", "/api/auth/logout", "/api/auth/me"])
        if i < 18:
            return f"/api/carts/{p(self.ids)}/items"
        if i < 19:
            return f"/_next/static/chunks/{p(['app', 'pages', 'main', 'framework'])}-{p(self.hex16)}.js"
        if i < 20:
            return f"/api/webhooks/stripe?event={p(self.uuids)}"
        if i < 21:
            return f"/api/users/{p(self.ids)}/sessions/{p(self.uuids)}"
        if i < 22:
            return f"/api/feature-flags/{p(FEATURE_FLAGS)}"
        if i < 23:
            return f"/api/orders/{p(self.ids)}/items?include=product,invoice"
        return f"/api/subscriptions/{p(self.ids)}"

    def _make_sql(self) -> str:
        rng = self.rng
        t = rng.choice(TABLES)
        cols = TABLE_COLUMNS[t]
        sel = ", ".join(f"{t}.{c}" for c in cols)
        i = rng.randrange(10)
        if i < 5:
            where = rng.choice(cols[:2])
            tail = rng.choice(["", f" ORDER BY {t}.{cols[-1]} DESC", "\n LIMIT %(param_1)s OFFSET %(param_2)s"])
            return f"SELECT {sel} \nFROM {t} \nWHERE {t}.{where} = %({where}_1)s{tail}"
        if i < 7:
            c2 = cols[1:]
            return (f"INSERT INTO {t} ({', '.join(c2)}) VALUES ({', '.join('%(' + c + ')s' for c in c2)}) "
                    f"RETURNING {t}.id")
        if i < 8:
            c = rng.choice(cols[1:])
            return f"UPDATE {t} SET {c}=%({c})s WHERE {t}.id = %({t}_id)s"
        if i < 9:
            return f"SELECT count(*) AS count_1 \nFROM {t} \nWHERE {t}.created_at >= CAST(%(param_1)s AS TIMESTAMP WITHOUT TIME ZONE)" \
                if "created_at" in cols else f"SELECT count(*) AS count_1 \nFROM {t}"
        return ("SELECT pg_catalog.pg_class.relname \nFROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace ON "
                "pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace \nWHERE pg_catalog.pg_class.relname = "
                f"%(table_name)s AND pg_catalog.pg_class.relkind = ANY (ARRAY[%(param_1)s, %(param_2)s]) -- {t}")

    def _make_params(self) -> str:
        rng = self.rng
        n = rng.randrange(1, 4)
        keys = rng.sample(["id_1", "user_id_1", "param_1", "param_2", "email_1", "status", "order_id_1"], n)
        vals = []
        for k in keys:
            if k.startswith("email"):
                vals.append(f"'{rng.choice(self.emails)}'")
            elif k == "status":
                vals.append(f"'{rng.choice(['paid', 'pending', 'shipped'])}'")
            else:
                vals.append(str(rng.randrange(1, 250000)))
        return "{" + ", ".join(f"'{k}': {v}" for k, v in zip(keys, vals)) + "}"

    def tick(self, max_gap_ms: int = 12) -> None:
        self.t_ms += int(self.r() * max_gap_ms)
        sec = self.t_ms // 1000
        if sec != self._sec:
            self._sec = sec
            tm = time.gmtime(sec)
            self.ts_iso_s = time.strftime("%Y-%m-%dT%H:%M:%S", tm)       # 2025-12-19T14:02:11
            self.ts_pg_s = time.strftime("%Y-%m-%d %H:%M:%S", tm)        # 2025-12-19 14:02:11
            self.ts_nginx = time.strftime("%d/%b/%Y:%H:%M:%S +0000", tm)  # 19/Dec/2025:14:02:11 +0000
            self.ts_py_s = time.strftime("%Y-%m-%d %H:%M:%S", tm)

    def ts_json(self) -> str:
        ms = self.t_ms % 1000
        return f"{self.ts_iso_s}.{self.ms3[ms]}{self.ns6[ms]}Z"

    def ts_app(self) -> str:
        return f"{self.ts_iso_s}.{self.ms3[self.t_ms % 1000]}Z"

    def ts_pg(self) -> str:
        return f"{self.ts_pg_s}.{self.ms3[self.t_ms % 1000]} UTC"

    def jline(self, svc: str, msg: str, severity: str = "info", level: str | None = None) -> str:
        dep = self.deploy[svc][(self.line_no >> 18) % 3]
        return ('{"timestamp":"' + self.ts_json() + '","severity":"' + severity + '","message":"' + esc(msg) +
                self.tails[(svc, dep, level or severity)])

    # ---- message bodies -------------------------------------------------------------------------------

    def uvicorn_access(self) -> str:
        p = self.pick
        code, phrase = p(STATUS)
        return f'INFO:     {p(self.proxy_ipport)} - "{p(HTTP_METHODS)} {p(self.paths)} HTTP/1.1" {code} {phrase}'

    def app_message(self) -> tuple[str, str, str]:
        """Returns (level, logger, message)."""
        p = self.pick
        r = self.r()
        lg = p(LOGGERS)
        if r < 0.10:
            return "INFO", "app.services.billing", f"invoice INV-{p(self.ids)} generated in {p(self.ms)} ms"
        if r < 0.18:
            return "INFO", "app.middleware.timing", (
                f"{p(HTTP_METHODS)} {p(self.paths)} completed status={p(STATUS)[0]} duration_ms={p(self.ms)} "
                f"request_id={p(self.uuids)}")
        if r < 0.24:
            return "DEBUG" if self.r() < 0.5 else "INFO", "app.core.cache", (
                f"cache miss: key user:{p(self.ids)}:profile does not exist, fetching from db")
        if r < 0.28:
            return "INFO", "app.core.cache", f"cache hit: key product:{p(self.slugs)} ttl={p(self.small)}s"
        if r < 0.31:
            return "INFO", "app.core.features", (
                f"feature flag '{p(FEATURE_FLAGS)}' does not exist for tenant {p(self.small)}, using default=false")
        if r < 0.34:
            return "INFO", "app.services.search", (
                f"relation graph for org {p(self.small)} rebuilt in {p(self.ms)} ms ({p(self.sizes)} edges)")
        if r < 0.37:
            return "INFO", "app.api.routes.users", (
                f"column preferences saved for user {p(self.ids)} (table=orders, visible columns: id,status,total,created_at)")
        if r < 0.40:
            return "INFO", "app.db.session", (
                f"session configured: statement_timeout=30s lock_timeout=5s idle_in_transaction_session_timeout=60s "
                f"pool_size=10 checked_out={p(self.small)}")
        if r < 0.43:
            return "WARNING", "httpx", (
                f"retrying GET https://api.stripe.com/v1/invoices/in_{p(self.hex16)} after read timeout "
                f"(attempt {p(['1/3', '2/3'])}, budget 2500 ms)")
        if r < 0.46:
            return "INFO", "app.services.webhooks", (
                f"duplicate webhook delivery {p(self.uuids)} ignored (idempotency key seen {p(self.small)}s ago)")
        if r < 0.49:
            return "INFO", "app.services.auth", (
                f"unique constraint users_email_key pre-check ok for {p(self.emails)}; creating account")
        if r < 0.52:
            return "INFO", "app.services.auth", f"user {p(self.ids)} logged in from {p(self.client_ips)} (mfa=false)"
        if r < 0.55:
            return "INFO", "app.services.inventory", (
                f"stock for sku {p(self.slugs)} updated: {p(self.small)} -> {p(self.small)} (order {p(self.ids)})")
        if r < 0.58:
            return "INFO", "app.workers.email", (
                f"sent email template=order_confirmation to={p(self.emails)} message_id=<{p(self.uuids)}@mail.example.com>")
        if r < 0.61:
            return "INFO", "app.services.notifications", (
                f"null value for optional field 'middle_name' stored as NULL (user {p(self.ids)}); not-null check skipped")
        if r < 0.64:
            return "INFO", "app.db.session", (
                f"connection to server db.internal:5432 established in {p(self.ms)} ms (pool size 10, overflow 0)")
        if r < 0.67:
            return "INFO", "app.api.routes.admin", (
                f"audit log export requested by user {p(self.ids)}: {p(self.sizes)} rows, order_by=created_at desc")
        if r < 0.70:
            return "DEBUG", "app.services.search", (
                f"query '{p(SEARCH_TERMS)}' returned {p(self.small)} hits in {p(self.ms)} ms (index=products_v4)")
        if r < 0.72:
            return "INFO", "apscheduler.scheduler", (
                f"Job \"sync_orders (trigger: interval[0:05:00], next run at: {self.ts_py_s} UTC)\" executed successfully")
        if r < 0.74:
            return "INFO", "app.services.billing", (
                f"payment {p(self.uuids)} captured amount={p(self.sizes)} currency=EUR provider=stripe")
        if r < 0.76:
            return "WARNING", "app.api.routes.orders", (
                f"order {p(self.ids)} total mismatch corrected ({p(self.sizes)} != {p(self.sizes)}); TypeError avoided by Decimal coercion")
        if r < 0.78:
            return "INFO", "app.db.session", (
                f"deadlock retry policy: max_retries=3 backoff_ms=50 (no deadlock in last {p(self.small)} min)")
        if r < 0.80:
            return "INFO", "app.api.routes.users", (
                f"user {p(self.ids)} updated profile: name='{p(self.names)}' locale={p(['fr-FR', 'de-DE', 'en-US', 'ja-JP', 'pt-BR'])}")
        if r < 0.82:
            return "INFO", "app.services.billing", (
                f"relation between invoice {p(self.ids)} and order {p(self.ids)} verified; foreign key order_id ok")
        if r < 0.84:
            return "INFO", "app.core.features", "alembic head revision is 9c1d2e3f4a5b (database up to date)"
        if r < 0.86:
            return "WARNING", "app.api.routes.orders", (
                f"validation failed for POST /api/orders: field 'items.{p(self.small)}.quantity' must be > 0")
        if r < 0.88:
            return "INFO", "app.services.notifications", (
                f"push notification {p(self.uuids)} queued for user {p(self.ids)} (kind=order_shipped)")
        return "INFO", lg, (
            f"request_id={p(self.uuids)} user_id={p(self.ids)} handled {p(HTTP_METHODS)} {p(self.paths)} "
            f"in {p(self.ms)} ms")

    def sql_echo(self) -> list[str]:
        p = self.pick
        r = self.r()
        if r < 0.45:
            return p(self.sql).split("\n")
        if r < 0.85:
            return [f"[{p(['generated in', 'cached since'])} {p(self.secs)}s{' ago' if self.r() < 0.5 else ''}] {p(self.sql_params)}"]
        return [p(["BEGIN (implicit)", "COMMIT", "ROLLBACK"])]

    def frontend_message(self) -> str:
        p = self.pick
        r = self.r()
        if r < 0.35:
            return f"[api] GET {p(self.paths)} -> {p(STATUS)[0]} in {p(self.ms)}ms"
        if r < 0.55:
            return f" GET /{p(['orders', 'products', 'checkout', 'admin/audit', 'account', ''])} 200 in {p(self.ms)}ms"
        if r < 0.65:
            return f"[telemetry] client errors last 5m: TypeError=0 ChunkLoadError={p(['0', '1'])} (sampled {p(self.small)} sessions)"
        if r < 0.75:
            return f"[isr] revalidated /products/{p(self.slugs)} in {p(self.ms)}ms"
        if r < 0.85:
            return f"[auth] session {p(self.hex16)} refreshed, expires in 3600s"
        if r < 0.93:
            return f"[api] request timeout budget 10000ms; /api/search took {p(self.ms)}ms"
        return f"[cache] route /products/{p(self.slugs)} does not exist in cache, rendering"

    def worker_message(self) -> str:
        p = self.pick
        r = self.r()
        if r < 0.3:
            return f"[{self.ts_py_s},{self.ms3[self.t_ms % 1000]}: INFO/MainProcess] Task app.tasks.send_email[{p(self.uuids)}] received"
        if r < 0.6:
            return (f"[{self.ts_py_s},{self.ms3[self.t_ms % 1000]}: INFO/ForkPoolWorker-{p(['1', '2', '3', '4'])}] "
                    f"Task app.tasks.{p(['send_email', 'generate_invoice_pdf', 'sync_inventory', 'expire_sessions'])}"
                    f"[{p(self.uuids)}] succeeded in {p(self.secs)}s: None")
        if r < 0.75:
            return f"expire_sessions: deleted {p(self.sizes)} rows from sessions where expires_at < now()"
        if r < 0.9:
            return f"sync_inventory: {p(self.sizes)} products checked, {p(self.small)} updated, 0 missing"
        return "retry policy for task generate_invoice_pdf: soft timeout 60s, hard timeout 120s"

    def pg_message(self) -> str:
        p = self.pick
        r = self.r()
        pre = f"{self.ts_pg()} [{p(self.pids)}] "
        if r < 0.25:
            return pre + f"LOG:  connection received: host={p(self.client_ips)} port={p(self.proxy_ipport)[-5:]}"
        if r < 0.45:
            return pre + (f"LOG:  connection authorized: user=postgres database=railway "
                          f"application_name={p(['psql', 'alembic', 'uvicorn', 'celery', 'pgbouncer'])} SSL enabled "
                          f"(protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)")
        if r < 0.60:
            return pre + (f"LOG:  disconnection: session time: 0:{p(['00', '01', '04'])}:{p(self.small).zfill(2)}.{self.ms3[self.t_ms % 1000]} "
                          f"user=postgres database=railway host={p(self.client_ips)} port={p(self.proxy_ipport)[-5:]}")
        if r < 0.70:
            return pre + (f"LOG:  duration: {p(self.secs)} ms  statement: {p(self.sql).replace(chr(10), '')}")
        if r < 0.78:
            t = p(TABLES)
            return pre + (f"LOG:  automatic vacuum of table \"railway.public.{t}\": index scans: 1, pages: 0 removed, "
                          f"{p(self.sizes)} remain, 0 scanned (0.00% of total), tuples: {p(self.small)} removed, "
                          f"{p(self.sizes)} remain, 0 are dead but not yet removable")
        if r < 0.84:
            t = p(TABLES)
            return pre + (f"LOG:  automatic analyze of table \"railway.public.{t}\" avg read rate: 0.000 MB/s, "
                          f"avg write rate: 0.000 MB/s buffer usage: {p(self.sizes)} hits, 0 misses, 0 dirtied")
        if r < 0.90:
            return pre + "LOG:  checkpoint starting: time"
        if r < 0.96:
            return pre + (f"LOG:  checkpoint complete: wrote {p(self.sizes)} buffers (0.{p(self.small)}%); 0 WAL file(s) "
                          f"added, 0 removed, 1 recycled; write={p(self.secs)} s, sync=0.004 s, total={p(self.secs)} s; "
                          f"sync files={p(self.small)}, longest=0.002 s, average=0.001 s; distance={p(self.sizes)} kB, "
                          f"estimate={p(self.sizes)} kB")
        if r < 0.98:
            return pre + "LOG:  parameter \"deadlock_timeout\" changed to \"1s\""
        return pre + "LOG:  could not receive data from client: Connection reset by peer"

    # ---- normal line kinds (each returns a str with trailing newline) ----------------------------------

    def j_uvicorn_access(self) -> str:
        # uvicorn writes to stderr; Railway tags much stderr output as severity "error" although level is info.
        sev = "error" if self.r() < 0.15 else "info"
        return self.jline("backend", self.uvicorn_access(), sev, "info")

    def j_app_log(self) -> str:
        lvl, lg, msg = self.app_message()
        lvl_l = "warn" if lvl == "WARNING" else lvl.lower()
        sev = "error" if self.r() < 0.2 else lvl_l
        return self.jline("backend", f"{lvl}:{' ' * (9 - len(lvl))}{lg}: {msg}" if self.r() < 0.5 else msg, sev, lvl_l)

    def j_sql_echo(self) -> str:
        lines = self.sql_echo()
        out = []
        for ln in lines:
            out.append(self.jline("backend", ln, "info"))
        return "".join(out)

    def j_frontend(self) -> str:
        return self.jline("frontend", self.frontend_message(), "info")

    def j_worker(self) -> str:
        return self.jline("worker", self.worker_message(), "info")

    def j_postgres(self) -> str:
        return self.jline("postgres", self.pg_message(), "error" if self.r() < 0.5 else "info", "info")

    def j_long_payload(self) -> str:
        p = self.pick
        items = ",".join(
            f'{{"product_id":{p(self.ids)},"sku":"{p(self.slugs)}","quantity":{p(self.small)},"unit_price_cents":{p(self.sizes)}}}'
            for _ in range(int(self.r() * 120) + 20))
        msg = f"DEBUG:    app.api.routes.orders: request body for POST /api/orders: {{\"items\":[{items}],\"coupon\":null}}"
        return self.jline("backend", msg, "info", "debug")

    def p_uvicorn_access(self) -> str:
        return self.uvicorn_access() + "\n"

    def p_app_log(self) -> str:
        lvl, lg, msg = self.app_message()
        return f"{self.ts_app()} {lvl} {lg}: {msg}\n"

    def p_nginx(self) -> str:
        p = self.pick
        code, _ = p(STATUS)
        ua = p(USER_AGENTS)
        if self.r() < 0.00002:
            ua = "Mozilla/5.0 (compatible; Scanner/1.0; \udce9t\udce9)"  # raw latin-1 bytes: invalid UTF-8
        return (f'{p(self.client_ips)} - - [{self.ts_nginx}] "{p(HTTP_METHODS)} {p(self.paths)} HTTP/1.1" '
                f'{code} {p(self.sizes)} "{p(REFERERS)}" "{ua}" rt={p(self.secs)} uct="0.001" urt="{p(self.secs)}"\n')

    def p_postgres(self) -> str:
        return self.pg_message() + "\n"

    # ---- error events -----------------------------------------------------------------------------------

    def error_event(self) -> str:
        self.error_events += 1
        f = self.rng.choices(self.err_funcs, self.err_weights)[0]
        return f()

    def emit(self, svc: str, lines: list[str], as_json: bool, severity: str = "error") -> str:
        """One event as Railway JSON records (one per line) or as raw text lines."""
        out = []
        for ln in lines:
            self.t_ms += int(self.r() * 1.5)
            self.tick(0)
            out.append(self.jline(svc, ln, severity) if as_json else ln + "\n")
        return "".join(out)

    def pg_lines(self, parts: list[tuple[str, str]]) -> list[str]:
        pre = f"{self.ts_pg()} [{self.pick(self.pids)}] "
        return [pre + f"{tag}:  {text}" for tag, text in parts]

    def py_frames(self, frames: list[tuple[str, int, str, str]]) -> list[str]:
        out = []
        for path, line, func, code in frames:
            out.append(f'  File "{path}", line {line}, in {func}')
            out.append(f"    {code}")
        return out

    SA = "/app/.venv/lib/python3.11/site-packages/sqlalchemy"
    ST = "/app/.venv/lib/python3.11/site-packages/starlette"
    FA = "/app/.venv/lib/python3.11/site-packages/fastapi"

    def sa_exec_frames(self) -> list[str]:
        return self.py_frames([
            (f"{self.SA}/engine/base.py", 1967, "_exec_single_context", "self.dialect.do_execute("),
            (f"{self.SA}/engine/default.py", 941, "do_execute", "cursor.execute(statement, parameters)"),
        ])

    def app_frames(self, route: str, func: str, line: str) -> list[str]:
        return self.py_frames([
            (f"{self.ST}/middleware/errors.py", 165, "__call__", "await self.app(scope, receive, _send)"),
            (f"{self.ST}/routing.py", 73, "app", "response = await f(request)"),
            (f"{self.FA}/routing.py", 301, "app", "raw_response = await run_endpoint_function("),
            (f"{self.FA}/routing.py", 212, "run_endpoint_function", "return await dependant.call(**values)"),
            (f"/app/app/api/routes/{route}.py", 40 + int(self.r() * 120), func, line),
        ])

    def asgi_prelude(self, path: str, code: str = "500", phrase: str = "Internal Server Error") -> tuple[list[str], str]:
        ipport = self.pick(self.proxy_ipport)
        access = f'INFO:     {ipport} - "GET {path} HTTP/1.1" {code} {phrase}'
        return ["ERROR:    Exception in ASGI application"], access

    def sa_chained(self, exc_module: str, exc_class: str, msg_lines: list[str], sa_class: str, sql: str,
                   code: str, route: str, func: str, src: str, params: str = "{}") -> list[str]:
        lines = ["Traceback (most recent call last):"]
        lines += self.sa_exec_frames()
        lines.append(f"{exc_module}.{exc_class}: {msg_lines[0]}")
        lines += msg_lines[1:]
        lines += ["", "The above exception was the direct cause of the following exception:", "",
                  "Traceback (most recent call last):"]
        lines += self.app_frames(route, func, src)
        lines += self.py_frames([
            (f"{self.SA}/ext/asyncio/session.py", 461, "execute", "result = await greenlet_spawn("),
            (f"{self.SA}/engine/base.py", 1986, "_exec_single_context", "self._handle_dbapi_exception("),
            (f"{self.SA}/engine/base.py", 2355, "_handle_dbapi_exception", "raise sqlalchemy_exception.with_traceback(exc_info[2]) from e"),
        ])
        lines += self.sa_exec_frames()
        lines.append(f"sqlalchemy.exc.{sa_class}: ({exc_module}.{exc_class}) {msg_lines[0]}")
        lines += msg_lines[1:]
        lines.append(f"[SQL: {sql}]")
        if params != "{}":
            lines.append(f"[parameters: {params}]")
        lines.append(f"(Background on this error at: https://sqlalche.me/e/20/{code})")
        return lines

    def backend_event(self, lines: list[str], with_asgi: str | None = None) -> str:
        as_json = self.r() < 0.6
        out_lines = lines
        access = None
        if with_asgi:
            pre, access = self.asgi_prelude(with_asgi)
            out_lines = pre + lines
        s = self.emit("backend", out_lines, as_json)
        if access:
            s += self.emit("backend", [access], as_json, "info")
        return s

    def pg_event(self, parts: list[tuple[str, str]]) -> str:
        as_json = self.r() < 0.6
        return self.emit("postgres", self.pg_lines(parts), as_json)

    def e_undefined_table(self) -> str:
        p = self.pick
        rel = p(["audit_logs"] * 6 + ["user_sessions", "feature_flags", "invoice_items", "notification_preferences",
                                       "webhook_deliveries"])
        cols = TABLE_COLUMNS.get(rel, ["id", "user_id", "created_at"])
        sql = f"SELECT {', '.join(f'{rel}.{c}' for c in cols)} \nFROM {rel} ORDER BY {rel}.created_at DESC \n LIMIT %(param_1)s"
        if self.r() < 0.3:
            return self.pg_event([("ERROR", f'relation "{rel}" does not exist at character {40 + int(self.r() * 90)}'),
                                  ("STATEMENT", sql.replace("\n", "").replace("%(param_1)s", "$1"))])
        caret = f"LINE 2: FROM {rel} ORDER BY {rel}.created_at DESC "
        msg = [f'relation "{rel}" does not exist', caret, "             ^", ""]
        lines = self.sa_chained("psycopg2.errors", "UndefinedTable", msg, "ProgrammingError", sql.replace("\n", ""),
                                "f405", "admin", "list_audit_logs", "result = await db.execute(stmt)",
                                f"{{'param_1': {p(['50', '100'])}}}")
        return self.backend_event(lines, "/api/admin/audit-logs?limit=100")

    def e_attribute_error(self) -> str:
        p = self.pick
        model, attr = p([("AuditLog", "timestamp")] * 5 + [("UserSession", "expires"), ("Invoice", "paid_on")])
        lines = ["Traceback (most recent call last):"]
        lines += self.app_frames("admin", "recent_activity", "rows = await audit_service.recent(db, limit=limit)")
        lines += self.py_frames([("/app/app/services/audit.py", 42, "recent",
                                  f".order_by({model}.{attr}.desc())")])
        lines.append(f"AttributeError: type object '{model}' has no attribute '{attr}'")
        return self.backend_event(lines, "/api/admin/activity")

    def e_textual_sql(self) -> str:
        lines = ["Traceback (most recent call last):"]
        lines += self.app_frames("health", "health_db", 'await db.execute("SELECT 1")')
        lines += self.py_frames([
            (f"{self.SA}/ext/asyncio/session.py", 461, "execute", "result = await greenlet_spawn("),
            (f"{self.SA}/orm/session.py", 2351, "execute", "return self._execute_internal("),
            (f"{self.SA}/orm/session.py", 2128, "_execute_internal", "statement = coercions.expect(roles.StatementRole, statement)"),
            (f"{self.SA}/sql/coercions.py", 581, "_no_text_coercion", "raise exc_cls("),
        ])
        lines.append("sqlalchemy.exc.ArgumentError: Textual SQL expression 'SELECT 1' should be explicitly declared as text('SELECT 1')")
        return self.backend_event(lines, "/api/health/db")

    def e_js_typeerror(self) -> str:
        p = self.pick
        var = p(["n"] * 6 + ["e", "t"])
        method = p(["map"] * 6 + ["filter", "forEach"])
        chunk = p(JS_CHUNK_HASHES)
        head = p([f"TypeError: {var}.{method} is not a function", f" ⨯ TypeError: {var}.{method} is not a function",
                  f"Error: Uncaught TypeError: {var}.{method} is not a function"])
        lines = [head,
                 f"    at OrdersTable (/app/.next/server/app/admin/orders/page.js:1:{4000 + int(self.r() * 900)})",
                 f"    at renderWithHooks (/app/node_modules/next/dist/compiled/next-server/app-page.runtime.prod.js:12:{31000 + int(self.r() * 900)})",
                 "    at renderIndeterminateComponent (/app/node_modules/next/dist/compiled/next-server/app-page.runtime.prod.js:12:38112)",
                 "    at renderElement (/app/node_modules/next/dist/compiled/next-server/app-page.runtime.prod.js:12:46880)",
                 f"    at /app/.next/server/chunks/{512 + int(self.r() * 300)}-{chunk}.js:1:{1000 + int(self.r() * 8000)}",
                 "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5) {",
                 f"  digest: '{int(self.r() * 4e9)}'",
                 "}"]
        as_json = self.r() < 0.6
        return self.emit("frontend", lines, as_json)

    def e_unique_violation(self) -> str:
        email = self.pick(self.emails)
        if self.r() < 0.5:
            return self.pg_event([("ERROR", 'duplicate key value violates unique constraint "users_email_key"'),
                                  ("DETAIL", f"Key (email)=({email}) already exists."),
                                  ("STATEMENT", "INSERT INTO users (email, full_name, hashed_password, is_active) VALUES ($1, $2, $3, $4) RETURNING users.id")])
        msg = ['duplicate key value violates unique constraint "users_email_key"', f"DETAIL:  Key (email)=({email}) already exists.", ""]
        lines = self.sa_chained("psycopg2.errors", "UniqueViolation", msg, "IntegrityError",
                                "INSERT INTO users (email, full_name, hashed_password, is_active) VALUES (%(email)s, %(full_name)s, %(hashed_password)s, %(is_active)s) RETURNING users.id",
                                "gkpj", "auth", "register", "user = await user_service.create(db, payload)",
                                f"{{'email': '{email}', 'full_name': '{self.pick(self.names)}', 'hashed_password': '[FILTERED]', 'is_active': True}}")
        return self.backend_event(lines, "/api/auth/register")

    def e_fk_violation(self) -> str:
        uid = self.pick(self.ids)
        if self.r() < 0.5:
            return self.pg_event([("ERROR", 'insert or update on table "orders" violates foreign key constraint "orders_user_id_fkey"'),
                                  ("DETAIL", f'Key (user_id)=({uid}) is not present in table "users".'),
                                  ("STATEMENT", "INSERT INTO orders (user_id, status, total_cents, currency) VALUES ($1, $2, $3, $4) RETURNING orders.id")])
        msg = ['insert or update on table "orders" violates foreign key constraint "orders_user_id_fkey"',
               f'DETAIL:  Key (user_id)=({uid}) is not present in table "users".', ""]
        lines = self.sa_chained("psycopg2.errors", "ForeignKeyViolation", msg, "IntegrityError",
                                "INSERT INTO orders (user_id, status, total_cents, currency) VALUES (%(user_id)s, %(status)s, %(total_cents)s, %(currency)s) RETURNING orders.id",
                                "gkpj", "orders", "create_order", "order = await order_service.create(db, user_id, payload)",
                                f"{{'user_id': {uid}, 'status': 'pending', 'total_cents': {self.pick(self.sizes)}, 'currency': 'EUR'}}")
        return self.backend_event(lines, "/api/orders")

    def e_deadlock(self) -> str:
        p = self.pick
        a, b = p(self.pids), p(self.pids)
        ta, tb = p(self.sizes), p(self.sizes)
        if self.r() < 0.6:
            return self._pg_multiline_event(
                [("ERROR", "deadlock detected"),
                 ("DETAIL", f"Process {a} waits for ShareLock on transaction {ta}; blocked by process {b}."),
                 ("", f"\tProcess {b} waits for ShareLock on transaction {tb}; blocked by process {a}."),
                 ("", f"\tProcess {a}: UPDATE orders SET status=$1 WHERE orders.id = $2"),
                 ("", f"\tProcess {b}: UPDATE orders SET status=$1 WHERE orders.id = $2"),
                 ("HINT", "See server log for query details."),
                 ("CONTEXT", f'while updating tuple (0,{p(self.small)}) in relation "orders"'),
                 ("STATEMENT", "UPDATE orders SET status=$1 WHERE orders.id = $2")])
        msg = ["deadlock detected",
               f"DETAIL:  Process {a} waits for ShareLock on transaction {ta}; blocked by process {b}.",
               f"Process {b} waits for ShareLock on transaction {tb}; blocked by process {a}.",
               "HINT:  See server log for query details.",
               f'CONTEXT:  while updating tuple (0,{p(self.small)}) in relation "orders"', ""]
        lines = self.sa_chained("psycopg2.errors", "DeadlockDetected", msg, "OperationalError",
                                "UPDATE orders SET status=%(status)s WHERE orders.id = %(orders_id)s", "e3q8",
                                "orders", "update_status", "await db.commit()",
                                f"{{'status': 'shipped', 'orders_id': {p(self.ids)}}}")
        return self.backend_event(lines, f"/api/orders/{p(self.ids)}/status")

    def _pg_multiline_event(self, parts: list[tuple[str, str]]) -> str:
        as_json = self.r() < 0.6
        pre = f"{self.ts_pg()} [{self.pick(self.pids)}] "
        lines = [(pre + f"{tag}:  {text}") if tag else text for tag, text in parts]
        return self.emit("postgres", lines, as_json)

    def e_statement_timeout(self) -> str:
        sql = "SELECT orders.id, orders.user_id, orders.status, orders.total_cents FROM orders JOIN order_items ON orders.id = order_items.order_id WHERE orders.created_at >= $1 ORDER BY orders.created_at DESC"
        if self.r() < 0.5:
            return self.pg_event([("ERROR", "canceling statement due to statement timeout"), ("STATEMENT", sql)])
        msg = ["canceling statement due to statement timeout", ""]
        lines = self.sa_chained("psycopg2.errors", "QueryCanceled", msg, "OperationalError",
                                sql.replace("$1", "%(created_at_1)s"), "e3q8", "admin", "export_orders",
                                "rows = (await db.execute(stmt)).all()", "{'created_at_1': '2025-01-01'}")
        return self.backend_event(lines, "/api/admin/orders/export?since=2025-01-01")

    def e_too_many_clients(self) -> str:
        if self.r() < 0.5:
            n = 1 + int(self.r() * 6)
            out = []
            for _ in range(n):
                out.append(self.pg_event([("FATAL", "sorry, too many clients already")]))
            return "".join(out)
        lines = ["Traceback (most recent call last):"]
        lines += self.py_frames([
            (f"{self.SA}/pool/base.py", 898, "__connect", "self.dbapi_connection = connection = pool._invoke_creator(self)"),
            ("/app/.venv/lib/python3.11/site-packages/psycopg2/__init__.py", 122, "connect",
             "conn = _connect(dsn, connection_factory=connection_factory, **kwasync)"),
        ])
        lines.append('psycopg2.OperationalError: connection to server at "db.internal" (10.0.0.5), port 5432 failed: FATAL:  sorry, too many clients already')
        lines.append("")
        lines += ["", "The above exception was the direct cause of the following exception:", "",
                  "Traceback (most recent call last):"]
        lines += self.app_frames("orders", "list_orders", "result = await db.execute(stmt)")
        lines.append('sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "db.internal" (10.0.0.5), port 5432 failed: FATAL:  sorry, too many clients already')
        lines.append("")
        lines.append("(Background on this error at: https://sqlalche.me/e/20/e3q8)")
        return self.backend_event(lines, "/api/orders?page=1&limit=50")

    def e_connection_refused(self) -> str:
        lines = ["Traceback (most recent call last):"]
        lines += self.py_frames([
            (f"{self.SA}/pool/base.py", 898, "__connect", "self.dbapi_connection = connection = pool._invoke_creator(self)"),
            ("/app/.venv/lib/python3.11/site-packages/psycopg2/__init__.py", 122, "connect",
             "conn = _connect(dsn, connection_factory=connection_factory, **kwasync)"),
        ])
        lines.append('psycopg2.OperationalError: connection to server at "db.internal" (10.0.0.5), port 5432 failed: Connection refused')
        lines.append("\tIs the server running on that host and accepting TCP/IP connections?")
        lines.append("")
        lines += ["", "The above exception was the direct cause of the following exception:", "",
                  "Traceback (most recent call last):"]
        lines += self.app_frames("health", "health_db", 'await db.execute(text("SELECT 1"))')
        lines.append('sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "db.internal" (10.0.0.5), port 5432 failed: Connection refused')
        lines.append("\tIs the server running on that host and accepting TCP/IP connections?")
        lines.append("")
        lines.append("(Background on this error at: https://sqlalche.me/e/20/e3q8)")
        return self.backend_event(lines, "/api/health/db")

    def e_alembic_heads(self) -> str:
        lines = ["INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
                 "INFO  [alembic.runtime.migration] Will assume transactional DDL.",
                 "ERROR [alembic.util.messaging] Multiple head revisions are present for given argument 'head'; please "
                 "specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
                 "  FAILED: Multiple head revisions are present for given argument 'head'; please specify a specific "
                 "target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads"]
        return self.backend_event(lines)

    def e_not_null(self) -> str:
        uid = self.pick(self.ids)
        row = f"({uid}, null, {self.pick(self.names)}, $2b$12$..., t, 2025-12-19 {self.ts_pg_s[11:]}+00, null)"
        if self.r() < 0.5:
            return self.pg_event([("ERROR", 'null value in column "email" of relation "users" violates not-null constraint'),
                                  ("DETAIL", f"Failing row contains {row}."),
                                  ("STATEMENT", "INSERT INTO users (email, full_name, hashed_password, is_active) VALUES ($1, $2, $3, $4) RETURNING users.id")])
        msg = ['null value in column "email" of relation "users" violates not-null constraint',
               f"DETAIL:  Failing row contains {row}.", ""]
        lines = self.sa_chained("psycopg2.errors", "NotNullViolation", msg, "IntegrityError",
                                "INSERT INTO users (email, full_name, hashed_password, is_active) VALUES (%(email)s, %(full_name)s, %(hashed_password)s, %(is_active)s) RETURNING users.id",
                                "gkpj", "users", "import_users", "await db.flush()",
                                "{'email': None, 'full_name': 'Imported User', 'hashed_password': '[FILTERED]', 'is_active': True}")
        return self.backend_event(lines, "/api/admin/users/import")

    def e_undefined_column(self) -> str:
        sql = "SELECT audit_logs.id, audit_logs.user_id, audit_logs.action, audit_logs.timestamp FROM audit_logs ORDER BY audit_logs.timestamp DESC LIMIT $1"
        r = self.r()
        if r < 0.35:
            return self.pg_event([("ERROR", f'column "timestamp" does not exist at character {60 + int(self.r() * 40)}'),
                                  ("HINT", 'Perhaps you meant to reference the column "audit_logs.created_at".'),
                                  ("STATEMENT", "SELECT id, user_id, action, timestamp FROM audit_logs ORDER BY timestamp DESC LIMIT 50")])
        if r < 0.55:
            return self.pg_event([("ERROR", "column audit_logs.timestamp does not exist at character 68"),
                                  ("STATEMENT", sql)])
        msg = ['column "timestamp" does not exist',
               "LINE 1: SELECT id, user_id, action, timestamp FROM audit_logs ORDER...",
               "                                    ^",
               'HINT:  Perhaps you meant to reference the column "audit_logs.created_at".', ""]
        lines = self.sa_chained("psycopg2.errors", "UndefinedColumn", msg, "ProgrammingError",
                                "SELECT id, user_id, action, timestamp FROM audit_logs ORDER BY timestamp DESC LIMIT 50",
                                "f405", "admin", "list_audit_logs", 'result = await db.execute(text(RECENT_AUDIT_SQL))')
        return self.backend_event(lines, "/api/admin/audit-logs?limit=50")

    # ---- batches ------------------------------------------------------------------------------------------

    def batch(self) -> list[str]:
        """BATCH_LINES records (more lines: error events span several); one string per record or event."""
        funcs = self.rng.choices(self.kind_funcs, cum_weights=self.cum_weights, k=BATCH_LINES)
        out = []
        tick = self.tick
        for f in funcs:
            tick()
            out.append(f())
        self.line_no += BATCH_LINES
        return out


def encode(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate a deterministic, realistic production log corpus.")
    ap.add_argument("--size-mib", type=float, required=True, help="target size in MiB (output stops at the first "
                    "event boundary at or after it)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True, help="output file, or - for stdout")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    args = ap.parse_args(argv)
    if args.size_mib <= 0:
        ap.error("--size-mib must be > 0")

    target = int(args.size_mib * MIB)
    gen = Generator(args.seed)
    start = time.perf_counter()
    written = 0
    out = sys.stdout.buffer if args.output == "-" else open(args.output, "wb")
    try:
        while written < target:
            chunks = gen.batch()
            data = encode("".join(chunks))
            if written + len(data) >= target:
                # Last batch: stop at the first record/event boundary at or after the target size.
                need, n = target - written, 0
                for i, c in enumerate(chunks):
                    n += len(encode(c))
                    if n >= need:
                        data = data[:n]
                        break
            out.write(data)
            written += len(data)
        out.flush()
    except BrokenPipeError:  # e.g. `generate.py -o - | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        if out is not sys.stdout.buffer:
            out.close()
    secs = time.perf_counter() - start
    if not args.quiet:
        print(f"generate.py: wrote {written} bytes ({written / MIB:.1f} MiB), seed {args.seed}, "
              f"{gen.error_events} error events, in {secs:.1f}s = {written / MIB / secs:.1f} MiB/s",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
