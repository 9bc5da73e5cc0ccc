"""Makes real drivers, ORMs, HTTP clients and loggers fail with credentials around, and keeps what they print.

Run by capture.sh against its server (PGHOST = socket dir, PGPORT; app_user logs in by password on
127.0.0.1). Writes app.log, json.log, structlog.log, gunicorn.log, uvicorn.log, server.log and secrets.txt
to --out. The secrets are made up here; every log line around them is the software's own output.
"""
import argparse
import asyncio
import base64
import hashlib
import hmac
import http.server
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse

SOCKET, PORT = os.environ["PGHOST"], int(os.environ["PGPORT"])
HERE = os.path.dirname(os.path.abspath(__file__))

SECRETS = {}


def secret(kind, value):
    SECRETS[kind] = value
    return value


APP_PW = secret("app_user password (scram, right)", "Sv7rT-app-pw-K2q9")
WRONG_SA_PW = secret("SQLAlchemy URL password", "Wr0ng-sa-pw-X81c")
HARDCODED_PW = secret("libpq key=value password in a source line", "Hc-psycopg2-pw-Q5t")
PSYCOPG3_PW = secret("psycopg 3 conninfo quoted password with spaces", "sp ace-pg3-Pw 9Lm")
ASYNCPG_PW = secret("asyncpg DSN password", "Asy-nc-pw-R44e")
SA_ASYNCPG_PW = secret("postgresql+asyncpg URL password", "SaAsy-pw-N61d")
PG8K_PW = secret("pg8000 password= keyword", "Pg8k-pw-Z9w1")
DJANGO_PW = secret("Django DATABASES PASSWORD", "Dj-ango-pw-M3v7")
DJANGO_SECRET_KEY = secret("Django SECRET_KEY", "django-insecure-q8w2e2r5t5y7u1i9o3p")
PGPASSWORD = secret("PGPASSWORD", "Pgenv-pw-H6j2")
TOKEN_NAMED = secret("api token, named bound parameter", "tkn7f3a9c2e8b1d40569e")
TOKEN_POSITIONAL = secret("api token, positional bound parameter", "tknc41b77e0d2a94f1833")
SESSION_TOKEN = secret("session token, echo=True parameter", "sess9d2f61ab34c7e8015b")
PASSWORD_HASH = secret("password hash, filter parameter", "pbkdf2_sha256$600000$Zq81hash$Lm3vX0")
BCRYPT_HASH = secret("bcrypt hash in a NOT NULL violation's failing row", "$2b$12$" + "Qm7vXk2pLr9sTz4wYb1nUe" + "Hc3Jd6Fg8Ai0Ko5Mq2Ns4Pt6Rv8Xy0z")
CLIENT_SECRET = secret("OAuth client_secret in INSERT VALUES", "cs4e8b2a9f1c7d6e3a05")
ROLE_PW = secret("ALTER ROLE PASSWORD literal", "RolePw-c8d1-Vb7")
FDW_PW = secret("user mapping OPTIONS password", "FdwPw-3k9q-Lx2")
API_KEY_QS = secret("?api_key= in a URL", "ak51c9e2f7a3b8d6041e")
ACCESS_TOKEN_QS = secret("?access_token= in a URL", "at8e2c4f6a1b9d3075ce")
OAUTH_STATE = secret("OAuth code in a callback URL", "oc2d7e9b4a61f03c58a")
BEARER = secret("Authorization: Bearer", "br3f7a1c9e5b2d8064af")
BASIC_PW = secret("Basic auth password", "Basic-pw-T7y3")
BASIC_B64 = secret("Authorization: Basic (base64)", base64.b64encode(b"svc:" + BASIC_PW.encode()).decode())
TWILIO_TOKEN = secret("Twilio auth token (Basic auth)", "9f8e7d6c5b4a39281706f5e4d3c2b1a0")
secret("Authorization: Basic of the Twilio token (base64)", base64.b64encode(b"AC0123:" + TWILIO_TOKEN.encode()).decode())
COOKIE_SESSION = secret("Flask-style session cookie (_shop_session)", "ck6b1e9a3f7c2d5048e1Yq")
DJANGO_SESSIONID = secret("Django sessionid cookie", "x9m2k7q4w1z8v5n3b6c0lp")
CSRF = secret("csrftoken cookie", "Cq7Rr2Ww9Ee4Tt1Yy6Uu3Ii8Oo5Pp0A")
STRIPE = secret("Stripe live key", "sk_live_51Hx8QmZ2pR7sT1uW4yO3vKa")
GITHUB = secret("GitHub token", "ghp_R2d2C3poBb8Yoda5Luke7Leia9Han1Chewie")
SLACK = secret("Slack bot token", "xoxb-2233445566-7788990011-Zx8Cv7Bn6Mq5Wr4Te3Yu2Io1")
SENDGRID = secret("SendGrid key", "SG.Qw3Er5Ty7Ui9Op1As2Df4.Gh6Jk8Lz0Xc2Vb4Nm6Qw8Er0Ty2Ui4Op6As8Df0Gh")
AWS_KEY_ID = secret("AWS access key id", "AKIAQX7EXAMPLEK3Y9ZB")
AWS_SECRET = secret("AWS secret access key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ81tKEY")
GCP_PEM_BODY = secret("GCP service-account private_key PEM body", "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDsecretpemQ7")
GCP_KEY_ID = secret("GCP service-account private_key_id", "0a1b2c3d4e5f")
AZURE_KEY = secret("Azure AccountKey", "Az8k3yQm2Zp5Lr7Nw1Xv4Tb6Hc9Jd0FgSe2Re3Tk==")
PCT_PW = secret("DSN password, percent-encoded in a query string", "PctEnc-pw-L2k8")
JSON_ESC_PW = secret("DSN password inside JSON-escaped JSON", "JsonEsc-pw-B5n3")


