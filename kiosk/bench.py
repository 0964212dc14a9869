"""`kiosk bench`: the try-on pipeline over a file, without a window, in figures.

Frames are read as fast as possible (every frame, none dropped) and each stage
is timed; the FaceLandmarker's own inference time is measured in the same run,
so the overhead of everything around the model is plain to see. `paced`: the file
plays at its own frame rate through the live capture thread, and the pipeline takes
the newest frame as the mirror's worker does (what it could not keep up with is
dropped and counted). `size`: every frame scaled to a camera's size first (a 720p
camera's frames, whatever the file's), so one clip times every resolution.
"""

from __future__ import annotations

import contextlib
import os
import queue
import resource
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.config import Settings
from kiosk.errors import NoFaceError
from kiosk.ops import thread_cpu
from kiosk.pipeline import Look, StageTimes, TryOnPipeline
from kiosk.render import gpu as lip_gpu
from kiosk.render.cosmetics import FaceMakeup
from kiosk.render.garment import PreparedGarment
from kiosk.render.makeup_gpu import makeup_masks, makeup_uniforms
from kiosk.render.shade import Shade
from kiosk.vision.capture import CaptureThread, Frame, iter_frames
from kiosk.vision.face import FaceTracker
from kiosk.vision.mp_input import prepare_input
from kiosk.vision.pose import BodyTracker, PoseResult
from kiosk.vision.sources import FrameSource, ImageSource, open_source

STAGES = (
    "capture",
    "tracking",
    "model inference",
    "pose tracking",
    "pose inference",
    "hand tracking",
    "hand inference",
    "render",
    "gpu packing",
    "frame",
    "latency",
)
# Frames timed on a still photo when --frames is not given (video files run to their end).
PHOTO_FRAMES = 150
FACE_ONLY = ("pose tracking", "pose inference")  # rows left out of a lipstick-only table
# Timed on the frames the hand model ran on (a few a second until a hand is up): it runs on
# its own thread beside the face model, so its time is in the frame only where it waits.
HAND_ROWS = ("hand tracking", "hand inference")
# Rows shown only when something was timed in them (the hand model ran; --gpu).
SOMETIMES = (*HAND_ROWS, "gpu packing")


