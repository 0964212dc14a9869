"""Frame capture on real OpenCV and real files: sources, orientation, the
newest-frame slot and the capture thread's reconnect behaviour.

Nothing here asserts on speed; waits are on events with generous timeouts.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.errors import CaptureError
from kiosk.vision.capture import (
    CameraSource,
    CaptureThread,
    Frame,
    ImageSource,
    LatestFrame,
    VideoFileSource,
    ensure_bgr,
    iter_frames,
    open_source,
    orient,
)

WAIT = 10.0  # generous: shared machines are noisy


@pytest.fixture(scope="module")
def talk_d0(testdata: Path) -> Path:
    return testdata / "videos" / "talk_d0.mp4"


@pytest.fixture(scope="module")
def face_jpg(testdata: Path) -> Path:
    return testdata / "faces" / "mouth_open_d9.jpg"


class StateLog:
    """Collects on_state calls and lets a test wait for one without sleeping."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.events: list[tuple[str, str]] = []

    def __call__(self, state: str, message: str) -> None:
        with self.cond:
            self.events.append((state, message))
            self.cond.notify_all()

    def wait_for(self, pred: Callable[[str, str], bool], start: int = 0) -> int:
        """Wait until an event at position >= start matches; return the position after it."""

        def find() -> int | None:
            for i in range(start, len(self.events)):
                if pred(*self.events[i]):
                    return i + 1
            return None

        with self.cond:
            found = self.cond.wait_for(find, WAIT)
            assert found, f"no matching state within {WAIT} s; got {self.events}"
            return found

    def states(self) -> list[str]:
        with self.cond:
            return [s for s, _ in self.events]


