"""A product photo cut out as a garment with a soft, clean edge (no backdrop halo).

A binary silhouette keeps the pixels where garment and backdrop blend, and on a
wearer's dark top they show as a 1-3 px light rim. Here the edge band gets:

- alpha from the known backdrop: a blended pixel is ``a*F + (1-a)*B`` with F the
  garment's colour just inside and B the fitted backdrop colour
  (`segment.background_model`), so ``a`` is the projection of ``I-B`` on ``F-B``;
- colour F (decontamination): the edge takes the garment's own colour from just
  inside, so only the wearer shows through the soft edge, never the studio.

Where garment and backdrop look alike (white on white) the projection says nothing,
and the edge is feathered from the silhouette instead. Pixels outside the garment
also carry the nearest garment colour, so resampling the straight-alpha image
(the renderer warps it) cannot bleed the backdrop back in.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MIN_CONTRAST = 0.12  # |F - B| in 0..1 RGB below which the projection is not trusted
RIM_PX = 3  # the outer ring the rim measure looks at
STUDIO_DE = 6.0  # Lab distance to the fitted backdrop within which a pixel is the studio
PEEL_PASSES = 4  # bands of swallowed backdrop taken from the outside in (see _backdrop_bulges)


def ellipse(size: float) -> np.ndarray:
    """An odd-sized elliptical kernel of about `size` pixels."""
    size = max(1, round(size)) | 1
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))


def nearest_colour(image: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Every pixel takes the colour of the nearest `source` pixel (source: bool mask).

    The colours are first averaged over a small window inside `source`, so JPEG noise
    at one pixel is not smeared along the whole edge.
    """
    img = image.astype(np.float32)
    src = source.astype(np.float32)
    if not source.any():
        return img
    weight = cv2.blur(src, (3, 3))
    smooth = cv2.blur(img * src[:, :, None], (3, 3)) / np.maximum(weight, 1e-6)[:, :, None]
    smooth = np.where(source[:, :, None], smooth, img)
    _, labels = cv2.distanceTransformWithLabels(
        np.where(source, 0, 255).astype(np.uint8),
        cv2.DIST_L2,
        5,
        labelType=cv2.DIST_LABEL_PIXEL,
    )
    ys, xs = np.nonzero(source)
    lut = np.zeros((int(labels.max()) + 1, img.shape[2]), np.float32)
    lut[labels[ys, xs]] = smooth[ys, xs]
    out: np.ndarray = lut[labels]
    return out


@dataclass(frozen=True)
class Cutout:
    """The garment as straight-alpha BGRA (uint8) and its alpha as float 0..1."""

    bgra: np.ndarray
    alpha: np.ndarray

    @property
    def solid(self) -> np.ndarray:
        """Where the garment is more there than not (alpha > 0.5)."""
        return np.asarray(self.alpha > 0.5)


def cut_out(
    image_bgr: np.ndarray,
    mask: np.ndarray,
    background_bgr: np.ndarray | None,
    remove: np.ndarray | None = None,
) -> Cutout:
    """Cut the garment out of its photo with a soft, decontaminated edge.

    `mask` is the binary silhouette (uint8 0/255 or bool); `background_bgr` the
    backdrop colour per pixel (float 0..1 BGR, from the fitted background field) or
    None for a photo that came with alpha; `remove` marks garment pixels to make
    transparent (the interior seen through the neck opening), whose edge is feathered.
    """
    h, w = mask.shape[:2]
    scale = min(h, w) / 256.0
    img = image_bgr[:, :, :3].astype(np.float32) / 255.0
    inside = np.asarray(mask > 0)
    cut = np.zeros_like(inside) if remove is None else np.asarray(remove > 0)
    if cut.any():
        cut = cv2.dilate(cut.astype(np.uint8), ellipse(1 + scale)) > 0
    if background_bgr is not None:
        inside &= ~_backdrop_bulges(img, inside, background_bgr, scale)
    keep = inside & ~cut
    band_in = max(1.0, 1.5 * scale)
    core = cv2.erode(keep.astype(np.uint8), ellipse(2 * band_in + 1)) > 0
    if not core.any():
        core = keep
    colour = nearest_colour(img, core)
    # Feathered silhouette: the fallback alpha, and the whole story at removed parts.
    sigma = max(0.5, 0.6 * scale)
    feather = cv2.GaussianBlur(keep.astype(np.float32), (0, 0), sigma)
    alpha = feather
    if background_bgr is not None:
        proj, trust = _projection(img, colour, background_bgr)
        # The projection decides only along the backdrop, not at removed parts.
        near_cut = cv2.dilate(cut.astype(np.uint8), ellipse(4 * band_in + 1)) > 0
        use = trust & ~near_cut
        alpha = np.where(use, proj, feather)
    band_out = max(1.0, 1.5 * scale)
    reach = cv2.dilate(keep.astype(np.uint8), ellipse(2 * band_out + 1)) > 0
    alpha = np.where(core, 1.0, np.where(reach, alpha, 0.0)).astype(np.float32)
    # A little smoothing so single JPEG pixels do not make a ragged edge.
    alpha = np.where(core, 1.0, cv2.GaussianBlur(alpha, (0, 0), 0.5)).astype(np.float32)
    alpha[~reach] = 0.0
    if remove is not None:
        alpha[remove > 0] = 0.0  # the feather runs out before the inside, not into it
    out = np.where(core[:, :, None], img, colour)
    bgra = np.dstack(
        [
            np.clip(out * 255.0 + 0.5, 0, 255).astype(np.uint8),
            np.clip(alpha * 255.0 + 0.5, 0, 255).astype(np.uint8),
        ]
    )
    return Cutout(bgra, alpha)


