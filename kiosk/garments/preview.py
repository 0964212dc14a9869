"""A staff check image: the garment with its silhouette outline and labelled anchors.

Wearer's left anchors are drawn in green, right in orange, centre in magenta,
joined shoulder-elbow-cuff and shoulder-hip so a misplaced point stands out.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from kiosk.errors import KioskError
from kiosk.garments.rig import Rig
from kiosk.garments.segment import garment_mask

_LEFT, _RIGHT, _CENTRE, _OUTLINE = (60, 180, 60), (0, 140, 255), (200, 0, 200), (255, 80, 0)
_LINKS = (
    ("neck", "{s}_shoulder"),
    ("{s}_shoulder", "{s}_elbow"),
    ("{s}_elbow", "{s}_sleeve_end"),
    ("{s}_shoulder", "{s}_hip"),
    ("{s}_hip", "{s}_hem"),
)


def draw_preview(image: np.ndarray, rig: Rig, mask: np.ndarray | None = None) -> np.ndarray:
    """The image (alpha flattened onto light grey) with outline and anchors, BGR uint8."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        alpha = image[:, :, 3:4].astype(np.float32) / 255.0
        canvas = (image[:, :, :3] * alpha + 235.0 * (1.0 - alpha)).astype(np.uint8)
    else:
        canvas = image[:, :, :3].copy()
    if mask is None:
        mask = rig.silhouette if rig.silhouette is not None else garment_mask(image)
    h = canvas.shape[0]
    thick = max(1, round(h / 400))
    contours, _ = cv2.findContours(
        (mask > 0).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE
    )
    cv2.drawContours(canvas, contours, -1, _OUTLINE, thick, cv2.LINE_AA)
    pts = rig.anchors

    def p(name: str) -> tuple[int, int]:
        x, y = pts[name]
        return round(x), round(y)

    for side in ("left", "right"):
        colour = _LEFT if side == "left" else _RIGHT
        for a, b in _LINKS:
            a, b = a.format(s=side), b.format(s=side)
            if a in pts and b in pts:
                cv2.line(canvas, p(a), p(b), colour, thick, cv2.LINE_AA)
    font = max(0.3, h / 1600)
    radius = max(3, round(h / 170))
    for name in pts:
        colour = (
            _LEFT if name.startswith("left") else _RIGHT if name.startswith("right") else _CENTRE
        )
        cv2.circle(canvas, p(name), radius, colour, -1, cv2.LINE_AA)
        cv2.circle(canvas, p(name), radius, (255, 255, 255), max(1, thick // 2), cv2.LINE_AA)
        label = name.replace("_sleeve_end", "_cuff").replace("left_", "L ").replace("right_", "R ")
        x, y = p(name)
        org = (x + radius + 2, y - radius - 2)
        cv2.putText(canvas, label, org, cv2.FONT_HERSHEY_SIMPLEX, font, (255, 255, 255),
                    thick + 2, cv2.LINE_AA)  # fmt: skip
        cv2.putText(canvas, label, org, cv2.FONT_HERSHEY_SIMPLEX, font, colour, thick, cv2.LINE_AA)
    title = f"{rig.category}, sleeves: {rig.sleeves}"
    cv2.putText(canvas, title, (6, round(18 * font / 0.45)), cv2.FONT_HERSHEY_SIMPLEX, font,
                (40, 40, 40), thick, cv2.LINE_AA)  # fmt: skip
    return canvas


def write_preview(image: np.ndarray, rig: Rig, out: Path, mask: np.ndarray | None = None) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out), draw_preview(image, rig, mask)):
        raise KioskError(
            f"cannot write the preview {out}", "use a .png or .jpg path in a writable folder"
        )
    return out
