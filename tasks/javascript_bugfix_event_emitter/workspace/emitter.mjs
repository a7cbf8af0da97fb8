// A small typed event emitter: on/once/off, wildcard listeners, listener limits and
// Node-style "error" events.

/** Event name whose listeners receive every event, prefixed with the event name. */
export const WILDCARD = '*';

const DEFAULT_MAX_LISTENERS = 10;

/**
 * @typedef {object} Registration
 * @property {string | symbol} event
 * @property {Function} listener
 * @property {boolean} active false once removed
 */

/**
 * @template {Record<string | symbol, unknown[]>} [Events=Record<string | symbol, unknown[]>]
 */
export class Emitter {
  /** @type {Map<string | symbol, Registration[]>} */
  #registry = new Map();
  #maxListeners = DEFAULT_MAX_LISTENERS;
  #onWarning;
  /** Events already warned about, so each warns at most once. */
  #warned = new Set();

  /**
   * @param {{maxListeners?: number, onWarning?: (message: string) => void}} [options]
   */
  constructor({ maxListeners = DEFAULT_MAX_LISTENERS, onWarning = (message) => console.warn(message) } = {}) {
    this.setMaxListeners(maxListeners);
    this.#onWarning = onWarning;
  }

  /**
   * Registers `listener` for `event`; returns a function that removes this registration.
   * @template {keyof Events} K
   * @param {K} event
   * @param {(...args: Events[K]) => void} listener
   * @returns {() => void}
   * @throws {TypeError} if listener is not a function
   */
  on(event, listener) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const registration = { event, listener, active: true };
    let list = this.#registry.get(event);
    if (!list) {
      list = [];
      this.#registry.set(event, list);
    }
    list.push(registration);
    this.#checkLimit(event, list.length);
    return () => {
      this.#remove(registration);
    };
  }

  /**
   * Like `on`, but the registration is removed right before its first call.
   * @template {keyof Events} K
   * @param {K} event
   * @param {(...args: Events[K]) => void} listener
   * @returns {() => void}
   */
  once(event, listener) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const wrapper = (...args) => {
      this.off(event, wrapper);
      listener.apply(this, args);
    };
    return this.on(event, wrapper);
  }

  /**
   * Removes the most recently added registration of `listener` for `event`.
   * @returns {boolean} whether a registration was removed
   */
  off(event, listener) {
    const list = this.#registry.get(event) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].listener === listener) return this.#remove(list[i]);
    }
    return false;
  }

  /**
   * Calls the listeners of `event`, then the wildcard listeners.
   * @template {keyof Events} K
   * @param {K} event
   * @param {Events[K]} args
   * @returns {boolean} whether any listener was called
   * @throws the error argument of an "error" event that has no listener
   */
  emit(event, ...args) {
    if (event === 'error' && !this.#registry.has('error')) {
      const [error] = args;
      throw error instanceof Error ? error : new Error(`Unhandled error event: ${String(error)}`);
    }
    let called = false;
    for (const registration of this.#registry.get(event) ?? []) {
      called = true;
      registration.listener.apply(this, args);
    }
    if (event !== WILDCARD) {
      for (const registration of this.#registry.get(WILDCARD) ?? []) {
        called = true;
        registration.listener.call(this, event, ...args);
      }
    }
    return called;
  }

  /** Number of registrations for `event`. */
  listenerCount(event) {
    return this.#registry.get(event)?.length ?? 0;
  }

  /** The registered functions for `event`, in call order (a copy). */
  listeners(event) {
    return (this.#registry.get(event) ?? []).map((registration) => registration.listener);
  }

  /** Removes every registration of `event`, or of all events when called without one. */
  removeAllListeners(...events) {
    const targets = events.length === 0 ? [...this.#registry.keys()] : [events[0]];
    for (const event of targets) {
      for (const registration of this.#registry.get(event) ?? []) registration.active = false;
      this.#registry.delete(event);
    }
    return this;
  }

  /**
   * @param {number} n a non-negative integer or Infinity; 0 disables the warning
   * @throws {RangeError} for any other value
   */
  setMaxListeners(n) {
    if (!(n === Infinity || (Number.isInteger(n) && n >= 0))) {
      throw new RangeError(`maxListeners must be a non-negative integer or Infinity, got ${String(n)}`);
    }
    this.#maxListeners = n;
    return this;
  }

  getMaxListeners() {
    return this.#maxListeners;
  }

  #remove(registration) {
    if (!registration.active) return false;
    registration.active = false;
    const list = this.#registry.get(registration.event);
    list.splice(list.indexOf(registration), 1);
    return true;
  }

  #checkLimit(event, count) {
    const max = this.#maxListeners;
    if (max === 0 || count < max || this.#warned.has(event)) return;
    this.#warned.add(event);
    this.#onWarning(`Possible memory leak: ${count} listeners for "${String(event)}" (max ${max})`);
  }
}
