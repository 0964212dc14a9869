"""Eye, cheek and brow regions (kiosk/vision/face_regions.py) on real faces, real model.

The hard rule first: every channel is exactly 0 inside both eye openings (the mesh's eye
loops, un-smoothed here, so the test does not share the code's curve) on the shared
photos and on every 3rd frame of the talking videos, blinks included; and against human
annotation (CelebAMask-HQ eye classes) as independent truth. Then the placement: blush
never on nose, lips or eyes; the lid region really covered; the brow on the brows; the
glasses gate on a glasses video and (almost) off on bare faces; a turned side fading;
degenerate faces never raising.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.render.makeup_gpu import glasses_rows
from kiosk.vision import eye_regions
from kiosk.vision.eye_regions import (
    LEFT_EYE,
    RIGHT_BROW_LOWER,
    RIGHT_BROW_UPPER,
    RIGHT_EYE,
    eye_mesh,
)
from kiosk.vision.face import Face, FaceTracker
from kiosk.vision.face_regions import (
    BROW_SLACK,
    CHANNEL,
    CHANNELS,
    N_CHANNELS,
    REUSE_PX,
    FaceMemory,
    MakeupRegions,
    Wanted,
    _paste,
    makeup_regions,
    side_facing,
)
from kiosk.vision.glasses import NOSE_BRIDGE, GlassesWatch, find_gate
from kiosk.vision.region_motion import EYE_SKEW, MAX_SCALE, motion
from tests.helpers import TESTDATA, names_in_testdata, video_frames

FULL = Wanted(
    shadow=True, outer=True, liner=(1.0, 1.0), lashes=(1.0, 1.0), blush=True, brow_fill=0.5
)
SHADOW = Wanted(shadow=True, outer=True)
LIPS_DEV_SAMPLE = names_in_testdata("lips_dev/img", "*.jpg")[::4]
NOSE_LIPS_EYES = (2, 4, 5, 11, 12)  # CelebAMask-HQ classes
EYE_CLASSES = (4, 5)
BROW_CLASSES = (6, 7)


def _face(tracker: FaceTracker, image: np.ndarray) -> Face:
    result = tracker.detect(image)
    assert result.faces, "no face found"
    return result.faces[0]


def _loops_mask(face: Face, roi: tuple[int, int, int, int]) -> np.ndarray:
    """Pixels inside either eye's raw mesh polygon (no smoothing), over `roi`."""
    x0, y0, x1, y1 = roi
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    for loop in (RIGHT_EYE, LEFT_EYE):
        pts = face.landmarks[list(loop), :2] - np.array([x0, y0], np.float32)
        cv2.fillPoly(mask, [np.round(pts * 16).astype(np.int32)], 1, cv2.LINE_8, 4)
    return mask > 0


def _assert_eyes_clear(face: Face, regions: MakeupRegions, where: str) -> None:
    inside = _loops_mask(face, regions.roi) | regions.openings
    painted = regions.weights[inside]
    assert float(np.abs(painted).max(initial=0.0)) == 0.0, f"{where}: paint in an eye opening"


def _photo(folder: str, name: str) -> np.ndarray:
    image = cv2.imread(str(TESTDATA / folder / name))
    assert image is not None, name
    return image


# ---- the shape of the answer ------------------------------------------------------------


def test_weights_shape_and_range(image_tracker: FaceTracker) -> None:
    image = _photo("lips", "celebamask_0.jpg")
    regions = makeup_regions(image, _face(image_tracker, image), FULL)
    assert regions is not None
    x0, y0, x1, y1 = regions.roi
    assert regions.weights.shape == (y1 - y0, x1 - x0, N_CHANNELS)
    assert regions.weights.dtype == np.float32
    assert regions.openings.shape == (y1 - y0, x1 - x0)
    assert float(regions.weights.min()) >= 0.0 and float(regions.weights.max()) <= 1.0
    for name in CHANNELS:
        assert float(regions.channel(name).max()) > 0.5, name
    assert float(regions.weights[..., N_CHANNELS - 1].max()) == 0.0  # the spare
    # the face frame puts the eye centres at (0, 0) and (1, 0)
    xy = _face(image_tracker, image).landmarks[:, :2]
    for loop, target in ((RIGHT_EYE, (0.0, 0.0)), (LEFT_EYE, (1.0, 0.0))):
        centre = eye_mesh(xy, loop is RIGHT_EYE).loop.mean(axis=0)
        mapped = regions.frame @ np.array([centre[0], centre[1], 1.0])
        assert np.allclose(mapped, target, atol=1e-3)


def test_only_wanted_channels_are_built(image_tracker: FaceTracker) -> None:
    image = _photo("lips", "celebamask_2.jpg")
    face = _face(image_tracker, image)
    regions = makeup_regions(image, face, Wanted(blush=True))
    assert regions is not None
    others = [c for n, c in CHANNEL.items() if n != "blush"]
    assert float(regions.weights[..., others].max()) == 0.0
    assert makeup_regions(image, face, Wanted()) is None


