// RFC 6902 JSON Patch over RFC 6901 JSON Pointers.
// See instructions.md for the exact semantics and error rules.

/** Base class of every error this module throws. */
export class JsonPatchError extends Error {
  /**
   * @param {string} message
   * @param {{operationIndex?: number | null, operation?: unknown}} [details]
   *   index and object of the failing operation, or null outside applyPatch
   */
  constructor(message, { operationIndex = null, operation = null } = {}) {
    super(message);
    this.name = new.target.name;
    this.operationIndex = operationIndex;
    this.operation = operation;
  }
}

/** The patch or one of its operations is malformed. */
export class InvalidPatchError extends JsonPatchError {}

/** A JSON Pointer string is malformed. */
export class InvalidPointerError extends InvalidPatchError {}

/** A location that must exist does not (or cannot be created). */
export class PathNotFoundError extends JsonPatchError {}

/** A "test" operation found a different value. */
export class TestFailedError extends JsonPatchError {}

/**
 * Decodes a JSON Pointer into its reference tokens.
 * @param {string} pointer
 * @returns {string[]}
 */
export function parsePointer(pointer) {
  throw new Error('parsePointer: not implemented');
}

/**
 * Encodes reference tokens as a JSON Pointer.
 * @param {string[]} tokens
 * @returns {string}
 */
export function formatPointer(tokens) {
  throw new Error('formatPointer: not implemented');
}

/**
 * The value `pointer` refers to inside `document`.
 * @param {unknown} document
 * @param {string} pointer
 */
export function getValue(document, pointer) {
  throw new Error('getValue: not implemented');
}

/**
 * Applies `patch` to a copy of `document` and returns the result.
 * @param {unknown} document
 * @param {object[]} patch
 */
export function applyPatch(document, patch) {
  throw new Error('applyPatch: not implemented');
}
