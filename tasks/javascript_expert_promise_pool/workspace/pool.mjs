// Promise pool: runs async task functions with a concurrency limit.
// See instructions.md for the full contract.

/** Rejection reason of a task that did not settle within `timeoutMs`. */
export class TimeoutError extends Error {
  /**
   * @param {number} index index of the task that timed out
   * @param {number} ms the timeout that elapsed
   */
  constructor(index, ms) {
    super(`Task ${index} timed out after ${ms} ms`);
    this.name = 'TimeoutError';
    this.index = index;
    this.ms = ms;
  }
}

/** Rejection reason of a pool whose `signal` was aborted. */
export class AbortError extends Error {
  /** @param {unknown} reason the aborted signal's reason */
  constructor(reason) {
    super('The pool was aborted');
    this.name = 'AbortError';
    this.reason = reason;
  }
}

/**
 * Run `tasks` with at most `options.concurrency` of them in flight.
 *
 * @param {Array<(ctx: {index: number, signal: AbortSignal}) => unknown>} tasks
 * @param {{
 *   concurrency?: number,
 *   mode?: 'failFast' | 'settleAll',
 *   signal?: AbortSignal,
 *   timeoutMs?: number,
 *   timers?: { setTimeout: (fn: () => void, ms: number) => unknown, clearTimeout: (handle: unknown) => void },
 *   onProgress?: (event: {index: number, status: 'fulfilled' | 'rejected', completed: number, total: number}) => void,
 * }} [options]
 * @returns {Promise<unknown[]>}
 */
export async function runPool(tasks, options = {}) {
  throw new Error('runPool: not implemented');
}
