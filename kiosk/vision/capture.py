"""Frame capture: a thread that always hands the vision worker the newest frame.

A mirror must feel live, so a slow worker never queues frames: the capture
thread overwrites a one-frame slot and the worker takes whatever is newest.
A camera that drops out is reopened with back-off instead of ending the app.
The sources themselves live in ``kiosk.vision.sources`` and are re-exported here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, runtime_checkable

import cv2
import numpy as np

from kiosk.errors import CaptureError, KioskError
from kiosk.vision.sources import (
    CameraSource,
    FrameSource,
    ImageSource,
    VideoFileSource,
    open_source,
)

__all__ = [
    "STATES",
    "CameraSource",
    "CaptureThread",
    "Frame",
    "FrameSource",
    "ImageSource",
    "LatestFrame",
    "VideoFileSource",
    "ensure_bgr",
    "iter_frames",
    "open_source",
    "orient",
]

log = logging.getLogger(__name__)

_ENDED = "end of video"  # failure "reason" meaning a finite source is done

STATES = ("starting", "running", "reconnecting", "ended", "stopped")
StateCallback = Callable[[str, str], None]

_ROTATIONS = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


@dataclass(frozen=True)
class Frame:
    """One captured image, already oriented, with the numbers a consumer needs.

    ``index`` rises by one per frame for the life of a capture (also across
    reconnects), so a worker can tell new frames from ones it has seen.
    ``timestamp_ms`` is monotonic capture time and strictly increasing.
    """

    image: np.ndarray  # BGR uint8, H x W x 3
    index: int
    timestamp_ms: int
    source_fps: float


def _check_rotation(rotate: int) -> int:
    if rotate % 90 != 0:
        raise ValueError(f"rotate must be 0, 90, 180 or 270 degrees, got {rotate}")
    return rotate % 360


def orient(image: np.ndarray, mirror: bool, rotate: int) -> np.ndarray:
    """Rotate clockwise by ``rotate`` degrees, then flip left-right if ``mirror``.

    Rotation comes first because it undoes how the camera is mounted (portrait
    mirrors); the flip then acts on the upright picture, as a mirror would.
    Returns the input unchanged when there is nothing to do.
    """
    turn = _check_rotation(rotate)
    if turn:
        image = cv2.rotate(image, _ROTATIONS[turn])
    if mirror:
        image = cv2.flip(image, 1)
    return image


def ensure_bgr(raw: object) -> np.ndarray:
    """Return a BGR uint8 H x W x 3 image, converting gray and BGRA.

    Raises ValueError naming what is wrong, so garbage from a driver is
    treated as a lost frame instead of crashing a downstream model.
    """
    if raw is None:
        raise ValueError("no image")
    if not isinstance(raw, np.ndarray):
        raise ValueError(f"not an image array ({type(raw).__name__})")
    if raw.size == 0:
        raise ValueError(f"empty image (shape {raw.shape})")
    if raw.dtype != np.uint8:
        raise ValueError(f"wrong dtype {raw.dtype}, expected uint8")
    if raw.ndim == 2 or (raw.ndim == 3 and raw.shape[2] == 1):
        return cv2.cvtColor(raw, cv2.COLOR_GRAY2BGR)
    if raw.ndim == 3 and raw.shape[2] == 3:
        return raw
    if raw.ndim == 3 and raw.shape[2] == 4:
        return cv2.cvtColor(raw, cv2.COLOR_BGRA2BGR)
    raise ValueError(f"unsupported image shape {raw.shape}")


class LatestFrame:
    """A one-frame mailbox: put() overwrites, so the reader only ever sees the newest.

    A frame replaced before anyone took it counts as dropped; that number shows
    how far the consumer lags behind the camera.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._frame: Frame | None = None
        self._taken = True
        self._dropped = 0
        self._closed = False

    def put(self, frame: Frame) -> None:
        with self._cond:
            if self._frame is not None and not self._taken:
                self._dropped += 1
            self._frame = frame
            self._taken = False
            self._cond.notify_all()

    def get_newer(self, after_index: int, timeout: float | None) -> Frame | None:
        """Block until a frame with index > after_index exists; None on timeout or close."""

        def ready() -> bool:
            frame = self._frame
            return self._closed or (frame is not None and frame.index > after_index)

        with self._cond:
            self._cond.wait_for(ready, timeout)
            frame = self._frame
            if frame is None or frame.index <= after_index:
                return None
            self._taken = True
            return frame

    def close(self) -> None:
        """Wake waiting readers: no more frames will come, so they stop blocking."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def latest(self) -> Frame | None:
        """The held frame without taking it (for status displays)."""
        with self._cond:
            return self._frame

    @property
    def dropped(self) -> int:
        with self._cond:
            return self._dropped


class CaptureThread:
    """Reads a source on a daemon thread into a LatestFrame, surviving camera drop-outs.

    State changes go to ``on_state(state, message)`` on the capture thread (the
    UI re-emits them as a queued Qt signal) and are readable as ``state`` and
    ``message``. States: starting, running, reconnecting, ended, stopped.
    """

    def __init__(
        self,
        source: FrameSource,
        mirror: bool = False,
        rotate: int = 0,
        reconnect_initial_s: float = 0.5,
        reconnect_max_s: float = 8.0,
        clock: Callable[[], float] = time.monotonic,
        on_state: StateCallback | None = None,
    ) -> None:
        if not 0 < reconnect_initial_s <= reconnect_max_s:
            raise ValueError("need 0 < reconnect_initial_s <= reconnect_max_s")
        self.source = source
        self.mirror = mirror
        self.rotate = _check_rotation(rotate)
        self.reconnect_initial_s = reconnect_initial_s
        self.reconnect_max_s = reconnect_max_s
        self.slot = LatestFrame()
        self._clock = clock
        self._on_state = on_state
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._state = "starting"
        self._message = f"Opening {source.description}…"
        self._captured = 0
        self._next_index = 0
        self._last_ts = -1
        self._thread = threading.Thread(
            target=self._run, name=f"capture {source.description}", daemon=True
        )

    # -- public API -------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to finish; returns at once (use join() to wait)."""
        self._stop.set()
        if self._thread.ident is None:  # never started: nobody else will report it
            self.slot.close()
            self._set_state("stopped", f"{self.source.description}: capture stopped")

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread; True when it has finished."""
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def get_newer(self, after_index: int, timeout: float | None) -> Frame | None:
        return self.slot.get_newer(after_index, timeout)

    def __enter__(self) -> CaptureThread:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        self.join(timeout=5.0)

    @property
    def frames_captured(self) -> int:
        return self._captured

    @property
    def frames_dropped(self) -> int:
        return self.slot.dropped

    @property
    def state(self) -> str:
        with self._lock:
            return self._state

    @property
    def message(self) -> str:
        with self._lock:
            return self._message

    # -- capture thread ---------------------------------------------------

    def _set_state(self, state: str, message: str, force: bool = False) -> None:
        with self._lock:
            if (state, message) == (self._state, self._message) and not force:
                return
            self._state, self._message = state, message
        log.info("capture %s: %s", state, message)
        if self._on_state is not None:
            try:
                self._on_state(state, message)
            except Exception:
                log.exception("on_state callback failed")

    def _close_source(self) -> None:
        try:
            self.source.close()
        except Exception:
            log.exception("closing %s failed", self.source.description)

    def _publish(self, image: np.ndarray) -> None:
        ts = int(self._clock() * 1000)
        ts = max(ts, self._last_ts + 1)
        frame = Frame(image, self._next_index, ts, float(self.source.fps))
        self._next_index += 1
        self._last_ts = ts
        self.slot.put(frame)
        self._captured += 1

    def _attempt(self, is_open: bool) -> tuple[bool, str | None]:
        """Open if needed and read one frame; return (is_open, failure reason or None)."""
        src = self.source
        if not is_open:
            try:
                src.open()
            except KioskError as exc:
                log.debug("open %s: %s", src.description, exc)
                return False, "cannot open"
            except Exception as exc:
                log.debug("open %s", src.description, exc_info=True)
                return False, f"cannot open: {type(exc).__name__}: {exc}"
        try:
            raw = src.read()
        except Exception as exc:
            log.debug("read %s", src.description, exc_info=True)
            return True, f"read failed: {type(exc).__name__}: {exc}"
        if self._stop.is_set():
            return True, None
        if raw is None:
            return True, _ENDED if getattr(src, "ended", False) else "no frames"
        try:
            image = orient(ensure_bgr(raw), self.mirror, self.rotate)
        except ValueError as exc:
            return True, f"bad frame: {exc}"
        self._publish(image)
        return True, None

    def _run(self) -> None:
        src = self.source
        bind = getattr(src, "bind_stop", None)
        if callable(bind):
            bind(self._stop)  # paced sources then wake at once on stop()
        label = "Camera" if src.is_live else "Source"
        self._set_state("starting", f"Opening {src.description}…", force=True)
        delay = self.reconnect_initial_s
        last_reason: str | None = None
        is_open = False
        final = ("stopped", f"{src.description}: capture stopped")
        try:
            while not self._stop.is_set():
                is_open, reason = self._attempt(is_open)
                if reason is None:
                    if self._stop.is_set():
                        break
                    if last_reason is not None or self.state != "running":
                        self._set_state("running", f"{label} running ({src.description})")
                        delay, last_reason = self.reconnect_initial_s, None
                    continue
                if reason == _ENDED:
                    final = ("ended", f"{src.description}: end of video")
                    break
                if reason != last_reason:
                    log.warning("%s %s; retrying in %.2f s", src.description, reason, delay)
                last_reason = reason
                self._set_state(
                    "reconnecting", f"{label} reconnecting… ({src.description}: {reason})"
                )
                if is_open:
                    self._close_source()
                    is_open = False
                if self._stop.wait(delay):
                    break
                delay = min(delay * 2.0, self.reconnect_max_s)
        except BaseException:  # a bug here must still leave a clear state behind
            log.exception("capture thread for %s crashed", src.description)
            final = ("stopped", f"{src.description}: capture crashed (see log)")
            raise
        finally:
            self._close_source()
            self.slot.close()
            self._set_state(*final)


@runtime_checkable
class _Paced(Protocol):
    realtime: bool


def iter_frames(
    source: FrameSource,
    mirror: bool = False,
    rotate: int = 0,
    limit: int | None = None,
) -> Iterator[Frame]:
    """Yield every frame as fast as it decodes: no thread, no pacing, no dropping.

    For ``kiosk bench`` and ``kiosk render``, where each frame must be processed.
    Opens the source, stops at its end (read() -> None) or after ``limit``
    frames, and closes it. Garbage from the source raises CaptureError.
    """
    turn = _check_rotation(rotate)
    was_realtime = isinstance(source, _Paced) and source.realtime
    if isinstance(source, _Paced):
        source.realtime = False
    source.open()
    try:
        index, last_ts = 0, -1
        while limit is None or index < limit:
            raw = source.read()
            if raw is None:
                return
            try:
                image = orient(ensure_bgr(raw), mirror, turn)
            except ValueError as exc:
                raise CaptureError(f"bad frame {index} from {source.description}: {exc}") from exc
            ts = max(int(time.monotonic() * 1000), last_ts + 1)
            yield Frame(image, index, ts, float(source.fps))
            index, last_ts = index + 1, ts
    finally:
        source.close()
        if isinstance(source, _Paced):
            source.realtime = was_realtime
