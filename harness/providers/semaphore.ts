// Bounds parallel model calls per provider (--max-connections), independently of how many
// attempts run at once: a rate-limited endpoint or a single local GPU sees at most N calls,
// while other attempts keep grading.

/** Parallel calls per provider when --max-connections is not given. */
export const DEFAULT_MAX_CONNECTIONS = 8;

/** A counting semaphore with FIFO waiters; waiting can be cancelled by a signal. */
export class Semaphore {
  #free: number;
  #waiters: { grant: () => void; signal?: AbortSignal; onAbort: () => void }[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`semaphore size ${size} < 1`);
    this.#free = size;
  }

  /** Calls holding a slot now. */
  get active(): number {
    return this.size - this.#free;
  }

  /** Waits for a slot; resolves to its release function. Rejects with the abort reason. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const grant = () => resolve(this.#releaser());
      if (this.#free > 0) {
        this.#free--;
        return grant();
      }
      const waiter = {
        grant,
        signal,
        onAbort: () => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          reject(signal!.reason);
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Runs `fn` holding a slot. */
  async use<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) {
        next.signal?.removeEventListener("abort", next.onAbort);
        next.grant();
      } else this.#free++;
    };
  }
}

/** One semaphore per provider key (e.g. `openrouter`), all of the same size. */
export class ConnectionLimits {
  #byKey = new Map<string, Semaphore>();

  constructor(readonly perProvider = DEFAULT_MAX_CONNECTIONS) {}

  /** The semaphore shared by every model of provider `key`. */
  for(key: string): Semaphore {
    let s = this.#byKey.get(key);
    if (!s) this.#byKey.set(key, s = new Semaphore(this.perProvider));
    return s;
  }
}
