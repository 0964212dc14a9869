"""The shopper's photos on the kiosk: kept only for the current shopper, all deleted by
wipe(), and a photo still being made when the shopper leaves is never written."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.errors import KioskError
from kiosk.render.garment import GarmentPlacement
from kiosk.render.lipstick import LipLayer
from kiosk.session.photos import ShopperPhotos, StalePhoto
from tests.helpers import TESTDATA


@dataclass
class Frame:
    """A camera frame with nothing left for the GPU (the pipeline's output on the CPU path)."""

    image: np.ndarray
    deferred: tuple[LipLayer, ...] = ()
    garment: GarmentPlacement | None = None


def _frame() -> Frame:
    image = cv2.imread(str(TESTDATA / "lips" / "celebamask_2.jpg"))
    assert image is not None
    return Frame(image)


def test_a_photo_is_kept_as_a_private_jpeg_at_full_size(tmp_path: Path) -> None:
    photos = ShopperPhotos(tmp_path / "photos")
    frame = _frame()
    kept = photos.take(frame, photos.ticket())
    assert kept.path.parent == tmp_path / "photos" and kept.path.read_bytes() == kept.jpeg
    assert stat.S_IMODE(kept.path.stat().st_mode) == 0o600
    decoded = cv2.imdecode(np.frombuffer(kept.jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape == frame.image.shape
    assert np.abs(decoded.astype(int) - frame.image).mean() < 3  # the same picture
    assert photos.kept == (kept.path,)


def test_wipe_deletes_every_photo_file_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    leftover = folder / "tryon-20260101-120000-deadbeef.jpg"  # a crash left it
    leftover.write_bytes(b"\xff\xd8old")
    other = folder / "README.txt"
    other.write_text("not a photo")
    photos = ShopperPhotos(folder)
    first = photos.take(_frame(), photos.ticket())
    second = photos.keep(first.jpeg, photos.ticket())
    assert first.path != second.path
    assert photos.wipe() == 3
    assert sorted(folder.iterdir()) == [other] and photos.kept == ()
    assert photos.wipe() == 0  # nothing left; a missing folder is fine too
    assert ShopperPhotos(tmp_path / "never-made").wipe() == 0


def test_a_photo_for_a_shopper_who_left_is_never_written(tmp_path: Path) -> None:
    photos = ShopperPhotos(tmp_path / "photos")
    ticket = photos.ticket()  # taken at the tap ...
    photos.wipe()  # ... the shopper walks away while it is being made
    with pytest.raises(StalePhoto):
        photos.take(_frame(), ticket)
    assert not (tmp_path / "photos").exists() or not any((tmp_path / "photos").iterdir())
    assert photos.take(_frame(), photos.ticket()).path.exists()  # the next shopper's is


def test_forget_deletes_one_photo(tmp_path: Path) -> None:
    photos = ShopperPhotos(tmp_path / "photos")
    keep, drop = (photos.keep(b"\xff\xd8x\xff\xd9", photos.ticket()) for _ in range(2))
    photos.forget(drop)
    assert not drop.path.exists() and keep.path.exists() and photos.kept == (keep.path,)
    photos.forget(drop)  # again: nothing to do


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "photos"
    blocker.write_text("a file where the folder should be")
    photos = ShopperPhotos(blocker)
    with pytest.raises(KioskError) as info:
        photos.keep(b"\xff\xd8x\xff\xd9", photos.ticket())
    assert "kiosk.photo_dir" in info.value.fix and photos.kept == ()
