"""Where the kiosk finds its own files and keeps per-user data.

The project's data folders (config/, assets/, shaders/) sit beside the package in
a checkout; `KIOSK_HOME` points elsewhere for an installed deployment.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The folder holding config/, assets/ and shaders/."""
    env = os.environ.get("KIOSK_HOME")
    return Path(env) if env else Path(__file__).resolve().parent.parent


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
