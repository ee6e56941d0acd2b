/**
 * What README snippets take from the app around them. Each README ```ts block is type-checked as its own module
 * with these declarations in scope (test/readme-blocks.test.ts); everything a block imports is real.
 */
declare const paywire: import('@paywire/core').Paywire<'waylet' | 'paylican' | 'paykassma' | 'etpay'>;
declare const app: import('express').Express;
declare const req: import('express').Request;
declare const res: import('express').Response;
declare const rawBody: Buffer;
declare const headers: Record<string, string | string[] | undefined>;
declare const query: string;
declare const remoteAddress: string | undefined;
declare const store: import('@paywire/core').PaywireStore;
declare const input: import('@paywire/core/waylet').StartPaymentInput;
declare const baseUrl: string;
declare const apiKey: string;
declare const commerceId: string;
declare const secret: string;
declare const urlOk: string;
declare const urlKo: string;
declare const urlClose: string;
declare const customer: string;
declare const callbackUrl: string;
declare const items: { units: number; description: string; unitPrice: number; totalPrice: number }[];
declare const paykassmaPostbackUrl: string;
declare const paylicanWebhookUrl: string;
declare const etpayWebhookUrl: string;
declare const orders: { markPaid(paymentId: string | undefined, amount: unknown): Promise<void> };
declare const audit: { log(event: unknown): void; record(...args: unknown[]): void };
declare const db: { etpaySessions: { find(sessionToken: string): Promise<{ signatureToken: string } | undefined> } };
declare function markOrderPaid(event: import('@paywire/core').PaymentEvent): Promise<void>;
/** The app's mail service (packages/core/README.md, per-handler idempotency). */
declare const mailer: { receipt(paymentId: string | undefined): Promise<void> };
/** The app's handler the postgres README defines in the block before it uses it (packages/postgres/README.md). */
declare function creditOrder(
  event: import('@paywire/core').PaymentEvent,
  context: import('@paywire/core').PaymentContext,
): Promise<void>;
/** The app's root module (a Nest app always has one). */
declare class AppModule {}
