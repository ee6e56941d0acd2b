/** Escapes text for HTML. */
export function esc(value: string | number | null | undefined): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** Wraps content in the sandbox's page layout. */
export function page(
  title: string,
  content: string,
  options: { brand?: string; refreshSeconds?: number } = {},
): { status: number; headers: Record<string, string>; body: string } {
  const refresh = options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : '';
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${refresh}
<title>${esc(title)}</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  header { background: #1d2330; color: #fff; padding: 12px 24px; display: flex; gap: 16px; align-items: baseline; }
  header b { font-size: 17px; } header span { opacity: .7; }
  main { max-width: 1080px; margin: 24px auto; background: #fff; border-radius: 10px; padding: 24px; box-shadow: 0 1px 3px #0002; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e4e6eb; vertical-align: top; }
  button { font: inherit; padding: 8px 16px; border-radius: 6px; border: 0; cursor: pointer; margin-right: 8px; }
  .pay { background: #1a7f37; color: #fff; } .fail { background: #cf222e; color: #fff; } .cancel { background: #6e7781; color: #fff; }
  .muted { color: #6e7781; } code { background: #eef0f3; padding: 1px 4px; border-radius: 4px; }
  .status { font-weight: 600; } .amount { font-size: 22px; font-weight: 600; }
  form { display: inline; } select, input { font: inherit; padding: 6px; }
  a { color: #0a58ca; } nav.customer-pages { margin: 0 0 16px; line-height: 1.8; }
  .ok { color: #1a7f37; font-weight: 600; } .bad { color: #cf222e; font-weight: 600; }
  .attempt { margin-bottom: 6px; } .attempt.refused { border-left: 3px solid #cf222e; padding-left: 6px; }
  .answer, .id { overflow-wrap: anywhere; } .currency { color: #6e7781; }
  table.payments td:first-child, table.payments td.status { white-space: nowrap; }
  @media (max-width: 640px) {
    header { padding: 10px 12px; flex-wrap: wrap; } main { margin: 0; border-radius: 0; padding: 12px; }
    table.payments thead { display: none; }
    table.payments, table.payments tbody, table.payments tr, table.payments td { display: block; width: auto; }
    table.payments tr { border-bottom: 2px solid #d0d4da; padding: 6px 0; }
    table.payments td { border: 0; padding: 3px 0; }
    table.payments td[data-label]::before { content: attr(data-label) ": "; color: #6e7781; font-size: 13px; }
  }
</style></head>
<body><header><b>${esc(options.brand ?? 'paywire sandbox')}</b><span>local emulator — no real money moves</span></header>
<main>${content}</main></body></html>`;
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

/** A POST button form; `id` makes the button easy to find for tests and scripts. */
export function button(
  action: string,
  label: string,
  cls: string,
  fields: Record<string, string> = {},
  id?: string,
): string {
  const hidden = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  const idAttr = id ? ` id="${esc(id)}"` : '';
  return `<form method="post" action="${esc(action)}">${hidden}<button${idAttr} class="${cls}" type="submit">${esc(label)}</button></form>`;
}
