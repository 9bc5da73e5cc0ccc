"""What Python clients log when the service they call cannot be reached: requests (urllib3), httpx, redis-py and
Celery's kombu, with logging.exception, for a refused connection, a timeout and a name that does not resolve.

Run from the repository root: PYTHON=$(scripts/capture-venv) && $PYTHON Tests/Corpus/services/capture.py > Tests/Corpus/services/python.log
The refused port is one nobody listens on, the silent server accepts and never answers, `.invalid` never resolves.
"""
import logging
import socket
import sys

import httpx
import redis
import requests
from kombu import Connection

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("shop.payments")

probe = socket.socket()
probe.bind(("127.0.0.1", 0))
closed = probe.getsockname()[1]
probe.close()
silent = socket.socket()
silent.bind(("127.0.0.1", 0))
silent.listen(8)
quiet = silent.getsockname()[1]

calls = [
    ("requests, refused", lambda: requests.post(f"http://127.0.0.1:{closed}/v1/charges", json={"amount": 100}, timeout=2)),
    ("requests, read timeout", lambda: requests.get(f"http://127.0.0.1:{quiet}/v1/rates", timeout=0.3)),
    ("requests, unknown host", lambda: requests.get("https://payments.invalid/v1/charges", timeout=2)),
    ("httpx, refused", lambda: httpx.post(f"http://127.0.0.1:{closed}/v1/charges", json={"amount": 100}, timeout=2)),
    ("httpx, read timeout", lambda: httpx.get(f"http://127.0.0.1:{quiet}/v1/rates", timeout=0.3)),
    ("httpx, unknown host", lambda: httpx.get("https://payments.invalid/v1/charges", timeout=2)),
    ("redis, refused", lambda: redis.Redis(port=closed).get("session:42")),
    ("redis, unknown host", lambda: redis.Redis(host="cache.invalid").get("session:42")),
    ("redis, timeout", lambda: redis.Redis(port=quiet, socket_timeout=0.3, socket_connect_timeout=0.3).get("session:42")),
    ("Celery's broker (kombu), refused", lambda: Connection(f"redis://127.0.0.1:{closed}//").ensure_connection(max_retries=1)),
]
for name, call in calls:
    log.info("calling the payment service (%s)", name)
    try:
        call()
    except Exception:
        log.exception("payment service call failed (%s)", name)
