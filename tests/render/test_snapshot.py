"""The shopper's photo shows what the mirror showed: a garment left for the GPU is blended
into the photo as the CPU path paints it (real body photo, real pose model), and the JPEG
keeps the camera's full size."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.render.garment import GarmentPlacement, garment_overlay, paint_garment
from kiosk.render.lipstick import LipLayer
from kiosk.render.snapshot import encode_jpeg, snapshot
from kiosk.vision.pose import PoseTracker
from tests.render.drawn import drawn_tee


@dataclass
class Frame:
    image: np.ndarray
    deferred: tuple[LipLayer, ...] = ()
    garment: GarmentPlacement | None = None


def test_a_gpu_garment_is_in_the_photo_as_the_cpu_paints_it(
    pose_model: Path, testdata: Path
) -> None:
    image = cv2.imread(str(testdata / "bodies" / "vitonhd_07966_00.jpg"))
    assert image is not None
    with PoseTracker(pose_model, mode="image") as pose:
        body = pose.detect(image).wearer()
    assert body is not None
    tee = drawn_tee()
    args = (tee, body.landmarks, body.visibility, body.mask, None, 20_000)  # reduced, as live
    painted = image.copy()
    assert paint_garment(painted, *args) is not None
    overlay = garment_overlay(image, *args)
    assert overlay is not None and overlay.texture is not None

    photo = snapshot(Frame(image, garment=overlay))
    worn = np.abs(painted.astype(int) - image).max(axis=2) > 20
    assert worn.sum() > 0.05 * worn.size  # the garment covers a good part of the photo
    diff = np.abs(photo.astype(int) - painted).max(axis=2)
    print(f"garment pixels {worn.sum()}, photo vs CPU paint: mean {diff[worn].mean():.2f}, "
          f"p99 {np.percentile(diff[worn], 99):.0f}")  # fmt: skip
    assert diff[worn].mean() < 3 and np.percentile(diff[worn], 99) < 25
    assert (diff[~worn] > 20).mean() < 0.01  # nothing else changed
    assert np.array_equal(snapshot(Frame(image)), image)  # nothing worn: the frame as it was


def test_the_photo_is_a_jpeg_at_camera_size(testdata: Path) -> None:
    image = cv2.imread(str(testdata / "lips" / "celebamask_3.jpg"))
    data = encode_jpeg(image)
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    back = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert back.shape == image.shape and np.abs(back.astype(int) - image).mean() < 3
