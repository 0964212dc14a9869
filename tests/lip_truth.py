"""Independent truth for the lipstick: annotated lip photos and the measures the lip
issue names, shared by the tests and `benchmarks/lip_accuracy.py` (the occluder set
is `tests/lip_occluders.py`).

Every measure compares the rendered photo with human annotation (CelebAMask-HQ and
FASSEG lip masks, the inner-mouth class); none looks at the face mesh that placed the
paint. Colour differences use
the `colour` library (the oracle), not the renderer's own conversions.
"""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from tests.helpers import TESTDATA

CHANGED_DE76 = 4.0  # a pixel is "painted" when its colour moved by more than this
SHADES = ("#B0123A", "#C48F7A", "#E86A9A")  # red (matte), nude (satin), pink (cream)


@dataclass(frozen=True)
class LipPhoto:
    """One annotated face: the photo, its lip mask and (where annotated) inner mouth."""

    name: str
    image: np.ndarray
    lips: np.ndarray  # bool, human-annotated upper + lower lip
    mouth: np.ndarray | None  # bool inner mouth (teeth, tongue), None: not annotated

    @property
    def key(self) -> int:
        """A stable number for the photo (folds and occluder placement use it)."""
        return zlib.crc32(self.name.encode())


def _mask(path: Path) -> np.ndarray:
    return cv2.imread(str(path), cv2.IMREAD_GRAYSCALE) > 127


def lip_photos(testdata: Path = TESTDATA) -> Iterator[LipPhoto]:
    """The four original photos (`lips/`), then the 46 of `lips_dev/`, in name order."""
    for i in range(4):
        image = cv2.imread(str(testdata / f"lips/celebamask_{i}.jpg"))
        label = cv2.imread(str(testdata / f"lips/celebamask_{i}_label.png"), cv2.IMREAD_GRAYSCALE)
        mouth = cv2.resize((label == 10).astype(np.uint8), image.shape[1::-1],
                           interpolation=cv2.INTER_NEAREST) > 0  # fmt: skip
        yield LipPhoto(f"celebamask_{i}", image, _mask(testdata / f"lips/celebamask_{i}_lips.png"),
                       mouth)  # fmt: skip
    dev = testdata / "lips_dev"
    for path in sorted((dev / "img").glob("*.jpg")):
        mouth_path = dev / "gt" / f"{path.stem}_mouth.png"
        yield LipPhoto(
            path.stem,
            cv2.imread(str(path)),
            _mask(dev / "gt" / f"{path.stem}_lips.png"),
            _mask(mouth_path) if mouth_path.exists() else None,
        )


def fold_of(photo: LipPhoto, folds: int) -> int:
    """The cross-validation fold a photo belongs to (fixed by its name, not by order)."""
    return photo.key % folds


# ---- the oracle's colour maths ------------------------------------------------------------


def _colour() -> Any:
    """colour-science, imported quietly: it warns that SciPy features are missing,
    none of which these measures use."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import colour
    return colour


def oracle_lab(bgr: np.ndarray) -> np.ndarray:
    """colour-science's CIELAB (D65) of sRGB bytes in BGR order."""
    colour = _colour()
    rgb = np.asarray(bgr, np.float64)[..., ::-1] / 255.0
    return np.asarray(colour.XYZ_to_Lab(colour.sRGB_to_XYZ(rgb)))


def hex_lab(hex_color: str) -> np.ndarray:
    colour = _colour()

    return np.asarray(colour.XYZ_to_Lab(colour.sRGB_to_XYZ(colour.notation.HEX_to_RGB(hex_color))))


def de2000(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    colour = _colour()

    return np.asarray(colour.delta_E(a, b, method="CIE 2000"))


def changed(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Pixels whose colour moved by more than ΔE76 4 (what a viewer sees as painted).
    Only the pixels whose bytes differ are converted (the rest moved by exactly 0): the
    oracle is slow, and most of a photo is left as it was."""
    out = np.zeros(before.shape[:2], bool)
    moved = np.any(before != after, axis=-1)
    if moved.any():
        delta = oracle_lab(after[moved]) - oracle_lab(before[moved])
        out[moved] = np.linalg.norm(delta, axis=-1) > CHANGED_DE76
    return out


# ---- the measures -------------------------------------------------------------------------


@dataclass(frozen=True)
class LipScore:
    iou: float
    precision: float
    recall: float
    mouth_changed: float | None  # share of the annotated inner mouth painted
    colour_de: float  # median ΔE2000, painted lip pixels -> the shade
    texture: float  # high-pass lightness correlation inside the annotated lips


def _highpass(lightness: np.ndarray, sigma: float) -> np.ndarray:
    return lightness - cv2.GaussianBlur(lightness, (0, 0), sigma)


def texture_kept(before: np.ndarray, after: np.ndarray, lips: np.ndarray) -> float:
    """Correlation of the lips' fine lightness detail before and after painting: 1 when
    every crease and highlight is still where it was, whatever the shade's level."""
    ys, xs = np.nonzero(lips)
    width = float(xs.max() - xs.min() + 1)
    sigma = max(1.0, width / 60.0)
    inner = cv2.erode(lips.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    # only the lips' box and the blur's reach round it are converted (the oracle is slow)
    pad = int(np.ceil(4.0 * sigma)) + 2
    h, w = lips.shape
    box = (slice(max(int(ys.min()) - pad, 0), min(int(ys.max()) + pad + 1, h)),
           slice(max(int(xs.min()) - pad, 0), min(int(xs.max()) + pad + 1, w)))  # fmt: skip
    a = _highpass(oracle_lab(before[box])[..., 0], sigma)[inner[box]]
    b = _highpass(oracle_lab(after[box])[..., 0], sigma)[inner[box]]
    if a.std() < 1e-6 or b.std() < 1e-6:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def score(photo: LipPhoto, after: np.ndarray, shade_hex: str) -> LipScore:
    painted = changed(photo.image, after)
    truth = photo.lips
    inter = float((painted & truth).sum())
    union = float((painted | truth).sum())
    on_lips = painted & truth
    if on_lips.any():
        de = float(np.median(de2000(oracle_lab(after[on_lips]), hex_lab(shade_hex))))
    else:
        de = float("nan")
    mouth = None
    if photo.mouth is not None and photo.mouth.any():
        mouth = float((painted & photo.mouth).sum() / photo.mouth.sum())
    return LipScore(
        iou=inter / max(union, 1.0),
        precision=inter / max(float(painted.sum()), 1.0),
        recall=inter / max(float(truth.sum()), 1.0),
        mouth_changed=mouth,
        colour_de=de,
        texture=texture_kept(photo.image, after, truth),
    )
