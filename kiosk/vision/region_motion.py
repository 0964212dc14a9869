"""Moving a side's kept eye or brow regions to where its points are now.

Rebuilding a side's regions is most of a full look's CPU cost, and from one frame to the
next most sides have only moved as a whole: slid, turned a little in the image, come a
little nearer. When every point a side was built from lands within a tolerance of where
one similarity (turn, uniform scale, shift) takes it, the side's planes are moved by that
similarity (`cv2.warpAffine`, bilinear, once from the planes as built: never from a moved
copy, so nothing drifts or blurs further) instead of being built again; failing that, by
an affine map (a side foreshortened a little as the head nods or turns: a brow's up to
MAX_SCALE one way, an eye's by EYE_SKEW at most, its liner and lashes being sized by the
eye's width). A change of shape (a blink, a raised brow) leaves points off both and the
side is rebuilt. A whole-pixel slide is still only a change of box: the planes are used
as they are, unresampled. The eye box's planes are moved at once (every frame's eye-safety
cut reads them), the other weights when first read (`MovedRegions`): the GPU moves the
units as built itself, and only the slow statistics' frames and the CPU path read them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.vision.boxes import Box
from kiosk.vision.eye_regions import EyeBox, EyeMesh

Part = tuple[Box, int, np.ndarray]  # (box, channel, weights)

# Scales beyond this (either way) rebuild: some of a region's sizes are whole pixels (the
# eye-safety margin's floor, a liner's thinnest line), which a scaled copy would scale.
MAX_SCALE = 1.1
# An affine map may stretch a side one way at most this much more than the other: a fresh
# build sizes a liner's thickness and the lashes by the eye's width, so a copy squeezed
# across the eye more than this would be thinner than the build that replaces it (a brow's
# soft shape follows its points: its sides may take up to MAX_SCALE).
EYE_SKEW = 1.03


@dataclass(frozen=True)
class Motion:
    """How a side moved since it was built: a whole-pixel slide (`slide`) or a similarity
    or affine map (`matrix`, 2x3, frame pixels then -> now; `scale` its uniform scale, or
    an affine map's lesser stretch: the distances from the eye opening it moves are scaled
    by it, never made larger than they are)."""

    slide: tuple[int, int] | None
    matrix: np.ndarray
    scale: float


def motion(
    then: np.ndarray,
    now: np.ndarray,
    anchors: int,
    reuse_px: float,
    slack_px: float,
    last: Motion | None = None,
    max_skew: float = MAX_SCALE,
) -> Motion | None:
    """How the side moved from `then` to `now` (points, n x 2, frame pixels), or None when
    it changed shape. The first `anchors` points (the sharp regions': the eye's loop) must
    land within `reuse_px` of where the motion takes them, the rest (what only moves smooth
    fields: the brow, for the lid's shadows) within `slack_px`. Tried in turn: a whole-pixel
    slide, the `last` motion (a face come to rest: its moved regions are used as they
    are), a similarity fitted to the anchors, then an affine map (a side foreshortened as
    the head turns or nods) stretching one way at most `max_skew` times the other. (A few
    dozen points: written for few NumPy calls, it is asked four times a frame.)"""
    then = then.astype(np.float64, copy=False)
    now = now.astype(np.float64, copy=False)
    moved = now - then
    shift = np.rint(moved[:anchors].sum(axis=0) / anchors)  # (np.mean's, without its checks)
    if _fits(np.abs(moved - shift), anchors, reuse_px, slack_px):
        m = np.array([[1.0, 0.0, shift[0]], [0.0, 1.0, shift[1]]])
        return Motion((int(shift[0]), int(shift[1])), m, 1.0)
    if last is not None and last.slide is None:
        m = last.matrix
        if _fits(np.abs(then @ m[:, :2].T + m[:, 2] - now), anchors, reuse_px, slack_px):
            return last
    ca, cb = then[:anchors].sum(axis=0) / anchors, now[:anchors].sum(axis=0) / anchors
    a, b = then[:anchors] - ca, now[:anchors] - cb
    den = float(np.vdot(a, a))
    if den <= 1e-9:
        return None
    # the least-squares similarity, as the complex number s = conj(a) . b / |a|^2
    p = float(np.vdot(a, b)) / den
    q = float(np.vdot(a[:, 0], b[:, 1]) - np.vdot(a[:, 1], b[:, 0])) / den
    scale = math.hypot(p, q)
    if not 1.0 / MAX_SCALE <= scale <= MAX_SCALE:
        return None
    m = np.array([[p, -q, 0.0], [q, p, 0.0]])
    m[:, 2] = cb - m[:, :2] @ ca
    if _fits(np.abs(then @ m[:, :2].T + m[:, 2] - now), anchors, reuse_px, slack_px):
        return Motion(None, m, scale)
    # A face turning a little out of the image plane foreshortens a side along one
    # direction, which no similarity follows: the least-squares affine map of the anchors
    ata = a.T @ a
    if float(np.linalg.det(ata)) <= 1e-9 * float(np.trace(ata)) ** 2:
        return None  # the anchors on a line (an eye shut flat): no affine map is told
    lin = np.linalg.solve(ata, a.T @ b).T  # (now - cb) = lin (then - ca)
    stretch = np.linalg.svd(lin, compute_uv=False)  # along its two directions, larger first
    if stretch[1] < 1.0 / MAX_SCALE or stretch[0] > min(MAX_SCALE, max_skew * stretch[1]):
        return None
    m = np.empty((2, 3))
    m[:, :2] = lin
    m[:, 2] = cb - lin @ ca
    if not _fits(np.abs(then @ lin.T + m[:, 2] - now), anchors, reuse_px, slack_px):
        return None
    # (distances it moves are scaled by its lesser stretch: never made larger than they are)
    return Motion(None, m, float(stretch[1]))


def _fits(off: np.ndarray, anchors: int, reuse_px: float, slack_px: float) -> bool:
    """Every point's offset (x and y) within its tolerance."""
    if float(off[:anchors].max()) >= reuse_px:
        return False
    return len(off) == anchors or float(off[anchors:].max()) < slack_px


def _moved_box(roi: Box, m: np.ndarray) -> Box:
    """The whole-pixel box round `roi`'s pixel centres under `m`, a pixel wider each way
    (for the bilinear fringe)."""
    x0, y0, x1, y1 = roi
    corners = np.array([[x0, y0], [x1 - 1, y0], [x0, y1 - 1], [x1 - 1, y1 - 1]], np.float64)
    out = corners @ m[:, :2].T + m[:, 2]
    lo = np.floor(out.min(axis=0)).astype(int) - 1
    hi = np.ceil(out.max(axis=0)).astype(int) + 2
    return int(lo[0]), int(lo[1]), int(hi[0]), int(hi[1])


def _inside(roi: Box, size: tuple[int, int]) -> bool:
    """The box clear of the frame's edge (a region the edge cuts must grow back as the
    face moves in: it is built afresh)."""
    return roi[0] > 0 and roi[1] > 0 and roi[2] < size[0] and roi[3] < size[1]


def _warp(planes: np.ndarray, roi: Box, to: Box, m: np.ndarray) -> np.ndarray:
    """`planes` (over `roi`; up to 4 channels) moved by `m` onto the box `to`; beyond
    `roi`, each plane's edge carries on (a weight or a distance as it was at the edge)."""
    local = m.copy()
    local[:, 2] += m[:, :2] @ np.array([roi[0], roi[1]], np.float64) - np.array([to[0], to[1]])
    return cv2.warpAffine(
        planes, local, (to[2] - to[0], to[3] - to[1]), flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )  # fmt: skip


def _slid(box: EyeBox, roi: Box) -> EyeBox:
    """`box` moved by whole pixels to `roi`: what it has worked out over its own pixels
    (its cut, and the cut's byte mask) is the same, and carried over."""
    moved = dataclasses.replace(box, roi=roi)
    for name in ("cut", "cut_bytes", "cut_keep", "cut_cover"):
        if name in box.__dict__:
            moved.__dict__[name] = box.__dict__[name]
    return moved


class MovedRegions:
    """A unit's regions where one frame puts them: each part's box and channel (`heads`)
    and the eye box, at once (the eye-safety cut, the covers and the blush's cut read the
    box every frame); the parts' weights (`parts`) moved when first asked for. The GPU moves
    a unit's weights as built itself, so between the slow statistics' frames only the CPU
    path and its fallback read the moved ones: the other frames warp none of them."""

    __slots__ = ("_make", "_parts", "box", "heads", "motion")

    def __init__(
        self,
        heads: list[tuple[Box, int]],
        box: EyeBox | None,
        motion: Motion | None,
        parts: list[Part] | None = None,
        make: Callable[[], list[np.ndarray]] | None = None,
    ) -> None:
        if (parts is None) == (make is None):
            raise ValueError("MovedRegions needs its parts or the way to make their weights")
        self.heads, self.box, self.motion = heads, box, motion  # (motion None: as built)
        self._parts, self._make = parts, make

    @classmethod
    def as_built(
        cls, parts: list[Part], box: EyeBox | None, motion: Motion | None = None
    ) -> MovedRegions:
        return cls([(r, ch) for r, ch, _ in parts], box, motion, parts)

    def matrix(self) -> np.ndarray:
        """2x3: frame pixels where the parts were built -> where they are here."""
        how = self.motion
        if how is None:
            return np.eye(2, 3)
        if how.slide is not None:
            return np.array([[1.0, 0.0, how.slide[0]], [0.0, 1.0, how.slide[1]]])
        return how.matrix

    @property
    def ready(self) -> bool:
        """The parts' weights made (moved, or as built)."""
        return self._parts is not None

    @property
    def parts(self) -> list[Part]:
        """(box, channel, weights) each: the weights moved now if not yet."""
        if self._parts is None:
            assert self._make is not None
            weights, self._make = self._make(), None
            self._parts = [(r, ch, w) for (r, ch), w in zip(self.heads, weights, strict=True)]
        return self._parts


class KeptRegions:
    """A side's regions as built (`parts`, and the eye `box` or None), on a frame of
    `shape`, from `points`; moved to where later frames put those points (`moved`), and
    where the frame they were last asked for puts them (`current`)."""

    def __init__(
        self,
        shape: tuple[int, ...],
        points: np.ndarray,
        parts: list[Part],
        box: EyeBox | None,
    ) -> None:
        # (float64 once: the motion is fitted to them on every frame)
        self.shape, self.parts, self.box = shape, parts, box
        self.points = points.astype(np.float64)
        self._built = MovedRegions.as_built(parts, box)
        self._stacks: list[tuple[Box, list[int], np.ndarray]] | None = None
        # the last similarity the regions were moved by, and what it made
        self.last: Motion | None = None
        self._last_moved: MovedRegions | None = None
        # where the frame they were last asked for puts them, and by what motion: the GPU
        # moves the parts as built itself (`matrix_now`)
        self.current = self._built

    def matrix_now(self) -> np.ndarray:
        """2x3: frame pixels where the parts were built -> where they are on the frame they
        were last asked for."""
        return self.current.matrix()

    def _stacked(self) -> list[tuple[Box, list[int], np.ndarray]]:
        """The planes in stacks of up to four channels, one stack per box: warping four
        channels at once costs little more than one. Planes are numbered parts first,
        then the eye box's distance and opening (0/1, moved and read at 0.5: a resampled
        edge, not a nearest pixel's). A stack of two or three is made four with zeros:
        OpenCV warps four float channels fastest, and two only in fixed point (a 32nd of
        a pixel's steps: the eye's distances off by a third of a pixel). Made on the
        first move, kept for the next."""
        if self._stacks is None:
            planes = [(r, w) for r, _, w in self.parts]
            if self.box is not None:
                opening = self.box.opening.astype(np.float32)
                planes += [(self.box.roi, self.box.dist), (self.box.roi, opening)]
            by_box: dict[Box, list[int]] = {}
            for i, (r, _) in enumerate(planes):
                by_box.setdefault(r, []).append(i)
            self._stacks = []
            for r, ids in by_box.items():
                for k in range(0, len(ids), 4):
                    group = ids[k : k + 4]
                    chosen = [planes[i][1] for i in group]
                    if len(chosen) > 1:
                        chosen += [np.zeros_like(chosen[0])] * (4 - len(chosen))
                    stack = cv2.merge(chosen) if len(chosen) > 1 else chosen[0]
                    self._stacks.append((r, group, stack))
        return self._stacks

    def _warped(
        self, how: Motion, to: dict[Box, Box], box_planes: bool, into: dict[int, np.ndarray]
    ) -> dict[int, np.ndarray]:
        """The stacks that hold the eye box's planes (`box_planes`) or the others, moved by
        `how` onto their boxes' `to`: each plane by its number, into `into`."""
        n = len(self.parts)
        for r, group, stack in self._stacked():
            if (group[-1] >= n) == box_planes:
                out = _warp(stack, r, to[r], how.matrix)
                for k, i in enumerate(group):
                    into[i] = out if out.ndim == 2 else out[..., k]
        return into

    def moved(self, how: Motion, mesh: EyeMesh, size: tuple[int, int]) -> MovedRegions | None:
        """The regions moved as `how` says, or None when a box touches the frame's edge,
        before or after. A box moved by a similarity is this frame's `mesh`'s (its
        eye-safety margin is this frame's), its distances from the opening moved and scaled
        with it; its coarse eye coordinates are only for building, and are left out. The
        parts' weights are moved when first read (`MovedRegions.parts`)."""
        parts, box = self.parts, self.box
        if how.slide == (0, 0):
            return self._built  # (the box as it was: its cut is worked out once)
        if how is self.last and self._last_moved is not None:
            return self._last_moved  # moved so already (the box's cut, too)
        rois = list(dict.fromkeys([p[0] for p in parts] + ([box.roi] if box else [])))
        if how.slide is not None:
            dx, dy = how.slide
            to = {r: (r[0] + dx, r[1] + dy, r[2] + dx, r[3] + dy) for r in rois}
        else:
            to = {r: _moved_box(r, how.matrix) for r in rois}
        if not all(_inside(r, size) and _inside(to[r], size) for r in rois):
            return None
        if how.slide is not None:
            slid = [(to[r], ch, w) for r, ch, w in parts]
            return MovedRegions.as_built(slid, _slid(box, to[box.roi]) if box else None, how)
        heads = [(to[r], ch) for r, ch, _ in parts]
        # the eye box's planes now (with the parts that share their stack), the rest when
        # first read
        moved = self._warped(how, to, True, {})
        new_box = None
        if box is not None:
            n = len(parts)
            dist = moved[n] * np.float32(how.scale)
            empty = np.zeros((0, 0), np.float32)
            new_box = EyeBox(to[box.roi], mesh, empty, empty, empty, moved[n + 1] >= 0.5, dist)

        def weights() -> list[np.ndarray]:
            every = self._warped(how, to, False, moved)
            return [every[i] for i in range(len(parts))]

        got = MovedRegions(heads, new_box, how, make=weights)
        self.last, self._last_moved = how, got
        return got
