import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, HttpError, TimeoutError } from '../workspace/http_client.mjs';
import { sendJson, startServer } from './server.mjs';

const T = { timeout: 2000 };
let server;
before(async () => {
  server = await startServer();
});
after(() => server.close());

/** Answers the n-th request with responses[n] = [status, headers, body]. */
function scripted(responses) {
  let n = 0;
  return (req, res) => {
    const [status, headers, body] = responses[Math.min(n, responses.length - 1)];
    n += 1;
    sendJson(res, status, body, headers);
  };
}

function recordingSleep() {
  const delays = [];
  const sleep = async (ms) => {
    delays.push(ms);
  };
  return { delays, sleep };
}

describe('retries on 503', () => {
  it('retries honouring Retry-After seconds and resends the same request', T, async () => {
    server.reset(scripted([
      [503, { 'retry-after': '2' }, { busy: 1 }],
      [503, { 'retry-after': ' 0 ' }, { busy: 2 }],
      [201, {}, { created: true }],
    ]));
    const { delays, sleep } = recordingSleep();
    const client = createClient({ baseUrl: `${server.origin}/`, sleep, headers: { 'x-id': 'abc' } });
    assert.deepEqual(await client.post('jobs', { run: 'é' }, { query: { q: 1 } }), { created: true });
    assert.deepEqual(delays, [2000, 0]);
    assert.equal(server.requests.length, 3);
    for (const record of server.requests) {
      assert.equal(record.method, 'POST');
      assert.equal(record.url, '/jobs?q=1');
      assert.equal(record.body, '{"run":"é"}');
      assert.equal(record.headers['x-id'], 'abc');
    }
  });

  it('gives up after `retries` retries with the last 503 as HttpError, backing off exponentially', T, async () => {
    server.reset(scripted([[503, {}, { busy: true }]]));
    const { delays, sleep } = recordingSleep();
    const client = createClient({ baseUrl: `${server.origin}/`, sleep });
    await assert.rejects(client.get('busy'), (error) => {
      assert.ok(error instanceof HttpError);
      assert.equal(error.status, 503);
      assert.deepEqual(error.body, { busy: true });
      return true;
    });
    assert.equal(server.requests.length, 3);
    assert.deepEqual(delays, [100, 200]);

    server.reset(scripted([[503, { 'retry-after': '1' }, {}]]));
    const once = recordingSleep();
    const noRetry = createClient({ baseUrl: `${server.origin}/`, sleep: once.sleep, retries: 0 });
    await assert.rejects(noRetry.get('busy'), { status: 503 });
    assert.equal(server.requests.length, 1);
    assert.deepEqual(once.delays, []);
  });

  it('computes delays from HTTP dates, invalid values and the cap', T, async () => {
    const now = 1_700_000_000_000;
    server.reset(scripted([
      [503, { 'retry-after': new Date(now + 5000).toUTCString() }, {}],
      [503, { 'retry-after': new Date(now - 60000).toUTCString() }, {}],
      [503, { 'retry-after': 'soon' }, {}],
      [503, { 'retry-after': '120' }, {}],
      [503, { 'retry-after': 'tomorrow' }, {}],
      [200, {}, ['done']],
    ]));
    const { delays, sleep } = recordingSleep();
    const client = createClient({
      baseUrl: `${server.origin}/`,
      sleep,
      now: () => now,
      retries: 5,
      retryDelayMs: 50,
      maxRetryDelayMs: 60000,
    });
    assert.deepEqual(await client.get('slow'), ['done']);
    assert.deepEqual(delays, [5000, 0, 200, 60000, 800]);
  });

  it('does not retry other statuses', T, async () => {
    const { delays, sleep } = recordingSleep();
    const client = createClient({ baseUrl: `${server.origin}/`, sleep });
    for (const status of [500, 502, 429]) {
      server.reset(scripted([[status, { 'retry-after': '1' }, { status }], [200, {}, 'ok']]));
      await assert.rejects(client.get('x'), { status });
      assert.equal(server.requests.length, 1);
    }
    assert.deepEqual(delays, []);
  });
});

describe('timeouts and cancellation', () => {
  it('times out an attempt that gets no response', T, async () => {
    server.reset(() => {});
    const client = createClient({ baseUrl: `${server.origin}/`, timeoutMs: 60000 });
    await assert.rejects(client.get('hang', { timeoutMs: 100, query: { a: 'b' } }), (error) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.timeoutMs, 100);
      assert.equal(error.method, 'GET');
      assert.equal(error.url, `${server.origin}/hang?a=b`);
      assert.equal(error.message, `GET ${server.origin}/hang?a=b timed out after 100 ms`);
      return true;
    });
  });

  it('times out when the body does not finish, and does not retry', T, async () => {
    server.reset((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial": ');
    });
    const { delays, sleep } = recordingSleep();
    const client = createClient({ baseUrl: `${server.origin}/`, timeoutMs: 150, sleep });
    await assert.rejects(client.get('trickle'), TimeoutError);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(delays, []);
  });

  it('rejects with signal.reason when aborted before or during a request', T, async () => {
    const client = createClient({ baseUrl: `${server.origin}/` });
    server.reset((req, res) => sendJson(res, 200, 'ok'));
    const early = new AbortController();
    const earlyReason = new Error('never mind');
    early.abort(earlyReason);
    await assert.rejects(client.get('pre', { signal: early.signal }), (e) => e === earlyReason);
    assert.equal(await client.get('check'), 'ok');
    assert.deepEqual(server.requests.map((r) => r.url), ['/check'], 'an aborted signal must not send anything');

    let arrived;
    const arrival = new Promise((resolve) => { arrived = resolve; });
    let closed;
    const connectionClosed = new Promise((resolve) => { closed = resolve; });
    server.reset((req, res) => {
      res.on('close', closed);
      arrived();
    });
    const controller = new AbortController();
    const reason = { code: 'USER_CANCELLED' };
    const pending = client.get('slow', { signal: controller.signal });
    await arrival;
    controller.abort(reason);
    await assert.rejects(pending, (e) => e === reason);
    await connectionClosed;
  });

  it('checks the signal again before each retry', T, async () => {
    server.reset(scripted([[503, {}, {}], [200, {}, 'ok']]));
    const controller = new AbortController();
    const reason = new Error('stop retrying');
    const client = createClient({
      baseUrl: `${server.origin}/`,
      sleep: async () => controller.abort(reason),
    });
    await assert.rejects(client.get('x', { signal: controller.signal }), (e) => e === reason);
    assert.equal(server.requests.length, 1);
  });
});
