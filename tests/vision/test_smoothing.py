"""One Euro smoothing: still stays still, movement is followed, faces never swap."""

from __future__ import annotations

import numpy as np

from kiosk.vision.face import Face, FaceResult
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroFilter, OneEuroParams

PARAMS = OneEuroParams(min_cutoff=0.05, beta=80.0, d_cutoff=1.0)


def _face(offset: tuple[float, float], size: float = 200.0, seed: int = 0) -> Face:
    rng = np.random.default_rng(seed)
    base = rng.uniform(0, size, (478, 3)).astype(np.float32)
    base[:, 0] += offset[0]
    base[:, 1] += offset[1]
    return Face(base)


def _result(faces: list[Face], ts: int) -> FaceResult:
    return FaceResult(tuple(faces), ts, 5.0, (1280, 720))


def test_jitter_on_a_still_face_is_removed() -> None:
    rng = np.random.default_rng(1)
    smoother = LandmarkSmoother(PARAMS)
    still = _face((400, 200))
    raw_dev, out_dev = [], []
    for i in range(90):  # 3 s at 30 fps with ±1 px tracker noise
        noisy = still.landmarks + rng.normal(0, 1.0, still.landmarks.shape).astype(np.float32)
        out = smoother(_result([Face(noisy)], i * 33)).faces[0].landmarks
        if i > 30:
            raw_dev.append(np.abs(noisy - still.landmarks).mean())
            out_dev.append(np.abs(out - still.landmarks).mean())
    assert np.mean(out_dev) < 0.25 * np.mean(raw_dev)


def test_a_moving_face_is_followed_without_visible_lag() -> None:
    smoother = LandmarkSmoother(PARAMS)
    lag = 0.0
    for i in range(60):  # moving 1/4 face size per second... then fast 3 face sizes/s
        speed = 50.0 if i < 30 else 600.0
        x = 300 + speed * i / 30.0
        out = smoother(_result([_face((x, 200))], i * 33)).faces[0]
        lag = abs(out.center[0] - _face((x, 200)).center[0])
    assert lag < 8.0  # px behind after a fast move: under 4% of the face


def test_filter_passes_the_first_value_and_ignores_repeated_time() -> None:
    flt = OneEuroFilter(PARAMS)
    x = np.array([1.0, 2.0])
    assert np.array_equal(flt(0.0, x), x)
    assert np.array_equal(flt(0.0, x + 5), x)  # dt == 0: keeps the last estimate


def test_two_faces_keep_their_own_filters_when_reordered() -> None:
    smoother = LandmarkSmoother(PARAMS)
    left, right = _face((100, 200), seed=2), _face((900, 200), seed=3)
    smoother(_result([left, right], 0))
    out = smoother(_result([right, left], 33))
    assert abs(out.faces[0].center[0] - right.center[0]) < 1.0
    assert abs(out.faces[1].center[0] - left.center[0]) < 1.0


def test_lost_face_resets_so_a_new_one_does_not_slide_in() -> None:
    smoother = LandmarkSmoother(PARAMS)
    smoother(_result([_face((100, 200))], 0))
    smoother(_result([], 33))
    far = _face((900, 300))
    out = smoother(_result([far], 66))
    assert np.allclose(out.faces[0].landmarks, far.landmarks)


def test_disabled_smoother_passes_through() -> None:
    smoother = LandmarkSmoother(PARAMS, enabled=False)
    face = _face((0, 0))
    smoother(_result([face], 0))
    moved = _face((50, 0))
    assert np.allclose(smoother(_result([moved], 33)).faces[0].landmarks, moved.landmarks)
