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

import cv2
import numpy as np

from kiosk.vision.lips import LipContours

# The band around the inner loop searched, as a share of the mouth width.
BAND = 0.045
# Teeth: at least TEETH_A less CIELAB a* than the lips (ramping over RAMP) and not
# darker than the lips by more than TEETH_DARK (dark and grey is the mouth's shadow).
TEETH_A = 7.0
TEETH_DARK = 6.0
RAMP = 5.0


def teeth_near_lips(
    image: np.ndarray, lips: LipContours, roi: tuple[int, int, int, int], cover: np.ndarray
) -> np.ndarray:
    """0..1 over `roi` (a BGR frame's box, `cover` the lip coverage there): how surely
    each painted pixel near the inner lip loop is a tooth (zero elsewhere)."""
    x0, y0, x1, y1 = roi
    shape = (y1 - y0, x1 - x0)
    teeth = np.zeros(shape, np.float32)
    core = cover > 0.5
    if core.sum() < 20:
        return teeth
    line = np.full(shape, 255, np.uint8)
    pts = np.round((lips.inner - np.array([x0, y0], np.float32)) * 16).astype(np.int32)
    cv2.fillPoly(line, [pts], 0, cv2.LINE_8, 4)
    cv2.polylines(line, [pts], True, 0, 1, cv2.LINE_8, 4)
    near = cv2.distanceTransform(line, cv2.DIST_L2, 3) <= BAND * lips.mouth_width
    band = near & (cover > 0)
    if not band.any():
        return teeth
    patch = image[y0:y1, x0:x1].astype(np.float32) * np.float32(1 / 255.0)
    lab = cv2.cvtColor(patch, cv2.COLOR_BGR2Lab)
    ref = core & ~near
    if ref.sum() < 20:
        ref = core
    lip_l = float(np.median(lab[..., 0][ref]))
    lip_a = float(np.median(lab[..., 1][ref]))
    px = lab[band]
    found = np.clip((lip_a - px[:, 1] - TEETH_A) / RAMP, 0.0, 1.0)
    found *= np.clip((px[:, 0] - lip_l + TEETH_DARK) / RAMP, 0.0, 1.0)
    teeth[band] = found
    return _touching(teeth, line == 0)


def _touching(teeth: np.ndarray, loop: np.ndarray) -> np.ndarray:
    """`teeth` without the patches that do not reach the inner loop: teeth show
    through the mouth's opening, while a glossy highlight in the middle of a lip is
    as pale as a tooth but lies on the lip, away from the opening."""
    found = (teeth > 0).astype(np.uint8)
    count, labels = cv2.connectedComponents(found, connectivity=8)
    if count <= 1:
        return teeth
    reach = cv2.dilate(loop.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    keep = np.zeros(count, bool)
    keep[labels[reach & (found > 0)]] = True
    keep[0] = False
    return np.where(keep[labels], teeth, np.float32(0.0)).astype(np.float32)
