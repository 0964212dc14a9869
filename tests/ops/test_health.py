"""The loopback health and metrics endpoint, over real HTTP, fed by the kiosk's real parts.

A capture on a real video (running, ended) or on a camera that does not exist, a store
service and an event recorder pointed at the real hub or at a closed loopback port, and
the endpoint read with httpx; /metrics parsed with prometheus-client's own parser. The
last test builds the real kiosk window and reads its endpoint.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk import __version__
from kiosk.client.breaker import CircuitBreaker
from kiosk.client.cache import StoreCache
from kiosk.client.service import StoreService
from kiosk.client.store_client import HubUnavailable, StoreClient
from kiosk.ops.health import (
    CAMERA_STALE_S,
    CLOSED_BY_STAFF,
    CameraReading,
    FrameRate,
    HealthMonitor,
    HealthServer,
    HealthSnapshot,
    HealthSources,
    HubReading,
    kiosk_sources,
    serve_health,
)
from kiosk.records.events import EventFactory
from kiosk.records.recorder import Recorder
from kiosk.ui.qt_env import prepare_qt_environment
from kiosk.vision.capture import CaptureThread
from kiosk.vision.sources import FrameSource, VideoFileSource, open_source
from tests.helpers import eventually
from tests.hub_server import RunningHub

prepare_qt_environment()  # before pytest-qt's application (the last test's window)

# Every key /healthz answers with: a field added later must be added here on purpose, after
# asking whether it could ever carry something personal (a member, an image, an address).
HEALTHZ_KEYS = {
    "status", "problems", "camera", "tracking_fps", "compositor", "hub", "outbox_depth",
    "uptime_s", "version",
}  # fmt: skip
CAMERA_KEYS = {"ok", "state", "last_frame_age_s"}
HUB_KEYS = {"reachable", "embedded", "breaker", "description"}


def closed_port() -> int:
    """A loopback port nothing listens on (bound for a moment, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def free_port() -> int:
    return closed_port()


@dataclass
class Parts:
    """What the endpoint reads in a kiosk, without its window."""

    capture: CaptureThread
    store: StoreService
    recorder: Recorder
    rate: FrameRate
    server: HealthServer

    def get(self, path: str) -> httpx.Response:
        return httpx.get(self.server.url + path, timeout=10.0)


@contextmanager
def kiosk_parts(source: FrameSource, hub_url: str, token: str, tmp_path: Path) -> Iterator[Parts]:
    """The capture, store service and recorder built as the kiosk builds them, a thread
    that takes each new frame and ticks the frame rate (what the UI thread does per frame
    shown), and the endpoint on a free loopback port."""
    capture = CaptureThread(source, reconnect_initial_s=0.05, reconnect_max_s=0.2)
    breaker = CircuitBreaker(failures=1, reset_s=600)  # one failed call opens it
    client = StoreClient(hub_url, token, retries=0, breaker=breaker, connect_timeout_s=1.0)
    store = StoreService(client, StoreCache(tmp_path / "cache.sqlite"))
    recorder = Recorder.open(
        tmp_path / "outbox.sqlite",
        hub_url,
        token,
        send_interval_s=0.05,
        retry_initial_s=0.05,
        retry_max_s=0.2,
    )
    rate = FrameRate()
    stop = threading.Event()

    def show_frames() -> None:
        last = -1
        while not stop.is_set():
            frame = capture.get_newer(last, timeout=0.05)
            if frame is not None:
                last = frame.index
                rate.tick()

    shower = threading.Thread(target=show_frames, name="test-frames-shown", daemon=True)
    server = HealthServer(HealthMonitor(kiosk_sources(capture, store, recorder, rate, "cpu")), 0)
    capture.start()
    shower.start()
    recorder.start()
    server.start()
    try:
        yield Parts(capture, store, recorder, rate, server)
    finally:
        server.close()
        stop.set()
        shower.join(5.0)
        capture.stop()
        capture.join(5.0)
        recorder.stop()
        store.close()


@pytest.fixture(scope="module")
def talk_d0(testdata: Path) -> Path:
    return testdata / "videos" / "talk_d0.mp4"


def looping(video: Path) -> FrameSource:
    return VideoFileSource(video, realtime=True, loop=True)


def record(recorder: Recorder, n: int) -> None:
    events = EventFactory("default", "test-kiosk")
    for i in range(n):
        recorder.record(events.product_tried("sess", f"LIP-{1 + i:03d}", 100 + i))
    assert recorder.flush()


def metrics(parts: Parts) -> dict[str, tuple[str, float, dict[str, str]]]:
    """name -> (type, value, labels) of each one-sample family on /metrics."""
    response = parts.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.text):
        assert len(family.samples) == 1, family
        sample = family.samples[0]
        found[family.name] = (family.type, sample.value, sample.labels)
    return found


