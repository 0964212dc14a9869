"""Fleet settings overlays: per-store and per-kiosk settings that retail IT keeps on the hub.

The hub serves files it is given (`--fleet-dir DIR`): `DIR/store/<store_id>.toml` and
`DIR/kiosk/<kiosk_id>.toml`, so a chain's overlays live in version control or a config
manager and reach each kiosk by its own token: a kiosk gets its store's and its own,
never another's. The hub checks only that each is TOML (a file that is not is refused
here, and the kiosk keeps what it runs with); what the keys mean is the kiosk's to
check (kiosk/config.py), before it keeps an overlay.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

from kiosk.hub.errors import ApiError
from kiosk.hub.policy import Caller
from kiosk.storeapi.contract import FleetConfig

MAX_BYTES = 64 * 1024  # an overlay is a few settings, not a data file
_SAFE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")  # ids as file names: no path can escape DIR


def _read(folder: Path, kind: str, ident: str) -> str:
    if not _SAFE.fullmatch(ident) or ident.startswith("."):
        return ""
    path = folder / kind / f"{ident}.toml"
    if not path.is_file():
        return ""
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ApiError(
            500, "fleet_config_invalid",
            f"the {kind} overlay {path.name} is {len(data)} bytes, over {MAX_BYTES}",
        )  # fmt: skip
    text = data.decode("utf-8", "replace")
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ApiError(
            500, "fleet_config_invalid", f"the {kind} overlay {path.name} is not TOML: {exc}"
        ) from None
    return text


def overlays_for(folder: Path | None, caller: Caller) -> FleetConfig:
    """The calling kiosk's overlays (its store's, its own) and their version."""
    store = kiosk = ""
    if folder is not None:
        store = _read(folder, "store", caller.store_id)
        kiosk = _read(folder, "kiosk", caller.kiosk_id)
    digest = hashlib.sha256(f"{store}\0{kiosk}".encode()).hexdigest()[:16]
    return FleetConfig(version=digest, store=store, kiosk=kiosk)