# ---- eye safety -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "name"),
    [("lips", n) for n in names_in_testdata("lips", "*.jpg")]
    + [("faces", n) for n in names_in_testdata("faces", "*.jpg")]
    + [("lips_dev/img", n) for n in LIPS_DEV_SAMPLE],
)
def test_eye_openings_never_painted_on_photos(
    image_tracker: FaceTracker, folder: str, name: str
) -> None:
    image = _photo(folder, name)
    result = image_tracker.detect(image)
    if not result.faces:
        pytest.skip(f"the model finds no face in {name}")  # a profile photo in lips_dev
    regions = makeup_regions(image, result.faces[0], FULL)
    if regions is not None:
        _assert_eyes_clear(result.faces[0], regions, name)


@pytest.mark.parametrize("video", ["talk_d3.mp4", "talk_d10.mp4"])
def test_eye_openings_never_painted_across_blinks(video_tracker: FaceTracker, video: str) -> None:
    """Every 3rd frame, eyes closing and opening: nothing inside the loop in any frame."""
    seen = closed = 0
    for i, frame in video_frames(video, 3):
        result = video_tracker.detect(frame, i * 34 + 1)
        if not result.faces:
            continue
        face = result.faces[0]
        regions = makeup_regions(frame, face, FULL)
        assert regions is not None, f"{video} frame {i}"
        _assert_eyes_clear(face, regions, f"{video} frame {i}")
        seen += 1
        closed += eye_mesh(face.landmarks[:, :2], True).openness < 0.05
    assert seen > 60
    if video == "talk_d3.mp4":
        assert closed > 0, "talk_d3 closes its eyes; the closed lid was never seen"


def test_eye_classes_of_celebamask_get_no_paint(image_tracker: FaceTracker) -> None:
    """Human annotation as independent truth: the annotated eyes (which reach a little
    past the mesh's loops) get no paint at all, and blush none on nose, lips and eyes."""
    for i in range(4):
        image = _photo("lips", f"celebamask_{i}.jpg")
        regions = makeup_regions(image, _face(image_tracker, image), FULL)
        assert regions is not None
        labels = _labels(i, regions.roi)
        eye = np.isin(labels, EYE_CLASSES)
        on_eye = regions.weights[eye]
        assert float(on_eye.max()) <= 0.05, f"celebamask_{i}: {float(on_eye.max()):.3f}"
        assert float((on_eye > 0.0).any(axis=1).mean()) <= 0.002
        blush = regions.channel("blush")[np.isin(labels, NOSE_LIPS_EYES)]
        assert float(blush.max()) <= 0.02, f"celebamask_{i}: blush {float(blush.max()):.3f}"


def _labels(i: int, roi: tuple[int, int, int, int]) -> np.ndarray:
    label = cv2.imread(str(TESTDATA / "lips" / f"celebamask_{i}_label.png"), cv2.IMREAD_GRAYSCALE)
    assert label is not None
    label = cv2.resize(label, (1024, 1024), interpolation=cv2.INTER_NEAREST)
    x0, y0, x1, y1 = roi
    return np.asarray(label[y0:y1, x0:x1])


# ---- placement --------------------------------------------------------------------------


def test_brow_channel_lies_on_the_brows(image_tracker: FaceTracker) -> None:
    """The strong weight is on the annotated brows; with a fill, most of each annotated
    brow is covered; and the hairs (its darker pixels) weigh more than the skin between."""
    for i in range(4):
        image = _photo("lips", f"celebamask_{i}.jpg")
        face = _face(image_tracker, image)
        hairs = makeup_regions(image, face, Wanted(brow_fill=0.0))
        filled = makeup_regions(image, face, Wanted(brow_fill=0.3))
        assert hairs is not None and filled is not None
        labels = _labels(i, hairs.roi)
        on = np.isin(labels, BROW_CLASSES)
        strong = hairs.channel("brow") > 0.5
        assert strong.sum() > 200
        assert float(np.isin(labels[strong], BROW_CLASSES).mean()) >= 0.65, f"celebamask_{i}"
        assert float((filled.channel("brow")[on] > 0.25).mean()) >= 0.55, f"celebamask_{i}"
        x0, y0, x1, y1 = hairs.roi
        grey = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)[on]
        weight = hairs.channel("brow")[on]
        dark, light = np.percentile(grey, [30, 70])
        assert float(weight[grey <= dark].mean()) > 2.0 * float(weight[grey >= light].mean())


def test_lid_region_has_real_weight(image_tracker: FaceTracker) -> None:
    """Between the upper eye contour and the brow's lower edge, lid + crease weigh in
    over at least 45 % of the area (so a full-intensity shadow covers >= 30 %)."""
    for i in range(4):
        image = _photo("lips", f"celebamask_{i}.jpg")
        face = _face(image_tracker, image)
        regions = makeup_regions(image, face, SHADOW)
        assert regions is not None
        x0, y0 = regions.roi[:2]
        shadow = np.maximum(regions.channel("lid"), regions.channel("crease"))
        for right in (True, False):
            mesh = eye_mesh(face.landmarks[:, :2], right)
            poly = np.vstack([mesh.upper, mesh.brow_lower]) - np.array([x0, y0], np.float32)
            area = np.zeros(shadow.shape, np.uint8)
            cv2.fillPoly(area, [np.round(poly).astype(np.int32)], 1)
            inside = (area > 0) & ~regions.openings
            assert float((shadow[inside] > 0.3).mean()) >= 0.45, f"celebamask_{i}"


