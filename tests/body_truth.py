"""Independent truth for the garment layer: the people of `bodies_dev/` with their human
parsing labels (CCP and CIHP conventions, DEV_MANIFEST.md), and the measures the garment
issue names. Nothing here looks at the pose model that places the garment.

- band: the wearer's own upper clothing from its top edge down a quarter of the upper
  garment's height (a dress: an eighth of its height): the neck and shoulders, where a
  garment that sits low leaves the wearer's own top showing;
- top: the upper half of the wearer's own upper clothing (not a dress), which any top
  garment should cover, down the sides too;
- hair, face (CIHP only: CCP labels face, arms and legs all as "skin") and arms and
  hands (CIHP labelled; CCP the skin beside the torso, `BodyPhoto._ccp_arms`) changed
  by the render;
- cut: of what the garment paints outside the labelled hair when nothing is kept in
  front of it for hair, the share a render with the hair cue leaves unchanged (holes
  the cue cuts where there is no hair).
A pixel is changed when it moved by more than ΔE76 4 (`tests.lip_truth.changed`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from tests.helpers import TESTDATA
from tests.lip_truth import changed

# CCP: every garment worn on the upper body, and the ones that run on below the waist.
CCP_UPPER = (4, 5, 6, 8, 10, 11, 13, 22, 23, 24, 26, 38, 46, 48, 49, 50, 51, 54, 55)
CCP_LONG = (14, 35)  # dress, romper
CCP_HAIR = (19,)
CIHP_UPPER = (5, 7)  # upper-clothes, coat
CIHP_LONG = (6,)  # dress
CIHP_HAIR, CIHP_FACE, CIHP_ARMS = (2,), (13,), (14, 15)
CCP_SKIN = 41  # face, neck, arms and legs alike
# Photos with more than one person (the labels have no instance ids): band, hair and arms
# cannot be told apart per person, so they are left out of those measures.
SEVERAL = ("body_ccp_0940", "body_ccp_0972", "body_cihp_0002190", "body_cihp_0005008",
           "body_cihp_0012008", "body_cihp_0026375")  # fmt: skip


@dataclass(frozen=True)
class BodyPhoto:
    name: str
    image: np.ndarray
    label: np.ndarray  # uint8 class per pixel
    convention: str  # "ccp" or "cihp"

    def _any(self, ids: tuple[int, ...]) -> np.ndarray:
        return np.isin(self.label, ids)

    @property
    def single(self) -> bool:
        return self.name not in SEVERAL

    @property
    def hair(self) -> np.ndarray:
        return self._any(CCP_HAIR if self.convention == "ccp" else CIHP_HAIR)

    @property
    def face(self) -> np.ndarray | None:
        return self._any(CIHP_FACE) if self.convention == "cihp" else None

    @property
    def arms(self) -> np.ndarray | None:
        """The arms and hands (CIHP: labelled; CCP: `_ccp_arms`)."""
        return self._any(CIHP_ARMS) if self.convention == "cihp" else self._ccp_arms()

    def _ccp_arms(self) -> np.ndarray | None:
        """CCP labels face, neck, arms and legs all as skin: the arms and hands are the
        skin from the top of the upper clothing down to its hem (a dress: to its waist,
        0.4 of its height), outside the column of the neck and the skin a neckline
        shows (the face's width, from its skin above the clothing). Blind to an arm
        across the chest inside that column; bare shoulders count as arm."""
        skin = self.label == CCP_SKIN
        upper = self._any(CCP_UPPER)
        worn = upper | self._any(CCP_LONG)
        rows = np.nonzero(worn.any(axis=1))[0]
        if len(rows) < 4:
            return None
        y0 = int(rows.min())
        up_rows = np.nonzero(upper.any(axis=1))[0]
        if upper.sum() >= 0.3 * worn.sum():
            y1 = int(up_rows.max())
        else:  # a dress: down to its waist
            y1 = y0 + int(0.4 * (rows.max() - y0))
        if skin[:y0].sum() < 4:
            return None
        # The face's own width: the middle 90 % of its skin columns (stray strands of
        # skin-coloured label at the hairline do not widen it).
        xs = np.nonzero(skin[:y0])[1]
        left, right = np.percentile(xs, [5, 95])
        arms = skin.copy()
        arms[:y0] = False
        arms[y1:] = False
        arms[:, int(left) : int(right) + 1] = False
        return arms if arms.sum() >= 200 else None

    @property
    def top(self) -> np.ndarray | None:
        """The upper half of the wearer's own upper clothing (tops, shirts, coats; not a
        dress): what any top covers, down the sides too (a long coat's lower half may
        rightly show below a tee)."""
        upper = self._any(CCP_UPPER if self.convention == "ccp" else CIHP_UPPER)
        rows = np.nonzero(upper.any(axis=1))[0]
        if upper.sum() <= 200 or len(rows) < 4:
            return None
        upper = upper.copy()
        upper[int((rows.min() + rows.max()) / 2) :] = False
        return upper

    @property
    def band(self) -> np.ndarray | None:
        """The wearer's own upper clothing at the neck and shoulders (None: no top)."""
        upper = self._any(CCP_UPPER if self.convention == "ccp" else CIHP_UPPER)
        long = self._any(CCP_LONG if self.convention == "ccp" else CIHP_LONG)
        top = upper | long
        rows = np.nonzero(top.any(axis=1))[0]
        if len(rows) < 4:
            return None
        share = 0.25 if upper.sum() >= long.sum() else 0.125
        y0, y1 = int(rows.min()), int(rows.max())
        band = top.copy()
        band[y0 + max(2, int(share * (y1 - y0))) :] = False
        return band


