// Library loans API: plain http + node-postgres Pool, one JSON log record per line on stdout (pino-like).
const http = require('http'); const os = require('os'); const { Pool } = require('pg');
const DSN = process.env.DATABASE_URL;
function log(level, msg, extra = {}) {
  const lv = { info: 30, warn: 40, error: 50 }[level];
  process.stdout.write(JSON.stringify({ level: lv, time: Date.now(), pid: process.pid, hostname: os.hostname(), ...extra, msg }) + '\n');
}
function errObj(e) { return { type: e.constructor.name, message: e.message, code: e.code, stack: e.stack }; }
log('info', 'starting library-loans api', { database_url: DSN, port: 8097 });   // (a real-world mistake: logs the DSN with its password)
const pool = new Pool({ connectionString: DSN, max: 5, connectionTimeoutMillis: 700, statement_timeout: 1500, idleTimeoutMillis: 5000 });
pool.on('error', (e) => log('error', 'idle pool client error', { err: errObj(e) }));

const routes = [
  ['GET', /^\/health$/, async () => { await pool.query('SELECT 1'); return { ok: true }; }],
  ['GET', /^\/books$/, async () => (await pool.query('SELECT id, isbn, title, author, page_count FROM books ORDER BY id')).rows],
  ['GET', /^\/members\/(\d+)$/, async (m) => (await pool.query('SELECT id, email, display_name FROM members WHERE id = $1', [m[1]])).rows[0]],
  ['POST', /^\/members$/, async (m, b) => (await pool.query('INSERT INTO members (email, full_name) VALUES ($1, $2) RETURNING id', [b.email, b.name])).rows[0]],
  ['POST', /^\/loans$/, async (m, b) => (await pool.query("INSERT INTO loans (book_id, member_id, due_at) VALUES ($1, $2, now() + interval '14 days') RETURNING id", [b.book_id, b.member_id])).rows[0]],
  ['POST', /^\/reservations$/, async (m, b) => (await pool.query('INSERT INTO reservations (book_id, member_id) VALUES ($1, $2) RETURNING id', [b.book_id, b.member_id])).rows[0]],
  ['GET', /^\/members\/(\d+)\/reservations$/, async (m) => (await pool.query('SELECT r.id, b.title FROM reservations r JOIN books b ON b.id = r.book_id WHERE r.member_id = $1', [m[1]])).rows],
  ['GET', /^\/reports\/overdue$/, async () => (await pool.query('SELECT l.id, pg_sleep(2) FROM loans l WHERE l.returned_at IS NULL')).rows],
  ['GET', /^\/reports\/busy$/, async () => (await pool.query('SELECT pg_sleep(1.0) AS slept')).rows],
];
http.createServer((req, res) => {
  let body = ''; req.on('data', (d) => body += d);
  req.on('end', async () => {
    const url = req.url.split('?')[0]; const t0 = Date.now();
    const r = routes.find(([mth, re]) => mth === req.method && re.test(url));
    if (!r) { res.writeHead(404); res.end(); log('info', 'request completed', { method: req.method, path: url, status: 404 }); return; }
    try {
      const out = await r[2](url.match(r[1]), body ? JSON.parse(body) : {});
      res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(out));
      log('info', 'request completed', { method: req.method, path: url, status: 200, duration_ms: Date.now() - t0 });
    } catch (e) {
      const status = e.code === '23505' ? 409 : e.code === '23503' ? 422 : 500;
      res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify({ error: e.message }));
      log('error', 'request failed', { method: req.method, path: url, status, duration_ms: Date.now() - t0, err: errObj(e) });
    }
  });
}).listen(8097, () => log('info', 'listening', { port: 8097 }));
