"""Colour-edge refinement of the lip line: closer to the truth, and still on a still face."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.vision.capture import iter_frames
from kiosk.vision.face import FaceTracker
from kiosk.vision.lip_refine import LipRefiner, refine_outer
from kiosk.vision.lips import lip_contours
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams
from kiosk.vision.sources import open_source

NOSE_TIP = 1


def _edge_error(outer: np.ndarray, truth: np.ndarray) -> float:
    """Mean distance (px) from the contour's points to the ground-truth lip outline."""
    contours, _ = cv2.findContours(truth.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    outline = max(contours, key=cv2.contourArea)
    return float(
        np.mean([abs(cv2.pointPolygonTest(outline, (float(x), float(y)), True)) for x, y in outer])
    )


def test_refined_line_lies_closer_to_the_true_lip_edge(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    before, after = [], []
    for i in range(4):
        image = cv2.imread(str(testdata / f"lips/celebamask_{i}.jpg"))
        truth = (
            cv2.imread(str(testdata / f"lips/celebamask_{i}_lips.png"), cv2.IMREAD_GRAYSCALE) > 127
        )
        lips = lip_contours(image_tracker.detect(image).faces[0])
        before.append(_edge_error(lips.outer, truth))
        after.append(_edge_error(refine_outer(lips, image).outer, truth))
    print(f"mean edge error: mesh {np.mean(before):.2f} px, refined {np.mean(after):.2f} px")
    assert np.mean(after) < np.mean(before)


@pytest.mark.slow
@pytest.mark.parametrize("refine", [False, True], ids=["mesh line", "colour-refined line"])
def test_lip_line_is_still_on_a_nearly_still_speaker(
    video_tracker: FaceTracker, testdata: Path, refine: bool
) -> None:
    """talk_d3 frames 100-159: RMS frame-to-frame motion of the painted lip line,
    with the head's own motion (nose tip) taken out, stays under 0.8 px."""
    source = open_source(str(testdata / "videos/talk_d3.mp4"), realtime=False, loop=False)
    smoother = LandmarkSmoother(OneEuroParams(0.05, 100.0, 1.0))
    refiner = LipRefiner() if refine else (lambda lips, _image: lips)
    lines, noses = [], []
    for frame in iter_frames(source, limit=160):
        faces = smoother(video_tracker.detect(frame.image, frame.index * 33 + 1))
        lips = refiner((lip_contours(faces.faces[0]),), frame.image)[0]
        if frame.index >= 100:
            lines.append(lips.outer)
            noses.append(faces.faces[0].landmarks[NOSE_TIP, :2])
    rel = np.array(lines) - np.array(noses)[:, None, :]
    rms = float(np.sqrt((np.diff(rel, axis=0) ** 2).sum(axis=-1).mean()))
    print(f"talk_d3 lip line RMS motion ({'refined' if refine else 'mesh'}): {rms:.2f} px")
    assert rms <= 0.8


def test_tiny_or_edge_faces_are_left_alone(image_tracker: FaceTracker, testdata: Path) -> None:
    image = cv2.imread(str(testdata / "lips/celebamask_0.jpg"))
    lips = lip_contours(image_tracker.detect(image).faces[0])
    small = cv2.resize(image, (16, 16))
    assert refine_outer(lips, small) is lips  # the lip box falls outside: nothing to read
