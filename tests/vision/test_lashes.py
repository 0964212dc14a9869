"""Lashes (kiosk/vision/lashes.py) on real faces, real model.

Volume paints more than a natural mascara; the strokes start on the lash line and go out,
away from the eye (above the upper lid line, never on the opening's side of it), more of
them towards the outer corner; a closed eye's lashes hang below the shut lid; the same
landmarks always give the same weights (no randomness, no flicker); a tiny or degenerate
eye never raises. The lid lines the tests measure against are the mesh's raw landmarks
(no smoothing), not the code's curves.
"""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest

from kiosk.vision import eye_regions, lashes
from kiosk.vision.eye_regions import LEFT_EYE, RIGHT_EYE, EyeBox, eye_box, eye_mesh
from kiosk.vision.face import Face, FaceTracker
from tests.helpers import TESTDATA

NATURAL = (0.35, 0.4)  # LSH-001 Natural Flutter (volume, length)
VOLUME = (0.9, 0.8)  # LSH-002 Volume Drama
PHOTOS = (
    "lips/celebamask_0.jpg",
    "faces/mouth_open_d19.jpg",
    "lips_dev/img/face_fasseg_v2_test_3.jpg",
    "lips_dev/img/face_fasseg_v2_test_9.jpg",
)


def _face(tracker: FaceTracker, image: np.ndarray) -> Face:
    result = tracker.detect(image)
    assert result.faces, "no face found"
    return result.faces[0]


def _boxes(face: Face, size: tuple[int, int]) -> list[tuple[bool, EyeBox]]:
    xy = face.landmarks[:, :2].astype(np.float32)
    out = []
    for right in (True, False):
        mesh = eye_mesh(xy, right)
        roi = eye_regions.box_of(mesh, size)
        assert roi is not None
        out.append((right, eye_box(mesh, roi)))
    return out


def _image(path: str) -> np.ndarray:
    image = cv2.imread(str(TESTDATA / path))
    assert image is not None, path
    return image


def _photo_boxes(tracker: FaceTracker, path: str) -> list[tuple[bool, EyeBox]]:
    image = _image(path)
    return _boxes(_face(tracker, image), (image.shape[1], image.shape[0]))