def test_blush_stays_off_nose_lips_and_eyes_on_the_mesh(image_tracker: FaceTracker) -> None:
    from kiosk.vision.lips import OUTER_LIP

    for name in ("celebamask_1.jpg", "celebamask_3.jpg"):
        image = _photo("lips", name)
        face = _face(image_tracker, image)
        regions = makeup_regions(image, face, Wanted(blush=True))
        assert regions is not None
        x0, y0, x1, y1 = regions.roi
        banned = np.zeros((y1 - y0, x1 - x0), np.uint8)
        xy = face.landmarks[:, :2] - np.array([x0, y0], np.float32)
        nose = cv2.convexHull(xy[[168, 6, 197, 195, 5, 4, 1, 2, 98, 327, 64, 294]])
        for poly in (nose.reshape(-1, 2), xy[list(OUTER_LIP)], xy[list(RIGHT_EYE)],
                     xy[list(LEFT_EYE)]):  # fmt: skip
            cv2.fillPoly(banned, [np.round(poly).astype(np.int32)], 1)
        blush = regions.channel("blush")
        assert float(blush[banned > 0].max()) == 0.0
        assert float(blush.max()) > 0.9


# ---- glasses -----------------------------------------------------------------------------


def test_glasses_frames_are_gated(video_tracker: FaceTracker) -> None:
    """talk_d13 (a man in dark-framed glasses): the gate finds the frames in most frames."""
    found = []
    for i, frame in video_frames("talk_d13.mp4", 10):
        result = video_tracker.detect(frame, i * 34 + 1)
        if result.faces:
            regions = makeup_regions(frame, result.faces[0], FULL)
            assert regions is not None
            found.append(regions.glasses_removed > 0.0)
            _assert_eyes_clear(result.faces[0], regions, f"talk_d13 frame {i}")
    assert len(found) >= 20
    assert float(np.mean(found)) >= 0.7


def test_glasses_followed_across_frames_stay_gated(video_tracker: FaceTracker) -> None:
    """With the face's glasses followed across frames (as the mirror does), talk_d13's
    frames are gated in nearly every frame, the frames a single look misses included,
    and the lines are looked for only every `every`-th frame (the cost shared). Frames
    arrive in one reused buffer, as a camera's often do: the watch tells them apart by
    their pixels, not their address."""
    memory = FaceMemory()
    memory.glasses = watch = GlassesWatch(every=3)
    alone, followed, looks = [], [], 0
    buffer: np.ndarray | None = None
    for i, picture in video_frames("talk_d13.mp4", 4):
        result = video_tracker.detect(picture, i * 34 + 1)
        if not result.faces:
            continue
        if buffer is None:
            buffer = np.empty_like(picture)
        buffer[:] = picture
        frame = buffer
        face = result.faces[0]
        before = watch.looks
        regions = makeup_regions(frame, face, FULL, memory=memory)
        looks += watch.looks != before
        again = makeup_regions(frame, face, FULL, memory=memory)  # a compare look
        assert regions is not None and again is not None
        assert again.glasses_removed == pytest.approx(regions.glasses_removed, abs=1e-9)
        followed.append(regions.glasses_removed > 0.0)
        single = makeup_regions(frame, face, FULL)
        assert single is not None
        alone.append(single.glasses_removed > 0.0)
        _assert_eyes_clear(face, regions, f"talk_d13 frame {i}")
    assert len(followed) >= 50
    assert looks <= len(followed) // 3 + 1
    assert float(np.mean(followed)) >= max(0.9, float(np.mean(alone)))


def _gated_in_glasses(tracker: FaceTracker, step: int) -> Iterator[MakeupRegions]:
    """talk_d13's full-look regions, every `step`-th frame, followed across frames as the
    mirror does: those the glasses' gate is on."""
    memory = FaceMemory()
    for i, frame in video_frames("talk_d13.mp4", step):
        result = tracker.detect(frame, i * 34 + 1)
        if not result.faces:
            continue
        regions = makeup_regions(frame, result.faces[0], FULL, memory=memory)
        assert regions is not None
        if regions.glasses is not None:
            yield regions


def test_glasses_leave_the_liner_lashes_and_brows(video_tracker: FaceTracker) -> None:
    """The lash line and a brow's edges are as long, thin and dark as a frame's rim, but
    they are the face's own: on talk_d13 (dark frames whose upper rims run just above the
    lids), followed across frames as the mirror does, the gate takes the frames out of the
    lid's shadow and leaves most of the liner and the lashes, which lie on the lash line
    (where a rim crosses them, it still takes them out), and the brow colour whole (the
    brows' edges, gated, took 60 % of it, in stripes)."""
    kept: dict[str, list[float]] = {"liner": [], "lashes": [], "lid": [], "brow": []}
    for regions in _gated_in_glasses(video_tracker, 8):
        for name, share in kept.items():
            raw = regions.raw_planes[CHANNEL[name]]
            gated = regions.planes[CHANNEL[name]]
            assert raw is not None and gated is not None
            share.append(float(gated.sum()) / float(raw.sum()))
    assert len(kept["lid"]) >= 25
    mean = {name: float(np.mean(share)) for name, share in kept.items()}
    assert mean["liner"] >= 0.55 and mean["lashes"] >= 0.55, mean
    assert mean["brow"] >= 0.98, mean
    assert mean["lid"] <= 0.85, mean  # the rims are still taken out


