"""Shoulder width from the iris ruler, and size advice from a chart."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from kiosk.vision.face import FaceTracker
from kiosk.vision.measure import Measurement, mm_per_px, shoulder_width_cm, suggest_size
from kiosk.vision.pose import PoseTracker

CHART = {"XS": 36.0, "S": 38.0, "M": 40.0, "L": 42.5, "XL": 45.0}


def test_clear_estimates_get_one_confident_size() -> None:
    advice = suggest_size(CHART, Measurement(40.1, 0.4))
    assert advice.size == "M" and advice.likelihood > 0.9 and advice.also is None


def test_borderline_estimates_name_the_neighbour_too() -> None:
    advice = suggest_size(CHART, Measurement(39.0, 1.0))
    assert {advice.size, advice.also} == {"S", "M"}
    assert 0.3 < advice.likelihood < 0.7


def test_extremes_fall_into_the_end_sizes() -> None:
    assert suggest_size(CHART, Measurement(30.0, 1.0)).size == "XS"
    assert suggest_size(CHART, Measurement(52.0, 1.0)).size == "XL"
    with pytest.raises(ValueError, match="empty"):
        suggest_size({}, Measurement(40.0, 1.0))


def test_a_turned_torso_widens_the_uncertainty(image_tracker: FaceTracker, testdata: Path) -> None:
    face = image_tracker.detect(cv2.imread(str(testdata / "lips/celebamask_0.jpg"))).faces[0]
    facing = shoulder_width_cm(face.landmarks, 300.0, turn=0.0)
    turned = shoulder_width_cm(face.landmarks, 300.0, turn=0.5)
    assert facing is not None and turned is not None
    assert turned.value > facing.value and turned.sd > facing.sd


def test_estimates_on_real_people_are_plausible(
    image_tracker: FaceTracker, pose_model: Path, testdata: Path
) -> None:
    """No shared photo comes with a known size or distance, so this checks only that
    estimates fall in the human range (adult shoulder tip-to-tip breadth is about
    30-50 cm) with their uncertainty stated; the table goes in the closing note."""
    rows = []
    with PoseTracker(pose_model, mode="image") as pose:
        for path in sorted((testdata / "bodies").glob("*.jpg")):
            image = cv2.imread(str(path))
            face, body = image_tracker.detect(image), pose.detect(image).wearer()
            if not face.found or body is None or mm_per_px(face.faces[0].landmarks) is None:
                continue
            m = shoulder_width_cm(face.faces[0].landmarks, body.shoulder_width, body.turn)
            assert m is not None
            rows.append((path.name, m, suggest_size(CHART, m)))
    print("\n".join(f"{n}: {m} cm -> {a}" for n, m, a in rows))
    assert len(rows) >= 6
    for name, m, _ in rows:
        assert 25.0 <= m.value <= 55.0, name
        assert 0.0 < m.sd < 0.25 * m.value, name
