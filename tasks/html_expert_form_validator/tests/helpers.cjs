'use strict';
// Shared helpers: load workspace/index.html into a happy-dom window, evaluate
// workspace/form_validator.js inside it and attach the validator.
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const { Window } = require('happy-dom');

const WORKSPACE = path.join(__dirname, '..', 'workspace');

function load(t) {
  const window = new Window({
    url: 'http://localhost/',
    settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true },
  });
  window.document.write(fs.readFileSync(path.join(WORKSPACE, 'index.html'), 'utf8'));
  window.eval(fs.readFileSync(path.join(WORKSPACE, 'form_validator.js'), 'utf8'));
  if (t) t.after(() => window.happyDOM.close());
  const document = window.document;
  const form = document.getElementById('signup');
  return {
    window,
    document,
    form,
    el: (name) => document.getElementById(name),
    errEl: (name) => document.getElementById(`${name}-error`),
    status: () => document.getElementById('form-status').textContent,
  };
}

function setup(t, options = {}) {
  const ctx = load(t);
  ctx.v = ctx.window.FormValidator.attach(ctx.form, { today: '2024-06-15', ...options });
  return ctx;
}

// Let every pending promise reaction run (the validator must not use timers).
function flush() {
  return new Promise((resolve) => setImmediate(resolve));
}

function type(ctx, name, value) {
  const input = ctx.el(name);
  input.value = value;
  input.dispatchEvent(new ctx.window.Event('input', { bubbles: true }));
}

function blur(ctx, name) {
  const input = ctx.el(name);
  input.focus();
  input.blur();
}

function setChecked(ctx, name, checked) {
  const input = ctx.el(name);
  input.checked = checked;
  input.dispatchEvent(new ctx.window.Event('input', { bubbles: true }));
  input.dispatchEvent(new ctx.window.Event('change', { bubbles: true }));
}

function submit(ctx) {
  const ev = new ctx.window.Event('submit', { bubbles: true, cancelable: true });
  ctx.form.dispatchEvent(ev);
  return ev;
}

// Asserts the full error presentation of a field: aria-invalid, the error element's text and
// hidden state, and that aria-describedby ends with / lacks the error id.
function expectError(ctx, name, message) {
  const input = ctx.el(name);
  const err = ctx.errEl(name);
  assert.equal(input.getAttribute('aria-invalid'), 'true', `${name}: aria-invalid`);
  assert.equal(err.textContent, message, `${name}: error text`);
  assert.equal(err.hasAttribute('hidden'), false, `${name}: error element visible`);
  const tokens = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  assert.equal(tokens.filter((x) => x === `${name}-error`).length, 1, `${name}: describedby has error id once`);
}

function expectClean(ctx, name) {
  const input = ctx.el(name);
  const err = ctx.errEl(name);
  assert.equal(input.hasAttribute('aria-invalid'), false, `${name}: no aria-invalid`);
  assert.equal(err.textContent, '', `${name}: error text empty`);
  assert.equal(err.hasAttribute('hidden'), true, `${name}: error element hidden`);
  const tokens = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  assert.equal(tokens.includes(`${name}-error`), false, `${name}: describedby lacks error id`);
}

// Message currently shown for a field via validateField, for table-driven rule tests.
async function messageFor(ctx, name, value) {
  const input = ctx.el(name);
  if (input.type === 'checkbox') input.checked = value;
  else input.value = value;
  const ok = await ctx.v.validateField(name);
  const err = ctx.errEl(name);
  const text = input.getAttribute('aria-invalid') === 'true' ? err.textContent : null;
  assert.equal(ok, text === null, `${name}=${JSON.stringify(value)}: resolved value matches display`);
  return text;
}

// A controllable fake for options.checkUsername.
function fakeChecker() {
  const calls = [];
  const fn = (username) =>
    new Promise((resolve, reject) => {
      calls.push({ username, resolve, reject });
    });
  return { fn, calls };
}

function fillValid(ctx) {
  ctx.el('username').value = 'alice_01';
  ctx.el('email').value = '  alice@example.com ';
  ctx.el('password').value = 'Tr0ub4dor&3';
  ctx.el('confirm').value = 'Tr0ub4dor&3';
  ctx.el('birthdate').value = ' 2000-02-29 ';
  ctx.el('terms').checked = true;
}

const plain = (x) => JSON.parse(JSON.stringify(x));

module.exports = {
  load, setup, flush, type, blur, setChecked, submit, expectError, expectClean, messageFor,
  fakeChecker, fillValid, plain,
};
