import type { ProviderName } from '@paywire/core';

/** One attempt to deliver a callback to the merchant, with the merchant's answer. */
export interface CallbackAttempt {
  at: Date;
  url: string;
  /** What was sent, for the dashboard (a short description, e.g. `PAID`). */
  label: string;
  /** The merchant's HTTP status; undefined when no answer came. */
  status: number | undefined;
  /** The start of the merchant's answer body, or the network error. */
  answer: string;
  /** True when this answer stops the retries. */
  accepted: boolean;
}

/** A payment the sandbox knows. */
export interface SandboxPayment {
  provider: ProviderName;
  /** The provider's id for it (wayletPaymentId, invoiceId, session token…). */
  id: string;
  /** The merchant's reference. */
  reference: string;
  amount: string;
  currency: string;
  status: string;
  createdAt: Date;
  /** Provider-specific data the emulator keeps. */
  data: Record<string, unknown>;
  attempts: CallbackAttempt[];
}

/** The sandbox's in-memory state: payments by provider and id. */
export class SandboxState {
  readonly #payments = new Map<string, SandboxPayment>();

  add(payment: Omit<SandboxPayment, 'createdAt' | 'attempts'>): SandboxPayment {
    const full: SandboxPayment = { ...payment, createdAt: new Date(), attempts: [] };
    this.#payments.set(`${payment.provider}:${payment.id}`, full);
    return full;
  }

  get(provider: ProviderName, id: string): SandboxPayment | undefined {
    return this.#payments.get(`${provider}:${id}`);
  }

  find(provider: ProviderName, predicate: (p: SandboxPayment) => boolean): SandboxPayment | undefined {
    for (const p of this.#payments.values()) if (p.provider === provider && predicate(p)) return p;
    return undefined;
  }

  list(provider?: ProviderName): SandboxPayment[] {
    return [...this.#payments.values()].filter((p) => !provider || p.provider === provider).reverse();
  }
}
