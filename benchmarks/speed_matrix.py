"""The mirror's speed, every way it runs: lipstick, garment and both; 640x480, 1280x720 and
1920x1080 cameras; frames as fast as they go and paced at the file's 30 fps (the newest
frame taken, as the live worker takes it). Each row is one `kiosk bench` run (a fresh
pipeline), and the models' own time is measured alone on the same frames in the same
process, so the overhead ratios are printed, not worked out by hand.

Columns: fps; frame (one frame painted to the next) median and p95; latency (frame taken
to painted) p95; frames dropped (paced); the face and pose models' own median time alone;
frame / model alone; the pipeline's render stage median. Peak RSS at the end.

Run: .venv/bin/python benchmarks/speed_matrix.py [--frames N] [--modes lipstick,both]
     [--sizes 1280x720] [--pacing fast,paced]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kiosk.bench import BenchReport, peak_rss_mb, run_bench, time_models_alone
from kiosk.catalog.garments import load_garments
from kiosk.catalog.shades import load_shades
from kiosk.config import load_settings
from kiosk.garments.prepared import prepare_product
from kiosk.services import build_pipeline, fresh_trackers

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", REPO.parent / "shared"))
VIDEOS = SHARED / "testdata" / "videos"
SOURCES = {
    "lipstick": "talk_d13.mp4",
    "garment": "body_s20_upperbody.mp4",
    "both": "body_s20_upperbody.mp4",
}
SIZES = ((640, 480), (1280, 720), (1920, 1080))


def _alone(report: BenchReport, model: str) -> tuple[str, str]:
    """The model's median time alone, and the frame over it ('-' where it did not run)."""
    times = report.alone.get(model)
    if not times:
        return f"{'-':>6}", f"{'-':>8}"
    return f"{float(np.median(times)):6.1f}", f"{report.ratio_alone(model):7.2f}x"


def _row(mode: str, size: tuple[int, int], report: BenchReport) -> str:
    (face, face_x), (pose, pose_x) = _alone(report, "face"), _alone(report, "pose")
    return (
        f"{mode:<9}{size[0]:>5}x{size[1]:<5}{'paced' if report.paced else 'fast':<7}"
        f"{report.fps:6.1f}{report.median('frame'):8.1f}{report.p95('frame'):8.1f}"
        f"{report.p95('latency'):8.1f}{report.dropped:6d}"
        f"{face}{pose}{face_x}{pose_x}{report.median('render'):7.1f}"
        f"{sum(report.cpu_ms.values()):7.1f}{report.cpu_ms.get('MainThread', 0.0):7.1f}"
    )


HEADER = (
    f"{'mode':<9}{'camera':<11}{'pacing':<7}{'fps':>6}{'frame':>8}{'p95':>8}{'lat95':>8}"
    f"{'drop':>6}{'face':>6}{'pose':>6}{'/face':>8}{'/pose':>8}{'render':>7}{'cpu':>7}{'main':>7}\n"
    f"{'':<27}{'':>6}{'ms':>8}{'ms':>8}{'ms':>8}{'':>6}{'alone':>6}{'alone':>6}"
    f"{'alone':>8}{'alone':>8}{'ms':>7}{'ms/f':>7}{'ms/f':>7}"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=150)
    parser.add_argument("--modes", default="lipstick,garment,both")
    parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES))
    parser.add_argument("--pacing", default="fast,paced")
    args = parser.parse_args()
    settings = load_settings(profile="developer")
    shade = load_shades(settings.catalog.resolved_path())[0].shade
    garment = prepare_product(load_garments()[0])
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",")]
    print(f"load average at the start: {Path('/proc/loadavg').read_text().split()[:3]}")
    print(HEADER)
    for mode in args.modes.split(","):
        video = str(VIDEOS / SOURCES[mode])
        bodies = mode != "lipstick"
        for w, h in sizes:
            models, face, pose = fresh_trackers(settings, bodies)
            with models:
                alone, alone_cpu = time_models_alone(
                    settings, video, face, pose, args.frames, (w, h)
                )
            for pacing in args.pacing.split(","):
                stack, pipeline = build_pipeline(settings, "video", bodies=bodies)
                with stack:
                    report = run_bench(
                        settings,
                        pipeline,
                        video,
                        None if mode == "garment" else shade,
                        args.frames,
                        garment if bodies else None,
                        settings.face.overlap or settings.bodies.overlap,
                        (w, h),
                        pacing == "paced",
                    )
                report.alone, report.alone_cpu_ms = alone, alone_cpu
                print(_row(mode, (w, h), report), flush=True)
    print(f"peak memory (RSS) of this process: {peak_rss_mb():.0f} MB")
    print(f"load average at the end: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
