"""Garment warping and occlusion on real photos with the real pose model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.render.garment import (
    LEFT_ELBOW,
    LEFT_HIP,
    LEFT_SHOULDER,
    LEFT_WRIST,
    RIGHT_ELBOW,
    RIGHT_HIP,
    RIGHT_SHOULDER,
    RIGHT_WRIST,
    garment_overlay,
    paint_garment,
)
from kiosk.vision.face import FaceTracker
from kiosk.vision.pose import PoseTracker
from tests.helpers import names_in_testdata
from tests.render.drawn import drawn_camisole
from tests.render.drawn import drawn_tee as demo_tee

BODIES = names_in_testdata("bodies", "*.jpg")  # a collection error when missing, not 0 tests


@pytest.fixture(scope="module")
def pose(pose_model: Path) -> Iterator[PoseTracker]:
    with PoseTracker(pose_model, mode="image") as tracker:
        yield tracker


@pytest.mark.parametrize("name", BODIES)
def test_shoulders_land_on_the_tracked_shoulders(
    pose: PoseTracker, testdata: Path, name: str
) -> None:
    image = cv2.imread(str(testdata / "bodies" / name))
    body = pose.detect(image).wearer()
    assert body is not None
    garment = demo_tee()
    out = image.copy()
    placed = paint_garment(out, garment, body.landmarks, body.visibility, body.mask)
    assert placed is not None
    for anchor, joint in (("left_shoulder", LEFT_SHOULDER), ("right_shoulder", RIGHT_SHOULDER)):
        x, y = placed.landing(garment.anchors[anchor])
        # The seam sits on top of the shoulder: above the tracked joint, never below it
        # (below, the wearer's own top showed at the shoulders), and near it.
        jx, jy = body.landmarks[joint, :2]
        assert y < jy, f"{name} {anchor}: the seam sits below the shoulder joint"
        off = np.hypot(x - jx, y - jy) / body.shoulder_width
        assert off <= 0.35, f"{name} {anchor}: {off:.0%} of the shoulder width"


@pytest.mark.parametrize("name", BODIES)
def test_straps_sit_on_the_shoulders_and_a_deep_neckline_stays_deep(
    pose: PoseTracker, testdata: Path, name: str
) -> None:
    """A camisole's straps go on top of the shoulders between neck and joint (not out on
    the upper arms) and its neckline keeps its depth (not pulled up to the neck)."""
    image = cv2.imread(str(testdata / "bodies" / name))
    body = pose.detect(image).wearer()
    assert body is not None
    garment = drawn_camisole()
    placed = paint_garment(image.copy(), garment, body.landmarks, body.visibility, body.mask)
    assert placed is not None
    joints = body.landmarks[[LEFT_SHOULDER, RIGHT_SHOULDER], :2]
    mid = joints.mean(axis=0)
    for anchor, joint in (("left_shoulder", joints[0]), ("right_shoulder", joints[1])):
        x, y = placed.landing(garment.anchors[anchor])
        out = abs(x - mid[0]) / abs(joint[0] - mid[0])
        assert 0.4 <= out <= 0.95, f"{name} {anchor}: {out:.2f} of the way out to the joint"
        assert y < joint[1], f"{name} {anchor}: the strap starts below the shoulder"
    _, neck_y = placed.landing(garment.anchors["neck"])
    depth = (neck_y - mid[1]) / body.shoulder_width
    assert depth >= 0.1, f"{name}: the neckline is pulled up to {depth:.2f} below the joints"


def test_garment_stays_inside_the_person_and_off_the_face(
    pose: PoseTracker, image_tracker: FaceTracker, testdata: Path
) -> None:
    for name in ("vitonhd_00055_00.jpg", "dresscode_049205_0.jpg", "vitonhd_07966_00.jpg"):
        image = cv2.imread(str(testdata / "bodies" / name))
        body = pose.detect(image).wearer()
        out = image.copy()
        paint_garment(out, demo_tee(), body.landmarks, body.visibility, body.mask)
        changed = np.abs(out.astype(int) - image).max(axis=2) > 3
        grow = max(3, round(0.05 * body.shoulder_width))
        person = cv2.dilate(
            (body.mask > 0.5).astype(np.uint8), np.ones((2 * grow + 1,) * 2, np.uint8)
        )
        assert (changed & (person == 0)).sum() <= 0.002 * changed.sum(), name
        face = image_tracker.detect(image)
        if face.found:
            oval = cv2.convexHull(face.faces[0].landmarks[:, :2].astype(np.int32))
            inside = np.zeros(changed.shape, np.uint8)
            cv2.fillPoly(inside, [oval], 1)
            assert (changed & (inside > 0)).sum() <= 0.01 * inside.sum(), name


def _front_arm_pixels(body: object, shape: tuple[int, int]) -> np.ndarray:
    """Forearm pixels over the torso: the arm's centre band inside the torso quad."""
    lm = body.landmarks[:, :2]  # type: ignore[attr-defined]
    vis = body.visibility  # type: ignore[attr-defined]
    width = body.shoulder_width  # type: ignore[attr-defined]
    torso = np.zeros(shape, np.uint8)
    quad = lm[[LEFT_SHOULDER, LEFT_HIP, RIGHT_HIP, RIGHT_SHOULDER]].astype(np.int32)
    cv2.fillPoly(torso, [quad], 1)
    arms = np.zeros(shape, np.uint8)
    for el, wr in ((LEFT_ELBOW, LEFT_WRIST), (RIGHT_ELBOW, RIGHT_WRIST)):
        if min(vis[el], vis[wr]) > 0.5:
            a, b = lm[el].astype(int), lm[wr].astype(int)
            cv2.line(
                arms, (int(a[0]), int(a[1])), (int(b[0]), int(b[1])), 1, max(2, round(0.08 * width))
            )
    return (arms > 0) & (torso > 0) & (body.mask > 0.5)  # type: ignore[attr-defined]


