// Tiny migration runner: applies migrations/NNNN_*.sql in order, each in a transaction,
// recording the version (the numeric prefix) in schema_migrations(version text primary key), like dbmate.
// Usage: node migrate.js [--to NNNN]
const fs = require('fs'); const path = require('path'); const { Client } = require('pg');
const to = process.argv.indexOf('--to') > 0 ? process.argv[process.argv.indexOf('--to') + 1] : null;
(async () => {
  const c = new Client({ connectionString: process.env.DATABASE_URL }); await c.connect();
  await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY)');
  const done = new Set((await c.query('SELECT version FROM schema_migrations')).rows.map(r => r.version));
  const dir = path.join(__dirname, 'migrations');
  for (const f of fs.readdirSync(dir).filter(f => /^\d+_.*\.sql$/.test(f)).sort()) {
    const v = f.split('_')[0];
    if (to && v > to) break;
    if (done.has(v)) continue;
    await c.query('BEGIN');
    try { await c.query(fs.readFileSync(path.join(dir, f), 'utf8'));
          await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v]); await c.query('COMMIT');
          console.log('applied', f); }
    catch (e) { await c.query('ROLLBACK'); console.error('failed', f, e.message); process.exit(1); }
  }
  await c.end();
})();
