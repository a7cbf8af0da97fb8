import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { assertOk, removeTempStores, runCli, tempStore } from './helpers.mjs';

after(removeTempStores);

const read = (file) => readFileSync(file, 'utf8');

/** Adds todos through the CLI; each entry is the argument list after `add`. */
function seed(file, entries) {
  entries.forEach((args, i) => assertOk(runCli(file, ['add', ...args]), [`Added #${i + 1}: ${args[0]}`]));
}

describe('todo add and the data file', () => {
  it('adds todos and writes the exact JSON file', () => {
    const file = tempStore();
    assertOk(runCli(file, ['add', 'Buy', 'milk']), ['Added #1: Buy milk']);
    assertOk(runCli(file, ['add', '--priority=high', 'File taxes', '--due', '2024-04-15']), ['Added #2: File taxes']);
    assert.equal(
      read(file),
      [
        '{',
        '  "nextId": 3,',
        '  "todos": [',
        '    {',
        '      "id": 1,',
        '      "text": "Buy milk",',
        '      "priority": "medium",',
        '      "due": null,',
        '      "done": false',
        '    },',
        '    {',
        '      "id": 2,',
        '      "text": "File taxes",',
        '      "priority": "high",',
        '      "due": "2024-04-15",',
        '      "done": false',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('parses options anywhere, takes the last repeated option and honours --', () => {
    const file = tempStore();
    assertOk(runCli(file, ['add', 'Call', '--priority', 'low', '-p', 'mom', '--priority=high']), ['Added #1: Call -p mom']);
    assertOk(runCli(file, ['add', '--due=2024-02-29', '--', '--verbose', 'flag', '--priority', 'low']), [
      'Added #2: --verbose flag --priority low',
    ]);
    assertOk(runCli(file, ['add', '  padded ', 'text  ']), ['Added #3: padded  text']);
    const { todos } = JSON.parse(read(file));
    assert.deepEqual(todos.map((t) => [t.text, t.priority, t.due]), [
      ['Call -p mom', 'high', null],
      ['--verbose flag --priority low', 'medium', '2024-02-29'],
      ['padded  text', 'medium', null],
    ]);
  });

  it('list on a missing file prints "No todos." and does not create it', () => {
    const file = tempStore();
    assertOk(runCli(file, ['list']), ['No todos.']);
    assert.equal(existsSync(file), false);
  });
});

describe('todo list', () => {
  /** Writes the data file directly (its format is part of the contract). */
  function seeded() {
    const file = tempStore();
    const todo = (id, text, priority, due, done = false) => ({ id, text, priority, due, done });
    const todos = [
      todo(1, 'Low no due', 'low', null),
      todo(2, 'Medium later', 'medium', '2024-04-01'),
      todo(3, 'High no due', 'high', null),
      todo(4, 'Medium overdue', 'medium', '2024-03-01'),
      todo(5, 'High due today', 'high', '2024-03-15'),
      todo(6, 'Medium no due', 'medium', null),
      todo(7, 'Done high', 'high', '2024-01-01', true),
      todo(8, 'Medium same due', 'medium', '2024-04-01'),
    ];
    writeFileSync(file, `${JSON.stringify({ nextId: 9, todos }, null, 2)}\n`);
    return file;
  }

  it('sorts pending todos by priority, due date (none last) and id, and marks overdue ones', () => {
    const file = seeded();
    const before = read(file);
    assertOk(runCli(file, ['list']), [
      '#5 [ ] (high) High due today due 2024-03-15',
      '#3 [ ] (high) High no due',
      '#4 [ ] (medium) Medium overdue due 2024-03-01 (overdue)',
      '#2 [ ] (medium) Medium later due 2024-04-01',
      '#8 [ ] (medium) Medium same due due 2024-04-01',
      '#6 [ ] (medium) Medium no due',
      '#1 [ ] (low) Low no due',
    ]);
    assert.equal(read(file), before, 'list must not rewrite the file');
  });

  it('filters with --all, --done, --priority and --overdue combined with AND', () => {
    const file = seeded();
    assertOk(runCli(file, ['list', '--all', '--priority', 'high']), [
      '#7 [x] (high) Done high due 2024-01-01',
      '#5 [ ] (high) High due today due 2024-03-15',
      '#3 [ ] (high) High no due',
    ]);
    assertOk(runCli(file, ['list', '--done']), ['#7 [x] (high) Done high due 2024-01-01']);
    assertOk(runCli(file, ['list', '--overdue']), ['#4 [ ] (medium) Medium overdue due 2024-03-01 (overdue)']);
    assertOk(runCli(file, ['list', '--priority=low', '--all']), ['#1 [ ] (low) Low no due']);
    assertOk(runCli(file, ['list', '--done', '--overdue']), ['No todos.']);
    assertOk(runCli(file, ['list', '--overdue', '--priority', 'low']), ['No todos.']);
  });

  it('decides overdue against TODO_TODAY', () => {
    const file = seeded();
    assertOk(runCli(file, ['list', '--overdue'], { TODO_FILE: file, TODO_TODAY: '2024-04-02' }), [
      '#5 [ ] (high) High due today due 2024-03-15 (overdue)',
      '#4 [ ] (medium) Medium overdue due 2024-03-01 (overdue)',
      '#2 [ ] (medium) Medium later due 2024-04-01 (overdue)',
      '#8 [ ] (medium) Medium same due due 2024-04-01 (overdue)',
    ]);
    assertOk(runCli(file, ['list', '--overdue'], { TODO_FILE: file, TODO_TODAY: '2024-01-01' }), ['No todos.']);
  });
});

describe('todo done, undo, remove and edit', () => {
  it('completes and reopens todos, one line per id in argument order', () => {
    const file = tempStore();
    seed(file, [['One'], ['Two'], ['Three']]);
    assertOk(runCli(file, ['done', '3', '1', '3']), ['Completed #3: Three', 'Completed #1: One']);
    assertOk(runCli(file, ['list']), ['#2 [ ] (medium) Two']);
    assertOk(runCli(file, ['undo', '1']), ['Reopened #1: One']);
    assertOk(runCli(file, ['list', '--all']), [
      '#1 [ ] (medium) One',
      '#2 [ ] (medium) Two',
      '#3 [x] (medium) Three',
    ]);
    assert.deepEqual(JSON.parse(read(file)).todos.map((t) => t.done), [false, false, true]);
  });

  it('removes todos and never reuses their ids', () => {
    const file = tempStore();
    seed(file, [['One'], ['Two'], ['Three']]);
    assertOk(runCli(file, ['remove', '3', '1']), ['Removed #3: Three', 'Removed #1: One']);
    assertOk(runCli(file, ['add', 'Four']), ['Added #4: Four']);
    assertOk(runCli(file, ['list']), ['#2 [ ] (medium) Two', '#4 [ ] (medium) Four']);
    const data = JSON.parse(read(file));
    assert.equal(data.nextId, 5);
    assert.deepEqual(data.todos.map((t) => t.id), [2, 4]);
  });

  it('edits text, priority and due date, and clears the due date with --due none', () => {
    const file = tempStore();
    seed(file, [['Draft'], ['Other', '--due', '2024-05-05']]);
    assertOk(runCli(file, ['edit', '1', 'Final', 'report', '--priority', 'high']), ['Updated #1: Final report']);
    assertOk(runCli(file, ['edit', '1', '--due=2024-12-31']), ['Updated #1: Final report']);
    assertOk(runCli(file, ['edit', '2', '--due', 'none', '--priority', 'low']), ['Updated #2: Other']);
    assertOk(runCli(file, ['edit', '2', '--', '--renamed--']), ['Updated #2: --renamed--']);
    assert.deepEqual(JSON.parse(read(file)).todos, [
      { id: 1, text: 'Final report', priority: 'high', due: '2024-12-31', done: false },
      { id: 2, text: '--renamed--', priority: 'low', due: null, done: false },
    ]);
  });
});
