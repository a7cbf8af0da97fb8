import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { assertError, assertOk, removeTempStores, runCli, tempStore, TODAY } from './helpers.mjs';

after(removeTempStores);

const read = (file) => readFileSync(file, 'utf8');

/** Todos 1-3, #2 done, written directly (the file format is part of the contract). */
function seededStore() {
  const file = tempStore();
  const todos = ['One', 'Two', 'Three'].map((text, i) => ({
    id: i + 1, text, priority: 'medium', due: null, done: i === 1,
  }));
  writeFileSync(file, `${JSON.stringify({ nextId: 4, todos }, null, 2)}\n`);
  return file;
}

describe('usage errors (exit 2)', () => {
  it('reports environment problems', () => {
    const file = tempStore();
    assertError(runCli(file, ['list'], { TODO_TODAY: TODAY }), 2, 'TODO_FILE is not set');
    assertError(runCli(file, ['list'], { TODO_FILE: '', TODO_TODAY: TODAY }), 2, 'TODO_FILE is not set');
    assertError(runCli(file, ['list'], { TODO_FILE: file, TODO_TODAY: '15/03/2024' }), 2, 'invalid TODO_TODAY: 15/03/2024');
    assert.equal(existsSync(file), false);
  });

  it('reports a missing or unknown command', () => {
    const file = tempStore();
    assertError(runCli(file, []), 2, 'missing command');
    assertError(runCli(file, ['delete', '1']), 2, 'unknown command: delete');
    assertError(runCli(file, ['--help']), 2, 'unknown command: --help');
  });

  it('validates add arguments without creating the file', () => {
    const file = tempStore();
    assertError(runCli(file, ['add']), 2, 'todo text is required');
    assertError(runCli(file, ['add', '   ', '']), 2, 'todo text is required');
    assertError(runCli(file, ['add', '--priority', 'high']), 2, 'todo text is required');
    assertError(runCli(file, ['add', 'x', '--priority', 'urgent']), 2, 'invalid priority: urgent');
    assertError(runCli(file, ['add', 'x', '--priority=HIGH']), 2, 'invalid priority: HIGH');
    for (const bad of ['2023-02-29', '2024-13-01', '2024-02-30', '2024-3-05', '2024-04-31', 'tomorrow']) {
      assertError(runCli(file, ['add', 'x', `--due=${bad}`]), 2, `invalid date: ${bad}`, bad);
    }
    assertError(runCli(file, ['add', 'x', '--due']), 2, 'option --due requires a value');
    assertError(runCli(file, ['add', 'x', '--all']), 2, 'unknown option: --all');
    assertError(runCli(file, ['add', 'x', '--colour=red']), 2, 'unknown option: --colour');
    assert.equal(existsSync(file), false);
    assertOk(runCli(file, ['add', 'Leap', '--due', '2000-02-29']), ['Added #1: Leap']);
  });

  it('validates list arguments', () => {
    const file = seededStore();
    assertError(runCli(file, ['list', '--all', '--done']), 2, '--all and --done cannot be combined');
    assertError(runCli(file, ['list', 'pending']), 2, 'unexpected argument: pending');
    assertError(runCli(file, ['list', '--all=yes']), 2, 'option --all does not take a value');
    assertError(runCli(file, ['list', '--priority', 'urgent']), 2, 'invalid priority: urgent');
    assertError(runCli(file, ['list', '--priority']), 2, 'option --priority requires a value');
    assertError(runCli(file, ['list', '--due=2024-01-01']), 2, 'unknown option: --due');
  });

  it('validates ids for done, undo, remove and edit', () => {
    const file = seededStore();
    const before = read(file);
    assertError(runCli(file, ['done']), 2, 'id is required');
    assertError(runCli(file, ['undo']), 2, 'id is required');
    assertError(runCli(file, ['remove']), 2, 'id is required');
    assertError(runCli(file, ['edit', '--priority', 'low']), 2, 'id is required');
    assertError(runCli(file, ['done', '1', 'abc']), 2, 'invalid id: abc');
    assertError(runCli(file, ['done', '0']), 2, 'invalid id: 0');
    assertError(runCli(file, ['remove', '01']), 2, 'invalid id: 01');
    assertError(runCli(file, ['undo', '-2']), 2, 'invalid id: -2');
    assertError(runCli(file, ['edit', '1.0', 'x']), 2, 'invalid id: 1.0');
    assertError(runCli(file, ['remove', '1', '--force']), 2, 'unknown option: --force');
    assertError(runCli(file, ['edit', '1']), 2, 'nothing to update');
    assertError(runCli(file, ['edit', '1', '  ']), 2, 'todo text is required');
    assertError(runCli(file, ['edit', '1', '--due', 'soon']), 2, 'invalid date: soon');
    assert.equal(read(file), before);
  });
});

