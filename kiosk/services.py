"""Builders for the Qt-free services, shared by the window and the headless commands.

`kiosk bench`, `kiosk render` and `kiosk models` use these without importing Qt;
`kiosk.app` uses the same ones, so every entry point builds the pipeline one way.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.config import Settings
from kiosk.errors import ModelError
from kiosk.modelstore import FACE_LANDMARKER, HAND_LANDMARKER, POSE_LANDMARKER, ModelStore
from kiosk.pipeline import TryOnPipeline
from kiosk.vision.face import FaceTracker, RunningMode
from kiosk.vision.gestures import GestureParams, GestureReader
from kiosk.vision.hands import HandRateGovernor, HandTracker
from kiosk.vision.lip_fit import LipFitter
from kiosk.vision.pose import BodyTracker, PoseTracker
from kiosk.vision.served_pose import ServedPoseTracker, live_pose_tracker
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams
from kiosk.vision.touchless import GestureWatch

log = logging.getLogger(__name__)


def model_store(settings: Settings) -> ModelStore:
    return ModelStore.from_env(settings.models.resolved_cache_dir(), settings.models.mirror or None)


def install_models(settings: Settings) -> Path:
    """The face model's verified path, installing it first when missing."""
    return model_store(settings).ensure([FACE_LANDMARKER])[0]


def build_tracker(settings: Settings, model_path: Path) -> FaceTracker:
    face = settings.face
    return FaceTracker(
        model_path,
        mode=face.running_mode,  # type: ignore[arg-type]
        max_faces=face.max_faces,
        min_detection_confidence=face.min_detection_confidence,
        min_presence_confidence=face.min_presence_confidence,
        min_tracking_confidence=face.min_tracking_confidence,
    )


def build_smoother(settings: Settings) -> LandmarkSmoother:
    s = settings.smoothing
    return LandmarkSmoother(OneEuroParams(s.min_cutoff, s.beta, s.d_cutoff), enabled=s.enabled)


def build_refiner(settings: Settings, mode: RunningMode = "image") -> LipFitter | None:
    """The lip-line fitter when `lipstick.refine_edges` is on; on video it fits
    afresh every second frame (`LipFitter.stride`), halving its cost."""
    if not settings.lipstick.refine_edges:
        return None
    return LipFitter(stride=1 if mode == "image" else 2)


# Live video renders the garment on at most this many pixels of body box (a
# full-length shopper close to a 1080p mirror is ~0.6 MP): the frame rate holds.
LIVE_GARMENT_PIXELS = 90_000


def install_pose_model(settings: Settings) -> Path:
    return model_store(settings).ensure([POSE_LANDMARKER])[0]


def install_hand_model(settings: Settings) -> Path:
    return model_store(settings).ensure([HAND_LANDMARKER])[0]


def build_gestures(
    settings: Settings, stack: ExitStack, mode: RunningMode = "video"
) -> GestureWatch | None:
    """The hand watch (installing the hand model if needed): touchless control when
    `gestures.enabled` (live modes only), else a silent one when
    `lipstick.hands_in_front` (the hands only keep paint off the lips), else None.
    The hand tracker is closed by `stack`. The frames the pipeline gets are mirrored
    when `capture.mirror` is on, and the reader is told so: a swipe toward the
    shopper's own right is "swipe_right" (next) either way."""
    g = settings.gestures
    touchless = g.enabled and mode != "image"
    if not touchless and not settings.lipstick.hands_in_front:
        return None
    try:
        model = install_hand_model(settings)
    except ModelError as exc:
        if touchless:
            raise
        # Only the lips under a hand are at stake: the mirror runs on without it.
        log.warning("hands in front of the lips will be painted: %s (%s)", exc.message, exc.fix)
        return None
    tracker = stack.enter_context(
        HandTracker(model, mode="image" if mode == "image" else "video", max_hands=g.max_hands)
    )
    params = GestureParams(hold_s=g.hold_s, cooldown_s=g.cooldown_s)
    reader = GestureReader(mirrored=settings.capture.mirror, params=params)
    return GestureWatch(tracker, reader, HandRateGovernor(idle_hz=g.idle_hz), silent=not touchless)


