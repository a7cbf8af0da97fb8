'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, load, messageFor, expectError, expectClean, plain } = require('./helpers.cjs');

const U = {
  required: 'Username is required.',
  length: 'Username must be between 3 and 20 characters.',
  start: 'Username must start with a lowercase letter.',
  chars: 'Username may contain only lowercase letters, digits and underscores.',
};
const P = {
  required: 'Password is required.',
  length: 'Password must be at least 8 characters.',
  classes: 'Password must include an uppercase letter, a lowercase letter, a digit and a symbol.',
  username: 'Password must not contain your username.',
};
const B = {
  required: 'Date of birth is required.',
  invalid: 'Enter a valid date in the format YYYY-MM-DD.',
  old: 'Date of birth must be on or after 1900-01-01.',
  future: 'Date of birth cannot be in the future.',
  young: 'You must be at least 13 years old.',
};

test('username rules apply in order with exact messages', async (t) => {
  const ctx = setup(t);
  const cases = [
    ['', U.required],
    ['    ', U.required],
    ['ab', U.length],
    ['  ab  ', U.length],
    ['a'.repeat(21), U.length],
    ['Abc', U.start],
    ['1abc', U.start],
    ['_abc', U.start],
    ['ab-c', U.chars],
    ['abC', U.chars],
    ['abc def', U.chars],
    ['abc', null],
    ['  abc  ', null],
    ['a'.repeat(20), null],
    ['user_42', null],
  ];
  for (const [value, expected] of cases) {
    assert.equal(await messageFor(ctx, 'username', value), expected, `username ${JSON.stringify(value)}`);
  }
});

