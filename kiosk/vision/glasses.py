"""Glasses frames in front of the eye regions: found, and not painted.

The face mesh places the lids, brows and cheeks behind a pair of glasses as if they were
not there, so without this the shadow, the blush and the brow tint would colour the
frames. A frame is a thin line (dark, or bright metal) that is not skin, running long
across the face. The work is done in face space (the eye centres at a fixed distance
apart, WORK_SCALE pixels), so it costs the same at any frame size and the lines have a
known width whatever the distance to the camera:

- thin lines are the Hessian's ridges at about a frame's width, kept when they are long
  (connected over LONG_LINE x eye distance: hairs, pores and lashes are short) and not
  skin-coloured (against the median colour of both cheeks);
- a face wears glasses only when a near-horizontal line spans the nose bridge between the
  eyes (where a bare face has smooth skin; a frown's lines there run up and down) or, more
  weakly, spans the temples beside both eyes;
- only then are the weights zeroed on the lines (softened by a pixel), so a bare face's
  brow hairs, under-eye lines and lashes are never taken for frames; and never on the
  eyes' own lines (the lash line is as long, thin and dark as a frame) nor on the brows
  (their edges are too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.vision.eye_regions import EyeMesh

Box = tuple[tuple[float, float], tuple[float, float]]

WORK_SCALE = 64.0  # face-space pixels per eye distance
# The face-space canvas, in eye distances: x from the subject's right eye centre (0) to
# the left's (1), y down from the eye line.
SPAN_X = (-0.75, 1.75)
SPAN_Y = (-0.8, 0.9)
RIDGE_SIGMA = 1.2  # face-space pixels: a frame's half width, roughly
RIDGE_MIN = 1.5  # CIELAB L per pixel^2 (after blur): a line, not skin texture
RIDGE_FRAME = 5.0  # ... and the gate's: a frame's own line, far stronger than a crease
LINEARITY = 2.5  # the across-line curvature must be this many times the along-line one
LONG_LINE = 0.3  # x eye distance: a frame's piece is at least this long
NOT_SKIN = 7.0  # CIELAB units from the cheeks' median: not skin
# Presence: the share of the nose bridge's width one near-horizontal line spans, and of
# the width beside it (the rims' inner ends) lines span within RIM_BAND of its height.
BRIDGE = ((0.38, 0.62), (-0.45, 0.12))  # x range, y range (eye distances)
RIMS = ((0.22, 0.36), (0.64, 0.78))
RIM_BAND = 0.12
BRIDGE_SPAN = 0.85
RIM_SPAN = 0.6
HORIZONTAL = 0.8  # |cos| of the line's normal to the vertical: within about 37 degrees
# Either side of the eye's own lines (its loop, and its upper lid raised to the lash line),
# in eye distances: no frame line is taken there (the lash line is not a frame).
LID_BAND = 0.025
# Round each brow (the mesh's upper and lower brow rows), in eye distances: no frame line
# is taken inside it or this near it (a brow's edges are long, thin, dark lines).
BROW_BAND = 0.04
CHEEKS = (((-0.05, 0.25), (0.35, 0.55)), ((0.75, 1.05), (0.35, 0.55)))
# The canvas's size in pixels (width, height): what `_keep` returns is this size.
CANVAS_SIZE = (
    round((SPAN_X[1] - SPAN_X[0]) * WORK_SCALE),
    round((SPAN_Y[1] - SPAN_Y[0]) * WORK_SCALE),
)
# The box the presence test looks at: the bridge, the rims beside it, a band round them.
# It is centred on the nose (`NOSE_BRIDGE`), which a turned head carries off the eyes'
# midpoint: at 30 degrees about a fifth of the eye distance, the bridge box's own width.
PROBE = ((0.2, 0.8), (-0.6, 0.3))
NOSE_BRIDGE = 168  # the mesh's point on the nose between the eyes
NOSE_SHIFT = 0.3  # at most this far (eye distances) from the eyes' midpoint


def _to_face_space(meshes: Sequence[EyeMesh]) -> np.ndarray:
    """2x3 affine: frame pixels -> face-space canvas pixels."""
    a, b = meshes[0].centre, meshes[1].centre
    d = b - a
    dist2 = max(float(d @ d), 1e-6)
    c, s = d / dist2 * WORK_SCALE
    m = np.array([[c, s, 0.0], [-s, c, 0.0]])
    m[:, 2] = -m[:, :2] @ a
    m[0, 2] -= SPAN_X[0] * WORK_SCALE
    m[1, 2] -= SPAN_Y[0] * WORK_SCALE
    return m


def _px(x: float, y: float) -> tuple[int, int]:
    return round((x - SPAN_X[0]) * WORK_SCALE), round((y - SPAN_Y[0]) * WORK_SCALE)


def _ridges(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Line strength (0 where not line-like) and |cos| of each line's normal to the
    vertical (1: a horizontal line), from the Hessian of the blurred grey."""
    g = cv2.GaussianBlur(grey, (0, 0), RIDGE_SIGMA)
    dxx = cv2.Sobel(g, cv2.CV_32F, 2, 0, ksize=3)
    dyy = cv2.Sobel(g, cv2.CV_32F, 0, 2, ksize=3)
    dxy = cv2.Sobel(g, cv2.CV_32F, 1, 1, ksize=3)
    half = 0.5 * (dxx + dyy)
    root = np.sqrt(0.25 * (dxx - dyy) ** 2 + dxy * dxy)
    # the eigenvalue of larger magnitude (root >= 0: it takes half's sign)
    big = np.where(half > 0, half + root, half - root)
    small = 2.0 * half - big
    strength = np.where(np.abs(big) > LINEARITY * np.abs(small), np.abs(big), 0.0)
    # the eigenvector of `big` is the line's normal; its angle from the vertical
    ny = big - dxx
    nx = dxy
    norm = np.sqrt(nx * nx + ny * ny) + 1e-6
    return strength.astype(np.float32), (np.abs(ny) / norm).astype(np.float32)


