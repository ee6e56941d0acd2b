import { ExpiringMap } from './expiring-keys.js';

/** A value and its expiry (ms since the map's creation). */
interface Entry<V> {
  readonly value: V;
  readonly at: number;
}

const expiryOf = (entry: Entry<unknown>): number => entry.at;

/**
 * A map with expiry and a size bound, oldest write first out: an {@link ExpiringMap} of value + expiry (write
 * order, expiries, sweeping and the bound, O(1) each, one lookup per read). The memory store's leases, values and
 * ledger records.
 * @internal
 */
export class BoundedMap<V> {
  readonly #map: ExpiringMap<Entry<V>>;

  /**
   * @param max most entries kept
   * @param now the clock
   * @param onEvict called with each live entry dropped to stay within `max`
   */
  constructor(max: number, now: () => number, onEvict: (key: string) => void = () => {}) {
    this.#map = new ExpiringMap<Entry<V>>(max, now, expiryOf, onEvict);
  }

  /** Entries held (expired ones not swept yet included). */
  get size(): number {
    return this.#map.size;
  }

  /** The live value of `key`, or `undefined` (an expired entry is dropped on the way). */
  get(key: string): V | undefined {
    return this.#map.get(key)?.value;
  }

  /** Writes `key` as the youngest entry; sweeps up to two expired entries and enforces the bound. */
  set(key: string, value: V, expiresAt: number): void {
    this.#map.set(key, { value, at: this.#map.sinceEpoch(expiresAt) });
  }

  /** Removes `key`. */
  delete(key: string): void {
    this.#map.delete(key);
  }
}
