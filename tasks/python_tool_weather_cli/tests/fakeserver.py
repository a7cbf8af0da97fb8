"""A scripted weather API on 127.0.0.1 (ephemeral port), served from a thread."""
import json
import threading
import urllib.parse
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server naming)
        parsed = urllib.parse.urlsplit(self.path)
        query = {k: v[0] for k, v in urllib.parse.parse_qs(parsed.query, keep_blank_values=True).items()}
        owner = self.server.owner
        with owner.lock:
            owner.requests.append((parsed.path, query))
            queue = owner.scripts[parsed.path]
            status, body, headers = queue.popleft() if queue else (599, '{"error": "unscripted"}', {})
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class FakeWeatherServer:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.scripts = defaultdict(deque)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def script(self, path, status, body, headers=None):
        """Queue one response for `path`; a JSON-able body is serialised."""
        if not isinstance(body, (str, bytes)):
            body = json.dumps(body)
        with self.lock:
            self.scripts[path].append((status, body, headers or {}))

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