def jwt():
    def b64(raw):
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": "42", "role": "admin", "exp": 1893456000}).encode())
    sig = b64(hmac.new(b"jwt-signing-key", f"{head}.{body}".encode(), hashlib.sha256).digest())
    SECRETS["JWT signature"] = sig
    return f"{head}.{body}.{sig}"


JWT = jwt()
GCP_SA = {
    "type": "service_account", "project_id": "shop-prod", "private_key_id": GCP_KEY_ID,
    "private_key": f"-----BEGIN PRIVATE KEY-----\n{GCP_PEM_BODY}\n-----END PRIVATE KEY-----\n",
    "client_email": "api@shop-prod.iam.gserviceaccount.com",
}
AZURE = f"DefaultEndpointsProtocol=https;AccountName=shopblobs;AccountKey={AZURE_KEY};EndpointSuffix=core.windows.net"

SETUP = f"""
CREATE ROLE app_user LOGIN PASSWORD '{APP_PW}';
CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, password_hash text);
CREATE TABLE api_tokens (id serial PRIMARY KEY, user_id int NOT NULL, token text UNIQUE NOT NULL);
CREATE TABLE sessions (id serial PRIMARY KEY, user_id int NOT NULL, session_token text UNIQUE NOT NULL);
CREATE TABLE oauth_clients (client_id text PRIMARY KEY, client_secret text NOT NULL);
CREATE TABLE accounts (id serial PRIMARY KEY, email text NOT NULL, password_hash text, created_at timestamptz NOT NULL);
GRANT SELECT, INSERT, UPDATE ON users, api_tokens, sessions, oauth_clients TO app_user;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO app_user;
INSERT INTO users (email, password_hash) VALUES ('ops@example.com', 'x');
INSERT INTO api_tokens (user_id, token) VALUES (1, '{TOKEN_NAMED}'), (1, '{TOKEN_POSITIONAL}');
INSERT INTO sessions (user_id, session_token) VALUES (1, '{SESSION_TOKEN}');
INSERT INTO oauth_clients VALUES ('shop-web', 'x');
"""


def url(password, driver="postgresql+psycopg2", user="app_user"):
    return f"{driver}://{user}:{password}@127.0.0.1:{PORT}/postgres"


def libpq(password):
    return f"host=127.0.0.1 port={PORT} dbname=postgres user=app_user password={password}"