def _frame(box: EyeBox, face: Face, right: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every box pixel's (t, height above the raw upper lid line in pixels), and the raw
    upper lid's middle point. t: 0 inner .. 1 outer corner."""
    loop = face.landmarks[list(RIGHT_EYE if right else LEFT_EYE), :2].astype(np.float64)
    upper = loop[: eye_regions.UPPER_LID_POINTS]  # outer -> inner corner
    outer, inner = upper[0], upper[-1]
    along = (outer - inner) / np.linalg.norm(outer - inner)
    up = np.array([along[1], -along[0]])
    if up[1] > 0:  # image y runs down; the brow is above the eye in these upright photos
        up = -up
    width = float(np.linalg.norm(outer - inner))
    x0, y0, x1, y1 = box.roi
    ys, xs = np.mgrid[y0:y1, x0:x1]
    rel = np.stack([xs - inner[0], ys - inner[1]], axis=-1)
    t = rel @ along / width
    h = rel @ up
    lt = (upper - inner) @ along / width
    lh = (upper - inner) @ up
    order = np.argsort(lt)
    return t, h - np.interp(t, lt[order], lh[order]), upper[len(upper) // 2]


@pytest.mark.parametrize("path", PHOTOS)
def test_volume_paints_more_than_natural(image_tracker: FaceTracker, path: str) -> None:
    for right, box in _photo_boxes(image_tracker, path):
        natural = lashes.lashes_weight(box, *NATURAL)
        volume = lashes.lashes_weight(box, *VOLUME)
        where = f"{path} {'right' if right else 'left'} eye"
        assert natural.sum() > 0.0, f"{where}: no natural lashes"
        assert volume.sum() > 1.8 * natural.sum(), f"{where}: volume not clearly heavier"
        assert volume.max() <= 1.0 and natural.min() >= 0.0


@pytest.mark.parametrize("path", PHOTOS)
def test_strokes_start_on_the_lash_line_and_go_out(image_tracker: FaceTracker, path: str) -> None:
    image = _image(path)
    face = _face(image_tracker, image)
    for right, box in _boxes(face, (image.shape[1], image.shape[0])):
        where = f"{path} {'right' if right else 'left'} eye"
        t, height, _ = _frame(box, face, right)
        w = box.mesh.width
        for product in (NATURAL, VOLUME):
            weight = lashes.lashes_weight(box, *product)
            # never on the opening's side of the lash line, nor in its margin
            assert weight[box.dist <= box.mesh.margin].max(initial=0.0) == 0.0, where
            upper = weight * (height > -0.05 * w)  # lower lashes (volume) lie far below
            total = float(upper.sum())
            # rooted on the lid line: the strokes' weight starts right above it ...
            near = float(upper[(height > 0) & (height < 0.12 * w)].sum())
            assert near > 0.2 * total, f"{where}: no weight at the lash line"
            # ... and the strokes go out and up, away from the eye
            assert float(upper[height > 0.0].sum()) > 0.97 * total, f"{where}: below the lid"
            assert float((upper * height).sum()) / total > 0.05 * w, f"{where}: too flat"
            # more and longer towards the outer corner
            outer = float(upper[t > 0.5].sum())
            assert outer > 1.3 * float(upper[t <= 0.5].sum()), f"{where}: not outer-heavy"
        # upper lashes only (lower ones float off the mesh's lower lid: turned off)
        for product in (NATURAL, VOLUME):
            below = lashes.lashes_weight(box, *product)[height < -0.05 * w]
            assert float(below.sum()) == 0.0, f"{where}: lashes below the eye"


def _closed_frames(tracker: FaceTracker, name: str, upto: int) -> Iterator[tuple[np.ndarray, Face]]:
    cap = cv2.VideoCapture(str(TESTDATA / "videos" / name))
    try:
        for i in range(upto):
            ok, frame = cap.read()
            if not ok:
                return
            result = tracker.detect(frame, round(i * 1000 / 30))
            if result.faces:
                yield frame, result.faces[0]
    finally:
        cap.release()


def test_closed_eye_lashes_hang_below_the_lid(video_tracker: FaceTracker) -> None:
    """talk_d3 closes her eyes about 8 s in: there the lashes hang down from the lid."""
    checked = 0
    for frame, face in _closed_frames(video_tracker, "talk_d3.mp4", 250):
        for right, box in _boxes(face, (frame.shape[1], frame.shape[0])):
            if box.mesh.openness > 0.02:
                continue
            x0, y0, x1, y1 = box.roi
            ys = np.mgrid[y0:y1, x0:x1][0]
            _, height, middle = _frame(box, face, right)
            for product in (NATURAL, VOLUME):
                weight = lashes.lashes_weight(box, *product)
                total = float(weight.sum())
                assert total > 0.0, "a closed eye lost its lashes"
                mean_y = float((weight * ys).sum()) / total
                assert mean_y > middle[1], "the lashes of a closed eye point up"
                assert float(weight[height < 0].sum()) > 0.9 * total
            checked += 1
    assert checked >= 2, "no closed eye found in talk_d3"


def test_same_landmarks_same_lashes(image_tracker: FaceTracker) -> None:
    boxes = _photo_boxes(image_tracker, PHOTOS[1])
    first = [lashes.lashes_weight(box, *VOLUME) for _, box in boxes]
    lashes.plan.cache_clear()
    again = [lashes.lashes_weight(box, *VOLUME) for _, box in boxes]
    for a, b in zip(first, again, strict=True):
        assert np.array_equal(a, b)


def _synthetic_box(xy: np.ndarray, roi: tuple[int, int, int, int]) -> EyeBox:
    return eye_box(eye_mesh(xy.astype(np.float32), True), roi)


@pytest.mark.parametrize("scale", [0.0, 1e-3, 0.01, 0.05])
def test_tiny_or_degenerate_eyes_never_raise(image_tracker: FaceTracker, scale: float) -> None:
    image = _image(PHOTOS[1])
    face = _face(image_tracker, image)
    xy = face.landmarks[:, :2].astype(np.float64)
    centre = xy[list(RIGHT_EYE)].mean(axis=0)
    tiny = centre + (xy - centre) * scale  # 0: every landmark on one point
    roi = (int(centre[0]) - 6, int(centre[1]) - 6, int(centre[0]) + 6, int(centre[1]) + 6)
    box = _synthetic_box(tiny, roi)
    for volume, length in ((0.0, 0.0), NATURAL, VOLUME, (1.0, 1.0)):
        weight = lashes.lashes_weight(box, volume, length)
        assert weight.shape == (12, 12) and weight.dtype == np.float32
        assert np.isfinite(weight).all() and weight.min() >= 0.0 and weight.max() <= 1.0
    # an eye box away from where the strokes would be, and a collinear (flat) eye
    far = _synthetic_box(xy, (0, 0, 4, 4))
    assert lashes.lashes_weight(far, *VOLUME).shape == (4, 4)
    flat = xy.copy()
    flat[:, 1] = centre[1]
    flat_box = _synthetic_box(flat, roi)
    assert np.isfinite(lashes.lashes_weight(flat_box, *VOLUME)).all()
