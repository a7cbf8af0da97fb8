'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const {
  setup, flush, type, blur, setChecked, submit, expectError, expectClean, fakeChecker, fillValid, plain,
} = require('./helpers.cjs');

const TAKEN = 'This username is already taken.';
const CHECK_FAILED = 'Could not check username availability. Try again.';

test('live validation: silent until blur, then re-validated on every input', async (t) => {
  const ctx = setup(t);
  type(ctx, 'email', 'al');
  expectClean(ctx, 'email'); // untouched: typing shows nothing yet
  blur(ctx, 'email');
  expectError(ctx, 'email', 'Enter a valid email address.');
  type(ctx, 'email', 'al@example.com');
  expectClean(ctx, 'email'); // synchronous, no waiting needed
  type(ctx, 'email', '');
  expectError(ctx, 'email', 'Email is required.');

  setChecked(ctx, 'terms', true);
  expectClean(ctx, 'terms');
  setChecked(ctx, 'terms', false);
  expectError(ctx, 'terms', 'You must accept the terms.'); // change events validate at once
  await flush();
  assert.equal(ctx.status(), '');
});

test('dependent fields are re-validated when what they depend on changes', async (t) => {
  const ctx = setup(t);
  type(ctx, 'password', 'Str0ng!Pass');
  type(ctx, 'confirm', 'Str0ng!Pass');
  // confirm untouched: a password change does not show a confirm error yet
  type(ctx, 'password', 'Str0ng!Pass2');
  expectClean(ctx, 'confirm');
  blur(ctx, 'confirm');
  expectError(ctx, 'confirm', 'Passwords do not match.');
  type(ctx, 'password', 'Str0ng!Pass'); // fixes confirm although confirm itself did not change
  expectClean(ctx, 'confirm');
  blur(ctx, 'password');
  expectClean(ctx, 'password');
  type(ctx, 'password', 'Other!Pass1');
  expectError(ctx, 'confirm', 'Passwords do not match.');
  type(ctx, 'password', 'Str0ng!Pass');

  // username changes re-validate a touched password (the "contains username" rule)
  type(ctx, 'username', 'pass');
  expectError(ctx, 'password', 'Password must not contain your username.');
  type(ctx, 'username', 'passenger');
  expectClean(ctx, 'password');
  expectClean(ctx, 'username'); // username itself still untouched
  await flush();
});

test('submit with errors: prevented, all errors shown, status line and focus on first invalid field', async (t) => {
  const ctx = setup(t);
  ctx.el('username').value = 'alice';
  ctx.el('email').value = 'alice@example';
  ctx.el('password').value = 'weak';
  const ev = submit(ctx);
  assert.equal(ev.defaultPrevented, true);
  await flush();
  expectClean(ctx, 'username');
  expectError(ctx, 'email', 'Enter a valid email address.');
  expectError(ctx, 'password', 'Password must be at least 8 characters.');
  expectError(ctx, 'confirm', 'Please confirm your password.');
  expectError(ctx, 'birthdate', 'Date of birth is required.');
  expectError(ctx, 'terms', 'You must accept the terms.');
  assert.equal(ctx.status(), 'Please fix 5 errors before submitting.');
  assert.equal(ctx.document.activeElement, ctx.el('email'));

  // after a submit attempt every field is touched: typing re-validates immediately
  type(ctx, 'birthdate', '1990-05-05');
  expectClean(ctx, 'birthdate');

  fillValid(ctx);
  ctx.el('confirm').value = 'mismatch';
  submit(ctx);
  await flush();
  assert.equal(ctx.status(), 'Please fix 1 error before submitting.');
  assert.equal(ctx.document.activeElement, ctx.el('confirm'));
});

