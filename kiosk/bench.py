"""`kiosk bench`: the try-on pipeline over a file, without a window, in figures.

Frames are read as fast as possible (every frame, none dropped) and each stage
is timed; the FaceLandmarker's own inference time is measured in the same run,
so the overhead of everything around the model is plain to see.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field

import numpy as np

from kiosk.config import Settings
from kiosk.errors import NoFaceError
from kiosk.pipeline import Look, StageTimes, TryOnPipeline
from kiosk.render.garment import PreparedGarment
from kiosk.render.shade import Shade
from kiosk.vision.capture import Frame, iter_frames
from kiosk.vision.pose import PoseResult
from kiosk.vision.sources import ImageSource, open_source

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
# Frames timed on a still photo when --frames is not given (video files run to their end).
PHOTO_FRAMES = 150
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


class FrameReader:
    """Decodes the file's frames on a thread of their own, one frame ahead, as the capture
    thread does live: the frame path does not wait on decoding a frame that was ready (on
    two cores it is decoded while the pose model runs). Every frame, none dropped."""

    def __init__(self, frames: Iterator[Frame]) -> None:
        self._frames = frames
        self._queue: queue.Queue[tuple[Frame | None, float] | Exception] = queue.Queue(1)
        self._stop = threading.Event()
        self._ended = False
        self._thread = threading.Thread(target=self._run, name="bench-reader", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        frames = self._frames
        try:
            while not self._stop.is_set():
                t0 = time.perf_counter()
                frame = next(frames, None)
                self._queue.put((frame, (time.perf_counter() - t0) * 1000.0))
                if frame is None:
                    return
        except Exception as exc:  # handed to the reader's caller, raised there
            self._queue.put(exc)
        finally:
            if isinstance(frames, Generator):
                frames.close()  # the source is closed, read to its end or not

    def get(self) -> tuple[Frame | None, float]:
        """The next frame (None: the end, and from then on) and its decoding ms."""
        if self._ended:
            return None, 0.0
        item = self._queue.get()
        if isinstance(item, Exception):
            raise item
        self._ended = item[0] is None
        return item

    def close(self) -> None:
        self._stop.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):  # a frame no one will take: make room
                self._queue.get(timeout=0.05)
        self._thread.join()


def run_bench(
    settings: Settings,
    pipeline: TryOnPipeline,
    source_spec: str,
    shade: Shade | None,
    limit: int | None = None,
    garment: PreparedGarment | None = None,
    overlap: bool = False,
) -> BenchReport:
    """Every frame of the source through the pipeline, timed. Frames are decoded one
    ahead on a thread of their own (as the capture thread does live; `capture` is the
    decoding). `frame` is the time from one frame painted to the next (what the fps is
    made of); `latency` from a frame taken to it painted. With a garment and `overlap`
    (`bodies.overlap`, as the live worker runs), the pose model starts on the next frame
    while this one is painted; without, each frame is tracked once the last is painted."""
    cap = settings.capture
    source = open_source(source_spec, realtime=False, loop=False, fps=cap.fps)
    if limit is None and isinstance(source, ImageSource):
        limit = PHOTO_FRAMES  # a still photo is an endless stream of the same frame
    lip = settings.lipstick
    look = Look(shade, lip.intensity, lip.feather, adapt_light=lip.adapt_light, garment=garment)
    report = BenchReport(source_spec, garment=garment is not None)
    reader = FrameReader(iter_frames(source, mirror=cap.mirror, rotate=cap.rotate, limit=limit))
    fetched: list[tuple[Frame, int, float, float]] = []  # the next frame, taken early
    last_ts = 0

    def read() -> tuple[Frame, int, float, float] | None:
        """The next frame, its timestamp, its decoding ms and when it was taken."""
        nonlocal last_ts
        frame, decode_ms = reader.get()
        if frame is None:
            return None
        # Timestamps from the file's own frame rate keep the filters' timing real.
        last_ts = max(last_ts + 1, round(frame.index * 1000.0 / (frame.source_fps or 30.0)))
        return frame, last_ts, decode_ms, time.perf_counter()

    def next_frame() -> tuple[np.ndarray, int] | None:
        """Handed to the pipeline: the next frame is taken while this one is painted."""
        got = read()
        if got is None:
            return None
        fetched.append(got)
        return got[0].image, got[1]

    start = time.perf_counter()
    painted = start  # when the last frame was done
    try:
        while True:
            got = fetched.pop() if fetched else read()
            if got is None:
                break
            frame, ts, decode_ms, taken = got
            # Painted in place, as the live worker paints (the frame is ours: nothing
            # reads it after), so the figures carry no frame copy the mirror does not make.
            out = pipeline.process(
                frame.image,
                frame.index,
                ts,
                look,
                in_place=True,
                next_frame=next_frame if overlap else None,
            )
            done = time.perf_counter()
            _count(report, out.found, out.bodies, out.times)
            report.samples["capture"].append(decode_ms)
            report.samples["frame"].append((done - painted) * 1000)
            report.samples["latency"].append((done - taken) * 1000)
            painted = done
    finally:
        reader.close()
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


def _count(report: BenchReport, found: bool, bodies: PoseResult | None, t: StageTimes) -> None:
    """One frame's pipeline stages into the report."""
    report.frames += 1
    report.frames_with_face += int(found)
    report.frames_with_body += int(bodies is not None and bodies.found)
    report.frames_face_searched += int(t.face_searched)
    if t.face_searched:  # the face model's own time: only the frames it ran on
        report.samples["model inference"].append(t.inference_ms)
    report.samples["tracking"].append(t.tracking_ms)
    report.samples["pose tracking"].append(t.pose_ms)
    report.samples["pose inference"].append(t.pose_inference_ms)
    report.samples["render"].append(t.render_ms)
