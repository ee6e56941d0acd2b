/** One entry of a {@link BoundedMap}: a node of its doubly linked list. */
interface Node<V> {
  key: string;
  value: V;
  expiresAt: number;
  prev: Node<V> | undefined;
  next: Node<V> | undefined;
}

/**
 * A map with expiry and a size bound, oldest write first out. Every operation is O(1): a `Map` finds the node,
 * a doubly linked list keeps write order, so eviction unlinks the head directly (iterating a `Map` from its start
 * would walk over the slots of every key deleted since its last rehash).
 * @internal
 */
export class BoundedMap<V> {
  private readonly nodes = new Map<string, Node<V>>();
  private head: Node<V> | undefined;
  private tail: Node<V> | undefined;

  /**
   * @param max most entries kept
   * @param now the clock
   * @param onEvict called with each live entry dropped to stay within `max`
   */
  constructor(
    private readonly max: number,
    private readonly now: () => number,
    private readonly onEvict: (key: string) => void = () => {},
  ) {}

  /** Entries held (expired ones not swept yet included). */
  get size(): number {
    return this.nodes.size;
  }

  /** The live entry of `key`, or `undefined` (an expired entry is dropped on the way). */
  get(key: string): { value: V; expiresAt: number } | undefined {
    const node = this.nodes.get(key);
    if (node && node.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    return node;
  }

  /** Writes `key` as the youngest entry, then sweeps up to two expired entries and enforces the bound. */
  set(key: string, value: V, expiresAt: number): void {
    this.delete(key);
    const node: Node<V> = { key, value, expiresAt, prev: this.tail, next: undefined };
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.nodes.set(key, node);
    const now = this.now();
    for (let i = 0; i < 2 && this.head && this.head.expiresAt <= now; i++) this.delete(this.head.key);
    while (this.nodes.size > this.max && this.head) {
      const oldest = this.head.key;
      this.delete(oldest);
      this.onEvict(oldest);
    }
  }

  /** Removes `key`. */
  delete(key: string): void {
    const node = this.nodes.get(key);
    if (!node) return;
    this.nodes.delete(key);
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = undefined;
  }
}
