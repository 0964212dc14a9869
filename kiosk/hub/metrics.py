"""Prometheus text metrics and the request middleware that feeds them.

Counters live per process (each worker reports its own, labelled with its pid, which a
Prometheus scrape through a load balancer sums); business gauges (held reservations,
events stored) are read from the database at scrape time, so they agree across workers.
Routes are labelled by their full template (the API prefix, then
`/members/{member_id}/history`), never by the raw path, so no member id reaches a metric.
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
COUNTERS = {
    "reservations_created": "reservations made",
    "reservations_out_of_stock": "reservation attempts refused for lack of stock",
    "reservations_released": "held reservations released (cancelled or expired)",
    "movements_applied": "stock movements applied",
    "movements_duplicate": "stock movements ignored as already applied",
    "holds_at_risk": "held reservations a sale or count left without units on hand",
    "reservations_hold_limit": "reservation attempts refused by a per-kiosk hold cap",
    "events_accepted": "events stored",
    "events_duplicate": "events ignored as already stored",
    "events_redacted": "events whose member_id was dropped for lack of consent",
    "event_fields_dropped": "event data fields dropped by the per-type allow-list",
    "member_lookups_failed": "member lookups with an unknown or expired code",
    "staff_pin_failed": "staff sign-ins refused for a wrong PIN or unknown staff",
    "handoffs_created": "hand-offs created",
    "handoff_scans": "hand-off short URLs followed",
    "photos_uploaded": "shoppers' photos stored",
    "photo_views": "photo pages opened on a phone",
    "photos_deleted": "photos deleted early by their kiosk",
    "photos_expired": "photos whose bytes the sweep deleted at expiry",
    "orders_stored": "orders from the shop's webhook stored (new)",
    "orders_credited": "new orders credited to a store (started at a mirror)",
    "orders_duplicate": "order deliveries already stored (redeliveries)",
    "orders_updated": "order deliveries that changed a stored order's lines or money",
    "orders_ignored": "test orders acknowledged and not stored",
    "orders_refused": "order deliveries refused for a missing or wrong signature",
    "orders_invalid": "signed order deliveries refused as malformed (422)",
}


class Metrics:
    """Thread-safe counters and a latency histogram per route."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.latency: dict[tuple[str, str], list[float]] = {}
        self.counters: dict[str, int] = dict.fromkeys(COUNTERS, 0)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(method, route, status)] += 1
            hist = self.latency.get((method, route))
            if hist is None:
                hist = self.latency[(method, route)] = [0.0] * (len(BUCKETS) + 2)
            for i, edge in enumerate(BUCKETS):
                if seconds <= edge:
                    hist[i] += 1
                    break
            else:
                hist[len(BUCKETS)] += 1
            hist[-1] += seconds

    def inc(self, name: str, n: int = 1) -> None:
        with self._lock:
            self.counters[name] += n

    def render(self, gauges: dict[str, tuple[str, float]]) -> str:
        pid = os.getpid()
        out: list[str] = [
            "# HELP kiosk_hub_requests_total HTTP requests by route and status",
            "# TYPE kiosk_hub_requests_total counter",
        ]
        with self._lock:
            for (method, route, status), n in sorted(self.requests.items()):
                out.append(
                    f'kiosk_hub_requests_total{{pid="{pid}",method="{method}",'
                    f'route="{route}",status="{status}"}} {n}'
                )
            out += [
                "# HELP kiosk_hub_request_seconds request latency",
                "# TYPE kiosk_hub_request_seconds histogram",
            ]
            for (method, route), hist in sorted(self.latency.items()):
                labels = f'pid="{pid}",method="{method}",route="{route}"'
                running = 0.0
                for edge, count in zip(BUCKETS, hist, strict=False):
                    running += count
                    out.append(
                        f'kiosk_hub_request_seconds_bucket{{{labels},le="{edge}"}} {running:g}'
                    )
                running += hist[len(BUCKETS)]
                out.append(f'kiosk_hub_request_seconds_bucket{{{labels},le="+Inf"}} {running:g}')
                out.append(f"kiosk_hub_request_seconds_sum{{{labels}}} {hist[-1]:.6f}")
                out.append(f"kiosk_hub_request_seconds_count{{{labels}}} {running:g}")
            for name, help_text in COUNTERS.items():
                out += [
                    f"# HELP kiosk_hub_{name}_total {help_text}",
                    f"# TYPE kiosk_hub_{name}_total counter",
                    f'kiosk_hub_{name}_total{{pid="{pid}"}} {self.counters[name]}',
                ]
        for name, (help_text, value) in sorted(gauges.items()):
            out += [
                f"# HELP kiosk_hub_{name} {help_text}",
                f"# TYPE kiosk_hub_{name} gauge",
                f"kiosk_hub_{name} {value:g}",
            ]
        return "\n".join(out) + "\n"


class HubMiddleware:
    """Times every request for the metrics and refuses bodies over the size limit (413).
    `larger` gives a path its own limit (a photo upload is bigger than any JSON body)."""

    def __init__(
        self,
        app: ASGIApp,
        metrics: Metrics,
        max_body: int,
        larger: dict[str, int] | None = None,
    ) -> None:
        self.app, self.metrics, self.max_body = app, metrics, max_body
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        length = _content_length(scope)
        limit = self.larger.get(scope.get("path", ""), self.max_body)
        if length is not None and length > limit:
            await _too_large(send, limit)
            self.metrics.observe(scope["method"], "(body too large)", 413, 0.0)
            return

        received = 0
        refused = False

        async def receive_limited() -> Message:
            # A chunked body has no Content-Length: count it as it arrives and, past the
            # limit, answer 413 ourselves and tell the app the client went away.
            nonlocal received, refused, status
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused, status = True, 413
                    await _too_large(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if refused:
                return  # the 413 has been sent; the app's late answer goes nowhere
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive_limited if length is None else receive, send_wrapper)
        finally:
            route = getattr(scope.get("route"), "path", None) or "(unmatched)"
            self.metrics.observe(scope["method"], route, status, time.perf_counter() - start)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send: Send, limit: int) -> None:
    import json

    body: dict[str, Any] = {
        "error": {
            "code": "payload_too_large",
            "message": f"the request body is over {limit} bytes; send smaller batches "
            "(or a smaller photo)",
            "field": "body",
        }
    }
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(data)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})
