"""Measure MediaPipe's landmark offset by flip symmetry, without any ground truth.

A face and its mirror image must give mirrored landmarks: x in the original
equals W - x in the flipped image. Any consistent difference is an offset of
the landmark convention (half a pixel of the model's input crop), which
`kiosk.vision.face.LANDMARK_BIAS` removes. Prints the offset per image in face
sizes, before and after the correction. Run: .venv/bin/python benchmarks/landmark_bias.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kiosk.vision.face import LANDMARK_BIAS, FaceTracker, unbias

SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
VIDEOS = (
    "talk_d0",
    "talk_d10",
    "talk_d12",
    "talk_d18",
    "talk_d19",
    "talk_d3",
    "talk_d6",
    "talk_d13",
)


def frames() -> list[np.ndarray]:
    data = SHARED / "testdata"
    images = [cv2.imread(str(p)) for p in sorted((data / "faces").glob("*.jpg"))]
    images += [cv2.imread(str(p)) for p in sorted((data / "lips").glob("celebamask_?.jpg"))]
    for name in VIDEOS:
        cap = cv2.VideoCapture(str(data / "videos" / f"{name}.mp4"))
        for j in range(3):
            cap.set(cv2.CAP_PROP_POS_FRAMES, 20 + j * 40)
            ok, frame = cap.read()
            if ok:
                images.append(frame)
        cap.release()
    return images


def main() -> None:
    before, after = [], []
    with FaceTracker(SHARED / "models/face_landmarker.task", mode="image") as tracker:
        for image in frames():
            w = image.shape[1]
            a = tracker.detect(image)
            b = tracker.detect(np.ascontiguousarray(image[:, ::-1]))
            if not (a.found and b.found):
                continue
            fa, fb = a.faces[0], b.faces[0]
            # Raw landmarks: undo the correction that detect() applied.
            raw_a, raw_b = (
                unbias(fa.landmarks, -LANDMARK_BIAS),
                unbias(fb.landmarks, -LANDMARK_BIAS),
            )
            for store, la, lb in ((before, raw_a, raw_b), (after, fa.landmarks, fb.landmarks)):
                store.append((la[:, 0].mean() - (w - lb[:, 0]).mean()) / (2 * fa.size))
    for name, values in (("raw MediaPipe", before), ("after correction", after)):
        v = np.array(values)
        print(
            f"{name:18s} x offset / face size over {len(v)} frames: "
            f"median {np.median(v):+.5f}  mean {v.mean():+.5f}  std {v.std():.5f}"
        )


if __name__ == "__main__":
    main()
