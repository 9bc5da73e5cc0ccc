// A small HTTP service on node-postgres: GET /loans reads a table; a failed request is one error line with the
// driver's message, then its access line. DATABASE_URL names the server, PORT the service's own port.
const http = require('http');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 3, connectionTimeoutMillis: 1000 });
const log = (level, text) => console.log(`${new Date().toISOString()} ${level} ${text}`);
// An idle client the server ended (a restart) is reported here; the pool drops it.
pool.on('error', (err) => log('ERROR', `idle database client failed: ${err.message}`));

http.createServer(async (req, res) => {
  const started = Date.now();
  let status = 200;
  try {
    const { rows } = await pool.query('SELECT count(*) AS n FROM loans');
    res.end(JSON.stringify(rows[0]));
  } catch (err) {
    status = 500;
    log('ERROR', `${req.method} ${req.url} failed: ${err.message}`);
    res.statusCode = 500;
    res.end('{"error":"internal"}');
  }
  log('INFO', `${req.method} ${req.url} ${status} ${Date.now() - started}ms`);
}).listen(Number(process.env.PORT), '127.0.0.1', () => log('INFO', `listening on ${process.env.PORT}`));
