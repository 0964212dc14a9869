"""A catalog garment read from disk and made ready for the garment renderer."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import cv2

from kiosk.errors import KioskError
from kiosk.garments.rig import Rig
from kiosk.render.garment import PreparedGarment, prepare_garment


class GarmentFiles(Protocol):
    """What preparing needs of a catalog garment (kiosk.catalog.garments.GarmentProduct):
    its image and its rig; typed here so garments/ does not depend on the catalog."""

    @property
    def image(self) -> Path: ...

    def load_rig(self) -> Rig: ...


def prepare_product(product: GarmentFiles) -> PreparedGarment:
    """The garment's image and rig, ready for the renderer (read once per garment)."""
    image = cv2.imread(str(product.image), cv2.IMREAD_UNCHANGED)
    if image is None or image.ndim != 3 or image.shape[2] != 4:
        raise KioskError(
            f"garment image {product.image} is missing or has no transparency",
            "regenerate it (packaging/make_demo_garments.py) or save it as a PNG with alpha",
        )
    anchors = {name: (float(x), float(y)) for name, (x, y) in product.load_rig().anchors.items()}
    return prepare_garment(image, anchors)