def logger_to(path, name, fmt="%(asctime)s %(levelname)s %(name)s: %(message)s"):
    open(path, "w").close()
    # Appends: django.setup() closes every handler, and a closed "w" handler drops records.
    handler = logging.FileHandler(path, mode="a")
    handler.setFormatter(logging.Formatter(fmt))
    log = logging.getLogger(name)
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    return log, handler


class Upstream(http.server.BaseHTTPRequestHandler):
    """A payment API that rejects every request: 401 with a JSON error."""
    def do_GET(self):
        body = b'{"error": "invalid_api_key"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def database_failures(log):
    import psycopg2
    import psycopg
    import pg8000.native
    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import create_async_engine
    import asyncpg

    # SQLAlchemy + psycopg2, wrong password; the app logs the URL it tried.
    db_url = url(WRONG_SA_PW)
    try:
        sa.create_engine(db_url).connect()
    except sa.exc.OperationalError:
        log.exception("database unavailable at %s", db_url)
    # psycopg2 with a libpq key=value DSN written in the source line the traceback prints.
    try:
        psycopg2.connect(f"host=127.0.0.1 port={PORT} dbname=postgres user=app_user password=Hc-psycopg2-pw-Q5t")
    except psycopg2.OperationalError:
        log.exception("could not open the reporting connection")
    # psycopg 3 with a quoted password holding spaces.
    conninfo = f"host=127.0.0.1 port={PORT} dbname=postgres user=app_user password='{PSYCOPG3_PW}'"
    try:
        psycopg.connect(conninfo)
    except psycopg.OperationalError:
        log.exception("psycopg connect failed (conninfo: %s)", conninfo)
    # psycopg 3, password with a space and no quotes: libpq quotes a piece of it back.
    try:
        psycopg.connect(f"host=127.0.0.1 port={PORT} dbname=postgres user=app_user password={PSYCOPG3_PW}")
    except psycopg.ProgrammingError:
        log.exception("psycopg connect failed")
    # asyncpg with a DSN.
    async def asyncpg_connect():
        dsn = url(ASYNCPG_PW, driver="postgresql")
        try:
            await asyncpg.connect(dsn)
        except asyncpg.InvalidPasswordError:
            log.exception("asyncpg pool init failed for %s", dsn)
    asyncio.run(asyncpg_connect())
    # SQLAlchemy + asyncpg URL.
    async def sa_asyncpg_connect():
        engine = create_async_engine(url(SA_ASYNCPG_PW, driver="postgresql+asyncpg"))
        try:
            async with engine.connect():
                pass
        except Exception:
            log.exception("startup: cannot reach %s", url(SA_ASYNCPG_PW, driver="postgresql+asyncpg"))
    asyncio.run(sa_asyncpg_connect())
    # pg8000 with password= in the source line.
    try:
        pg8000.native.Connection("app_user", host="127.0.0.1", port=PORT, database="postgres", password="Pg8k-pw-Z9w1")
    except pg8000.exceptions.InterfaceError:
        log.exception("pg8000 connect failed")
    except pg8000.exceptions.DatabaseError:
        log.exception("pg8000 connect failed")
    # PGPASSWORD for a psql subprocess; psql's own error on stderr, logged.
    env = dict(os.environ, PGPASSWORD=PGPASSWORD, PGHOST="127.0.0.1", PGUSER="app_user")
    proc = subprocess.run(["psql", "-p", str(PORT), "-d", "postgres", "-c", "select 1"], env=env,
                          capture_output=True, text=True)
    log.error("backup step failed: PGPASSWORD=%s psql -h 127.0.0.1 -p %d exited %d: %s", PGPASSWORD, PORT,
              proc.returncode, proc.stderr.strip())

    # The right password from here on; failures with bound parameters that hold secrets.
    engine = sa.create_engine(url(APP_PW), echo=True)
    meta = sa.MetaData()
    api_tokens = sa.Table("api_tokens", meta, sa.Column("id", sa.Integer, primary_key=True),
                          sa.Column("user_id", sa.Integer), sa.Column("token", sa.Text))
    sessions = sa.Table("sessions", meta, sa.Column("id", sa.Integer, primary_key=True),
                        sa.Column("user_id", sa.Integer), sa.Column("session_token", sa.Text))
    users = sa.Table("users", meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("email", sa.Text),
                     sa.Column("password_hash", sa.Text), sa.Column("last_login", sa.DateTime))
    try:
        with engine.begin() as conn:
            conn.execute(api_tokens.insert().values(user_id=1, token=TOKEN_NAMED))
    except sa.exc.IntegrityError:
        log.exception("could not issue the API token")
    try:
        with engine.begin() as conn:
            conn.execute(sessions.insert(), {"user_id": 1, "session_token": SESSION_TOKEN})
    except sa.exc.IntegrityError:
        log.exception("login failed")
    try:
        with engine.begin() as conn:
            conn.execute(sa.select(users.c.last_login).where(users.c.password_hash == PASSWORD_HASH))
    except sa.exc.ProgrammingError:
        log.exception("password check failed")
    # A NOT NULL violation: the server's DETAIL prints the whole failing row, password hash included.
    try:
        with engine.begin() as conn:
            conn.execute(users.insert().values(email=None, password_hash=BCRYPT_HASH))
    except sa.exc.IntegrityError:
        log.exception("signup failed")

    async def positional():
        aengine = create_async_engine(url(APP_PW, driver="postgresql+asyncpg"))
        try:
            async with aengine.begin() as conn:
                await conn.execute(api_tokens.insert().values(user_id=1, token=TOKEN_POSITIONAL))
        except sa.exc.IntegrityError:
            log.exception("could not rotate the API token")
        await aengine.dispose()
    asyncio.run(positional())

    # Statements the server logs with their literals (psycopg2 interpolates on the client).
    conn = psycopg2.connect(f"host={SOCKET} port={PORT} dbname=postgres user=postgres")
    conn.autocommit = True
    cur = conn.cursor()
    for sql, args in [
        ("INSERT INTO oauth_clients (client_id, client_secret) VALUES (%s, %s)", ("shop-web", CLIENT_SECRET)),
        (f"ALTER ROLE reporting_ro WITH LOGIN PASSWORD '{ROLE_PW}'", None),
        (f"CREATE USER MAPPING FOR app_user SERVER warehouse OPTIONS (user 'etl', password '{FDW_PW}')", None),
    ]:
        try:
            cur.execute(sql, args)
        except psycopg2.Error:
            log.exception("migration step failed")

    # Statements whose values are bind placeholders and SQL's own (now(), DEFAULT, an upsert's EXCLUDED.x):
    # psycopg 3 binds on the server, which logs $1, $2. They hold no secret and must keep their shape.
    with psycopg.connect(f"host={SOCKET} port={PORT} dbname=postgres user=postgres", autocommit=True) as conn3:
        for sql in [
            "INSERT INTO accounts (email, password_hash, created_at) VALUES (%s, %s, now())",
            "INSERT INTO accounts (id, email, password_hash, created_at) VALUES (DEFAULT, %s, %s, now())"
            " ON CONFLICT (id) DO UPDATE SET password_hash = EXCLUDED.password_hash",
        ]:
            try:
                conn3.execute(sql, (None, BCRYPT_HASH))
            except psycopg.Error:
                log.exception("signup failed")


