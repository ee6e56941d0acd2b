import type { Callback, RetryRule } from './deliver.js';
import type { Router } from './http.js';
import type { SandboxPayment, SandboxState } from './state.js';

/** Where the sandbox sends callbacks configured in a merchant profile (not per payment). */
export interface MerchantProfile {
  /** Paylican's webhook URL (set at onboarding at the real provider). @default http://127.0.0.1:3000/webhooks/paylican?token=<sandbox token> */
  paylicanWebhookUrl: string;
  /** Paykassma's postback URL. @default http://127.0.0.1:3000/webhooks/paykassma */
  paykassmaPostbackUrl: string;
  /** Paykassma's postback format: the current flat body, or the legacy `transactions` body. @default 'flat' */
  paykassmaPostbackFormat?: 'flat' | 'legacy';
  /** ETpay's notification URL when a session names none. @default http://127.0.0.1:3000/webhooks/etpay */
  etpayWebhookUrl: string;
  /**
   * The currency of the Paylican merchant account. Paylican's API and webhooks carry no currency (it is fixed at
   * onboarding), so the sandbox shows this one next to Paylican amounts. @default 'XAF'
   */
  paylicanCurrency: string;
}

/** What each provider emulator gets. */
export interface EmulatorContext {
  router: Router;
  state: SandboxState;
  merchant: MerchantProfile;
  /** Milliseconds between callback retries. */
  retryIntervalMs: number;
  /** The sandbox's base URL, known once it listens. */
  baseUrl(): string;
  /** Starts delivering a callback in the background (tracked so `close()` can stop it). */
  send(payment: SandboxPayment, callback: Callback, rule: RetryRule): Promise<boolean>;
  /** Runs `task` after `ms` (tracked like a delivery, so `settled()` waits for it and `close()` cancels it). */
  later(ms: number, task: () => void): void;
}

/** A provider emulator registers its routes. */
export type Emulator = (ctx: EmulatorContext) => void;
