/**
 * `paywire doctor`: sends a signed, marked test delivery per configured provider to a running app and explains its
 * answers.
 */
import { request } from 'undici';
import { diagnose, errorCode, type Answer } from './diagnose.js';
import { buildProbes, type Probe } from './probes.js';
import type { Diagnosis, DoctorOptions, DoctorReport, ProviderCheck } from './types.js';

export type { Diagnosis, DiagnosisCode, DoctorOptions, DoctorProviders, DoctorReport, ProviderCheck } from './types.js';

/** Where webhook endpoints are usually mounted: tried when the given URL is not paywire's. */
const USUAL_PATHS = [
  '/webhooks',
  '/payments/webhooks',
  '/api/webhooks',
  '/api/payments/webhooks',
  '/webhook',
  '/api/webhook',
];

async function send(
  probe: Pick<Probe, 'url' | 'body' | 'headers'>,
  opts: DoctorOptions,
  method: 'POST' | 'GET' = 'POST',
): Promise<Answer & { skewMs?: number }> {
  const sent = Date.now();
  const res = await request(probe.url, {
    method,
    headers: method === 'POST' ? probe.headers : {},
    ...(method === 'POST' ? { body: probe.body } : {}),
    headersTimeout: opts.timeoutMs ?? 5000,
    bodyTimeout: opts.timeoutMs ?? 5000,
    ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
  });
  const body = await res.body.text();
  const date = typeof res.headers.date === 'string' ? Date.parse(res.headers.date) : NaN;
  const answer: Answer & { skewMs?: number } = { status: res.statusCode, headers: res.headers, body };
  if (!Number.isNaN(date)) answer.skewMs = date + 500 - (sent + Date.now()) / 2; // Date has 1 s resolution
  return answer;
}

/** Finds where paywire answers (GET on a provider URL → its 405 `ERR_METHOD_NOT_ALLOWED`). */
async function findEndpoint(base: string, provider: string, opts: DoctorOptions): Promise<string | undefined> {
  const origin = new URL(base).origin;
  for (const path of USUAL_PATHS) {
    const candidate = `${origin}${path}`;
    if (candidate === base) continue;
    const a = await send({ url: `${candidate}/${provider}`, body: '', headers: {} }, opts, 'GET').catch(
      () => undefined,
    );
    if (a && errorCode(a) === 'ERR_METHOD_NOT_ALLOWED') return candidate;
  }
  return undefined;
}

async function paylicanGuard(base: string, opts: DoctorOptions): Promise<Diagnosis | undefined> {
  const auth = opts.providers.paylican?.webhookAuth;
  const missing = 'Paylican signs nothing: without a guard anyone who finds the URL can post a "paid" webhook';
  const fix =
    'configure providers.paylican.webhookAuth with { token } (a long random token in the URL you give Paylican), { basic } or { allowIps } — and drop insecureNoAuth';
  if (!auth || auth.insecureNoAuth)
    return {
      code: 'guard-missing',
      severity: 'error',
      message: `the configuration has no Paylican guard (insecureNoAuth). ${missing}`,
      fix,
    };
  if (!auth.token && !auth.basic) return undefined; // an IP allow-list cannot be tested from here
  const [probe] = await buildProbes(base, { paylican: opts.providers.paylican }, true);
  const a = await send(probe as Probe, opts).catch(() => undefined);
  if (a && a.status >= 200 && a.status < 300)
    return {
      code: 'guard-missing',
      severity: 'error',
      message: `the app accepted a Paylican webhook without the guard's credentials (${a.status}): its guard is missing. ${missing}`,
      fix,
    };
  return undefined;
}

async function check(probe: Probe, base: string, opts: DoctorOptions): Promise<ProviderCheck> {
  const result: ProviderCheck = { provider: probe.provider, url: probe.url.split('?')[0] as string, diagnoses: [] };
  let answer: Awaited<ReturnType<typeof send>>;
  try {
    answer = await send(probe, opts);
  } catch (err) {
    const reason = (err as { code?: string }).code ?? (err as Error).message;
    result.diagnoses.push({
      code: 'unreachable',
      severity: 'error',
      message: `no answer from ${result.url} (${reason})`,
      fix: 'start the app, and check the host and port of --url',
    });
    return result;
  }
  result.status = answer.status;
  const code = errorCode(answer);
  if (code) result.code = code;
  result.diagnoses = diagnose(probe.provider, answer, opts.providers, answer.skewMs, opts.maxClockSkewMs ?? 30_000);
  const wrongPath = result.diagnoses.find((d) => d.code === 'wrong-path');
  if (wrongPath) {
    const found = await findEndpoint(base, probe.provider, opts);
    if (found)
      wrongPath.fix = `paywire answers at ${found}: run the doctor (and configure the provider) with --url ${found}, or mount the endpoint at ${new URL(base).pathname}`;
  }
  if (probe.provider === 'paylican' && result.diagnoses.some((d) => d.code === 'ok')) {
    const guard = await paylicanGuard(base, opts);
    if (guard) result.diagnoses.push(guard);
  }
  return result;
}

/**
 * Checks a running app's webhook endpoint: for each configured provider it sends a signed test delivery (header
 * `x-paywire-doctor: 1`, payment id `paywire-doctor-…`; paywire verifies it, answers what it saw and runs no
 * handler), then explains the answer — wrong path, wrong secret, a body parser in front of paywire, a missing
 * Paylican guard, a proxy's `X-Forwarded-For`, clock skew — each with its fix.
 *
 * @example
 * ```ts
 * import { doctor } from '@paywire/sandbox';
 * const report = await doctor({ url: 'http://127.0.0.1:3000/webhooks', providers: { waylet: { secret: process.env.WAYLET_SECRET! } } });
 * if (!report.ok) process.exitCode = 1;
 * ```
 * @throws TypeError when `url` is not an http(s) URL or no provider is configured.
 */
export async function doctor(options: DoctorOptions): Promise<DoctorReport> {
  if (!URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol))
    throw new TypeError(`doctor: url must be an http(s) URL, got ${JSON.stringify(options.url)}`);
  const base = options.url.replace(/\/+$/, '');
  const probes = await buildProbes(base, options.providers);
  if (probes.length === 0) throw new TypeError('doctor: no provider configured (waylet, paylican, paykassma or etpay)');
  const checks: ProviderCheck[] = [];
  for (const probe of probes) checks.push(await check(probe, base, options));
  return { ok: checks.every((c) => c.diagnoses.every((d) => d.severity !== 'error')), checks };
}

/** The report as text, one block per provider. */
export function formatDoctorReport(report: DoctorReport): string {
  const mark = { error: '✗', warning: '!', info: '✓' } as const;
  const blocks = report.checks.map((c) => {
    const head = `${c.provider.padEnd(10)} ${c.url} → ${c.status ?? 'no answer'}${c.code ? ` ${c.code}` : ''}`;
    const lines = c.diagnoses.map(
      (d) => `  ${mark[d.severity]} ${d.code}: ${d.message}${d.fix ? `\n    fix: ${d.fix}` : ''}`,
    );
    return [head, ...lines].join('\n');
  });
  return `${blocks.join('\n\n')}\n\n${report.ok ? 'ok: every configured provider reaches paywire' : 'problems found (✗): webhooks from these providers fail or are unsafe'}\n`;
}
