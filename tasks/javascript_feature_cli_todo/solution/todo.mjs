#!/usr/bin/env node
// Command-line todo manager: `node todo.mjs <command> [arguments]`.
// Todos are stored as JSON in the file named by the TODO_FILE environment variable.
// See instructions.md for the commands, output lines and exit codes.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const EXIT_CONFLICT = 1;
const EXIT_USAGE = 2;
const EXIT_CORRUPT = 3;

const PRIORITIES = ['high', 'medium', 'low'];
const ID_PATTERN = /^[1-9][0-9]*$/;

/** An expected failure: its message is printed as `Error: <message>`. */
class CliError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const usage = (message) => new CliError(EXIT_USAGE, message);
const conflict = (message) => new CliError(EXIT_CONFLICT, message);

/** Which options each command accepts: true = takes a value, false = flag. */
const COMMAND_OPTIONS = {
  add: { priority: true, due: true },
  list: { all: false, done: false, priority: true, overdue: false },
  done: {},
  undo: {},
  remove: {},
  edit: { priority: true, due: true },
};

function isValidDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function parseArgs(tokens, accepted) {
  const positionals = [];
  const options = {};
  let onlyPositionals = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (onlyPositionals || !token.startsWith('--')) {
      positionals.push(token);
      continue;
    }
    if (token === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
    if (!Object.hasOwn(accepted, name)) throw usage(`unknown option: --${name}`);
    if (!accepted[name]) {
      if (eq !== -1) throw usage(`option --${name} does not take a value`);
      options[name] = true;
    } else if (eq !== -1) {
      options[name] = token.slice(eq + 1);
    } else {
      if (i + 1 >= tokens.length) throw usage(`option --${name} requires a value`);
      options[name] = tokens[++i];
    }
  }
  return { positionals, options };
}

function checkPriority(value) {
  if (value !== undefined && !PRIORITIES.includes(value)) throw usage(`invalid priority: ${value}`);
}

function checkDue(value, allowNone) {
  if (value === undefined || (allowNone && value === 'none')) return;
  if (!isValidDate(value)) throw usage(`invalid date: ${value}`);
}

function joinText(tokens) {
  return tokens.join(' ').trim();
}

function parseIds(tokens) {
  if (tokens.length === 0) throw usage('id is required');
  for (const token of tokens) {
    if (!ID_PATTERN.test(token)) throw usage(`invalid id: ${token}`);
  }
  return [...new Set(tokens.map(Number))];
}

/** Validates the command line; returns a function that runs it against the store. */
function planCommand(command, tokens, today) {
  const { positionals, options } = parseArgs(tokens, COMMAND_OPTIONS[command]);
  checkPriority(options.priority);
  switch (command) {
    case 'add': {
      checkDue(options.due, false);
      const text = joinText(positionals);
      if (text === '') throw usage('todo text is required');
      return (store) => {
        const todo = {
          id: store.nextId,
          text,
          priority: options.priority ?? 'medium',
          due: options.due ?? null,
          done: false,
        };
        store.nextId += 1;
        store.todos.push(todo);
        return { changed: true, lines: [`Added #${todo.id}: ${text}`] };
      };
    }
    case 'list': {
      if (options.all && options.done) throw usage('--all and --done cannot be combined');
      if (positionals.length > 0) throw usage(`unexpected argument: ${positionals[0]}`);
      return (store) => {
        const isOverdue = (t) => !t.done && t.due !== null && t.due < today;
        const matches = store.todos.filter((t) =>
          (options.all || (options.done ? t.done : !t.done)) &&
          (options.priority === undefined || t.priority === options.priority) &&
          (!options.overdue || isOverdue(t)));
        matches.sort(compareTodos);
        const lines = matches.map((t) =>
          `#${t.id} [${t.done ? 'x' : ' '}] (${t.priority}) ${t.text}` +
          (t.due !== null ? ` due ${t.due}` : '') +
          (isOverdue(t) ? ' (overdue)' : ''));
        return { changed: false, lines: lines.length > 0 ? lines : ['No todos.'] };
      };
    }
    case 'done':
    case 'undo':
    case 'remove': {
      const ids = parseIds(positionals);
      return (store) => {
        const todos = ids.map((id) => {
          const todo = findTodo(store, id);
          if (command === 'done' && todo.done) throw conflict(`todo #${id} is already done`);
          if (command === 'undo' && !todo.done) throw conflict(`todo #${id} is not done`);
          return todo;
        });
        const verb = { done: 'Completed', undo: 'Reopened', remove: 'Removed' }[command];
        for (const todo of todos) {
          if (command === 'remove') store.todos.splice(store.todos.indexOf(todo), 1);
          else todo.done = command === 'done';
        }
        return { changed: true, lines: todos.map((t) => `${verb} #${t.id}: ${t.text}`) };
      };
    }
    case 'edit': {
      checkDue(options.due, true);
      const [idToken, ...textTokens] = positionals;
      const [id] = parseIds(idToken === undefined ? [] : [idToken]);
      const text = textTokens.length > 0 ? joinText(textTokens) : undefined;
      if (text === '') throw usage('todo text is required');
      if (text === undefined && options.priority === undefined && options.due === undefined) {
        throw usage('nothing to update');
      }
      return (store) => {
        const todo = findTodo(store, id);
        if (text !== undefined) todo.text = text;
        if (options.priority !== undefined) todo.priority = options.priority;
        if (options.due !== undefined) todo.due = options.due === 'none' ? null : options.due;
        return { changed: true, lines: [`Updated #${todo.id}: ${todo.text}`] };
      };
    }
    default:
      throw new Error(`unhandled command ${command}`);
  }
}

function compareTodos(a, b) {
  const byPriority = PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority);
  if (byPriority !== 0) return byPriority;
  if (a.due !== b.due) {
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due < b.due ? -1 : 1;
  }
  return a.id - b.id;
}

function findTodo(store, id) {
  const todo = store.todos.find((t) => t.id === id);
  if (!todo) throw conflict(`todo #${id} not found`);
  return todo;
}

function loadStore(path) {
  if (!existsSync(path)) return { nextId: 1, todos: [] };
  let data;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CliError(EXIT_CORRUPT, `corrupt todo file: ${path}`);
  }
  const valid = data !== null && typeof data === 'object' && !Array.isArray(data) &&
    Number.isInteger(data.nextId) && data.nextId > 0 && Array.isArray(data.todos);
  if (!valid) throw new CliError(EXIT_CORRUPT, `corrupt todo file: ${path}`);
  return data;
}

function saveStore(path, store) {
  const data = {
    nextId: store.nextId,
    todos: store.todos.map(({ id, text, priority, due, done }) => ({ id, text, priority, due, done })),
  };
  // Write then rename so an interrupted write never leaves a truncated file behind.
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(temp, path);
}

function run(argv, env) {
  const file = env.TODO_FILE;
  if (!file) throw usage('TODO_FILE is not set');
  const today = env.TODO_TODAY ?? localToday();
  if (!isValidDate(today)) throw usage(`invalid TODO_TODAY: ${today}`);
  const [command, ...rest] = argv;
  if (command === undefined) throw usage('missing command');
  if (!Object.hasOwn(COMMAND_OPTIONS, command)) throw usage(`unknown command: ${command}`);
  const execute = planCommand(command, rest, today);
  const store = loadStore(file);
  const { changed, lines } = execute(store);
  if (changed) saveStore(file, store);
  return lines;
}

function main(argv) {
  try {
    const lines = run(argv, process.env);
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`Error: ${error.message}\n`);
    return error.code;
  }
}

process.exitCode = main(process.argv.slice(2));
