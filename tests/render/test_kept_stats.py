"""A face's slow statistics (the lips' colour, the skin and light under each make-up area)
are measured every few frames as the mirror runs, and the frames between use them: the
light on a face changes over seconds, and reading it was a fifth of the make-up's CPU
cost (benchmarks/makeup_render.py)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.render.cosmetics import Blush, EyeShadow, FaceMakeup, Worn
from kiosk.render.lipstick import composite, prepare_layer
from kiosk.render.makeup import prepare_makeup
from kiosk.render.shade import Shade
from kiosk.vision.face import Face, FaceTracker
from kiosk.vision.face_regions import GLASSES_EVERY, STATS_EVERY, FaceMemory
from kiosk.vision.lips import lip_contours

LOOK = FaceMakeup(
    shadow=Worn(EyeShadow(("#8A5A44",), "matte"), 0.9),
    blush=Worn(Blush("#D9646E", "matte", 0.5), 0.9),
)
SHADE = Shade("#A8505A", "satin")


@pytest.fixture(scope="module")
def photo(testdata: Path, face_model: Path) -> tuple[np.ndarray, Face]:
    image = cv2.imread(str(testdata / "lips" / "celebamask_0.jpg"))
    assert image is not None
    with FaceTracker(face_model, mode="image") as tracker:
        return image, tracker.detect(image).faces[0]


def _frame(image: np.ndarray, k: int) -> np.ndarray:
    """`image` as the k-th frame of a camera: the same face, a little brighter each frame
    (so its statistics, measured afresh, would move)."""
    return cv2.convertScaleAbs(image, alpha=1.0, beta=6.0 * k)


def test_kept_stats_are_measured_every_few_frames() -> None:
    memory = FaceMemory()
    calls: list[int] = []
    frames = [np.full((64, 64, 3), 10 * k, np.uint8) for k in range(2 * STATS_EVERY + 1)]
    for image in frames:
        value = memory.kept_stats("key", image, lambda: calls.append(memory.frames) or len(calls))
        # the same frame asked again (a compare look) is the same frame
        assert memory.kept_stats("key", image.copy(), lambda: -1) == value
    assert calls == [1, 1 + STATS_EVERY, 1 + 2 * STATS_EVERY]
    # `every=1`: measured again unless it was measured on this very frame
    assert memory.kept_stats("key", frames[-1], lambda: -1, every=1) == 3
    assert memory.kept_stats("key", np.zeros((64, 64, 3), np.uint8), lambda: -1, every=1) == -1


def test_slow_work_falls_on_the_same_frames(photo: tuple[np.ndarray, Face]) -> None:
    """The statistics and the glasses' looks are done on the same frames of a face (1,
    1 + STATS_EVERY, ...), a look changed between them included (measured at once, then
    on the shared frames): the frames between carry none of the slow work."""
    image, face = photo
    memory = FaceMemory()
    other = FaceMakeup(blush=Worn(Blush("#C0505A", "matte", 0.5), 0.9))
    measured: list[int] = []
    looked: list[int] = []
    for k in range(2 * GLASSES_EVERY + 1):
        frame = _frame(image, k)
        look = LOOK if k < 6 else other  # the shopper picks another look on frame 7
        before = memory.glasses.looks
        memory.kept_stats("lips", frame, lambda: measured.append(memory.frames))
        assert prepare_makeup(frame, face, look, memory=memory) is not None
        if memory.glasses.looks != before:
            looked.append(memory.frames)
    assert measured == list(range(1, 2 * GLASSES_EVERY + 2, STATS_EVERY))
    assert looked == measured  # a bare face: searched for glasses on each of them
    # the first look's statistics were last measured on frame 5, the second look's
    # (first measured on frame 7) on the shared frames after it
    assert sorted({kept[0] for kept in memory._stats.values()}) == [5, 2 * GLASSES_EVERY + 1]


def test_makeup_uses_its_kept_statistics_between_measurements(
    photo: tuple[np.ndarray, Face],
) -> None:
    image, face = photo
    memory = FaceMemory()
    first = prepare_makeup(_frame(image, 0), face, LOOK, memory=memory)
    assert first is not None
    for k in range(1, STATS_EVERY):
        kept = prepare_makeup(_frame(image, k), face, LOOK, memory=memory)
        fresh = prepare_makeup(_frame(image, k), face, LOOK)
        assert kept is not None and fresh is not None
        for area in ("eyeMean", "cheekMean"):
            assert kept.uniforms[area] == first.uniforms[area]
            assert fresh.uniforms[area][0] > first.uniforms[area][0] + 1.0  # lighter skin
    k = STATS_EVERY  # measured again
    again = prepare_makeup(_frame(image, k), face, LOOK, memory=memory)
    fresh = prepare_makeup(_frame(image, k), face, LOOK)
    assert again is not None and fresh is not None
    assert again.uniforms["eyeMean"] == fresh.uniforms["eyeMean"]


def test_lipstick_uses_its_kept_statistics_and_paints_the_same(
    photo: tuple[np.ndarray, Face],
) -> None:
    image, face = photo
    lips = lip_contours(face)
    memory = FaceMemory()
    first = prepare_layer(image, lips, SHADE, 0.85, 0.02, memory=memory)
    alone = prepare_layer(image, lips, SHADE, 0.85, 0.02)  # this frame alone
    assert first is not None and alone is not None
    assert first.form is None and alone.form is not None  # the form is the shader's own
    assert np.array_equal(first.mean, alone.mean) and first.level == alone.level
    # the next frame: the same pixels on the face, one corner pixel of the frame changed
    nxt = image.copy()
    nxt[image.shape[0] // 16, image.shape[1] // 16] += 1
    kept = prepare_layer(nxt, lips, SHADE, 0.85, 0.02, memory=memory)
    assert kept is not None and memory.frames == 2
    assert np.array_equal(kept.mean, first.mean) and kept.level == first.level
    out_alone, out_kept = image.copy(), nxt.copy()
    composite(out_alone, alone)
    composite(out_kept, kept)
    x0, y0, x1, y1 = first.roi
    assert not np.array_equal(out_alone[y0:y1, x0:x1], image[y0:y1, x0:x1])
    assert np.array_equal(out_alone[y0:y1, x0:x1], out_kept[y0:y1, x0:x1])
    # a brighter frame: kept stats until the next measurement, then measured again
    brighter = [_frame(image, k) for k in range(1, STATS_EVERY)]
    for frame in brighter[1:]:
        layer = prepare_layer(frame, lips, SHADE, 0.85, 0.02, memory=memory)
        assert layer is not None and np.array_equal(layer.mean, first.mean)
    measured = prepare_layer(_frame(image, 9), lips, SHADE, 0.85, 0.02, memory=memory)
    assert measured is not None and float(measured.mean[0]) > float(first.mean[0]) + 1.0