def django_failure(log):
    import django
    from django.conf import settings
    settings.configure(
        DEBUG=True, SECRET_KEY=DJANGO_SECRET_KEY, ALLOWED_HOSTS=["*"],
        DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "postgres", "USER": "app_user",
                               "PASSWORD": DJANGO_PW, "HOST": "127.0.0.1", "PORT": str(PORT)}},
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
    )
    django.setup()
    from django.db import connection
    from django.views.debug import ExceptionReporter
    try:
        connection.ensure_connection()
    except Exception:
        # What AdminEmailHandler mails and many apps log: the DEBUG report's text, with each frame's locals.
        log.error("Internal Server Error: /health\n%s", ExceptionReporter(None, *sys.exc_info()).get_traceback_text())


def http_failures(log, upstream):
    """Each failed call is recorded in a table the database does not have: the DB error is raised while the
    HTTP error is handled, so one chained traceback holds both (and the server logs the INSERT)."""
    import psycopg2
    import requests
    import httpx
    for name in ("urllib3", "httpx"):
        logging.getLogger(name).addHandler(log.handlers[0])
        logging.getLogger(name).setLevel(logging.DEBUG)
    conn = psycopg2.connect(libpq(APP_PW))
    conn.autocommit = True

    def record(message, *args):
        try:
            conn.cursor().execute("INSERT INTO integration_errors (message) VALUES (%s)", (message % args,))
        except psycopg2.Error:
            log.exception(message, *args)

    try:
        requests.get(f"{upstream}/v1/charges?api_key={API_KEY_QS}", timeout=5).raise_for_status()
    except requests.HTTPError as error:
        record("payment provider rejected the charge: %s", error)
    try:
        requests.get(f"http://127.0.0.1:1/v1/me?access_token={ACCESS_TOKEN_QS}", timeout=5)
    except requests.ConnectionError as error:
        record("profile service unreachable: %s", error)
    response = requests.get(f"{upstream}/v1/customers", headers={"Authorization": f"Bearer {BEARER}"}, timeout=5)
    record("upstream %s: request headers %s", response.status_code, response.request.headers)
    response = requests.get(f"{upstream}/2010-04-01/Accounts/AC0123/Messages.json", auth=("AC0123", TWILIO_TOKEN), timeout=5)
    record("twilio %s: request headers %s", response.status_code, dict(response.request.headers))
    response = requests.get(f"{upstream}/internal/report", auth=("svc", BASIC_PW), timeout=5)
    record("report fetch %s with %r", response.status_code, response.request.headers["Authorization"])
    try:
        httpx.get(f"{upstream}/v1/userinfo", params={"access_token": ACCESS_TOKEN_QS}).raise_for_status()
    except httpx.HTTPStatusError as error:
        record("userinfo failed: %s", error)
    try:
        httpx.get(f"{upstream}/v1/refresh", headers={"Authorization": f"Bearer {JWT}"}).raise_for_status()
    except httpx.HTTPStatusError as error:
        record("refresh failed: %s; sent %s", error, dict(error.request.headers))
    # Provider keys the app passes around, in messages apps really write.
    record("stripe.error.AuthenticationError retrying with fallback key %s", STRIPE)
    record("github push failed, token=%s", GITHUB)
    record("slack notify failed: invalid_auth (token %s)", SLACK)
    record("sendgrid send failed: 401 Unauthorized, api key %s", SENDGRID)
    record("boto3 credentials: %s", {"aws_access_key_id": AWS_KEY_ID, "aws_secret_access_key": AWS_SECRET})
    record("blob upload failed, connection string %s", AZURE)
    record("gcp credentials: %s", GCP_SA)
    redirect = "https://app.example.com/setup?next=" + urllib.parse.quote(url(PCT_PW, driver="postgresql"), safe="")
    try:
        requests.get(f"{upstream}/v1/setup?return_to={urllib.parse.quote(redirect, safe='')}", timeout=5).raise_for_status()
    except requests.HTTPError as error:
        record("setup callback failed: %s", error)
    conn.close()


