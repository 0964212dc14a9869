"""Reference renderer (NumPy) for eye, cheek and brow products: the test oracle of
shaders/makeup.frag, and the CPU path.

INTERFACE laid down first (issue 19); the renderer helper fills it in. The colour model
is the lips' (kiosk/render/lipstick.py): CIELAB, the product's colour under the scene
light (`lipstick.scene_linear`), the skin's own texture kept, shimmer and metallic from the
same glint maths (`finishes.sparkle_field`), out-of-gamut brought in by chroma.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kiosk.render.cosmetics import FaceMakeup
from kiosk.render.lighting import LightEstimate
from kiosk.vision.face import Face
from kiosk.vision.face_regions import MakeupRegions
from kiosk.vision.hands import Hand


@dataclass(frozen=True)
class MakeupLayer:
    """One face's eye, cheek and brow products, ready to composite: the regions and the
    per-face numbers. The NumPy compositor and the GLSL shader both start from this."""

    regions: MakeupRegions = field(repr=False)
    uniforms: dict[str, tuple[float, float, float, float] | float] = field(repr=False)

    @property
    def roi(self) -> tuple[int, int, int, int]:
        return self.regions.roi


def prepare_makeup(
    image: np.ndarray,
    face: Face,
    makeup: FaceMakeup,
    light: LightEstimate | None = None,
    hands: Sequence[Hand] = (),
) -> MakeupLayer | None:
    """The layer for `makeup` on `face`, or None (nothing worn, or no region in view)."""
    raise NotImplementedError


def composite_makeup(image: np.ndarray, layer: MakeupLayer) -> None:
    """The per-pixel half (what shaders/makeup.frag does), in place, on the layer's box."""
    raise NotImplementedError
