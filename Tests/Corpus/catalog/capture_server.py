"""Provokes a real PostgreSQL 15 server into many SQLSTATEs and DBA events, once per lc_messages.

Run by capture.sh (which starts the server and copies the logs); it writes expected-server.yaml:
for each language's three log files, the rule and captures each provoked failure must yield.
"""
import argparse
import os
import subprocess
import threading
import time
from contextlib import closing

import psycopg2

LANGUAGES = {"en": "C", "de": "de_DE.UTF-8", "fr": "fr_FR.UTF-8"}
# Captures whose value is a word of the English message itself ("type", "table", "statement"), so a
# translated message cannot yield them; only English expectations keep them.
ENGLISH_WORDS = {("undefined_object", "kind"), ("insufficient_privilege", "kind"), ("statement_timeout", "reason"),
                 ("feature_not_supported", "reason"), ("dependent_objects_exist", "object"),
                 ("numeric_value_out_of_range", "type"), ("string_data_right_truncation", "type")}
SETUP = """
CREATE ROLE app_user LOGIN PASSWORD 'app-secret';
CREATE ROLE limited_user LOGIN PASSWORD 'limited-secret' CONNECTION LIMIT 1;
CREATE ROLE readonly_user LOGIN PASSWORD 'readonly-secret';
CREATE DATABASE appdb OWNER app_user;
CREATE DATABASE limited_db CONNECTION LIMIT 1;
CREATE DATABASE forbidden_db;
"""
SCHEMA = """
CREATE TABLE customers (id serial PRIMARY KEY, email varchar(20) NOT NULL UNIQUE, name text);
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id),
    total numeric(8,2) CHECK (total >= 0), placed_at timestamptz, note text);
CREATE TABLE bookings (room int, during tsrange, EXCLUDE USING gist (during WITH &&));
CREATE TABLE docs (id int, body text);
CREATE INDEX docs_body_idx ON docs (body);
CREATE TABLE counters (id int PRIMARY KEY, n int);
CREATE TABLE tags (name text);
INSERT INTO tags VALUES ('sale'), ('sale');
CREATE VIEW order_totals AS SELECT id, total FROM orders;
INSERT INTO customers (email, name) VALUES ('a@example.com', 'Ann'), ('b@example.com', 'Bob');
INSERT INTO orders (customer_id, total) VALUES (1, 10), (2, 20);
INSERT INTO counters VALUES (1, 0), (2, 0);
CREATE FUNCTION refund(order_id int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'order % cannot be refunded', order_id; END $$;
CREATE FUNCTION customer_name(wanted int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result text; BEGIN SELECT name INTO STRICT result FROM customers WHERE id = wanted; RETURN result; END $$;
CREATE FUNCTION recurse(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN recurse(n + 1); END $$;
"""
# (sqlstate, rule, captures, SQL run in appdb as app_user)
STATEMENTS = [
    ("42601", "syntax_error", {"near": "SELEC"}, "SELEC * FROM orders"),
    ("42703", "undefined_column", {"column": "shipped_at"}, "SELECT shipped_at FROM orders"),
    ("42702", "ambiguous_column", {"column": "id"}, "SELECT id FROM orders JOIN customers ON customers.id = orders.customer_id"),
    ("42883", "undefined_function", {"function": "gen_random_uuid_v7"}, "SELECT gen_random_uuid_v7()"),
    ("42883", "undefined_operator", {"left_type": "text", "operator": "+", "right_type": "integer"}, "SELECT name + 1 FROM customers"),
    ("42P01", "undefined_table", {"relation": "invoices"}, "SELECT * FROM invoices"),
    ("42P07", "duplicate_table", {"relation": "orders"}, "CREATE TABLE orders (id int)"),
    ("42704", "undefined_object", {"kind": "type", "name": "mood"}, "SELECT 'happy'::mood"),
    ("42704", "undefined_object", {"kind": "index", "name": "missing_idx"}, "DROP INDEX missing_idx"),
    ("42704", "unrecognized_parameter", {"parameter": "work_mem_typo"}, "SET work_mem_typo = 1"),
    ("42701", "duplicate_column", {"column": "total", "relation": "orders"}, "ALTER TABLE orders ADD COLUMN total int"),
    ("42P07", "duplicate_table", {"relation": "orders_pkey"}, "ALTER TABLE orders ADD CONSTRAINT orders_pkey UNIQUE (id)"),
    ("42P06", "duplicate_schema", {"schema": "public"}, "CREATE SCHEMA public"),
    ("3F000", "undefined_schema", {"schema": "reporting"}, "CREATE TABLE reporting.daily (id int)"),
    ("42804", "datatype_mismatch", {"column": "total", "expected_type": "numeric", "actual_type": "boolean"}, "INSERT INTO orders (customer_id, total) VALUES (1, true)"),
    ("42803", "grouping_error", {"column": "orders.total"}, "SELECT customer_id, total FROM orders GROUP BY customer_id"),
    ("42846", "cannot_coerce", {"source_type": "boolean", "target_type": "date"}, "SELECT true::date"),
    ("42P10", "on_conflict_no_constraint", {}, "INSERT INTO orders (id, customer_id) VALUES (1, 1) ON CONFLICT (customer_id) DO NOTHING"),
    ("42830", "invalid_foreign_key", {"table": "docs"}, "CREATE TABLE notes (doc_id int REFERENCES docs(id))"),
    ("42809", "wrong_object_type", {"relation": "order_totals"}, "ALTER TABLE order_totals ADD CONSTRAINT t_check CHECK (total > 0)"),
    ("2BP01", "dependent_objects_exist", {"object": "table customers"}, "DROP TABLE customers"),
    ("0A000", "feature_not_supported", {"reason": "by a view or rule"}, "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2)"),
    ("23502", "not_null_violation", {"column": "email", "table": "customers"}, "INSERT INTO customers (name) VALUES ('nobody')"),
    ("23503", "foreign_key_violation", {"table": "orders", "constraint": "orders_customer_id_fkey"}, "INSERT INTO orders (customer_id, total) VALUES (999, 1)"),
    ("23505", "unique_violation", {"constraint": "customers_email_key"}, "INSERT INTO customers (email) VALUES ('a@example.com')"),
    ("23505", "unique_index_build_failed", {"index": "tags_name_idx"}, "CREATE UNIQUE INDEX tags_name_idx ON tags (name)"),
    ("23514", "check_violation", {"relation": "orders", "constraint": "orders_total_check"}, "INSERT INTO orders (customer_id, total) VALUES (1, -5)"),
    ("23P01", "exclusion_violation", {"constraint": "bookings_during_excl"}, "INSERT INTO bookings VALUES (1, '[2024-01-01,2024-01-03)'), (1, '[2024-01-02,2024-01-04)')"),
    ("22001", "string_data_right_truncation", {"type": "character varying(20)"}, "INSERT INTO customers (email) VALUES ('a-very-long-address@example.com')"),
    ("22003", "numeric_value_out_of_range", {"type": "integer"}, "SELECT 2147483647::int + 1"),
    ("22003", "numeric_value_out_of_range", {}, "INSERT INTO orders (customer_id, total) VALUES (1, 123456789)"),
    ("22007", "invalid_input_syntax", {"type": "timestamp with time zone", "value": "next tuesday-ish"}, "INSERT INTO orders (customer_id, placed_at) VALUES (1, 'next tuesday-ish')"),
    ("22008", "datetime_field_overflow", {"value": "2024-13-45"}, "SELECT '2024-13-45'::date"),
    ("22012", "division_by_zero", {}, "SELECT total / 0 FROM orders"),
    ("22P02", "invalid_input_syntax", {"type": "integer", "value": "abc"}, "SELECT 'abc'::int"),
    ("22P02", "invalid_input_syntax", {"type": "uuid", "value": "42"}, "SELECT '42'::uuid"),
    ("22021", "character_not_in_repertoire", {"encoding": "UTF8"}, "SELECT convert_from('\\xff'::bytea, 'UTF8')"),
    ("22023", "invalid_parameter_value", {}, "SELECT generate_series(1, 10, 0)"),
    ("2201B", "invalid_regular_expression", {}, "SELECT 'a' ~ '('"),
    ("21000", "cardinality_violation", {}, "SELECT (SELECT id FROM orders)"),
    ("25001", "active_sql_transaction", {"command": "CREATE DATABASE"}, "BEGIN; CREATE DATABASE in_txn; COMMIT"),
    ("25006", "read_only_transaction", {"command": "INSERT"}, "BEGIN READ ONLY; INSERT INTO counters VALUES (9, 9); COMMIT"),
    ("54000", "program_limit_exceeded", {"index": "docs_body_idx"}, "INSERT INTO docs SELECT 1, string_agg(md5(random()::text), '') FROM generate_series(1, 200) i"),
    ("54001", "stack_depth_exceeded", {}, "SELECT recurse(1)"),
    ("P0001", "plpgsql_raise_exception", {"function": "refund(integer)"}, "SELECT refund(42)"),
    ("P0002", "plpgsql_no_data_found", {"function": "customer_name(integer)"}, "SELECT customer_name(999)"),
    ("34000", "undefined_cursor", {"cursor": "missing_cursor"}, "FETCH NEXT FROM missing_cursor"),
    ("26000", "undefined_prepared_statement", {"statement": "missing_stmt"}, "EXECUTE missing_stmt"),
    ("25P02", "in_failed_transaction", {}, "BEGIN; SELECT 1/0; SELECT 1; COMMIT"),
    ("57014", "statement_timeout", {"reason": "statement"}, "SET statement_timeout = '100ms'; SELECT pg_sleep(2)"),
]

