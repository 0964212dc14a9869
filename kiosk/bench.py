"""`kiosk bench`: the try-on pipeline over a file, without a window, in figures.

Frames are read as fast as possible (every frame, none dropped) and each stage
is timed; the FaceLandmarker's own inference time is measured in the same run,
so the overhead of everything around the model is plain to see.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from kiosk.config import Settings
from kiosk.errors import NoFaceError
from kiosk.pipeline import Look, TryOnPipeline
from kiosk.render.garment import PreparedGarment
from kiosk.render.shade import Shade
from kiosk.vision.capture import Frame, iter_frames
from kiosk.vision.sources import open_source

STAGES = (
    "capture",
    "tracking",
    "model inference",
    "pose tracking",
    "pose inference",
    "render",
    "frame",
    "latency",
)
FACE_ONLY = ("pose tracking", "pose inference")  # rows left out of a lipstick-only table


@dataclass
class BenchReport:
    source: str
    frames: int = 0
    frames_with_face: int = 0
    frames_with_body: int = 0
    frames_face_searched: int = 0  # frames the face model ran on (no face lately: fewer)
    garment: bool = False
    wall_s: float = 0.0
    samples: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STAGES})

    @property
    def fps(self) -> float:
        return self.frames / self.wall_s if self.wall_s > 0 else 0.0

    def table(self) -> str:
        lines = [
            f"source: {self.source}",
            f"frames: {self.frames}  with a face: {self.frames_with_face}  "
            + (f"with a body: {self.frames_with_body}  " if self.garment else "")
            + (
                f"face model run on: {self.frames_face_searched}  "
                if 0 < self.frames_face_searched < self.frames
                else ""
            )
            + f"wall: {self.wall_s:.2f} s  fps: {self.fps:.1f}",
            "",
            f"{'stage':<18}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}",
        ]
        for stage in STAGES:
            if stage in FACE_ONLY and not self.garment:
                continue
            values = np.array(self.samples[stage] or [0.0])
            lines.append(
                f"{stage:<18}{np.median(values):>10.2f}{np.percentile(values, 95):>10.2f}"
                f"{values.max():>10.2f}"
            )
        lines += self.overheads()
        return "\n".join(lines)

    def overheads(self) -> list[str]:
        """The median frame over the models' own median inference, measured in this run:
        what everything around the models costs, printed rather than worked out by hand."""
        frame = float(np.median(self.samples["frame"] or [0.0]))
        rows = {"face": "model inference", "pose": "pose inference"}
        if not self.garment:
            del rows["pose"]
        own = {k: float(np.median(self.samples[v] or [0.0])) for k, v in rows.items()}
        own = {k: v for k, v in own.items() if v > 0}
        if frame <= 0 or not own:
            return []
        parts = ", ".join(f"{k} model {v:.2f} ms" for k, v in own.items())
        out = ["", f"frame / models' own time: {frame / sum(own.values()):.2f}x ({parts})"]
        if len(own) > 1:
            out += [f"frame / {k} model's own time: {frame / v:.2f}x" for k, v in own.items()]
        if "pose" in own:  # the pose model may run while the last frame is painted
            latency = float(np.median(self.samples["latency"] or [0.0]))
            out.append(f"latency / pose model's own time: {latency / own['pose']:.2f}x")
        return out


def run_bench(
    settings: Settings,
    pipeline: TryOnPipeline,
    source_spec: str,
    shade: Shade | None,
    limit: int | None = None,
    garment: PreparedGarment | None = None,
    overlap: bool = False,
) -> BenchReport:
    """Every frame of the source through the pipeline, timed. `frame` is the time from
    one frame painted to the next (what the fps is made of); `latency` from a frame
    read to it painted. With a garment and `overlap` (`bodies.overlap`, as the live
    worker runs), the pose model starts on the next frame while this one is painted;
    without, each frame is read, tracked and painted before the next is read."""
    cap = settings.capture
    source = open_source(source_spec, realtime=False, loop=False, fps=cap.fps)
    lip = settings.lipstick
    look = Look(shade, lip.intensity, lip.feather, adapt_light=lip.adapt_light, garment=garment)
    report = BenchReport(source_spec, garment=garment is not None)
    frames = iter_frames(source, mirror=cap.mirror, rotate=cap.rotate, limit=limit)
    fetched: list[tuple[Frame, int, float, float]] = []  # the next frame, read early
    last_ts = 0

    def read() -> tuple[Frame, int, float, float] | None:
        """The next frame, its timestamp, when its reading began and ended."""
        nonlocal last_ts
        t0 = time.perf_counter()
        frame = next(frames, None)
        t1 = time.perf_counter()
        if frame is None:
            return None
        # Timestamps from the file's own frame rate keep the filters' timing real.
        last_ts = max(last_ts + 1, round(frame.index * 1000.0 / (frame.source_fps or 30.0)))
        return frame, last_ts, t0, t1

    def next_frame() -> tuple[np.ndarray, int] | None:
        """Handed to the pipeline: the next frame is read while this one is painted."""
        got = read()
        if got is None:
            return None
        fetched.append(got)
        return got[0].image, got[1]

    start = time.perf_counter()
    painted = start  # when the last frame was done
    while True:
        got = fetched.pop() if fetched else read()
        if got is None:
            break
        frame, ts, t0, t1 = got
        # Painted in place, as the live worker paints (the frame is ours: nothing reads
        # it after), so the figures carry no frame copy the mirror does not make.
        out = pipeline.process(
            frame.image,
            frame.index,
            ts,
            look,
            in_place=True,
            next_frame=next_frame if overlap else None,
        )
        done = time.perf_counter()
        t = out.times
        report.frames += 1
        report.frames_with_face += int(out.found)
        report.frames_with_body += int(out.bodies is not None and out.bodies.found)
        report.frames_face_searched += int(t.face_searched)
        for stage, value in zip(
            STAGES,
            (
                (t1 - t0) * 1000,
                t.tracking_ms,
                t.inference_ms,
                t.pose_ms,
                t.pose_inference_ms,
                t.render_ms,
                (done - painted) * 1000,
                (done - t1) * 1000,
            ),
            strict=True,
        ):
            if stage == "model inference" and not t.face_searched:
                continue  # the face model's own time: only the frames it ran on
            report.samples[stage].append(value)
        painted = done
    report.wall_s = time.perf_counter() - start
    if garment is not None and report.frames_with_body == 0:
        raise NoFaceError(
            f"nobody found in {report.frames} frame(s) of {source_spec}",
            "use a video or photo where a person's shoulders and hips are visible",
        )
    if garment is None and report.frames_with_face == 0:
        raise NoFaceError(
            f"no face found in {report.frames} frame(s) of {source_spec}",
            "use a video or photo where a face is clearly visible and facing the camera",
        )
    return report
