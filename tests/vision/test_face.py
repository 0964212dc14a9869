"""FaceTracker on real images with the real model, the way MediaPipe tests its tasks."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.vision.face import LANDMARK_COUNT, FaceTracker
from kiosk.vision.lips import INNER_LIP, OUTER_LIP


def test_finds_478_landmarks_on_each_lip_photo(image_tracker: FaceTracker, testdata: Path) -> None:
    for i in range(4):
        image = cv2.imread(str(testdata / f"lips/celebamask_{i}.jpg"))
        result = image_tracker.detect(image)
        assert result.found, f"celebamask_{i}"
        face = result.faces[0]
        assert face.landmarks.shape == (LANDMARK_COUNT, 3)
        assert result.image_size == (1024, 1024)
        assert result.inference_ms > 0
        # Golden check against the ground truth: the mouth's landmarks sit on the lips.
        lips = cv2.imread(str(testdata / f"lips/celebamask_{i}_lips.png"), cv2.IMREAD_GRAYSCALE)
        ys, xs = np.nonzero(lips)
        mouth = face.landmarks[list(OUTER_LIP + INNER_LIP), :2].mean(axis=0)
        assert abs(mouth[0] - xs.mean()) < 12 and abs(mouth[1] - ys.mean()) < 12


def test_no_face_gives_an_empty_result(image_tracker: FaceTracker, testdata: Path) -> None:
    image = cv2.imread(str(testdata / "garments/vitonhd_04469_00.jpg"))
    result = image_tracker.detect(image)
    assert not result.found and result.faces == ()


def test_video_mode_refuses_repeated_or_backward_timestamps(
    video_tracker: FaceTracker, testdata: Path
) -> None:
    image = cv2.imread(str(testdata / "faces/mouth_open_d19.jpg"))
    assert video_tracker.detect(image, 100).found
    with pytest.raises(ValueError, match="strictly increase"):
        video_tracker.detect(image, 100)
    with pytest.raises(ValueError, match="strictly increase"):
        video_tracker.detect(image, 50)
    assert video_tracker.detect(image, 133).found


def test_video_and_image_mode_agree(
    video_tracker: FaceTracker, image_tracker: FaceTracker, testdata: Path
) -> None:
    image = cv2.imread(str(testdata / "faces/mouth_open_d9.jpg"))
    a = video_tracker.detect(image, 1).faces[0].landmarks[:, :2]
    b = image_tracker.detect(image).faces[0].landmarks[:, :2]
    assert np.median(np.linalg.norm(a - b, axis=1)) < 4.0


def test_live_stream_mode_returns_results(face_model: Path, testdata: Path) -> None:
    image = cv2.imread(str(testdata / "faces/mouth_open_d19.jpg"))
    with FaceTracker(face_model, mode="live_stream", live_wait_s=5.0) as tracker:
        found = [tracker.detect(image, ts).found for ts in (10, 43, 76)]
    assert all(found)


def test_closed_tracker_refuses_work(face_model: Path, testdata: Path) -> None:
    tracker = FaceTracker(face_model, mode="image")
    tracker.close()
    tracker.close()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        tracker.detect(np.zeros((64, 64, 3), np.uint8))


def test_wrong_mode_is_refused(face_model: Path) -> None:
    with pytest.raises(ValueError, match="running mode"):
        FaceTracker(face_model, mode="batch")  # type: ignore[arg-type]
