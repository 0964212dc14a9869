"""The GPU's eye and brow textures put together from the kept parts' bytes
(`region_bytes`) are byte for byte those of the channel planes, frame after frame of a
talking face followed as the mirror follows it (regions kept, slid, moved and rebuilt;
glasses on), and the kept bytes are used again rather than made again."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from benchmarks.makeup_render import FULL_LOOK as FULL  # the benchmark's full look
from kiosk.render.makeup import prepare_makeup
from kiosk.render.makeup_gpu import makeup_masks
from kiosk.vision.face import FaceTracker
from kiosk.vision.face_regions import (
    N_CHANNELS,
    TEXTURE_SLOT,
    FaceMemory,
    MakeupRegions,
)
from kiosk.vision.region_bytes import BlockCache, fill_texture
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams
from tests.helpers import video_frames


def planes_bytes(regions: MakeupRegions) -> tuple[np.ndarray, np.ndarray]:
    """The two textures from the channel planes, each x255 rounded (the reference)."""
    placed = regions.placed
    box = regions.eyes_box
    h, w = box[3] - box[1], box[2] - box[0]
    out = []
    for t in (0, 1):
        texture = np.zeros((h, w, 4), np.uint8)
        for ch, slot in enumerate(TEXTURE_SLOT):
            if slot is None or slot[0] != t:
                continue
            k = slot[1]
            at, plane = placed[ch]
            assert at == box
            if plane is not None:
                texture[..., k] = np.clip(np.rint(plane * 255.0), 0, 255).astype(np.uint8)
        out.append(texture)
    return out[0], out[1]


@pytest.mark.usefixtures("testdata")  # (a clear failure when the shared data is missing)
def test_textures_from_kept_bytes_are_the_planes_bytes(video_tracker: FaceTracker) -> None:
    memory = FaceMemory()
    smoother = LandmarkSmoother(OneEuroParams(), enabled=True)
    fast = used = 0
    for i, frame in itertools.islice(video_frames("talk_d13.mp4"), 60):
        result = smoother(video_tracker.detect(frame, round(i * 1000 / 30)))
        assert result.faces
        layer = prepare_makeup(frame, result.faces[0], FULL, memory=memory)
        assert layer is not None
        got = makeup_masks(layer)
        blocks = layer.regions.eye_blocks()
        fast += blocks is not None
        used += len(blocks or ())
        first, second = planes_bytes(layer.regions)
        assert got.eyes_roi == layer.regions.eyes_box
        assert got.first is not None and got.second is not None
        # (OpenCV rounds halves to even, np.rint too: the same bytes)
        assert np.array_equal(got.first, first), f"frame {i}"
        assert np.array_equal(got.second, second), f"frame {i}"
        assert got.first[..., 0].any() and got.second[..., 1].any() and got.second[..., 2].any()
        assert not got.first[..., 3].any() and not got.second[..., 3].any()  # no alpha
    assert fast == 60  # (every one of the 60 frames read)
    assert layer.regions.glasses is not None  # talk_d13 wears glasses: the gate is the GPU's
    # a side's regions used again as they were are its bytes used again: on this talking
    # face (54 % of the blocks made on its first 60 frames, against 100 % without)
    assert memory.blocks.made < 0.65 * used
    assert memory.reused > 120


def test_where_blocks_meet_the_larger_byte_is_kept_and_the_eye_cut_is_zero() -> None:
    cache = BlockCache()
    a = np.full((4, 6), 0.25, np.float32)
    b = np.full((4, 6), 0.5, np.float32)
    blocks = [
        ((0, 0, 6, 4), 0, cache.block([0], [a])),
        ((3, 1, 9, 5), 0, cache.block([0, 3], [b, a])),
        ((0, 0, 6, 4), 1, cache.block([2], [b])),  # the other texture: not here
    ]
    out = fill_texture(np.full((5, 9, 4), 7, np.uint8), (0, 0, 9, 5), 0, blocks, ())
    assert out[0, 0, 0] == 64 and out[2, 4, 0] == 128 and out[4, 8, 0] == 128
    assert out[0, 8, 0] == 0 and out[2, 8, 3] == 64 and out[0, 0, 3] == 0
    assert not out[..., 1:3].any()
    assert cache.block([0], [a]) is blocks[0][2] and cache.made == 3
    assert N_CHANNELS == 8


def laid_together(parts: tuple, roi: tuple[int, int, int, int], texture: int) -> np.ndarray:
    """The units' blocks of one texture moved and laid over `roi` as the GPU's scene graph
    does (`PartItem`, tested against this in tests/ui/test_part_item.py): each warped
    bilinearly, then premultiplied "over" in their order."""
    x0, y0, x1, y1 = roi
    out = np.zeros((y1 - y0, x1 - x0, 4), np.float32)
    for (bx0, by0, _, _), t, block, m in parts:
        if t != texture:
            continue
        local = np.vstack([m, [0.0, 0.0, 1.0]]) @ np.array(
            [[1.0, 0.0, bx0], [0.0, 1.0, by0], [0.0, 0.0, 1.0]]
        )
        local = np.array([[1.0, 0.0, -x0], [0.0, 1.0, -y0], [0.0, 0.0, 1.0]]) @ local
        moved = cv2.warpAffine(block.astype(np.float32), local[:2], (x1 - x0, y1 - y0))
        out = moved + out * (1.0 - moved[..., 3:] / 255.0)
    return out


def eye_cut_over(regions: MakeupRegions, roi: tuple[int, int, int, int]) -> np.ndarray:
    """Over `roi`: each eye's distance from its opening less its margin on this frame (the
    eye-safety cut is where it is <= 0), +inf away from the eyes."""
    x0, y0, x1, y1 = roi
    out = np.full((y1 - y0, x1 - x0), np.inf, np.float32)
    for eye in regions.eye_cuts:
        ex0, ey0, ex1, ey1 = eye.roi
        ox0, oy0, ox1, oy1 = max(ex0, x0), max(ey0, y0), min(ex1, x1), min(ey1, y1)
        if ox0 < ox1 and oy0 < oy1:
            here = out[oy0 - y0 : oy1 - y0, ox0 - x0 : ox1 - x0]
            dist = eye.dist[oy0 - ey0 : oy1 - ey0, ox0 - ex0 : ox1 - ex0] - eye.mesh.margin
            np.minimum(here, dist, out=here)
    return out


@pytest.mark.usefixtures("testdata")
def test_the_kept_units_moved_on_the_gpu_make_the_same_textures(
    video_tracker: FaceTracker,
) -> None:
    """Handed to the GPU as kept units (each as built, with its motion to this frame),
    the eye and brow textures come out as the CPU packs them, frame after frame of a
    talking face (units as built, slid, turned and rebuilt): within a level (the GPU
    resamples the bytes, the CPU the weights), and nothing in this frame's eye-safety cut,
    laid over them last. (Where a unit's content reaches its box's edge, a clipped lash of
    a shut eye, the CPU's move carries the edge on by a pixel and the GPU's does not: not
    on these frames.)"""
    memory = FaceMemory()
    smoother = LandmarkSmoother(OneEuroParams(), enabled=True)
    moved = 0
    for i, frame in itertools.islice(video_frames("talk_d13.mp4"), 40):
        result = smoother(video_tracker.detect(frame, round(i * 1000 / 30)))
        layer = prepare_makeup(frame, result.faces[0], FULL, memory=memory)
        assert layer is not None
        packed = makeup_masks(layer)
        units = makeup_masks(layer, parts=True)
        assert units.parts and units.first is None and units.eyes_roi == packed.eyes_roi
        moved += any(not np.array_equal(m, np.eye(2, 3)) for *_, m in units.parts)
        cut = eye_cut_over(layer.regions, units.eyes_roi)
        for texture, want in enumerate((packed.first, packed.second)):
            assert want is not None
            # (the weights: the alpha carries none, the cuts' cover leaves it at 1)
            got = laid_together(units.parts, units.eyes_roi, texture)[..., :3].max(axis=2)
            off = np.abs(got - want[..., :3].max(axis=2))
            assert float(off.max()) <= 1.5, (i, texture)
            assert float(got[cut <= 0.0].max(initial=0.0)) < 0.5, (i, texture)
    assert moved >= 20  # (most frames move some unit)