def json_logs(path):
    from pythonjsonlogger.json import JsonFormatter
    import sqlalchemy as sa
    handler = logging.FileHandler(path, mode="w")
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    log = logging.getLogger("shop.json")
    log.addHandler(handler)
    log.propagate = False
    db_url = url(WRONG_SA_PW)
    try:
        sa.create_engine(db_url).connect()
    except sa.exc.OperationalError:
        log.exception("database unavailable", extra={"dsn": db_url, "headers": {"authorization": f"Bearer {BEARER}",
                                                                               "cookie": f"sessionid={DJANGO_SESSIONID}"}})
    payload = json.dumps({"dsn": url(JSON_ESC_PW, driver="postgresql"), "gcp": GCP_SA})
    try:
        sa.create_engine(url(JSON_ESC_PW)).connect()
    except sa.exc.OperationalError:
        log.exception(f"worker config {payload}")


def structlog_logs(path):
    import structlog
    import sqlalchemy as sa
    out = open(path, "w")
    structlog.configure(processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper(fmt="iso"),
                                    structlog.processors.dict_tracebacks, structlog.processors.JSONRenderer()],
                        logger_factory=structlog.WriteLoggerFactory(file=out))
    log = structlog.get_logger()

    def connect_reporting(dsn, api_key, service_account, azure):
        return sa.create_engine(dsn).connect()

    try:
        connect_reporting(url(WRONG_SA_PW), STRIPE, GCP_SA, AZURE)
    except sa.exc.OperationalError:
        log.exception("reporting connect failed", password=WRONG_SA_PW, token=GITHUB)
    # The same failure with the traceback as one string (format_exc_info), the other common set-up.
    structlog.configure(processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper(fmt="iso"),
                                    structlog.processors.format_exc_info, structlog.processors.JSONRenderer()],
                        logger_factory=structlog.WriteLoggerFactory(file=out))
    log = structlog.get_logger()
    try:
        connect_reporting(url(WRONG_SA_PW), STRIPE, GCP_SA, AZURE)
    except sa.exc.OperationalError:
        log.exception("reporting connect failed", dsn=url(WRONG_SA_PW), api_key=STRIPE, azure=AZURE)
    out.close()


