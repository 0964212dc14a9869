"""What every MediaPipe task wrapper needs before it calls the graph.

MediaPipe aborts the whole graph on a repeated or backward timestamp in video
modes, so the wrappers refuse one with a clear error first; and every task
takes the same SRGB image built from our BGR frames.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np


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


def to_mp_image(image_bgr: np.ndarray) -> Any:
    """A BGR frame as the RGB mediapipe.Image every task expects."""
    import mediapipe as mp

    rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
    return mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
