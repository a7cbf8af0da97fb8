// A scriptable HTTP server on 127.0.0.1 for the client tests.
import http from 'node:http';

/**
 * Starts a server; set `server.handler = (req, res, record) => {...}` per test.
 * Every request is recorded (method, raw url, headers, body) before the handler runs.
 */
export async function startServer() {
  const state = {
    handler: (req, res) => res.end(),
    requests: [],
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const record = {
        method: req.method,
        url: req.url,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      state.requests.push(record);
      state.handler(req, res, record);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${server.address().port}`;
  state.reset = (handler) => {
    state.requests = [];
    state.handler = handler;
  };
  state.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return state;
}

/** Sends `body` as JSON with the given status and extra headers. */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
