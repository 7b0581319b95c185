"""A fake document-management system for the tests: a real HTTP server (http.server) on a free loopback port, in a
thread, that numbers documents from its own register or answers as a test tells it (an error status, garbage, a
slow answer). It records every request it received (headers and JSON body)."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class FakeDocumentSystem:
    def __init__(self, *, first: int = 1, symbol: str = "QĐ-UBND"):
        self.next_number, self.symbol = first, symbol
        self.requests: list[tuple[dict, object]] = []
        self.status, self.body, self.delay = 200, None, 0.0   # body None: the next number of the register
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/van-ban-di/cap-so"

    def answer(self, status: int = 200, body: bytes | None = None, delay: float = 0.0) -> None:
        self.status, self.body, self.delay = status, body, delay

    def __enter__(self) -> Self:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False   # a slow answer the client gave up on does not hold the test
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _reply(self, request: object) -> tuple[int, bytes]:
        if self.body is not None or self.status != 200:
            return self.status, self.body or b'{"error": "internal"}'
        number, self.next_number = self.next_number, self.next_number + 1
        return 200, json.dumps({"number": number, "symbol": f"{number}/{self.symbol}"}).encode()


def _handler(fake: FakeDocumentSystem):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw
            fake.requests.append((dict(self.headers), body))
            time.sleep(fake.delay)
            status, payload = fake._reply(body)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:   # the client gave up (a timeout test): nothing to answer
                pass

        def log_message(self, *args) -> None:
            pass

    return Handler
