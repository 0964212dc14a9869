"""The smooth lip and eye loops: a closed Catmull-Rom curve through the mesh's points."""

from __future__ import annotations

import numpy as np

from kiosk.vision.lips import catmull_rom_closed


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
