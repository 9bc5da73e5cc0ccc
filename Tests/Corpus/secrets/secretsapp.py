"""The web apps capture_secrets.py runs: a Flask app under gunicorn (access log with the Cookie and
Authorization headers, as a custom --access-logformat prints them) and a Starlette app under uvicorn.
Both query a table the database does not have, so each request ends in a logged traceback and a 500."""
import os

import psycopg2
from flask import Flask, request
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

DSN = os.environ["SECRETS_APP_DSN"]

flask_app = Flask(__name__)


@flask_app.get("/account")
def account():
    with psycopg2.connect(DSN) as conn, conn.cursor() as cur:
        cur.execute("SELECT * FROM account_settings WHERE user_id = %s", (request.args.get("user", "1"),))
        return {"settings": cur.fetchall()}


async def callback(request):
    with psycopg2.connect(DSN) as conn, conn.cursor() as cur:
        cur.execute("SELECT * FROM oauth_states WHERE state = %s", (request.query_params.get("state"),))
        return JSONResponse({"ok": cur.fetchall()})


starlette_app = Starlette(routes=[Route("/oauth/callback", callback)])
