"""Where a camera frame's time goes on its way to the screen, measured in the real window.

Each frame the UI takes from the vision worker carries its capture stamp and the moment
the worker finished it. The window's scene graph then synchronises (the new texture is
taken), renders and swaps; the frame is on screen at the swap. `FrameTimeline` hears the
UI taking frames and the scene graph's signals (on the render thread: it is thread-safe)
and keeps, per frame shown: capture -> painted by the worker -> taken by the UI thread ->
on screen, and per scene-graph frame its render time. Frames lost on the way are counted
where they were lost: the camera's slot (the worker was busy), the worker's result (the
UI thread had not taken the last one), and the UI (a newer frame came before the scene
graph drew). Plain Python: the window's signals are connected by `watch_window`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

Clock = Callable[[], float]  # seconds, monotonic


@dataclass(frozen=True)
class ShownFrame:
    """One frame that reached the screen, its moments in monotonic ms."""

    captured: float
    painted: float  # the worker done with it
    taken: float  # the UI thread took it
    on_screen: float  # the swap after the scene graph took its texture

    @property
    def latency(self) -> float:
        return self.on_screen - self.captured


@dataclass
class TimelineReport:
    seconds: float
    shown: list[ShownFrame] = field(default_factory=list)
    render_ms: list[float] = field(default_factory=list)  # each scene-graph frame's render
    replaced_in_ui: int = 0  # taken by the UI, a newer one taken before the scene graph drew
    captured: int = 0  # set by the caller: the capture thread's count over the window
    dropped_by_worker: int = 0  # ... frames the worker never took (it was busy)
    replaced_by_worker: int = 0  # ... results the UI thread never took

    def _stat(self, values: list[float]) -> str:
        if not values:
            return "n/a"
        a = np.asarray(values)
        return f"median {np.median(a):.1f} ms, p95 {np.percentile(a, 95):.1f} ms"

    def lines(self) -> list[str]:
        s = self.shown
        fps = len(s) / self.seconds if self.seconds > 0 else 0.0
        return [
            f"frames over {self.seconds:.1f} s: {self.captured} captured, {len(s)} on screen "
            f"({fps:.1f} fps)",
            f"  not shown: {self.dropped_by_worker} left in the camera's slot while the worker "
            f"was busy, {self.replaced_by_worker} finished but replaced before the UI took "
            f"them, {self.replaced_in_ui} taken but replaced before the screen drew them",
            f"capture to screen: {self._stat([f.latency for f in s])}",
            f"  capture to painted by the worker (waiting and the pipeline): "
            f"{self._stat([f.painted - f.captured for f in s])}",
            f"  painted to taken by the UI thread: {self._stat([f.taken - f.painted for f in s])}",
            f"  taken to on screen (upload, scene graph, swap): "
            f"{self._stat([f.on_screen - f.taken for f in s])}",
            f"  scene graph: {len(self.render_ms)} frames drawn "
            f"({len(self.render_ms) / max(self.seconds, 1e-9):.1f} a second), "
            f"render {self._stat(self.render_ms)}",
        ]


class FrameTimeline:
    """The frames on their way to the screen. `taken` on the UI thread; `syncing`,
    `rendering`, `rendered` and `swapped` from the scene graph's signals (any thread)."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: tuple[float, float, float] | None = None  # taken, not yet synced
        self._syncing: tuple[float, float, float] | None = None  # synced, not yet swapped
        self._render_start: float | None = None
        self._started: float | None = None
        self._report = TimelineReport(0.0)

    def _now_ms(self) -> float:
        return self._clock() * 1000.0

    def start(self) -> None:
        """Count from now (frames before are not reported)."""
        with self._lock:
            self._started = self._now_ms()
            self._report = TimelineReport(0.0)
            self._pending = self._syncing = None

    def taken(self, captured_ms: float, painted_ms: float) -> None:
        """The UI thread took a frame from the worker (its moments, monotonic ms)."""
        now = self._now_ms()
        with self._lock:
            if self._started is None or captured_ms < self._started:
                return
            if self._pending is not None:
                self._report.replaced_in_ui += 1
            self._pending = (captured_ms, painted_ms, now)

    def syncing(self) -> None:
        """The scene graph takes the items' state (the newest frame's texture)."""
        with self._lock:
            if self._pending is not None:
                self._syncing, self._pending = self._pending, None

    def rendering(self) -> None:
        with self._lock:
            self._render_start = self._now_ms()

    def rendered(self) -> None:
        now = self._now_ms()
        with self._lock:
            if self._render_start is not None and self._started is not None:
                self._report.render_ms.append(now - self._render_start)
            self._render_start = None

    def swapped(self) -> None:
        """The drawn frame is on screen."""
        now = self._now_ms()
        with self._lock:
            if self._syncing is not None:
                captured, painted, taken = self._syncing
                self._report.shown.append(ShownFrame(captured, painted, taken, now))
                self._syncing = None

    def report(self) -> TimelineReport:
        """What was seen since `start` (the caller fills in the worker's and camera's counts)."""
        with self._lock:
            report = self._report
            started = self._started if self._started is not None else self._now_ms()
            report.seconds = (self._now_ms() - started) / 1000.0
            return report


def watch_window(window: object, timeline: FrameTimeline) -> None:
    """Connect a QQuickWindow's scene-graph signals to `timeline` (called on the render
    thread under a threaded render loop: connected directly, so the moments are theirs)."""
    from PySide6.QtCore import Qt

    direct = Qt.ConnectionType.DirectConnection
    for signal, slot in (
        ("beforeSynchronizing", timeline.syncing),
        ("beforeRendering", timeline.rendering),
        ("afterRendering", timeline.rendered),
        ("frameSwapped", timeline.swapped),
    ):
        getattr(window, signal).connect(slot, direct)