def healthz(parts: Parts, expect: int) -> dict[str, Any]:
    response = parts.get("/healthz")
    assert response.status_code == expect, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert set(body) == HEALTHZ_KEYS
    assert set(body["camera"]) == CAMERA_KEYS
    assert set(body["hub"]) == HUB_KEYS
    return body


# ---- healthy ------------------------------------------------------------------------------


def test_healthy_kiosk_answers_200_and_its_metrics(
    talk_d0: Path, sqlite_hub: RunningHub, tmp_path: Path
) -> None:
    with kiosk_parts(looping(talk_d0), sqlite_hub.url, sqlite_hub.token, tmp_path) as parts:
        assert parts.store.catalog().result(timeout=30).live  # a call to the hub worked
        record(parts.recorder, 3)
        eventually(lambda: parts.recorder.outbox.pending() == 0, "the events reached the hub")
        eventually(lambda: parts.rate.rate() > 5, "frames shown")
        body = healthz(parts, 200)
        assert body["status"] == "ok" and body["problems"] == []
        camera = body["camera"]
        assert camera["ok"] is True and camera["state"] == "running"
        assert 0 <= camera["last_frame_age_s"] < CAMERA_STALE_S
        # the clip plays at its own rate (25 fps); the thread showing frames keeps up
        assert 5 < body["tracking_fps"] <= 40
        assert body["compositor"] == "cpu"
        hub = body["hub"]
        assert hub == {  # remote: pointed at a hub by URL, which is never shown
            "reachable": True,
            "embedded": False,
            "breaker": "closed",
            "description": "remote hub: calls working, events sending",
        }
        assert body["outbox_depth"] == 0
        assert body["version"] == __version__
        assert 0 <= body["uptime_s"] < 120

        found = metrics(parts)
        assert found["kiosk_up"] == ("gauge", 1.0, {})
        assert found["kiosk_camera_up"] == ("gauge", 1.0, {})
        assert found["kiosk_hub_up"] == ("gauge", 1.0, {})
        assert found["kiosk_outbox_depth"] == ("gauge", 0.0, {})
        assert found["kiosk_tracking_fps"][1] > 5
        assert 0 <= found["kiosk_camera_last_frame_age_seconds"][1] < CAMERA_STALE_S
        # read after the JSON, whose uptime is rounded to 0.1 s (0.18 is said as 0.2)
        assert found["kiosk_uptime_seconds"][1] >= body["uptime_s"] - 0.05
        assert found["kiosk_compositor_info"] == ("gauge", 1.0, {"compositor": "cpu"})
        assert found["kiosk_build_info"] == ("gauge", 1.0, {"version": __version__})


# ---- degraded: which part, said -----------------------------------------------------------


