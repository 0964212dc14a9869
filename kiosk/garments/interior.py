"""The garment's inside seen through the neck opening, to be made transparent.

In a front product photo (flat lay or ghost mannequin) the top outline between the
two neck points is the *back* neckline; below it, down to the front neckline, one
sees the inside of the back collar, in shadow and often with the brand label. Worn,
that is where the wearer's neck is, so it must not be painted on the chest.

The front neckline is found as a smooth path from one neck point to the other,
chosen by dynamic programming: each column's pixels above the path should look
unlike the garment's front (darker, a label, another colour) and the ones below it
like the front. The front's colour is sampled on the shoulders beside the neck
points, which are front fabric in every such photo. Labels sit inside what the path
encloses, so they go with it.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.garments.cutout import ellipse
from kiosk.garments.rig import Rig, top_profile

STEP = 2  # rows the neckline may move per column (x scale): it is a smooth curve
LIKE_FRONT = 12.0  # Lab distance to the front colour below which a pixel is front fabric
MIN_SPAN = 0.12  # of the shoulder width: a narrower opening has no inside to show
MAX_DEPTH = 0.75  # of the opening's width: deepest the front neckline may dip (a V)
MIN_AREA = 0.02  # of the opening's width squared: less is noise, not an inside
MAX_AREA = 0.45  # of the opening's width squared: more is the front's print or a collar


def _top_profile(mask: np.ndarray) -> np.ndarray:
    """The top outline's row per column (the image's height where there is none)."""
    return top_profile(mask, empty=mask.shape[0]).astype(np.int64)


def neck_opening(mask: np.ndarray, rig: Rig) -> tuple[int, int] | None:
    """The columns of the two neck points (the top outline's highest points either
    side of the rig's neck), or None when there is no opening to look into."""
    top = _top_profile(mask)
    nx = round(rig.anchors["neck"][0])
    sw = rig.shoulder_width_px
    reach = max(2, int(0.4 * sw))
    lo, hi = max(0, nx - reach), min(mask.shape[1] - 1, nx + reach)
    if hi - lo < 4:
        return None
    left = top[lo : nx + 1]
    right = top[nx : hi + 1]
    # The innermost of the highest points: a shoulder that runs on level stays outside.
    xl = lo + int(np.flatnonzero(left <= left.min() + 1)[-1])
    xr = nx + int(np.flatnonzero(right <= right.min() + 1)[0])
    if xr - xl < MIN_SPAN * sw or top[nx] - max(top[xl], top[xr]) < 1:
        return None
    return xl, xr


def _front_colour(lab: np.ndarray, mask: np.ndarray, xl: int, xr: int) -> np.ndarray:
    """Median Lab colour of the shoulders just beside the neck points."""
    h, w = mask.shape
    span = xr - xl
    top = _top_profile(mask)
    y0 = int(min(top[xl], top[xr]))
    rows = slice(y0 + max(1, int(0.1 * span)), min(h, y0 + int(0.45 * span) + 2))
    pick = np.zeros(mask.shape, bool)
    a = max(0, xl - int(0.35 * span))
    b = min(w, xr + int(0.35 * span) + 1)
    pick[rows, a : xl + 1] = True
    pick[rows, xr:b] = True
    pick &= mask
    if pick.sum() < 10:
        pick = mask
    return np.asarray(np.median(lab[pick], axis=0))


def interior_mask(image_bgr: np.ndarray, mask: np.ndarray, rig: Rig) -> np.ndarray:
    """Garment pixels that show the inside through the neck opening (bool)."""
    inside = np.asarray(mask > 0)
    out = np.zeros_like(inside)
    opening = neck_opening(inside, rig)
    if opening is None:
        return out
    xl, xr = opening
    span = xr - xl
    h = inside.shape[0]
    scale = min(inside.shape) / 256.0
    img = cv2.GaussianBlur(image_bgr[:, :, :3], (0, 0), max(0.6, 0.5 * scale))
    lab = cv2.cvtColor(img.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)
    front = _front_colour(lab, inside, xl, xr)
    top = _top_profile(inside)
    y0 = int(top[xl : xr + 1].min())
    y1 = min(h, int(top[xl : xr + 1].max()) + int(MAX_DEPTH * span) + 1)
    sub = lab[y0:y1, xl : xr + 1]
    dist = np.linalg.norm(sub - front, axis=2)
    # +1 for a pixel unlike the front (inside, label), -1.5 for front fabric, none above
    # the outline (the backdrop is not part of the choice).
    evidence = np.where(dist > LIKE_FRONT, 1.0, -1.5)
    rows = np.arange(y0, y1)[:, None]
    cols_top = top[xl : xr + 1][None, :]
    evidence = np.where(rows >= cols_top, evidence, 0.0)
    # score[y, x]: the sum of evidence above row y in column x (path at y = inside above).
    score = np.vstack([np.zeros((1, span + 1)), np.cumsum(evidence, axis=0)])
    n_rows = score.shape[0]
    start = np.clip(cols_top[0] - y0, 0, n_rows - 1)  # the path's row must be >= the outline
    valid = np.arange(n_rows)[:, None] >= start[None, :]
    score = np.where(valid, score, -np.inf)
    step = max(1, round(STEP * max(1.0, scale / 2)))
    best = np.full(n_rows, -np.inf)
    best[start[0]] = score[start[0], 0]
    back = np.zeros((span + 1, n_rows), np.int64)
    for x in range(1, span + 1):
        padded = np.concatenate([np.full(step, -np.inf), best, np.full(step, -np.inf)])
        shifts = np.stack([padded[k : k + n_rows] for k in range(2 * step + 1)])
        arg = np.argmax(shifts, axis=0)
        back[x] = np.arange(n_rows) + arg - step
        best = shifts[arg, np.arange(n_rows)] + score[:, x]
    # The path ends at the other neck point, on the outline.
    end = int(start[-1])
    if not np.isfinite(best[end]) or best[end] <= 0:
        return out
    path = np.zeros(span + 1, np.int64)
    path[-1] = end
    for x in range(span, 0, -1):
        path[x - 1] = back[x, path[x]]
    for i, x in enumerate(range(xl, xr + 1)):
        y_end = y0 + int(path[i])
        if y_end > top[x]:
            out[top[x] : y_end, x] = True
    out &= inside
    # A strip along the outline is the edge's own blend, not an inside seen through it.
    kernel = ellipse(max(3.0, 0.08 * span))
    body = cv2.morphologyEx(out.astype(np.uint8), cv2.MORPH_OPEN, kernel) > 0
    if body.sum() < MIN_AREA * span * span:
        return np.zeros_like(inside)  # noise along the outline, not an inside
    # Then grow back over what is unlike the front above the path's lowest point in the
    # opening (the inside runs on thinly into the corners at the neck points).
    unlike = np.zeros_like(inside)
    y_low = min(y1, y0 + int(path.max()) + 1)
    unlike[y0:y_low, xl : xr + 1] = evidence[: y_low - y0] > 0
    unlike &= inside
    out = _reconstruct(body, out | unlike)
    if out.sum() > MAX_AREA * span * span:
        # Not a glimpse through the neck but the front's own print or a high collar:
        # leave the garment whole.
        return np.zeros_like(inside)
    return np.asarray(out)


def _reconstruct(seed: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """The parts of `allowed` (8-connected) that hold a `seed` pixel."""
    _, labels = cv2.connectedComponents(allowed.astype(np.uint8), connectivity=8)
    keep = np.unique(labels[seed & allowed])
    return np.asarray(np.isin(labels, keep[keep > 0]))
