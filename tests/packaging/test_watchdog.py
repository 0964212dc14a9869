"""kiosk.ops.watchdog against a real AF_UNIX datagram socket standing in for systemd's
$NOTIFY_SOCKET, the ping timer on a real Qt main loop, and `kiosk run` as systemd starts
it (Type=notify, WatchdogSec=): READY=1 once the window is up, WATCHDOG=1 at half the
interval, STOPPING=1 on SIGTERM."""

from __future__ import annotations

import itertools
import logging
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.ops import watchdog
from kiosk.ui.qt_env import prepare_qt_environment

prepare_qt_environment()

from PySide6.QtCore import QTimer  # noqa: E402


@dataclass
class Listener:
    """systemd's side: a bound datagram socket and every message with its arrival time."""

    address: str  # as $NOTIFY_SOCKET spells it
    sock: socket.socket
    got: queue.Queue[tuple[float, str]] = field(default_factory=queue.Queue)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        self.sock.settimeout(0.05)
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            self.got.put((time.monotonic(), data.decode()))

    def next(self, timeout: float = 2.0) -> str:
        return self.got.get(timeout=timeout)[1]

    def drain(self) -> list[tuple[float, str]]:
        items = []
        while True:
            try:
                items.append(self.got.get_nowait())
            except queue.Empty:
                return items


def _listen(sock: socket.socket, address: str) -> Iterator[Listener]:
    listener = Listener(address, sock)
    thread = threading.Thread(target=listener.run, name="notify-listener", daemon=True)
    thread.start()
    try:
        yield listener
    finally:
        listener._stop.set()
        thread.join(2)
        sock.close()


@pytest.fixture()
def notify_socket(monkeypatch: pytest.MonkeyPatch) -> Iterator[Listener]:
    """A path socket in a short temporary folder (AF_UNIX paths end at 107 bytes)."""
    with tempfile.TemporaryDirectory(prefix="notify-", dir="/tmp") as folder:
        path = os.path.join(folder, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        monkeypatch.setenv("NOTIFY_SOCKET", path)
        monkeypatch.delenv("WATCHDOG_USEC", raising=False)
        yield from _listen(sock, path)


def test_without_notify_socket_everything_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    assert not watchdog.ready()
    assert not watchdog.ping()
    assert not watchdog.stopping()
    assert not watchdog.status("anything")
    assert watchdog.watchdog_interval() is None and watchdog.ping_period() is None


def test_ready_status_stopping_reach_the_socket(notify_socket: Listener) -> None:
    assert watchdog.status("loading\nmodels")
    assert watchdog.ready()
    assert watchdog.ping()
    assert watchdog.stopping()
    assert notify_socket.next() == "STATUS=loading models"  # one line, as systemd wants
    assert notify_socket.next() == "READY=1"
    assert notify_socket.next() == "WATCHDOG=1"
    assert notify_socket.next() == "STOPPING=1"


def test_an_abstract_socket_is_written_with_an_at_sign(monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"tryon-test-{os.getpid()}-{time.monotonic_ns()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
    for listener in _listen(sock, "@" + name):
        assert watchdog.ready()
        assert listener.next() == "READY=1"


def test_watchdog_interval_and_ping_period(
    notify_socket: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert watchdog.watchdog_interval() is None  # Type=notify without WatchdogSec=
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")  # WatchdogSec=30s
    assert watchdog.watchdog_interval() == 30.0
    assert watchdog.ping_period() == 15.0
    for bad in ("0", "-5", "soon", ""):
        monkeypatch.setenv("WATCHDOG_USEC", bad)
        assert watchdog.watchdog_interval() is None, bad


def test_a_socket_nobody_listens_on_is_reported_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    monkeypatch.setattr(watchdog, "_warned", False)
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "gone"))
    with caplog.at_level(logging.WARNING, logger="kiosk.ops.watchdog"):
        assert not watchdog.ping()
        assert not watchdog.ping()
    assert len(caplog.records) == 1 and "could not notify systemd" in caplog.text


# ---- the ping timer on the Qt main loop ------------------------------------------------


def test_attach_leaves_the_timer_alone_without_a_watchdog(
    qtbot: object, notify_socket: Listener
) -> None:
    timer = QTimer()
    assert not watchdog.attach(timer)
    assert not timer.isActive()


def test_main_loop_timer_pings_while_the_loop_runs_and_stops_while_it_is_blocked(
    qtbot: object, notify_socket: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "200000")  # 0.2 s: a ping every 0.1 s
    timer = QTimer()
    assert watchdog.attach(timer)
    assert timer.isActive() and timer.interval() == 100
    try:
        qtbot.wait(1000)  # type: ignore[attr-defined]  # the loop runs
        running = [t for t, text in notify_socket.drain() if text == "WATCHDOG=1"]
        blocked_at = time.monotonic()
        time.sleep(1.0)  # the UI thread is stuck: a long call, a deadlock
        unblocked_at = time.monotonic()
        qtbot.wait(500)  # type: ignore[attr-defined]
        after = [t for t, text in notify_socket.drain() if text == "WATCHDOG=1"]
    finally:
        timer.stop()
    # While the loop ran: about one ping per half interval.
    assert 6 <= len(running) <= 12, running
    gaps = [b - a for a, b in itertools.pairwise(running)]
    assert 0.07 <= statistics.median(gaps) <= 0.16, gaps
    # While it was blocked: nothing (a ping sent just before may arrive a moment late).
    during = [t for t in after if blocked_at + 0.05 < t < unblocked_at]
    assert not during, f"pinged while the loop was blocked: {during}"
    # Then it pings again, without a burst for the missed ones.
    resumed = [t for t in after if t >= unblocked_at]
    assert 2 <= len(resumed) <= 7, resumed


# ---- `kiosk run` as systemd runs it ----------------------------------------------------


def test_kiosk_run_notifies_ready_pings_and_stops_on_sigterm(
    notify_socket: Listener, models_mirror: Path, testdata: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(
        NOTIFY_SOCKET=notify_socket.address,
        WATCHDOG_USEC="1000000",  # WatchdogSec=1s: a ping every 0.5 s
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        KIOSK_MODEL_MIRROR=str(models_mirror),
    )
    log = (tmp_path / "stderr.txt").open("w")
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--windowed",
         "--source", str(testdata / "faces" / "mouth_open_d19.jpg"),
         # no hub: the mirror runs on its shipped catalog (the port refuses at once)
         "--set", "hub.url=http://127.0.0.1:9", "--set", "logging.level=WARNING",
         # no health endpoint: its fixed port stays free for tests running beside this one
         "--set", "logging.health_port=0"],
        env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    try:
        seen: list[tuple[float, str]] = []
        deadline = time.monotonic() + 120
        while sum(text == "WATCHDOG=1" for _, text in seen) < 4:
            assert kiosk.poll() is None, (tmp_path / "stderr.txt").read_text()[-3000:]
            assert time.monotonic() < deadline, seen
            try:
                seen.append(notify_socket.got.get(timeout=0.5))
            except queue.Empty:
                continue
        texts = [text for _, text in seen]
        assert "READY=1" in texts  # the window has drawn its first frame
        assert "STATUS=loading models" in texts and "STATUS=mirror on screen" in texts
        pings = [t for t, text in seen if text == "WATCHDOG=1"]
        assert all(b - a < 0.9 for a, b in itertools.pairwise(pings[1:])), pings
        kiosk.send_signal(signal.SIGTERM)  # `systemctl stop`
        assert kiosk.wait(timeout=30) == 0
        rest = [text for _, text in notify_socket.drain()]
        assert "STOPPING=1" in rest, rest
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
        log.close()
