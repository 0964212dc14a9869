"""`kiosk self-test`: does this installation run, every native part loaded for real?

Where `kiosk doctor` looks at the machine (screen, camera, hub, clock, disk), the
self-test looks at the installation itself, as a package, a .deb's venv or a bundle
must be checked after it is put on a PC: the data folders are there, the models load
and run (MediaPipe's native library on a frame), the lipstick shader bakes (Qt's qsb),
the screen's QML compiles with every module it imports, and the embedded hub starts
as a child process and answers. No camera, no photo: a made-up frame. (In ui/ because
compiling the screen takes Qt, which only ui/ and app.py may import.)
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from kiosk import paths
from kiosk.config import Settings

DATA = (
    "config/default.toml",
    "assets/catalog.json",
    "assets/garments/garments.json",
    "assets/store/demo.json",
    "shaders/lipstick.frag",
)


@dataclass(frozen=True)
class Step:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"self-test {self.name}: {'OK' if self.ok else 'FAILED'}: {self.detail}"


def run(settings: Settings, say: Callable[[str], object] = print) -> bool:
    """Every step, each printed as it ends; True when all passed."""
    steps = (
        ("data", _data),
        ("models", _models),
        ("shader", _shader),
        ("screen", _screen),
        ("hub", _hub),
    )
    ok = True
    for name, step in steps:
        started = time.monotonic()
        try:
            detail = step(settings)
            result = Step(name, True, f"{detail} ({time.monotonic() - started:.1f} s)")
        except Exception as exc:  # each step reports its own failure; the others still run
            result = Step(name, False, f"{type(exc).__name__}: {exc}")
        say(result.line())
        ok = ok and result.ok
    say("self-test passed" if ok else "self-test FAILED")
    return ok


def _data(settings: Settings) -> str:
    root = paths.project_root()
    missing = [part for part in DATA if not (root / part).is_file()]
    if missing:
        raise FileNotFoundError(f"missing under {root}: {', '.join(missing)}")
    return f"{len(DATA)} files under {root}"


def _models(settings: Settings) -> str:
    from kiosk.services import build_pipeline

    frame = np.full((480, 640, 3), 128, np.uint8)
    with_bodies = replace(settings, lipstick=replace(settings.lipstick, hands_in_front=False))
    stack, pipeline = build_pipeline(with_bodies, "image", bodies=True)
    with stack:
        from kiosk.pipeline import Look

        out = pipeline.process(frame, 0, 0, Look(None))
    return f"face and pose models ran on a frame ({'a face' if out.found else 'no face'} found)"


def _shader(settings: Settings) -> str:
    from kiosk.render.shaders import bake_lipstick, bake_makeup

    with tempfile.TemporaryDirectory(prefix="kiosk-selftest-") as folder:
        lips = bake_lipstick(Path(folder)).stat().st_size
        makeup = bake_makeup(Path(folder)).stat().st_size
    return f"lipstick.frag and makeup.frag baked by qsb ({lips:,} and {makeup:,} bytes)"


def _screen(settings: Settings) -> str:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # compiling needs no screen
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    import kiosk.ui

    for module in pkgutil.iter_modules(kiosk.ui.__path__, "kiosk.ui."):
        importlib.import_module(module.name)  # registers the screen's QML types (import Kiosk)

    app = QGuiApplication.instance() or QGuiApplication(["kiosk-self-test"])  # noqa: F841
    engine = QQmlEngine()
    main = Path(kiosk.ui.__file__).parent / "qml" / "Main.qml"
    component = QQmlComponent(engine, QUrl.fromLocalFile(str(main)))
    errors = [e.toString() for e in component.errors()]
    if not component.isReady():
        raise RuntimeError("the screen's QML does not compile: " + "; ".join(errors[:3]))
    del component, engine
    return f"Main.qml and its imports compile ({QGuiApplication.platformName()})"


def _hub(settings: Settings) -> str:
    import httpx

    from kiosk.client.embedded import EmbeddedHub

    with tempfile.TemporaryDirectory(prefix="kiosk-selftest-hub-") as folder:
        hub = EmbeddedHub(kiosk_id="self-test", data_dir=Path(folder))
        hub.start()
        try:
            url = hub.url()
            answer = httpx.get(f"{url}/v1/health", timeout=10)
            if answer.status_code != 200:
                raise RuntimeError(f"the embedded hub answers {answer.status_code}")
        finally:
            hub.close()
    return "the embedded hub started and answered"
