"""The lipstick reference renderer on real faces with the real model.

Ground truth: CelebAMask-HQ lip masks (closed mouths) for the painted region;
open-mouth photos and talking videos for the teeth rule.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.render.color import bgr_to_lab
from kiosk.render.lipstick import paint_lips
from kiosk.render.shade import Shade
from kiosk.vision.capture import iter_frames
from kiosk.vision.face import FaceTracker
from kiosk.vision.lip_fit import LipFitter
from kiosk.vision.lips import inner_mouth_mask, lip_contours
from kiosk.vision.sources import open_source

RED = Shade("#B0123A", "matte")
FEATHER = 0.02


def _painted(image: np.ndarray, out: np.ndarray, threshold: float = 4.0) -> np.ndarray:
    """Pixels whose colour moved by more than ΔE76 `threshold`."""
    return np.linalg.norm(bgr_to_lab(out) - bgr_to_lab(image), axis=2) > threshold


def lip_accuracy(
    tracker: FaceTracker, testdata: Path, i: int, refine: bool = False
) -> tuple[float, float]:
    image = cv2.imread(str(testdata / f"lips/celebamask_{i}.jpg"))
    truth = cv2.imread(str(testdata / f"lips/celebamask_{i}_lips.png"), cv2.IMREAD_GRAYSCALE) > 127
    lips = lip_contours(tracker.detect(image).faces[0])
    if refine:
        lips = LipFitter()((lips,), image)[0]
    out = image.copy()
    paint_lips(out, lips, RED, 1.0, FEATHER)
    painted = _painted(image, out)
    iou = (painted & truth).sum() / (painted | truth).sum()
    outside = (painted & ~truth).sum() / painted.sum()
    return float(iou), float(outside)


def test_painted_region_matches_ground_truth_lips(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    rows = [lip_accuracy(image_tracker, testdata, i) for i in range(4)]
    refined = [lip_accuracy(image_tracker, testdata, i, refine=True)[0] for i in range(4)]
    report = "\n".join(
        f"celebamask_{i}: IoU {iou:.3f} (with the fitted lip line {r:.3f}), "
        f"painted outside {out:.1%}"
        for i, ((iou, out), r) in enumerate(zip(rows, refined, strict=True))
    )
    print(report)
    ious = [iou for iou, _ in rows]
    assert np.mean(ious) >= 0.86, report  # the realism issue's floors
    assert min(ious) >= 0.78, report
    assert max(out for _, out in rows) <= 0.16, report


@pytest.mark.parametrize("name", ["mouth_open_d9", "mouth_open_d19", "mouth_open_d38"])
def test_teeth_and_inner_mouth_stay_unpainted(
    image_tracker: FaceTracker, testdata: Path, name: str
) -> None:
    image = cv2.imread(str(testdata / f"faces/{name}.jpg"))
    lips = lip_contours(image_tracker.detect(image).faces[0])
    out = image.copy()
    paint_lips(out, lips, RED, 1.0, FEATHER)
    inner = inner_mouth_mask(lips, image.shape[:2])
    assert inner.sum() > 500, "the mouth should be open in this photo"
    changed = (np.abs(out.astype(int) - image).max(axis=2) > 0) & inner
    assert changed.sum() / inner.sum() <= 0.01
    lips_changed = (np.abs(out.astype(int) - image).max(axis=2) > 0) & ~inner
    assert lips_changed.sum() > inner.sum() * 0.2, "the lips themselves must be painted"


@pytest.mark.slow
@pytest.mark.parametrize("video", ["talk_d18.mp4", "talk_d12.mp4", "talk_d0.mp4"])
def test_teeth_stay_unpainted_while_talking(
    video_tracker: FaceTracker, testdata: Path, video: str
) -> None:
    source = open_source(str(testdata / "videos" / video), realtime=False, loop=False)
    worst, open_frames = 0.0, 0
    for frame in iter_frames(source):
        result = video_tracker.detect(frame.image, frame.index * 33 + 1)
        if not result.found:
            continue
        lips = lip_contours(result.faces[0])
        inner = inner_mouth_mask(lips, frame.image.shape[:2])
        if inner.sum() < 200 or not lips.mouth_open:  # lips touch: no teeth to protect
            continue
        open_frames += 1
        out = frame.image.copy()
        paint_lips(out, lips, RED, 1.0, FEATHER)
        changed = (np.abs(out.astype(int) - frame.image).max(axis=2) > 0) & inner
        worst = max(worst, changed.sum() / inner.sum())
    assert open_frames >= 10
    assert worst <= 0.01


def test_texture_and_shading_are_kept(image_tracker: FaceTracker, testdata: Path) -> None:
    """Colour changes, light does not: the lip's lightness pattern survives."""
    image = cv2.imread(str(testdata / "lips/celebamask_0.jpg"))
    truth = cv2.imread(str(testdata / "lips/celebamask_0_lips.png"), cv2.IMREAD_GRAYSCALE) > 127
    out = image.copy()
    paint_lips(out, lip_contours(image_tracker.detect(image).faces[0]), RED, 1.0, FEATHER)
    core = cv2.erode(truth.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    before = bgr_to_lab(image)[..., 0][core]
    after = bgr_to_lab(out)[..., 0][core]
    assert np.corrcoef(before, after)[0, 1] > 0.9
    # The lip's form (low-pass) is shown at FORM_GAIN 0.3 (issue 14: a swatch under strong
    # shading reads as another colour), its detail at unit gain: 0.68 of the spread here.
    assert after.std() > 0.6 * before.std()
    # and the hue is the shade's: mean a*/b* close to the shade's own
    target = bgr_to_lab(np.array([[[0x3A, 0x12, 0xB0]]], np.uint8)).reshape(3)
    mean_ab = bgr_to_lab(out)[core][:, 1:].mean(axis=0)
    assert np.linalg.norm(mean_ab - target[1:]) < 12


def test_zero_intensity_changes_nothing(image_tracker: FaceTracker, testdata: Path) -> None:
    image = cv2.imread(str(testdata / "lips/celebamask_2.jpg"))
    out = image.copy()
    paint_lips(out, lip_contours(image_tracker.detect(image).faces[0]), RED, 0.0, FEATHER)
    assert np.array_equal(out, image)


def test_lips_at_the_frame_edge_do_not_crash(image_tracker: FaceTracker, testdata: Path) -> None:
    image = cv2.imread(str(testdata / "lips/celebamask_1.jpg"))
    lips = lip_contours(image_tracker.detect(image).faces[0])
    y_mid = int(lips.outer[:, 1].mean())
    cropped = np.ascontiguousarray(image[:y_mid])  # lower lip falls outside the frame
    paint_lips(cropped, lips, RED, 1.0, FEATHER)
