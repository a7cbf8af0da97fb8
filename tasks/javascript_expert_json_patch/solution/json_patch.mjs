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

const OPERATIONS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
const NEEDS_FROM = new Set(['move', 'copy']);
const NEEDS_VALUE = new Set(['add', 'replace', 'test']);
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Deep copy of a JSON value; keeps `__proto__` members as own data properties. */
function cloneJson(value) {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, cloneJson(child)]));
  }
  return value;
}

function jsonEqual(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return a === b;
}

/** Sets an own data property, even for names like `__proto__`. */
function setMember(object, key, value) {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Decodes a JSON Pointer into its reference tokens.
 * @param {string} pointer
 * @returns {string[]}
 * @throws {InvalidPointerError} for a non-string or malformed pointer
 */
export function parsePointer(pointer) {
  if (typeof pointer !== 'string') throw new InvalidPointerError('pointer must be a string');
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new InvalidPointerError(`pointer must start with "/": ${pointer}`);
  if (/~(?![01])/.test(pointer)) throw new InvalidPointerError(`invalid escape in pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Encodes reference tokens as a JSON Pointer.
 * @param {string[]} tokens
 * @returns {string}
 */
export function formatPointer(tokens) {
  return tokens.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Whether `container` has a child named `token`. */
function hasChild(container, token) {
  if (Array.isArray(container)) return ARRAY_INDEX.test(token) && Number(token) < container.length;
  return isObject(container) && Object.hasOwn(container, token);
}

function resolve(document, tokens) {
  let current = document;
  tokens.forEach((token, depth) => {
    if (!hasChild(current, token)) {
      throw new PathNotFoundError(`no such location: ${formatPointer(tokens.slice(0, depth + 1))}`);
    }
    current = Array.isArray(current) ? current[Number(token)] : current[token];
  });
  return current;
}

/**
 * The value `pointer` refers to inside `document`.
 * @param {unknown} document
 * @param {string} pointer
 * @throws {InvalidPointerError} for a malformed pointer
 * @throws {PathNotFoundError} if the location does not exist
 */
export function getValue(document, pointer) {
  return resolve(document, parsePointer(pointer));
}

/** Adds `value` (already a private copy) at `tokens`; returns the new document root. */
function addAt(root, tokens, value) {
  if (tokens.length === 0) return value;
  const parent = resolve(root, tokens.slice(0, -1));
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    if (key === '-') {
      parent.push(value);
    } else if (ARRAY_INDEX.test(key) && Number(key) <= parent.length) {
      parent.splice(Number(key), 0, value);
    } else {
      throw new PathNotFoundError(`cannot add at array index "${key}" of ${formatPointer(tokens.slice(0, -1))}`);
    }
  } else if (isObject(parent)) {
    setMember(parent, key, value);
  } else {
    throw new PathNotFoundError(`cannot add a member to a non-container at ${formatPointer(tokens.slice(0, -1))}`);
  }
  return root;
}

/** Removes the existing location `tokens` (never the root); returns the removed value. */
function removeAt(root, tokens) {
  const removed = resolve(root, tokens);
  const parent = resolve(root, tokens.slice(0, -1));
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return removed;
}

function replaceAt(root, tokens, value) {
  resolve(root, tokens);
  if (tokens.length === 0) return value;
  const parent = resolve(root, tokens.slice(0, -1));
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else setMember(parent, key, value);
  return root;
}

const isProperPrefix = (prefix, tokens) =>
  prefix.length < tokens.length && prefix.every((token, i) => token === tokens[i]);

/** Checks an operation's members and pointers; returns its decoded tokens. */
function validate(operation) {
  if (!isObject(operation)) throw new InvalidPatchError('operation must be an object');
  const { op } = operation;
  if (!OPERATIONS.has(op)) throw new InvalidPatchError(`unknown op: ${String(op)}`);
  if (typeof operation.path !== 'string') throw new InvalidPatchError(`"${op}" needs a string "path"`);
  if (NEEDS_FROM.has(op) && typeof operation.from !== 'string') {
    throw new InvalidPatchError(`"${op}" needs a string "from"`);
  }
  if (NEEDS_VALUE.has(op) && operation.value === undefined) {
    throw new InvalidPatchError(`"${op}" needs a "value"`);
  }
  const path = parsePointer(operation.path);
  const from = NEEDS_FROM.has(op) ? parsePointer(operation.from) : null;
  if (op === 'move' && isProperPrefix(from, path)) {
    throw new InvalidPatchError('cannot move a location into one of its own children');
  }
  if (op === 'remove' && path.length === 0) throw new InvalidPatchError('cannot remove the whole document');
  return { op, path, from };
}

function applyOperation(root, operation) {
  const { op, path, from } = validate(operation);
  switch (op) {
    case 'add':
      return addAt(root, path, cloneJson(operation.value));
    case 'remove':
      removeAt(root, path);
      return root;
    case 'replace':
      return replaceAt(root, path, cloneJson(operation.value));
    case 'move': {
      if (from.length === path.length && from.every((token, i) => token === path[i])) {
        resolve(root, from); // moving a location onto itself changes nothing, but it must exist
        return root;
      }
      return addAt(root, path, removeAt(root, from));
    }
    case 'copy':
      return addAt(root, path, cloneJson(resolve(root, from)));
    case 'test':
      if (!jsonEqual(resolve(root, path), operation.value)) {
        throw new TestFailedError(`test failed at ${operation.path}`);
      }
      return root;
    default:
      throw new InvalidPatchError(`unknown op: ${String(op)}`);
  }
}

/**
 * Applies `patch` to a copy of `document` and returns the result.
 * @param {unknown} document
 * @param {object[]} patch
 * @throws {InvalidPatchError | InvalidPointerError | PathNotFoundError | TestFailedError}
 *   for the first failing operation (with its index and object)
 */
export function applyPatch(document, patch) {
  if (!Array.isArray(patch)) throw new InvalidPatchError('patch must be an array');
  let result = cloneJson(document);
  patch.forEach((operation, operationIndex) => {
    try {
      result = applyOperation(result, operation);
    } catch (error) {
      if (error instanceof JsonPatchError && error.operationIndex === null) {
        error.operationIndex = operationIndex;
        error.operation = operation;
      }
      throw error;
    }
  });
  return result;
}
