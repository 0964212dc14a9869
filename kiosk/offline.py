"""`kiosk render`: put a shade on the lips of a photo, without a window."""

from __future__ import annotations

from pathlib import Path

import cv2

from kiosk.errors import KioskError, NoFaceError
from kiosk.pipeline import Look, TryOnPipeline


def render_image(pipeline: TryOnPipeline, image_path: Path, out_path: Path, look: Look) -> int:
    """Render `look` onto every face in the image; returns the number of faces."""
    image = cv2.imread(str(image_path), cv2.IMREAD_COLOR)
    if image is None:
        raise KioskError(
            f"cannot read image {image_path}",
            "pass a JPEG, PNG, BMP or WebP photo that exists and is readable",
        )
    out = pipeline.process(image, 0, 0, look)
    if not out.found:
        raise NoFaceError(
            f"no face found in {image_path}",
            "use a photo where the face is clearly visible and facing the camera",
        )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out_path), out.image):
        raise KioskError(
            f"cannot write {out_path}",
            "use an output name ending in .png or .jpg in a writable folder",
        )
    return len(out.faces.faces)
