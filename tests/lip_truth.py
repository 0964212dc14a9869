"""Independent truth for the lipstick: annotated lip photos, an occluder set, and the
measures the lip issue names, shared by the tests and `benchmarks/lip_accuracy.py`.

Every measure compares the rendered photo with human annotation (CelebAMask-HQ and
FASSEG lip masks, the inner-mouth class) or with a mask we composited ourselves (the
occluders); none looks at the face mesh that placed the paint. Colour differences use
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
    """Pixels whose colour moved by more than ΔE76 4 (what a viewer sees as painted)."""
    return np.linalg.norm(oracle_lab(after) - oracle_lab(before), axis=2) > CHANGED_DE76


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
    xs = np.nonzero(lips)[1]
    width = float(xs.max() - xs.min() + 1)
    sigma = max(1.0, width / 60.0)
    inner = cv2.erode(lips.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    a = _highpass(oracle_lab(before)[..., 0], sigma)[inner]
    b = _highpass(oracle_lab(after)[..., 0], sigma)[inner]
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


# ---- occluders: a finger, an arm or an object over the mouth, its mask known ---------------


@dataclass(frozen=True)
class Occluded:
    name: str
    kind: str
    image: np.ndarray
    occluder: np.ndarray  # bool, where the composited thing covers the photo
    lips: np.ndarray  # the annotated lips, all of them (under the occluder too)


def _capsule(shape: tuple[int, int], a: np.ndarray, b: np.ndarray, radius: float) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    cv2.line(mask, tuple(np.round(a).astype(int)), tuple(np.round(b).astype(int)), 255,
             max(1, round(2 * radius)), lineType=cv2.LINE_AA)  # fmt: skip
    return mask.astype(np.float32) / 255.0


def _arm_patches(testdata: Path) -> list[tuple[np.ndarray, np.ndarray]]:
    """Bare-arm cut-outs (photo, 0..1 alpha) from the CIHP parsing labels (14, 15 = arms)."""
    out = []
    for label_path in sorted((testdata / "bodies_dev/labels").glob("body_cihp_*.png")):
        label = cv2.imread(str(label_path), cv2.IMREAD_GRAYSCALE)
        image = cv2.imread(str(testdata / "bodies_dev/img" / f"{label_path.stem}.jpg"))
        for cls in (14, 15):
            m = (label == cls).astype(np.uint8)
            n, comp, stats, _ = cv2.connectedComponentsWithStats(m)
            if n < 2:
                continue
            best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
            if stats[best, cv2.CC_STAT_AREA] < 1500:
                continue
            x, y, w, h = stats[best, :4]
            alpha = (comp[y : y + h, x : x + w] == best).astype(np.float32)
            out.append((image[y : y + h, x : x + w].copy(), cv2.GaussianBlur(alpha, (3, 3), 0)))
    return out


def _object_patches(testdata: Path) -> list[tuple[np.ndarray, np.ndarray]]:
    """Product-photo cut-outs (garments with their masks): objects of any colour."""
    out = []
    for mask_path in sorted((testdata / "garments").glob("*_mask.png")):
        image = cv2.imread(str(mask_path).replace("_mask.png", ".jpg"))
        m = cv2.imread(str(mask_path), cv2.IMREAD_GRAYSCALE) > 127
        ys, xs = np.nonzero(m)
        crop = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
        out.append((image[crop].copy(), m[crop].astype(np.float32)))
    return out


def _paste(
    image: np.ndarray, patch: np.ndarray, alpha: np.ndarray, centre: np.ndarray, size: float,
    angle: float,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """`patch` scaled so its longer side is `size` px, turned by `angle`, centred at `centre`."""
    h, w = alpha.shape
    scale = size / max(h, w)
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, scale)
    m[:, 2] += centre - np.array([w / 2.0, h / 2.0])
    shape = image.shape[1::-1]
    warped = cv2.warpAffine(patch, m, shape, flags=cv2.INTER_LINEAR)
    a = cv2.warpAffine(alpha, m, shape, flags=cv2.INTER_LINEAR)[..., None]
    out = (image * (1.0 - a) + warped * a + 0.5).astype(np.uint8)
    return out, a[..., 0] > 0.5


def occluded_photos(testdata: Path = TESTDATA, per_kind: int = 8) -> list[Occluded]:
    """A finger (the face's own cheek skin), a bare arm and an object, each across one
    corner of the mouth of `per_kind` annotated 1024-px faces: about a third of the lips
    covered, the rest visible, so the face is still found and there are lips to paint."""
    photos = [p for p in lip_photos(testdata) if p.image.shape[0] >= 1000]
    arms, objects = _arm_patches(testdata), _object_patches(testdata)
    out: list[Occluded] = []
    for kind in ("finger", "arm", "object"):
        for j, photo in enumerate(photos[:per_kind]):
            ys, xs = np.nonzero(photo.lips)
            x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
            width, cy = float(x1 - x0), (y0 + y1) / 2.0
            side = 1 if (photo.key + j) % 2 else -1
            corner = np.array([x1 if side > 0 else x0, cy], np.float64)
            if kind == "finger":
                # A finger laid across the corner, textured with this face's own cheek.
                tip = corner - np.array([side * 0.35 * width, 0.05 * width])
                base = corner + np.array([side * 0.25 * width, 0.9 * width])
                alpha = _capsule(photo.image.shape[:2], tip, base, 0.11 * width)
                top, bottom = int(cy - 0.9 * width), int(cy - 0.5 * width)
                left, right = int(corner[0] - 0.2 * width), int(corner[0] + 0.2 * width)
                cheek = photo.image[top:bottom, left:right]
                skin = np.median(cheek.reshape(-1, 3), axis=0)
                shade = np.clip(cv2.GaussianBlur(alpha, (0, 0), 0.04 * width), 0, 1)[..., None]
                finger = skin[None, None, :] * (0.8 + 0.25 * shade)
                a = alpha[..., None]
                image = (photo.image * (1 - a) + finger * a + 0.5).clip(0, 255).astype(np.uint8)
                mask = alpha > 0.5
            else:
                patches = arms if kind == "arm" else objects
                patch, alpha = patches[(photo.key + j) % len(patches)]
                centre = corner + np.array([side * 0.3 * width, 0.35 * width])
                image, mask = _paste(photo.image, patch, alpha, centre, 1.4 * width,
                                     angle=side * 35.0)  # fmt: skip
            out.append(Occluded(photo.name, kind, image, mask, photo.lips))
    return out


def occluder_painted(item: Occluded, after: np.ndarray) -> tuple[float, float]:
    """(share of the occluder over the annotated lips that was painted, share of the
    whole occluder painted). The first is the hard one: it is where the mesh says lips."""
    painted = changed(item.image, after)
    over_lips = item.occluder & item.lips
    near = float(over_lips.sum())
    return (
        float((painted & over_lips).sum()) / max(near, 1.0),
        float((painted & item.occluder).sum()) / max(float(item.occluder.sum()), 1.0),
    )
