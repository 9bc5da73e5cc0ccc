"""Captures what structlog's production setup (dict_tracebacks + JSONRenderer) prints for a failed query.

Run: PYTHON=$(scripts/capture-venv) && DATABASE_URL=postgresql://... $PYTHON Tests/Corpus/structlog/capture.py > Tests/Corpus/structlog/dict-tracebacks.log
Every line is structlog's output for real psycopg (3) errors from a real PostgreSQL server.
"""
import os
import sys

import psycopg
import structlog

structlog.configure(
    processors=[
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.processors.dict_tracebacks,
        structlog.processors.JSONRenderer(),
    ],
    logger_factory=structlog.PrintLoggerFactory(sys.stdout),
)
log = structlog.get_logger("rota.api")


class ShiftLookupFailed(Exception):
    pass


def load_shifts(conn, ward):
    return conn.execute("SELECT id, starts_at FROM ward_shifts WHERE ward = %s", (ward,)).fetchall()


def shifts_for(conn, ward):
    try:
        return load_shifts(conn, ward)
    except psycopg.Error as error:
        raise ShiftLookupFailed(f"cannot load shifts of ward {ward}") from error


with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
    log.info("request", method="GET", path="/wards/7/shifts")
    try:
        load_shifts(conn, 7)
    except psycopg.Error:
        log.exception("query failed", ward=7)
    try:
        shifts_for(conn, 9)
    except ShiftLookupFailed:
        log.exception("request failed", path="/wards/9/shifts")