def _arm_samples(testdata: Path) -> Iterator[tuple[str, np.ndarray]]:
    for name in BODIES:
        yield name, cv2.imread(str(testdata / "bodies" / name))
    for video in ("body_s20_upperbody.mp4", "body_s13_dress_fullbody.mp4"):
        cap = cv2.VideoCapture(str(testdata / "videos" / video))
        index = 0
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            if index % 12 == 0:
                yield f"{video}#{index}", frame
            index += 1
        cap.release()


@pytest.mark.slow  # the pose model over every photo and two whole videos
def test_arms_in_front_of_the_torso_keep_their_colour(pose: PoseTracker, testdata: Path) -> None:
    """Bare forearms (a short-sleeved tee) over the torso stay in front of the garment."""
    tee = demo_tee(long_sleeves=False)
    kept, total, report = 0, 0, []
    for name, image in _arm_samples(testdata):
        body = pose.detect(image).wearer()
        if body is None:
            continue
        arm = _front_arm_pixels(body, image.shape[:2])
        if arm.sum() < 50:
            continue
        out = image.copy()
        paint_garment(out, tee, body.landmarks, body.visibility, body.mask)
        same = (np.abs(out.astype(int) - image).max(axis=2) <= 2) & arm
        kept, total = kept + int(same.sum()), total + int(arm.sum())
        report.append(f"{name}: {same.sum() / arm.sum():.1%} of {arm.sum()} px")
    report.append(f"all: {kept / max(total, 1):.1%} of {total} px")
    print("\n".join(report))
    assert total > 2000, "the shared photos should include arms in front of the torso"
    assert kept / total >= 0.95, report


def test_nobody_in_frame_draws_nothing(pose: PoseTracker, testdata: Path) -> None:
    image = cv2.imread(str(testdata / "garments/vitonhd_04469_00.jpg"))
    assert pose.detect(image).wearer() is None


def test_gpu_texture_matches_the_painted_garment(pose: PoseTracker, testdata: Path) -> None:
    """The texture the scene graph blends gives the picture the CPU paints."""
    image = cv2.imread(str(testdata / "bodies/vitonhd_00055_00.jpg"))
    body = pose.detect(image).wearer()
    assert body is not None
    args = (demo_tee(), body.landmarks, body.visibility, body.mask, None, 60_000)
    painted = image.copy()
    placed = paint_garment(painted, *args)
    untouched = image.copy()
    overlay = garment_overlay(image, *args)
    assert (image == untouched).all(), "the overlay paints nothing itself"
    assert placed is not None and overlay is not None and overlay.texture is not None
    x0, y0, x1, y1 = overlay.roi
    assert overlay.roi == placed.roi
    assert overlay.texture.shape[0] * overlay.texture.shape[1] <= 61_000  # rendered reduced
    # Blend the texture as the GPU does: scaled up bilinearly, then alpha-mixed.
    tex = cv2.resize(overlay.texture, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    alpha = tex[..., 3:].astype(np.float32) / 255.0
    blended = image.copy()
    roi = blended[y0:y1, x0:x1].astype(np.float32)
    blended[y0:y1, x0:x1] = np.clip(roi + (tex[..., :3] - roi) * alpha + 0.5, 0, 255)
    diff = np.abs(blended.astype(int) - painted).max(axis=2)
    assert (diff <= 3).mean() > 0.99, f"{(diff > 3).mean():.2%} of pixels differ"
    assert (image != painted).any()