expected = []


def connect(lc, **kw):
    # lc_messages comes from the server configuration (switch_language); lc is kept for clarity.
    params = dict(dbname="appdb", user="postgres")
    params.update(kw)
    return psycopg2.connect(**params)


def run(conn, sql):
    conn.autocommit = True
    with conn.cursor() as cur:
        for statement in sql.split("; "):
            try:
                cur.execute(statement)
            except psycopg2.Error:
                pass  # the failure is what the log should show


# Captures read from a DETAIL or CONTEXT line: found only when ingest joins that line to its ERROR
# line (a plain "%m [%p] " prefix, or structured records rendered with their fields).
JOINED = {("deadlock_detected", "lock_mode"), ("plpgsql_no_data_found", "function"), ("plpgsql_raise_exception", "function")}


def expect(sqlstate, rule, captures):
    expected.append({"sqlstate": sqlstate, "rule": rule, "captures": captures})


def fails(fn):
    try:
        fn()
    except psycopg2.Error:
        return
    raise SystemExit(f"expected a failure from {fn}")


def tcp(dbname, user, password):
    return lambda: psycopg2.connect(host="127.0.0.1", port=os.environ["PGPORT"], dbname=dbname, user=user, password=password)


def socket(dbname, user):
    return lambda: psycopg2.connect(dbname=dbname, user=user)


