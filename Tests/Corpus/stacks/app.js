// A small Node service that fails the ways Node apps print failures to stderr, with no rule of logmedic's in
// the text: errors logged with console.error (alone, after a message, with a cause, with extra fields, with a
// message of several lines, with errors inside), a rejected promise, and last an uncaught exception that ends the
// process. Run by capture.sh.
'use strict';

const stamp = () => new Date(Date.UTC(2026, 11, 6, 14, 0, 0) + step++ * 137).toISOString();
let step = 0;
const info = (msg) => console.log(`${stamp()} info  ${msg}`);

class QuotaExceededError extends Error {
  constructor(account, used) {
    super(`account ${account} used ${used} of 1000 exports this month`);
    this.name = 'QuotaExceededError';
    this.code = 'E_QUOTA';
  }
}

function renderInvoice(invoice) {
  return invoice.lines.reduce((sum, line) => sum + line.cents, 0);
}

function exportReport(account, used) {
  if (used >= 1000) throw new QuotaExceededError(account, used);
}

function parseWebhook(body) {
  return JSON.parse(body);
}

async function chargeCard(order) {
  throw new Error(`card declined for order ${order}`, { cause: new Error('issuer said: do not honor') });
}

for (const [account, used] of [[41, 1000], [42, 1003]]) {
  info(`POST /api/accounts/${account}/exports`);
  try { exportReport(account, used); } catch (err) { console.error(err); }
}
for (const invoice of [{ id: 7 }, { id: 8 }]) {
  info(`GET /api/invoices/${invoice.id}`);
  try { renderInvoice(invoice); } catch (err) { console.error('[billing] could not render invoice:', err); }
}
info('POST /api/orders');
console.error(new Error('invalid order payload:\n  quantity must be positive\n  sku 123 is unknown'));
info('POST /api/exports/retry');
console.error(new AggregateError([new Error('timeout after 5000 ms'), new Error('timeout after 5000 ms')], 'all 2 retries failed'));
info('POST /api/webhooks/stripe');
try { parseWebhook('{"type": "charge.succeeded",'); } catch (err) { console.error(err); }
info('POST /api/orders/981/charge');
chargeCard(981).catch((err) => {
  console.error(err);
  info('GET /api/health');
  setTimeout(() => {
    const settings = undefined;
    console.log(`${stamp()} info  GET /api/settings`);
    settings.theme;  // uncaught: Node prints the source line and the stack, then exits with 1
  }, 1);
});
