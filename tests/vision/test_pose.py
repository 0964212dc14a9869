"""PoseTracker and BodySmoother on real photos and videos with the real model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.vision.body_smoothing import BodySmoother
from kiosk.vision.pose import (
    LANDMARK_COUNT,
    LEFT_HIP,
    LEFT_SHOULDER,
    NOSE,
    RIGHT_HIP,
    RIGHT_SHOULDER,
    VISIBLE,
    Body,
    PoseResult,
    PoseTracker,
)

SHOULDERS = [LEFT_SHOULDER, RIGHT_SHOULDER]


@pytest.fixture()
def image_pose(pose_model: Path) -> Iterator[PoseTracker]:
    with PoseTracker(pose_model, mode="image", max_people=2) as tracker:
        yield tracker


@pytest.fixture()
def video_pose(pose_model: Path) -> Iterator[PoseTracker]:
    with PoseTracker(pose_model, mode="video") as tracker:
        yield tracker


def _frames(path: Path, count: int) -> tuple[list[np.ndarray], float]:
    cap = cv2.VideoCapture(str(path))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    frames = []
    while len(frames) < count:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(frame)
    cap.release()
    return frames, fps


def _mask_at(body: Body, index: int) -> float:
    assert body.mask is not None
    x, y = body.landmarks[index, :2].round().astype(int)
    h, w = body.mask.shape
    return float(body.mask[min(max(y, 0), h - 1), min(max(x, 0), w - 1)])


def test_every_body_photo_gives_plausible_anatomy_and_mask(
    image_pose: PoseTracker, testdata: Path
) -> None:
    photos = sorted((testdata / "bodies").glob("*.jpg"))
    assert len(photos) >= 10
    for photo in photos:
        image = cv2.imread(str(photo))
        h, w = image.shape[:2]
        result = image_pose.detect(image)
        body = result.wearer()
        assert body is not None, photo.name
        assert result.image_size == (w, h) and result.inference_ms > 0
        assert body.landmarks.shape == (LANDMARK_COUNT, 3) and body.landmarks.dtype == np.float32
        assert body.visibility.shape == (LANDMARK_COUNT,)
        xy = body.landmarks[:, :2]
        # Image y grows downwards; the person faces the camera, so their left is image right.
        hips_y = xy[[LEFT_HIP, RIGHT_HIP], 1].mean()
        assert xy[SHOULDERS, 1].max() < hips_y, photo.name
        assert xy[NOSE, 1] < xy[SHOULDERS, 1].min(), photo.name
        assert xy[LEFT_SHOULDER, 0] > xy[RIGHT_SHOULDER, 0], photo.name
        assert 0.1 * w < body.shoulder_width < 0.9 * w, photo.name
        assert abs(body.torso_angle) < 20, photo.name
        # The person's mask: on the body, off the corners.
        assert body.mask is not None and body.mask.shape == (h, w)
        assert body.mask.dtype == np.float32
        assert body.mask.min() >= 0.0 and body.mask.max() <= 1.0
        for index in (LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP):
            if body.visibility[index] >= VISIBLE:
                assert _mask_at(body, index) > 0.5, (photo.name, index)
        k = max(4, min(h, w) // 20)
        corners = [body.mask[:k, :k], body.mask[:k, -k:]]
        if body.visibility[[LEFT_HIP, RIGHT_HIP]].min() >= VISIBLE:  # not an upper-body shot
            corners += [body.mask[-k:, :k], body.mask[-k:, -k:]]
        for corner in corners:
            assert corner.mean() < 0.2, photo.name


def test_front_facing_photo_is_not_turned_and_its_mirror_turns_the_other_way(
    image_pose: PoseTracker, testdata: Path
) -> None:
    image = cv2.imread(str(testdata / "bodies/vitonhd_07966_00.jpg"))
    body = image_pose.detect(image).bodies[0]
    mirrored = image_pose.detect(cv2.flip(image, 1)).bodies[0]
    assert abs(body.turn) < 0.2
    assert abs(body.turn + mirrored.turn) < 0.15


def test_a_garment_without_a_person_gives_an_empty_result(
    image_pose: PoseTracker, testdata: Path
) -> None:
    # With the confidences lowered to 0.2 MediaPipe "finds" a person in this shirt,
    # with visibility ~1 and a full mask; at the default 0.5 it reliably finds nobody.
    for name in ("vitonhd_04469_00.jpg", "vitonhd_09236_00.jpg", "viton_014396_1.jpg"):
        result = image_pose.detect(cv2.imread(str(testdata / "garments" / name)))
        assert not result.found and result.bodies == () and result.wearer() is None, name


def test_video_mode_refuses_repeated_or_backward_timestamps(
    video_pose: PoseTracker, testdata: Path
) -> None:
    image = cv2.imread(str(testdata / "bodies/vitonhd_00121_00.jpg"))
    assert video_pose.detect(image, 100).found
    with pytest.raises(ValueError, match="strictly increase"):
        video_pose.detect(image, 100)
    with pytest.raises(ValueError, match="strictly increase"):
        video_pose.detect(image, 50)
    assert video_pose.detect(image, 133).found


@pytest.mark.slow
def test_with_two_people_the_one_nearest_the_centre_wears_it(
    pose_model: Path, testdata: Path
) -> None:
    frames, fps = _frames(testdata / "videos/body_openpose_street.mp4", 70)
    pairs = 0
    with PoseTracker(pose_model, mode="video", max_people=2) as tracker:
        for i, frame in enumerate(frames):
            result = tracker.detect(frame, round(i * 1000 / fps))
            if len(result.bodies) < 2:
                continue
            pairs += 1
            wearer = result.wearer()
            other = next(b for b in result.bodies if b is not wearer)
            assert wearer is not None
            # The hugging couple in the middle of the street, not the passer-by at the left.
            assert abs(wearer.center[0] - 640) < 150 and abs(other.center[0] - 640) > 250
    assert pairs >= 10


@pytest.mark.slow
def test_smoothing_steadies_shoulders_and_still_follows_motion(
    video_pose: PoseTracker, testdata: Path
) -> None:
    frames, fps = _frames(testdata / "videos/body_s20_upperbody.mp4", 60)
    smoother = BodySmoother()
    raw, smooth = [], []
    for i, frame in enumerate(frames):
        result = video_pose.detect(frame, round(i * 1000 / fps))
        assert result.found, i
        out = smoother(result)
        assert out.bodies[0].mask is result.bodies[0].mask
        raw.append(result.bodies[0].landmarks[SHOULDERS, :2])
        smooth.append(out.bodies[0].landmarks[SHOULDERS, :2])
    r, s = np.array(raw), np.array(smooth)
    size = result.bodies[0].size

    def jitter(a: np.ndarray) -> float:  # mean frame-to-frame change of velocity
        return float(np.abs(np.diff(a, 2, axis=0)).mean())

    assert jitter(s) < 0.5 * jitter(r)
    assert np.abs(s - r).mean() < 0.01 * size and np.abs(s - r).max() < 0.03 * size
    travel_r, travel_s = np.ptp(r, axis=0), np.ptp(s, axis=0)
    assert np.all(travel_s > 0.7 * travel_r)  # the sway is followed, not flattened
    # Nobody in frame resets the track; a disabled smoother passes results through.
    empty = PoseResult((), 10_000, 1.0, result.image_size)
    assert smoother(empty) is empty
    assert BodySmoother(enabled=False)(result) is result


def test_closed_tracker_refuses_work(pose_model: Path) -> None:
    tracker = PoseTracker(pose_model, mode="image")
    tracker.close()
    tracker.close()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        tracker.detect(np.zeros((64, 64, 3), np.uint8))


def test_bad_options_are_refused(pose_model: Path) -> None:
    with pytest.raises(ValueError, match="running mode"):
        PoseTracker(pose_model, mode="live_stream")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_people"):
        PoseTracker(pose_model, max_people=5)


def test_reports_the_models_own_inference_time(pose_model: Path, testdata: Path) -> None:
    frames, _fps = _frames(testdata / "videos/body_openpose_street.mp4", 30)
    for name, crop in (("720x720", (slice(None), slice(280, 1000))), ("1280x720", ...)):
        with PoseTracker(pose_model, mode="video") as tracker:
            ms = [
                tracker.detect(np.ascontiguousarray(f[crop]), 33 * (i + 1)).inference_ms
                for i, f in enumerate(frames)
            ]
        steady = ms[5:]  # the first frames warm the graph up
        print(
            f"\npose_landmarker_full + segmentation, video mode, {name}: "
            f"median {np.median(steady):.1f} ms, p95 {np.percentile(steady, 95):.1f} ms"
        )
        assert 0 < np.median(steady) < 200
