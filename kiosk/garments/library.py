"""The writable garment folder: garments added at the store (`kiosk garments add`).

The shipped `assets/garments` may be read-only in an install, so added garments go to
a per-user data folder (`$XDG_DATA_HOME/kiosk/garments`, or `KIOSK_GARMENTS_DIR`),
with a `garments.json` in the shipped catalog's format beside their images and rigs.
`kiosk.catalog.garments` merges it over the shipped catalog.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.paths import user_data_dir

CATALOG_NAME = "garments.json"
_FIX_FOLDER = "set KIOSK_GARMENTS_DIR to a writable folder, or fix the folder's permissions"


def added_garments_dir() -> Path:
    """Where added garments live (KIOSK_GARMENTS_DIR overrides the per-user default)."""
    env = os.environ.get("KIOSK_GARMENTS_DIR")
    return Path(env) if env else user_data_dir() / "garments"


def added_catalog_path(folder: Path | None = None) -> Path:
    return (folder or added_garments_dir()) / CATALOG_NAME


def read_added(folder: Path) -> dict[str, Any]:
    """The added catalog as stored (an empty one when nothing was added yet)."""
    path = added_catalog_path(folder)
    if not path.exists():
        return {"version": 1, "currency": "CNY", "garments": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KioskError(
            f"the added-garment catalog {path} cannot be read: {exc}",
            "fix the JSON, or move the file away to start an empty one",
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("garments"), list):
        raise KioskError(f"the added-garment catalog {path} has no 'garments' list", "fix it")
    return data


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so a reader never sees half of it (temp file, then rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise KioskError(f"cannot write {path}: {exc.strerror or exc}", _FIX_FOLDER) from None


def store_entry(folder: Path, entry: dict[str, Any]) -> Path:
    """Put `entry` in the added catalog, replacing one with the same product id."""
    data = read_added(folder)
    pid = entry["product_id"]
    data["garments"] = [g for g in data["garments"] if g.get("product_id") != pid] + [entry]
    path = added_catalog_path(folder)
    write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path