@dataclass
class BenchReport:
    source: str
    frames: int = 0
    frames_with_face: int = 0
    frames_with_body: int = 0
    frames_face_searched: int = 0  # frames the face model ran on (no face lately: fewer)
    garment: bool = False
    wall_s: float = 0.0
    size: tuple[int, int] | None = None  # frames scaled to this (w, h); None: the file's
    paced: bool = False  # played at the file's frame rate, the newest frame taken
    # the first face's layers left to the GPU compositor (as the mirror does when its
    # shaders bake): `render` is then everything else, and `gpu packing` their masks and
    # uniforms made ready for the shaders; the CPU side of the GPU path is the two
    gpu: bool = False
    frames_captured: int = 0  # paced: frames the capture thread read (shown or dropped)
    # Each model alone on the same frames, in the same run ("face"/"pose" -> ms per frame):
    # what an app that did nothing but run the model would cost.
    alone: dict[str, list[float]] = field(default_factory=dict)
    # CPU ms per frame by kind of thread (kiosk.ops.thread_cpu), over the timed frames, and
    # the process's CPU ms per frame while the models ran alone.
    cpu_ms: dict[str, float] = field(default_factory=dict)
    alone_cpu_ms: float = 0.0
    cpu_start: thread_cpu.Snapshot | None = field(default=None, repr=False)
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
            *self._pacing(),
            "",
            f"{'stage':<18}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}",
        ]
        for stage in STAGES:
            if (stage in FACE_ONLY and not self.garment) or (stage == "capture" and self.paced):
                continue
            if stage in SOMETIMES and not self.samples[stage]:
                continue  # the hand model did not run (hands in front and gestures off)
            values = np.array(self.samples[stage] or [0.0])
            lines.append(
                f"{stage:<18}{np.median(values):>10.2f}{np.percentile(values, 95):>10.2f}"
                f"{values.max():>10.2f}"
            )
        for name, alone in self.alone.items():
            a = np.array(alone or [0.0])
            lines.append(
                f"{name + ' alone':<18}{np.median(a):>10.2f}{np.percentile(a, 95):>10.2f}"
                f"{a.max():>10.2f}"
            )
        lines += self.overheads()
        lines += self.cpu_table()
        return "\n".join(lines)

    def take_cpu(self) -> None:
        """The CPU used since `cpu_start`, per frame, by kind of thread: taken while the
        frame source's thread is still alive (a thread that ended is not in /proc)."""
        if self.cpu_start is not None and self.frames:
            used = thread_cpu.used_between(self.cpu_start, thread_cpu.snapshot())
            self.cpu_ms = {kind: s * 1000.0 / self.frames for kind, s in used.items()}

    def cpu_table(self) -> list[str]:
        """Where the frame's CPU went, by thread, and the shortest frame it allows on this
        machine's cores however well the threads overlap."""
        if not self.cpu_ms:
            return []
        cores = os.cpu_count() or 1
        total = sum(self.cpu_ms.values())
        out = ["", f"CPU per frame by thread (ms; {cores} cores):"]
        out += [f"  {kind:<32}{ms:>8.2f}" for kind, ms in self.cpu_ms.items() if ms >= 0.05]
        floor = total / cores
        out.append(
            f"  {'all':<32}{total:>8.2f}: no frame shorter than {floor:.2f} ms on {cores} cores"
        )
        # The models alone ran one after the other on each frame: their walls add up.
        alone_wall = sum(float(np.median(v or [0.0])) for v in self.alone.values())
        if self.alone_cpu_ms > 0 and alone_wall > 0:
            which = " and ".join(self.alone) + (" models" if len(self.alone) > 1 else " model")
            out.append(
                f"{which} alone: {self.alone_cpu_ms:.2f} ms of CPU per frame "
                f"({alone_wall:.2f} ms wall); this run's CPU over {cores} cores: "
                f"{floor / alone_wall:.2f}x their wall time alone"
            )
        return out

    @property
    def dropped(self) -> int:
        """Paced: frames the camera delivered that the pipeline never took."""
        return max(self.frames_captured - self.frames, 0) if self.paced else 0

    def _pacing(self) -> list[str]:
        size = f"{self.size[0]}x{self.size[1]}" if self.size else "the file's own"
        gpu = ["the face's layers left to the GPU (render + gpu packing: its CPU side)"]
        gpu = gpu if self.gpu else []
        if not self.paced:
            return [f"frame size: {size}; every frame, as fast as they are processed", *gpu]
        return [
            f"frame size: {size}; paced at the file's frame rate, newest frame taken: "
            f"{self.frames_captured} captured, {self.dropped} dropped",
            *gpu,
        ]

    def median(self, stage: str) -> float:
        return float(np.median(self.samples[stage] or [0.0]))

    def p95(self, stage: str) -> float:
        return float(np.percentile(self.samples[stage] or [0.0], 95))

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
        out += [
            f"frame / {k} model alone: {self.ratio_alone(k):.2f}x "
            f"({k} model alone on the same frames: {np.median(v):.2f} ms)"
            for k, v in self.alone.items()
            if v
        ]
        return out

    def ratio_alone(self, model: str) -> float:
        """The median frame over the median of `model` alone on the same frames."""
        own = float(np.median(self.alone.get(model) or [0.0]))
        return self.median("frame") / own if own > 0 else 0.0


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
                    self._stop.wait()  # alive until closed: its CPU is counted (/proc)
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


def cover_size(shape: tuple[int, int], size: tuple[int, int]) -> tuple[int, int]:
    """`size` (w, h) turned to the frame's own orientation: a portrait clip timed "at
    1280x720" is a portrait camera's 720x1280."""
    w, h = size
    portrait = shape[0] > shape[1]
    return (min(w, h), max(w, h)) if portrait else (max(w, h), min(w, h))


