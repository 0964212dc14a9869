"""A hand in front of the lips is not painted: real hands (cut out of the person-parsing
photos with their human masks) slid over annotated faces, through the shipped pipeline
with the real hand and face models, in a photo and on live video."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kiosk.config import Settings, load_settings
from kiosk.offline import render_array
from kiosk.pipeline import Look
from kiosk.render.shade import Shade
from kiosk.services import build_pipeline
from kiosk.vision.hand_occlusion import hands_cover
from kiosk.vision.hands import Hand, HandTracker
from tests.lip_occluders import Occluded, occluded_photos, occluder_painted

RED = Look(Shade("#B0123A", "matte"), 0.85, 0.02)


@pytest.fixture(scope="module")
def hands_over_lips() -> list[Occluded]:
    """The two hand composites of the four lips/ faces that the hand model finds whole
    (a hand over the middle of the mouth, one from the left corner)."""
    items = occluded_photos(per_kind=4, kinds=("hand",))
    return [items[0], items[2]]


@pytest.fixture(scope="module")
def settings(models_mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(
        overrides={"models.cache_dir": str(tmp_path_factory.mktemp("models"))},
        env={"KIOSK_MODEL_MIRROR": str(models_mirror)},
    )


def _off(settings: Settings) -> Settings:
    """Without the hand model (nor the colour gate, which keeps some of a hand bare too)."""
    lipstick = replace(settings.lipstick, hands_in_front=False, colour_occluders=False)
    return replace(settings, lipstick=lipstick)


def test_a_hand_over_the_lips_of_a_photo_is_not_painted(
    settings: Settings, hands_over_lips: list[Occluded]
) -> None:
    for case, limit in ((settings, 0.15), (_off(settings), None)):
        stack, pipeline = build_pipeline(case, "image")
        with stack:
            for item in hands_over_lips:
                over, _ = occluder_painted(item, render_array(pipeline, item.image, RED).image)
                if limit is None:
                    assert over >= 0.5, (item.name, over)  # without the hands: painted
                else:
                    assert over <= limit, (item.name, over)


def _frames(item: Occluded, n: int) -> Iterator[tuple[int, np.ndarray, int]]:
    for i in range(n):
        yield i, item.image.copy(), i * 33


def test_on_live_video_the_hand_is_watched_silently_and_kept_unpainted(
    settings: Settings, hands_over_lips: list[Occluded]
) -> None:
    """Touchless control off (the default): the hand model still runs, no gesture
    reaches the screen, and the lips under the hand stay unpainted frame after frame."""
    item = hands_over_lips[0]
    stack, pipeline = build_pipeline(settings, "video")
    with stack:
        assert pipeline.gestures is not None and pipeline.gestures.silent
        for i, frame, ts in _frames(item, 12):
            out = pipeline.process(frame, i, ts, RED)
            assert out.gesture is None
            if i >= 2:
                over, _ = occluder_painted(item, out.image)
                assert over <= 0.15, (i, over)


def test_a_hand_away_from_the_mouth_changes_nothing(
    hand_model: Path, hands_over_lips: list[Occluded]
) -> None:
    item = hands_over_lips[0]
    with HandTracker(hand_model, mode="image") as tracker:
        hand = tracker.detect(item.image).hands[0]
    h, w = item.image.shape[:2]
    ys, xs = np.nonzero(item.lips)
    roi = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    over = hands_cover((hand,), (w, h), roi)
    assert over is not None and float(over.max()) == pytest.approx(1.0)
    moved = Hand(hand.landmarks + np.array([0.0, 0.6, 0.0], np.float32), hand.score)
    assert hands_cover((moved,), (w, h), roi) is None
