"""The distance from the eye opening, worked out over the opening's own neighbourhood
(`eye_regions.distance_from`), against OpenCV's transform over the whole box: the same
up to the reach every region reads, and never less than it beyond."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.vision.eye_regions import distance_from


@pytest.mark.parametrize("seed", range(6))
def test_near_the_opening_the_distance_is_the_whole_boxs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    h, w = (int(v) for v in rng.integers(40, 160, 2))
    touched = np.zeros((h, w), np.uint8)
    centre = (int(rng.integers(0, w)), int(rng.integers(0, h)))  # at an edge, too
    axes = (int(rng.integers(3, w // 3)), int(rng.integers(2, h // 4)))
    cv2.ellipse(touched, centre, axes, float(rng.uniform(0, 40)), 0, 360, 255, -1)
    far = float(rng.uniform(2.0, 12.0))
    whole = cv2.distanceTransform((touched == 0).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_5)
    got = distance_from(touched, far)
    near = whole <= 1.25 * far
    assert near.sum() > touched.astype(bool).sum()  # the ring round the opening is there
    assert np.array_equal(got[near], whole[near])
    assert got[~near].min(initial=np.inf) >= 1.25 * far


def test_no_opening_in_the_box_is_far_everywhere() -> None:
    got = distance_from(np.zeros((20, 30), np.uint8), 4.0)
    assert got.min() >= 5.0
