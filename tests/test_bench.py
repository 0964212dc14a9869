"""kiosk bench's frame reader: the file decoded on its own thread, every frame, in order."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest

from kiosk.bench import FrameReader, scale_to
from kiosk.errors import CaptureError
from kiosk.vision.capture import Frame


def frames(count: int, fail_at: int | None = None) -> Iterator[Frame]:
    for i in range(count):
        if i == fail_at:
            raise CaptureError("garbage in the file", "re-encode it")
        yield Frame(np.zeros((2, 2, 3), np.uint8), i, i * 20, 50.0)


def test_every_frame_in_order_then_the_end_from_then_on() -> None:
    reader = FrameReader(frames(5))
    try:
        got = [reader.get()[0] for _ in range(5)]
        assert [f.index for f in got if f is not None] == [0, 1, 2, 3, 4]
        # The end is said once by the thread and kept: asking again never blocks.
        assert reader.get()[0] is None
        assert reader.get()[0] is None
    finally:
        reader.close()


def test_a_decoding_error_reaches_the_caller() -> None:
    reader = FrameReader(frames(5, fail_at=2))
    try:
        assert reader.get()[0] is not None and reader.get()[0] is not None
        with pytest.raises(CaptureError, match="garbage"):
            reader.get()
    finally:
        reader.close()


def test_closing_before_the_end_leaves_no_thread() -> None:
    before = threading.active_count()
    reader = FrameReader(frames(100))
    assert reader.get()[0] is not None
    reader.close()
    assert threading.active_count() == before


def test_a_frame_scaled_to_a_camera_size_keeps_its_orientation_and_centre() -> None:
    """'1280x720' on a portrait clip is a portrait camera's 720x1280; the scene is scaled
    to cover it and cropped about its centre (a marked centre pixel stays in the middle)."""
    portrait = np.zeros((908, 480, 3), np.uint8)
    portrait[450:458, 236:244] = 255
    out = scale_to(portrait, (1280, 720))
    assert out.shape == (1280, 720, 3) and out.flags["C_CONTIGUOUS"]
    ys, xs = np.nonzero(out[..., 0] > 128)
    assert abs(ys.mean() - 640) < 6 and abs(xs.mean() - 360) < 6
    landscape = scale_to(np.zeros((720, 1280, 3), np.uint8), (480, 640))
    assert landscape.shape == (480, 640, 3)
    same = np.zeros((480, 640, 3), np.uint8)
    assert scale_to(same, (640, 480)) is same  # already that camera: no copy
