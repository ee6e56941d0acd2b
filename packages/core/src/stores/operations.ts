import { isPaywireError, paywireError } from '../errors.js';
import type { MaybePromise } from '../lib/flow.js';
import type { PaywireStore } from './types.js';

/** The methods every `PaywireStore` has (v2). */
export const STORE_METHODS = [
  'claim',
  'renew',
  'release',
  'complete',
  'getPayment',
  'putPayment',
  'get',
  'set',
  'delete',
] as const;

type OperationName = (typeof STORE_METHODS)[number];
const NAMES: readonly OperationName[] = STORE_METHODS;

/**
 * The store operations the webhook runner calls, each answering its result or a promise of it: a store's own
 * methods (promises, their failures turned into `ERR_STORE_UNAVAILABLE`), or the synchronous operations behind
 * `memoryStore()`'s promises. Internal.
 */
export type StoreOperations = {
  [K in OperationName]: (...args: Parameters<PaywireStore[K]>) => MaybePromise<Awaited<ReturnType<PaywireStore[K]>>>;
};

interface Direct {
  operations: StoreOperations;
  /** The store's methods when it was registered: a store whose methods were replaced since is used through them. */
  methods: readonly unknown[];
}

const directs = new WeakMap<object, Direct>();

/**
 * Registers the synchronous operations behind the promises of `store` (the memory store does, for the very object
 * it returns). A copy (`{ ...memoryStore(), claim }`), a proxy or a store whose methods were replaced afterwards is
 * never matched, so it is always called through its methods.
 */
export function registerDirectOperations(store: PaywireStore, operations: StoreOperations): void {
  // compared by identity only, never called through this list
  // eslint-disable-next-line @typescript-eslint/unbound-method
  directs.set(store, { operations, methods: NAMES.map((name) => store[name]) });
}

/** The synchronous operations registered for this very `store`, while its methods are the registered ones. */
export function directOperations(store: PaywireStore): StoreOperations | undefined {
  const direct = directs.get(store);
  if (direct === undefined) return undefined;
  for (let i = 0; i < NAMES.length; i++) if (store[NAMES[i] as OperationName] !== direct.methods[i]) return undefined;
  return direct.operations;
}

/** The ledger operations: a store's, or an open transaction's. */
export type LedgerOperations = Pick<StoreOperations, 'getPayment' | 'putPayment'>;

/**
 * The ledger methods of a store or of an open transaction as {@link StoreOperations}, failures turned into
 * `ERR_STORE_UNAVAILABLE`.
 */
export function checkedLedger(access: Pick<PaywireStore, 'getPayment' | 'putPayment'>): LedgerOperations {
  return {
    getPayment: (provider, paymentId) => storeCall('getPayment', () => access.getPayment(provider, paymentId)),
    putPayment: (record, version, retentionMs) =>
      storeCall('putPayment', () => access.putPayment(record, version, retentionMs)),
  };
}

/**
 * A store's own methods as {@link StoreOperations}: a failure that is not a `PaywireError` becomes
 * `ERR_STORE_UNAVAILABLE`.
 */
export function checkedOperations(store: PaywireStore): StoreOperations {
  return {
    ...checkedLedger(store),
    claim: (key, leaseMs, owner, rememberMs) => storeCall('claim', () => store.claim(key, leaseMs, owner, rememberMs)),
    renew: (key, leaseMs, owner) => storeCall('renew', () => store.renew(key, leaseMs, owner)),
    release: (key, owner) => storeCall('release', () => store.release(key, owner)),
    complete: (key, ttlMs) => storeCall('complete', () => store.complete(key, ttlMs)),
    get: (key) => storeCall('get', () => store.get(key)),
    set: (key, value, ttlMs) => storeCall('set', () => store.set(key, value, ttlMs)),
    delete: (key) => storeCall('delete', () => store.delete(key)),
  };
}

/** Runs a store call; a failure that is not already a `PaywireError` becomes `ERR_STORE_UNAVAILABLE` (503). */
export async function storeCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isPaywireError(err)) throw err;
    throw paywireError(
      'ERR_STORE_UNAVAILABLE',
      `the store failed (${operation}); nothing was marked done, retry later`,
      { cause: err },
    );
  }
}
