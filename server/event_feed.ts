// Tails the events table so every progress event reaches the server's streams, whichever
// process wrote it (a run launched here, or a CLI run in another process sharing
// history.db). One poller reads new rows into a shared window of recent rows; each
// follower keeps its own cursor (an event id) and reads from that window, or from the
// database when it has fallen behind it, so a reconnect with Last-Event-ID misses nothing.
// A store that fails while polling (a broken database) is logged in one line, once until it
// recovers, and polling goes on.
import { errorLine } from "../lib/util.ts";
import type { EventRow, Store } from "../lib/store/store.ts";

/** How often the table is read for rows written by other processes. */
export const POLL_INTERVAL_MS = 200;
/**
 * Recent rows kept in memory for followers (older ones are read from the database). Rows
 * are a few hundred bytes: 20,000 is a few MB, and followers of a burst share them instead
 * of each reading its own copy.
 */
const WINDOW_ROWS = 20_000;
/** Rows read per query, when polling or catching a follower up. */
const PAGE_ROWS = 500;

export interface FollowOptions {
  /** Only this run's events (all runs when absent). */
  runId?: string;
  /** Start after this event id; absent means from now on. */
  afterId?: number;
  /** Stops the follow (the generator returns). */
  signal: AbortSignal;
}

/** The shared tail of the events table. */
export class EventFeed {
  #rows: EventRow[] = [];
  /** Every row with floor < id <= cursor is in #rows. */
  #floor: number;
  #cursor: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #nudged = false;
  #stopped = false;
  #lastRunFinishedId = 0;
  #waiters = new Set<() => void>();
  #polling: Promise<number> | undefined;
  #pollAgain = false;
  #failing = false;

  /** A feed starting after the newest stored event. Rejects with the store's error. */
  static async open(store: Store, pollMs = POLL_INTERVAL_MS, windowRows = WINDOW_ROWS) {
    return new EventFeed(store, await store.maxEventId(), pollMs, windowRows);
  }

  private constructor(
    private readonly store: Store,
    startId: number,
    private readonly pollMs: number,
    private readonly windowRows: number,
  ) {
    this.#cursor = this.#floor = startId;
  }

  /** The newest event id seen so far. */
  get cursor(): number {
    return this.#cursor;
  }

  /** Id of the newest run_finished event seen since start (0: none): results changed then. */
  get lastRunFinishedId(): number {
    return this.#lastRunFinishedId;
  }

  /** Starts polling (idempotent). Without it, only nudge() and poll() bring rows in. */
  start() {
    this.#timer ??= setInterval(() => this.poll(), this.pollMs);
  }

  /** Stops polling and ends every follow. */
  stop() {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const wake of [...this.#waiters]) wake();
  }

  /** Polls soon (coalesced): called when this process just wrote an event. */
  nudge() {
    if (this.#nudged || this.#stopped) return;
    this.#nudged = true;
    queueMicrotask(() => {
      this.#nudged = false;
      this.poll();
    });
  }

  /**
   * Reads rows written since the last poll and wakes followers; returns how many (0 when
   * the store failed: logged, and tried again at the next poll). One poll at a time.
   */
  poll(): Promise<number> {
    if (this.#polling) {
      // Rows written after the running poll read its last page come in with the next one.
      this.#pollAgain = true;
      return this.#polling;
    }
    return this.#polling = this.#readNew()
      .then((n) => {
        if (this.#failing) console.error(`event feed: ${this.store.location} readable again`);
        this.#failing = false;
        return n;
      }, (e) => {
        if (!this.#failing) console.error(`event feed: ${errorLine(e)}`);
        this.#failing = true;
        return 0;
      })
      .finally(() => {
        this.#polling = undefined;
        if (this.#pollAgain && !this.#stopped) {
          this.#pollAgain = false;
          this.poll();
        }
      });
  }

  async #readNew(): Promise<number> {
    let n = 0;
    for (;;) {
      const page = await this.store.listEventsAfter(this.#cursor, undefined, PAGE_ROWS);
      if (page.length === 0) break;
      this.#rows.push(...page);
      this.#cursor = page[page.length - 1].id;
      for (const row of page) if (row.type === "run_finished") this.#lastRunFinishedId = row.id;
      n += page.length;
      if (page.length < PAGE_ROWS) break;
    }
    if (this.#rows.length > this.windowRows) {
      const dropped = this.#rows.splice(0, this.#rows.length - this.windowRows);
      this.#floor = dropped[dropped.length - 1].id;
    }
    if (n > 0) {
      const waiters = [...this.#waiters];
      this.#waiters.clear();
      for (const wake of waiters) wake();
    }
    return n;
  }

  /**
   * Yields events after `afterId`, oldest first, in batches (all that is at hand, so a burst
   * costs one write per batch), then live ones, until `signal` aborts or the feed stops.
   */
  async *follow({ runId, afterId, signal }: FollowOptions): AsyncGenerator<EventRow[]> {
    let seen = afterId ?? this.#cursor;
    while (!signal.aborted && !this.#stopped) {
      if (seen < this.#floor) {
        // Behind the window: catch up from the database, a page at a time.
        const upTo = this.#cursor;
        const page = await this.store.listEventsAfter(seen, runId, PAGE_ROWS);
        if (page.length) {
          seen = page[page.length - 1].id;
          yield page;
        }
        // A short page means nothing of ours is left at or below what was polled then.
        if (page.length < PAGE_ROWS) seen = Math.max(seen, upTo);
        continue;
      }
      // At most a page per batch: a slow client then holds one page of output, not a burst.
      const fresh = this.#rowsAfter(seen, PAGE_ROWS);
      seen = fresh.length === PAGE_ROWS ? fresh[fresh.length - 1].id : this.#cursor;
      const mine = runId ? fresh.filter((row) => row.run_id === runId) : fresh;
      if (mine.length && !signal.aborted) yield mine;
      if (seen >= this.#cursor) await this.#waitForRows(signal);
    }
  }

  #rowsAfter(id: number, limit: number): EventRow[] {
    // Binary search: #rows is sorted by id.
    let lo = 0, hi = this.#rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#rows[mid].id <= id) lo = mid + 1;
      else hi = mid;
    }
    return this.#rows.slice(lo, lo + limit);
  }

  #waitForRows(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.#waiters.delete(wake);
        signal.removeEventListener("abort", wake);
        resolve();
      };
      this.#waiters.add(wake);
      signal.addEventListener("abort", wake, { once: true });
      if (signal.aborted || this.#stopped) wake();
    });
  }
}