def connection_failures():
    fails(tcp("appdb", "app_user", "wrong-password"))
    expect("28P01", "password_authentication_failed", {"user": "app_user"})
    fails(socket("appdb", "ghost_role"))
    expect("28000", "role_does_not_exist", {"role": "ghost_role"})
    fails(tcp("forbidden_db", "app_user", "app-secret"))
    expect("28000", "pg_hba_rejected", {"host": "127.0.0.1", "user": "app_user", "database": "forbidden_db"})
    fails(tcp("appdb", "intruder", "x"))
    expect("28000", "pg_hba_rejected", {"host": "127.0.0.1", "user": "intruder", "database": "appdb"})
    fails(socket("no_such_db", "postgres"))
    expect("3D000", "database_does_not_exist", {"database": "no_such_db"})
    # A role and a database with CONNECTION LIMIT 1, then max_connections itself.
    held = [psycopg2.connect(host="127.0.0.1", port=os.environ["PGPORT"], dbname="appdb", user="limited_user", password="limited-secret")]
    fails(tcp("appdb", "limited_user", "limited-secret"))
    expect("53300", "db_too_many_connections", {"role": "limited_user"})
    held.append(psycopg2.connect(dbname="limited_db", user="app_user"))
    fails(socket("limited_db", "app_user"))
    expect("53300", "db_too_many_connections", {"database": "limited_db"})
    try:
        while True:
            held.append(psycopg2.connect(dbname="appdb", user="app_user"))
    except psycopg2.OperationalError:
        pass
    expect("53300", "db_too_many_connections", {})
    try:
        while True:
            held.append(psycopg2.connect(dbname="appdb", user="postgres"))
    except psycopg2.OperationalError:
        pass
    for conn in held:
        conn.close()
    time.sleep(0.5)


