/**
 * A set of keys with an expiry, oldest write first out, at most `max` of them: the done markers of
 * `memoryStore()` (most of its entries), and under {@link BoundedMap} its other records. Built for the bytes per key:
 * - one `Map` of key → expiry, the expiry counted in ms from the set's creation: a small integer that V8 keeps
 *   inside the entry (a timestamp would be a boxed number), for spans under 12 days; longer ones still work;
 * - keys are flattened before they are kept: a key built by concatenation is a tree of string pieces that a
 *   `Map` would keep whole (three times the size);
 * - write order is the `Map`'s own: a cursor (a live iterator) stays on the oldest entry, so eviction never walks
 *   the slots of deleted keys from the start again.
 * Every operation is O(1) amortized.
 * @internal
 */
export class ExpiringKeys {
  readonly #expiries = new Map<string, number>();
  #cursor: IterableIterator<[string, number]>;
  /** The entry under the cursor, not consumed yet: the oldest one unless it was deleted or written since. */
  #head: [string, number] | undefined;
  readonly #epoch: number;

  /**
   * @param max most keys kept
   * @param now the clock (ms)
   * @param onEvict called with each live key dropped to stay within `max`
   * @param onDrop called with every key the set drops by itself: expired, or evicted (before `onEvict`)
   */
  constructor(
    private readonly max: number,
    private readonly now: () => number,
    private readonly onEvict: (key: string) => void = () => {},
    private readonly onDrop: (key: string) => void = () => {},
  ) {
    this.#epoch = now();
    this.#cursor = this.#expiries.entries();
  }

  /** Keys held (expired ones not swept yet included). */
  get size(): number {
    return this.#expiries.size;
  }

  /** True when `key` is held and has not expired (an expired key is dropped on the way). */
  has(key: string): boolean {
    const expiry = this.#expiries.get(key);
    if (expiry === undefined) return false;
    if (expiry > this.now() - this.#epoch) return true;
    this.delete(key);
    this.onDrop(key);
    return false;
  }

  /** Writes `key` as the youngest entry, expiring at `expiresAt` (ms); sweeps up to two expired keys. */
  add(key: string, expiresAt: number): void {
    key.charCodeAt(0); // flattens a concatenated key in place, so the Map keeps one flat string
    this.delete(key); // a rewrite moves the key to the end of the write order
    this.#expiries.set(key, expiresAt - this.#epoch);
    const now = this.now() - this.#epoch;
    for (let i = 0; i < 2; i++) {
      const head = this.#oldest();
      if (head === undefined || head[1] > now) break;
      this.delete(head[0]);
      this.onDrop(head[0]);
    }
    while (this.#expiries.size > this.max) {
      const head = this.#oldest();
      if (head === undefined) break;
      this.delete(head[0]);
      this.onDrop(head[0]);
      this.onEvict(head[0]);
    }
  }

  /** Removes `key`. */
  delete(key: string): void {
    if (this.#head !== undefined && this.#head[0] === key) this.#head = undefined; // the cursor moves on
    this.#expiries.delete(key);
  }

  /**
   * The oldest entry. The cursor already skips entries deleted before it reaches them (a `Map` iterator does);
   * the one it holds is dropped by {@link ExpiringKeys.delete}, so what it holds is always live.
   */
  #oldest(): [string, number] | undefined {
    if (this.#head !== undefined) return this.#head;
    let next = this.#cursor.next();
    if (next.done) {
      // the cursor ran off the end (every entry it passed is gone): start again at the first entry
      this.#cursor = this.#expiries.entries();
      next = this.#cursor.next();
      if (next.done) return undefined;
    }
    return (this.#head = next.value);
  }
}