def _gate_as_the_shader_samples_it(regions: MakeupRegions) -> np.ndarray:
    """shaders/makeup.frag's glasses gate over the regions' box, done in NumPy: each
    pixel's centre (x + 0.5 in the shader's frame position) mapped by `glasses_rows` to
    the canvas texture's uv, sampled bilinearly (texel j's centre at (j + 0.5) / size,
    clamped at the edge), and 1 off the canvas."""
    gate = regions.glasses
    assert gate is not None
    u = glasses_rows(gate)
    r0, r1 = np.array(u["glassesRow0"]), np.array(u["glassesRow1"])
    x0, y0, x1, y1 = regions.roi
    px, py = np.meshgrid(np.arange(x0, x1) + 0.5, np.arange(y0, y1) + 0.5)
    gu = r0[0] * px + r0[1] * py + r0[2]
    gv = r1[0] * px + r1[1] * py + r1[2]
    h, w = gate.keep.shape
    keep = cv2.remap(gate.keep, (gu * w - 0.5).astype(np.float32),
                     (gv * h - 0.5).astype(np.float32), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    on_canvas = (gu >= 0) & (gu <= 1) & (gv >= 0) & (gv <= 1)
    return np.where(on_canvas, keep, np.float32(1.0))


def test_the_gpu_takes_the_glasses_out_as_the_cpu_does(video_tracker: FaceTracker) -> None:
    """The GPU gets the weights before the glasses' gate (`raw_planes`) and samples the
    gate's canvas through `glasses_rows`: done as the shader does it, that gives the
    weights the CPU gates (`planes`), on talk_d13's glasses, frame after frame."""
    checked = 0
    for regions in _gated_in_glasses(video_tracker, 6):
        keep = _gate_as_the_shader_samples_it(regions)
        taken = 0.0
        for raw, gated in zip(regions.raw_planes, regions.planes, strict=True):
            if raw is None:
                assert gated is None
                continue
            assert gated is not raw  # the GPU's planes are not gated in place
            diff = np.abs(raw * keep - gated)
            assert float(diff.max()) <= 0.05, (checked, float(diff.max()))
            assert float(diff.mean()) <= 1e-3, (checked, float(diff.mean()))
            taken += float((raw - gated).sum())
        assert taken > 0.0  # the frames were there to take out
        checked += 1
    assert checked >= 10


def test_bare_faces_are_hardly_gated(image_tracker: FaceTracker) -> None:
    """On glasses-free faces the gate takes out little lid weight, and mostly nothing."""
    removed = []
    for folder, name in [("lips", f"celebamask_{i}.jpg") for i in range(4)] + [
        ("faces", n) for n in names_in_testdata("faces", "*.jpg")
    ]:
        image = _photo(folder, name)
        regions = makeup_regions(image, _face(image_tracker, image), SHADOW)
        assert regions is not None
        removed.append(regions.glasses_removed)
    assert float(np.mean(removed)) <= 0.02
    assert float(np.mean(np.array(removed) > 0)) <= 0.15


def test_glasses_on_a_turned_head_are_looked_for_over_the_nose(image_tracker: FaceTracker) -> None:
    """A head turned 30 degrees carries the nose, and the glasses' bridge on it, about a
    fifth of the eye distance off the eyes' midpoint, where the bridge used to be looked
    for. FASSEG's man in round glasses turned 30 degrees (DEV_MANIFEST): found with the
    bridge looked for over the nose (as the regions do), missed midway between the eyes."""
    image = _photo("lips_dev/img", "face_fasseg_v3_personne12148p0p30.jpg")
    face = _face(image_tracker, image)
    regions = makeup_regions(image, face, SHADOW)
    assert regions is not None and regions.glasses is not None
    assert regions.glasses_removed > 0.0
    xy = face.landmarks[:, :2].astype(np.float32)
    meshes = (eye_mesh(xy, True), eye_mesh(xy, False))
    midway = (meshes[0].centre + meshes[1].centre) / 2
    assert find_gate(image, meshes, midway) is None
    assert find_gate(image, meshes, xy[NOSE_BRIDGE]) is not None


# ---- head turns and degenerate input -----------------------------------------------------


def _turned(face: Face, degrees: float) -> Face:
    """The face's own mesh turned about its vertical axis (through its centre)."""
    p = face.landmarks.astype(np.float64)
    centre = p.mean(axis=0)
    a = np.radians(degrees)
    rot = np.array([[np.cos(a), 0.0, np.sin(a)], [0.0, 1.0, 0.0], [-np.sin(a), 0.0, np.cos(a)]])
    return Face(((p - centre) @ rot.T + centre).astype(np.float32))


def test_turned_side_fades(video_tracker: FaceTracker) -> None:
    frame = next(video_frames("talk_d0.mp4", 1))[1]
    face = video_tracker.detect(frame, 1).faces[0]
    assert min(side_facing(face.landmarks)) == pytest.approx(1.0)  # near frontal
    for degrees in (45.0, -45.0):
        right, left = side_facing(_turned(face, degrees).landmarks)
        assert abs(right - left) > 0.5  # one side turns away and fades
        assert max(right, left) == pytest.approx(1.0)
    right, left = side_facing(_turned(face, 80.0).landmarks)
    assert min(right, left) == 0.0
    regions = makeup_regions(frame, _turned(face, 80.0), FULL)
    if regions is not None:  # the far side's channels are gone
        assert min(regions.facing) == 0.0


def test_degenerate_faces_never_raise(image_tracker: FaceTracker) -> None:
    image = _photo("lips", "celebamask_0.jpg")
    face = _face(image_tracker, image)
    lm = face.landmarks.copy()
    centre = lm[:, :2].mean(axis=0)
    tiny = lm.copy()
    tiny[:, :2] = (lm[:, :2] - centre) * 0.01 + centre
    tiny[:, 2] *= 0.01
    border = lm.copy()
    border[:, 0] += 1024 - centre[0]  # half the face off the right edge
    off = lm.copy()
    off[:, 0] += 5000  # wholly outside
    closed = lm.copy()
    for upper, lower in (
        (RIGHT_EYE[1:8], RIGHT_EYE[9:][::-1]),
        (LEFT_EYE[1:8], LEFT_EYE[9:][::-1]),
    ):
        closed[list(upper)] = closed[list(lower)]
    flat = lm.copy()
    flat[:, 2] = 0.0
    same = np.repeat(lm[:1], len(lm), axis=0)
    for name, landmarks in [("tiny", tiny), ("border", border), ("off", off),
                            ("closed", closed), ("flat", flat), ("one point", same)]:  # fmt: skip
        degenerate = Face(landmarks.astype(np.float32))
        regions = makeup_regions(image, degenerate, FULL)
        if regions is not None:
            assert np.isfinite(regions.weights).all(), name
            _assert_eyes_clear(degenerate, regions, name)
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    assert makeup_regions(grey, face, FULL) is not None  # a grey frame: no glasses gate
    small = cv2.resize(image, (64, 64))
    makeup_regions(small, face, FULL)  # the face mostly off a tiny frame


def test_hands_in_front_are_not_painted(image_tracker: FaceTracker) -> None:
    from kiosk.vision.hands import Hand

    image = _photo("lips", "celebamask_0.jpg")
    face = _face(image_tracker, image)
    bare = makeup_regions(image, face, FULL)
    assert bare is not None
    # a flat hand (its 21 landmarks, normalised) laid over the subject's right eye
    cx, cy = face.landmarks[[33, 133], :2].mean(axis=0) / 1024.0
    pts = np.zeros((21, 3), np.float32)
    pts[:, 0] = cx + np.linspace(-0.08, 0.08, 21)
    pts[:, 1] = cy + np.tile(np.linspace(-0.05, 0.05, 7), 3)
    covered = makeup_regions(image, face, FULL, hands=[Hand(pts)])
    assert covered is not None
    assert float(covered.channel("lid").sum()) < 0.8 * float(bare.channel("lid").sum())


def test_data_files_exist() -> None:
    assert Path(TESTDATA / "videos" / "talk_d13.mp4").is_file()


def _on_frame(regions: MakeupRegions, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """One channel of `regions` placed on a frame of `shape` (zeros elsewhere)."""
    out = np.zeros(shape[:2], np.float32)
    x0, y0, x1, y1 = regions.roi
    out[y0:y1, x0:x1] = regions.channel(name)
    return out


def test_a_still_face_keeps_its_eye_and_brow_regions(image_tracker: FaceTracker) -> None:
    """Held still (every eye and brow point within REUSE_PX), a face's eye and brow regions
    (each side's lash line, shadows and brow) are used again and come out the same; slid
    by whole pixels, they are used again where the face now is, as a fresh build there
    makes them; a blink rebuilds that eye's lash line and shadows and keeps the brows; a
    raised brow rebuilds it, and the eye's shadows too once its lower row is past
    BROW_SLACK, while the eye's lash line (liner, lashes), which follows the eye alone, is
    kept. (A grey
    frame: no glasses gate, which looks at frames on its own clock, to tell the regions
    apart by.)"""
    photo = _photo("lips", "celebamask_1.jpg")
    face = _face(image_tracker, photo)
    image = cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)
    memory = FaceMemory()
    eyes = dataclasses.replace(FULL, blush=False)
    first = makeup_regions(image, face, eyes, memory=memory)
    assert first is not None and memory.reused == 0
    still = Face(face.landmarks + np.float32(0.2))
    again = makeup_regions(image.copy(), still, eyes, memory=memory)
    assert again is not None and memory.reused == 6 == memory.asked - 6
    assert np.array_equal(again.channel("lid"), first.channel("lid"))
    slide = np.array([3.0, -2.0, 0.0], np.float32)
    slid_image = np.roll(image, (-2, 3), axis=(0, 1))  # the face and its frame slid together
    slid = makeup_regions(slid_image, Face(face.landmarks + slide), eyes, memory=memory)
    assert slid is not None and memory.reused == 12 and memory.resampled == 0
    fresh = makeup_regions(slid_image, Face(face.landmarks + slide), eyes)
    assert fresh is not None
    assert slid.roi == fresh.roi == (first.roi[0] + 3, first.roi[1] - 2, first.roi[2] + 3,
                                     first.roi[3] - 2)  # fmt: skip
    # the same to float rounding (a fresh build's sub-pixel fills start from other numbers)
    assert float(np.abs(slid.weights - fresh.weights).max()) < 0.02
    assert np.array_equal(slid.openings, fresh.openings)
    blink = face.landmarks.copy()
    lower = [145, 153, 144, 163, 7]  # the right eye's lower lid, raised towards the upper
    blink[lower, 1] -= 3.0
    closing = makeup_regions(image, Face(blink), eyes, memory=memory)
    assert closing is not None and memory.reused == 16  # the other eye's two, both brows
    assert np.array_equal(closing.weights, makeup_regions(image, Face(blink), eyes).weights)  # type: ignore[union-attr]
    width = eye_mesh(face.landmarks[:, :2], True).width
    # (the brow's rows raised by these shares of BROW_SLACK: its lower row within it, past
    # it, and the upper row alone, a thicker brow, which the shadows do not reach)
    for upper, lower, rebuilt in ((1.6, 0.8, 1), (3.0, 1.5, 2), (1.5, 0.0, 1)):
        lift = lower * BROW_SLACK * width
        raised = face.landmarks.copy()
        raised[RIGHT_BROW_UPPER, 1] -= upper * BROW_SLACK * width  # a new shape
        raised[RIGHT_BROW_LOWER, 1] -= lift
        memory = FaceMemory()
        before = makeup_regions(image, face, eyes, memory=memory)
        moved = makeup_regions(image, Face(raised), eyes, memory=memory)
        assert before is not None and moved is not None and memory.reused == 6 - rebuilt, lift
        # the lash line kept, and within BROW_SLACK the shadows: their weights as they were
        kept = ("liner", "lashes") + (("lid", "crease", "outer") if rebuilt == 1 else ())
        for name in kept:
            assert np.array_equal(
                _on_frame(moved, name, image.shape), _on_frame(before, name, image.shape)
            ), (lift, name)
        # as a fresh build makes them: the brow, and past BROW_SLACK the shadows too, built
        # again over this frame's box (which reaches up to the raised brow)
        fresh = makeup_regions(image, Face(raised), eyes)
        assert fresh is not None
        built = ("brow", "liner", "lashes") + (("lid", "crease", "outer") if rebuilt == 2 else ())
        for name in built:
            assert np.array_equal(
                _on_frame(moved, name, image.shape), _on_frame(fresh, name, image.shape)
            ), (lift, name)
        _assert_eyes_clear(Face(raised), moved, f"brow raised {lift:.1f} px")


def test_a_face_that_turns_or_nears_keeps_its_regions_moved_with_it(
    image_tracker: FaceTracker,
) -> None:
    """A face (and its frame) moved by a similarity (a turn in the image, a step nearer, a
    slide by part of a pixel) keeps its eye and brow regions, moved with it: against a
    fresh build there, nothing is painted in either eye, every channel's total is within
    3 % (the brow 6 %) and its pixels differ less than when a kept side only slides by
    whole pixels (half a pixel off, the slide's own tolerance); held there, they are used
    as moved, not resampled again. Past MAX_SCALE they are built afresh."""
    photo = _photo("lips", "celebamask_1.jpg")
    face = _face(image_tracker, photo)
    image = cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)
    eyes = dataclasses.replace(FULL, blush=False)
    h, w = image.shape
    centre = face.landmarks[:, :2].mean(axis=0)

    def moved_by(
        angle: float, scale: float, shift: tuple[float, float], squeeze: float = 1.0
    ) -> tuple[np.ndarray, Face]:
        m = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), angle, scale)
        m[:, 2] += shift
        nod = np.array([[1.0, 0.0, 0.0], [0.0, squeeze, (1.0 - squeeze) * float(centre[1])]])
        m = m @ np.vstack([nod, [0.0, 0.0, 1.0]])
        points = face.landmarks.copy()
        points[:, :2] = face.landmarks[:, :2] @ m[:, :2].T.astype(np.float32) + m[:, 2]
        points[:, 2] *= scale
        return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR), Face(points)

    def on_frame(regions: MakeupRegions) -> np.ndarray:
        out = np.zeros((h, w, regions.weights.shape[2]), np.float32)
        x0, y0, x1, y1 = regions.roi
        out[y0:y1, x0:x1] = regions.weights
        return out

    def off_from_fresh(frame: np.ndarray, moved: Face, memory: FaceMemory) -> np.ndarray:
        kept = makeup_regions(frame, moved, eyes, memory=memory)
        fresh = makeup_regions(frame, moved, eyes)
        assert kept is not None and fresh is not None
        _assert_eyes_clear(moved, kept, "kept regions, moved")
        a, b = on_frame(kept), on_frame(fresh)
        sums = a.sum(axis=(0, 1)), b.sum(axis=(0, 1))
        for name in ("lid", "crease", "outer", "liner", "lashes", "brow"):
            k = CHANNELS.index(name)
            # (the brow's hairs are read from the frame, which the warp here resamples)
            assert abs(sums[0][k] / sums[1][k] - 1.0) < (0.06 if name == "brow" else 0.03), name
        painted = (a > 0.02) | (b > 0.02)
        return np.abs(a - b)[painted]

    memory = FaceMemory()
    makeup_regions(image, face, eyes, memory=memory)
    slide_off = off_from_fresh(*moved_by(0.0, 1.0, (0.45, 0.3)), memory)  # kept, not moved
    assert memory.reused == 6 and memory.resampled == 0
    for angle, scale, shift in ((0.0, 1.0, (1.5, 0.0)), (3.0, 1.0, (0.0, 0.0)),
                                (0.0, 1.05, (0.0, 0.0)), (-4.0, 1.03, (10.3, -4.6))):  # fmt: skip
        memory = FaceMemory()
        makeup_regions(image, face, eyes, memory=memory)
        frame, moved = moved_by(angle, scale, shift)
        off = off_from_fresh(frame, moved, memory)
        assert memory.reused == 6 and memory.resampled == 6, (angle, scale, shift)
        assert float(off.mean()) < float(slide_off.mean()), (angle, scale, shift)
        assert float(np.percentile(off, 99)) <= float(np.percentile(slide_off, 99))
        if angle == 0.0 and scale == 1.0:
            continue  # (a tenth of a pixel off 1.5 px is a whole-pixel slide)
        # come to rest there (a tenth of a pixel off): used as moved, not resampled again
        rest = Face(moved.landmarks + np.float32(0.1))
        before = makeup_regions(frame, moved, eyes, memory=memory)
        after = makeup_regions(frame, rest, eyes, memory=memory)
        assert before is not None and after is not None
        assert memory.reused == 18 and memory.resampled == 6
        assert np.array_equal(before.weights, after.weights)
    # A nod (the face squeezed from top to bottom, which no similarity follows): the
    # brows are kept, moved by an affine map; the eyes, squeezed more than EYE_SKEW (a
    # copy's liner would be thinner than a fresh build's), are built afresh.
    memory = FaceMemory()
    makeup_regions(image, face, eyes, memory=memory)
    off_from_fresh(*moved_by(1.0, 1.0, (0.3, 0.0), 0.92), memory)
    assert memory.reused == 2 and memory.resampled == 2
    for scale, squeeze in ((1.15, 1.0), (1.0, 0.88)):
        memory = FaceMemory()
        makeup_regions(image, face, eyes, memory=memory)
        makeup_regions(*moved_by(0.0, scale, (0.0, 0.0), squeeze), eyes, memory=memory)
        assert memory.reused == 0, (scale, squeeze)


