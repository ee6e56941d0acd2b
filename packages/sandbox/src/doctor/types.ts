/** Types of `paywire doctor`. */
import type { Dispatcher } from 'undici';

/** What the doctor needs of each provider's configuration: the same objects `createPaywire({ providers })` takes. */
export interface DoctorProviders {
  waylet?: { secret: string };
  paylican?: {
    webhookAuth: {
      token?: string;
      tokenIn?: 'query' | 'path';
      queryParam?: string;
      basic?: { username: string; password: string };
      allowIps?: string[];
      trustProxy?: boolean | number;
      insecureNoAuth?: true;
    };
  };
  paykassma?: { postbackAccessKey: string; postbackPrivateKey: string };
  /** ETpay signs with a per-session token, so any object turns the ETpay check on. */
  etpay?: object;
}

/** Options of {@link doctor}. */
export interface DoctorOptions {
  /** The app's webhook base URL: the doctor posts to `<url>/<provider>`, e.g. `http://127.0.0.1:3000/webhooks`. */
  url: string;
  /** The app's provider options (extra members are ignored, so `paywireOptions.providers` works as is). */
  providers: DoctorProviders;
  /** Per-request timeout. @default 5000 */
  timeoutMs?: number;
  /** Largest clock difference not reported. @default 30000 */
  maxClockSkewMs?: number;
  /** undici dispatcher (tests). @default undici's global dispatcher */
  dispatcher?: Dispatcher;
}

/** What a diagnosis is about. */
export type DiagnosisCode =
  | 'ok'
  | 'unreachable'
  | 'wrong-path'
  | 'not-configured'
  | 'wrong-secret'
  | 'body-consumed'
  | 'guard-missing'
  | 'guard-mismatch'
  | 'ip-refused'
  | 'proxy'
  | 'clock-skew'
  | 'media-type'
  | 'session-check'
  | 'handlers-ran'
  | 'unexpected';

/** One finding, with what to do about it. */
export interface Diagnosis {
  code: DiagnosisCode;
  /** `error`: webhooks from this provider fail (or are unsafe); `warning`: they work, with a risk; `info`: fine. */
  severity: 'error' | 'warning' | 'info';
  /** What the doctor saw and what it means. */
  message: string;
  /** What to change. Empty for `info`. */
  fix: string;
}

/** The doctor's result for one provider. */
export interface ProviderCheck {
  provider: string;
  /** Where the test delivery went. */
  url: string;
  /** The app's HTTP status, when it answered. */
  status?: number;
  /** paywire's `ERR_*` code in the answer, when there was one. */
  code?: string;
  diagnoses: Diagnosis[];
}

/** The doctor's report. */
export interface DoctorReport {
  /** `true` when no diagnosis is an `error`. */
  ok: boolean;
  checks: ProviderCheck[];
}
