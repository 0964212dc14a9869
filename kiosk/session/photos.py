"""The current shopper's photos on the kiosk: written only when they say yes, deleted when
they leave (`wipe()`), never kept for the next shopper.

A photo is the look at full camera resolution, encoded as JPEG and kept in `folder`
(kiosk.photo_dir, files readable by the kiosk's user only) while it is on its way to the
shopper's phone through the hub. `wipe()` deletes every photo file in the folder, this
shopper's and any a crash left behind, and turns away photos still being made for the
shopper who left: each is made under a `ticket`, and a ticket from before the last wipe
writes nothing.

Plain Python; `keep` may run on a worker thread (encoding takes tens of milliseconds),
everything else on the UI thread.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.render.snapshot import Composited, encode_jpeg, snapshot

log = logging.getLogger(__name__)
PATTERN = "tryon-*.jpg"


@dataclass(frozen=True)
class KeptPhoto:
    """A photo on the kiosk's disk and its bytes (what goes to the hub)."""

    path: Path
    jpeg: bytes
    ticket: int


class StalePhoto(Exception):
    """The shopper this photo was taken for has left (a wipe came between)."""


class ShopperPhotos:
    def __init__(self, folder: Path, quality: int = 90) -> None:
        self.folder, self.quality = folder, quality
        self._lock = threading.Lock()
        self._ticket = 0
        self._kept: list[Path] = []

    def ticket(self) -> int:
        """The current shopper's ticket: pass it to `keep` (from the UI thread, at the tap)."""
        with self._lock:
            return self._ticket

    @property
    def kept(self) -> tuple[Path, ...]:
        """This shopper's photo files on disk."""
        with self._lock:
            return tuple(self._kept)

    def take(self, output: Composited, ticket: int) -> KeptPhoto:
        """Render, encode and keep the look in `output` (off the UI thread). KioskError when
        it cannot be written; StalePhoto when the shopper has left meanwhile."""
        return self.keep(encode_jpeg(snapshot(output), self.quality), ticket)

    def keep(self, jpeg: bytes, ticket: int) -> KeptPhoto:
        """Write `jpeg` for the shopper holding `ticket`; nothing for an older ticket."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        with self._lock:
            if ticket != self._ticket:
                raise StalePhoto()
            path = self.folder / f"tryon-{stamp}-{secrets.token_hex(4)}.jpg"
            created = False
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                created = True
                with os.fdopen(fd, "wb") as out:
                    out.write(jpeg)
            except OSError as exc:
                if created:  # half written (disk full): no partial photo stays behind
                    _delete(path)
                raise KioskError(
                    f"cannot keep the photo in {self.folder}: {exc.strerror or exc}",
                    "set kiosk.photo_dir to a writable folder with free space",
                ) from None
            self._kept.append(path)
        return KeptPhoto(path, jpeg, ticket)

    def forget(self, photo: KeptPhoto | Path) -> None:
        """Delete one photo now (it could not be sent, or the shopper closed it unseen)."""
        path = photo.path if isinstance(photo, KeptPhoto) else photo
        with self._lock:
            if path in self._kept:
                self._kept.remove(path)
            _delete(path)

    def wipe(self) -> int:
        """The shopper left: delete every photo file in the folder and refuse photos still
        being made for them. Returns how many files were deleted."""
        with self._lock:
            self._ticket += 1
            files = set(self._kept)
            self._kept.clear()
            if self.folder.is_dir():
                files.update(self.folder.glob(PATTERN))
            deleted = sum(_delete(path) for path in files)
        if deleted:
            log.info("deleted %d photo file(s) at the end of a visit", deleted)
        return deleted


def _delete(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:  # logged without the name: it is only a time and random digits
        log.warning("could not delete a photo file: %s", exc.strerror or exc)
        return False
    return True
