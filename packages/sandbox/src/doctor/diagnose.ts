/** Turns the app's answer to a test delivery into diagnoses, each with its fix. */
import type { DoctorProviders, Diagnosis } from './types.js';

/** The app's answer to one test delivery. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The `paywireDoctor` member of a diagnostic reply. */
interface DoctorSeen {
  rawBody: boolean;
  remoteAddress: string | null;
  forwardedFor: string | null;
  serverTime: string;
}

const error = (code: Diagnosis['code'], message: string, fix: string): Diagnosis => ({
  code,
  severity: 'error',
  message,
  fix,
});
const warning = (code: Diagnosis['code'], message: string, fix: string): Diagnosis => ({
  code,
  severity: 'warning',
  message,
  fix,
});

function parse(body: string): { error?: { code?: string; message?: string }; paywireDoctor?: DoctorSeen } | undefined {
  try {
    const json: unknown = JSON.parse(body);
    return json !== null && typeof json === 'object' ? json : undefined;
  } catch {
    return undefined;
  }
}

/** paywire's `ERR_*` code in an answer, if it is a paywire answer. */
export const errorCode = (a: Answer): string | undefined => parse(a.body)?.error?.code;

const SECRET_OF: Record<string, string> = {
  waylet: 'providers.waylet.secret (e.g. WAYLET_SECRET)',
  paykassma:
    'providers.paykassma.postbackAccessKey / postbackPrivateKey (e.g. PAYKASSMA_POSTBACK_ACCESS_KEY / _PRIVATE_KEY)',
};

const BODY_FIX =
  'Express: mount paymentWebhooks() before express.json() (or any body parser), or use express.json({ verify: rawBodySaver }). NestJS: NestFactory.create(AppModule, { rawBody: true }).';

/** Diagnoses for an answer with a paywire error code. */
function refused(provider: string, code: string, a: Answer, providers: DoctorProviders): Diagnosis[] {
  switch (code) {
    case 'ERR_SIGNATURE_INVALID':
      return [
        error(
          'wrong-secret',
          `the app refused the signature made with the ${provider} secret of your configuration (${a.status} ${code}): the app runs with another secret — or a body parser changed the bytes before paywire read them`,
          `give the app and the doctor the same ${SECRET_OF[provider] ?? 'secret'}; look for a trailing newline or space in the value. If the secrets match: ${BODY_FIX}`,
        ),
      ];
    case 'ERR_WEBHOOK_UNAUTHORIZED':
      return [
        error(
          'guard-mismatch',
          `the app refused the Paylican guard credentials of your configuration (${a.status} ${code}): its webhookAuth token or Basic credentials differ`,
          'use the same providers.paylican.webhookAuth in the app and the doctor (e.g. PAYLICAN_WEBHOOK_TOKEN), and the same tokenIn/queryParam as the URL in the Paylican merchant profile',
        ),
      ];
    case 'ERR_WEBHOOK_FORBIDDEN': {
      const trust = providers.paylican?.webhookAuth.trustProxy;
      return [
        error(
          'ip-refused',
          `the app refused the caller's address (${a.status} ${code}): webhookAuth.allowIps does not include the address the app sees`,
          trust
            ? 'check allowIps and the number of proxy hops in trustProxy'
            : "when a proxy or load balancer is in front of the app, set webhookAuth.trustProxy to the number of proxies (the app otherwise sees the proxy's address); else add the address Paylican calls from to allowIps",
        ),
      ];
    }
    case 'ERR_BODY_ALREADY_PARSED':
    case 'ERR_PAYLOAD_INVALID':
      return [
        error(
          'body-consumed',
          `the app could not read the body it was sent (${a.status} ${code}: ${parse(a.body)?.error?.message ?? ''}): another parser consumed or changed it before paywire`,
          BODY_FIX,
        ),
      ];
    case 'ERR_PROVIDER_NOT_CONFIGURED':
      return [
        error(
          'not-configured',
          `paywire answers at this URL, but the app has no ${provider} provider configured (${a.status} ${code})`,
          `configure providers.${provider} in the app (createPaywire / PaymentsModule options), or drop it from the doctor's configuration`,
        ),
      ];
    case 'ERR_UNSUPPORTED_MEDIA_TYPE':
      return [
        error(
          'media-type',
          `the app refused the media type (${a.status} ${code}): something in front of paywire changed Content-Type or Content-Encoding`,
          'let application/json bodies through unchanged (no compression or charset rewriting by a proxy)',
        ),
      ];
    case 'ERR_SESSION_UNKNOWN':
      return [
        {
          code: 'session-check',
          severity: 'info',
          message:
            'the ETpay verifier is reached and reads the body; the signature itself cannot be checked without a session the app created (ETpay signs with the session token)',
          fix: '',
        },
      ];
    case 'ERR_TOKEN_EXPIRED':
      return [
        error(
          'clock-skew',
          `the app refused the ETpay token as expired or not yet valid (${a.status} ${code})`,
          "synchronize the server's clock (NTP)",
        ),
      ];
    default:
      return [
        error(
          'unexpected',
          `the app answered ${a.status} ${code}: ${parse(a.body)?.error?.message ?? ''}`,
          'see the error message; the status policy is in the @paywire/core README',
        ),
      ];
  }
}