def statement_failures(lc):
    with closing(connect(lc, user="app_user")) as conn:
        for sqlstate, rule, captures, sql in STATEMENTS:
            run(conn, sql)
            expect(sqlstate, rule, captures)
            run(conn, "RESET statement_timeout")
    with closing(connect(lc, user="app_user")) as conn:  # a fresh session: no nextval yet
        run(conn, "SELECT currval('orders_id_seq')")
        expect("55000", "object_not_in_prerequisite_state", {"sequence": "orders_id_seq"})
    with closing(connect(lc, user="readonly_user")) as conn:
        run(conn, "INSERT INTO orders (customer_id) VALUES (1)")
        expect("42501", "insufficient_privilege", {"kind": "table", "object": "orders"})
    with closing(psycopg2.connect(dbname="limited_db")), closing(connect(lc)) as conn:
        run(conn, "DROP DATABASE limited_db")
        expect("55006", "object_in_use", {"database": "limited_db"})


def concurrency_failures(lc):
    # Lock wait logged after deadlock_timeout, then a lock timeout, a NOWAIT, a deadlock and a
    # serialization failure, each between two sessions.
    a, b = connect(lc, user="app_user"), connect(lc, user="app_user")
    for c in (a, b):
        c.autocommit = False
    ca, cb = a.cursor(), b.cursor()
    ca.execute("UPDATE counters SET n = n + 1 WHERE id = 1")
    release = threading.Timer(0.6, a.commit)
    release.start()
    cb.execute("UPDATE counters SET n = n + 1 WHERE id = 1")
    b.commit()
    expect(None, "lock_wait", {"lock_mode": "ShareLock"})
    ca.execute("UPDATE counters SET n = n + 1 WHERE id = 1")
    cb.execute("SET lock_timeout = '100ms'")
    fails(lambda: cb.execute("UPDATE counters SET n = n + 1 WHERE id = 1"))
    b.rollback()
    expect("55P03", "statement_timeout", {"reason": "lock"})
    fails(lambda: cb.execute("SELECT * FROM counters WHERE id = 1 FOR UPDATE NOWAIT"))
    b.rollback()
    expect("55P03", "lock_not_available", {"relation": "counters"})
    a.rollback()

    ca.execute("UPDATE counters SET n = n + 1 WHERE id = 1")
    cb.execute("UPDATE counters SET n = n + 1 WHERE id = 2")
    errors = []

    def b_waits():
        try:
            cb.execute("UPDATE counters SET n = n + 1 WHERE id = 1")
        except psycopg2.Error as error:
            errors.append(error)
    second = threading.Thread(target=b_waits)
    second.start()
    time.sleep(0.3)
    try:
        ca.execute("UPDATE counters SET n = n + 1 WHERE id = 2")
    except psycopg2.Error as error:
        errors.append(error)
    a.rollback()
    second.join()
    b.rollback()
    expect("40P01", "deadlock_detected", {"lock_mode": "ShareLock"})

    a.set_session(isolation_level="REPEATABLE READ")
    b.set_session(isolation_level="REPEATABLE READ")
    ca.execute("SELECT n FROM counters WHERE id = 1")
    cb.execute("SELECT n FROM counters WHERE id = 1")
    ca.execute("UPDATE counters SET n = n + 1 WHERE id = 1")
    threading.Timer(0.3, a.commit).start()
    fails(lambda: cb.execute("UPDATE counters SET n = n + 1 WHERE id = 1"))
    b.rollback()
    expect("40001", "serialization_failure", {})
    a.close()
    b.close()


def session_endings(lc):
    idle = connect(lc, user="app_user")
    idle.autocommit = False
    idle.cursor().execute("SET idle_in_transaction_session_timeout = '200ms'; SELECT 1")
    time.sleep(0.6)
    expect("25P03", "idle_in_transaction_timeout", {})
    victim = connect(lc, user="app_user")
    with closing(connect(lc)) as admin:
        admin.autocommit = True
        admin.cursor().execute("SELECT pg_terminate_backend(%s)", (victim.get_backend_pid(),))
    expect("57P01", "admin_shutdown", {})
    busy = connect(lc, user="app_user")
    threading.Timer(0.3, busy.cancel).start()
    fails(lambda: busy.cursor().execute("SELECT pg_sleep(3)"))
    expect("57014", "query_canceled", {})
    busy.close()
    idle.close()
    victim.close()