class FakeTime:
    """A clock plus a stop-event stand-in whose wait() advances the clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def wait(self, timeout: float | None = None) -> bool:
        assert timeout is not None
        self.waits.append(timeout)
        self.now += timeout
        return False


def write_pattern_video(path: Path, frames: int = 10, size: tuple[int, int] = (64, 48)) -> None:
    width, height = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 10.0, (width, height))
    assert writer.isOpened()
    for i in range(frames):
        image = np.zeros((height, width, 3), np.uint8)
        image[:, : (i + 1) * width // frames] = (40, 120, 220)
        cv2.putText(image, str(i), (5, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 2)
        writer.write(image)
    writer.release()


def make_frame(index: int) -> Frame:
    return Frame(np.zeros((2, 2, 3), np.uint8), index, index, 30.0)


# -- sources and iter_frames ---------------------------------------------


def test_iter_frames_reads_every_frame_of_a_video(talk_d0: Path) -> None:
    source = VideoFileSource(talk_d0, realtime=False, loop=False)
    frames = list(iter_frames(source))
    assert len(frames) == 78
    assert [f.index for f in frames] == list(range(78))
    assert all(f.image.shape == (512, 512, 3) and f.image.dtype == np.uint8 for f in frames)
    stamps = [f.timestamp_ms for f in frames]
    assert all(b > a for a, b in itertools.pairwise(stamps))
    assert frames[0].source_fps == pytest.approx(25.0)
    assert source.ended


def test_iter_frames_limit_and_orientation(talk_d0: Path) -> None:
    source = VideoFileSource(talk_d0, realtime=False, loop=False)
    plain = list(iter_frames(source, limit=3))
    turned = list(iter_frames(source, mirror=True, rotate=90, limit=3))
    assert len(plain) == len(turned) == 3
    expected = cv2.flip(cv2.rotate(plain[2].image, cv2.ROTATE_90_CLOCKWISE), 1)
    np.testing.assert_array_equal(turned[2].image, expected)


def test_iter_frames_never_paces(talk_d0: Path) -> None:
    fake = FakeTime()
    source = VideoFileSource(talk_d0, realtime=True, loop=False, clock=fake.clock, stop_event=fake)
    assert len(list(iter_frames(source, limit=10))) == 10
    assert fake.waits == []
    assert source.realtime  # restored afterwards


def test_realtime_video_is_paced_at_its_own_fps(talk_d0: Path) -> None:
    fake = FakeTime()
    source = VideoFileSource(talk_d0, realtime=True, loop=False, clock=fake.clock, stop_event=fake)
    source.open()
    try:
        for _ in range(6):
            assert source.read() is not None
    finally:
        source.close()
    assert sum(fake.waits) == pytest.approx(5 / 25.0)
    assert all(w == pytest.approx(1 / 25.0) for w in fake.waits)


def test_looping_video_rewinds(talk_d0: Path) -> None:
    source = VideoFileSource(talk_d0, realtime=False, loop=True)
    frames = list(iter_frames(source, limit=78 + 5))
    assert len(frames) == 83
    np.testing.assert_array_equal(frames[78].image, frames[0].image)
    assert not source.ended


def test_image_source_repeats_the_same_image(face_jpg: Path) -> None:
    source = ImageSource(face_jpg, fps=5.0)
    frames = list(iter_frames(source, limit=4))
    assert [f.index for f in frames] == [0, 1, 2, 3]
    assert frames[0].image.shape == (720, 720, 3)
    assert frames[0].source_fps == 5.0
    for f in frames[1:]:
        np.testing.assert_array_equal(f.image, frames[0].image)
        assert f.image is not frames[0].image  # each frame owns its pixels


def test_open_source_picks_the_right_kind(talk_d0: Path, face_jpg: Path) -> None:
    assert isinstance(open_source(str(talk_d0), realtime=False, loop=True), VideoFileSource)
    image = open_source(str(face_jpg), fps=12.0)
    assert isinstance(image, ImageSource) and image.fps == 12.0
    cam = open_source("camera:0", width=640, height=480, fps=30.0)
    assert isinstance(cam, CameraSource) and cam.device == 0 and cam.is_live
    assert isinstance(open_source("camera:/dev/video2"), CameraSource)
    dev = open_source("/dev/video3")
    assert isinstance(dev, CameraSource) and dev.description == "camera:/dev/video3"


def test_open_source_missing_file_names_path_and_fix(tmp_path: Path) -> None:
    missing = tmp_path / "nope.mp4"
    with pytest.raises(CaptureError) as err:
        open_source(str(missing))
    assert str(missing) in err.value.message
    assert "--source" in err.value.fix and "camera:N" in err.value.fix


@pytest.mark.parametrize("name", ["photo.jpg", "clip.mp4"])
def test_open_source_unreadable_file_names_it(tmp_path: Path, name: str) -> None:
    bad = tmp_path / name
    bad.write_text("this is not a picture or a video\n")
    with pytest.raises(CaptureError) as err:
        open_source(str(bad))
    assert str(bad) in err.value.message


# -- orient and frame checks -----------------------------------------------


def test_orient_exact_pixel_positions() -> None:
    # 2 rows x 3 columns, every value distinct:  [[0 1 2]
    #                                             [3 4 5]]
    a = np.arange(6, dtype=np.uint8).reshape(2, 3)
    img = np.dstack([a, a + 10, a + 20])

    def ch0(x: np.ndarray) -> list[list[int]]:
        return x[:, :, 0].tolist()

    assert orient(img, mirror=False, rotate=0) is img
    assert ch0(orient(img, mirror=True, rotate=0)) == [[2, 1, 0], [5, 4, 3]]
    assert ch0(orient(img, mirror=False, rotate=90)) == [[3, 0], [4, 1], [5, 2]]
    assert ch0(orient(img, mirror=False, rotate=180)) == [[5, 4, 3], [2, 1, 0]]
    assert ch0(orient(img, mirror=False, rotate=270)) == [[2, 5], [1, 4], [0, 3]]
    # rotation first, then the flip of the upright picture
    assert ch0(orient(img, mirror=True, rotate=90)) == [[0, 3], [1, 4], [2, 5]]
    assert orient(img, mirror=True, rotate=90)[0, 0].tolist() == [0, 10, 20]
    with pytest.raises(ValueError):
        orient(img, mirror=False, rotate=45)


def test_ensure_bgr_converts_or_rejects() -> None:
    gray = np.full((4, 5), 7, np.uint8)
    assert ensure_bgr(gray).shape == (4, 5, 3)
    bgra = np.zeros((4, 5, 4), np.uint8)
    bgra[..., 2] = 200
    out = ensure_bgr(bgra)
    assert out.shape == (4, 5, 3) and out[0, 0].tolist() == [0, 0, 200]
    for garbage in (
        None,
        np.zeros((0, 5, 3), np.uint8),
        np.zeros((4, 5, 3), np.float32),
        np.zeros((4, 5, 2), np.uint8),
        np.zeros((2, 2, 2, 3), np.uint8),
        "frame",
    ):
        with pytest.raises(ValueError):
            ensure_bgr(garbage)


# -- LatestFrame -----------------------------------------------------------


def test_latest_frame_keeps_only_the_newest_and_counts_drops() -> None:
    slot = LatestFrame()
    assert slot.get_newer(-1, timeout=0.01) is None
    for i in range(3):
        slot.put(make_frame(i))
    assert slot.dropped == 2
    got = slot.get_newer(-1, timeout=1.0)
    assert got is not None and got.index == 2
    assert slot.get_newer(2, timeout=0.01) is None
    slot.put(make_frame(3))  # the previous one was taken: not a drop
    assert slot.dropped == 2


def test_latest_frame_wakes_a_waiting_reader() -> None:
    slot = LatestFrame()
    slot.put(make_frame(0))
    results: list[Frame | None] = []
    waiting = threading.Event()

    def reader() -> None:
        waiting.set()
        results.append(slot.get_newer(0, timeout=WAIT))

    t = threading.Thread(target=reader)
    t.start()
    assert waiting.wait(WAIT)
    slot.put(make_frame(1))
    t.join(WAIT)
    assert not t.is_alive()
    assert results[0] is not None and results[0].index == 1


# -- CaptureThread -----------------------------------------------------------


def test_capture_thread_on_looping_video_keeps_delivering(talk_d0: Path) -> None:
    log = StateLog()
    source = VideoFileSource(talk_d0, realtime=False, loop=True)
    seen: list[int] = []
    with CaptureThread(
        source, mirror=True, rotate=0, reconnect_initial_s=0.05, reconnect_max_s=0.2, on_state=log
    ) as cap:
        last = -1
        while last <= 100:  # well past the end of the 78-frame clip
            frame = cap.get_newer(last, timeout=WAIT)
            assert frame is not None, f"no frame after {last}; state {cap.state}"
            assert frame.image.shape == (512, 512, 3)
            seen.append(frame.index)
            last = frame.index
        assert cap.state == "running"
    assert cap.join(WAIT)
    assert all(b > a for a, b in itertools.pairwise(seen))
    assert cap.frames_captured > 100
    assert "reconnecting" not in log.states()
    assert log.states()[0] == "starting"
    assert log.states()[-1] == "stopped" and cap.state == "stopped"


def test_capture_thread_ends_a_finite_video(talk_d0: Path) -> None:
    log = StateLog()
    source = VideoFileSource(talk_d0, realtime=False, loop=False)
    cap = CaptureThread(source, False, 0, 0.05, 0.2, on_state=log)
    cap.start()
    log.wait_for(lambda s, _m: s == "ended")
    assert cap.join(WAIT)
    assert cap.frames_captured == 78
    assert cap.frames_dropped <= 77
    last = cap.get_newer(-1, timeout=0.1)  # the slot still holds the final frame
    assert last is not None and last.index == 77
    assert cap.get_newer(77, timeout=WAIT) is None  # closed slot: no blocking
    assert cap.state == "ended"


def test_unknown_camera_reconnects_and_stop_interrupts_the_backoff() -> None:
    log = StateLog()
    source = open_source("camera:97")
    # a long back-off: stop() must cut the wait short, not sit it out
    cap = CaptureThread(
        source, False, 0, reconnect_initial_s=60.0, reconnect_max_s=120.0, on_state=log
    )
    cap.start()
    log.wait_for(lambda s, m: s == "reconnecting" and "camera:97" in m)
    assert cap.state == "reconnecting" and "camera:97" in cap.message
    assert cap.is_alive()
    cap.stop()
    assert cap.join(timeout=WAIT), "stop() did not interrupt the back-off wait"
    assert cap.state == "stopped"
    assert cap.frames_captured == 0


def test_camera_that_fails_mid_stream_comes_back(tmp_path: Path) -> None:
    video = tmp_path / "cam.mp4"
    away = tmp_path / "unplugged.mp4"
    write_pattern_video(video)
    log = StateLog()
    # A file opened as a camera: its end looks exactly like a lost camera.
    cap = CaptureThread(
        CameraSource(str(video)),
        mirror=False,
        rotate=0,
        reconnect_initial_s=0.02,
        reconnect_max_s=0.2,
        on_state=log,
    )
    with cap:
        first = cap.get_newer(-1, timeout=WAIT)
        assert first is not None and first.image.shape == (48, 64, 3)
        log.wait_for(lambda s, _m: s == "running")

        video.rename(away)  # unplug
        pos = log.wait_for(lambda s, m: s == "reconnecting" and "cannot open" in m)
        assert str(video) in cap.message and "reconnecting" in cap.message
        before = cap.get_newer(-1, timeout=WAIT)  # newest frame from before the unplug
        assert before is not None

        away.rename(video)  # plug back in
        log.wait_for(lambda s, _m: s == "running", start=pos)
        after = cap.get_newer(before.index, timeout=WAIT)
        assert after is not None and after.index > before.index
        assert after.image.shape == (48, 64, 3)
    assert cap.join(WAIT)
    assert cap.state == "stopped"


class ScriptedSource:
    """A hand-written source that misbehaves in a set order, for the failure paths
    real files cannot produce (exceptions, floats, BGRA, gray)."""

    description = "scripted:1"
    is_live = True
    fps = 30.0

    def __init__(self, script: list[object]) -> None:
        self.script = list(script)
        self.opens = 0
        self.closes = 0

    def open(self) -> None:
        self.opens += 1
        if self.script and isinstance(self.script[0], str) and self.script[0] == "fail-open":
            self.script.pop(0)
            raise CaptureError("cannot open scripted")

    def read(self) -> np.ndarray | None:
        item = self.script.pop(0) if self.script else np.zeros((3, 4, 3), np.uint8)
        if isinstance(item, Exception):
            raise item
        return item  # type: ignore[return-value]

    def close(self) -> None:
        self.closes += 1


def test_capture_thread_survives_exceptions_and_garbage() -> None:
    script: list[object] = [
        "fail-open",
        np.zeros((3, 4), np.uint8),  # gray: converted
        RuntimeError("driver hiccup"),
        np.zeros((3, 4, 3), np.float32),  # wrong dtype
        np.zeros((0, 4, 3), np.uint8),  # empty
        None,  # no frame
        np.zeros((3, 4, 4), np.uint8),  # BGRA: converted
    ]
    source = ScriptedSource(script)
    log = StateLog()
    with CaptureThread(source, False, 0, 0.01, 0.02, on_state=log) as cap:
        log.wait_for(lambda s, _m: s == "running")
        last = -1
        while last < 5:
            frame = cap.get_newer(last, timeout=WAIT)
            assert frame is not None
            assert frame.image.shape == (3, 4, 3) and frame.image.dtype == np.uint8
            last = frame.index
    assert cap.join(WAIT)
    messages = [m for s, m in log.events if s == "reconnecting"]
    for reason in ("cannot open", "driver hiccup", "float32", "empty", "no frames"):
        assert any(reason in m for m in messages), (reason, messages)
    assert all(m.startswith("Camera reconnecting… (scripted:1: ") for m in messages)
    assert source.opens >= 5 and source.closes >= source.opens - 1