def test_camera_gone_and_hub_down_answer_503_and_say_which(talk_d0: Path, tmp_path: Path) -> None:
    """A video that has ended (the camera gone) and a hub on a port nothing listens on."""
    down = f"http://127.0.0.1:{closed_port()}"
    ended = VideoFileSource(talk_d0, realtime=False, loop=False)
    with kiosk_parts(ended, down, "token", tmp_path) as parts:
        eventually(lambda: parts.capture.state == "ended", "the video ended")
        with pytest.raises(HubUnavailable):  # nothing cached either
            parts.store.catalog().result(timeout=30)
        record(parts.recorder, 4)  # kept for the hub, which is not there
        eventually(lambda: not parts.recorder.sender.status.hub_reachable, "a failed send")  # type: ignore[union-attr]
        eventually(lambda: parts.rate.rate() == 0, "no frame shown for a window", timeout=15)
        body = healthz(parts, 503)
        assert body["status"] == "degraded"
        assert body["problems"] == [
            "camera: ended",
            "hub: unreachable (remote hub: circuit open, events not sending)",
        ]
        assert body["camera"] == {  # the last frame is still held, but the video is done
            "ok": False,
            "state": "ended",
            "last_frame_age_s": body["camera"]["last_frame_age_s"],
        }
        assert body["camera"]["last_frame_age_s"] is not None
        assert body["tracking_fps"] == 0
        assert body["hub"]["reachable"] is False
        assert body["hub"]["breaker"] == "open"
        assert body["outbox_depth"] == 4
        assert down.split("//")[1] not in json.dumps(body)  # the hub's address is never shown

        found = metrics(parts)
        assert found["kiosk_up"][1] == 0
        assert found["kiosk_camera_up"][1] == 0
        assert found["kiosk_hub_up"][1] == 0
        assert found["kiosk_outbox_depth"][1] == 4
        assert found["kiosk_tracking_fps"][1] == 0


def test_a_camera_that_never_opens_degrades_only_the_camera(
    sqlite_hub: RunningHub, tmp_path: Path
) -> None:
    missing = open_source("camera:97")  # no such device: the capture keeps reconnecting
    with kiosk_parts(missing, sqlite_hub.url, sqlite_hub.token, tmp_path) as parts:
        assert parts.store.catalog().result(timeout=30).live
        eventually(lambda: parts.capture.state == "reconnecting", "the capture reconnecting")
        body = healthz(parts, 503)
        assert body["problems"] == ["camera: reconnecting"]
        assert body["camera"] == {"ok": False, "state": "reconnecting", "last_frame_age_s": None}
        assert body["hub"]["reachable"] is True
        found = metrics(parts)
        assert found["kiosk_camera_up"][1] == 0 and found["kiosk_hub_up"][1] == 1
        assert "kiosk_camera_last_frame_age_seconds" not in found  # no frame, no age


def test_hub_down_with_the_camera_running_degrades_only_the_hub(
    talk_d0: Path, tmp_path: Path
) -> None:
    down = f"http://127.0.0.1:{closed_port()}"
    with kiosk_parts(looping(talk_d0), down, "token", tmp_path) as parts:
        eventually(lambda: parts.capture.state == "running", "the camera running")
        with pytest.raises(HubUnavailable):
            parts.store.catalog().result(timeout=30)
        body = healthz(parts, 503)
        # nothing was recorded, so the sender had nothing to fail on: the breaker tells
        assert body["problems"] == ["hub: unreachable (remote hub: circuit open, events sending)"]
        assert body["camera"]["ok"] is True


# ---- the server itself ----------------------------------------------------------------------


@contextmanager
def idle_parts(tmp_path: Path, compositor: str = "gpu") -> Iterator[tuple[HealthSources, Recorder]]:
    """Real parts that were built but never started (a camera that does not exist, a hub
    nobody called): enough for the server's routing, binding and ports."""
    capture = CaptureThread(open_source("camera:97"))
    down = f"http://127.0.0.1:{closed_port()}"
    store = StoreService(StoreClient(down, "token"), StoreCache(tmp_path / "cache.sqlite"))
    recorder = Recorder.open(tmp_path / "outbox.sqlite", down, "token")
    try:
        yield kiosk_sources(capture, store, recorder, FrameRate(), compositor), recorder
    finally:
        recorder.stop()
        store.close()


@pytest.fixture
def idle(tmp_path: Path) -> Iterator[HealthSources]:
    with idle_parts(tmp_path) as (sources, _):
        yield sources


