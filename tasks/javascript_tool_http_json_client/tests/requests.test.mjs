import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, HttpError, ResponseParseError } from '../workspace/http_client.mjs';
import { sendJson, startServer } from './server.mjs';

const T = { timeout: 2000 };
let server;
before(async () => {
  server = await startServer();
});
after(() => server.close());

describe('building requests', () => {
  it('GETs JSON with accept and merged headers, each sent once', T, async () => {
    server.reset((req, res) => sendJson(res, 200, { ok: true, list: [1, 'two'] }, { 'x-custom': 'yes' }));
    const client = createClient({
      baseUrl: `${server.origin}/api/`,
      headers: { 'X-Api-Key': 'default', 'X-Trace': 't1' },
    });
    assert.deepEqual(await client.get('items', { headers: { 'x-api-key': 'override' } }), { ok: true, list: [1, 'two'] });
    const [record] = server.requests;
    assert.equal(record.method, 'GET');
    assert.equal(record.url, '/api/items');
    assert.equal(record.headers.accept, 'application/json');
    assert.equal(record.headers['x-api-key'], 'override');
    assert.equal(record.headers['x-trace'], 't1');
    const apiKeyHeaders = record.rawHeaders.filter((_, i) => i % 2 === 0 && record.rawHeaders[i].toLowerCase() === 'x-api-key');
    assert.equal(apiKeyHeaders.length, 1);
    assert.equal(record.body, '');

    const response = await client.request('GET', 'items');
    assert.equal(response.status, 200);
    assert.equal(response.headers['x-custom'], 'yes');
    assert.deepEqual(response.data, { ok: true, list: [1, 'two'] });
  });

  it('resolves paths against baseUrl with standard URL resolution', T, async () => {
    server.reset((req, res) => sendJson(res, 200, req.url));
    const client = createClient({ baseUrl: `${server.origin}/api/v1/` });
    assert.equal(await client.get('items'), '/api/v1/items');
    assert.equal(await client.get('/health'), '/health');
    assert.equal(await client.get('../v2/x?y=1'), '/api/v2/x?y=1');
    assert.equal(await client.get(`${server.origin}/absolute`), '/absolute');
  });

  it('encodes the query with encodeURIComponent, in insertion order', T, async () => {
    server.reset((req, res) => sendJson(res, 200, req.url));
    const client = createClient({ baseUrl: `${server.origin}/api/` });
    const query = {
      'sort by': 'a b&c=d/é+*',
      page: 2,
      flag: true,
      skip: null,
      none: undefined,
      tag: ['x', null, 'y z', undefined],
    };
    assert.equal(
      await client.get('search', { query }),
      '/api/search?sort%20by=a%20b%26c%3Dd%2F%C3%A9%2B*&page=2&flag=true&tag=x&tag=y%20z',
    );
    assert.equal(await client.get('search?fixed=1', { query: { a: 0 } }), '/api/search?fixed=1&a=0');
    assert.equal(await client.get('search', { query: {} }), '/api/search');
    assert.equal(await client.get('search', { query: { x: null, y: [] } }), '/api/search');
  });

  it('POSTs a UTF-8 JSON body with its exact byte length', T, async () => {
    const body = { name: 'Zoë ☃', n: [1, 2], nested: { ok: null } };
    server.reset((req, res, record) => sendJson(res, 201, { received: JSON.parse(record.body) }));
    const client = createClient({ baseUrl: `${server.origin}/` });
    assert.deepEqual(await client.post('things', body, { query: { dry: 'no' } }), { received: body });
    const [record] = server.requests;
    assert.equal(record.method, 'POST');
    assert.equal(record.url, '/things?dry=no');
    assert.equal(record.headers['content-type'], 'application/json');
    assert.equal(record.headers['content-length'], String(Buffer.byteLength(JSON.stringify(body))));
    assert.equal(record.body, JSON.stringify(body));

    server.reset((req, res) => sendJson(res, 200, null));
    await client.request('PUT', 'falsy', { body: 0 });
    assert.equal(server.requests[0].method, 'PUT');
    assert.equal(server.requests[0].body, '0');
    assert.equal(server.requests[0].headers['content-length'], '1');
  });

  it('decodes response bodies by content type', T, async () => {
    const client = createClient({ baseUrl: `${server.origin}/` });
    server.reset((req, res) => {
      res.writeHead(204);
      res.end();
    });
    const empty = await client.request('DELETE', 'x');
    assert.equal(empty.status, 204);
    assert.equal(empty.data, null);

    server.reset((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('plain {"not": "parsed"}');
    });
    assert.equal(await client.get('text'), 'plain {"not": "parsed"}');

    server.reset((req, res) => {
      res.writeHead(200, { 'content-type': 'Application/Problem+JSON' });
      res.end('{"title":"fine"}');
    });
    assert.deepEqual(await client.get('problem'), { title: 'fine' });

    server.reset((req, res) => {
      res.writeHead(200, { 'content-type': 'APPLICATION/JSON' });
      res.end('');
    });
    assert.equal(await client.get('empty-json'), null);
  });

  it('decodes multi-byte characters split across chunks', T, async () => {
    const bytes = Buffer.from(JSON.stringify({ text: 'héllo wörld ☃ 𝄞' }), 'utf8');
    const cut = bytes.indexOf(Buffer.from('☃')) + 1;
    server.reset((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 30);
    });
    const client = createClient({ baseUrl: `${server.origin}/` });
    assert.deepEqual(await client.get('split'), { text: 'héllo wörld ☃ 𝄞' });
  });
});

