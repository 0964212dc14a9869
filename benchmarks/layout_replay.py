"""How still the face-aware layout keeps the picture while a real head talks and sways.

Tracks the face on each talking-face video (FaceLandmarker, VIDEO mode), then replays the
boxes through `kiosk.ui.layout.LayoutState` on a 1080x1920 and a 1920x1080 kiosk whose fixed
UI (edge buttons, card, shelf) is where Main.qml puts it, at 30 looks a second and at 2 (a
slow software-GL window, whose head jumps further between looks). Each video is played three
times, as the kiosk's file source loops it. Per video and orientation it prints:

- re-placements: how often the layout chose a new place for the picture;
- zooms: how many of those changed the zoom (the picture pumping in and out);
- path: how far the picture travelled on screen (px), against how far the head did;
- covered: the share of looks where the face (padded head box) was not clear of the UI.

Run: .venv/bin/python benchmarks/layout_replay.py [--video talk_d3 ...]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.ui.layout import LayoutState, Rect, Scene  # noqa: E402
from kiosk.vision.face import FaceTracker  # noqa: E402

SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", REPO.parent / "shared")).resolve()
MODEL = Path(os.environ.get("KIOSK_MODEL_MIRROR", SHARED / "models")) / "face_landmarker.task"
LOOPS = 3
RATES = (30, 2)  # looks a second
# The fixed UI as measured in the real window (x, y, w, h; portrait from a kiosk-size window
# under Xvfb, landscape as tests/ui/test_layout_math.py's landscape kiosk).
PORTRAIT = {
    "fixed": [(0, 578, 140, 486), (945, 427, 119, 119), (940, 578, 119, 432), (108, 11, 248, 86)],
    "shelf_top": 1588.0,
    "card": (702.0, 100.0),
}
LANDSCAPE = {
    "fixed": [(0, 160, 140, 480), (1796, 33, 108, 560), (20, 10, 340, 85)],
    "shelf_top": 756.0,
    "card": (702.0, 100.0),
}


def scene(orientation: str, frame_w: float, frame_h: float) -> Scene:
    spec, (w, h) = (
        (PORTRAIT, (1080, 1920)) if orientation == "portrait" else (LANDSCAPE, (1920, 1080))
    )
    shelf_top = float(spec["shelf_top"])  # type: ignore[arg-type]
    card_w, card_h = spec["card"]  # type: ignore[misc]
    fixed = tuple(Rect.of(*f) for f in spec["fixed"])  # type: ignore[attr-defined]
    return Scene(w, h, frame_w, frame_h, shelf_top, card_w, card_h, shelf_top, fixed, w / 100)


def face_boxes(video: Path, tracker: FaceTracker, start_ms: int) -> tuple[np.ndarray, int, int]:
    """(n, 4) face boxes (NaN where none), the frame's width and height."""
    cap = cv2.VideoCapture(str(video))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    boxes, size, i = [], (0, 0), 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        size = (frame.shape[1], frame.shape[0])
        found = tracker.detect(frame, start_ms + int(i * 1000 / fps))
        boxes.append(found.faces[0].bbox if found.faces else (math.nan,) * 4)
        i += 1
    cap.release()
    return np.array(boxes, float), size[0], size[1]


def replay(boxes: np.ndarray, sc: Scene, rate: int) -> dict[str, float]:
    state = LayoutState()
    step = max(1, round(30 / rate))
    moves = zooms = covered = looks = 0
    picture = head = 0.0
    before = None
    for k in range(LOOPS):
        for i in range(0, len(boxes), step):
            t = (k * len(boxes) + i) / 30
            b = boxes[i]
            face = None if math.isnan(b[0]) else Rect(*b)
            out = state.update(sc, face, t)
            target = state.target
            if face is not None:
                looks += 1
                covered += not out.clear
            if before is not None and target is not None and before[0] is not None:
                was, was_face = before
                if target != was:
                    moves += 1
                    zooms += target.scale != was.scale
                    picture += math.hypot(target.x - was.x, target.y - was.y)
                if face is not None and was_face is not None:
                    head += math.dist(face.centre, was_face.centre) * target.scale
            before = (target, face)
    return {
        "moves": moves,
        "zooms": zooms,
        "picture": picture,
        "head": head,
        "covered": covered / max(1, looks),
        "looks": looks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--video", nargs="*", help="talking-face video stems (default: all)")
    args = parser.parse_args()
    videos = sorted((SHARED / "testdata" / "videos").glob("talk_*.mp4"))
    if args.video:
        videos = [v for v in videos if v.stem in args.video]
    print(
        f"{'video':10} {'kiosk':9} {'looks/s':>7} {'re-placed':>9} {'zooms':>5} "
        f"{'path px':>8} {'head px':>8} {'covered':>7}"
    )
    totals: dict[tuple[str, int], list[float]] = {}
    start_ms = 0
    with FaceTracker(MODEL, mode="video") as tracker:
        for video in videos:
            boxes, fw, fh = face_boxes(video, tracker, start_ms)
            start_ms += len(boxes) * 40 + 1000
            for orientation in ("portrait", "landscape"):
                for rate in RATES:
                    r = replay(boxes, scene(orientation, fw, fh), rate)
                    t = totals.setdefault((orientation, rate), [0, 0, 0.0, 0.0, 0.0, 0])
                    for j, key in enumerate(("moves", "zooms", "picture", "head")):
                        t[j] += r[key]
                    t[4] += r["covered"] * r["looks"]
                    t[5] += r["looks"]
                    print(
                        f"{video.stem:10} {orientation:9} {rate:7d} {r['moves']:9d} "
                        f"{r['zooms']:5d} {r['picture']:8.0f} {r['head']:8.0f} "
                        f"{r['covered']:7.3f}"
                    )
    for (orientation, rate), (moves, zooms, picture, head, covered, looks) in totals.items():
        print(
            f"{'all':10} {orientation:9} {rate:7d} {moves:9.0f} {zooms:5.0f} "
            f"{picture:8.0f} {head:8.0f} {covered / max(1, looks):7.3f}"
        )


if __name__ == "__main__":
    main()
