"""The real kiosk window under Xvfb (pytest-xvfb starts the X server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.ui.qt_env import prepare_qt_environment

prepare_qt_environment()

from kiosk.app import KioskApp  # noqa: E402
from kiosk.config import load_settings  # noqa: E402
from tests.vision.conftest import face_model, image_tracker, pose_model  # noqa: E402, F401

AppFactory = Callable[..., KioskApp]


@pytest.fixture()
def kiosk_app(
    qtbot: object,
    face_model: Path,  # noqa: F811
    pose_model: Path,  # noqa: F811
) -> Iterator[AppFactory]:
    """Builds the kiosk exactly as `kiosk run` does, from settings, and closes it after."""
    apps: list[KioskApp] = []

    def make(source: str, **overrides: str) -> KioskApp:
        values = {
            "capture.source": source,
            "kiosk.window_width": "540",
            "kiosk.window_height": "960",
            "kiosk.debug_overlay": "false",
            "capture.reconnect_initial_s": "0.05",
            "capture.reconnect_max_s": "0.2",
            "logging.level": "WARNING",
        }
        values.update(overrides)
        settings = load_settings(profile="developer", overrides=values, env={})
        app = KioskApp(settings, face_model, pose_model)
        apps.append(app)
        app.start()
        return app

    yield make
    for app in apps:
        app.close()
        assert not app.worker.isRunning()
        assert not app.capture.is_alive()
