"""The GPU's eye and brow textures put together from the kept parts' bytes
(`region_bytes`) are byte for byte those of the channel planes, frame after frame of a
talking face followed as the mirror follows it (regions kept, slid, moved and rebuilt;
glasses on), and the kept bytes are used again rather than made again."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from benchmarks.makeup_render import FULL_LOOK as FULL  # the benchmark's full look
from kiosk.render.makeup import prepare_makeup
from kiosk.render.makeup_gpu import makeup_masks
from kiosk.vision.face import FaceTracker
from kiosk.vision.face_regions import CHANNEL, N_CHANNELS, FaceMemory, MakeupRegions
from kiosk.vision.region_bytes import BlockCache, fill_texture
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams
from tests.helpers import video_frames


def planes_bytes(regions: MakeupRegions) -> tuple[np.ndarray, np.ndarray]:
    """The two textures from the channel planes, each x255 rounded (the reference)."""
    placed = regions.placed
    box = regions.eyes_box
    h, w = box[3] - box[1], box[2] - box[0]
    out = []
    for channels in ((0, 1, 2, 3), (4, None, 6, 7)):
        texture = np.zeros((h, w, 4), np.uint8)
        for k, ch in enumerate(channels):
            if ch is None or ch == CHANNEL["blush"]:
                continue
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
        assert got.first[..., 3].any() and got.second[..., 2].any()
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
