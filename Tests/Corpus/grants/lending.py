"""A tool-lending service: plain psycopg 3, http.server, logging to app.log."""
import json, logging, os, sys
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import psycopg

logging.basicConfig(filename=os.environ.get("APP_LOG", "app.log"), level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("lending")
DSN = os.environ["LENDING_DSN"]

class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        log.info('%s "%s" %s', self.address_string(), self.requestline, args[1] if len(args) > 1 else "")

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def run(self, work):
        try:
            with psycopg.connect(DSN) as conn:
                self.reply(200, work(conn))
        except psycopg.Error:
            log.exception("request %s %s failed", self.command, self.path)
            self.reply(500, {"error": "internal"})

    def do_GET(self):
        if self.path == "/tools":
            self.run(lambda c: [{"id": i, "name": n} for i, n in c.execute("SELECT id, name FROM tools ORDER BY id")])
        elif self.path == "/loans":
            self.run(lambda c: [{"id": i, "borrower": b, "deposit": str(d)} for i, b, d in
                                c.execute("SELECT id, borrower, deposit FROM loans ORDER BY id")])
        else:
            self.reply(404, {})

    def do_POST(self):
        if self.path.startswith("/loans/") and self.path.endswith("/return"):
            loan = int(self.path.split("/")[2])
            self.run(lambda c: {"updated": c.execute("UPDATE loans SET returned = %s WHERE id = %s", (True, loan)).rowcount})
        elif self.path == "/loans":
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            self.run(lambda c: {"id": c.execute(
                "INSERT INTO loans (tool_id, borrower, deposit) VALUES (%s, %s, %s) RETURNING id",
                (body["tool_id"], body["borrower"], body["deposit"])).fetchone()[0]})
        else:
            self.reply(404, {})

if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
