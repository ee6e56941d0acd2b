import { esc, page } from './html.js';
import type { SandboxResponse } from './http.js';
import type { SandboxState } from './state.js';

/** The dashboard: every payment and every callback attempt with the merchant's answer. */
export function dashboard(state: SandboxState, baseUrl: string): SandboxResponse {
  const payments = state.list();
  const rows = payments
    .map((p) => {
      const attempts = p.attempts
        .map((a) => `<div><code>${esc(a.label)}</code> → ${a.status === undefined ? '<b>no answer</b>' : `<b>${a.status}</b>`} <span class="muted">${esc(a.answer.slice(0, 60))}</span>${a.accepted ? ' ✓' : ''}</div>`)
        .join('');
      return `<tr><td>${esc(p.provider)}</td><td><code>${esc(p.reference)}</code><div class="muted">${esc(p.id)}</div></td><td>${esc(p.amount)} ${esc(p.currency)}</td><td class="status">${esc(p.status)}</td><td>${attempts || '<span class="muted">none yet</span>'}</td></tr>`;
    })
    .join('');
  return page(
    'paywire sandbox',
    `<h1>Dashboard</h1><p class="muted">Sandbox at <code>${esc(baseUrl)}</code>. Test credentials: <code>GET /credentials</code>.</p>
<table><tr><th>provider</th><th>payment</th><th>amount</th><th>status</th><th>callbacks (merchant's answer)</th></tr>${rows || '<tr><td colspan="5" class="muted">no payments yet</td></tr>'}</table>`,
    { refreshSeconds: 3 },
  );
}