def web_servers(out, python):
    env = dict(os.environ, SECRETS_APP_DSN=libpq(APP_PW), PYTHONPATH=HERE)
    gport, uport = PORT + 1, PORT + 2
    logfmt = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" cookie="%({cookie}i)s" auth="%({authorization}i)s"'
    gunicorn = subprocess.Popen([python, "-m", "gunicorn", "-b", f"127.0.0.1:{gport}", "--access-logfile", "-",
                                 "--access-logformat", logfmt, "secretsapp:flask_app"],
                                env=env, stdout=open(f"{out}/gunicorn.log", "w"), stderr=subprocess.STDOUT)
    uvicorn = subprocess.Popen([python, "-m", "uvicorn", "--port", str(uport), "secretsapp:starlette_app"],
                               env=env, stdout=open(f"{out}/uvicorn.log", "w"), stderr=subprocess.STDOUT)
    import requests
    time.sleep(3)
    cookies = f"_shop_session={COOKIE_SESSION}; sessionid={DJANGO_SESSIONID}; csrftoken={CSRF}"
    for user in (1, 2):  # the second failure follows the first request's access line
        requests.get(f"http://127.0.0.1:{gport}/account?user={user}", headers={"Cookie": cookies, "Authorization": f"Bearer {JWT}"})
    for state in ("xyz", "abc"):
        requests.get(f"http://127.0.0.1:{uport}/oauth/callback?code={OAUTH_STATE}&state={state}&access_token={ACCESS_TOKEN_QS}")
    time.sleep(1)
    for proc in (gunicorn, uvicorn):
        proc.terminate()
        proc.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    out = parser.parse_args().out
    import psycopg2
    with psycopg2.connect(f"host={SOCKET} port={PORT} dbname=postgres user=postgres") as admin:
        admin.autocommit = True
        admin.cursor().execute(SETUP)
    upstream_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream_server.serve_forever, daemon=True).start()
    upstream = f"http://127.0.0.1:{upstream_server.server_address[1]}"

    log, handler = logger_to(f"{out}/app.log", "shop")
    for name in ("sqlalchemy.engine",):
        logging.getLogger(name).addHandler(handler)
    database_failures(log)
    http_failures(log, upstream)
    django_failure(log)
    json_logs(f"{out}/json.log")
    structlog_logs(f"{out}/structlog.log")
    web_servers(out, sys.executable)
    shutil.copy(f"{SOCKET}/server.log", f"{out}/server.log")
    with open(f"{out}/secrets.txt", "w") as f:
        f.write("# Written by capture_secrets.py: every secret planted in this corpus (kind<TAB>value).\n")
        for kind, value in SECRETS.items():
            f.write(f"{kind}\t{value}\n")


if __name__ == "__main__":
    main()
