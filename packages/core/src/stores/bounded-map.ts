import { ExpiringKeys } from './expiring-keys.js';

/**
 * A map with expiry and a size bound, oldest write first out: {@link ExpiringKeys} (which keeps the write order,
 * the expiries, the sweeping and the bound, O(1) each) plus the values. The memory store's leases, values and
 * ledger records.
 * @internal
 */
export class BoundedMap<V> {
  readonly #keys: ExpiringKeys;
  readonly #values = new Map<string, V>();

  /**
   * @param max most entries kept
   * @param now the clock
   * @param onEvict called with each live entry dropped to stay within `max`
   */
  constructor(max: number, now: () => number, onEvict: (key: string) => void = () => {}) {
    this.#keys = new ExpiringKeys(max, now, onEvict, (key) => this.#values.delete(key));
  }

  /** Entries held (expired ones not swept yet included). */
  get size(): number {
    return this.#keys.size;
  }

  /** The live value of `key`, or `undefined` (an expired entry is dropped on the way). */
  get(key: string): V | undefined {
    return this.#keys.has(key) ? this.#values.get(key) : undefined;
  }

  /** Writes `key` as the youngest entry; sweeps up to two expired entries and enforces the bound. */
  set(key: string, value: V, expiresAt: number): void {
    this.#values.set(key, value);
    this.#keys.add(key, expiresAt);
  }

  /** Removes `key`. */
  delete(key: string): void {
    this.#keys.delete(key);
    this.#values.delete(key);
  }
}