def test_moved_weights_are_warped_when_first_read_as_the_gpu_moves_them(
    image_tracker: FaceTracker,
) -> None:
    """A turned face's kept units are moved at once as far as every frame needs them: the
    parts' boxes, and the eye box (the eye-safety cut and the covers read it); their
    weights only when first read (the GPU moves the units as built itself: only the
    statistics' frames and the CPU path read them), and then exactly as the built ones
    moved by the motion the GPU is given (`matrix_now`), to a thousandth of a level for
    every kept unit: the lash line's moved with its eye box, the shadows' and the brow's
    when read."""
    photo = _photo("lips", "celebamask_1.jpg")
    face = _face(image_tracker, photo)
    image = cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)
    h, w = image.shape
    centre = face.landmarks[:, :2].mean(axis=0)
    m = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), 3.0, 1.02)
    turned = face.landmarks.copy()
    turned[:, :2] = face.landmarks[:, :2] @ m[:, :2].T.astype(np.float32) + m[:, 2]
    frame = cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR)
    memory = FaceMemory()
    for image_now, landmarks in ((image, face.landmarks), (frame, turned)):
        mesh = eye_mesh(landmarks[:, :2], True)
        box, units = memory.eye_side(image_now, Face(landmarks), mesh, True, FULL)
    assert memory.resampled == 3 and len(units) == 3 and box is not None
    assert box is units[0].current.box and box.roi != units[0].box.roi  # (the lash line's)
    assert box.dist.shape == (box.roi[3] - box.roi[1], box.roi[2] - box.roi[0])
    assert not any(unit.current.ready for unit in units)
    for unit in units:
        now = unit.matrix_now()
        assert not np.allclose(now, np.eye(2, 3))
        for (at, ch, weights), (built_at, built_ch, built) in zip(
            unit.current.parts, unit.parts, strict=True
        ):
            assert ch == built_ch and (at[2] - at[0], at[3] - at[1]) == weights.shape[::-1]
            local = now.copy()  # built pixels -> this box's pixels
            local[:, 2] += now[:, :2] @ np.array(built_at[:2], np.float64) - np.array(at[:2])
            want = cv2.warpAffine(built, local, weights.shape[::-1], flags=cv2.INTER_LINEAR,
                                  borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
            assert float(np.abs(weights - want).max()) < 1e-3, CHANNELS[ch]
        assert unit.current.ready


def test_a_foreshortened_side_moves_by_an_affine_map_no_similarity_fits() -> None:
    """Points squeezed along one direction (a side foreshortened as the head nods or
    turns) fit no similarity to half a pixel; the least-squares affine map takes them
    there, and its scale for the distances it moves is its lesser stretch. Squeezed more
    than `max_skew` (the eyes': EYE_SKEW) or past MAX_SCALE, or bent out of shape, nothing
    fits."""
    rng = np.random.default_rng(3)
    then = np.column_stack([rng.uniform(300, 370, 26), rng.uniform(200, 280, 26)])
    centre = then.mean(axis=0)

    def squeezed(by: float) -> np.ndarray:
        return (then - centre) @ np.diag([1.0, by]) + centre + (2.3, -1.1)

    for by, skew in ((0.93, MAX_SCALE), (0.975, EYE_SKEW)):
        now = squeezed(by)
        how = motion(then, now, 16, REUSE_PX, 1.2, max_skew=skew)
        assert how is not None and how.slide is None, by
        m = how.matrix
        assert np.abs(then @ m[:, :2].T + m[:, 2] - now).max() < 1e-6
        assert how.scale == pytest.approx(by)
        # no similarity would do: its best fit is off by more than REUSE_PX
        a, b = then[:16] - then[:16].mean(axis=0), now[:16] - now[:16].mean(axis=0)
        za, zb = a[:, 0] + 1j * a[:, 1], b[:, 0] + 1j * b[:, 1]
        best = np.vdot(za, zb) / np.vdot(za, za)
        assert np.abs(za * best - zb).max() > REUSE_PX, by
    assert motion(then, squeezed(0.93), 16, REUSE_PX, 1.2, max_skew=EYE_SKEW) is None
    assert motion(then, squeezed(0.86), 16, REUSE_PX, 1.2) is None
    bent = squeezed(0.93)
    bent[3] += (0.0, 1.5)  # one lid point moved on its own: a change of shape
    assert motion(then, bent, 16, REUSE_PX, 1.2) is None
    # anchors on a line (an eye shut flat) tell no affine map: rebuilt, not a crash
    flat = then.copy()
    flat[:16, 1] = 240.0
    slid = flat.copy()
    slid[0, 0] += 2.0  # one corner point slid along the line: no similarity fits
    assert motion(flat, slid, 16, REUSE_PX, 1.2) is None


def test_regions_cut_at_the_frame_edge_are_built_again_as_the_face_moves_in(
    image_tracker: FaceTracker,
) -> None:
    """A side whose box the frame's edge cuts is not slid (its cut part must grow back):
    moved in by whole pixels, it is built afresh and comes out as a fresh build does."""
    photo = _photo("lips", "celebamask_1.jpg")
    face = _face(image_tracker, photo)
    image = cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)
    eyes = dataclasses.replace(FULL, blush=False)
    whole = makeup_regions(image, face, eyes)
    assert whole is not None
    # the face slid left until the frame's edge cuts its boxes, then 3 px back in
    out = -(whole.roi[0] + 40)
    memory = FaceMemory()
    for dx in (out, out + 3):
        shifted = np.roll(image, dx, axis=1)
        moved = Face(face.landmarks + np.array([dx, 0.0, 0.0], np.float32))
        kept = makeup_regions(shifted, moved, eyes, memory=memory)
        fresh = makeup_regions(shifted, moved, eyes)
        assert kept is not None and fresh is not None and kept.roi[0] == 0
        # the cut eye's regions built afresh; what the edge does not cut (the other eye,
        # a brow clear of it) may slide, the same to float rounding
        cut = eye_regions.box_of(eye_mesh(moved.landmarks[:, :2], True), image.shape[::-1])
        assert cut is not None and cut[0] == 0
        on_eye = [CHANNEL[c] for c in ("lid", "crease", "outer", "liner", "lashes")]
        near = kept.weights[:, : cut[2]][..., on_eye], fresh.weights[:, : cut[2]][..., on_eye]
        assert np.array_equal(*near)
        assert float(np.abs(kept.weights - fresh.weights).max()) < 0.02
    assert memory.reused <= 4  # the other side's lash line, shadows and brow; the cut side's brow


