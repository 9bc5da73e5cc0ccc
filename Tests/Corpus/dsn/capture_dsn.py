"""Makes real drivers fail on malformed connection strings, as an app's DATABASE_URL gets them, and logs what they raise.

No server is needed: each string fails while it is parsed (the last one at the host lookup). Run by capture.sh;
writes app.log. The credentials are made up here; every line is the software's own output (stdlib logging).
"""
import asyncio
import logging
import sys

import asyncpg
import psycopg
import psycopg2
import sqlalchemy as sa

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("app.db")


def attempt(what, connect):
    try:
        connect()
    except Exception:
        log.exception("database connection failed (%s)", what)


# Heroku, Railway and Render hand out postgres:// URLs, which SQLAlchemy 1.4+ does not load.
attempt("SQLAlchemy, postgres:// scheme", lambda: sa.create_engine("postgres://app:s3cret-Pw@db.internal:5432/shop").connect())
attempt("SQLAlchemy, port with a letter", lambda: sa.create_engine("postgresql://app:s3cret-Pw@db.internal:54x/shop"))
attempt("SQLAlchemy, one slash", lambda: sa.create_engine("postgresql:/app:s3cret-Pw@db.internal/shop"))
attempt("psycopg2, key=value port", lambda: psycopg2.connect("host=db.internal port=abc dbname=shop"))
attempt("psycopg2, URI port", lambda: psycopg2.connect("postgresql://app@db.internal:5432x/shop"))
attempt("psycopg2, misspelt option", lambda: psycopg2.connect("host=db.internal dbnme=shop"))
attempt("psycopg2, sslmode", lambda: psycopg2.connect("host=db.internal sslmode=requierd"))
attempt("psycopg2, URI query parameter", lambda: psycopg2.connect("postgresql://app@db.internal/shop?sslmod=require"))
attempt("psycopg 3, unquoted password with a space", lambda: psycopg.connect("host=db.internal password=s3cret Pw"))
attempt("psycopg 3, unterminated quote", lambda: psycopg.connect("host=db.internal password='s3cret-Pw"))
attempt("asyncpg, port with a letter", lambda: asyncio.run(asyncpg.connect("postgresql://app:s3cret-Pw@db.internal:54x/shop")))
attempt("asyncpg, scheme", lambda: asyncio.run(asyncpg.connect("mysql://app:s3cret-Pw@db.internal/shop")))
# An unescaped @ in the password: libpq takes the rest of the password for the host (db_host_not_found).
attempt("psycopg2, @ in the password", lambda: psycopg2.connect("postgresql://app:s3cret@Pw@db.invalid/shop", connect_timeout=2))
