import { z } from 'zod';
import { baseUrlString, secretString } from '../../lib/config.js';

const httpUrl = () => z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/** Options of the ETpay provider (one set per environment: sandbox, pre-production, production). */
export const etpayConfigSchema = z.object({
  /** Services URL (sessions, status), e.g. `https://api-sandbox.etpay.com`. Given at onboarding. */
  apiUrl: baseUrlString(),
  /** Payment gateway URL the customer is sent to, e.g. `https://pmt-sandbox.etpay.com`. Given at onboarding. */
  pmtUrl: baseUrlString(),
  /** Your merchant code, issued by ETpay. */
  merchantCode: z.string({ error: 'is required (a non-empty string)' }).min(1, 'must not be empty'),
  /** Authenticates API calls. Sent in the JSON body (ETpay's design); redacted from every log line and error. */
  merchantApiToken: secretString(),
  /** Clock skew allowed when checking a notification's `exp` / `nbf` claims, in seconds. @default 30 */
  clockToleranceSec: z
    .number()
    .int('must be an integer')
    .nonnegative('must not be negative')
    .max(3600, 'must be at most 3600')
    .default(30),
  /**
   * How long a session's signature token is kept in the store after `initializeSession`: a notification that
   * arrives later is refused (`ERR_SESSION_UNKNOWN`). Keep it above the longest time a customer may take to pay
   * plus ETpay's retry window. @default 86400000 (24 hours)
   */
  sessionTtlMs: z
    .number()
    .int('must be an integer')
    .positive('must be positive')
    .default(24 * 3600 * 1000),
  /**
   * Ask `check_payment_status` before dispatching each notification and refuse it (`ERR_PAYMENT_MISMATCH`, 422)
   * when ETpay's answer disagrees. An unreachable API answers 5xx so ETpay redelivers. @default false
   */
  confirmWithApi: z.boolean().default(false),
  /** Default `payment_completed_url` for sessions that do not name one. */
  paymentCompletedUrl: httpUrl().optional(),
  /** Default `payment_cancellation_url` for sessions that do not name one. */
  paymentCancellationUrl: httpUrl().optional(),
  /** Default `payment_webhook_url` (where ETpay posts the notification) for sessions that do not name one. */
  paymentWebhookUrl: httpUrl().optional(),
});

/** ETpay options as you write them. */
export type EtpayOptions = z.input<typeof etpayConfigSchema>;
/** ETpay options after defaults. */
export type EtpayConfig = z.output<typeof etpayConfigSchema>;