def dba_events(lc):
    with closing(connect(lc)) as conn:
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("SET work_mem = '64kB'")
        cur.execute("SELECT count(*) FROM (SELECT g FROM generate_series(1, 100000) g ORDER BY g DESC) s")
        expect(None, "temp_file_created", {})
        cur.execute("SELECT pg_create_physical_replication_slot('standby_slot', true)")
        cur.execute("CREATE TABLE wal_churn (id int, pad text)")
        for _ in range(6):
            cur.execute("INSERT INTO wal_churn SELECT g, repeat('x', 200) FROM generate_series(1, 60000) g")
            cur.execute("DELETE FROM wal_churn")
        expect(None, "checkpoints_too_frequent", {})
        cur.execute("CHECKPOINT")
        cur.execute("CHECKPOINT")
        expect(None, "replication_slot_invalidated", {"slot": "standby_slot"})
        time.sleep(3)
        expect(None, "autovacuum_activity", {})
        cur.execute("SELECT pg_drop_replication_slot('standby_slot')")
        cur.execute("DROP TABLE wal_churn")


def crash_and_restart(args, lc):
    # A backend killed by SIGKILL (what the OOM killer does), then a crash restart and recovery.
    survivor = connect(lc, user="app_user")
    victim = connect(lc, user="app_user")
    os.kill(victim.get_backend_pid(), 9)
    time.sleep(2)
    expect(None, "backend_killed", {"signal": "9"})
    fails(lambda: survivor.cursor().execute("SELECT 1"))
    for _ in range(100):
        try:
            holder = connect(lc)
            break
        except psycopg2.OperationalError:  # "in recovery mode" while the server restarts
            time.sleep(0.2)
    stopper = subprocess.Popen(["runuser", "-u", "postgres", "--", f"{args.bindir}/pg_ctl", "stop", "-D", args.datadir, "-m", "smart", "-t", "20"])
    time.sleep(1)
    fails(socket("appdb", "app_user"))
    expect("57P03", "cannot_connect_now", {})
    holder.close()
    survivor.close()
    victim.close()
    stopper.wait()
    pg_ctl(args, "start", "-w", "-l", "/dev/null")
    pg_ctl(args, "stop", "-m", "immediate")
    pg_ctl(args, "start", "-w", "-l", "/dev/null")
    expect(None, "crash_recovery", {})


def pg_ctl(args, *rest):
    subprocess.run(["runuser", "-u", "postgres", "--", f"{args.bindir}/pg_ctl", *rest[:1], "-D", args.datadir, *rest[1:]], check=True, stdout=subprocess.DEVNULL)


def switch_language(lang, lc):
    with closing(psycopg2.connect(dbname="postgres")) as conn:
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute(f"ALTER SYSTEM SET lc_messages = '{lc}'")
        cur.execute(f"ALTER SYSTEM SET log_filename = '{lang}'")
        cur.execute("SELECT pg_reload_conf()")
    time.sleep(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bindir", required=True)
    parser.add_argument("--datadir", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with closing(psycopg2.connect(dbname="postgres")) as conn:
        conn.autocommit = True
        for sql in SETUP.strip().splitlines():
            conn.cursor().execute(sql)
    with closing(psycopg2.connect(dbname="appdb")) as conn:
        conn.autocommit = True
        conn.cursor().execute("SET ROLE app_user")
        conn.cursor().execute(SCHEMA)
        conn.cursor().execute("RESET ROLE")
        conn.cursor().execute("GRANT USAGE ON SCHEMA public TO readonly_user; GRANT SELECT ON ALL TABLES IN SCHEMA public TO readonly_user; ")
    per_language = {}
    for lang, lc in LANGUAGES.items():
        switch_language(lang, lc)
        expected.clear()
        connection_failures()
        statement_failures(lc)
        concurrency_failures(lc)
        session_endings(lc)
        if lang == "en":
            dba_events(lc)
            crash_and_restart(args, lc)
        time.sleep(1)
        per_language[lang] = list(expected)
    with open(os.path.join(args.out, "expected-server.yaml"), "w") as out:
        out.write("# Written by capture_server.py: the rule and captures each provoked failure must yield.\n")
        for lang, items in per_language.items():
            files = ", ".join(f"server/{lang}/postgresql.{ext}" for ext in ("log", "csv", "json"))
            out.write(f"- files: [{files}]\n  expect:\n")
            for item in items:
                caps = ", ".join(f"{k}: '{v}'" for k, v in item["captures"].items()
                                 if lang == "en" or (item["rule"], k) not in ENGLISH_WORDS)
                joined = any((item["rule"], k) in JOINED for k in item["captures"])
                out.write(f"    - {{rule: {item['rule']}, sqlstate: {repr(item['sqlstate']) if item['sqlstate'] else 'null'}, captures: {{{caps}}}"
                          + (", joined: true" if joined else "") + "}\n")

if __name__ == "__main__":
    main()