/**
 * Explains the app's answer to one test delivery.
 * @param skewMs the app's clock minus the doctor's, when known
 * @throws never
 */
export function diagnose(
  provider: string,
  a: Answer,
  providers: DoctorProviders,
  skewMs: number | undefined,
  maxSkewMs: number,
): Diagnosis[] {
  const json = parse(a.body);
  const out: Diagnosis[] = [];
  if (skewMs !== undefined && Math.abs(skewMs) > maxSkewMs) {
    out.push(
      warning(
        'clock-skew',
        `the app's clock is ${Math.round(skewMs / 1000)} s ${skewMs > 0 ? 'ahead of' : 'behind'} this machine's (its Date header)`,
        "synchronize the server's clock (NTP): ETpay tokens and event times are checked against it",
      ),
    );
  }
  const seen = json?.paywireDoctor;
  if (a.status === 200 && seen) {
    out.push({
      code: 'ok',
      severity: 'info',
      message: 'the app verified the test delivery and answered as paywire; no handler ran',
      fix: '',
    });
    if (!seen.rawBody)
      out.push(
        warning(
          'body-consumed',
          'a JSON parser in front of paywire consumed the body: paywire verified a re-serialized copy, which breaks signatures with a number written with a fraction (e.g. 500.50)',
          BODY_FIX,
        ),
      );
    if (seen.forwardedFor) {
      const ipGuard =
        provider === 'paylican' &&
        providers.paylican?.webhookAuth.allowIps &&
        !providers.paylican.webhookAuth.trustProxy;
      out.push(
        warning(
          'proxy',
          `a proxy forwards the requests (X-Forwarded-For: ${seen.forwardedFor}); the app sees the proxy's address ${seen.remoteAddress ?? ''}${ipGuard ? ', so the Paylican IP allow-list compares the proxy, not Paylican' : ''}`,
          'with a Paylican allowIps guard set webhookAuth.trustProxy to the number of proxies in front of the app; make sure the proxy passes the body unchanged',
        ),
      );
    }
    return out;
  }
  if (a.status >= 200 && a.status < 300) {
    return [
      ...out,
      error(
        'handlers-ran',
        `the app answered ${a.status} but not as a paywire doctor reply: its paywire predates doctor or this URL is not paywire — the test payment ${provider} may have reached your handlers`,
        "update @paywire/* in the app; make sure the URL is paywire's endpoint",
      ),
    ];
  }
  // a framework's own error page (Express's default handler) around paywire's error: take the code from the text
  const page = a.status >= 500 ? a.body : '';
  const code =
    json?.error?.code ??
    (/read the request body|already (?:parsed|consumed)/i.test(page)
      ? 'ERR_BODY_ALREADY_PARSED'
      : /\bERR_[A-Z_]+\b/.exec(page)?.[0]);
  if (code?.startsWith('ERR_')) return [...out, ...refused(provider, code, a, providers)];
  if (a.status === 404 || a.status === 405) {
    return [
      ...out,
      error(
        'wrong-path',
        `nothing at this URL answers as paywire (${a.status}, not a paywire error): the webhook endpoint is mounted at another path`,
        "pass the URL your app mounts the endpoint at (Express: app.use('/webhooks', paymentWebhooks(paywire)) → …/webhooks; NestJS: webhooks.path, default payments/webhooks, after the global prefix)",
      ),
    ];
  }
  const hint =
    a.status >= 500
      ? ' — a 500 page before paywire answers is often a middleware that read the body first (ERR_BODY_ALREADY_PARSED): mount the webhook router before it'
      : '';
  return [
    ...out,
    error(
      'unexpected',
      `the app answered ${a.status} ${a.body.slice(0, 200)}`,
      `look at the app's log for this request${hint}`,
    ),
  ];
}
