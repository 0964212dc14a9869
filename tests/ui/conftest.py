"""The real kiosk window under Xvfb (pytest-xvfb starts the X server); every UI test must
leave no thread of ours running (`no_leaked_threads`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.ui.qt_env import prepare_qt_environment

prepare_qt_environment()

from kiosk.app import KioskApp  # noqa: E402
from kiosk.config import load_settings  # noqa: E402
from kiosk.vision.sources import FrameSource  # noqa: E402
from tests.helpers import AppFactory, leaked_threads  # noqa: E402
from tests.hub_server import RunningHub, start_hub  # noqa: E402

THREAD_GRACE_S = 5.0  # daemon threads told to stop get this long to end


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Fails a test that leaves a Python thread running after its windows are closed.

    Autouse, so it is set up before the test's other fixtures and checks after their
    teardown (`kiosk_app` closes the kiosk first)."""
    before = threading.enumerate()
    yield
    leaked = ", ".join(
        f"{t.name} (daemon={t.daemon})" for t in leaked_threads(before, grace=THREAD_GRACE_S)
    )
    assert not leaked, f"threads still running {THREAD_GRACE_S:g} s after the test: {leaked}"


@pytest.fixture(scope="module")
def own_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """A hub of the module's own, for tests that give a member's consent: the hub remembers
    an answer and never asks again, which the shared hub's other tests rely on it not having."""
    with start_hub(tmp_path_factory.mktemp("own-hub")) as hub:
        yield hub


def on_hub(hub: RunningHub) -> dict[str, str]:
    """kiosk_app overrides that point the kiosk at `hub`."""
    return {"hub.url": hub.url, "hub.token": hub.token}


@pytest.fixture(scope="session")
def ui_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """One real hub (SQLite, demo data) on loopback for every window test."""
    with start_hub(tmp_path_factory.mktemp("ui-hub")) as hub:
        yield hub


@pytest.fixture()
def kiosk_app(
    qtbot: object,
    face_model: Path,
    pose_model: Path,
    ui_hub: RunningHub,
    tmp_path: Path,
) -> Iterator[AppFactory]:
    """Builds the kiosk exactly as `kiosk run` does, from settings, and closes it after.
    It talks to the shared test hub; its cache, outbox and secret live in `tmp_path`."""
    apps: list[KioskApp] = []

    def make(source: str | FrameSource, **overrides: str) -> KioskApp:
        values = {
            "hub.url": ui_hub.url,
            "hub.token": ui_hub.token,
            "hub.cache_path": str(tmp_path / "store_cache.sqlite"),
            "records.outbox_path": str(tmp_path / "outbox.sqlite"),
            "records.device_secret_path": str(tmp_path / "device_secret"),
            "kiosk.photo_dir": str(tmp_path / "photos"),
            "capture.source": source if isinstance(source, str) else "camera:0",
            "kiosk.window_width": "540",
            "kiosk.window_height": "960",
            "kiosk.debug_overlay": "false",
            "capture.reconnect_initial_s": "0.05",
            "capture.reconnect_max_s": "0.2",
            "logging.level": "WARNING",
            "logging.health_port": "0",  # windows on parallel workers: no fixed port (tests/ops)
            "hub.report_interval_s": "0",  # health reports to the hub: tests/ops/test_report.py
            # The compositor is "auto", as on a kiosk: on Xvfb's CPU-drawn OpenGL the NumPy
            # one (tests/ui 481 s -> 341 s); tests of the shader, the compare grid or the
            # scene-graph garment blend ask for "gpu" (`GPU` in tests/ui/screen.py).
        }
        values.update(overrides)
        settings = load_settings(profile="developer", overrides=values, env={})
        given = None if isinstance(source, str) else source
        app = KioskApp(settings, face_model, pose_model, source=given)
        apps.append(app)
        app.start()
        return app

    yield make
    for app in apps:
        app.close()
        assert not app.worker.isRunning()
        assert not app.capture.is_alive()
