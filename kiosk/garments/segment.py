"""Garment silhouette from a product photo (transparent or plain light background).

With an alpha channel the silhouette is the opaque part. Otherwise the background
is modelled as a smooth colour field fitted to the image border (a quadratic
surface per Lab channel, so a soft studio gradient still counts as plain); pixels
far from it, plus closed outlines from edge detection (which keeps a white garment
on a white background), are foreground. Holes are filled, specks removed and the
largest component kept. Anything that cannot be a product cut-out raises a
KioskError naming the reason.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.errors import KioskError

_FIX_PHOTO = "use a product photo of one garment on a plain light background, or a PNG with alpha"


def _border_samples(lab: np.ndarray, step: int) -> tuple[np.ndarray, np.ndarray]:
    h, w = lab.shape[:2]
    xs = np.arange(0, w, step)
    ys = np.arange(0, h, step)
    pts = np.concatenate(
        [
            np.stack([xs, np.zeros_like(xs)], 1),
            np.stack([xs, np.full_like(xs, h - 1)], 1),
            np.stack([np.zeros_like(ys), ys], 1),
            np.stack([np.full_like(ys, w - 1), ys], 1),
        ]
    )
    return pts, lab[pts[:, 1], pts[:, 0]]


def _design(pts: np.ndarray, w: int, h: int) -> np.ndarray:
    x = pts[:, 0] / max(w - 1, 1) - 0.5
    y = pts[:, 1] / max(h - 1, 1) - 0.5
    return np.stack([np.ones_like(x), x, y, x * x, y * y, x * y], 1)


def background_model(image_bgr: np.ndarray) -> tuple[np.ndarray, float]:
    """The fitted background colour field (Lab, float32) and the border noise level.

    Raises KioskError when the border is not a plain light background.
    """
    h, w = image_bgr.shape[:2]
    lab = cv2.cvtColor(image_bgr.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)
    step = max(1, min(h, w) // 200)
    pts, vals = _border_samples(lab, step)
    design = _design(pts, w, h)
    keep = np.ones(len(pts), bool)
    coef = np.zeros((6, 3), np.float32)
    resid = np.zeros(len(pts))
    for thresh in (12.0, 6.0, 4.0):
        coef, *_ = np.linalg.lstsq(design[keep], vals[keep], rcond=None)
        resid = np.linalg.norm(design @ coef - vals, axis=1)
        keep = resid < thresh
        if keep.sum() < 0.3 * len(pts):
            break
    inliers = float(keep.mean())
    if inliers < 0.6:
        raise KioskError(
            f"background is not plain (only {inliers:.0%} of the image border matches one "
            "smooth background colour)",
            _FIX_PHOTO,
        )
    yy, xx = np.mgrid[0:h, 0:w]
    grid = _design(np.stack([xx.ravel(), yy.ravel()], 1), w, h)
    field = (grid @ coef).reshape(h, w, 3).astype(np.float32)
    lightness = float(np.median(vals[keep, 0]))
    if lightness < 55.0:
        raise KioskError(
            f"background is too dark for a product photo (lightness {lightness:.0f}/100)",
            _FIX_PHOTO,
        )
    noise = float(np.percentile(resid[keep], 90)) if keep.any() else 1.0
    return field, noise


def _fill_holes(mask: np.ndarray, keep_slits: bool = False) -> np.ndarray:
    """Fill enclosed background (prints, logos, fabric the backdrop's colour).

    With `keep_slits`, tall thin holes stay open: the gap between a hanging sleeve
    and the body is closed at both ends when the cuff touches the hem.
    """
    h, w = mask.shape
    pad = np.zeros((h + 2, w + 2), np.uint8)
    pad[1:-1, 1:-1] = mask
    flood = pad.copy()
    cv2.floodFill(flood, None, (0, 0), 255)
    holes = cv2.bitwise_not(flood)[1:-1, 1:-1]
    slits: list[np.ndarray] = []
    if keep_slits and holes.any():
        ys, xs = np.nonzero(mask)
        gh, gw = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
        count, labels, stats, _ = cv2.connectedComponentsWithStats(holes, connectivity=4)
        for i in range(1, count):
            tall = stats[i, cv2.CC_STAT_HEIGHT]
            if tall >= 0.15 * gh and stats[i, cv2.CC_STAT_AREA] / tall < 0.08 * gw:
                holes[labels == i] = 0
                slits.append(labels == i)
    out = cv2.bitwise_or(mask, holes)
    for slit in slits:
        # Open the slit at its foot (where the cuff touches the hem) with a narrow cut,
        # so the outline runs up between sleeve and body.
        ys, xs = np.nonzero(slit)
        x, y = int(xs[np.argmax(ys)]), int(ys.max())
        below = np.flatnonzero(out[y + 1 :, x] == 0)
        end = y + 1 + (int(below[0]) if below.size else h - y - 1)
        out[y:end, max(0, x - 1) : x + 1] = 0
    return out


def _largest_component(mask: np.ndarray) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count <= 1:
        return np.zeros_like(mask)
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return np.where(labels == best, 255, 0).astype(np.uint8)


def _ellipse(size: float) -> np.ndarray:
    size = max(1, int(size)) | 1
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))


def _texture_region(grey: np.ndarray, scale: float) -> np.ndarray:
    """Closed regions outlined by texture or a faint edge, shrunk back by the window.

    Fabric the colour of the backdrop (a white rib-knit on white) still shows its
    outline and weave in the local standard deviation, while a studio backdrop is
    flat. Only used on photos of 384 px and more: small JPEGs ring at every edge.
    """
    win = max(3, int(4 * scale)) | 1
    g = grey.astype(np.float32)
    mean = cv2.blur(g, (win, win))
    std = np.sqrt(np.maximum(cv2.blur(g * g, (win, win)) - mean * mean, 0.0))
    flat = float(np.percentile(_border_samples(std[:, :, None], 1)[1], 90))
    tex = np.where(std > max(0.8, 3.0 * flat), 255, 0).astype(np.uint8)
    tex = _fill_holes(cv2.morphologyEx(tex, cv2.MORPH_CLOSE, _ellipse(3 * scale)))
    return cv2.erode(tex, _ellipse(win))


def garment_mask(image: np.ndarray) -> np.ndarray:
    """The garment silhouette (uint8 0/255, same size as the image).

    `image` is BGR or BGRA (uint8). Raises KioskError with the reason when no
    single garment can be cut out.
    """
    if image is None or image.ndim not in (2, 3) or image.size == 0:
        raise KioskError("the image is empty or unreadable", _FIX_PHOTO)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    h, w = image.shape[:2]
    if min(h, w) < 64:
        raise KioskError(f"the image is too small ({w}x{h}) to rig", "use at least 192x256 pixels")
    scale = min(h, w) / 256.0
    alpha = image[:, :, 3] if image.shape[2] == 4 else None
    if alpha is not None and int(alpha.min()) < 250:
        raw: np.ndarray = np.where(alpha > 127, 255, 0).astype(np.uint8)
        strong = raw
    else:
        bgr = np.ascontiguousarray(image[:, :, :3])
        field, noise = background_model(bgr)
        lab = cv2.cvtColor(bgr.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)
        dist = np.linalg.norm(lab - field, axis=2)
        thresh = max(3.0, 3.5 * noise)
        raw = np.where(dist > thresh, 255, 0).astype(np.uint8)
        strong = np.where(dist > 2.0 * thresh, 255, 0).astype(np.uint8)
        grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        grey = cv2.GaussianBlur(grey, (0, 0), 0.6 * scale)
        edges = cv2.Canny(grey, 10, 30)
        near = np.where(dist > 0.5 * thresh, 255, 0).astype(np.uint8)
        raw = cv2.bitwise_or(raw, cv2.bitwise_and(edges, near))
        if min(h, w) >= 384:
            raw = cv2.bitwise_or(raw, _texture_region(grey, scale))
        raw = cv2.morphologyEx(raw, cv2.MORPH_CLOSE, _ellipse(3 * scale))
    raw = _fill_holes(raw, keep_slits=True)
    raw = cv2.morphologyEx(raw, cv2.MORPH_OPEN, _ellipse(max(3, 2 * scale)))
    mask = _largest_component(raw)
    area = int(np.count_nonzero(mask))
    if area < 0.03 * h * w:
        raise KioskError(
            "no garment silhouette found (nothing stands out from the background)", _FIX_PHOTO
        )
    if area > 0.92 * h * w:
        raise KioskError("no garment silhouette found (the whole image is foreground)", _FIX_PHOTO)
    # Faint JPEG noise reaching the border is not a cropped garment: only count
    # clearly-foreground pixels there.
    core = cv2.bitwise_and(cv2.erode(mask, _ellipse(2 * scale)), strong)
    edge_px = max(
        int(np.count_nonzero(core[0])),
        int(np.count_nonzero(core[-1])),
        int(np.count_nonzero(core[:, 0])),
        int(np.count_nonzero(core[:, -1])),
    )
    if edge_px > max(3, 0.02 * min(h, w)):
        raise KioskError(
            "the garment silhouette touches the image border (the garment is cropped)",
            "photograph the whole garment with a margin of background around it",
        )
    return mask