def _centre(strength: np.ndarray, horizontal: np.ndarray) -> np.ndarray:
    """The line's centre: as strong as its neighbours across it (the normal quantised to
    vertical, horizontal or diagonal), so a frame is one thin line, not a smear."""
    s = np.pad(strength, 1)
    h, w = strength.shape

    def at(dy: int, dx: int) -> np.ndarray:
        return s[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w]

    vertical = (strength >= at(-1, 0)) & (strength >= at(1, 0))
    sideways = (strength >= at(0, -1)) & (strength >= at(0, 1))
    diagonal = ((strength >= at(-1, -1)) & (strength >= at(1, 1))) | (
        (strength >= at(-1, 1)) & (strength >= at(1, -1))
    )
    return np.where(horizontal > 0.92, vertical, np.where(horizontal < 0.38, sideways, diagonal))


def _long(lines: np.ndarray) -> np.ndarray:
    """Keep the connected pieces at least LONG_LINE eye distances long (hairs, pores and
    lashes are short; a frame's rim, bridge and arms are long)."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(lines.astype(np.uint8), connectivity=8)
    sides = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = sides >= LONG_LINE * WORK_SCALE
    keep[0] = False
    return np.asarray(keep[labels])


def _row_cover(mask: np.ndarray, box: Box) -> np.ndarray:
    """Per row of `box` (within the PROBE box `mask` covers), the share of its columns
    `mask` holds in that row or the next (a line with a slight slope still spans)."""
    (xa, xb), (ya, yb) = box
    (px, py) = _px(PROBE[0][0], PROBE[1][0])
    (x0, y0), (x1, y1) = _px(xa, ya), _px(xb, yb)
    sub = mask[y0 - py : y1 - py, x0 - px : x1 - px].astype(np.uint8)
    if sub.size == 0:
        return np.zeros(1)
    return np.asarray(cv2.dilate(sub, np.ones((3, 1), np.uint8)).mean(axis=1))


def _presence(lines: np.ndarray, flat: np.ndarray) -> tuple[float, float]:
    """A frame's bridge: one near-horizontal line across the whole nose bridge, which goes
    on (as the rims) beside it on both sides at about the same height. A crease at the top
    of a bare nose spans the bridge less, and stops at the eyes' inner corners."""
    rows = _row_cover(flat, BRIDGE)
    y = int(np.argmax(rows))
    bridge = float(rows[y])
    yc = BRIDGE[1][0] + (y + 0.5) / WORK_SCALE
    band = (yc - RIM_BAND, yc + RIM_BAND)
    sides = [float(_row_cover(lines, (xs, band)).max()) for xs in RIMS]
    return min(bridge / BRIDGE_SPAN, min(sides) / RIM_SPAN, 1.0), yc


