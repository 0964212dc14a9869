"""Import MediaPipe without paying for matplotlib at start-up.

`mediapipe.tasks.python.vision`'s package `__init__` imports `drawing_utils`, which
imports `matplotlib.pyplot` at module level for one 3-D plotting helper the kiosk never
calls: 0.8 s of a 1.4 s `import mediapipe` on a 2-core store PC, every time the mirror
starts (and a crashed mirror must be back within seconds). Before MediaPipe is first
imported, `prepare()` puts deferred stand-ins for `matplotlib` and `matplotlib.pyplot`
in `sys.modules`: the first attribute read on either imports the real module then and
answers from it, so `drawing_utils.plot_landmarks` still works, only later. Nothing is
deferred when matplotlib is already imported (a notebook, a benchmark that plots).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import threading
import types
from typing import Any

_NAMES = ("matplotlib", "matplotlib.pyplot")
_lock = threading.Lock()
_prepared = False  # prepare() has run (whatever it found)


class DeferredModule(types.ModuleType):
    """A module that imports the real one on its first attribute read."""

    def __getattr__(self, attr: str) -> Any:  # called only for names not set on self
        return getattr(_real(self.__name__), attr)


def _real(name: str) -> types.ModuleType:
    with _lock:
        for deferred in _NAMES:
            if isinstance(sys.modules.get(deferred), DeferredModule):
                del sys.modules[deferred]
        return importlib.import_module(name)


def prepare() -> None:
    """Defer matplotlib if nobody has imported it yet (idempotent, thread-safe). Called
    before every MediaPipe use, frames included: after the first call it is one check."""
    global _prepared
    if _prepared:
        return
    with _lock:
        if not _prepared and not any(name in sys.modules for name in _NAMES):
            _install()
        _prepared = True  # after the stand-ins are in: no import can slip in between


def _install() -> None:
    """The stand-ins for matplotlib and pyplot in sys.modules (under _lock)."""
    package, pyplot = DeferredModule(_NAMES[0]), DeferredModule(_NAMES[1])
    # A real spec (found without importing), so `importlib.util.find_spec` keeps
    # answering for code that asks whether matplotlib is there.
    spec = importlib.util.find_spec(_NAMES[0])
    package.__spec__ = spec
    if spec is not None and spec.submodule_search_locations is not None:
        finder = importlib.machinery.PathFinder
        pyplot.__spec__ = finder.find_spec(_NAMES[1], spec.submodule_search_locations)
    # `import matplotlib.pyplot as plt` reads `pyplot` off the package: set it, so
    # that import binds the stand-in instead of loading matplotlib.
    package.pyplot = pyplot  # type: ignore[attr-defined]
    sys.modules[_NAMES[0]], sys.modules[_NAMES[1]] = package, pyplot


def is_deferred(name: str = "matplotlib") -> bool:
    """True while `name` is still the stand-in (start-up checks and tests)."""
    return isinstance(sys.modules.get(name), DeferredModule)