describe('error responses', () => {
  it('rejects a 404 with HttpError carrying status, headers and the parsed body', T, async () => {
    server.reset((req, res) => sendJson(res, 404, { error: 'missing', id: 9 }));
    const client = createClient({ baseUrl: `${server.origin}/api/` });
    await assert.rejects(client.get('items/9', { query: { full: 1 } }), (error) => {
      assert.ok(error instanceof HttpError);
      assert.equal(error.status, 404);
      assert.equal(error.method, 'GET');
      assert.equal(error.url, `${server.origin}/api/items/9?full=1`);
      assert.equal(error.message, `GET ${server.origin}/api/items/9?full=1 failed with status 404`);
      assert.deepEqual(error.body, { error: 'missing', id: 9 });
      assert.equal(error.headers['content-type'], 'application/json; charset=utf-8');
      return true;
    });
    assert.equal(server.requests.length, 1);
  });

  it('keeps text and unparsable bodies as text and does not follow redirects', T, async () => {
    const client = createClient({ baseUrl: `${server.origin}/` });
    const cases = [
      [500, { 'content-type': 'text/plain' }, 'kaput', 'kaput'],
      [400, { 'content-type': 'application/json' }, '{broken', '{broken'],
      [401, {}, '', null],
      [302, { location: '/elsewhere' }, '', null],
    ];
    for (const [status, headers, text, expected] of cases) {
      server.reset((req, res) => {
        res.writeHead(status, headers);
        res.end(text);
      });
      await assert.rejects(client.post('op', { a: 1 }), (error) => {
        assert.ok(error instanceof HttpError, `status ${status}`);
        assert.equal(error.status, status);
        assert.equal(error.method, 'POST');
        assert.deepEqual(error.body, expected);
        return true;
      });
      assert.equal(server.requests.length, 1, `status ${status} must not be retried or followed`);
    }
  });

  it('rejects an unparsable 2xx JSON body with ResponseParseError', T, async () => {
    server.reset((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"truncated": ');
    });
    const client = createClient({ baseUrl: `${server.origin}/` });
    await assert.rejects(client.get('bad'), (error) => {
      assert.ok(error instanceof ResponseParseError);
      assert.equal(error.status, 200);
      assert.equal(error.body, '{"truncated": ');
      assert.equal(error.url, `${server.origin}/bad`);
      assert.equal(error.message, `GET ${server.origin}/bad returned invalid JSON`);
      return true;
    });
  });
});
