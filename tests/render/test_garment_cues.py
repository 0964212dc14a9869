"""Colour cues on real photos: hair over the shoulders stays in front of the
garment, and a print on the shopper's own top does not ghost through it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.render import garment_cues as cues
from kiosk.render.garment import LEFT_EAR, LEFT_SHOULDER, RIGHT_EAR, RIGHT_SHOULDER, paint_garment
from kiosk.vision.pose import PoseTracker
from tests.render.test_garment import demo_tee


@pytest.fixture(scope="module")
def pose(pose_model: Path) -> Iterator[PoseTracker]:
    with PoseTracker(pose_model, mode="image") as tracker:
        yield tracker


def _frame(testdata: Path, video: str, index: int) -> np.ndarray:
    cap = cv2.VideoCapture(str(testdata / "videos" / video))
    cap.set(cv2.CAP_PROP_POS_FRAMES, index)
    ok, frame = cap.read()
    cap.release()
    assert ok
    return frame


def test_hair_over_the_shoulders_stays_in_front(pose: PoseTracker, testdata: Path) -> None:
    """body_s13: long light-brown hair lies over both shoulders of a blue dress."""
    image = _frame(testdata, "body_s13_dress_fullbody.mp4", 0)
    body = pose.detect(image).wearer()
    assert body is not None
    out = image.copy()
    placed = paint_garment(out, demo_tee(), body.landmarks, body.visibility, body.mask)
    assert placed is not None and placed.hair is not None, "hair should be found"
    x0, y0, x1, y1 = placed.roi
    hair = np.zeros(image.shape[:2], bool)
    hair[y0:y1, x0:x1] = placed.hair > 0.9
    lm = body.landmarks[:, :2]
    shoulders_y = (lm[LEFT_SHOULDER, 1] + lm[RIGHT_SHOULDER, 1]) / 2
    ears_y = (lm[LEFT_EAR, 1] + lm[RIGHT_EAR, 1]) / 2
    over = hair.copy()
    over[: int(shoulders_y - 0.1 * body.shoulder_width)] = False
    assert over.sum() > 300, "hair over the shoulders should be found"
    assert not hair[: int(ears_y)].any(), "only hair below the ears is kept in front"
    # (a faint tint is allowed where the hair's soft edge meets the garment)
    changed = np.abs(out.astype(int) - image).max(axis=2) > 20
    print(f"hair over the shoulders: {over.sum()} px, {changed[over].mean():.1%} changed")
    assert changed[over].mean() <= 0.05
    # ... and the garment is still on the shoulders and chest around it.
    chest = np.zeros(image.shape[:2], bool)
    chest[int(shoulders_y) : int(shoulders_y + 0.5 * body.shoulder_width)] = True
    chest &= (body.mask > 0.5) & ~hair
    assert changed[chest].mean() > 0.6


def test_a_bald_head_keeps_the_garment_whole(pose: PoseTracker, testdata: Path) -> None:
    """vitonhd_00121: a shaved head (its crown is skin) keeps nothing in front of the
    garment. (The histogram cue of garment_hair keeps thin slivers at the jaw and the
    sides of the neck, above the shoulders: 0.5 % of the box, where the Gaussian cue
    kept nothing; below the shoulders, where the garment is, it must keep nothing.)"""
    image = cv2.imread(str(testdata / "bodies/vitonhd_00121_00.jpg"))
    body = pose.detect(image).wearer()
    assert body is not None
    placed = paint_garment(image.copy(), demo_tee(), body.landmarks, body.visibility, body.mask)
    assert placed is not None
    if placed.hair is None:
        return
    kept = placed.hair > 0.5
    y0 = placed.roi[1]
    shoulders_y = float(body.landmarks[[LEFT_SHOULDER, RIGHT_SHOULDER], 1].mean())
    assert float(kept.mean()) < 0.01
    assert float(kept[round(shoulders_y) - y0 :].mean()) < 0.0005


def test_a_print_on_the_shoppers_top_does_not_ghost_through(
    pose: PoseTracker, testdata: Path
) -> None:
    """vitonhd_00034 wears a navy top with a large white boot print on the chest."""
    image = cv2.imread(str(testdata / "bodies/vitonhd_00034_00.jpg"))
    body = pose.detect(image).wearer()
    assert body is not None
    out = image.copy()
    placed = paint_garment(out, demo_tee(), body.landmarks, body.visibility, body.mask)
    assert placed is not None
    lab_in, lab_out = cues.to_lab(image), cues.to_lab(out)
    x0, y0, x1, y1 = placed.roi
    covered = np.zeros(image.shape[:2], bool)
    covered[y0:y1, x0:x1] = placed.alpha > 0.98
    navy = cues.sample_model(lab_in, covered.astype(np.uint8))
    assert navy is not None
    far = np.sqrt(((lab_in - navy.mean) ** 2).sum(axis=-1))
    printed = covered & (far > 60)
    plain = covered & (far < 15)
    assert printed.sum() > 1000 and plain.sum() > 1000
    # Under a plain garment, printed and plain parts of the top should look alike.
    gap = abs(float(lab_out[..., 0][printed].mean()) - float(lab_out[..., 0][plain].mean()))
    print(f"garment lightness over the print vs over plain cloth: {gap:.1f} (8-bit L)")
    assert gap < 6.0


def test_a_sleeveless_garment_keeps_the_upper_arm_in_front() -> None:
    """Where the garment has no sleeve, the upper arm (below where a strap sits) is an
    occluder like the forearm; where it has one, the sleeve covers the upper arm."""
    from kiosk.render.garment_occlusion import limb_masks
    from kiosk.render.garment_warp import LEFT_ELBOW, LEFT_WRIST, RIGHT_ELBOW, RIGHT_WRIST

    xy = np.zeros((33, 2))
    xy[LEFT_SHOULDER], xy[RIGHT_SHOULDER] = (300, 100), (100, 100)
    xy[LEFT_ELBOW], xy[RIGHT_ELBOW] = (290, 220), (110, 220)
    xy[LEFT_WRIST], xy[RIGHT_WRIST] = (250, 300), (150, 300)
    seen = np.ones(33)
    sleeve = (np.zeros((3, 2)), np.zeros((3, 2)))
    mid_left, mid_right = (160, 295), (160, 105)  # (row, col) halfway down each upper arm
    sleeveless = limb_masks((400, 400), xy, seen, {}, 200.0, np.zeros(2))
    assert sleeveless.arms[mid_left] > 0 and sleeveless.arms[mid_right] > 0
    assert sleeveless.arms[110, 300] == 0  # the strap's shoulder stays the garment's
    sleeved = limb_masks(
        (400, 400), xy, seen, {"left": sleeve, "right": sleeve}, 200.0, np.zeros(2)
    )
    assert sleeved.arms[mid_left] == 0 and sleeved.arms[mid_right] == 0
