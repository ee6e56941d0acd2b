import type { ProviderName } from '@paywire/core';
import { PRICES } from './checkout.js';
import type { Order } from './orders.js';

const esc = (v: string | number | null | undefined) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string, refresh: boolean, brand: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${refresh ? '<meta http-equiv="refresh" content="2">' : ''}
<title>${esc(title)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:720px;margin:32px auto;padding:0 16px;color:#1d2330}
h1{font-size:24px} .box{border:1px solid #d0d7de;border-radius:10px;padding:16px 20px;margin:16px 0}
button{font:inherit;padding:8px 18px;border-radius:6px;border:0;background:#0969da;color:#fff;cursor:pointer}
label{display:block;margin:8px 0} input,select{font:inherit;padding:6px} .status{font-weight:700;font-size:20px}
.paid{color:#1a7f37} .failed,.canceled{color:#cf222e} .pending{color:#9a6700} code{background:#eef0f3;padding:1px 4px}
</style></head><body><h1>☕ Paywire Coffee${brand ? ` <small>(${esc(brand)})</small>` : ''}</h1>${body}</body></html>`;
}

/**
 * The shops' HTML pages (both examples), with stable element ids for scripts and browser tests: `#provider`,
 * `#customer`, `#buy`, `#status` (class `pending|paid|failed|canceled`), `#waylet-app`, `#wallet`, `#transaction`,
 * `#activate`.
 */

/** The shop's home page: one product, a provider to choose. */
export function homePage(providers: readonly ProviderName[], orders: Order[], brand = ''): string {
  const options = providers.map((p) => `<option value="${p}">${p} — ${esc(PRICES[p].label)}</option>`).join('');
  const recent = orders
    .slice(0, 10)
    .map(
      (o) =>
        `<li><a href="/orders/${o.id}">${o.id}</a> ${o.provider} <span class="${o.status}">${o.status}</span></li>`,
    )
    .join('');
  return layout(
    'Paywire Coffee',
    `<div class="box"><h2>Coffee beans, 1 kg</h2>
<form method="post" action="/orders">
<label>Pay with <select name="provider" id="provider">${options}</select></label>
<label>Your e-mail or phone (Waylet pushes the payment to this customer's app) <input name="customer" id="customer" value="ana@example.com"></label>
<button type="submit" id="buy">Buy</button></form></div>
${recent ? `<div class="box"><h3>Recent orders</h3><ul>${recent}</ul></div>` : ''}`,
    false,
    brand,
  );
}

/** An order's page: its status (refreshing while pending) and the next step for the customer. */
export function orderPage(
  order: Order,
  extra: { wayletApp?: string | undefined; notice?: string | undefined; brand?: string },
): string {
  let next = '';
  if (order.status === 'pending' && order.provider === 'waylet') {
    const app = extra.wayletApp
      ? ` (<a id="waylet-app" href="${esc(extra.wayletApp)}/${encodeURIComponent(order.customer)}">open the Waylet app</a>)`
      : '';
    next = `<p>We sent the payment to <b>${esc(order.customer)}</b>'s Waylet app. Approve it there${app}.</p>`;
  }
  if (order.status === 'pending' && order.provider === 'paykassma' && order.checkout.wallet) {
    next = `<p>Send <b>${esc(order.amount)} MMK</b> with Wavepay to wallet <code id="wallet">${esc(order.checkout.wallet)}</code>, then type the transaction number the app shows you.</p>
<form method="post" action="/orders/${order.id}/activate"><label>Wavepay transaction number <input name="transaction" id="transaction" maxlength="11"></label><button type="submit" id="activate">Confirm payment</button></form>`;
  }
  const events = order.events
    .map(
      (e) =>
        `<li><code>${esc(e.type)}</code> from ${esc(e.source)} at ${esc(e.receivedAt.toISOString())}${e.failure ? ` — ${esc(e.failure.code ?? '')} ${esc(e.failure.message ?? '')}` : ''}</li>`,
    )
    .join('');
  return layout(
    `Order ${order.id}`,
    `<div class="box"><p>Order <code>${order.id}</code> — ${esc(order.product)}, ${esc(order.amount)} ${esc(order.currency)} via ${order.provider}</p>
<p>Status: <span class="status ${order.status}" id="status">${order.status}</span></p>
${extra.notice ? `<p id="notice">${esc(extra.notice)}</p>` : ''}${next}
${events ? `<h3>Payment events</h3><ul>${events}</ul>` : ''}</div><p><a href="/">← back to the shop</a></p>`,
    order.status === 'pending',
    extra.brand ?? '',
  );
}