test('email validation accepts and rejects the documented shapes', async (t) => {
  const ctx = setup(t);
  assert.equal(await messageFor(ctx, 'email', ''), 'Email is required.');
  const valid = [
    'user@example.com',
    'first.last+tag@sub.example.co',
    "o'hara@example.ie",
    'x@a-b.io',
    'USER_1@EXAMPLE.COM',
    `${'a'.repeat(64)}@example.com`,
    `me@${'d'.repeat(63)}.org`,
  ];
  const invalid = [
    'plainaddress',
    '@example.com',
    'user@',
    'user@@example.com',
    'a@b@example.com',
    '.user@example.com',
    'user.@example.com',
    'us..er@example.com',
    'us er@example.com',
    'user@example',
    'user@-example.com',
    'user@example-.com',
    'user@exa_mple.com',
    'user@example..com',
    'user@.example.com',
    'user@example.c',
    'user@example.c0m',
    `${'a'.repeat(65)}@example.com`,
    `me@${'d'.repeat(64)}.org`,
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`,
  ];
  for (const value of valid) {
    assert.equal(await messageFor(ctx, 'email', value), null, `should accept ${value}`);
  }
  for (const value of invalid) {
    assert.equal(await messageFor(ctx, 'email', value), 'Enter a valid email address.', `should reject ${value}`);
  }
});

test('password strength rules, counted in code points, and the username rule', async (t) => {
  const ctx = setup(t);
  const cases = [
    ['', P.required],
    ['Ab1!xyz', P.length],
    ['Ab1!\u{1F600}\u{1F600}x', P.length], // 7 code points although 9 UTF-16 units
    ['Ab1!\u{1F600}\u{1F600}xy', null], // 8 code points; the emoji count as symbols
    ['abcdefg1!', P.classes],
    ['ABCDEFG1!', P.classes],
    ['Abcdefgh!', P.classes],
    ['Abcdefgh1', P.classes],
    ['Abcd efg1', P.classes], // whitespace is not a symbol
    ['Abcdefg1 ', P.classes],
    ['Abcdefg1\u00e9', null], // non-ASCII letters count as symbols
    ['Str0ng!Pass', null],
    ['  Str0ng!Pass  ', null], // passwords are not trimmed but spaces are allowed
  ];
  for (const [value, expected] of cases) {
    assert.equal(await messageFor(ctx, 'password', value), expected, `password ${JSON.stringify(value)}`);
  }
  ctx.el('username').value = '  bob  ';
  assert.equal(await messageFor(ctx, 'password', 'xxBOBxx1!'), P.username);
  assert.equal(await messageFor(ctx, 'password', 'Bo1!bBo1!b'), null);
  ctx.el('username').value = 'Al'; // shorter than 3 code points: rule not applied
  assert.equal(await messageFor(ctx, 'password', 'xAlx1!xyz'), null);
  ctx.el('username').value = 'Eve!'; // invalid username still counts
  assert.equal(await messageFor(ctx, 'password', 'Aa1eve!xyz'), P.username);
  ctx.el('username').value = 'carol';
  assert.equal(await messageFor(ctx, 'password', 'Ab1!cArOl'), P.username);
  assert.equal(await messageFor(ctx, 'password', 'ab'), P.length, 'length is checked before the username rule');
});

test('confirm and terms rules', async (t) => {
  const ctx = setup(t);
  ctx.el('password').value = 'Str0ng!Pass';
  assert.equal(await messageFor(ctx, 'confirm', ''), 'Please confirm your password.');
  assert.equal(await messageFor(ctx, 'confirm', 'Str0ng!pass'), 'Passwords do not match.');
  assert.equal(await messageFor(ctx, 'confirm', 'Str0ng!Pass '), 'Passwords do not match.');
  assert.equal(await messageFor(ctx, 'confirm', 'Str0ng!Pass'), null);
  assert.equal(await messageFor(ctx, 'terms', false), 'You must accept the terms.');
  assert.equal(await messageFor(ctx, 'terms', true), null);
});

test('birthdate: format, real calendar dates, bounds and the 13-year rule', async (t) => {
  const ctx = setup(t); // today = 2024-06-15
  const cases = [
    ['', B.required],
    ['  ', B.required],
    ['2000-1-01', B.invalid],
    ['01/02/2000', B.invalid],
    ['2000-13-01', B.invalid],
    ['2000-00-10', B.invalid],
    ['2000-04-31', B.invalid],
    ['2001-02-29', B.invalid],
    ['1900-02-29', B.invalid], // 1900 is not a leap year
    ['2000-02-30', B.invalid],
    ['2000-02-29', null], // 2000 is a leap year
    [' 2000-02-29 ', null],
    ['1899-12-31', B.old],
    ['1900-01-01', null],
    ['2024-06-16', B.future],
    ['2031-01-01', B.future],
    ['2024-06-15', B.young],
    ['2011-06-16', B.young],
    ['2011-06-15', null], // 13th birthday is today
  ];
  for (const [value, expected] of cases) {
    assert.equal(await messageFor(ctx, 'birthdate', value), expected, `birthdate ${JSON.stringify(value)}`);
  }

  // A 29 February birthday is reached on 1 March in non-leap years.
  const feb = setup(t, { today: '2025-02-28' });
  assert.equal(await messageFor(feb, 'birthdate', '2012-02-29'), B.young);
  assert.equal(await messageFor(feb, 'birthdate', '2012-02-28'), null);
  const mar = setup(t, { today: '2025-03-01' });
  assert.equal(await messageFor(mar, 'birthdate', '2012-02-29'), null);
  const leap = setup(t, { today: '2024-02-29' });
  assert.equal(await messageFor(leap, 'birthdate', '2011-02-29'), B.invalid);
  assert.equal(await messageFor(leap, 'birthdate', '2011-03-01'), B.young);
  assert.equal(await messageFor(leap, 'birthdate', '2011-02-28'), null);
});

test('error presentation: aria-invalid, hidden error text and aria-describedby tokens', async (t) => {
  const ctx = setup(t);
  const pw = ctx.el('password');
  pw.value = 'short';
  await ctx.v.validateField('password');
  expectError(ctx, 'password', P.length);
  assert.equal(pw.getAttribute('aria-describedby'), 'password-hint password-error');
  await ctx.v.validateField('password'); // re-validating does not duplicate the token
  assert.equal(pw.getAttribute('aria-describedby'), 'password-hint password-error');
  pw.value = 'Str0ng!Pass';
  await ctx.v.validateField('password');
  expectClean(ctx, 'password');
  assert.equal(pw.getAttribute('aria-describedby'), 'password-hint', 'other tokens are kept');

  const user = ctx.el('username');
  assert.equal(user.hasAttribute('aria-describedby'), false);
  user.value = '';
  await ctx.v.validateField('username');
  expectError(ctx, 'username', U.required);
  assert.equal(user.getAttribute('aria-describedby'), 'username-error');
  user.value = 'valid_name';
  await ctx.v.validateField('username');
  expectClean(ctx, 'username');
  assert.equal(user.hasAttribute('aria-describedby'), false, 'empty aria-describedby is removed');

  // validateField updates the DOM synchronously for rules that need no availability check.
  const bd = ctx.el('birthdate');
  bd.value = 'tomorrow';
  const pending = ctx.v.validateField('birthdate');
  expectError(ctx, 'birthdate', B.invalid);
  assert.equal(bd.getAttribute('aria-describedby'), 'birthdate-hint birthdate-error');
  assert.equal(await pending, false);
});

test('getErrors, validateAll and unknown fields', async (t) => {
  const ctx = setup(t);
  assert.deepEqual(plain(ctx.v.getErrors()), {});
  ctx.el('username').value = 'ok_name';
  ctx.el('email').value = 'bad';
  ctx.el('password').value = 'Str0ng!Pass';
  ctx.el('confirm').value = 'nope';
  ctx.el('birthdate').value = '2012-01-01';
  const ok = await ctx.v.validateAll();
  assert.equal(ok, false);
  const errors = ctx.v.getErrors();
  assert.deepEqual(Object.keys(errors), ['email', 'confirm', 'birthdate', 'terms'], 'document order');
  assert.deepEqual(plain(errors), {
    email: 'Enter a valid email address.',
    confirm: 'Passwords do not match.',
    birthdate: B.young,
    terms: 'You must accept the terms.',
  });
  assert.equal(ctx.status(), '', 'validateAll does not touch the status line');
  assert.notEqual(ctx.document.activeElement, ctx.el('email'), 'validateAll does not move focus');

  let thrown = null;
  try {
    ctx.v.validateField('nickname');
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown, 'unknown field throws');
  assert.equal(thrown.message, 'Unknown field: nickname');

  // Attaching alone shows nothing.
  const fresh = load(t);
  fresh.window.FormValidator.attach(fresh.form, { today: '2024-06-15' });
  for (const name of ['username', 'email', 'password', 'confirm', 'birthdate', 'terms']) expectClean(fresh, name);
});