@pytest.fixture
def server(idle: HealthSources) -> Iterator[HealthServer]:
    running = HealthServer(HealthMonitor(idle), 0).start()
    yield running
    running.close()


def test_binds_loopback_only(server: HealthServer) -> None:
    host, port = server.address
    assert host == "127.0.0.1" and port > 0
    # the listening socket itself: not the wildcard address, not IPv6
    assert server._httpd.socket.family == socket.AF_INET
    assert server._httpd.socket.getsockname() == ("127.0.0.1", port)
    response = httpx.get(f"http://127.0.0.1:{port}/healthz")
    assert response.status_code == 503  # a camera still starting
    assert response.json()["problems"] == ["camera: starting"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/healthz/extra"),
        ("GET", "/metricsz"),
        ("GET", "/../etc/passwd"),
        ("POST", "/healthz"),
        ("DELETE", "/metrics"),
    ],
)
def test_anything_else_is_404(server: HealthServer, method: str, path: str) -> None:
    response = httpx.request(method, server.url + path)
    assert response.status_code == 404
    assert response.json() == {"error": "not found"}


def test_query_strings_are_ignored(server: HealthServer) -> None:
    response = httpx.get(server.url + "/healthz?verbose=1")
    assert response.status_code == 503 and response.json()["compositor"] == "gpu"


def test_a_taken_port_is_logged_once_and_the_kiosk_runs_on(
    server: HealthServer, idle: HealthSources, caplog: pytest.LogCaptureFixture
) -> None:
    port = server.address[1]  # another kiosk's endpoint holds it
    with caplog.at_level(logging.WARNING, logger="kiosk.ops.health"):
        assert serve_health(idle, port) is None
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.ops.health"]
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "health_port" in lines[0]
    assert httpx.get(server.url + "/healthz").status_code == 503  # the first one serves on
    with socket.socket() as other:  # ... or any other program listening there
        other.bind(("127.0.0.1", 0))
        other.listen()
        taken = other.getsockname()[1]
        assert serve_health(idle, taken) is None


def test_port_0_in_settings_is_off(idle: HealthSources) -> None:
    assert serve_health(idle, 0) is None


def test_close_frees_the_port_and_ends_the_thread(idle: HealthSources) -> None:
    port = free_port()
    first = serve_health(idle, port)
    assert first is not None and first.address == ("127.0.0.1", port)
    assert httpx.get(first.url + "/healthz").status_code == 503
    first.close()
    assert not first._thread.is_alive()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/healthz")
    again = serve_health(idle, port)  # the port is free again
    assert again is not None
    again.close()
    first.close()  # idempotent


def test_two_servers_in_one_process_keep_their_own_metrics(tmp_path: Path) -> None:
    """Each endpoint has its own registry: no 'Duplicated timeseries' between kiosks."""
    with (
        idle_parts(tmp_path / "a", "gpu") as (one, _),
        idle_parts(tmp_path / "b", "cpu") as (two, recorder),
    ):
        waiting = EventFactory("default", "test-kiosk")
        recorder.outbox.append_many([waiting.product_tried("s", "LIP-001", i) for i in range(7)])
        first = HealthServer(HealthMonitor(one), 0).start()
        second = HealthServer(HealthMonitor(two), 0).start()
        try:
            a = {f.name: f for f in text_string_to_metric_families(get_text(first, "/metrics"))}
            b = {f.name: f for f in text_string_to_metric_families(get_text(second, "/metrics"))}
        finally:
            first.close()
            second.close()
    assert a["kiosk_outbox_depth"].samples[0].value == 0
    assert b["kiosk_outbox_depth"].samples[0].value == 7
    assert a["kiosk_compositor_info"].samples[0].labels == {"compositor": "gpu"}
    assert b["kiosk_compositor_info"].samples[0].labels == {"compositor": "cpu"}


def get_text(server: HealthServer, path: str) -> str:
    response = httpx.get(server.url + path)
    assert response.status_code == 200
    return response.text


