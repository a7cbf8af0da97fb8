// Shared helpers: run the CLI as a subprocess against a temporary data file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCRIPT = fileURLToPath(new URL('../workspace/todo.mjs', import.meta.url));
export const TODAY = '2024-03-15';

const ROOT = mkdtempSync(join(tmpdir(), 'todo-test-'));
let counter = 0;

/** A fresh temporary directory's not-yet-existing data file path. */
export function tempStore() {
  counter += 1;
  const dir = join(ROOT, String(counter));
  mkdirSync(dir);
  return join(dir, 'todos.json');
}

/** Removes every directory tempStore created (call from an `after` hook). */
export function removeTempStores() {
  rmSync(ROOT, { recursive: true, force: true });
}

/** Runs the CLI with exactly the given environment (defaults: the data file and TODAY). */
export function runCli(file, args, env = { TODO_FILE: file, TODO_TODAY: TODAY }) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { env, encoding: 'utf8', timeout: 5000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function assertOk(result, lines, what = '') {
  assert.deepEqual(
    { code: result.code, stdout: result.stdout, stderr: result.stderr },
    { code: 0, stdout: lines.map((l) => `${l}\n`).join(''), stderr: '' },
    what,
  );
}

export function assertError(result, code, message, what = '') {
  assert.deepEqual(
    { code: result.code, stdout: result.stdout, stderr: result.stderr },
    { code, stdout: '', stderr: `Error: ${message}\n` },
    what,
  );
}
