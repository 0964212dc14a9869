"""Teeth between lips the mesh places a little off stay unpainted, and the lips stay
painted: measured against the annotated lips and inner mouth, not the mesh."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from benchmarks.lip_accuracy import mouth_detail
from benchmarks.train_lip_edge import painted as paint_mask
from kiosk.vision import teeth
from kiosk.vision.face import FaceTracker
from kiosk.vision.lip_fit import LipFitter
from kiosk.vision.lips import lip_alpha, lip_contours
from kiosk.vision.teeth import teeth_near_lips
from tests.helpers import TESTDATA
from tests.lip_truth import LipPhoto, lip_photos


def _teeth(tracker: FaceTracker, photo: LipPhoto) -> tuple[np.ndarray, np.ndarray]:
    """(teeth found over the whole photo, the mesh's lip cover there), bool each."""
    faces = tracker.detect(photo.image)
    assert faces.faces, photo.name
    lips = lip_contours(faces.faces[0])
    h, w = photo.image.shape[:2]
    roi = lips.bounds(4.0, w, h)
    x0, y0, x1, y1 = roi
    cover = lip_alpha(lips, roi, 0.02)
    found = np.zeros((h, w), bool)
    found[y0:y1, x0:x1] = teeth_near_lips(photo.image, lips, roi, cover) > 0.5
    painted = np.zeros((h, w), bool)
    painted[y0:y1, x0:x1] = cover > 0
    return found, painted


@pytest.fixture(scope="module")
def mouths() -> list[LipPhoto]:
    return [p for p in lip_photos() if p.mouth is not None and p.mouth.any()]


def test_a_tooth_showing_between_lips_the_mesh_calls_closed_is_found(
    image_tracker: FaceTracker, mouths: list[LipPhoto]
) -> None:
    """celebahq_23071: the mesh shuts the mouth over a glint of teeth."""
    photo = next(p for p in mouths if p.name.endswith("23071"))
    assert photo.mouth is not None
    found, painted = _teeth(image_tracker, photo)
    teeth_under_paint = photo.mouth & painted
    assert teeth_under_paint.sum() > 0.8 * photo.mouth.sum()  # the mesh paints them...
    share = float((found & teeth_under_paint).sum()) / float(teeth_under_paint.sum())
    assert share >= 0.35, share  # ... and the gate takes them out


def test_the_lips_themselves_are_kept(image_tracker: FaceTracker) -> None:
    """On every annotated face, open mouths and lipstick included, the gate takes out
    at most 1.5 % of the annotated lips in all and 6 % of any one face's."""
    cut = total = 0
    worst = ("", 0.0)
    for photo in lip_photos():
        faces = image_tracker.detect(photo.image)
        if not faces.faces:
            continue
        found, _ = _teeth(image_tracker, photo)
        lost = int((found & photo.lips).sum())
        cut, total = cut + lost, total + int(photo.lips.sum())
        worst = max(worst, (photo.name, lost / float(photo.lips.sum())), key=lambda t: t[1])
    assert cut / total <= 0.015, cut / total
    assert worst[1] <= 0.06, worst


def test_pale_patches_away_from_the_opening_stay_painted(image_tracker: FaceTracker) -> None:
    """A glossy highlight on a lip is as pale as a tooth but does not reach the inner
    loop: kept painted. Measured against the annotation: the gate takes out at most
    0.5 % of all annotated lips (0.66 % before patches had to reach the loop) and 3 %
    of celebahq_02994's glossy lips (3.9 % before)."""
    cut = total = 0
    gloss = 0.0
    for photo in lip_photos():
        if not image_tracker.detect(photo.image).faces:
            continue
        found, _ = _teeth(image_tracker, photo)
        lost = int((found & photo.lips).sum())
        cut, total = cut + lost, total + int(photo.lips.sum())
        if photo.name.endswith("02994"):
            gloss = lost / float(photo.lips.sum())
    assert cut / total <= 0.005, cut / total
    assert gloss <= 0.03, gloss


@pytest.mark.slow
def test_the_painted_inner_mouth_is_no_darker_than_the_lip_beside_it(
    image_tracker: FaceTracker, mouths: list[LipPhoto]
) -> None:
    """Why the mouth's dark is not gated (issue 14, tried in the lipgap branch: a dark
    valley between the lips, darker than both, left unpainted; cross-validated it took
    more lip than mouth, IoU 0.818 -> 0.816, inner mouth 0.239 -> 0.228): on the 17
    faces with an annotated inner mouth, the painted mouth lies along the fitted inner
    line (98 % within 0.04 x mouth width of it, cross-validated), and for each of its
    pixels darker than 0.6 x the lips' lightness 4.6 painted lip pixels near that line
    are as dark (`benchmarks/lip_accuracy.py --cross-validate 5 --mouth-detail`)."""
    total: dict[str, int] = {}
    for photo in mouths:
        assert photo.mouth is not None
        lips = LipFitter()((lip_contours(image_tracker.detect(photo.image).faces[0]),),
                           photo.image)[0]  # fmt: skip
        painted = paint_mask(lips, photo.image.shape[:2])
        counts = mouth_detail(photo.image, lips, painted, photo.lips, photo.mouth)
        total = {k: total.get(k, 0) + v for k, v in counts.items()}
    print(total)
    assert total["near"] >= 0.9 * total["mouth px"]
    assert total["dark lip px"] >= 4 * total["dark"]  # 5.3 x with the shipped fit


def test_the_lips_colour_read_from_a_sample_finds_the_teeth_all_their_pixels_find(
    video_tracker: FaceTracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a talking video (teeth showing as the mouth opens and shuts; a 720p mouth has
    thousands of lip pixels), the lips' colour read from LIP_SAMPLES of them finds nearly
    the same teeth as read from all of them."""
    cap = cv2.VideoCapture(str(TESTDATA / "videos" / "talk_d13.mp4"))
    both = either = 0
    try:
        for i in range(90):
            ok, frame = cap.read()
            assert ok
            faces = video_tracker.detect(frame, i * 34 + 1)
            if not faces.faces:
                continue
            lips = lip_contours(faces.faces[0])
            h, w = frame.shape[:2]
            roi = lips.bounds(4.0, w, h)
            cover = lip_alpha(lips, roi, 0.02)
            assert int((cover > 0.5).sum()) > 4 * teeth.LIP_SAMPLES
            sampled = teeth.teeth_near_lips(frame, lips, roi, cover.copy()) > 0.5
            with monkeypatch.context() as m:
                m.setattr(teeth, "LIP_SAMPLES", 10**9)  # every pixel
                every = teeth.teeth_near_lips(frame, lips, roi, cover.copy()) > 0.5
            both += int((sampled & every).sum())
            either += int((sampled | every).sum())
    finally:
        cap.release()
    assert either > 500  # teeth showed
    assert both / either >= 0.95, both / either
