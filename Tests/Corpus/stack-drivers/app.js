// A Node service on node-postgres (pg 8.8, Debian's node-pg) failing against a real PostgreSQL server the ways
// this corpus provokes in every stack, printed as Node services print them: console.error(err), alone or after a
// message, and last an unhandled promise rejection that ends the process. Run by capture.sh (env: PGHOST, PGPORT,
// PGUSER, PGDATABASE; DOWN_PORT is a port nothing listens on).
'use strict';
const { Client } = require('pg');

const stamp = () => new Date(Date.UTC(2026, 11, 6, 14, 0, 0) + step++ * 137).toISOString();
let step = 0;
const info = (msg) => console.log(`${stamp()} info  ${msg}`);

async function connect(overrides = {}) {
  const client = new Client(overrides);
  await client.connect();
  return client;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const db = await connect();
  const failing = [
    ['GET /api/invoices', 'SELECT * FROM invoices'],
    ['GET /api/orders/shipped', 'SELECT id, shipped_at FROM orders'],
    ['POST /api/customers', "INSERT INTO customers (email, name) VALUES ('ada@example.com', 'Ada L.')"],
    ['POST /api/orders', 'INSERT INTO orders (customer_id, total) VALUES (999, 10)'],
    ['POST /api/customers/guest', "INSERT INTO customers (name) VALUES ('Guest')"],
    ['POST /api/orders/refund', 'INSERT INTO orders (customer_id, total) VALUES (1, -5)'],
    ['GET /api/report', 'SELEC id FROM orders'],
    ['GET /api/orders/abc', "SELECT * FROM orders WHERE id = 'abc'"],
    ['POST /api/orders/bulk', 'INSERT INTO orders (customer_id, total, quantity) VALUES (1, 10, 70000)'],
    ['GET /api/orders/average', 'SELECT count(*) / 0 FROM orders'],
    ['PATCH /api/customers/1', "UPDATE customers SET name = 'Ada Augusta King, Countess of Lovelace' WHERE id = 1"],
    ['GET /api/orders/tax', "SELECT order_tax(total) FROM orders"],
    ['GET /api/audit', "SELECT * FROM audit_log"],
  ];
  for (const [request, sql] of failing) {
    info(request);
    try {
      await db.query(sql);
    } catch (err) {
      if (request.includes('orders')) console.error(`[orders] ${request} failed:`, err);
      else console.error(err);
    }
  }

  info('GET /api/health (replica on a wrong port)');
  try { await connect({ port: Number(process.env.DOWN_PORT) }); } catch (err) { console.error('[db] health check failed:', err); }
  info('GET /api/reports (as reporting)');
  try { await connect({ user: 'reporting', password: 'not-the-password' }); } catch (err) { console.error(err); }
  info('GET /api/rates (replica on a host that does not resolve)');
  try { await connect({ host: 'db.invalid' }); } catch (err) { console.error('[db] rates unavailable:', err); }
  info('GET /api/archive');
  try { await connect({ database: 'shop_archive' }); } catch (err) { console.error('[db] archive unavailable:', err); }

  info('GET /api/reports/slow');
  try {
    await db.query("SET statement_timeout = '100ms'");
    await db.query('SELECT pg_sleep(2)');
  } catch (err) { console.error(err); }
  await db.query('RESET statement_timeout');

  info('POST /api/transfers (two at once)');
  const [a, b] = [await connect(), await connect()];
  await a.query('BEGIN'); await b.query('BEGIN');
  await a.query('UPDATE accounts SET balance = balance - 10 WHERE id = 1');
  await b.query('UPDATE accounts SET balance = balance - 10 WHERE id = 2');
  const first = a.query('UPDATE accounts SET balance = balance + 10 WHERE id = 2');
  await sleep(200);
  const second = b.query('UPDATE accounts SET balance = balance + 10 WHERE id = 1');
  for (const [client, pending] of [[a, first], [b, second]]) {
    try { await pending; await client.query('COMMIT'); } catch (err) { console.error('[transfers] transfer failed:', err); await client.query('ROLLBACK'); }
  }

  info('POST /api/accounts/2/close');
  await a.query('BEGIN');
  await a.query('SELECT * FROM accounts WHERE id = 2 FOR UPDATE');
  try { await b.query('SELECT * FROM accounts WHERE id = 2 FOR UPDATE NOWAIT'); } catch (err) { console.error('[accounts] close failed:', err); }
  await a.query('ROLLBACK');

  info('POST /api/accounts/1/interest');
  await a.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await a.query('SELECT balance FROM accounts WHERE id = 1');
  await b.query('UPDATE accounts SET balance = balance + 1 WHERE id = 1');
  try { await a.query('UPDATE accounts SET balance = balance * 2 WHERE id = 1'); } catch (err) { console.error(err); }
  await a.query('ROLLBACK');
  await a.end(); await b.end(); await db.end();

  info('GET /api/customers/ada/orders');
  const last = await connect();
  // Unhandled: Node prints the error and exits with 1.
  last.query("SELECT * FROM orders WHERE customer_id = (SELECT id FROM customer WHERE email = 'ada@example.com')");
}

main();
