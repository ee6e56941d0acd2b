/**
 * One provider's side of the adapters' provider matrix (never built or published): the shape of the cases a provider
 * folder's `adapter-cases.ts` exports, and how it registers them. The matrix itself (every registry provider's cases,
 * loaded by name) is `./adapter-matrix.ts`; the adapters' tests import that one.
 *
 * A provider's file exports `adapterCases = defineAdapterCases('<name>', […])` and registers itself in
 * {@link ProvidersWithAdapterCases} (module augmentation, see `providers/waylet/adapter-cases.ts`).
 */
import type { PaymentEventType, PaywireStore, ProviderName, ProvidersOptions } from '../index.js';

/** A signed (or forged) delivery: what to POST, and where below `<mount>/<provider>`. */
export interface CaseDelivery {
  body: string;
  headers: Record<string, string>;
  /** Appended to `<mount>/<provider>`: a path after the provider segment (leading slash) and/or a query string. */
  suffix?: string;
}

/** A delivery that the provider must refuse with 401 (and no handler runs). */
export interface Forgery {
  /** What is wrong with it, e.g. `a signed field changed`, `the wrong secret`. */
  label: string;
  /** The forged delivery; `paymentId` as in {@link AdapterCase.signed}. May write to the store first. */
  delivery(store: PaywireStore, paymentId?: string): Promise<CaseDelivery>;
}

/** One provider, configured one way, as the adapters' tests see it. */
export interface AdapterCase<P extends ProviderName = ProviderName> {
  /** Test name: the provider's name for its first case, e.g. `paylican (token in the path)` for the others. */
  label: string;
  provider: P;
  /** Its options in the test app (this provider's entry of `providers` only). */
  options: Pick<ProvidersOptions, P>;
  /** The normalized type the signed delivery produces. */
  type: PaymentEventType;
  /** The provider's exact acknowledgement of the signed delivery. */
  ack: { status: number; contentType: string; body: string };
  /**
   * A correctly signed delivery, for the merchant's order `paymentId` when given (fresh ids otherwise, on every
   * call). May write to the store first (ETpay sessions).
   */
  signed(store: PaywireStore, paymentId?: string): Promise<CaseDelivery>;
  /** The signed delivery spoiled in each way the provider must refuse with 401 (at least one). */
  forgeries: readonly [Forgery, ...Forgery[]];
}

/** What a provider folder's `adapter-cases.ts` exports as `adapterCases`. */
export interface ProviderAdapterCases<P extends ProviderName = ProviderName> {
  provider: P;
  /**
   * Its cases: the first one (`main`) is its row in every adapter's matrix; the others (another way of configuring
   * it, e.g. each Paylican guard) are run by the Express matrix too.
   */
  cases: readonly [AdapterCase<P>, ...AdapterCase<P>[]];
  /** `cases[0]`. */
  main: AdapterCase<P>;
}

/**
 * The providers that have an `adapter-cases.ts`, each registered by its own file:
 * `declare module '../../__test-support__/adapter-cases.js' { interface ProvidersWithAdapterCases { <name>: … } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation, one per provider
export interface ProvidersWithAdapterCases {}

/** A provider's cases, checked: at least one, all for `provider`, `main` first. */
export function defineAdapterCases<P extends ProviderName>(
  provider: P,
  cases: readonly [AdapterCase<P>, ...AdapterCase<P>[]],
): ProviderAdapterCases<P> {
  for (const c of cases)
    if (c.provider !== provider) throw new Error(`adapter cases of ${provider}: "${c.label}" is for ${c.provider}`);
  return { provider, cases, main: cases[0] };
}
