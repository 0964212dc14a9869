"""A small real HTTP proxy on loopback that puts faults between the kiosk and the real hub.

Test infrastructure, not a stand-in for the hub: in "pass" mode every request goes to the
real hub process and its real answer comes back. The other modes are the faults a shop
network and a sick hub produce: a slow answer, a 500, a body that is not JSON, a
connection dropped without an answer, an answer lost after the hub acted on the request
(LOSE), and a request held until the test releases it (HOLD: "the hub is busy", without
any timing in the test). `times=N` applies a fault to the next N requests only.
The proxy reads one request per connection and answers with `Connection: close`, so a
mode change applies to the very next request (keep-alive cannot smuggle old behaviour).
`requests` counts what reached the proxy, so a test can see that an open circuit breaker
really stops traffic; `seen` lists their request lines ("POST /v1/photos HTTP/1.1").
"""

from __future__ import annotations

import socket
import socketserver
import threading
from dataclasses import dataclass, field

PASS, SLOW, ERROR_500, MALFORMED, DROP = "pass", "slow", "500", "malformed", "drop"
LOSE, HOLD = "lose", "hold"
MODES = (PASS, SLOW, ERROR_500, MALFORMED, DROP, LOSE, HOLD)


@dataclass
class _State:
    mode: str = PASS
    delay_s: float = 0.0
    upstream: tuple[str, int] = ("127.0.0.1", 0)
    requests: int = 0
    times: int | None = None  # faults left before going back to PASS; None = until changed
    seen: list[str] = field(default_factory=list)  # request lines, in arrival order


class FaultProxy:
    """`with FaultProxy(("127.0.0.1", hub_port)) as proxy:` then point the client at proxy.url."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self._lock = threading.Lock()
        self._state = _State(upstream=upstream)
        self._closing = threading.Event()
        self._released = threading.Event()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    @property
    def requests(self) -> int:
        with self._lock:
            return self._state.requests

    @property
    def seen(self) -> list[str]:
        """The request lines that reached the proxy so far (a copy)."""
        with self._lock:
            return list(self._state.seen)

    def set_mode(self, mode: str, delay_s: float = 0.0, times: int | None = None) -> None:
        assert mode in MODES, mode
        with self._lock:
            self._state.mode, self._state.delay_s, self._state.times = mode, delay_s, times
            if mode == HOLD:
                self._released.clear()

    def release(self) -> None:
        """Let held requests through to the hub (and stop holding new ones)."""
        with self._lock:
            self._state.mode = PASS
        self._released.set()

    def set_upstream(self, upstream: tuple[str, int]) -> None:
        """Point at a hub that came back on another port."""
        with self._lock:
            self._state.upstream = upstream

    def close(self) -> None:
        self._closing.set()
        self._released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one connection = one request -----------------------------------------------------

    def _handle(self, client: socket.socket) -> None:
        client.settimeout(10)
        try:
            request = _read_request(client)
            if request is None:
                return
            with self._lock:
                state = self._state
                state.requests += 1
                state.seen.append(request.split(b"\r\n", 1)[0].decode("latin-1"))
                mode, delay, upstream = state.mode, state.delay_s, state.upstream
                if state.times is not None:
                    state.times -= 1
                    if state.times <= 0:
                        state.mode, state.times = PASS, None
            if mode == DROP:
                return  # close without a byte: "server disconnected"
            if mode == SLOW and self._closing.wait(delay):
                return
            if mode == HOLD:
                self._released.wait()
                if self._closing.is_set():
                    return
            if mode == LOSE:
                _forward(request, upstream)  # the hub acts on it; the answer never arrives
                return
            if mode == ERROR_500:
                client.sendall(_response(500, b'{"detail": "Internal Server Error"}'))
            elif mode == MALFORMED:
                client.sendall(_response(200, b'{"sku": "LIP-001", "channels": [{"chan'))
            else:
                client.sendall(_forward(request, upstream))
        except OSError:
            pass  # the kiosk gave up (its read timeout) or the hub went away
        finally:
            client.close()


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    lines = head.split(b"\r\n")
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    kept = [ln for ln in lines if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*kept, b"Connection: close"]) + b"\r\n\r\n" + body


def _forward(request: bytes, upstream: tuple[str, int]) -> bytes:
    with socket.create_connection(upstream, timeout=30) as hub:
        hub.sendall(request)
        parts = []
        while chunk := hub.recv(65536):
            parts.append(chunk)
    return b"".join(parts)


def _response(status: int, body: bytes) -> bytes:
    reason = {200: "OK", 500: "Internal Server Error"}[status]
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body
