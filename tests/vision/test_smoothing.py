"""One Euro smoothing: still stays still, movement is followed, faces never swap."""

from __future__ import annotations

import numpy as np

from kiosk.vision.face import Face, FaceResult
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroFilter, OneEuroParams

PARAMS = OneEuroParams(min_cutoff=0.05, beta=100.0, d_cutoff=1.0)


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
    raw_moves, out_moves = [], []
    prev_noisy = prev_out = still.landmarks
    # 3 s at 30 fps with ±0.5 px tracker noise: 0.25% of the face, a bit more than the
    # unsmoothed FaceLandmarker shows on a noisy camera (benchmarks/smoothing_tune.py)
    for i in range(90):
        noisy = still.landmarks + rng.normal(0, 0.5, still.landmarks.shape).astype(np.float32)
        out = smoother(_result([Face(noisy)], i * 33)).faces[0].landmarks
        if i > 30:  # movement from frame to frame: what the eye sees as jitter
            raw_moves.append(np.abs(noisy - prev_noisy).mean())
            out_moves.append(np.abs(out - prev_out).mean())
        prev_noisy, prev_out = noisy, out
    assert np.mean(out_moves) < 0.25 * np.mean(raw_moves)


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
