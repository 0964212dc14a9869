"""Builders for the Qt-free services, shared by the window and the headless commands.

`kiosk bench`, `kiosk render` and `kiosk models` use these without importing Qt;
`kiosk.app` uses the same ones, so every entry point builds the pipeline one way.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from kiosk.config import Settings
from kiosk.modelstore import FACE_LANDMARKER, POSE_LANDMARKER, ModelStore
from kiosk.pipeline import TryOnPipeline
from kiosk.vision.face import FaceTracker, RunningMode
from kiosk.vision.lip_refine import LipRefiner
from kiosk.vision.pose import PoseTracker
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams


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


def build_refiner(settings: Settings) -> LipRefiner | None:
    return LipRefiner() if settings.lipstick.refine_edges else None


# Live video renders the garment on at most this many pixels of body box (a
# full-length shopper close to a 1080p mirror is ~0.6 MP): the frame rate holds.
LIVE_GARMENT_PIXELS = 90_000


def install_pose_model(settings: Settings) -> Path:
    return model_store(settings).ensure([POSE_LANDMARKER])[0]


def build_pipeline(
    settings: Settings, mode: RunningMode, bodies: bool = False
) -> tuple[ExitStack, TryOnPipeline]:
    """Trackers in `mode` (installing models if needed) and a pipeline over them.
    `bodies` adds the pose tracker garments need. The returned stack closes the
    trackers: use it in a `with`."""
    stack = ExitStack()
    face = replace(settings.face, running_mode=mode)
    tracker = stack.enter_context(
        build_tracker(replace(settings, face=face), install_models(settings))
    )
    pose = None
    if bodies:
        pose_model = install_pose_model(settings)
        pose = stack.enter_context(
            PoseTracker(pose_model, mode="image" if mode == "image" else "video")
        )
    pipeline = TryOnPipeline(
        tracker,
        build_smoother(settings),
        build_refiner(settings),
        pose=pose,
        garment_max_pixels=None if mode == "image" else LIVE_GARMENT_PIXELS,
    )
    stack.callback(pipeline.close)  # its body-tracking thread
    return stack, pipeline
