"""Sleeves on arms in any pose (issue 15), with the real pose model on real people: an
arm raised to the head or the face, seen end on, keeps its sleeve on it, as wide as
the garment's own sleeve at least, from the shoulder down."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kiosk.catalog.garments import find_garment
from kiosk.config import load_settings
from kiosk.garments.prepared import prepare_product
from kiosk.offline import render_array
from kiosk.pipeline import Look
from kiosk.render.garment import LEFT_ELBOW, LEFT_SHOULDER, RIGHT_ELBOW, RIGHT_SHOULDER
from kiosk.services import build_pipeline
from tests.body_truth import body_photos

# A hand to the head (0548), both hands holding the collar at the face (0781): the
# raised upper arms, seen end on, wore no sleeve, or a sliver of one, with the Breton.
RAISED = ("body_ccp_0548", "body_ccp_0781")


def _covered_along(alpha: np.ndarray, roi: tuple[int, ...], a: np.ndarray, b: np.ndarray) -> float:
    """Share of the points from a fifth to four fifths of the way a -> b the garment covers
    (before the sleeves followed the arm: 0.0 on both raised arms; 0.64 and 0.88 after)."""
    x0, y0 = roi[:2]
    pts = a + (b - a) * np.linspace(0.2, 0.8, 25)[:, None]
    xs = np.clip(np.round(pts[:, 0]).astype(int) - x0, 0, alpha.shape[1] - 1)
    ys = np.clip(np.round(pts[:, 1]).astype(int) - y0, 0, alpha.shape[0] - 1)
    return float((alpha[ys, xs] > 0.5).mean())


def test_a_raised_arm_wears_its_long_sleeve(models_mirror: Path, tmp_path: Path) -> None:
    settings = load_settings(
        overrides={"models.cache_dir": str(tmp_path)},
        env={"KIOSK_MODEL_MIRROR": str(models_mirror)},
    )
    look = Look(None, garment=prepare_product(find_garment("TOP-002")))
    photos = {p.name: p for p in body_photos() if p.name in RAISED}
    assert sorted(photos) == sorted(RAISED)
    stack, pipeline = build_pipeline(settings, "image", bodies=True)
    shares = {}
    with stack:
        for name, photo in photos.items():
            out = render_array(pipeline, photo.image, look)
            assert out.garment is not None and out.bodies is not None
            body = out.bodies.bodies[0]
            xy = body.landmarks[:, :2]
            for side, sh, el in (
                ("left", LEFT_SHOULDER, LEFT_ELBOW),
                ("right", RIGHT_SHOULDER, RIGHT_ELBOW),
            ):
                if min(body.visibility[sh], body.visibility[el]) < 0.5:
                    continue
                shares[f"{name} {side}"] = _covered_along(
                    out.garment.alpha, out.garment.roi, xy[sh], xy[el]
                )
    assert len(shares) >= 3, shares
    assert min(shares.values()) >= 0.45, shares
