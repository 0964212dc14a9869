"""One frame through both trackers: converted for MediaPipe once, shared by face and pose.

Real models on a real video; nothing of ours is mocked. OpenCV's colour conversion is
only counted (it still runs), to see how often a frame is turned into RGB.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.pipeline import Look, TryOnPipeline
from kiosk.render.garment import PreparedGarment, prepare_garment
from kiosk.render.shade import Shade
from kiosk.vision.face import FaceTracker
from kiosk.vision.mp_input import TrackerInput, prepare_input
from kiosk.vision.pose import PoseTracker
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams

RED = Shade("#B0123A", "matte")
FRAMES = 8


def drawn_tee() -> PreparedGarment:
    """A plain tee drawn here (600x800, front view), rigged at its corners."""
    g = np.zeros((800, 600, 4), np.uint8)
    outline = [[200, 120], [250, 100], [350, 100], [400, 120], [470, 140], [505, 260],
               [455, 280], [430, 250], [430, 640], [170, 640], [170, 250], [145, 280],
               [95, 260], [130, 140]]  # fmt: skip
    cv2.fillPoly(g, [np.array(outline, np.int32)], (60, 140, 220, 255), cv2.LINE_AA)
    anchors = {
        "neck": (300.0, 105.0), "left_shoulder": (420.0, 125.0), "right_shoulder": (180.0, 125.0),
        "left_hip": (430.0, 630.0), "right_hip": (170.0, 630.0),
        "left_sleeve_end": (480.0, 270.0), "right_sleeve_end": (120.0, 270.0),
    }  # fmt: skip
    return prepare_garment(g, anchors)


@pytest.fixture(scope="module")
def body_frames(testdata: Path) -> list[np.ndarray]:
    """The first frames of a close upper-body video: a face and shoulders in each."""
    cap = cv2.VideoCapture(str(testdata / "videos/body_s20_upperbody.mp4"))
    frames: list[np.ndarray] = []
    while len(frames) < FRAMES:
        ok, frame = cap.read()
        assert ok, "the upper-body clip should have enough frames"
        frames.append(frame)
    cap.release()
    return frames


@pytest.fixture()
def trackers(face_model: Path, pose_model: Path) -> Iterator[tuple[FaceTracker, PoseTracker]]:
    with (
        FaceTracker(face_model, mode="video") as face,
        PoseTracker(pose_model, mode="video") as pose,
    ):
        yield face, pose


def test_each_frame_is_converted_to_rgb_once_for_both_trackers(
    trackers: tuple[FaceTracker, PoseTracker],
    body_frames: list[np.ndarray],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    face, pose = trackers
    shape = body_frames[0].shape
    real = cv2.cvtColor
    conversions: list[tuple[int, ...]] = []

    def counted(src: np.ndarray, code: int, *args: object, **kwargs: object) -> np.ndarray:
        if code == cv2.COLOR_BGR2RGB and src.shape == shape:
            conversions.append(src.shape)  # list.append is atomic: safe from the pose thread
        return real(src, code, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(cv2, "cvtColor", counted)
    pipeline = TryOnPipeline(face, LandmarkSmoother(OneEuroParams()), pose=pose)
    look = Look(RED, garment=drawn_tee())
    try:
        for i, frame in enumerate(body_frames):
            out = pipeline.process(frame, i, 1 + i * 33, look)
            assert out.found, f"frame {i}: no face"
            assert out.bodies is not None and out.bodies.found, f"frame {i}: no body"
            assert out.garment is not None, f"frame {i}: no garment placed"
    finally:
        pipeline.close()
    # Both trackers ran on every frame, and the frame was turned into RGB once (was twice).
    assert len(conversions) == len(body_frames)


def test_a_shared_input_gives_what_each_trackers_own_conversion_gave(
    face_model: Path, pose_model: Path, body_frames: list[np.ndarray]
) -> None:
    """One prepared image read by both graphs at once (as the pipeline's pose thread
    does) gives exactly the landmarks and mask of separate conversions."""
    with (
        FaceTracker(face_model, mode="video") as face_own,
        PoseTracker(pose_model, mode="video") as pose_own,
        FaceTracker(face_model, mode="video") as face_shared,
        PoseTracker(pose_model, mode="video") as pose_shared,
        ThreadPoolExecutor(max_workers=1) as pool,
    ):
        for i, frame in enumerate(body_frames):
            ts = 1 + i * 33
            shared = prepare_input(frame)
            bodies_job = pool.submit(pose_shared.detect, shared, ts)
            faces = face_shared.detect(shared, ts)
            bodies = bodies_job.result()
            faces_own, bodies_own = face_own.detect(frame, ts), pose_own.detect(frame, ts)
            assert faces.found and bodies.found
            assert faces.image_size == faces_own.image_size == (frame.shape[1], frame.shape[0])
            assert bodies.image_size == bodies_own.image_size
            assert np.array_equal(faces.faces[0].landmarks, faces_own.faces[0].landmarks)
            body, body_own = bodies.bodies[0], bodies_own.bodies[0]
            assert np.array_equal(body.landmarks, body_own.landmarks)
            assert body.mask is not None and body_own.mask is not None
            assert np.array_equal(body.mask, body_own.mask)


def test_the_prepared_input_keeps_its_own_pixels(
    trackers: tuple[FaceTracker, PoseTracker], body_frames: list[np.ndarray]
) -> None:
    """The worker paints on the captured frame in place; what the trackers read
    must not change with it (MediaPipe holds its own copy)."""
    face, pose = trackers
    frame = body_frames[0].copy()
    shared = prepare_input(frame)
    assert isinstance(shared, TrackerInput)
    assert (shared.width, shared.height) == (frame.shape[1], frame.shape[0])
    frame[:] = 0  # painted over after the conversion
    assert face.detect(shared, 1).found
    assert pose.detect(shared, 1).found
    assert not face.detect(frame, 2).found, "a black frame has no face: the copy was read"


@pytest.mark.parametrize("garment", [True, False], ids=["garment and lipstick", "lipstick"])
def test_the_models_started_ahead_paint_what_they_painted_frame_by_frame(
    face_model: Path, pose_model: Path, body_frames: list[np.ndarray], garment: bool
) -> None:
    """`next_frame` starts the face model (on a thread of its own) and, with a garment, the
    pose model on the next frame while this one is painted (the bench and the worker):
    every frame comes out byte for byte as it did when each frame was tracked only once
    the last was painted (the face's landmarks too), and each frame is still converted
    for MediaPipe once (both models read the input prepared ahead)."""
    import threading

    look = Look(RED, garment=drawn_tee() if garment else None)

    def run(ahead: bool) -> tuple[list[tuple[np.ndarray, ...]], set[str]]:
        with (
            FaceTracker(face_model, mode="video") as face,
            PoseTracker(pose_model, mode="video") as pose,
        ):
            threads: set[str] = set()
            detect = face.detect

            def watched(*args: object) -> object:
                threads.add(threading.current_thread().name.split("_")[0])
                return detect(*args)  # type: ignore[arg-type]

            face.detect = watched  # type: ignore[method-assign]
            pipeline = TryOnPipeline(face, LandmarkSmoother(OneEuroParams()), pose=pose)
            frames = [frame.copy() for frame in body_frames]
            asked: list[int] = []

            def next_frame() -> tuple[np.ndarray, int] | None:
                i = len(asked) + 1
                asked.append(i)
                return (frames[i], 1 + i * 33) if i < len(frames) else None

            outputs: list[tuple[np.ndarray, ...]] = []
            try:
                for i, frame in enumerate(frames):
                    out = pipeline.process(
                        frame, i, 1 + i * 33, look, in_place=True,
                        next_frame=next_frame if ahead else None,
                    )  # fmt: skip
                    assert out.found, f"frame {i}"
                    got: tuple[np.ndarray, ...] = (out.image.copy(), out.faces.faces[0].landmarks)
                    if garment:
                        assert out.bodies is not None and out.garment is not None, f"frame {i}"
                        got += (out.garment.alpha, out.bodies.bodies[0].landmarks)
                    outputs.append(got)
            finally:
                pipeline.close()
            # asked once a frame (twice for the last: none had come after the face model)
            assert len(asked) == (len(frames) + 1 if ahead else 0)
            return outputs, threads

    serial, serial_threads = run(ahead=False)
    started, started_threads = run(ahead=True)
    assert serial_threads == {"MainThread"} and "face" in started_threads
    for i, (one, other) in enumerate(zip(serial, started, strict=True)):
        for a, b in zip(one, other, strict=True):
            assert np.array_equal(a, b), f"frame {i} differs"


def test_a_frame_other_than_the_one_started_ahead_is_tracked_afresh(
    trackers: tuple[FaceTracker, PoseTracker], body_frames: list[np.ndarray]
) -> None:
    """The worker may hand over a different frame than the one it offered (a reset, a
    garment taken off): the early job is let finish and the frame is tracked anew."""
    face, pose = trackers
    pipeline = TryOnPipeline(face, LandmarkSmoother(OneEuroParams()), pose=pose)
    look = Look(None, garment=drawn_tee())
    try:
        pipeline.process(body_frames[0], 0, 1, look, next_frame=lambda: (body_frames[1], 34))
        out = pipeline.process(body_frames[2], 2, 67, look)  # not the frame offered
        assert out.bodies is not None and out.bodies.found and out.garment is not None
        # The garment taken off: a body started ahead is not reported for a bare mirror.
        pipeline.process(body_frames[3], 3, 100, look, next_frame=lambda: (body_frames[4], 133))
        bare = pipeline.process(body_frames[4], 4, 133, Look(None))
        assert bare.bodies is None and bare.garment is None
    finally:
        pipeline.close()


def test_the_developer_overlay_dots_every_landmark_and_nothing_else(
    trackers: tuple[FaceTracker, PoseTracker], body_frames: list[np.ndarray]
) -> None:
    """`draw_debug_landmarks` marks each mesh point with a dot of the overlay's colour, and
    paints nothing farther from every point than a dot's radius."""
    from kiosk.pipeline import LANDMARK_COLOR, draw_debug_landmarks

    face, _ = trackers
    faces = face.detect(body_frames[0], 1)
    assert faces.found
    canvas = np.zeros_like(body_frames[0])
    draw_debug_landmarks(canvas, faces)
    xy = np.round(faces.faces[0].landmarks[:, :2]).astype(int)
    h, w = canvas.shape[:2]
    on = (xy[:, 0] >= 0) & (xy[:, 0] < w) & (xy[:, 1] >= 0) & (xy[:, 1] < h)
    assert on.sum() > 400
    assert (canvas[xy[on, 1], xy[on, 0]] == LANDMARK_COLOR).all()
    painted = np.argwhere(canvas.any(axis=2))[:, ::-1]  # (x, y)
    radius = max(1, round(faces.faces[0].size / 250))
    nearest = np.min(np.abs(painted[:, None, :] - xy[None, on, :]).max(axis=2), axis=1)
    assert nearest.max() <= radius
