// BoundedLog: a simulator's inspection log, keeping only its latest entries.
/** Entries a simulator's inspection logs keep unless told otherwise. */
export const defaultLogSize = 1_000;

/**
 * The newest `capacity` entries of a log, oldest first: a ring buffer, so a
 * simulator that answers requests for days holds the same memory as one
 * that answered a thousand.
 *
 * @example
 * const log = new BoundedLog<string>(2)
 * log.push('a'); log.push('b'); log.push('c')
 * log.toArray() // ['b', 'c']; log.dropped === 1
 */
export class BoundedLog<T> {
  private readonly items: T[] = [];
  private oldest = 0;
  private droppedCount = 0;

  /** @param capacity entries kept (a whole number of at least 1, or `Infinity`; default {@link defaultLogSize}) */
  constructor(readonly capacity: number = defaultLogSize) {
    if (!(capacity === Infinity || (Number.isSafeInteger(capacity) && capacity >= 1)))
      throw new RangeError(`a log keeps a whole number of entries, at least 1 (got ${capacity})`);
  }

  /** Appends an entry, dropping the oldest when full. */
  push(entry: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(entry);
      return;
    }
    this.items[this.oldest] = entry;
    this.oldest = (this.oldest + 1) % this.capacity;
    this.droppedCount += 1;
  }

  /** Entries held now. */
  get size(): number {
    return this.items.length;
  }

  /** Entries dropped to make room so far. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** A copy of the entries held, oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.oldest), ...this.items.slice(0, this.oldest)];
  }
}
