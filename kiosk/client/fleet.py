"""Fleet settings overlays at the kiosk: fetched from the hub, checked, kept atomically.

Retail IT keeps per-store and per-kiosk overlays on the hub (kiosk.hub.fleet). The
kiosk polls them (`hub.config_poll_s`) and, for a new version, loads its whole settings
with them exactly as the next start would (kiosk/config.py: every key and value checked,
naming the overlay): one that does not load is refused, logged and reported (health),
and the overlays the kiosk runs with stay as they were. One that loads is kept as
`<data>/fleet -> fleet-<version>/` (`store.toml`, `kiosk.toml`), swapped in with one
atomic rename of a symlink, so a power cut leaves the old set or the new, never half.
Settings are read at start: a kept overlay applies at the next start (on a store PC the
mirror restarts itself when nobody is in front of it; kiosk/app.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.client.store_client import StoreError
from kiosk.errors import KioskError
from kiosk.storeapi.contract import FleetConfig

log = logging.getLogger(__name__)
LINK = "fleet"
PARTS = ("store", "kiosk")  # applied in this order: the kiosk's own wins over its store's


class FleetFiles:
    """The overlays this kiosk runs with, under `root` (the kiosk's data folder)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.link = root / LINK

    def files(self) -> list[Path]:
        """The kept overlay files, store's first (for load_settings' `files`)."""
        return [p for p in (self.link / f"{part}.toml" for part in PARTS) if p.is_file()]

    def version(self) -> str | None:
        try:
            return os.readlink(self.link).removeprefix(f"{LINK}-")
        except OSError:
            return None

    def install(self, found: FleetConfig) -> None:
        """Keep `found` as the overlays to run with: written in full beside the old, then
        swapped in by renaming a symlink over the old one (atomic on POSIX)."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"{LINK}-{found.version}"
        target = self.root / name
        if not target.is_dir():
            staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=self.root))
            write_overlays(staging, found)
            os.replace(staging, target)
        tmp_link = self.root / f".{LINK}-link-{os.getpid()}"
        tmp_link.unlink(missing_ok=True)
        os.symlink(name, tmp_link)
        os.replace(tmp_link, self.link)
        for old in self.root.glob(f"{LINK}-*"):
            if old.name != name and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)


def write_overlays(folder: Path, found: FleetConfig) -> list[Path]:
    """The overlays as files in `folder` (those that are not empty), synced to disk."""
    written = []
    for part in PARTS:
        text = getattr(found, part)
        if not text.strip():
            continue
        path = folder / f"{part}.toml"
        with path.open("w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        written.append(path)
    return written


State = Literal["unchanged", "kept", "refused", "unreachable"]


@dataclass(frozen=True)
class Outcome:
    state: State
    version: str | None = None
    problem: str = ""


class FleetSync:
    """One poll of the hub's overlays for this kiosk: `check()` from any one thread.

    `fetch(etag)`: StoreClient/StoreService.fleet_config; `validate(overlay_files)` loads
    the whole settings with the overlays in their place and raises KioskError
    (ConfigError) when they do not load."""

    def __init__(
        self,
        fetch: Callable[[str | None], tuple[FleetConfig | None, str | None]],
        files: FleetFiles,
        validate: Callable[[Sequence[Path]], object],
    ) -> None:
        self._fetch, self._files, self._validate = fetch, files, validate
        self._etag: str | None = None
        self.last = Outcome("unchanged", files.version())
        self.refused: Outcome | None = None  # the last overlay refused, until one is kept

    def check(self) -> Outcome:
        try:
            found, etag = self._fetch(self._etag)
        except StoreError as exc:
            return self._note(Outcome("unreachable", self._files.version(), type(exc).__name__))
        self._etag = etag  # a refused version is not fetched again until it changes
        if found is None or found.version == self._files.version():
            return self._note(Outcome("unchanged", self._files.version()))
        with tempfile.TemporaryDirectory(prefix="fleet-check-") as scratch:
            try:
                self._validate(write_overlays(Path(scratch), found))
            except KioskError as exc:
                log.warning(
                    "fleet settings %s from the hub refused, the running ones kept: %s (%s)",
                    found.version, exc.message, exc.fix,
                )  # fmt: skip
                self.refused = Outcome("refused", found.version, exc.message)
                return self._note(self.refused)
        self._files.install(found)
        self.refused = None
        log.warning(
            "fleet settings %s from the hub kept; they apply at the next start", found.version
        )
        return self._note(Outcome("kept", found.version))

    def _note(self, outcome: Outcome) -> Outcome:
        self.last = outcome
        return outcome


class FleetPoller:
    """`sync.check()` every `interval_s` on a thread of its own (the first soon after
    start); `kept` is set once an overlay was kept, for the app to restart when idle."""

    def __init__(self, sync: FleetSync, interval_s: float, first_s: float = 5.0) -> None:
        self.sync, self._interval_s, self._first_s = sync, interval_s, first_s
        self.kept = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fleet-config", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5.0)

    def _run(self) -> None:
        wait = self._first_s
        while not self._stop.wait(wait):
            wait = self._interval_s
            try:
                if self.sync.check().state == "kept":
                    self.kept.set()
            except Exception:  # a poll must never end the poller: logged, tried again later
                log.exception("checking the fleet settings failed")