@dataclass
class LiveModels:
    """The live window's trackers: the face, the body (None without the pose model: no
    garments) and the hands (None when neither gestures nor hands in front are on);
    `close` closes them all."""

    tracker: FaceTracker
    pose: PoseTracker | ServedPoseTracker | None
    gestures: GestureWatch | None
    stack: ExitStack

    def close(self) -> None:
        self.stack.close()


def build_live_models(settings: Settings, model_path: Path, pose_model: Path | None) -> LiveModels:
    """The trackers `kiosk run` uses (video mode; the served-person pose tracker)."""
    with ExitStack() as stack:
        tracker = stack.enter_context(build_tracker(settings, model_path))
        pose = None
        if pose_model is not None:
            pose = live_pose_tracker(pose_model, settings.bodies.live_max_people)
            stack.callback(pose.close)
        gestures = build_gestures(settings, stack)
        return LiveModels(tracker, pose, gestures, stack.pop_all())


def start_live_models(settings: Settings) -> Future[LiveModels]:
    """The face and pose models installed (here: a missing model is a clear error now),
    then `build_live_models` on a thread of its own while the caller goes on importing
    and building the screen: the models' start-up is native code that lets go of the GIL
    (face and two pose models, about half a second on 2 cores, hidden behind Qt's imports).
    MediaPipe's Python is imported here, first: two threads importing at once contend for
    the GIL and the import locks and are slower than one after the other."""
    from kiosk.vision import mp_lazy

    model_path, pose_model = install_models(settings), install_pose_model(settings)

    mp_lazy.prepare()
    import mediapipe.tasks.python.vision  # noqa: F401  (the import itself is the point)

    done: Future[LiveModels] = Future()

    def build() -> None:
        try:
            done.set_result(build_live_models(settings, model_path, pose_model))
        except BaseException as exc:  # handed to whoever takes the models
            done.set_exception(exc)

    threading.Thread(target=build, name="models", daemon=True).start()
    return done


def build_pipeline(
    settings: Settings, mode: RunningMode, bodies: bool = False
) -> tuple[ExitStack, TryOnPipeline]:
    """Trackers in `mode` (installing models if needed) and a pipeline over them.
    `bodies` adds the pose tracker garments need; the hand tracker comes with
    `gestures.enabled` (live) or `lipstick.hands_in_front`. The returned stack closes
    the trackers: use it in a `with`."""
    stack = ExitStack()
    face = replace(settings.face, running_mode=mode)
    tracker = stack.enter_context(
        build_tracker(replace(settings, face=face), install_models(settings))
    )
    pose: BodyTracker | None = None
    if bodies:
        pose_model = install_pose_model(settings)
        b = settings.bodies
        pose = (
            PoseTracker(pose_model, mode="image", max_people=b.max_people)
            if mode == "image"
            else live_pose_tracker(pose_model, b.live_max_people)
        )
        stack.callback(pose.close)
    pipeline = TryOnPipeline(
        tracker,
        build_smoother(settings),
        build_refiner(settings, mode),
        pose=pose,
        garment_max_pixels=None if mode == "image" else LIVE_GARMENT_PIXELS,
        gestures=build_gestures(settings, stack, mode),
        colour_occluders=settings.lipstick.colour_occluders,
    )
    pipeline.face_ahead = settings.face.overlap
    pipeline.pose_ahead = settings.bodies.overlap
    stack.callback(pipeline.close)  # its face-, body- and hand-tracking threads
    return stack, pipeline


def fresh_trackers(
    settings: Settings, bodies: bool
) -> tuple[ExitStack, FaceTracker, BodyTracker | None]:
    """A new face tracker in video mode (and the live pose tracker with `bodies`), as the
    pipeline's own are built, for timing the models alone (`kiosk.bench`); the stack
    closes them."""
    stack = ExitStack()
    face_settings = replace(settings, face=replace(settings.face, running_mode="video"))
    face = stack.enter_context(build_tracker(face_settings, install_models(settings)))
    pose = None
    if bodies:
        pose = live_pose_tracker(install_pose_model(settings), settings.bodies.live_max_people)
        stack.callback(pose.close)
    return stack, face, pose