def scale_to(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`image` scaled to cover `size` (w, h, in its own orientation) and cropped to it,
    centred: what a camera of that size would have delivered of the same scene."""
    w, h = cover_size(image.shape[:2], size)
    ih, iw = image.shape[:2]
    if (iw, ih) == (w, h):
        return image
    k = max(w / iw, h / ih)
    sw, sh = max(w, round(iw * k)), max(h, round(ih * k))
    scaled = cv2.resize(
        image, (sw, sh), interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    )
    x, y = (sw - w) // 2, (sh - h) // 2
    return np.ascontiguousarray(scaled[y : y + h, x : x + w])


class ScaledSource:
    """A frame source whose every image is `scale_to(size)`: the pipeline sees a camera of
    that size (the scaling is the capture's cost, not the frame's)."""

    def __init__(self, source: FrameSource, size: tuple[int, int]) -> None:
        self.source, self.size = source, size
        self.description = f"{source.description} at {size[0]}x{size[1]}"
        self.is_live = source.is_live

    @property
    def fps(self) -> float:
        return self.source.fps

    @property
    def ended(self) -> bool:
        return bool(getattr(self.source, "ended", False))

    @property
    def realtime(self) -> bool:
        return bool(getattr(self.source, "realtime", False))

    @realtime.setter
    def realtime(self, on: bool) -> None:
        if hasattr(self.source, "realtime"):
            self.source.realtime = on

    def open(self) -> None:
        self.source.open()

    def read(self) -> np.ndarray | None:
        image = self.source.read()
        return None if image is None else scale_to(image, self.size)

    def close(self) -> None:
        self.source.close()


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024.0 * 1024.0) if sys.platform == "darwin" else peak / 1024.0


def run_bench(
    settings: Settings,
    pipeline: TryOnPipeline,
    source_spec: str,
    shade: Shade | None,
    limit: int | None = None,
    garment: PreparedGarment | None = None,
    overlap: bool = False,
    size: tuple[int, int] | None = None,
    paced: bool = False,
    makeup: FaceMakeup | None = None,
    intensity: float | None = None,
    gpu: bool = False,
) -> BenchReport:
    """Every frame of the source through the pipeline, timed. Frames are decoded one
    ahead on a thread of their own (as the capture thread does live; `capture` is the
    decoding). `frame` is the time from one frame painted to the next (what the fps is
    made of); `latency` from a frame taken to it painted. With a garment and `overlap`
    (`bodies.overlap`, as the live worker runs), the pose model starts on the next frame
    while this one is painted; without, each frame is tracked once the last is painted.
    `size`: frames scaled to it first; `paced`: played at the file's own frame rate
    through the live capture thread, the newest frame taken (see the module's words).
    `makeup`: eyes, cheeks and brows painted too (a whole look, `intensity` its lips');
    `gpu`: the first face's layers prepared for the GPU compositor, not painted here."""
    cap = settings.capture
    source: FrameSource = open_source(source_spec, realtime=paced, loop=False, fps=cap.fps)
    if limit is None and isinstance(source, ImageSource):
        limit = PHOTO_FRAMES  # a still photo is an endless stream of the same frame
    if size is not None:
        source = ScaledSource(source, size)
    lip = settings.lipstick
    look = Look(
        shade,
        lip.intensity if intensity is None else intensity,
        lip.feather,
        adapt_light=lip.adapt_light,
        garment=garment,
        makeup=makeup,
    )
    report = BenchReport(source_spec, garment=garment is not None, size=size, paced=paced, gpu=gpu)
    report.cpu_start = thread_cpu.snapshot()
    if paced:
        _run_paced(settings, pipeline, source, look, report, limit, overlap)
    else:
        _run_fast(settings, pipeline, source, look, report, limit, overlap)
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


def _run_fast(
    settings: Settings,
    pipeline: TryOnPipeline,
    source: FrameSource,
    look: Look,
    report: BenchReport,
    limit: int | None,
    overlap: bool,
) -> None:
    """Every frame, as fast as the pipeline takes them."""
    cap = settings.capture
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
            done = _paint(pipeline, frame, ts, look, next_frame if overlap else None, report)
            report.samples["capture"].append(decode_ms)
            report.samples["frame"].append((done - painted) * 1000)
            report.samples["latency"].append((done - taken) * 1000)
            painted = done
    finally:
        report.take_cpu()
        reader.close()
    report.wall_s = time.perf_counter() - start


def _run_paced(
    settings: Settings,
    pipeline: TryOnPipeline,
    source: FrameSource,
    look: Look,
    report: BenchReport,
    limit: int | None,
    overlap: bool,
) -> None:
    """The file at its own frame rate through the live capture thread, the newest frame
    taken as the mirror's worker takes it; `latency` is from the capture thread's stamp
    to the frame painted, `capture` is not timed (it runs beside, as a camera does)."""
    cap = settings.capture
    thread = CaptureThread(source, mirror=cap.mirror, rotate=cap.rotate)
    last_index, last_ts = -1, -1
    upcoming: Frame | None = None

    def next_frame() -> tuple[np.ndarray, int] | None:
        nonlocal upcoming
        upcoming = thread.get_newer(last_index, timeout=0)
        if upcoming is None:
            return None
        return upcoming.image, max(upcoming.timestamp_ms, last_ts + 1)

    with thread:
        start = time.perf_counter()
        painted = start
        while limit is None or report.frames < limit:
            frame, upcoming = upcoming, None
            if frame is None:
                frame = thread.get_newer(last_index, timeout=0.5)
            if frame is None:
                if thread.state in ("ended", "stopped"):
                    break
                continue
            last_index = frame.index
            ts = max(frame.timestamp_ms, last_ts + 1)
            last_ts = ts
            done = _paint(pipeline, frame, ts, look, next_frame if overlap else None, report)
            report.samples["frame"].append((done - painted) * 1000)
            report.samples["latency"].append(time.monotonic() * 1000.0 - frame.timestamp_ms)
            painted = done
        report.wall_s = time.perf_counter() - start
        report.frames_captured = last_index + 1  # every frame up to the last one taken
        report.take_cpu()


def time_models_alone(
    settings: Settings,
    source_spec: str,
    face: FaceTracker,
    pose: BodyTracker | None = None,
    limit: int | None = None,
    size: tuple[int, int] | None = None,
) -> tuple[dict[str, list[float]], float]:
    """The face model (and the pose model, given one), each alone, fresh, in video mode,
    on the frames `run_bench` was given (scaled alike), one after the other: per frame,
    the call that feeds it the BGR frame and returns its result. The reference a frame's
    cost is held against. The trackers must be new (their timestamps start here). Also
    the process's CPU ms per frame meanwhile (from the second frame on)."""
    cap = settings.capture
    source: FrameSource = open_source(source_spec, realtime=False, loop=False, fps=cap.fps)
    if limit is None and isinstance(source, ImageSource):
        limit = PHOTO_FRAMES
    if size is not None:
        source = ScaledSource(source, size)
    times: dict[str, list[float]] = {"face": []}
    if pose is not None:
        times["pose"] = []
    for frame in iter_frames(source, mirror=cap.mirror, rotate=cap.rotate, limit=limit):
        if len(times["face"]) == 1:  # CPU from the second frame on, as the times
            cpu_from = thread_cpu.snapshot()
        ts = round(frame.index * 1000.0 / (frame.source_fps or 30.0)) + 1
        t0 = time.perf_counter()
        face.detect(prepare_input(frame.image), ts)
        t1 = time.perf_counter()
        times["face"].append((t1 - t0) * 1000.0)
        if pose is not None:
            pose.detect(prepare_input(frame.image), ts)
            times["pose"].append((time.perf_counter() - t1) * 1000.0)
    cpu_ms = 0.0
    if len(times["face"]) > 1:
        used = thread_cpu.used_between(cpu_from, thread_cpu.snapshot())
        cpu_ms = sum(used.values()) * 1000.0 / (len(times["face"]) - 1)
    return times, cpu_ms


def _paint(
    pipeline: TryOnPipeline,
    frame: Frame,
    ts: int,
    look: Look,
    next_frame: Callable[[], tuple[np.ndarray, int] | None] | None,
    report: BenchReport,
) -> float:
    """One frame through the pipeline, painted in place as the live worker paints (the
    frame is ours: nothing reads it after), counted into `report`; when it was done."""
    out = pipeline.process(
        frame.image, frame.index, ts, look, in_place=True, defer=int(report.gpu),
        next_frame=next_frame,
    )  # fmt: skip
    _count(report, out.found, out.bodies, out.times)
    if report.gpu:  # what the worker hands the shaders (kiosk.ui.worker), without Qt
        start = time.perf_counter()
        for lips in out.deferred:
            lip_gpu.mask_weights(lips)
            lip_gpu.layer_uniforms(lips)
        for made_up in out.makeup_deferred:
            makeup_masks(made_up)
            makeup_uniforms(made_up)
        report.samples["gpu packing"].append((time.perf_counter() - start) * 1000)
    return time.perf_counter()


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
    if t.hands_ms > 0:
        report.samples["hand tracking"].append(t.hands_ms)
        report.samples["hand inference"].append(t.hands_inference_ms)
