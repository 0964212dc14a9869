"""The smooth lip and eye loops: a closed Catmull-Rom curve through the mesh's points."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.vision.face import FaceTracker
from kiosk.vision.lips import (
    COARSE_SIGMA,
    catmull_rom_closed,
    inner_mouth_mask,
    lip_alpha,
    lip_contours,
    wide_lip_alpha,
)
from tests.helpers import TESTDATA


def _by_formula(points: np.ndarray, samples: int) -> np.ndarray:
    """The uniform Catmull-Rom segment between p1 and p2 at t, written out point by point."""
    n = len(points)
    out = []
    for i in range(n):
        a, b, c, d = (points[(i + k) % n].astype(np.float64) for k in (-1, 0, 1, 2))
        for t in np.arange(samples) / samples:
            out.append(
                0.5
                * (
                    2 * b
                    + (c - a) * t
                    + (2 * a - 5 * b + 4 * c - d) * t * t
                    + (3 * b - a - 3 * c + d) * t**3
                )
            )
    return np.array(out)


def test_the_curve_passes_through_the_points_and_follows_the_spline() -> None:
    rng = np.random.default_rng(7)
    for n, samples in ((5, 4), (16, 4), (20, 4), (9, 3)):
        points = (rng.random((n, 2)) * 900).astype(np.float32)
        curve = catmull_rom_closed(points, samples)
        assert curve.shape == (n * samples, 2) and curve.dtype == np.float32
        np.testing.assert_allclose(curve[::samples], points, atol=1e-3)
        np.testing.assert_allclose(curve, _by_formula(points, samples), atol=1e-3)


@pytest.mark.parametrize("photo", ["lips/celebamask_1.jpg", "faces/mouth_open_d19.jpg"])
def test_a_wide_feather_worked_out_coarse_is_the_full_resolution_one(
    image_tracker: FaceTracker, photo: str
) -> None:
    """`wide_lip_alpha` (the lightness's wide fade, on a coarse grid brought up) against
    `lip_alpha` at full resolution: within a few hundredths everywhere, nothing inside an
    open mouth, and the same weights from boxes that start anywhere (the grid is the
    frame's)."""
    image = cv2.imread(str(TESTDATA / photo))
    assert image is not None, photo
    lips = lip_contours(image_tracker.detect(image).faces[0])
    h, w = image.shape[:2]
    feather = 0.12
    assert int(feather * lips.mouth_width / 2.0 / COARSE_SIGMA) >= 2, "worked out coarse"
    x0, y0, x1, y1 = lips.bounds(0.3 * lips.mouth_width, w, h)
    full = lip_alpha(lips, (x0, y0, x1, y1), feather)
    coarse = wide_lip_alpha(lips, (x0, y0, x1, y1), feather)
    assert coarse.shape == full.shape
    assert np.abs(coarse - full).max() < 0.05
    assert abs(float(coarse.sum()) / float(full.sum()) - 1.0) < 0.02
    if lips.mouth_open:
        mouth = inner_mouth_mask(lips, (h, w))[y0:y1, x0:x1]
        assert mouth.any() and coarse[mouth].max() == 0.0
    # A box starting 3 and 5 pixels further in gives the same weights where both reach.
    other = wide_lip_alpha(lips, (x0 + 3, y0 + 5, x1, y1), feather)
    assert np.array_equal(other, coarse[5:, 3:])
