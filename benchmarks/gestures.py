"""What touchless gestures cost the live frame: the hand model alone, and the whole frame
with and without it.

1. The HandLandmarker on every frame: with a hand in view (tracking) and with none (the
   palm detector searching), median and p95 ms.
2. The pipeline as the vision worker runs it (face tracking and the lip contours, no
   shade), gestures off vs on with the rate governor (`gestures.idle_hz`, every frame
   while a hand is up): whole-frame median / p95 ms, the share of frames on which the
   hand model ran, and its mean cost per frame. Frames are fed as fast as possible with
   their video timestamps, so the governor sees the clip's own time.

    .venv/bin/python benchmarks/gestures.py [--idle-hz 5] [--max-hands 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.modelstore import FACE_LANDMARKER, HAND_LANDMARKER, ModelStore  # noqa: E402
from kiosk.pipeline import Look, TryOnPipeline  # noqa: E402
from kiosk.vision.face import FaceTracker  # noqa: E402
from kiosk.vision.gestures import GestureReader  # noqa: E402
from kiosk.vision.hands import HandRateGovernor, HandTracker  # noqa: E402
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams  # noqa: E402
from kiosk.vision.touchless import GestureWatch  # noqa: E402
from tests.helpers import SHARED  # noqa: E402

CLIPS = [
    ("videos", "talk_d13.mp4"),  # a talking face, no hand: the governor's idle rate
    ("videos", "body_s20_upperbody.mp4"),  # hands moving in view most of the time
    ("hands", "hands_swipe_right_2.mp4"),  # idle, a palm hold, a swipe, idle
]


def frames(folder: str, name: str) -> tuple[list[np.ndarray], float]:
    cap = cv2.VideoCapture(str(SHARED / "testdata" / folder / name))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    out = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        out.append(frame)
    cap.release()
    return out, fps


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def model_alone(hand_model: Path, max_hands: int) -> None:
    print(f"\nHandLandmarker on every frame (VIDEO mode, num_hands={max_hands}), median / p95 ms")
    print(f"{'clip':34s} {'frames':>6s} {'with hand':>22s} {'no hand':>22s}")
    for folder, name in CLIPS:
        images, fps = frames(folder, name)
        seen: list[float] = []
        empty: list[float] = []
        with HandTracker(hand_model, max_hands=max_hands) as tracker:
            for i, image in enumerate(images):
                result = tracker.detect(image, round(i * 1000 / fps))
                (seen if result.found else empty).append(result.inference_ms)
        print(f"{name:34s} {len(images):6d} {fmt(seen):>22s} {fmt(empty):>22s}")


def fmt(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):5.1f} / {p95(values):5.1f} ({len(values)})"


def pipeline_run(
    face_model: Path,
    hand_model: Path | None,
    images: list[np.ndarray],
    fps: float,
    hz: float,
    max_hands: int = 2,
) -> tuple[list[float], list[float]]:
    """(whole-frame ms, hand tracking ms) per frame."""
    totals, hands_ms = [], []
    with FaceTracker(face_model) as faces:
        hands = None
        if hand_model is not None:
            hands = HandTracker(hand_model, max_hands=max_hands)
        watch = None
        if hands is not None:
            watch = GestureWatch(hands, GestureReader(), HandRateGovernor(idle_hz=hz))
        pipeline = TryOnPipeline(faces, LandmarkSmoother(OneEuroParams()), gestures=watch)
        try:
            for i, image in enumerate(images):
                out = pipeline.process(image, i, round(i * 1000 / fps), Look(None))
                totals.append(out.times.total_ms)
                hands_ms.append(out.times.hands_ms)
        finally:
            pipeline.close()
            if hands is not None:
                hands.close()
    return totals, hands_ms


def with_pipeline(face_model: Path, hand_model: Path, hz: float, max_hands: int) -> None:
    print(f"\nWhole frame (face tracking + lip contours), gestures off vs on at idle {hz:g} Hz")
    head = f"{'clip':34s} {'off: median/p95':>16s} {'on: median/p95':>16s}"
    print(f"{head} {'model ran':>10s} {'hand ms/frame':>14s}")
    for folder, name in CLIPS:
        images, fps = frames(folder, name)
        off, _ = pipeline_run(face_model, None, images, fps, hz)
        on, hands_ms = pipeline_run(face_model, hand_model, images, fps, hz, max_hands)
        ran = sum(1 for ms in hands_ms if ms > 0) / len(hands_ms)
        print(
            f"{name:34s} {statistics.median(off):7.1f}/{p95(off):6.1f}   "
            f"{statistics.median(on):7.1f}/{p95(on):6.1f}   {ran:8.0%}   "
            f"{statistics.fmean(hands_ms):10.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--idle-hz", type=float, default=5.0)
    parser.add_argument("--max-hands", type=int, default=2)
    args = parser.parse_args()
    store = ModelStore.from_env(mirror=str(SHARED / "models"))
    face_model, hand_model = store.ensure([FACE_LANDMARKER, HAND_LANDMARKER])
    model_alone(hand_model, args.max_hands)
    with_pipeline(face_model, hand_model, args.idle_hz, args.max_hands)


if __name__ == "__main__":
    main()