def body_photos(testdata: Path = TESTDATA) -> Iterator[BodyPhoto]:
    folder = testdata / "bodies_dev"
    for path in sorted((folder / "img").glob("*.jpg")):
        label = cv2.imread(str(folder / "labels" / f"{path.stem}.png"), cv2.IMREAD_UNCHANGED)
        image = cv2.imread(str(path))
        if label.ndim == 3:
            label = label[..., 0]
        convention = "ccp" if path.stem.startswith("body_ccp_") else "cihp"
        yield BodyPhoto(path.stem, image, label, convention)


@dataclass(frozen=True)
class GarmentScore:
    band_bare: float | None  # share of the band the garment left unchanged
    hair: float | None  # share of the hair changed
    face: float | None
    arms: float | None
    top_bare: float | None = None  # share of the upper half of the own top left unchanged


def share(mask: np.ndarray | None, painted: np.ndarray) -> float | None:
    if mask is None or not mask.any():
        return None
    return float((painted & mask).sum()) / float(mask.sum())


def score(photo: BodyPhoto, after: np.ndarray) -> GarmentScore:
    painted = changed(photo.image, after)
    band = photo.band if photo.single else None
    bare = None if band is None or not band.any() else 1.0 - (share(band, painted) or 0.0)
    top = photo.top if photo.single else None
    return GarmentScore(
        band_bare=bare,
        hair=share(photo.hair, painted) if photo.single else None,
        face=share(photo.face, painted),
        arms=share(photo.arms, painted) if photo.single else None,
        top_bare=None if top is None else 1.0 - (share(top, painted) or 0.0),
    )


def cut(photo: BodyPhoto, with_cue: np.ndarray, without_cue: np.ndarray) -> float | None:
    """Of the pixels the render without the hair cue paints outside the labelled hair,
    the share the render with it leaves unchanged (None: nothing painted there)."""
    footprint = changed(photo.image, without_cue) & ~photo.hair
    if not footprint.any():
        return None
    kept = changed(photo.image, with_cue)
    return float((footprint & ~kept).sum()) / float(footprint.sum())
