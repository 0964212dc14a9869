"""Real FaceLandmarker fixtures on the shared model mirror."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.modelstore import FACE_LANDMARKER, POSE_LANDMARKER, ModelStore
from kiosk.vision.face import FaceTracker


@pytest.fixture(scope="session")
def face_model(models_mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The face model installed the product's way (mirror -> cache, sha256 checked)."""
    store = ModelStore(tmp_path_factory.mktemp("models"), mirror=str(models_mirror))
    return store.ensure([FACE_LANDMARKER])[0]


@pytest.fixture()
def image_tracker(face_model: Path) -> Iterator[FaceTracker]:
    with FaceTracker(face_model, mode="image") as tracker:
        yield tracker


@pytest.fixture()
def video_tracker(face_model: Path) -> Iterator[FaceTracker]:
    with FaceTracker(face_model, mode="video") as tracker:
        yield tracker


@pytest.fixture(scope="session")
def pose_model(models_mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pose model installed the product's way (mirror -> cache, sha256 checked)."""
    store = ModelStore(tmp_path_factory.mktemp("models"), mirror=str(models_mirror))
    return store.ensure([POSE_LANDMARKER])[0]
