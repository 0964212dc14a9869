"""`kiosk render`: put a shade on the lips of a photo, or of every photo in a folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.errors import KioskError, NoFaceError
from kiosk.pipeline import FrameOutput, Look, TryOnPipeline

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp")


def render_image(pipeline: TryOnPipeline, image_path: Path, out_path: Path, look: Look) -> int:
    """Render `look` onto every face in the image; returns the number of faces."""
    image = cv2.imread(str(image_path), cv2.IMREAD_COLOR)
    if image is None:
        raise KioskError(
            f"cannot read image {image_path}",
            "pass a JPEG, PNG, BMP or WebP photo that exists and is readable",
        )
    out = render_array(pipeline, image, look, str(image_path))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out_path), out.image):
        raise KioskError(
            f"cannot write {out_path}",
            "use an output name ending in .png or .jpg in a writable folder",
        )
    return len(out.faces.faces)


def render_array(
    pipeline: TryOnPipeline, image: np.ndarray, look: Look, name: str = "the photo"
) -> FrameOutput:
    """`look` on one BGR photo held in memory, the way `kiosk render` does it."""
    pipeline.reset()  # each photo stands alone: no smoothing from the previous one
    out = pipeline.process(image, 0, 0, look)
    if look.garment is not None and out.garment is None:
        raise NoFaceError(
            f"nobody to dress in {name}",
            "use a photo where a person's shoulders and hips are visible",
        )
    if look.paints_face and not out.found:
        raise NoFaceError(
            f"no face found in {name}",
            "use a photo where the face is clearly visible and facing the camera",
        )
    return out


@dataclass(frozen=True)
class BatchItem:
    source: Path
    output: Path | None  # None when the photo failed
    faces: int
    error: str


def render_folder(
    pipeline: TryOnPipeline, folder: Path, out_dir: Path, look: Look
) -> list[BatchItem]:
    """Every photo in `folder` to `out_dir` (same names, .png); one bad photo never
    stops the batch: it is reported with its reason and the rest go on."""
    photos = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not photos:
        raise KioskError(
            f"no photos in {folder}", f"put {', '.join(IMAGE_SUFFIXES)} files in the folder"
        )
    results = []
    for photo in photos:
        target = out_dir / f"{photo.stem}.png"
        try:
            faces = render_image(pipeline, photo, target, look)
        except KioskError as exc:
            results.append(BatchItem(photo, None, 0, exc.message))
        else:
            results.append(BatchItem(photo, target, faces, ""))
    return results
