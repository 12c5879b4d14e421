// Deadlines of many requests on one timer. A Node timer per request costs a read more than its own
// JavaScript does (each one re-arms the event loop's timer when the earliest deadline changes), and
// a read on a fast socket takes tens of microseconds. Here one timer is armed for the earliest
// deadline; requests that finish first leave it armed, and it fires at most once per deadline
// length when nothing expired. It keeps the process alive only while a request is waiting.

export class Deadlines<T> {
  readonly #onExpire: (item: T) => void;
  /** Each waiting item and when it expires (performance.now() ms). */
  readonly #items = new Map<T, number>();
  #timer: NodeJS.Timeout | null = null;
  /** When the timer fires (performance.now() ms). */
  #firesAt = Infinity;

  /** `onExpire` runs once for an item still waiting at its deadline (the item is removed first). */
  constructor(onExpire: (item: T) => void) {
    this.#onExpire = onExpire;
  }

  /** Starts `item`'s deadline, `ms` from now. */
  add(item: T, ms: number): void {
    const at = performance.now() + ms;
    this.#items.set(item, at);
    if (this.#timer === null || at < this.#firesAt) this.#arm(at);
    else if (this.#items.size === 1) this.#timer.ref();
  }

  /** Ends `item`'s deadline (it finished). */
  delete(item: T): void {
    if (this.#items.delete(item) && this.#items.size === 0) this.#timer?.unref();
  }

  /** Ends every deadline and the timer. */
  clear(): void {
    this.#items.clear();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#firesAt = Infinity;
  }

  #arm(at: number): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#firesAt = at;
    // +1: timers may fire a fraction of a millisecond early.
    this.#timer = setTimeout(this.#sweep, Math.max(0, at - performance.now()) + 1);
  }

  readonly #sweep = (): void => {
    this.#timer = null;
    this.#firesAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const [item, at] of this.#items) {
      if (at <= now) {
        this.#items.delete(item);
        this.#onExpire(item);
      } else if (at < next) next = at;
    }
    // onExpire may have added items (and armed the timer for them): arm for the earliest left.
    if (next < this.#firesAt && this.#items.size > 0) this.#arm(next);
  };
}