test('valid submit calls onSubmit once with trimmed values and clears the status', async (t) => {
  const submitted = [];
  const ctx = setup(t, { onSubmit: (values) => submitted.push(values) });
  submit(ctx);
  await flush();
  assert.equal(ctx.status(), 'Please fix 6 errors before submitting.');
  assert.equal(ctx.document.activeElement, ctx.el('username'));
  assert.equal(submitted.length, 0);

  fillValid(ctx);
  const ev = submit(ctx);
  assert.equal(ev.defaultPrevented, true, 'the validator always handles submission itself');
  await flush();
  assert.equal(submitted.length, 1);
  assert.deepEqual(plain(submitted[0]), {
    username: 'alice_01',
    email: 'alice@example.com',
    password: 'Tr0ub4dor&3',
    birthdate: '2000-02-29',
    terms: true,
  });
  assert.equal(ctx.status(), '');
  for (const name of ['username', 'email', 'password', 'confirm', 'birthdate', 'terms']) expectClean(ctx, name);
});

test('async username check: busy state, taken, available, failure and skipping', async (t) => {
  const checker = fakeChecker();
  const ctx = setup(t, { checkUsername: checker.fn });
  const user = ctx.el('username');

  type(ctx, 'username', 'x');
  blur(ctx, 'username');
  expectError(ctx, 'username', 'Username must be between 3 and 20 characters.');
  assert.equal(checker.calls.length, 0, 'no availability check when the local rules fail');

  type(ctx, 'username', '  taken_name ');
  assert.equal(checker.calls.length, 1);
  assert.equal(checker.calls[0].username, 'taken_name', 'the trimmed value is checked');
  assert.equal(user.getAttribute('aria-busy'), 'true');
  expectClean(ctx, 'username'); // no stale error while the check is pending
  checker.calls[0].resolve(false);
  await flush();
  assert.equal(user.hasAttribute('aria-busy'), false);
  expectError(ctx, 'username', TAKEN);

  type(ctx, 'username', 'free_name');
  assert.equal(user.getAttribute('aria-busy'), 'true');
  checker.calls[1].resolve(true);
  await flush();
  assert.equal(user.hasAttribute('aria-busy'), false);
  expectClean(ctx, 'username');

  type(ctx, 'username', 'flaky_name');
  checker.calls[2].reject(new Error('network down'));
  await flush();
  expectError(ctx, 'username', CHECK_FAILED);
  assert.equal(user.hasAttribute('aria-busy'), false);
});

test('stale availability results are ignored', async (t) => {
  const checker = fakeChecker();
  const ctx = setup(t, { checkUsername: checker.fn });
  const user = ctx.el('username');
  blur(ctx, 'username'); // touch it (shows "required")

  type(ctx, 'username', 'first_name');
  type(ctx, 'username', 'second_name');
  assert.deepEqual(checker.calls.map((c) => c.username), ['first_name', 'second_name']);
  checker.calls[0].resolve(false); // late answer for an old value
  await flush();
  expectClean(ctx, 'username');
  assert.equal(user.getAttribute('aria-busy'), 'true', 'still waiting for the latest check');
  checker.calls[1].resolve(true);
  await flush();
  expectClean(ctx, 'username');
  assert.equal(user.hasAttribute('aria-busy'), false);

  // newer answer first, older answer last
  type(ctx, 'username', 'third_name');
  type(ctx, 'username', 'fourth_name');
  checker.calls[3].resolve(false);
  await flush();
  expectError(ctx, 'username', TAKEN);
  checker.calls[2].resolve(true);
  await flush();
  expectError(ctx, 'username', TAKEN);

  // a local rule failure supersedes a pending check
  type(ctx, 'username', 'fifth_name');
  assert.equal(user.getAttribute('aria-busy'), 'true');
  type(ctx, 'username', 'Fifth');
  expectError(ctx, 'username', 'Username must start with a lowercase letter.');
  assert.equal(user.hasAttribute('aria-busy'), false);
  checker.calls[4].resolve(true);
  await flush();
  expectError(ctx, 'username', 'Username must start with a lowercase letter.');

  // validateField resolves with the outcome of the newest validation of the field
  const older = ctx.v.validateField('username'); // local failure -> false right away
  ctx.el('username').value = 'sixth_name';
  const newer = ctx.v.validateField('username');
  assert.equal(await older, false);
  checker.calls[5].resolve(true);
  assert.equal(await newer, true);
  ctx.el('username').value = 'seventh_name';
  const superseded = ctx.v.validateField('username');
  ctx.el('username').value = 'eighth_name';
  const latest = ctx.v.validateField('username');
  checker.calls[6].resolve(true); // seventh: available, but superseded
  checker.calls[7].resolve(false); // eighth: taken
  assert.equal(await superseded, false);
  assert.equal(await latest, false);
  expectError(ctx, 'username', TAKEN);
});

