"""The eye and brow channels as the GPU's 8-bit textures, put together from a frame's parts.

Most frames use a side's regions again as they were kept (slid by whole pixels, or moved
as on the frame before: `region_motion`): the very same weight arrays. Their bytes (x255
rounded, a texture's four channels interleaved) are made once per set of arrays and kept
(`BlockCache`), so such a frame's textures are zeroed, the kept blocks copied in and the
eye-safety cut zeroed: no channel is pasted, cut and converted over the eyes' whole box.
The bytes are those the channel planes would give (a channel's weight at a pixel is its
parts' largest there, and rounding to bytes keeps the order of two weights: the larger
byte is the larger weight's), so the textures are the same either way.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import cv2
import numpy as np

from kiosk.vision.boxes import Box, overlap
from kiosk.vision.eye_regions import EyeBox
from kiosk.vision.region_motion import Part

Block = tuple[Box, int, np.ndarray]  # (box, texture: 0 or 1, RGBA uint8 over the box)
GROUP = 4  # channels a texture holds


class BlockCache:
    """Blocks made from sets of weight arrays, kept while the arrays are the same objects
    (the cache holds them, so an array's id is not reused while its block is kept); the
    least recently used go first (a frame uses six: two textures' worth of each eye, and
    each brow's; a compare of four looks, four times as many)."""

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._kept: OrderedDict[tuple[int, ...], tuple[tuple[np.ndarray, ...], np.ndarray]] = (
            OrderedDict()
        )
        self.made = 0  # blocks converted, all told (tests, benchmarks)

    def block(self, channels: Sequence[int], arrays: Sequence[np.ndarray]) -> np.ndarray:
        """RGBA bytes over the arrays' box: each array x255 rounded in its `channels`
        (0..3) place, zeros in the others."""
        key = (*channels, *(id(a) for a in arrays))
        kept = self._kept.get(key)
        if kept is not None and all(a is b for a, b in zip(kept[0], arrays, strict=True)):
            self._kept.move_to_end(key)
            return kept[1]
        planes: list[np.ndarray | None] = [None] * GROUP
        for k, a in zip(channels, arrays, strict=True):
            planes[k] = a
        made = rgba_bytes(planes, arrays[0].shape[:2])
        self._kept[key] = (tuple(arrays), made)
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)
        self.made += 1
        return made


def rgba_bytes(
    planes: Sequence[np.ndarray | None], shape: tuple[int, ...], dst: np.ndarray | None = None
) -> np.ndarray:
    """Four weight planes (None: zeros) x255 rounded and interleaved as (h, w, 4) bytes,
    into `dst` when given (a texture's own buffer)."""
    h, w = shape[:2]
    zeros: np.ndarray | None = None
    bytes_ = []
    for plane in planes:
        if plane is not None:
            bytes_.append(cv2.convertScaleAbs(plane, alpha=255.0))
            continue
        if zeros is None:
            zeros = np.zeros((h, w), np.uint8)
        bytes_.append(zeros)
    return written(cv2.merge(bytes_, dst=dst), dst, (h, w, GROUP))


def written(result: np.ndarray, dst: np.ndarray | None, shape: tuple[int, ...]) -> np.ndarray:
    """OpenCV's `result` of `shape`, as `dst` when one was given: OpenCV writes into a
    `dst` of the right shape itself; were it to allocate instead, it is copied in."""
    if dst is None:
        return np.asarray(result).reshape(shape)
    if result is not dst:
        dst[...] = np.asarray(result).reshape(dst.shape)
    return dst


def blocks_of(
    parts: Sequence[Part], cache: BlockCache, slots: Sequence[tuple[int, int] | None]
) -> list[Block]:
    """The parts as blocks: those over the same box and texture in one block (a side's lid,
    crease and outer corner), a channel met twice in a block of its own; `slots`: each
    channel's texture and place in it."""
    groups: dict[tuple[Box, int], list[list[tuple[int, np.ndarray]]]] = {}
    for box, ch, w in parts:
        slot = slots[ch]
        assert slot is not None, ch
        texture, k = slot
        runs = groups.setdefault((box, texture), [[]])
        if any(have == k for have, _ in runs[-1]):
            runs.append([])
        runs[-1].append((k, w))
    out: list[Block] = []
    for (box, texture), runs in groups.items():
        for run in runs:
            made = cache.block([k for k, _ in run], [w for _, w in run])
            out.append((box, texture, made))
    return out


def fill_texture(
    out: np.ndarray, roi: Box, texture: int, blocks: Sequence[Block], cuts: Sequence[EyeBox]
) -> np.ndarray:
    """`out` ((h, w, 4) uint8 over `roi`) as the texture's bytes: zeros, each of its blocks
    in place (the larger byte where two meet), and zero in every eye's opening and margin."""
    out[...] = 0
    placed: list[Box] = []
    for box, t, block in blocks:
        if t != texture:
            continue
        meet = overlap(roi, box)
        if meet is None:
            continue
        view, part = out[meet[0]], block[meet[1]]
        if any(overlap(box, other) for other in placed):
            cv2.max(view, part, dst=view)
        else:
            view[...] = part
        placed.append(box)
    for eye in cuts:
        if (keep := eye.cut_keep) is None:
            continue
        (x0, y0, x1, y1), mask = keep
        ex, ey = eye.roi[:2]
        if (meet := overlap(roi, (ex + x0, ey + y0, ex + x1, ey + y1))) is not None:
            view = out[meet[0]]
            cv2.bitwise_and(view, mask[meet[1]], dst=view)
    return out
