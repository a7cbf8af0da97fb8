import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyPatch,
  JsonPatchError, InvalidPatchError, InvalidPointerError, PathNotFoundError, TestFailedError,
} from '../workspace/json_patch.mjs';

/** Asserts applyPatch throws exactly ErrorClass, for operation `index` of `patch`. */
function assertPatchError(document, patch, ErrorClass, index, what = '') {
  const snapshot = JSON.stringify(document);
  assert.throws(() => applyPatch(document, patch), (error) => {
    assert.equal(error.constructor, ErrorClass, `${what}: got ${error?.constructor?.name}: ${error?.message}`);
    assert.ok(error instanceof JsonPatchError);
    assert.equal(error.operationIndex, index, what);
    assert.equal(error.operation, index === null ? null : patch[index], what);
    return true;
  }, what);
  assert.equal(JSON.stringify(document), snapshot, `${what}: document must be untouched`);
}

const RFC_EXAMPLES = [
  ['A.1 add an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
  ['A.2 add an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
  ['A.3 remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
  ['A.4 remove an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
  ['A.5 replace a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
  ['A.6 move a value', { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } }],
  ['A.7 move an array element', { foo: ['all', 'grass', 'cows', 'eat'] },
    [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
  ['A.8 test a value: success', { baz: 'qux', foo: ['a', 2, 'c'] },
    [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }],
    { baz: 'qux', foo: ['a', 2, 'c'] }],
  ['A.9 test a value: error', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], TestFailedError],
  ['A.10 add a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    { foo: 'bar', child: { grandchild: {} } }],
  ['A.11 ignore unrecognized elements', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
    { foo: 'bar', baz: 'qux' }],
  ['A.12 add to a nonexistent target', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }], PathNotFoundError],
  ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
  ['A.15 comparing strings and numbers', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }], TestFailedError],
  ['A.16 add an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    { foo: ['bar', ['abc', 'def']] }],
];

describe('applyPatch: RFC 6902 Appendix A', () => {
  it('reproduces every applicable example', () => {
    for (const [name, document, patch, expected] of RFC_EXAMPLES) {
      if (typeof expected === 'function') assertPatchError(document, patch, expected, 0, name);
      else assert.deepEqual(applyPatch(document, patch), expected, name);
    }
  });
});

describe('applyPatch: operations', () => {
  it('add creates, replaces, inserts, appends and replaces the root', () => {
    const doc = { a: 1, list: [1, 2, 3], obj: { x: null } };
    assert.deepEqual(applyPatch(doc, [
      { op: 'add', path: '/a', value: 'one' },
      { op: 'add', path: '/list/0', value: 0 },
      { op: 'add', path: '/list/4', value: 4 },
      { op: 'add', path: '/list/-', value: { five: 5 } },
      { op: 'add', path: '/obj/y', value: null },
      { op: 'add', path: '/obj/', value: 'empty key' },
    ]), { a: 'one', list: [0, 1, 2, 3, 4, { five: 5 }], obj: { x: null, y: null, '': 'empty key' } });
    assert.deepEqual(applyPatch(doc, [{ op: 'add', path: '', value: [1] }]), [1]);
    assert.equal(applyPatch([1], [{ op: 'add', path: '', value: 'scalar' }]), 'scalar');

    for (const path of ['/list/5', '/list/01', '/list/-1', '/list/x', '/a/b', '/missing/x', '/obj/x/y']) {
      assertPatchError(doc, [{ op: 'add', path, value: 1 }], PathNotFoundError, 0, path);
    }
  });

  it('remove deletes members and shifts array elements', () => {
    const doc = { a: { b: [10, 20, 30], c: 'keep' } };
    assert.deepEqual(applyPatch(doc, [
      { op: 'remove', path: '/a/b/0' },
      { op: 'remove', path: '/a/b/1' },
    ]), { a: { b: [20], c: 'keep' } });
    for (const path of ['/a/b/3', '/a/b/-', '/a/x', '/a/c/0', '/toString']) {
      assertPatchError(doc, [{ op: 'remove', path }], PathNotFoundError, 0, path);
    }
    assertPatchError(doc, [{ op: 'remove', path: '' }], InvalidPatchError, 0, 'remove root');
  });

  it('replace requires an existing target', () => {
    const doc = { a: [1, 2], b: { c: 3 } };
    assert.deepEqual(applyPatch(doc, [
      { op: 'replace', path: '/a/1', value: { two: 2 } },
      { op: 'replace', path: '/b/c', value: null },
    ]), { a: [1, { two: 2 }], b: { c: null } });
    assert.deepEqual(applyPatch(doc, [{ op: 'replace', path: '', value: { new: true } }]), { new: true });
    for (const path of ['/a/2', '/a/-', '/b/d', '/constructor', '/b/c/d']) {
      assertPatchError(doc, [{ op: 'replace', path, value: 0 }], PathNotFoundError, 0, path);
    }
  });

  it('move removes first, then adds, and refuses moving into its own child', () => {
    const doc = { a: { b: 1 }, list: ['x', 'y', 'z'], ab: 0 };
    assert.deepEqual(applyPatch(doc, [{ op: 'move', from: '/list/0', path: '/list/-' }]), { a: { b: 1 }, list: ['y', 'z', 'x'], ab: 0 });
    assert.deepEqual(applyPatch(doc, [{ op: 'move', from: '/list/2', path: '/list/0' }]), { a: { b: 1 }, list: ['z', 'x', 'y'], ab: 0 });
    assert.deepEqual(applyPatch(doc, [{ op: 'move', from: '/a', path: '/ab' }]), { list: ['x', 'y', 'z'], ab: { b: 1 } });
    assert.deepEqual(applyPatch(doc, [{ op: 'move', from: '/a/b', path: '/a/b' }]), doc);
    assert.deepEqual(applyPatch(doc, [{ op: 'move', from: '/a', path: '/list/1' }]), { list: ['x', { b: 1 }, 'y', 'z'], ab: 0 });
    assertPatchError(doc, [{ op: 'move', from: '/a', path: '/a/c' }], InvalidPatchError, 0, 'into own child');
    assertPatchError(doc, [{ op: 'move', from: '', path: '/x' }], InvalidPatchError, 0, 'root into child');
    assertPatchError(doc, [{ op: 'move', from: '/nope', path: '/x' }], PathNotFoundError, 0, 'missing from');
    assertPatchError(doc, [{ op: 'move', from: '/nope', path: '/nope' }], PathNotFoundError, 0, 'missing self-move');
    assertPatchError(doc, [{ op: 'move', from: '/list/0', path: '/list/3' }], PathNotFoundError, 0, 'index after removal');
  });

  it('copy adds an independent deep copy', () => {
    const doc = { src: { deep: { n: 1 } }, list: [] };
    const result = applyPatch(doc, [
      { op: 'copy', from: '/src', path: '/dst' },
      { op: 'add', path: '/dst/deep/m', value: 2 },
      { op: 'copy', from: '/src/deep', path: '/list/-' },
      { op: 'replace', path: '/list/0/n', value: 9 },
      { op: 'copy', from: '/list', path: '/list/0' },
    ]);
    assert.deepEqual(result, {
      src: { deep: { n: 1 } },
      list: [[{ n: 9 }], { n: 9 }],
      dst: { deep: { n: 1, m: 2 } },
    });
    assertPatchError(doc, [{ op: 'copy', from: '/missing', path: '/x' }], PathNotFoundError, 0, 'missing from');
    assertPatchError(doc, [{ op: 'copy', from: '/src', path: '/list/1' }], PathNotFoundError, 0, 'bad target');
  });

  it('test compares JSON values structurally', () => {
    const doc = { obj: { a: 1, b: [1, { c: null }] }, zero: -0, num: 1, str: '1', nil: null, arr: [], empty: {} };
    const passing = [
      ['/obj', { b: [1, { c: null }], a: 1 }],
      ['/zero', 0],
      ['/num', 1.0],
      ['/str', '1'],
      ['/nil', null],
      ['/arr', []],
      ['/empty', {}],
      ['', JSON.parse(JSON.stringify(doc))],
    ];
    for (const [path, value] of passing) {
      assert.deepEqual(applyPatch(doc, [{ op: 'test', path, value }]), doc, path);
    }
    const failing = [
      ['/obj', { a: 1 }],
      ['/obj', { a: 1, b: [{ c: null }, 1] }],
      ['/obj', { a: 1, b: [1, { c: null }], d: false }],
      ['/num', '1'],
      ['/str', 1],
      ['/nil', {}],
      ['/arr', {}],
      ['/empty', []],
      ['/empty', null],
      ['/arr', [null]],
    ];
    for (const [path, value] of failing) {
      assertPatchError(doc, [{ op: 'test', path, value }], TestFailedError, 0, `${path} ${JSON.stringify(value)}`);
    }
    assertPatchError(doc, [{ op: 'test', path: '/missing', value: null }], PathNotFoundError, 0, 'missing');
  });
});

describe('applyPatch: validation, atomicity and safety', () => {
  it('validates operations with the documented error classes', () => {
    const doc = { a: 1 };
    assertPatchError(doc, { op: 'add', path: '/b', value: 1 }, InvalidPatchError, null, 'patch not an array');
    const invalid = [
      null,
      ['op'],
      'add',
      {},
      { op: 'ADD', path: '/b', value: 1 },
      { op: 'delete', path: '/a' },
      { op: 'add', value: 1 },
      { op: 'add', path: 5, value: 1 },
      { op: 'add', path: '/b' },
      { op: 'replace', path: '/a', value: undefined },
      { op: 'test', path: '/a' },
      { op: 'move', path: '/b' },
      { op: 'copy', path: '/b', from: ['a'] },
    ];
    for (const operation of invalid) {
      assertPatchError(doc, [operation], InvalidPatchError, 0, JSON.stringify(operation));
    }
    for (const operation of [
      { op: 'add', path: 'b', value: 1 },
      { op: 'remove', path: '/a~2' },
      { op: 'copy', from: 'a', path: '/b' },
      { op: 'move', from: '/a', path: '/~' },
    ]) {
      assertPatchError(doc, [operation], InvalidPointerError, 0, JSON.stringify(operation));
    }
    assert.deepEqual(applyPatch(doc, [{ op: 'add', path: '/b', value: null, from: 7, extra: true }]), { a: 1, b: null });
    assert.deepEqual(applyPatch(doc, []), doc);
  });

  it('is atomic and reports the first failing operation', () => {
    const doc = { list: [1, 2], meta: { version: 1 } };
    const patch = [
      { op: 'add', path: '/list/-', value: 3 },
      { op: 'replace', path: '/meta/version', value: 2 },
      { op: 'remove', path: '/list/5' },
      { op: 'bogus' },
    ];
    assertPatchError(doc, patch, PathNotFoundError, 2, 'third operation fails');
    assert.deepEqual(doc, { list: [1, 2], meta: { version: 1 } });
    assertPatchError(doc, [
      { op: 'test', path: '/meta/version', value: 2 },
      { op: 'frobnicate' },
    ], TestFailedError, 0, 'first failure wins');
    assertPatchError(doc, [
      { op: 'test', path: '/meta/version', value: 1 },
      { op: 'add', path: '/x', value: undefined },
    ], InvalidPatchError, 1, 'validated when reached');
  });

  it('never mutates or shares structure with the document or the patch', () => {
    const doc = { keep: { deep: [1, { x: 1 }] }, list: [{ id: 1 }] };
    const patch = [
      { op: 'add', path: '/added', value: { inner: [1] } },
      { op: 'add', path: '/added/inner/-', value: 2 },
      { op: 'replace', path: '/list/0/id', value: 5 },
    ];
    const docSnapshot = JSON.stringify(doc);
    const patchSnapshot = JSON.stringify(patch);
    const result = applyPatch(doc, patch);
    assert.deepEqual(result, { keep: { deep: [1, { x: 1 }] }, list: [{ id: 5 }], added: { inner: [1, 2] } });
    assert.equal(JSON.stringify(doc), docSnapshot);
    assert.equal(JSON.stringify(patch), patchSnapshot);
    result.keep.deep[1].x = 'changed';
    result.added.inner.push('changed');
    assert.equal(JSON.stringify(doc), docSnapshot);
    assert.equal(JSON.stringify(patch), patchSnapshot);
    const untouched = applyPatch(doc, []);
    assert.notEqual(untouched, doc);
    assert.notEqual(untouched.keep, doc.keep);
  });

  it('treats __proto__, constructor and friends as ordinary member names', () => {
    const result = applyPatch({}, [
      { op: 'add', path: '/__proto__', value: { polluted: true } },
      { op: 'add', path: '/constructor', value: 'ctor' },
      { op: 'test', path: '/__proto__/polluted', value: true },
    ]);
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.ok(Object.hasOwn(result, '__proto__'));
    assert.deepEqual(Object.keys(result), ['__proto__', 'constructor']);
    assert.equal(result.constructor, 'ctor');
    assert.equal({}.polluted, undefined);
    assert.equal(Object.prototype.polluted, undefined);

    const parsed = JSON.parse('{"__proto__": {"x": 1}, "n": 1}');
    const copy = applyPatch(parsed, [{ op: 'copy', from: '/__proto__', path: '/copied' }]);
    assert.ok(Object.hasOwn(copy, '__proto__'));
    assert.deepEqual(Object.keys(copy), ['__proto__', 'n', 'copied']);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal(Object.getPrototypeOf(copy.copied), Object.prototype);
    assert.equal(copy.copied.x, 1);
    assertPatchError({}, [{ op: 'remove', path: '/toString' }], PathNotFoundError, 0, 'inherited');
    assertPatchError({}, [{ op: 'test', path: '/constructor', value: {} }], PathNotFoundError, 0, 'inherited test');
  });
});