def test_regions_of_a_channel_that_meet_keep_the_larger_weight() -> None:
    """Two parts of one channel into its plane: apart, each is written as it is (a turned
    side's times its fade); where they meet (the eyes of a face seen in profile), the
    larger weight of the two is kept, whichever came first."""
    roi = (10, 20, 30, 30)  # 20 x 10
    low = np.full((10, 8), 0.25, np.float32)
    high = np.full((10, 8), 0.75, np.float32)
    planes: list[np.ndarray | None] = [None] * N_CHANNELS
    _paste(planes, roi, ((10, 20, 18, 30), 0, high), 0.5, alone=True)
    _paste(planes, roi, ((22, 20, 30, 30), 0, low), 1.0, alone=True)
    plane = planes[0]
    assert plane is not None and plane.shape == (10, 20)
    assert np.all(plane[:, :8] == 0.375) and np.all(plane[:, 8:12] == 0.0)
    assert np.all(plane[:, 12:] == 0.25)
    # A third part over both (and the gap): the larger weight everywhere.
    _paste(planes, roi, ((14, 20, 26, 30), 0, np.full((10, 12), 0.3, np.float32)), 1.0, False)
    assert np.all(plane[:, :4] == 0.375) and np.all(plane[:, 4:8] == 0.375)
    assert np.all(plane[:, 8:12] == 0.3) and np.all(plane[:, 12:16] == 0.3)
    assert np.all(plane[:, 16:] == 0.25)
    assert high[0, 0] == 0.75 and low[0, 0] == 0.25, "the parts themselves are left as they were"
