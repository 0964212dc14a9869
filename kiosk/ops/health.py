"""The kiosk's health and metrics endpoint, on loopback only.

    GET /healthz   JSON: status "ok" (HTTP 200) or "degraded" (HTTP 503, `problems` says
                   which part: the camera gone, the hub unreachable, the outbox unreadable),
                   the camera, tracking rate, compositor, hub, outbox depth, uptime, version
    GET /metrics   the same numbers in Prometheus' text format (prometheus-client)
    anything else  404

A supervisor, a store's monitoring agent or `curl` on the kiosk PC reads it; the server
binds 127.0.0.1 and nothing else, so it is never reachable from the store's network
(a monitoring agent on the PC forwards what it scrapes). `[logging] health_port` picks
the port; 0 turns it off. A port already taken is logged once and the kiosk runs on
without the endpoint.

Nothing personal is ever served: no member ID, no image, no camera or hub address, no
error text that could carry one; only states, counts and rates.

The numbers come from `HealthSources`, plain callables that read the running parts
through their own thread-safe accessors (the capture's state and newest frame, the store
service's circuit breaker, the event sender's status, the outbox's counter, a frame-rate
meter the UI thread ticks). The server's threads never touch a Qt object.
`HealthMonitor.snapshot()` gathers them into a `HealthSnapshot`, which /healthz and
/metrics both serve, so tests drive the whole endpoint without a window.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.registry import Collector

from kiosk import __version__

if TYPE_CHECKING:
    from kiosk.client.service import StoreService
    from kiosk.records.recorder import Recorder
    from kiosk.vision.capture import CaptureThread

log = logging.getLogger(__name__)

HOST = "127.0.0.1"  # loopback only, by design: not a setting
# The camera counts as gone when it is not running, or its newest frame is older than this
# (a driver that stalls without an error).
CAMERA_STALE_S = 5.0
FPS_WINDOW_S = 5.0  # the tracking rate is averaged over this many seconds


# ---- readings --------------------------------------------------------------------------


CLOSED_BY_STAFF = "closed_by_staff"  # the camera is off on purpose (kiosk.ui.staff_panel)


@dataclass(frozen=True)
class CameraReading:
    # the capture's state: starting, running, reconnecting, ended, stopped; or
    # closed_by_staff (a mirror staff closed: no camera on purpose, not a problem)
    state: str
    last_frame_age_s: float | None  # None: no frame yet

    @property
    def ok(self) -> bool:
        age = self.last_frame_age_s
        return self.state == "running" and age is not None and age <= CAMERA_STALE_S


@dataclass(frozen=True)
class HubReading:
    """What the kiosk's last calls to the hub say. Read, never probed: a hub that fails
    while the kiosk calls nothing (an idle mirror, an empty outbox) shows at the next call."""

    embedded: bool  # the kiosk's own hub on loopback, or the chain's hub
    breaker: str  # the store service's circuit breaker: "closed", "open", "half_open"
    sender_ok: bool  # the event sender's last batch reached the hub (or it had none)

    @property
    def reachable(self) -> bool:
        return self.breaker == "closed" and self.sender_ok

    @property
    def description(self) -> str:
        """The hub in words, with no address (the URL may name a store's network)."""
        kind = "embedded hub (loopback child process)" if self.embedded else "remote hub"
        calls = "calls working" if self.breaker == "closed" else f"circuit {self.breaker}"
        events = "events sending" if self.sender_ok else "events not sending"
        return f"{kind}: {calls}, {events}"


@dataclass(frozen=True)
class HealthSnapshot:
    camera: CameraReading
    tracking_fps: float
    compositor: str  # "gpu" (the lipstick shader) or "cpu" (the NumPy compositor)
    hub: HubReading
    outbox_depth: int | None  # events waiting for the hub; None: the outbox is unreadable
    uptime_s: float
    version: str

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the kiosk is degraded, one short line per part; empty when it is ok."""
        found = []
        if not self.camera.ok and self.camera.state != CLOSED_BY_STAFF:
            age = self.camera.last_frame_age_s
            if self.camera.state == "running" and age is not None:
                found.append(f"camera: no new frame for {age:.1f} s")
            elif self.camera.state == "running":
                found.append("camera: no frame yet")
            else:
                found.append(f"camera: {self.camera.state}")
        if not self.hub.reachable:
            found.append(f"hub: unreachable ({self.hub.description})")
        if self.outbox_depth is None:
            found.append("outbox: unreadable")
        return tuple(found)

    @property
    def status(self) -> str:
        return "degraded" if self.problems else "ok"

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "problems": list(self.problems),
            "camera": {
                "ok": self.camera.ok,
                "state": self.camera.state,
                "last_frame_age_s": _rounded(self.camera.last_frame_age_s),
            },
            "tracking_fps": round(self.tracking_fps, 2),
            "compositor": self.compositor,
            "hub": {
                "reachable": self.hub.reachable,
                "embedded": self.hub.embedded,
                "breaker": self.hub.breaker,
                "description": self.hub.description,
            },
            "outbox_depth": self.outbox_depth,
            "uptime_s": round(self.uptime_s, 1),
            "version": self.version,
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# ---- where the readings come from -------------------------------------------------------


class FrameRate:
    """Frames per second over the last `window_s`: `tick()` once per frame (any thread),
    `rate()` from any other. Falls to 0 within a window once frames stop."""

    def __init__(
        self, window_s: float = FPS_WINDOW_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._window_s = window_s
        self._clock = clock
        self._started = clock()
        self._ticks: deque[float] = deque()
        self._lock = threading.Lock()

    def tick(self) -> None:
        with self._lock:
            now = self._clock()
            self._ticks.append(now)
            self._forget(now)

    def rate(self) -> float:
        with self._lock:
            now = self._clock()
            self._forget(now)
            span = min(self._window_s, now - self._started)
            return len(self._ticks) / span if span > 0 else 0.0

    def _forget(self, now: float) -> None:
        while self._ticks and self._ticks[0] <= now - self._window_s:
            self._ticks.popleft()


@dataclass(frozen=True)
class HealthSources:
    """Plain callables the server's threads call; each must be safe off the UI thread."""

    camera: Callable[[], CameraReading]
    hub: Callable[[], HubReading]
    outbox_depth: Callable[[], int]
    tracking_fps: Callable[[], float]
    compositor: str


def camera_reading(
    capture: CaptureThread, clock: Callable[[], float] = time.monotonic
) -> CameraReading:
    """The capture's state and the age of its newest frame (both read under its locks).
    `clock` must be the capture's own (frames carry its monotonic milliseconds)."""
    frame = capture.slot.latest
    age = None if frame is None else max(0.0, clock() - frame.timestamp_ms / 1000.0)
    return CameraReading(capture.state, age)


def hub_reading(store: StoreService, recorder: Recorder | None = None) -> HubReading:
    status = store.status()
    sender = recorder.sender if recorder is not None else None
    sender_ok = sender is None or sender.status.hub_reachable
    return HubReading(status.embedded, status.breaker, sender_ok)


def kiosk_sources(
    capture: CaptureThread,
    store: StoreService,
    recorder: Recorder,
    frame_rate: FrameRate,
    compositor: str,
    *,
    closed_by_staff: bool = False,
) -> HealthSources:
    """The sources of a running kiosk (`KioskApp.start`), or of its parts in a test; a
    mirror closed by staff reports its camera as such (off on purpose, not degraded)."""
    closed = CameraReading(CLOSED_BY_STAFF, None)
    return HealthSources(
        camera=(lambda: closed) if closed_by_staff else (lambda: camera_reading(capture)),
        hub=lambda: hub_reading(store, recorder),
        outbox_depth=recorder.outbox.pending,
        tracking_fps=frame_rate.rate,
        compositor=compositor,
    )


class HealthMonitor:
    """Gathers a snapshot from the sources; uptime counts from the monitor's creation."""

    def __init__(
        self,
        sources: HealthSources,
        *,
        clock: Callable[[], float] = time.monotonic,
        version: str = __version__,
    ) -> None:
        self.sources = sources
        self.version = version
        self._clock = clock
        self._started = clock()

    def snapshot(self) -> HealthSnapshot:
        s = self.sources
        try:
            depth: int | None = int(s.outbox_depth())
        except Exception as exc:  # closed or broken: a problem to report, not a crash
            log.debug("outbox depth unreadable: %s", exc)
            depth = None
        return HealthSnapshot(
            camera=s.camera(),
            tracking_fps=float(s.tracking_fps()),
            compositor=s.compositor,
            hub=s.hub(),
            outbox_depth=depth,
            uptime_s=self._clock() - self._started,
            version=self.version,
        )


# ---- /metrics ---------------------------------------------------------------------------


class _SnapshotCollector(Collector):
    """A custom collector: every scrape reads a fresh snapshot, like /healthz does."""

    def __init__(self, monitor: HealthMonitor) -> None:
        self._monitor = monitor

    def collect(self) -> Iterator[Metric]:
        snap = self._monitor.snapshot()
        yield GaugeMetricFamily(
            "kiosk_up",
            "1 when the kiosk is healthy, 0 when degraded",
            value=float(snap.status == "ok"),
        )
        yield GaugeMetricFamily(
            "kiosk_camera_up",
            "1 while the camera delivers fresh frames",
            value=float(snap.camera.ok),
        )
        if snap.camera.last_frame_age_s is not None:
            yield GaugeMetricFamily(
                "kiosk_camera_last_frame_age_seconds",
                "Seconds since the newest captured frame",
                value=snap.camera.last_frame_age_s,
            )
        yield GaugeMetricFamily(
            "kiosk_tracking_fps",
            f"Tracked frames shown per second, over the last {FPS_WINDOW_S:g} s",
            value=snap.tracking_fps,
        )
        yield GaugeMetricFamily(
            "kiosk_hub_up",
            "1 while the kiosk's calls to the hub work",
            value=float(snap.hub.reachable),
        )
        if snap.outbox_depth is not None:
            yield GaugeMetricFamily(
                "kiosk_outbox_depth",
                "Try-on events in the outbox, not yet at the hub",
                value=snap.outbox_depth,
            )
        yield GaugeMetricFamily(
            "kiosk_uptime_seconds", "Seconds since the kiosk started", value=snap.uptime_s
        )
        yield InfoMetricFamily(
            "kiosk_compositor",
            "Where the lipstick is composited",
            value={"compositor": snap.compositor},
        )
        yield InfoMetricFamily(
            "kiosk_build", "The kiosk's version", value={"version": snap.version}
        )


def metrics_registry(monitor: HealthMonitor) -> CollectorRegistry:
    """A registry of this kiosk's own (never prometheus_client's global one): two kiosks or
    tests in one process never collide."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_SnapshotCollector(monitor))
    return registry


# ---- the server -------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    monitor: HealthMonitor
    registry: CollectorRegistry


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "kiosk-health"

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/healthz":
            snap = self.server.monitor.snapshot()
            body = json.dumps(snap.as_json()).encode("utf-8")
            self._answer(200 if snap.status == "ok" else 503, "application/json", body)
        elif path == "/metrics":
            self._answer(200, CONTENT_TYPE_LATEST, generate_latest(self.server.registry))
        else:
            self._not_found()

    def _not_found(self) -> None:
        self._answer(404, "application/json", b'{"error": "not found"}')

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_found

    def _answer(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("health endpoint: " + format, *args)


class HealthServer:
    """The endpoint on 127.0.0.1:`port` (0: a free port, for tests) on a daemon thread.
    Construction binds, and raises OSError when the port is taken; see `serve_health`."""

    def __init__(self, monitor: HealthMonitor, port: int) -> None:
        self.monitor = monitor
        self._httpd = _Server((HOST, port), _Handler)
        self._httpd.monitor = monitor
        self._httpd.registry = metrics_registry(monitor)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="health-endpoint",
            daemon=True,
        )

    @property
    def address(self) -> tuple[str, int]:
        """The bound socket's own address (host, port)."""
        host, port = self._httpd.socket.getsockname()[:2]
        return host, port

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}"

    def start(self) -> HealthServer:
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and free the port; idempotent."""
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(5.0)
        self._httpd.server_close()


def serve_health(sources: HealthSources, port: int) -> HealthServer | None:
    """The running endpoint on `port`, or None when it is off (0) or the port is taken
    (logged once: the kiosk runs on without it)."""
    if port == 0:
        return None
    try:
        server = HealthServer(HealthMonitor(sources), port)
    except OSError as exc:
        log.warning(
            "health endpoint off: cannot listen on %s:%d (%s); the kiosk runs without "
            "/healthz and /metrics (set logging.health_port to a free port, 0 for none)",
            HOST,
            port,
            exc.strerror or exc,
        )
        return None
    log.info("health endpoint on http://%s:%d (/healthz, /metrics)", HOST, port)
    return server.start()
