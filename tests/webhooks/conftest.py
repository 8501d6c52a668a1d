"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 in a thread that records
each request, checks its signature with its own HMAC code, and answers the status codes it is
told to (200 once the list is used up).

The receiver is on a loopback address, which production refuses: these tests allow private
networks unless they set WEBHOOK_ALLOW_PRIVATE_NETWORKS back to False (test_ssrf.py)."""

import hashlib
import hmac
import json
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from mentorpath.core import events


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    secret: str = ""
    statuses: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)

    def verified(self, request: Received, tolerance: int = 300) -> bool:
        """Stripe-style check, written independently of the sender's code."""
        import time

        parts = dict(
            item.split("=", 1) for item in request.headers["Mentorpath-Signature"].split(",")
        )
        timestamp = int(parts["t"])
        if abs(time.time() - timestamp) > tolerance:
            return False
        signed = str(timestamp).encode() + b"." + request.body
        expected = hmac.new(self.secret.encode(), signed, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, parts["v1"])


@pytest.fixture(autouse=True)
def _private_networks_allowed(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True


def serve(ssl_context: ssl.SSLContext | None = None, host: str = "127.0.0.1"):
    """Start a receiver on `host` (over TLS with `ssl_context`); returns (state, stop)."""
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            state.requests.append(Received(self.path, dict(self.headers.items()), body))
            status = state.statuses.pop(0) if state.statuses else 200
            answer = b"ok" if status < 300 else b"boom " + b"x" * 2000
            self.send_response(status)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if ssl_context is not None:
        server.socket = ssl_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if ssl_context is not None else "http"
    state.url = f"{scheme}://{host}:{server.server_address[1]}/hooks/mentorpath"

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return state, stop


@pytest.fixture
def receiver():
    state, stop = serve()
    yield state
    stop()


@pytest.fixture
def published():
    """Every domain event delivered to subscribers during the test, as (name, payload)."""
    seen: list[tuple[str, dict[str, Any]]] = []

    def record(name: str, payload: dict[str, Any]) -> None:
        seen.append((name, payload))

    events.subscribe(record)
    yield seen
    events.unsubscribe(record)