test('availability results are shared per username; failures are retried', async (t) => {
  const checker = fakeChecker();
  const ctx = setup(t, { checkUsername: checker.fn });
  blur(ctx, 'username');
  type(ctx, 'username', 'dana');
  blur(ctx, 'username'); // same value while pending: no second call
  assert.equal(checker.calls.length, 1);
  checker.calls[0].resolve(true);
  await flush();
  expectClean(ctx, 'username');
  type(ctx, 'username', 'dan');
  type(ctx, 'username', 'dana'); // known result: no new call
  assert.equal(checker.calls.length, 2);
  assert.equal(checker.calls[1].username, 'dan');
  await flush();
  expectClean(ctx, 'username');
  assert.equal(ctx.el('username').hasAttribute('aria-busy'), false);

  type(ctx, 'username', 'erin');
  checker.calls[2].reject(new Error('timeout'));
  await flush();
  expectError(ctx, 'username', CHECK_FAILED);
  type(ctx, 'username', 'erin'); // failures are not remembered
  assert.equal(checker.calls.length, 4);
  assert.equal(checker.calls[3].username, 'erin');
  checker.calls[3].resolve(false);
  await flush();
  expectError(ctx, 'username', TAKEN);
});

test('submit waits for the availability check and ignores re-submits while pending', async (t) => {
  const checker = fakeChecker();
  const submitted = [];
  const ctx = setup(t, { checkUsername: checker.fn, onSubmit: (v) => submitted.push(v) });
  fillValid(ctx);
  const first = submit(ctx);
  const second = submit(ctx);
  assert.equal(first.defaultPrevented, true);
  assert.equal(second.defaultPrevented, true);
  await flush();
  assert.equal(submitted.length, 0, 'still waiting for the check');
  assert.equal(ctx.el('username').getAttribute('aria-busy'), 'true');
  assert.equal(checker.calls.length, 1);
  checker.calls[0].resolve(false);
  await flush();
  assert.equal(submitted.length, 0);
  expectError(ctx, 'username', TAKEN);
  assert.equal(ctx.status(), 'Please fix 1 error before submitting.');
  assert.equal(ctx.document.activeElement, ctx.el('username'));

  ctx.el('username').value = 'alice_02';
  submit(ctx);
  submit(ctx);
  checker.calls[1].resolve(true);
  await flush();
  assert.equal(submitted.length, 1);
  assert.equal(submitted[0].username, 'alice_02');
  assert.equal(ctx.status(), '');
});

test('destroy removes every listener', async (t) => {
  const submitted = [];
  const ctx = setup(t, { onSubmit: (v) => submitted.push(v) });
  blur(ctx, 'email');
  expectError(ctx, 'email', 'Email is required.');
  ctx.v.destroy();
  type(ctx, 'email', 'fixed@example.com');
  expectError(ctx, 'email', 'Email is required.'); // no longer live
  blur(ctx, 'username');
  expectClean(ctx, 'username');
  setChecked(ctx, 'terms', false);
  expectClean(ctx, 'terms');
  fillValid(ctx);
  const ev = submit(ctx);
  assert.equal(ev.defaultPrevented, false, 'submission is no longer intercepted');
  await flush();
  assert.equal(submitted.length, 0);
  assert.equal(ctx.status(), '');
});
