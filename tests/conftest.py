"""Fixtures used by more than one test package: the shared test data and model mirror, the
real face and pose models and trackers, and the real hub on SQLite and PostgreSQL.

Test data is read in place from ../shared (never copied into the project); KIOSK_SHARED_DIR
and KIOSK_MODEL_MIRROR point elsewhere. Package conftests add what only their package uses;
no conftest imports another (shared helpers live in tests/helpers.py and tests/hub_server.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers import MISSING_FIX, SHARED, TESTDATA
from tests.hub_server import RunningHub, fresh_pg_schema, pg_url, start_hub

if TYPE_CHECKING:
    from kiosk.vision.face import FaceTracker

BACKENDS = ["sqlite", "postgresql"]

# `@pytest.mark.slow`: seconds per test on a 2-core machine (real models over whole videos,
# soaks, fuzzing, several hub processes). `pytest -m "not slow"` leaves them out for a quick
# local loop; CI runs everything.


# ---- shared data and models ---------------------------------------------------------------


@pytest.fixture(scope="session")
def testdata() -> Path:
    if not TESTDATA.is_dir():
        pytest.fail(f"test data not found at {TESTDATA}; {MISSING_FIX}")
    return TESTDATA


@pytest.fixture(scope="session")
def models_mirror() -> Path:
    """The local model mirror (the suite never reaches the internet)."""
    env = os.environ.get("KIOSK_MODEL_MIRROR")
    path = Path(env).resolve() if env else SHARED / "models"
    if not path.is_dir():
        pytest.fail(f"model mirror not found at {path}; set KIOSK_MODEL_MIRROR")
    return path


@pytest.fixture(scope="session")
def face_model(models_mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The face model installed the product's way (mirror -> cache, sha256 checked)."""
    from kiosk.modelstore import FACE_LANDMARKER, ModelStore

    store = ModelStore(tmp_path_factory.mktemp("models"), mirror=str(models_mirror))
    return store.ensure([FACE_LANDMARKER])[0]


@pytest.fixture(scope="session")
def pose_model(models_mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pose model installed the product's way (mirror -> cache, sha256 checked)."""
    from kiosk.modelstore import POSE_LANDMARKER, ModelStore

    store = ModelStore(tmp_path_factory.mktemp("models"), mirror=str(models_mirror))
    return store.ensure([POSE_LANDMARKER])[0]


@pytest.fixture(scope="session")
def hand_model(models_mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand model installed the product's way (mirror -> cache, sha256 checked)."""
    from kiosk.modelstore import HAND_LANDMARKER, ModelStore

    store = ModelStore(tmp_path_factory.mktemp("models"), mirror=str(models_mirror))
    return store.ensure([HAND_LANDMARKER])[0]


@pytest.fixture()
def image_tracker(face_model: Path) -> Iterator[FaceTracker]:
    from kiosk.vision.face import FaceTracker

    with FaceTracker(face_model, mode="image") as tracker:
        yield tracker


@pytest.fixture()
def video_tracker(face_model: Path) -> Iterator[FaceTracker]:
    from kiosk.vision.face import FaceTracker

    with FaceTracker(face_model, mode="video") as tracker:
        yield tracker


# ---- the real hub (a process on a free loopback port) --------------------------------------


@pytest.fixture(scope="module")
def sqlite_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """A hub on SQLite with the demo seed, for this module."""
    with start_hub(tmp_path_factory.mktemp("hub-sqlite")) as hub:
        yield hub


@pytest.fixture(scope="module")
def pg_base() -> str:
    """KIOSK_TEST_PG_URL: skips when unset, fails when unset under CI=true."""
    return pg_url()


@pytest.fixture(scope="module")
def pg_hub(tmp_path_factory: pytest.TempPathFactory, pg_base: str) -> Iterator[RunningHub]:
    """A hub on a fresh PostgreSQL schema (dropped afterwards) with the demo seed."""
    with (
        fresh_pg_schema(pg_base) as url,
        start_hub(tmp_path_factory.mktemp("hub-pg"), url) as hub,
    ):
        yield hub


@pytest.fixture(scope="module", params=BACKENDS)
def backend_hub(request: pytest.FixtureRequest) -> RunningHub:
    """The same tests against a hub on SQLite and on PostgreSQL (`sqlite_hub`, `pg_hub`)."""
    name = "sqlite_hub" if request.param == "sqlite" else "pg_hub"
    running: RunningHub = request.getfixturevalue(name)
    return running
