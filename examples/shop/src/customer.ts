/**
 * A scripted customer for the demo: follows redirects and submits the HTML forms of the shop and of the sandbox's
 * hosted pages by their buttons' ids, as a person clicking would. No browser needed.
 */

/** A page the customer is looking at. */
export interface Page {
  url: string;
  status: number;
  html: string;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];
const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

/** Opens a URL, following redirects. */
export async function open(url: string): Promise<Page> {
  const res = await fetch(url, { redirect: 'follow' });
  return { url: res.url, status: res.status, html: await res.text() };
}

/** Finds the link with this id on a page. */
export function link(page: Page, id: string): string {
  const tag = new RegExp(`<a\\b[^>]*\\sid="${id}"[^>]*>`, 'i').exec(page.html)?.[0];
  const href = tag && attr(tag, 'href');
  if (!href) throw new Error(`no link #${id} on ${page.url}`);
  return new URL(unescape(href), page.url).toString();
}

/**
 * Clicks the submit button with this id: posts its form (hidden inputs, inputs, the first or selected option of
 * each select, then `fields`) to the form's action or the button's `formaction`, following redirects.
 */
export async function click(page: Page, buttonId: string, fields: Record<string, string> = {}): Promise<Page> {
  for (const form of page.html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, formAttrs = '', inner = ''] = form;
    const button = new RegExp(`<button\\b[^>]*\\sid="${buttonId}"[^>]*>`, 'i').exec(inner)?.[0];
    if (!button) continue;
    const values = new URLSearchParams();
    for (const [input] of inner.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(input, 'name');
      if (name) values.set(name, unescape(attr(input, 'value') ?? ''));
    }
    for (const [, selAttrs = '', options = ''] of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(`<x ${selAttrs}>`, 'name');
      const chosen = /<option\b[^>]*\sselected[^>]*>/i.exec(options)?.[0] ?? /<option\b[^>]*>/i.exec(options)?.[0];
      if (name && chosen) values.set(name, unescape(attr(chosen, 'value') ?? ''));
    }
    for (const [k, v] of Object.entries(fields)) values.set(k, v);
    const action = attr(button, 'formaction') ?? attr(`<x ${formAttrs}>`, 'action') ?? page.url;
    const res = await fetch(new URL(unescape(action), page.url), { method: 'POST', body: values, redirect: 'follow' });
    return { url: res.url, status: res.status, html: await res.text() };
  }
  throw new Error(`no button #${buttonId} on ${page.url}`);
}

/** Waits until `check` returns a value, or fails after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
