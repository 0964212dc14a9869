"""What reading member QR codes and product barcodes costs the vision thread, and how well
it reads them.

1. Cost: CodeScanner's QR turn and barcode turn on real frames without any code (what
   almost every scan sees) and with a code held up, median and p95 per scan, and the
   average cost per camera frame at 30 fps with records.code_scan_interval_ms.
2. Reads: member QR (zxing-cpp drawn, on a phone screen warped into real frames, blur,
   noise, low contrast, JPEG; see tests/vision/code_frames.py) and EAN-13 by the width of
   the phone / box in the frame, over 4 clips x 3 blurs x 2 tilts x 2 contrasts.

    .venv/bin/python benchmarks/code_scan.py
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.config import RecordsSettings  # noqa: E402
from kiosk.vision.codes import CodeScanner  # noqa: E402
from tests.conftest import SHARED  # noqa: E402
from tests.vision.code_frames import Holding, draw_code, hold_up, read_frame  # noqa: E402

CLIPS = ["talk_d13.mp4", "body_openpose_street.mp4", "body_s20_upperbody.mp4", "talk_d3.mp4"]
MEMBER, EAN = "KMEMBER:1:Q7X4B9ZC2RTA", "4006381333931"


def clip_frames(name: str, count: int = 15) -> list[np.ndarray]:
    cap = cv2.VideoCapture(str(SHARED / "testdata" / "videos" / name))
    frames = []
    while len(frames) < count:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(frame)
        for _ in range(4):
            cap.grab()
    cap.release()
    return frames


def timed(scanner: CodeScanner, image: np.ndarray, only: str) -> float:
    start = time.perf_counter()
    scanner.decode_all(image, only=only)
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> int:
    settings = RecordsSettings()
    scanner = CodeScanner.from_settings(settings)
    print(f"max_side {scanner.max_side}, interval {scanner.interval_ms} ms (turns: QR, barcode)\n")
    print(f"{'clip':<28} {'size':>9} {'QR ms med/p95':>14} {'bar ms med/p95':>15} {'held QR':>8}")
    per_frame = []
    for name in CLIPS:
        frames = clip_frames(name)
        qr = [timed(scanner, f, "qr") for f in frames]
        bar = [timed(scanner, f, "bar") for f in frames]
        held = [
            timed(scanner, hold_up(f, draw_code(MEMBER, "qr"), Holding(0.28)), "qr")
            for f in frames[:5]
        ]
        h, w = frames[0].shape[:2]
        print(
            f"{name:<28} {w:>4}x{h:<4} {statistics.median(qr):>6.1f}/{p95(qr):<7.1f}"
            f" {statistics.median(bar):>6.1f}/{p95(bar):<8.1f} {statistics.median(held):>7.1f}"
        )
        scans_per_frame = (1000 / 30) / max(scanner.interval_ms, 1000 / 30)
        per_frame.append(scans_per_frame * (statistics.mean(qr) + statistics.mean(bar)) / 2)
    print(f"\naverage cost per 30 fps frame (no code in view): {statistics.mean(per_frame):.2f} ms")

    print(f"\n{'code':<6} {'width':>6} {'read':>7}")
    clips = [read_frame(SHARED / "testdata" / "videos" / n, 40) for n in CLIPS]
    full = CodeScanner(interval_ms=0, max_side=settings.code_scan_max_side)
    for kind, payload, scale in (("QR", MEMBER, 6), ("EAN-13", EAN, 3)):
        code = draw_code(payload, "qr" if kind == "QR" else "ean", scale)
        for width in (0.12, 0.16, 0.22, 0.3, 0.45):
            ok = n = 0
            for frame, blur, yaw, contrast in itertools.product(
                clips, (0.0, 1.0, 1.6), (0.0, 0.25), (0.35, 0.6)
            ):
                image = hold_up(
                    frame, code, Holding(width, yaw=yaw, contrast=contrast, blur_sigma=blur), n
                )
                ok += any(text == payload for text, _, _ in full.decode_all(image))
                n += 1
            print(f"{kind:<6} {width:>6.2f} {ok:>3}/{n:<3}")
    print("\nwidth = phone (or box) width / frame width; ~0.25 is a phone held 30-40 cm away")
    return 0


if __name__ == "__main__":
    sys.exit(main())
