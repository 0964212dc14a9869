"""What every MediaPipe task wrapper needs before it calls the graph.

MediaPipe aborts the whole graph on a repeated or backward timestamp in video
modes, so the wrappers refuse one with a clear error first; and every task
takes the same SRGB image built from our BGR frames. A frame that goes to more
than one tracker (face and pose) is converted once, by `prepare_input`, and the
same `TrackerInput` handed to each: the colour conversion and MediaPipe's own
copy of the pixels are paid once per frame, not once per tracker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from kiosk.vision import mp_lazy


class TimestampGuard:
    """Remembers the last timestamp sent and refuses any that does not follow it."""

    def __init__(self) -> None:
        self.last_ms = -1

    def check(self, timestamp_ms: int) -> None:
        if timestamp_ms <= self.last_ms:
            raise ValueError(
                f"timestamp {timestamp_ms} ms is not after the previous {self.last_ms} ms; "
                "video timestamps must strictly increase"
            )
        self.last_ms = timestamp_ms


@dataclass(frozen=True, eq=False)
class TrackerInput:
    """One BGR frame as MediaPipe takes it, ready for any of our trackers.

    Opaque outside `kiosk.vision`: callers (the pipeline) only pass it on, so no
    MediaPipe type leaves this package. MediaPipe owns a copy of the pixels, so
    the BGR frame may be painted on while the trackers still read this.
    """

    width: int
    height: int
    _image: Any = field(repr=False)  # mediapipe.Image, SRGB


def prepare_input(image_bgr: np.ndarray) -> TrackerInput:
    """Convert a BGR frame once for every tracker that will look at it."""
    mp_lazy.prepare()
    import mediapipe as mp

    h, w = image_bgr.shape[:2]
    rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
    return TrackerInput(w, h, mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))


def as_input(image: np.ndarray | TrackerInput) -> TrackerInput:
    """A prepared input as is; a BGR frame converted (the trackers' ndarray entry)."""
    return image if isinstance(image, TrackerInput) else prepare_input(image)


def mp_image(frame: TrackerInput) -> Any:
    """The mediapipe.Image inside (for the task wrappers in `kiosk.vision` only)."""
    return frame._image


def blanked_outside(frame: TrackerInput, columns: tuple[int, int]) -> TrackerInput:
    """`frame` with every column outside `columns` (x0, x1) mid-grey: what a tracker is
    shown to keep it on one person among several (`kiosk.vision.served_pose`)."""
    mp_lazy.prepare()
    import mediapipe as mp

    rgb = np.array(frame._image.numpy_view(), dtype=np.uint8)  # MediaPipe's view is read-only
    x0, x1 = columns
    rgb[:, :x0] = 128
    rgb[:, x1:] = 128
    image = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))
    return TrackerInput(frame.width, frame.height, image)
