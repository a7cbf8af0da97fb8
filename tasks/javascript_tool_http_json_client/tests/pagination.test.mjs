import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../workspace/http_client.mjs';
import { sendJson, startServer } from './server.mjs';

const T = { timeout: 2000 };
let server;
before(async () => {
  server = await startServer();
});
after(() => server.close());

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('paginate', () => {
  it('follows next links (quoted, unquoted, relative, absolute) until there is none', T, async () => {
    server.reset((req, res) => {
      if (req.url === '/api/items?limit=2') {
        sendJson(res, 200, [1, 2], {
          link: '<https://other.invalid/prev>; rel="prev", <items?cursor=a,b;c&limit=2>; title="Page, two"; rel="last next"',
        });
      } else if (req.url === '/api/items?cursor=a,b;c&limit=2') {
        sendJson(res, 200, [3, { four: 4 }], { link: `<${server.origin}/api/items/page3> ;REL = NEXT` });
      } else if (req.url === '/api/items/page3') {
        sendJson(res, 200, [5], { link: '</api/items?limit=2>; rel="first"' });
      } else {
        sendJson(res, 404, { url: req.url });
      }
    });
    const client = createClient({ baseUrl: `${server.origin}/api/`, headers: { 'x-api-key': 'k' } });
    const items = await collect(client.paginate('items', { query: { limit: 2 }, headers: { 'x-page': 'y' } }));
    assert.deepEqual(items, [1, 2, 3, { four: 4 }, 5]);
    assert.deepEqual(server.requests.map((r) => r.url), [
      '/api/items?limit=2',
      '/api/items?cursor=a,b;c&limit=2',
      '/api/items/page3',
    ]);
    for (const record of server.requests) {
      assert.equal(record.method, 'GET');
      assert.equal(record.headers['x-api-key'], 'k');
      assert.equal(record.headers['x-page'], 'y');
    }
  });

  it('is lazy: a page is fetched only when its items are needed', T, async () => {
    server.reset((req, res) => {
      const page = Number(new URL(req.url, 'http://x').searchParams.get('page') ?? '1');
      sendJson(res, 200, [page * 10, page * 10 + 1], page < 3 ? { link: `</list?page=${page + 1}>; rel=next` } : {});
    });
    const client = createClient({ baseUrl: `${server.origin}/` });
    const iterator = client.paginate('/list')[Symbol.asyncIterator]();
    assert.deepEqual(await iterator.next(), { value: 10, done: false });
    assert.deepEqual(await iterator.next(), { value: 11, done: false });
    assert.equal(server.requests.length, 1);
    assert.deepEqual(await iterator.next(), { value: 20, done: false });
    assert.equal(server.requests.length, 2);
    await iterator.return();
    assert.equal(server.requests.length, 2);
  });

  it('matches whole relation types only', T, async () => {
    server.reset((req, res) => sendJson(res, 200, ['only'], { link: '</more>; rel="nextpage", </other>; rel=prefetch' }));
    const client = createClient({ baseUrl: `${server.origin}/` });
    assert.deepEqual(await collect(client.paginate('start')), ['only']);
    assert.equal(server.requests.length, 1);
  });

  it('throws TypeError for a page that is not an array', T, async () => {
    server.reset((req, res) => sendJson(res, 200, { items: [1, 2] }));
    const client = createClient({ baseUrl: `${server.origin}/` });
    await assert.rejects(collect(client.paginate('objects')), TypeError);
  });

  it('detects a link back to an already requested page', T, async () => {
    server.reset((req, res) => {
      if (req.url === '/a?x=1') sendJson(res, 200, ['a'], { link: '</b>; rel="next"' });
      else sendJson(res, 200, ['b'], { link: `<${server.origin}/a?x=1>; rel="next"` });
    });
    const client = createClient({ baseUrl: `${server.origin}/` });
    const items = [];
    await assert.rejects(
      (async () => {
        for await (const item of client.paginate('a', { query: { x: 1 } })) items.push(item);
      })(),
      (error) => error instanceof Error && error.message === `Pagination loop detected: ${server.origin}/a?x=1`,
    );
    assert.deepEqual(items, ['a', 'b']);
    assert.equal(server.requests.length, 2);
  });
});