def _projection(img: np.ndarray, fore: np.ndarray, back: np.ndarray) -> tuple[np.ndarray, ...]:
    """Alpha as the projection of image-backdrop on garment-backdrop, and where the
    garment differs enough from the backdrop for that to mean something."""
    diff = fore - back
    den = np.sum(diff * diff, axis=2)
    num = np.sum((img - back) * diff, axis=2)
    return np.clip(num / np.maximum(den, 1e-6), 0.0, 1.0), np.sqrt(den) > MIN_CONTRAST


def _backdrop_bulges(
    img: np.ndarray, inside: np.ndarray, background_bgr: np.ndarray, scale: float
) -> np.ndarray:
    """Backdrop the silhouette swallowed (studio white in a gap of a ruffle, at a
    shoulder, in the armpit pocket above a sleeve hanging against the body): pixels
    that look more like the backdrop than like the garment further in, and reach the
    outside through such pixels. Where the garment is the backdrop's colour nothing
    is taken. The first pass takes the edge's blend too; later passes only pure studio
    colour, a band deeper each time, so a pocket is emptied from its mouth inwards."""
    studio = np.linalg.norm(_lab(img) - _lab(background_bgr), axis=2) < STUDIO_DE
    depth = max(3.0, 4.0 * scale)
    taken = np.zeros_like(inside)
    left = inside.copy()
    for step in range(PEEL_PASSES):
        deep = cv2.erode(left.astype(np.uint8), ellipse(2 * depth + 1)) > 0
        if not deep.any():
            break
        alpha, trust = _projection(img, nearest_colour(img, deep), background_bgr)
        backdropish = left & ~deep & trust & (alpha < 0.5)
        if step:
            backdropish &= studio
        # Reached across a blended pixel or two too: a pocket of backdrop is often
        # walled off from the outside by one line of edge blend.
        region = cv2.dilate((~left | backdropish).astype(np.uint8), ellipse(1 + scale))
        _, labels = cv2.connectedComponents(region, connectivity=8)
        outside = np.unique(labels[~left & (region > 0)])
        found = backdropish & np.isin(labels, outside[outside > 0])
        if not found.any():
            break
        taken |= found
        left &= ~found
    return taken


def _lab(bgr: np.ndarray) -> np.ndarray:
    return np.asarray(cv2.cvtColor(bgr.astype(np.float32), cv2.COLOR_BGR2Lab))


def binary_cut_out(image_bgr: np.ndarray, mask: np.ndarray) -> Cutout:
    """The cut-out as it was made before: photo colours, alpha straight from the mask
    (what the rim measure compares against)."""
    alpha = (mask > 0).astype(np.float32)
    bgra = np.dstack([image_bgr[:, :, :3], (alpha * 255).astype(np.uint8)])
    return Cutout(bgra, alpha)


@dataclass(frozen=True)
class RimScore:
    """How the outer ring of a cut-out compares with the garment and the backdrop.

    `ratio` is, over ring pixels where garment and backdrop differ, the Lab distance of
    the ring colour to the garment colour just inside divided by the backdrop's
    distance to that garment colour: 0 is pure garment colour, 1 pure backdrop.
    `to_garment` is the mean distance in Lab units (delta E 1976).
    """

    ratio: float
    to_garment: float
    pixels: int


def rim_score(cutout: Cutout, background_bgr: np.ndarray, ring_px: int = RIM_PX) -> RimScore:
    """The rim measure of a cut-out against the photo's backdrop colour."""
    solid = cutout.solid
    ring = solid & ~(cv2.erode(solid.astype(np.uint8), ellipse(2 * ring_px + 1)) > 0)
    deep = cv2.erode(solid.astype(np.uint8), ellipse(2 * (ring_px + 3) + 1)) > 0
    if not ring.any() or not deep.any():
        return RimScore(float("nan"), float("nan"), 0)
    bgr = cutout.bgra[:, :, :3].astype(np.float32) / 255.0
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2Lab)
    garment = nearest_colour(lab, deep)
    back = cv2.cvtColor(background_bgr.astype(np.float32), cv2.COLOR_BGR2Lab)
    to_g = np.linalg.norm(lab - garment, axis=2)
    gap = np.linalg.norm(back - garment, axis=2)
    use = ring & (gap > 15.0)
    if not use.any():
        return RimScore(float("nan"), float(to_g[ring].mean()), int(ring.sum()))
    weight = cutout.alpha[use]
    ratio = float(np.sum(np.clip(to_g[use] / gap[use], 0, 2) * weight) / np.sum(weight))
    return RimScore(ratio, float(np.sum(to_g[use] * weight) / np.sum(weight)), int(use.sum()))
