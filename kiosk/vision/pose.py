"""PoseLandmarker wrapper: the only place MediaPipe's pose task is touched.

Like `kiosk.vision.face`, it owns the task's options and running mode, refuses
repeated or backward timestamps (MediaPipe would abort the graph), and returns
our own frozen dataclasses so no MediaPipe type leaves `kiosk.vision`.

"Nobody" is decided by MediaPipe's pose detection and presence confidences
(0.5 by default). Landmark visibility is no help there: with the confidences
lowered to 0.2 a shirt on a plain background comes back as a "person" with
visibility ~1.0 on every landmark and a full segmentation mask over the
fabric. A body is also dropped when either shoulder is not visible, since a
garment cannot be placed without both.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from kiosk.vision import mp_lazy
from kiosk.vision.mp_input import TimestampGuard, TrackerInput, as_input, mp_image

PoseMode = Literal["image", "video"]
LANDMARK_COUNT = 33

# MediaPipe's 33 pose landmarks; "left" is the person's own left (image right
# when they face the camera).
NOSE = 0
LEFT_EYE, RIGHT_EYE = 2, 5
LEFT_EAR, RIGHT_EAR = 7, 8
MOUTH_LEFT, MOUTH_RIGHT = 9, 10
LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
LEFT_ELBOW, RIGHT_ELBOW = 13, 14
LEFT_WRIST, RIGHT_WRIST = 15, 16
LEFT_PINKY, RIGHT_PINKY = 17, 18
LEFT_INDEX, RIGHT_INDEX = 19, 20
LEFT_THUMB, RIGHT_THUMB = 21, 22
LEFT_HIP, RIGHT_HIP = 23, 24
LEFT_KNEE, RIGHT_KNEE = 25, 26
LEFT_ANKLE, RIGHT_ANKLE = 27, 28
LEFT_HEEL, RIGHT_HEEL = 29, 30
LEFT_FOOT_INDEX, RIGHT_FOOT_INDEX = 31, 32

VISIBLE = 0.5  # visibility above which a landmark counts as seen


@dataclass(frozen=True, eq=False)
class Body:
    """One person.

    `landmarks`: (33, 3) float32, x and y in pixels, z on x's scale (smaller is
    nearer the camera, origin at the hips). `visibility`: (33,) float32 0..1.
    `world_landmarks`: (33, 3) float32 in metres, origin between the hips
    (MediaPipe's metric estimate; steadier in depth than `landmarks`' z).
    `mask`: (H, W) float32 0..1, this person's segmentation, or None.
    """

    landmarks: np.ndarray = field(repr=False)
    visibility: np.ndarray = field(repr=False)
    world_landmarks: np.ndarray = field(repr=False)
    mask: np.ndarray | None = field(default=None, repr=False)

    def _mid(self, a: int, b: int) -> np.ndarray:
        return (self.landmarks[a, :2] + self.landmarks[b, :2]) / 2.0

    @property
    def shoulder_width(self) -> float:
        """Distance between the shoulders in the image, pixels (shrinks as they turn)."""
        d = self.landmarks[LEFT_SHOULDER, :2] - self.landmarks[RIGHT_SHOULDER, :2]
        return float(np.hypot(d[0], d[1]))

    @property
    def torso_height(self) -> float:
        """Shoulder midpoint to hip midpoint, pixels (barely changes with turn)."""
        d = self._mid(LEFT_SHOULDER, RIGHT_SHOULDER) - self._mid(LEFT_HIP, RIGHT_HIP)
        return float(np.hypot(d[0], d[1]))

    @property
    def size(self) -> float:
        """The body's scale in pixels: the larger of torso height and shoulder width."""
        return max(self.torso_height, self.shoulder_width)

    @property
    def center(self) -> tuple[float, float]:
        """The torso's centre: the mean of the shoulder and hip midpoints."""
        c = (self._mid(LEFT_SHOULDER, RIGHT_SHOULDER) + self._mid(LEFT_HIP, RIGHT_HIP)) / 2.0
        return float(c[0]), float(c[1])

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) around the visible landmarks (all of them if none is)."""
        seen = self.visibility >= VISIBLE
        xy = self.landmarks[seen if seen.any() else slice(None), :2]
        x0, y0 = xy.min(axis=0)
        x1, y1 = xy.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)

    @property
    def torso_angle(self) -> float:
        """Lean in degrees of the hips->shoulders line from image-up; positive when the
        shoulders sit to the image right of the hips."""
        d = self._mid(LEFT_SHOULDER, RIGHT_SHOULDER) - self._mid(LEFT_HIP, RIGHT_HIP)
        return math.degrees(math.atan2(float(d[0]), float(-d[1])))

    @property
    def turn(self) -> float:
        """How turned the shoulders are, -1..1: 0 facing the camera, +-1 side on.

        The sine of the shoulder line's yaw from the metric world landmarks;
        positive when the left shoulder is further from the camera than the right.
        """
        d = self.world_landmarks[LEFT_SHOULDER] - self.world_landmarks[RIGHT_SHOULDER]
        across = math.hypot(float(d[0]), float(d[2]))
        return float(d[2]) / across if across > 1e-6 else 0.0


@dataclass(frozen=True, eq=False)
class PoseResult:
    """What the tracker saw in one frame; `bodies` is empty when nobody is there."""

    bodies: tuple[Body, ...]
    timestamp_ms: int
    inference_ms: float
    image_size: tuple[int, int]  # (width, height)

    @property
    def found(self) -> bool:
        return bool(self.bodies)

    def wearer(self) -> Body | None:
        """The person the mirror is serving in this frame alone (`serving_scores`); live
        video holds the choice over frames with `kiosk.vision.wearer.WearerChooser`."""
        bodies = distinct(self.bodies)
        if not bodies:
            return None
        scores = serving_scores(bodies, self.image_size)
        return bodies[max(range(len(bodies)), key=scores.__getitem__)]


# Who the mirror is serving: the nearest (largest), most central and facing person.
SIZE_WEIGHT = 1.0  # nearest: body size as a share of the largest body's
CENTRE_WEIGHT = 0.6  # most central: 1 at the frame's vertical midline, 0 at its edge
FACING_WEIGHT = 0.3  # facing: 1 square on, 0 side on
DUPLICATE = 0.25  # MediaPipe can return one person twice: centres this close (x size) are one


def distinct(bodies: Sequence[Body]) -> list[Body]:
    """The bodies with duplicates of one person dropped (the first one kept)."""
    kept: list[Body] = []
    for body in bodies:
        if all(_distance(body, other) > DUPLICATE * max(other.size, 1.0) for other in kept):
            kept.append(body)
    return kept


def _distance(a: Body, b: Body) -> float:
    return math.hypot(a.center[0] - b.center[0], a.center[1] - b.center[1])


def serving_scores(bodies: Sequence[Body], image_size: tuple[int, int]) -> list[float]:
    """How surely each body is the person the mirror is serving (higher: more)."""
    if not bodies:
        return []
    largest = max(max(b.size for b in bodies), 1.0)
    half = max(image_size[0] / 2.0, 1.0)
    scores = []
    for body in bodies:
        centred = 1.0 - min(abs(body.center[0] - half) / half, 1.0)
        facing = 1.0 - min(abs(body.turn), 1.0)
        scores.append(
            SIZE_WEIGHT * body.size / largest + CENTRE_WEIGHT * centred + FACING_WEIGHT * facing
        )
    return scores


class BodyTracker(Protocol):
    """What the pipeline asks of a body tracker: `PoseTracker`, or live
    `kiosk.vision.served_pose.ServedPoseTracker`."""

    def detect(self, image: np.ndarray | TrackerInput, timestamp_ms: int = 0) -> PoseResult: ...

    def close(self) -> None: ...


class PoseTracker:
    """MediaPipe PoseLandmarker (33 landmarks + per-person mask) in IMAGE or VIDEO mode."""

    def __init__(
        self,
        model_path: Path,
        *,
        mode: PoseMode = "video",
        max_people: int = 1,
        min_detection_confidence: float = 0.5,
        min_presence_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        min_shoulder_visibility: float = VISIBLE,
        segmentation: bool = True,
    ) -> None:
        mp_lazy.prepare()
        from mediapipe.tasks.python import BaseOptions, vision

        modes = {"image": vision.RunningMode.IMAGE, "video": vision.RunningMode.VIDEO}
        if mode not in modes:
            raise ValueError(f"running mode must be one of {sorted(modes)}, not {mode!r}")
        if not 1 <= max_people <= 4:
            raise ValueError(f"max_people must be 1 to 4, not {max_people}")
        self.mode: PoseMode = mode
        self.segmentation = segmentation
        self.min_shoulder_visibility = min_shoulder_visibility
        self._timestamps = TimestampGuard()
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path)),
            running_mode=modes[mode],
            num_poses=max_people,
            min_pose_detection_confidence=min_detection_confidence,
            min_pose_presence_confidence=min_presence_confidence,
            min_tracking_confidence=min_tracking_confidence,
            output_segmentation_masks=segmentation,
        )
        self._landmarker: Any = vision.PoseLandmarker.create_from_options(options)

    def detect(self, image: np.ndarray | TrackerInput, timestamp_ms: int = 0) -> PoseResult:
        """Bodies in one BGR frame, or in one already prepared by
        `mp_input.prepare_input` (shared with the face tracker, converted once).
        Timestamps must strictly increase in video mode."""
        if self._landmarker is None:
            raise RuntimeError("PoseTracker is closed")
        if self.mode == "video":
            self._timestamps.check(timestamp_ms)
        frame = as_input(image)
        w, h = frame.width, frame.height
        start = time.perf_counter()
        if self.mode == "image":
            raw = self._landmarker.detect(mp_image(frame))
        else:
            raw = self._landmarker.detect_for_video(mp_image(frame), timestamp_ms)
        elapsed = (time.perf_counter() - start) * 1000.0
        return PoseResult(self._bodies(raw, w, h), timestamp_ms, elapsed, (w, h))

    def _bodies(self, raw: Any, w: int, h: int) -> tuple[Body, ...]:
        masks = list(raw.segmentation_masks or []) if self.segmentation else []
        bodies = []
        for i, marks in enumerate(raw.pose_landmarks or []):
            pts = np.array([(p.x * w, p.y * h, p.z * w) for p in marks], dtype=np.float32)
            vis = np.array([p.visibility or 0.0 for p in marks], dtype=np.float32)
            if min(vis[LEFT_SHOULDER], vis[RIGHT_SHOULDER]) < self.min_shoulder_visibility:
                continue
            world = np.array(
                [(p.x, p.y, p.z) for p in raw.pose_world_landmarks[i]], dtype=np.float32
            )
            mask = None
            if i < len(masks):  # (H, W, 1) float32 view into MediaPipe's buffer: copy it
                mask = np.array(masks[i].numpy_view(), dtype=np.float32).reshape(h, w)
            bodies.append(Body(pts, vis, world, mask))
        return tuple(bodies)

    def close(self) -> None:
        """Close the MediaPipe graph now (left to the GC at exit it prints tracebacks)."""
        if self._landmarker is not None:
            self._landmarker.close()
            self._landmarker = None

    def __enter__(self) -> PoseTracker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
