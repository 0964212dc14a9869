"""Shared fixtures: where the shared test data and model mirror live.

Test data is read in place from ../shared (never copied into the project).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def testdata() -> Path:
    path = SHARED / "testdata"
    if not path.is_dir():
        pytest.fail(f"test data not found at {path}; set KIOSK_SHARED_DIR to the shared folder")
    return path


@pytest.fixture(scope="session")
def models_mirror() -> Path:
    """The local model mirror (the suite never reaches the internet)."""
    env = os.environ.get("KIOSK_MODEL_MIRROR")
    path = Path(env).resolve() if env else SHARED / "models"
    if not path.is_dir():
        pytest.fail(f"model mirror not found at {path}; set KIOSK_MODEL_MIRROR")
    return path
