"""Teeth showing between lips the face mesh places a little off.

When lips part by a few pixels (a slight smile, a word) the mesh's inner loop often
stays shut, and when the mouth is open it may sit a little inside the teeth: either
way a sliver of teeth would turn the shade's colour, which a shopper sees at once.
Near the inner loop, a pixel much less red than this face's lips and not darker than
them, in a patch that reaches the inner loop, is a tooth and is taken out of the paint
(a pale highlight on a glossy lip, away from the opening, stays painted). (The mouth's
dark is left alone: a dark gap reads like the crease between closed lips, and gating
it cut creases out of the lips, measured in `benchmarks/lip_accuracy.py`. A gate on a
dark valley between the lips, darker than both, was tried again for issue 14 and
cross-validated: IoU 0.818 -> 0.816, inner mouth painted 0.239 -> 0.228 at best, and
looser thresholds left a bare line along closed lips. The painted inner mouth lies along
the fitted inner line, and each of its dark pixels has 4.6 as dark lip pixels beside it:
`--mouth-detail` there, `tests/vision/test_teeth.py`.)
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

from kiosk.vision.lip_likeness import column_medians
from kiosk.vision.lips import LipContours

# The band around the inner loop searched, as a share of the mouth width.
BAND = 0.045
# Teeth: at least TEETH_A less CIELAB a* than the lips (ramping over RAMP) and not
# darker than the lips by more than TEETH_DARK (dark and grey is the mouth's shadow).
TEETH_A = 7.0
TEETH_DARK = 6.0
RAMP = 5.0
# The lips' own colour is read from about this many of their pixels, every k-th: the
# median of a few hundred is as steady as of thousands, and a large mouth costs no more.
LIP_SAMPLES = 600


def teeth_near_lips(
    image: np.ndarray, lips: LipContours, roi: tuple[int, int, int, int], cover: np.ndarray
) -> np.ndarray:
    """0..1 over `roi` (a BGR frame's box, `cover` the lip coverage there): how surely
    each painted pixel near the inner lip loop is a tooth (zero elsewhere)."""
    x0, y0, x1, y1 = roi
    shape = (y1 - y0, x1 - x0)
    teeth = np.zeros(shape, np.float32)
    core = cover > 0.5
    if np.count_nonzero(core) < 20:
        return teeth
    loop = np.zeros(shape, np.uint8)  # the inner loop, filled and outlined
    pts = np.round((lips.inner - np.array([x0, y0], np.float32)) * 16).astype(np.int32)
    cv2.fillPoly(loop, [pts], 255, cv2.LINE_8, 4)
    cv2.polylines(loop, [pts], True, 255, 1, cv2.LINE_8, 4)
    near_px = BAND * lips.mouth_width
    box = _around(loop, near_px)
    if box is None:  # no part of the loop in the ROI: nothing is near it
        return teeth
    # Everything near the loop lies in `box` (the loop's own box and a band's reach), so
    # the distances, the band and the patches are found there alone: the distance to the
    # loop inside the box is the same as over the whole ROI (the loop is all inside it).
    near = cv2.distanceTransform(cv2.bitwise_not(loop[box]), cv2.DIST_L2, 3) <= near_px
    band = near & (cover[box] > 0)
    if not band.any():
        return teeth
    ref = core
    ref[box] &= ~near  # (`core` is not used again)
    if np.count_nonzero(ref) < 20:
        ref = cover > 0.5
    patch = image[y0:y1, x0:x1]
    lip_pixels = _pixels(patch, ref)
    lab_ref, lab_band = _lab(lip_pixels[:: max(1, len(lip_pixels) // LIP_SAMPLES)],
                             _pixels(patch[box], band))  # fmt: skip
    lip_l, lip_a = (float(v) for v in column_medians(lab_ref[:2].T))
    found = np.clip((lip_a - lab_band[1] - TEETH_A) / RAMP, 0.0, 1.0)
    found *= np.clip((lab_band[0] - lip_l + TEETH_DARK) / RAMP, 0.0, 1.0)
    if not found.any():  # no pixel near the opening is like a tooth: nothing to take out
        return teeth
    near_teeth = np.zeros(band.shape, np.float32)
    near_teeth[band] = found
    teeth[box] = _touching(near_teeth, loop[box])
    return teeth


def _around(loop: np.ndarray, reach: float) -> tuple[slice, slice] | None:
    """The box of `loop`'s pixels widened by more than a `reach` (px) of OpenCV's
    3x3 L2 distance (its steps cost 0.955 and 1.3693, so it reaches at most reach / 0.955
    pixels across), within `loop`'s own; None when `loop` has no pixel."""
    bx, by, bw, bh = cv2.boundingRect(loop)
    if bw == 0:
        return None
    m = int(reach / 0.95) + 2
    h, w = loop.shape
    return slice(max(by - m, 0), min(by + bh + m, h)), slice(max(bx - m, 0), min(bx + bw + m, w))


def _pixels(bgr: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The (n, 3) BGR bytes of `bgr` under `mask`: taken as whole 3-byte items, several
    times faster than NumPy's masking of the pixels' bytes."""
    return bgr.view("V3")[..., 0][mask].view(np.uint8).reshape(-1, 3)


def _lab(*pixels: np.ndarray) -> list[np.ndarray]:
    """Float CIELAB of each (n, 3) set of BGR bytes, as (3, n) planes: one conversion of
    only the pixels wanted, laid out as one row (OpenCV converts each pixel alike, wherever
    it lies, and a row at a time)."""
    both = np.concatenate(pixels).astype(np.float32) * np.float32(1 / 255.0)
    lab = np.concatenate(cv2.split(cv2.cvtColor(both.reshape(1, -1, 3), cv2.COLOR_BGR2Lab)))
    ends = np.cumsum([0] + [len(p) for p in pixels])
    return [lab[:, a:b] for a, b in itertools.pairwise(ends)]


def _touching(teeth: np.ndarray, loop: np.ndarray) -> np.ndarray:
    """`teeth` without the patches that do not reach the inner loop (`loop` nonzero
    bytes): teeth show through the mouth's opening, while a glossy highlight in the
    middle of a lip is as pale as a tooth but lies on the lip, away from the opening."""
    found = (teeth > 0).view(np.uint8)  # 1 on a tooth (the booleans' own bytes)
    count, labels = cv2.connectedComponents(found, connectivity=8)
    if count <= 1:
        return teeth
    reach = cv2.dilate(loop, np.ones((5, 5), np.uint8))
    keep = np.zeros(count, bool)
    keep[labels[cv2.bitwise_and(reach, found) > 0]] = True
    keep[0] = False
    teeth *= keep[labels]  # in place: a kept patch times 1, the rest times 0
    return teeth
