/**
 * What TSDoc `@example` blocks take from the app around them. Each ```ts block under an `@example` tag in
 * packages/&#42;/src is type-checked as its own module beside the file it documents, with these declarations in scope
 * (test/tsdoc-examples.test.ts); everything a block imports is real. Names used by one example only are declared in
 * that example.
 */
/** The app's paywire instance, every provider configured. */
declare const paywire: import('@paywire/core').Paywire<'waylet' | 'paylican' | 'paykassma' | 'etpay'>;
/** An Express app and the request/response of one of its handlers. */
declare const app: import('express').Express;
declare const req: import('express').Request;
declare const res: import('express').Response;
/** A payment event, as a handler receives it. */
declare const event: import('@paywire/core').PaymentEvent;
/** A webhook's body, byte for byte, and its headers. */
declare const rawBody: Buffer;
declare const headers: Record<string, string | string[] | undefined>;
declare const store: import('@paywire/core').PaywireStore;
/** The providers' options (`createPaywire({ providers })`), and their credentials and URLs. */
declare const providers: import('@paywire/core').ProvidersOptions;
declare const secret: string;
declare const commerceId: string;
declare const apiKey: string;
declare const baseUrl: string;
declare const callbackUrl: string;
declare const signatureToken: string;
declare const accessKey: string;
declare const privateKey: string;
/** An ETpay notification's JWT, its session token, its verified claims and the session the app saved. */
declare const jwt: string;
declare const sessionToken: string;
declare const claims: import('@paywire/core/etpay').EtpayNotificationClaims;
declare const session: import('@paywire/core/etpay').EtpaySessionRecord;
/** The app's own services. */
declare const db: { etpaySessions: { find(sessionToken: string): Promise<{ signatureToken: string } | undefined> } };
declare const orders: { markPaid(paymentId: string | number | undefined, amount?: unknown): Promise<void> };
declare const mailer: { receipt(paymentId: string | undefined, attempt?: number): Promise<void> };
declare function markOrderPaid(event: import('@paywire/core').PaymentEvent): Promise<void>;
declare const logger: import('@paywire/core').PaywireLogger;
