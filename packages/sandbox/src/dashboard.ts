import { esc, page } from './html.js';
import { own, type SandboxResponse } from './http.js';
import { sandboxModules } from './providers/index.js';
import type { CallbackAttempt, SandboxPayment, SandboxState } from './state.js';

/** The page the customer of this payment sees at the provider, when there is one (its sandbox module says). */
function customerPage(p: SandboxPayment): { href: string; label: string } | undefined {
  return own(sandboxModules, p.provider)?.customerPage?.(p);
}

function attempt(a: CallbackAttempt): string {
  const mark = a.accepted
    ? '<span class="ok" title="acknowledged">✓ accepted</span>'
    : '<span class="bad" title="not acknowledged: retried">✗ refused</span>';
  const status = a.status === undefined ? '<b>no answer</b>' : `<b>${a.status}</b>`;
  return `<div class="attempt ${a.accepted ? 'accepted' : 'refused'}"><code>${esc(a.label)}</code> → ${status} ${mark}<div class="answer muted">${esc(a.answer.slice(0, 400))}</div></div>`;
}

function row(p: SandboxPayment): string {
  const open = customerPage(p);
  const link = open ? `<a class="customer-page" href="${esc(open.href)}">${esc(open.label)}</a>` : '';
  const attempts = p.attempts.map(attempt).join('') || '<span class="muted">none yet</span>';
  return `<tr data-provider="${esc(p.provider)}"><td data-label="provider">${esc(p.provider)}</td><td data-label="payment"><code>${esc(p.reference)}</code><div class="muted id">${esc(p.id)}</div>${link}</td><td data-label="amount" class="amount-cell">${esc(p.amount)} <span class="currency">${esc(p.currency)}</span></td><td data-label="status" class="status">${esc(p.status)}</td><td data-label="callbacks">${attempts}</td></tr>`;
}

/** The dashboard: every payment, a link to its customer page, and every callback attempt with the merchant's answer. */
export function dashboard(state: SandboxState, baseUrl: string): SandboxResponse {
  const rows = state.list().map(row).join('');
  const window =
    '/paykassma/plugin/?label=user-1&wallet_type=wavepay&currency_code=MMK&lang=en&payment_url_success_id=1&payment_url_fail_id=2&payment_url_pending_id=3';
  return page(
    'paywire sandbox',
    `<h1>Dashboard</h1><p class="muted">Sandbox at <code>${esc(baseUrl)}</code>. Test credentials: <a href="/credentials"><code>GET /credentials</code></a>.</p>
<nav class="customer-pages"><b>Customer pages:</b> each payment below links to its own (Waylet app, Paylican invoice, ETpay bank funnel);
<a id="paykassma-window" href="${esc(window)}">Paykassma payment window</a> (Wavepay, MMK) · <a id="waylet-app" href="/waylet/app/ana%40example.com">Waylet app of ana@example.com</a></nav>
<table class="payments"><thead><tr><th>provider</th><th>payment</th><th>amount</th><th>status</th><th>callbacks (merchant's answer)</th></tr></thead><tbody>${rows || '<tr><td colspan="5" class="muted">no payments yet</td></tr>'}</tbody></table>`,
    { refreshSeconds: 3 },
  );
}