def test_an_unreadable_outbox_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    with idle_parts(tmp_path) as (sources, _):
        pass  # closed: what a kiosk shutting down leaves for a late request
    snap = HealthMonitor(sources).snapshot()
    assert snap.outbox_depth is None
    assert snap.problems == ("camera: starting", "outbox: unreadable")
    assert snap.status == "degraded"


# ---- the frame rate ---------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_frame_rate_over_its_window_and_down_to_zero() -> None:
    clock = Clock()
    rate = FrameRate(window_s=5.0, clock=clock)
    assert rate.rate() == 0.0
    # steps a float holds exactly, so no frame sits a rounding error from the window's edge
    for _ in range(16):  # 8 frames a second for 2 s: the window has not filled yet
        clock.now += 0.125
        rate.tick()
    assert rate.rate() == 8.0
    for _ in range(80):  # 16 a second for 5 s: the older frames leave the window
        clock.now += 0.0625
        rate.tick()
    assert rate.rate() == 16.0
    clock.now += 2.5  # frames stop: half the window is empty
    assert rate.rate() == 8.0
    clock.now += 2.5
    assert rate.rate() == 0.0


# ---- in the real kiosk ------------------------------------------------------------------------


def test_the_kiosk_window_serves_its_health(
    qtbot: Any,
    face_model: Path,
    sqlite_hub: RunningHub,
    talk_d0: Path,
    tmp_path: Path,
) -> None:
    """KioskApp starts the endpoint with the window and closes it with the window: the
    frame rate is the window's, the compositor the one it chose."""
    from kiosk.app import KioskApp
    from kiosk.config import load_settings

    port = free_port()
    values = {
        "hub.url": sqlite_hub.url,
        "hub.token": sqlite_hub.token,
        "hub.cache_path": str(tmp_path / "store_cache.sqlite"),
        "records.outbox_path": str(tmp_path / "outbox.sqlite"),
        "records.device_secret_path": str(tmp_path / "device_secret"),
        "kiosk.photo_dir": str(tmp_path / "photos"),
        "capture.source": str(talk_d0),
        "kiosk.window_width": "540",
        "kiosk.window_height": "960",
        "kiosk.debug_overlay": "false",
        "logging.level": "WARNING",
        "logging.health_port": str(port),
        "lipstick.compositor": "cpu",
    }
    settings = load_settings(profile="developer", overrides=values, env={})
    app = KioskApp(settings, face_model)
    try:
        assert app.health is None  # not before start()
        app.start()
        assert app.health is not None and app.health.address == ("127.0.0.1", port)
        url = f"http://127.0.0.1:{port}/healthz"

        def healthy() -> dict[str, Any] | None:
            qtbot.wait(100)  # the UI thread shows frames
            response = httpx.get(url, timeout=10.0)
            body: dict[str, Any] = response.json()
            return body if response.status_code == 200 and body["tracking_fps"] else None

        body = eventually(healthy, "the window's endpoint healthy with frames shown")
        assert body["compositor"] == "cpu"
        assert body["camera"]["state"] == "running"
        assert body["hub"]["reachable"] is True
        assert body["outbox_depth"] == 0
    finally:
        app.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/healthz")


def test_a_mirror_closed_by_staff_is_not_degraded_and_says_so() -> None:
    """Its camera is off on purpose: monitoring sees why, and no alarm goes off."""
    snap = HealthSnapshot(
        camera=CameraReading(CLOSED_BY_STAFF, None),
        tracking_fps=0.0,
        compositor="cpu",
        hub=HubReading(embedded=True, breaker="closed", sender_ok=True),
        outbox_depth=0,
        uptime_s=1.0,
        version=__version__,
    )
    assert snap.problems == () and snap.status == "ok"
    body = snap.as_json()
    assert body["camera"] == {"ok": False, "state": "closed_by_staff", "last_frame_age_s": None}
    unreadable = HealthSnapshot(**{**snap.__dict__, "outbox_depth": None})
    assert unreadable.problems == ("outbox: unreadable",)  # the rest is still watched