describe('conflicts (exit 1) and the data file', () => {
  it('checks every id before changing anything', () => {
    const file = seededStore();
    const before = read(file);
    assertError(runCli(file, ['done', '1', '99']), 1, 'todo #99 not found');
    assertError(runCli(file, ['done', '3', '2']), 1, 'todo #2 is already done');
    assertError(runCli(file, ['done', '42', '2']), 1, 'todo #42 not found');
    assertError(runCli(file, ['done', '2', '42']), 1, 'todo #2 is already done');
    assertError(runCli(file, ['undo', '2', '1']), 1, 'todo #1 is not done');
    assertError(runCli(file, ['remove', '3', '4']), 1, 'todo #4 not found');
    assertError(runCli(file, ['edit', '7', 'New']), 1, 'todo #7 not found');
    assert.equal(read(file), before, 'a failed command must not change the file');
    assertOk(runCli(file, ['list', '--all']), [
      '#1 [ ] (medium) One',
      '#2 [x] (medium) Two',
      '#3 [ ] (medium) Three',
    ]);
  });

  it('refuses a corrupt data file with exit 3 and leaves it untouched', () => {
    const cases = [
      ['{not json', 'list'],
      ['[]', 'add'],
      ['{"nextId": 0, "todos": []}', 'list'],
      ['{"nextId": 1}', 'add'],
      ['{"nextId": 1.5, "todos": []}', 'done'],
      ['null', 'list'],
    ];
    for (const [content, command] of cases) {
      const file = tempStore();
      writeFileSync(file, content);
      const args = { list: ['list'], add: ['add', 'x'], done: ['done', '1'] }[command];
      assertError(runCli(file, args), 3, `corrupt todo file: ${file}`, content);
      assert.equal(read(file), content);
    }
  });

  it('reports usage errors before reading a corrupt file', () => {
    const file = tempStore();
    writeFileSync(file, '{oops');
    assertError(runCli(file, ['add']), 2, 'todo text is required');
    assertError(runCli(file, ['done', 'x']), 2, 'invalid id: x');
    assertError(runCli(file, ['frobnicate']), 2, 'unknown command: frobnicate');
    assert.equal(read(file), '{oops');
  });

  it('reads a hand-written file and keeps its todos', () => {
    const file = tempStore();
    writeFileSync(file, JSON.stringify({
      nextId: 10,
      todos: [
        { id: 4, text: 'Existing', priority: 'low', due: '2024-03-14', done: false },
        { id: 7, text: 'Finished', priority: 'high', due: null, done: true },
      ],
    }));
    assertOk(runCli(file, ['list', '--all']), [
      '#7 [x] (high) Finished',
      '#4 [ ] (low) Existing due 2024-03-14 (overdue)',
    ]);
    assertOk(runCli(file, ['add', 'Next']), ['Added #10: Next']);
    const data = JSON.parse(read(file));
    assert.equal(data.nextId, 11);
    assert.deepEqual(data.todos.map((t) => t.id), [4, 7, 10]);
  });
});
