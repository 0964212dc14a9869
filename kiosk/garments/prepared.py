"""A catalog garment read from disk and made ready for the garment renderer."""

from __future__ import annotations

import cv2

from kiosk.catalog.garments import GarmentProduct
from kiosk.errors import KioskError
from kiosk.render.garment import PreparedGarment, prepare_garment


def prepare_product(product: GarmentProduct) -> PreparedGarment:
    """The garment's image and rig, ready for the renderer (read once per garment)."""
    image = cv2.imread(str(product.image), cv2.IMREAD_UNCHANGED)
    if image is None or image.ndim != 3 or image.shape[2] != 4:
        raise KioskError(
            f"garment image {product.image} is missing or has no transparency",
            "regenerate it (packaging/make_demo_garments.py) or save it as a PNG with alpha",
        )
    anchors = {name: (float(x), float(y)) for name, (x, y) in product.load_rig().anchors.items()}
    return prepare_garment(image, anchors)
