/**
 * A set of keys with an expiry, oldest write first out, at most `max` of them: the done markers of
 * `memoryStore()` (most of its entries), on the {@link ExpiringMap} that `BoundedMap` (its other records) uses
 * too. Built for the bytes per key:
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
  readonly #map: ExpiringMap<number>;

  /**
   * @param max most keys kept
   * @param now the clock (ms)
   * @param onEvict called with each live key dropped to stay within `max`
   */
  constructor(max: number, now: () => number, onEvict: (key: string) => void = () => {}) {
    this.#map = new ExpiringMap<number>(max, now, (expiry) => expiry, onEvict);
  }

  /** Keys held (expired ones not swept yet included). */
  get size(): number {
    return this.#map.size;
  }

  /** True when `key` is held and has not expired (an expired key is dropped on the way). */
  has(key: string): boolean {
    return this.#map.get(key) !== undefined;
  }

  /** Writes `key` as the youngest entry, expiring at `expiresAt` (ms); sweeps up to two expired keys. */
  add(key: string, expiresAt: number): void {
    this.#map.set(key, this.#map.sinceEpoch(expiresAt));
  }

  /** Removes `key`. */
  delete(key: string): void {
    this.#map.delete(key);
  }
}

/**
 * The mechanism under {@link ExpiringKeys} and `BoundedMap`: one `Map` of key → value in write order, each value
 * carrying its expiry (ms since the map's creation, read by `expiryOf`), at most `max` entries, the oldest write
 * first out, with a live cursor on the oldest entry so eviction never walks deleted slots. One lookup per read.
 * @internal
 */
export class ExpiringMap<T> {
  readonly #entries = new Map<string, T>();
  #cursor: IterableIterator<[string, T]>;
  /** The entry under the cursor, not consumed yet: the oldest one unless it was deleted or written since. */
  #head: [string, T] | undefined;
  readonly #epoch: number;

  /**
   * @param max most entries kept
   * @param now the clock (ms)
   * @param expiryOf a value's expiry, in ms since the map's creation (see {@link ExpiringMap.sinceEpoch})
   * @param onEvict called with each live key dropped to stay within `max`
   */
  constructor(
    private readonly max: number,
    private readonly now: () => number,
    private readonly expiryOf: (value: T) => number,
    private readonly onEvict: (key: string) => void = () => {},
  ) {
    this.#epoch = now();
    this.#cursor = this.#entries.entries();
  }

  /** A clock time (ms) as ms since the map's creation: a small integer V8 keeps unboxed, for spans under 12 days. */
  sinceEpoch(at: number): number {
    return at - this.#epoch;
  }

  /** Entries held (expired ones not swept yet included). */
  get size(): number {
    return this.#entries.size;
  }

  /** The live value of `key`, or `undefined` (an expired entry is dropped on the way). */
  get(key: string): T | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    if (this.expiryOf(value) > this.now() - this.#epoch) return value;
    this.delete(key);
    return undefined;
  }

  /** Writes `key` as the youngest entry; sweeps up to two expired entries and enforces the bound. */
  set(key: string, value: T): void {
    key.charCodeAt(0); // flattens a concatenated key in place, so the Map keeps one flat string
    const entries = this.#entries;
    const size = entries.size;
    entries.set(key, value); // one lookup for a new key (most writes; in a big map, a lookup is cache misses)
    if (entries.size === size) {
      // a rewrite, which `Map#set` leaves in its place: moved to the end of the write order
      this.delete(key);
      entries.set(key, value);
    }
    const now = this.now() - this.#epoch;
    for (let i = 0; i < 2; i++) {
      const head = this.#oldest();
      if (head === undefined || this.expiryOf(head[1]) > now) break;
      this.delete(head[0]);
    }
    while (this.#entries.size > this.max) {
      const head = this.#oldest();
      if (head === undefined) break;
      this.delete(head[0]);
      this.onEvict(head[0]);
    }
  }

  /** Removes `key`. */
  delete(key: string): void {
    if (this.#head !== undefined && this.#head[0] === key) this.#head = undefined; // the cursor moves on
    this.#entries.delete(key);
  }

  /**
   * The oldest entry. The cursor already skips entries deleted before it reaches them (a `Map` iterator does);
   * the one it holds is dropped by {@link ExpiringMap.delete}, so what it holds is always live.
   */
  #oldest(): [string, T] | undefined {
    if (this.#head !== undefined) return this.#head;
    let next = this.#cursor.next();
    if (next.done) {
      // the cursor ran off the end (every entry it passed is gone): start again at the first entry
      this.#cursor = this.#entries.entries();
      next = this.#cursor.next();
      if (next.done) return undefined;
    }
    return (this.#head = next.value);
  }
}
