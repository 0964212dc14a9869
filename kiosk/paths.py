"""Where the kiosk finds its own files and keeps per-user data.

The project's data folders (config/, assets/, shaders/) sit beside the package in
a checkout; an installed wheel carries them inside the package (`kiosk/_data`, put
there by setup.py's build step) and they are found with importlib.resources;
`KIOSK_HOME` points elsewhere (a deployment's own copy) over both.
"""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path

PACKAGED = "_data"  # the data folders' place inside an installed package


def project_root() -> Path:
    """The folder holding config/, assets/ and shaders/."""
    env = os.environ.get("KIOSK_HOME")
    return Path(env) if env else _installed_root()


@functools.cache
def _installed_root() -> Path:
    """The checkout when the package runs from one, else the data the wheel carries."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "config" / "default.toml").is_file():
        return checkout
    packaged = resources.files("kiosk").joinpath(PACKAGED)
    # A wheel installs as plain files, so the resource is a real folder (a zipped
    # package would need as_file() and a copy; pip never installs one).
    return Path(str(packaged))


def config_dir() -> Path:
    return project_root() / "config"


def assets_dir() -> Path:
    return project_root() / "assets"


def shaders_dir() -> Path:
    return project_root() / "shaders"


def user_cache_dir() -> Path:
    """Per-user cache (models live here), following the XDG convention."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kiosk"


def user_data_dir() -> Path:
    """Per-user data that must survive a cache wipe (the embedded hub's database, the
    outbox, the device secret), following the XDG convention."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kiosk"
