import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  parsePointer, formatPointer, getValue,
  InvalidPointerError, PathNotFoundError,
} from '../workspace/json_patch.mjs';

/** Asserts that fn throws exactly ErrorClass (not a subclass) with null operation details. */
function assertThrowsExactly(fn, ErrorClass, what) {
  assert.throws(fn, (error) => {
    assert.equal(error.constructor, ErrorClass, `${what}: got ${error?.constructor?.name}`);
    assert.equal(error.operationIndex, null, what);
    assert.equal(error.operation, null, what);
    return true;
  }, what);
}

describe('parsePointer and formatPointer', () => {
  it('decodes reference tokens with ~1 before ~0', () => {
    assert.deepEqual(parsePointer(''), []);
    assert.deepEqual(parsePointer('/'), ['']);
    assert.deepEqual(parsePointer('//x'), ['', 'x']);
    assert.deepEqual(parsePointer('/a~1b'), ['a/b']);
    assert.deepEqual(parsePointer('/m~0n'), ['m~n']);
    assert.deepEqual(parsePointer('/~01'), ['~1']);
    assert.deepEqual(parsePointer('/~10'), ['/0']);
    assert.deepEqual(parsePointer('/a/0/-'), ['a', '0', '-']);
    assert.deepEqual(parsePointer('/ /%25/é'), [' ', '%25', 'é']);
  });

  it('rejects malformed pointers with InvalidPointerError', () => {
    for (const bad of ['a', '#/a', 'a/b', '/~', '/~2', '/a~', '/a~/b', '/~a']) {
      assertThrowsExactly(() => parsePointer(bad), InvalidPointerError, JSON.stringify(bad));
    }
    for (const bad of [5, null, undefined, ['a']]) {
      assertThrowsExactly(() => parsePointer(bad), InvalidPointerError, String(bad));
    }
  });

  it('formats tokens with ~0 before ~1 and round-trips', () => {
    assert.equal(formatPointer([]), '');
    assert.equal(formatPointer(['']), '/');
    assert.equal(formatPointer(['a/b', 'm~n', '', '~1', '/0']), '/a~1b/m~0n//~01/~10');
    for (const tokens of [['x', '0', '-'], ['~~//~'], ['', '']]) {
      assert.deepEqual(parsePointer(formatPointer(tokens)), tokens);
    }
  });
});

describe('getValue', () => {
  const doc = {
    foo: ['bar', 'baz'],
    '': 0,
    'a/b': 1,
    'c%d': 2,
    'e^f': 3,
    'g|h': 4,
    'i\\j': 5,
    'k"l': 6,
    ' ': 7,
    'm~n': 8,
    nested: { list: [{ id: 'x' }, null, false] },
  };

  it('resolves the RFC 6901 examples and nested paths', () => {
    assert.equal(getValue(doc, ''), doc);
    assert.equal(getValue(doc, '/foo'), doc.foo);
    assert.equal(getValue(doc, '/foo/0'), 'bar');
    assert.equal(getValue(doc, '/'), 0);
    assert.equal(getValue(doc, '/a~1b'), 1);
    assert.equal(getValue(doc, '/c%d'), 2);
    assert.equal(getValue(doc, '/e^f'), 3);
    assert.equal(getValue(doc, '/g|h'), 4);
    assert.equal(getValue(doc, '/i\\j'), 5);
    assert.equal(getValue(doc, '/k"l'), 6);
    assert.equal(getValue(doc, '/ '), 7);
    assert.equal(getValue(doc, '/m~0n'), 8);
    assert.equal(getValue(doc, '/nested/list/0/id'), 'x');
    assert.equal(getValue(doc, '/nested/list/1'), null);
    assert.equal(getValue(doc, '/nested/list/2'), false);
    assert.equal(getValue(42, ''), 42);
  });

  it('reports missing locations with PathNotFoundError', () => {
    const missing = [
      '/nope', '/foo/2', '/foo/-', '/foo/01', '/foo/1e0', '/foo/ 1', '/foo/-1', '/foo/length',
      '/nested/list/1/x', '/nested/list/2/x', '/foo/0/0', '/constructor', '/toString',
      '/hasOwnProperty', '/__proto__', '/nested/list/0/__proto__', '/a~1b/c',
    ];
    for (const pointer of missing) {
      assertThrowsExactly(() => getValue(doc, pointer), PathNotFoundError, pointer);
    }
    assertThrowsExactly(() => getValue(doc, 'foo'), InvalidPointerError, 'foo');
  });
});