def _warp(image: np.ndarray, m: np.ndarray, box: Box) -> np.ndarray:
    """The face-space canvas's `box` (eye distances), cut from the frame: CIELAB float."""
    (xa, xb), (ya, yb) = box
    (x0, y0), (x1, y1) = _px(xa, ya), _px(xb, yb)
    shifted = m.copy()
    shifted[:, 2] -= (x0, y0)
    work = cv2.warpAffine(image, shifted, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    return cv2.cvtColor(work, cv2.COLOR_BGR2LAB).astype(np.float32) * np.float32(100.0 / 255.0)


def _lines(
    lab: np.ndarray,
    skin: np.ndarray | None,
    least: float = 0.0,
    ridges: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(thin lines that are not skin-coloured, |cos| of their normal to the vertical).
    With `least`, only the lines' centres at least that strong (the frames themselves,
    not the texture the presence test tolerates). `ridges`: `_ridges` of `lab`'s L, when
    already worked out."""
    strength, horizontal = ridges if ridges is not None else _ridges(lab[..., 0])
    lines = strength > RIDGE_MIN
    if least > 0.0:
        lines &= (strength > least) & _centre(strength, horizontal)
    if skin is None:
        return lines, horizontal
    ys, xs = np.nonzero(lines)
    far = np.linalg.norm(lab[ys, xs] - skin, axis=1) > NOT_SKIN
    lines[ys[~far], xs[~far]] = False
    return lines, horizontal


def _skin(image: np.ndarray, m: np.ndarray) -> np.ndarray:
    """The median CIELAB colour of both cheeks."""
    pix = [_warp(image, m, box).reshape(-1, 3) for box in CHEEKS]
    return np.median(np.vstack(pix), axis=0)


def frame_lines(
    image: np.ndarray, meshes: Sequence[EyeMesh], nose: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray]:
    """The frame lines over the face-space canvas (None: no glasses on this face) and the
    frame->canvas affine. The bridge is looked at first, on its own small box over the
    nose (`nose`: the mesh's NOSE_BRIDGE point, frame pixels); the whole canvas only when
    it holds a frame."""
    m = _to_face_space(meshes)
    return _frame_lines(image, m, meshes, nose), m


def _probe_box(m: np.ndarray, nose: np.ndarray) -> Box:
    """PROBE, moved sideways to the nose (its x on the canvas, in eye distances)."""
    x = float(m[0, :2] @ np.asarray(nose, np.float64)[:2] + m[0, 2]) / WORK_SCALE + SPAN_X[0]
    dx = float(np.clip(x - 0.5, -NOSE_SHIFT, NOSE_SHIFT))
    return (PROBE[0][0] + dx, PROBE[0][1] + dx), PROBE[1]


def _own_lines(meshes: Sequence[EyeMesh], m: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The face's own lines on the canvas, never taken for frames:
    - each eye's loop and its guarded upper lid, LID_BAND eye distances either side (the
      lash line lies between them). The lash line is a long, thin, dark line like a
      frame's; gated, it took the liner and the lashes off a face in glasses (on talk_d13,
      70 % of the liner's weight);
    - each brow, widened by BROW_BAND. A brow's edges are as long, thin and dark as a rim;
      gated, they took the brow colour off in stripes (on talk_d13 as the mirror runs, 60 %
      of the brow's weight; on a bare face taken for one in glasses, 36 %). Frames sit
      below the brows: a rim that crosses one is left painted there."""
    own = np.zeros(shape[:2], np.uint8)
    lid = 2 * max(1, round(LID_BAND * WORK_SCALE)) + 1
    brow = 2 * max(1, round(BROW_BAND * WORK_SCALE)) + 1

    def canvas(points: np.ndarray) -> np.ndarray:  # (fixed point, 4 fractional bits)
        return np.round((points.astype(np.float64) @ m[:, :2].T + m[:, 2]) * 16).astype(np.int32)

    for mesh in meshes:
        for loop in (mesh.loop, mesh.guard):
            cv2.polylines(own, [canvas(loop)], True, 1, lid, cv2.LINE_8, 4)
        outline = canvas(np.vstack([mesh.brow_upper, mesh.brow_lower[::-1]]))
        cv2.fillPoly(own, [outline], 1, cv2.LINE_8, 4)
        cv2.polylines(own, [outline], True, 1, brow, cv2.LINE_8, 4)
    return own.view(bool)


def _frame_lines(
    image: np.ndarray, m: np.ndarray, meshes: Sequence[EyeMesh], nose: np.ndarray
) -> np.ndarray | None:
    probe = _warp(image, m, _probe_box(m, nose))
    ridges = _ridges(probe[..., 0])
    # skin colour only takes lines away: without it the bridge's score is an upper bound,
    # so a bare face (most) is let go before the cheeks are sampled
    lines, horizontal = _lines(probe, None, ridges=ridges)
    if _presence(lines, lines & (horizontal > HORIZONTAL))[0] < 1.0:
        return None
    skin = _skin(image, m)
    lines, horizontal = _lines(probe, skin, ridges=ridges)
    if _presence(lines, lines & (horizontal > HORIZONTAL))[0] < 1.0:
        return None
    lines, _ = _lines(_warp(image, m, (SPAN_X, SPAN_Y)), skin, RIDGE_FRAME)
    framed = _long(lines)
    framed[_own_lines(meshes, m, framed.shape)] = False
    return framed


def _keep(lines: np.ndarray) -> tuple[np.ndarray, tuple[float, float, float, float]] | None:
    """What the lines leave of the weights: 1 less the lines widened and softened by a
    pixel (kept as such, so the frame's gate is one warp and one product), and their
    canvas box; None when there are no lines."""
    ys, xs = np.nonzero(lines)
    if len(xs) == 0:
        return None
    soft = cv2.GaussianBlur(cv2.dilate(lines.astype(np.float32), np.ones((3, 3), np.uint8)),
                            (3, 3), 0)  # fmt: skip
    keep = np.subtract(np.float32(1.0), np.clip(soft, 0.0, 1.0, out=soft), out=soft)
    # the lines' canvas box (2 px for the dilation and the blur, 1 the sampling)
    return keep, (xs.min() - 3.5, ys.min() - 3.5, xs.max() + 3.5, ys.max() + 3.5)


def fingerprint(image: np.ndarray) -> bytes:
    """Tells one frame from the next: its shape and an 8x8 grid of its pixels (a camera's
    noise alone changes them; an array's address is no guide, frames reuse buffers)."""
    h, w = image.shape[:2]
    grid = image[h // 16 :: max(h // 8, 1), w // 16 :: max(w // 8, 1)]
    return repr(image.shape).encode() + np.ascontiguousarray(grid).tobytes()


class GlassesWatch:
    """One face's glasses, followed across frames: the frame lines are looked for on every
    `every`-th frame (they live on the face-space canvas, so in between they follow the
    face as it moves), and a face seen wearing glasses is taken to wear them for `hold`
    frames more even where a look misses them (a turned head, a glint on the bridge).
    Until glasses are found, every `searching`-th frame is looked at (a bare face costs
    only the bridge's small probe; thin frames are found in few single frames), and the
    lines of the last `remember` looks that found them are taken together (a thin metal
    rim shows only in parts in any one frame; the glasses sit still on the face).
    Glasses go on and off far more slowly than frames come: the gate's cost is shared
    between `every` frames, and a frame that misses a bridge no longer paints the frames.
    The looks fall on the face's frames 1, 1 + every, 1 + 2 every, ... (numbered from its
    first): with periods that divide one another, the face's slow work all falls on the
    same frames (`FaceMemory`), and the frames between carry none of it."""

    def __init__(
        self, every: int = 6, hold: int = 150, searching: int = 2, remember: int = 4
    ) -> None:
        self.every, self.hold, self.searching = every, hold, searching
        self.remember = remember
        self._frames = 0
        self.looks = 0  # the frames looked at for the lines, all told (tests, benchmarks)
        self._seen = -(10**9)
        self._keep: tuple[np.ndarray, tuple[float, float, float, float]] | None = None
        # the last looks that found the frames: each finds part of a thin frame's lines
        self._found: list[tuple[np.ndarray, tuple[float, float, float, float]]] = []
        self._image_id: bytes | None = None

    @property
    def wearing(self) -> bool:
        return self._keep is not None

    def keep_canvas(
        self, image: np.ndarray, meshes: Sequence[EyeMesh], nose: np.ndarray
    ) -> tuple[tuple[np.ndarray, tuple[float, float, float, float]] | None, np.ndarray]:
        """What this frame's lines leave on the canvas (`_keep`; None: no glasses) and the
        frame's canvas affine (`nose`: as `frame_lines`). Asked again for the same frame (a
        compare look), the same answer."""
        m = _to_face_space(meshes)
        image_id = fingerprint(image)
        if image_id != self._image_id:
            self._image_id = image_id
            self._frames += 1
            every = self.every if self._keep is not None else self.searching
            if (self._frames - 1) % every == 0:
                self.looks += 1
                lines = _frame_lines(image, m, meshes, nose)
                look = _keep(lines) if lines is not None else None
                if look is not None:
                    self._seen = self._frames
                    self._found.append(look)
                    del self._found[: -self.remember]
                    self._keep = _union_of(self._found)
                elif self._frames - self._seen > self.hold:
                    self._keep, self._found = None, []
        return self._keep, m


def _union_of(
    found: Sequence[tuple[np.ndarray, tuple[float, float, float, float]]],
) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """The lines of several looks at once (on the same face-space canvas), and their box."""
    if len(found) == 1:
        return found[0]
    keep = np.minimum.reduce([f[0] for f in found])
    boxes = np.array([f[1] for f in found])
    box = (*boxes[:, :2].min(axis=0).tolist(), *boxes[:, 2:].max(axis=0).tolist())
    return keep, (box[0], box[1], box[2], box[3])


@dataclass(frozen=True)
class GlassesGate:
    """What the glasses a face wears leave of its make-up this frame: `keep` over the
    face-space canvas (1 away from the frame lines, 0 on them, soft between), the lines'
    box on the canvas, and this frame's frame -> canvas affine. The CPU multiplies the
    weights by it (`apply_gate`); the GPU samples `keep` through the affine itself, so
    the mirror's frames pay for neither the warp nor the products."""

    keep: np.ndarray = field(repr=False)  # (h, w) float32, CANVAS_SIZE
    box: tuple[float, float, float, float]  # canvas pixels: x0, y0, x1, y1
    to_canvas: np.ndarray = field(repr=False)  # 2x3: frame pixels -> canvas pixels


def find_gate(
    image: np.ndarray,
    meshes: Sequence[EyeMesh],
    nose: np.ndarray,
    watch: GlassesWatch | None = None,
) -> GlassesGate | None:
    """The gate of the glasses the face wears (None: no glasses found). `nose`: as
    `frame_lines`; `watch`: the face's glasses across frames (None: this frame alone
    decides)."""
    if image.ndim != 3:
        return None
    if watch is not None:
        found, m = watch.keep_canvas(image, meshes, nose)
    else:
        lines, m = frame_lines(image, meshes, nose)
        found = _keep(lines) if lines is not None else None
    if found is None:
        return None
    return GlassesGate(found[0], found[1], m)


def gate_on_grid(gate: GlassesGate, origin: tuple[int, int], step: int,
                 shape: tuple[int, int]) -> np.ndarray:  # fmt: skip
    """The gate at frame pixels origin + (j, i) * step, as (rows, columns) `shape`: what
    the weights there are multiplied by (step 1: every pixel of a box)."""
    x0, y0 = origin
    to_grid = gate.to_canvas.astype(np.float64) @ np.array(
        [[step, 0.0, x0], [0.0, step, y0], [0.0, 0.0, 1.0]]
    )
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    return cv2.warpAffine(gate.keep, to_grid, (shape[1], shape[0]), flags=flags, borderValue=1.0)


def apply_gate(
    gate: GlassesGate, roi: tuple[int, int, int, int], planes: Sequence[np.ndarray]
) -> float:
    """Zero the weight `planes` (each (h, w) over `roi`) on the frames of the glasses, in
    place; the share of the first plane's weight taken out. Only the part of the box the
    frame lines reach is touched."""
    if not planes:
        return 0.0
    m = gate.to_canvas
    cx0, cy0, cx1, cy1 = gate.box
    # the lines' canvas box, in the frame
    inv = cv2.invertAffineTransform(m)
    corners = np.array([[cx0, cy0, 1], [cx1, cy0, 1], [cx0, cy1, 1], [cx1, cy1, 1]]) @ inv.T
    bx0 = max(int(np.floor(corners[:, 0].min())) - 1, roi[0])
    by0 = max(int(np.floor(corners[:, 1].min())) - 1, roi[1])
    bx1 = min(int(np.ceil(corners[:, 0].max())) + 2, roi[2])
    by1 = min(int(np.ceil(corners[:, 1].max())) + 2, roi[3])
    if bx1 <= bx0 or by1 <= by0:
        return 0.0
    keep = gate_on_grid(gate, (bx0, by0), 1, (by1 - by0, bx1 - bx0))
    sub = (slice(by0 - roi[1], by1 - roi[1]), slice(bx0 - roi[0], bx1 - roi[0]))
    # the share is read on the first plane (the lid's, when a shadow is worn): a figure for
    # tests and benchmarks, not worth summing every plane twice a frame
    first = planes[0]
    before = float(cv2.sumElems(first)[0])
    was = float(cv2.sumElems(first[sub])[0])
    for plane in planes:
        view = plane[sub]
        np.multiply(view, keep, out=view)
    taken = was - float(cv2.sumElems(first[sub])[0])
    return taken / before if before > 0 else 0.0
