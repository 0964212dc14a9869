"""Tune the One Euro landmark filter: a still face must give a still lipstick overlay and a
moving face must be followed without visible lag.

1. Ground-truth motion: real face photos are moved along a known trajectory (still, slow
   drift, still, fast shake, still, fast step, still) with fresh camera noise every frame,
   tracked by FaceTracker in VIDEO mode, and the filtered lip landmarks are compared with
   the truth (IMAGE-mode landmarks of the clean photo plus the known shift).
2. Real talking videos: still-face jitter and deviation from the raw landmarks (lag proxy)
   for a shortlist.

Each clip is tracked once; the raw landmarks stay in memory and only the filter re-runs for
each candidate. Two tracker set-ups are measured, because in VIDEO and LIVE_STREAM mode with
max_faces=1 MediaPipe's FaceLandmarker already smooths the landmarks with its own One Euro
filter, while with max_faces>1 it does not:

    max_faces=2  unsmoothed landmarks: where our filter must remove the jitter;
    max_faces=1  (the kiosk default) our filter runs on top of MediaPipe's: extra lag.

    .venv/bin/python benchmarks/smoothing_tune.py

Test data and model are read in place from $KIOSK_SHARED_DIR (default ../shared).
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.vision.face import Face, FaceResult, FaceTracker  # noqa: E402
from kiosk.vision.lips import INNER_LIP, OUTER_LIP  # noqa: E402
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroFilter, OneEuroParams  # noqa: E402

SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", REPO.parent / "shared")).resolve()
LIP = np.array(OUTER_LIP + INNER_LIP)
FPS = 30.0
NOISE_SIGMAS = (4.0, 8.0)  # grey levels per pixel and frame: a good sensor, a dim shop
SETTLE_S = 0.33  # this long after a move stops still counts as "following the move"
PHOTOS = (("lips/celebamask_0.jpg", 640), ("faces/mouth_open_d19.jpg", None))
VIDEOS = ("talk_d0", "talk_d3", "talk_d10", "talk_d12", "talk_d18", "talk_d19")
UNSMOOTHED, SMOOTHED = 2, 1  # max_faces of the two tracker set-ups
SETUP_NAME = {
    UNSMOOTHED: "max_faces=2: unsmoothed landmarks",
    SMOOTHED: "max_faces=1 (kiosk default): MediaPipe's own One Euro filter already applied",
}

MEDIAPIPE = OneEuroParams(0.05, 80.0, 1.0)
GRID_MIN_CUTOFF = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
GRID_BETA = (1.0, 3.0, 10.0, 20.0, 40.0, 60.0, 80.0, 100.0, 120.0, 150.0, 200.0)
GRID_D_CUTOFF = (0.5, 0.7, 1.0, 1.4, 2.0)
# What the chosen defaults must do (lip landmarks, % of face size):
MIN_JITTER_CUT = 4.0  # unsmoothed input: still jitter at least 4x lower, at every noise level
MAX_FAST_ERR = 2.5  # unsmoothed input: worst frame of the fast shake/step
MAX_DRIFT_ERR = 1.0  # unsmoothed input: mean error while drifting slowly
MAX_EXTRA_LAG = 1.0  # MediaPipe-smoothed input: worst fast frame at most this much worse than raw


# --------------------------------------------------------------------------- data


@dataclass
class Clip:
    """Raw tracker landmarks of every frame (NaN where no face), kept for the grid."""

    name: str
    ts_ms: np.ndarray  # (n,)
    marks: np.ndarray  # (n, 478, 3) float32
    image_size: tuple[int, int]
    face_size: float  # px: the clean photo's, or the video's median
    truth: np.ndarray | None = None  # (n, 478, 2) synthetic clips only
    labels: np.ndarray | None = None  # (n,) segment of each frame
    bias: float = 0.0  # % face: tracker offset vs the IMAGE-mode landmarks, removed from truth


def trajectory(fps: float = FPS) -> tuple[np.ndarray, np.ndarray]:
    """Shift of each frame in face sizes (n, 2) and its segment label.

    still 2 s | circle at 0.3 face/s | still 1.5 s | shake ±0.15 face at 2.5 Hz (peak
    2.4 face/s) | still 1 s | step of 0.25 face in 4 frames (peak 2.8 face/s) | still 1.5 s
    """
    shifts: list[tuple[float, float]] = []
    labels: list[str] = []

    def still(seconds: float, after: str | None) -> None:
        pos = shifts[-1] if shifts else (0.0, 0.0)
        for i in range(round(seconds * fps)):
            t = i / fps
            labels.append(("warmup" if t < 0.5 else "still") if after is None else
                          (after if t < SETTLE_S else "still"))  # fmt: skip
            shifts.append(pos)

    still(2.0, None)
    r, v = 0.1, 0.3  # slow drift: a small circle at constant speed
    for i in range(1, round(2 * math.pi * r / v * fps) + 1):
        a = v / r * i / fps
        shifts.append((r * (math.cos(a) - 1.0), r * math.sin(a)))
        labels.append("drift")
    shifts[-1] = (0.0, 0.0)
    still(1.5, "drift")
    amp, freq = 0.15, 2.5  # fast head shake
    for i in range(1, round(2 / freq * fps) + 1):
        shifts.append((amp * math.sin(2 * math.pi * freq * i / fps), 0.0))
        labels.append("fast")
    shifts[-1] = (0.0, 0.0)
    still(1.0, "fast")
    dist, frames = 0.25, 4  # fast step sideways, smoothstep profile
    for i in range(1, frames + 1):
        s = i / frames
        shifts.append((dist * s * s * (3 - 2 * s), 0.0))
        labels.append("fast")
    still(1.5, "fast")
    return np.array(shifts), np.array(labels)


def load_photo(path: Path, size: int | None) -> np.ndarray:
    img = cv2.imread(str(path))
    if img is None:
        raise SystemExit(f"cannot read {path}")
    if size is not None and max(img.shape[:2]) != size:
        scale = size / max(img.shape[:2])
        img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return img


def first_face(result: FaceResult) -> np.ndarray | None:
    return result.faces[0].landmarks if result.found else None


def track(model: Path, frames: Iterable[np.ndarray], ts: np.ndarray, max_faces: int) -> np.ndarray:
    marks = np.full((len(ts), 478, 3), np.nan, np.float32)
    with FaceTracker(model, mode="video", max_faces=max_faces) as tracker:
        for i, frame in enumerate(frames):
            got = first_face(tracker.detect(frame, int(ts[i])))
            if got is not None:
                marks[i] = got
    return marks


def synth_clip(
    model: Path, name: str, img: np.ndarray, sigma: float, max_faces: int, seed: int
) -> Clip:
    with FaceTracker(model, mode="image") as still_tracker:
        clean = first_face(still_tracker.detect(img))
    if clean is None:
        raise SystemExit(f"no face in {name}")
    size = Face(clean).size
    shifts, labels = trajectory()
    h, w = img.shape[:2]
    ts = np.round(np.arange(len(shifts)) * 1000.0 / FPS).astype(np.int64)
    cv2.setRNGSeed(seed)
    noise = np.empty((h, w * img.shape[2]), np.float32)

    def frames() -> Iterator[np.ndarray]:
        for sx, sy in shifts * size:
            m = np.array([[1, 0, sx], [0, 1, sy]], np.float32)
            moved = cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
            cv2.randn(noise, np.zeros(1), np.full(1, sigma))
            yield cv2.add(moved, noise.reshape(img.shape), dtype=cv2.CV_8U)

    marks = track(model, frames(), ts, max_faces)
    truth = clean[None, :, :2] + (shifts * size)[:, None, :]
    # The tracker in VIDEO mode crops the face differently from IMAGE mode and lands a
    # constant offset away (large for an open mouth). No filter can remove it, so it is
    # measured on the first still second and taken out of the truth: errors are then lag.
    first_still = (labels == "still") & (ts < 2000)
    offset = np.nanmean(marks[first_still, :, :2] - truth[first_still], axis=0)
    bias = float(np.linalg.norm(offset[LIP], axis=1).mean() * 100.0 / size)
    label = f"{name} sigma {sigma:g}"
    return Clip(label, ts, marks, (w, h), size, truth + offset, labels, bias)


def video_clip(model: Path, path: Path, max_faces: int) -> Clip:
    cap = cv2.VideoCapture(str(path))
    fps = cap.get(cv2.CAP_PROP_FPS) or FPS
    frames = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(frame)
    cap.release()
    if not frames:
        raise SystemExit(f"cannot read {path}")
    ts = np.round(np.arange(len(frames)) * 1000.0 / fps).astype(np.int64)
    marks = track(model, frames, ts, max_faces)
    found = ~np.isnan(marks[:, 0, 0])
    sizes = [Face(m).size for m in marks[found]]
    size = (frames[0].shape[1], frames[0].shape[0])
    return Clip(path.stem, ts, marks, size, float(np.median(sizes)) if sizes else 1.0)


# ------------------------------------------------------------------------- filter


def smooth_full(clip: Clip, params: OneEuroParams | None) -> np.ndarray:
    """All landmarks through a fresh LandmarkSmoother, as the kiosk runs it (None: raw)."""
    if params is None:
        return clip.marks
    smoother = LandmarkSmoother(params)
    out = np.full_like(clip.marks, np.nan)
    for i, (t, m) in enumerate(zip(clip.ts_ms, clip.marks, strict=True)):
        faces = () if np.isnan(m[0, 0]) else (Face(m),)
        res = smoother(FaceResult(faces, int(t), 0.0, clip.image_size))
        if res.found:
            out[i] = res.faces[0].landmarks
    return out


def smooth_lips(clip: Clip, params: OneEuroParams | None) -> np.ndarray:
    """Fast path for the grid: the same OneEuroFilter on the lip points only, scaled by the
    whole face's size like LandmarkSmoother does (the filter works per coordinate). It is
    checked against LandmarkSmoother on every clip for the shortlist."""
    if params is None:
        return clip.marks[:, LIP]
    scale = 1.0 / np.maximum(clip_sizes(clip), 1.0)
    flt = OneEuroFilter(params)
    out = np.full((len(clip.ts_ms), len(LIP), 3), np.nan, np.float32)
    lips = clip.marks[:, LIP]
    for i, t in enumerate(clip.ts_ms):
        if np.isnan(scale[i]):
            flt.reset()
            continue
        out[i] = flt(t / 1000.0, lips[i], float(scale[i]))
    return out


_SIZES: dict[int, np.ndarray] = {}


def clip_sizes(clip: Clip) -> np.ndarray:
    """Face.size of every frame (NaN without a face), computed once per clip."""
    key = id(clip.marks)
    if key not in _SIZES:
        xy = clip.marks[:, :, :2].astype(np.float64)
        _SIZES[key] = (np.ptp(xy[:, :, 0], axis=1) + np.ptp(xy[:, :, 1], axis=1)) / 2.0
    return _SIZES[key]


# ------------------------------------------------------------------------ metrics


@dataclass
class SynthScore:
    jitter: float  # RMS frame-to-frame lip movement while still, % face size
    drift: float  # mean lip error during the slow drift and just after
    fast: float  # mean lip error during the fast shake and step and just after
    fast_max: float  # worst frame of the above


def synth_score(clip: Clip, lips: np.ndarray) -> SynthScore:
    assert clip.truth is not None and clip.labels is not None
    pct = 100.0 / clip.face_size
    xy = lips[:, :, :2].astype(np.float64)
    err = np.linalg.norm(xy - clip.truth[:, LIP], axis=2).mean(axis=1) * pct
    still = clip.labels == "still"
    steps = np.linalg.norm(np.diff(xy, axis=0), axis=2)[still[1:] & still[:-1]]
    fast = clip.labels == "fast"
    return SynthScore(
        jitter=float(np.sqrt(np.nanmean(steps**2)) * pct),
        drift=float(np.nanmean(err[clip.labels == "drift"])),
        fast=float(np.nanmean(err[fast])),
        fast_max=float(np.nanmax(err[fast])),
    )


def average(scores: list[SynthScore]) -> SynthScore:
    names = [f.name for f in fields(SynthScore)]
    return SynthScore(*(float(np.mean([getattr(s, n) for s in scores])) for n in names))


@dataclass
class Summary:
    """One candidate on one tracker set-up: jitter per noise level, lag over all clips."""

    jitter: dict[float, float]
    lag: SynthScore


def summarise(clips: list[Clip], lips_of: Callable[[Clip], np.ndarray]) -> Summary:
    scores = [(c, synth_score(c, lips_of(c))) for c in clips]
    jitter = {
        s: average([sc for c, sc in scores if c.name.endswith(f"sigma {s:g}")]).jitter
        for s in NOISE_SIGMAS
    }
    return Summary(jitter, average([sc for _, sc in scores]))


@dataclass
class VideoScore:
    jitter: float  # RMS frame-to-frame lip movement in the stillest second
    shimmer: float  # RMS frame-to-frame change of that movement (2nd difference): noise
    dev: float  # mean |filtered - raw| on the lips over the whole clip: a lag proxy
    dev_p95: float


def stillest_second(clip: Clip) -> slice:
    """The one-second window with the least raw lip movement from frame to frame."""
    xy = clip.marks[:, LIP, :2]
    move = np.linalg.norm(np.diff(xy, axis=0), axis=2).mean(axis=1)
    move = np.where(np.isnan(move), np.inf, move)
    n = max(3, round(1000.0 / float(np.median(np.diff(clip.ts_ms)))))
    start = int(np.argmin(np.convolve(move, np.ones(n - 1), mode="valid")))
    return slice(start, start + n)


def video_score(clip: Clip, marks: np.ndarray, window: slice) -> VideoScore:
    pct = 100.0 / clip.face_size
    xy = marks[:, LIP, :2].astype(np.float64)
    raw = clip.marks[:, LIP, :2].astype(np.float64)
    d1 = np.linalg.norm(np.diff(xy[window], axis=0), axis=2)
    d2 = np.linalg.norm(np.diff(xy[window], n=2, axis=0), axis=2)
    dev = np.linalg.norm(xy - raw, axis=2).mean(axis=1) * pct
    return VideoScore(
        jitter=float(np.sqrt(np.nanmean(d1**2)) * pct),
        shimmer=float(np.sqrt(np.nanmean(d2**2)) * pct),
        dev=float(np.nanmean(dev)),
        dev_p95=float(np.nanpercentile(dev, 95)),
    )


# ------------------------------------------------------------------------ choice

Results = dict[int, dict[OneEuroParams | None, Summary]]


def cut(res: Results, setup: int, p: OneEuroParams, sigma: float) -> float:
    return res[setup][None].jitter[sigma] / res[setup][p].jitter[sigma]


def acceptable(res: Results, p: OneEuroParams) -> bool:
    un, sm = res[UNSMOOTHED][p].lag, res[SMOOTHED][p].lag
    return (
        all(cut(res, UNSMOOTHED, p, s) >= MIN_JITTER_CUT for s in NOISE_SIGMAS)
        and un.fast_max <= MAX_FAST_ERR
        and un.drift <= MAX_DRIFT_ERR
        and sm.fast_max <= res[SMOOTHED][None].lag.fast_max + MAX_EXTRA_LAG
    )


def lag(res: Results, p: OneEuroParams) -> float:
    """Mean error over the fast shake and step, summed over both tracker set-ups."""
    return res[UNSMOOTHED][p].lag.fast + res[SMOOTHED][p].lag.fast


def choose(res: Results) -> tuple[OneEuroParams, list[OneEuroParams]]:
    """The least lag among acceptable candidates (no more smoothing than the jitter goal
    needs); within 1% of that lag, the one closest to MediaPipe's values."""
    ok = sorted(
        (p for p in res[UNSMOOTHED] if p is not None and acceptable(res, p)),
        key=lambda p: lag(res, p),
    )
    if not ok:
        raise SystemExit("no candidate meets the limits; widen the grid")
    near = [p for p in ok if lag(res, p) <= 1.01 * lag(res, ok[0])]

    def distance(p: OneEuroParams) -> float:
        pairs = zip(vars(p).values(), vars(MEDIAPIPE).values(), strict=True)
        return sum(abs(math.log(a / b)) for a, b in pairs)

    return min(near, key=distance), ok


# ------------------------------------------------------------------------ report


def name(p: OneEuroParams | None) -> str:
    if p is None:
        return "raw tracker"
    tag = " MediaPipe" if p == MEDIAPIPE else ""
    return f"{p.min_cutoff:g} / {p.beta:g} / {p.d_cutoff:g}{tag}"


def synth_table(res: Results, setup: int, rows: list[tuple[OneEuroParams | None, str]]) -> None:
    head = f"{'min_cutoff / beta / d_cutoff':<29}"
    for s in NOISE_SIGMAS:
        head += f"{f'jitter s{s:g}':>11}{'cut':>7}"
    print(head + f"{'drift':>8}{'fast':>7}{'fast max':>10}")
    raw = res[setup][None]
    for p, note in rows:
        r = res[setup][p]
        line = f"{name(p):<29}"
        for s in NOISE_SIGMAS:
            line += f"{r.jitter[s]:11.3f}{raw.jitter[s] / r.jitter[s]:6.1f}x"
        lag = r.lag
        print(line + f"{lag.drift:8.2f}{lag.fast:7.2f}{lag.fast_max:10.2f}  {note}".rstrip())


def pareto(res: Results, setup: int, min_cutoff: float) -> list[OneEuroParams]:
    """Candidates (at this min_cutoff) that no other beats on both noisy-still jitter and
    worst fast error."""
    s = max(NOISE_SIGMAS)
    pts = {
        p: (r.jitter[s], r.lag.fast_max)
        for p, r in res[setup].items()
        if p is not None and p.min_cutoff == min_cutoff
    }
    front = [
        p
        for p, (j, e) in pts.items()
        if not any(j2 <= j and e2 <= e and (j2, e2) != (j, e) for j2, e2 in pts.values())
    ]
    return sorted(front, key=lambda p: pts[p][0])


def heat_map(res: Results, setup: int, d_cutoff: float) -> None:
    s = max(NOISE_SIGMAS)
    print(f"d_cutoff {d_cutoff:g}, cell = jitter cut at sigma {s:g} | worst fast error %")
    corner = "min_cutoff \\ beta"
    print(f"{corner:>17}" + "".join(f"{b:>11g}" for b in GRID_BETA))
    for mc in GRID_MIN_CUTOFF:
        cells = []
        for b in GRID_BETA:
            p = OneEuroParams(mc, b, d_cutoff)
            cells.append(f"{cut(res, setup, p, s):4.1f}x|{res[setup][p].lag.fast_max:3.1f}")
        print(f"{mc:>17g}" + "".join(f"{c:>11}" for c in cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="folder with testdata/, models/")
    args = ap.parse_args()
    model = args.shared / "models" / "face_landmarker.task"
    data = args.shared / "testdata"
    started = time.perf_counter()

    shifts, labels = trajectory()
    speed = np.linalg.norm(np.diff(shifts, axis=0), axis=1) * FPS
    print(
        f"1. Ground-truth motion: {len(shifts)} frames at {FPS:g} fps; peak speed "
        f"{speed[labels[1:] == 'drift'].max():.2f} face/s drifting, "
        f"{speed[labels[1:] == 'fast'].max():.2f} face/s in the shake and step; camera noise "
        f"sigma {' and '.join(f'{s:g}' for s in NOISE_SIGMAS)} grey levels."
    )
    print(
        "Lip landmarks (40), % of face size, mean over the photos: jitter = RMS frame-to-frame "
        "movement while still; cut = raw jitter / filtered jitter; drift, fast = mean error vs "
        f"truth while moving and {SETTLE_S:g} s after; fast max = worst frame; drift/fast over "
        "both noise levels.\n"
    )
    photos = [(Path(p).stem, load_photo(data / p, size)) for p, size in PHOTOS]
    grid = [OneEuroParams(*v) for v in itertools.product(GRID_MIN_CUTOFF, GRID_BETA, GRID_D_CUTOFF)]
    if MEDIAPIPE not in grid:
        grid.append(MEDIAPIPE)

    clips: dict[int, list[Clip]] = {}
    res: Results = {}
    for setup in (UNSMOOTHED, SMOOTHED):
        clips[setup] = [
            synth_clip(model, pname, img, sigma, setup, seed)
            for seed, ((pname, img), sigma) in enumerate(itertools.product(photos, NOISE_SIGMAS))
        ]
        for c in clips[setup]:
            if (missed := int(np.isnan(c.marks[:, 0, 0]).sum())) > 0:
                print(f"  warning: {c.name}: no face in {missed} frames")
        res[setup] = {
            p: summarise(clips[setup], lambda c, p=p: smooth_lips(c, p))  # type: ignore[misc]
            for p in [None, *grid]
        }
    grid_s = time.perf_counter() - started
    chosen, acceptable_ones = choose(res)

    shortlist: list[OneEuroParams | None] = [None, MEDIAPIPE, chosen]
    for axis, values in (("beta", GRID_BETA), ("d_cutoff", GRID_D_CUTOFF)):
        i = values.index(getattr(chosen, axis))
        for j in (i - 1, i + 1):  # the chosen values' grid neighbours
            p = replace(chosen, **{axis: values[j]}) if 0 <= j < len(values) else None
            if p is not None and p not in shortlist:
                shortlist.append(p)
    # The grid used the lips-only fast path; check it against the real LandmarkSmoother.
    for setup, p in itertools.product(clips, shortlist[1:]):
        for c in clips[setup]:
            full = smooth_full(c, p)[:, LIP]
            if not np.allclose(full, smooth_lips(c, p), atol=1e-3, equal_nan=True):
                raise SystemExit(f"lips-only filter differs from LandmarkSmoother on {c.name}")

    for setup in (UNSMOOTHED, SMOOTHED):
        print(f"== Tracker {SETUP_NAME[setup]}")
        offsets = ", ".join(f"{c.name} {c.bias:.2f}%" for c in clips[setup])
        print(f"(tracker offset vs IMAGE mode, taken out of the truth: {offsets})")
        rows: list[tuple[OneEuroParams | None, str]] = [(p, "") for p in shortlist]
        rows[shortlist.index(chosen)] = (chosen, "<- chosen")
        synth_table(res, setup, rows)
        front = pareto(res, setup, chosen.min_cutoff)
        print(
            f"Pareto front at min_cutoff {chosen.min_cutoff:g}, noisy-still jitter vs worst fast "
            "error (min_cutoff matters little below 0.2: the beta term sets the cutoff):"
        )
        synth_table(res, setup, [(p, "<- chosen" if p == chosen else "") for p in front])
        heat_map(res, setup, chosen.d_cutoff)
        print()

    print(
        f"{len(acceptable_ones)} candidates meet the limits (see the end); least lag first "
        "(lag = mean fast error, both set-ups summed):"
    )
    for p in acceptable_ones[:8]:
        cuts = " / ".join(f"{cut(res, UNSMOOTHED, p, s):.1f}x" for s in NOISE_SIGMAS)
        mark = "  <- chosen" if p == chosen else ""
        print(f"  {name(p):<29} lag {lag(res, p):.3f}   unsmoothed jitter cut {cuts}{mark}")
    print()

    print("2. Real talking videos, every frame in VIDEO mode; lip landmarks, % of face size.")
    print(
        "jitter = RMS frame-to-frame movement in the stillest second (least raw lip motion); "
        "shimmer = RMS 2nd difference there (noise, little real motion); dev = mean "
        "|filtered - raw| over the clip, a lag proxy; cut = raw / filtered; median over the "
        "videos (talk_d12 moves its head all the time, so it is never still)."
    )
    for setup in (UNSMOOTHED, SMOOTHED):
        videos = [video_clip(model, data / "videos" / f"{v}.mp4", setup) for v in VIDEOS]
        windows = [stillest_second(v) for v in videos]
        table = {
            p: [video_score(v, smooth_full(v, p), w) for v, w in zip(videos, windows, strict=True)]
            for p in shortlist
        }
        raw = table[None]
        print(f"\n-- tracker {SETUP_NAME[setup]}")
        print(
            f"{'candidate':<29}{'jitter':>8}{'cut':>7}{'shimmer':>9}{'cut':>7}{'dev':>7}"
            f"{'dev p95':>9}   per video: jitter / dev"
        )
        for p, scores in table.items():
            jc = np.median([r.jitter / s.jitter for r, s in zip(raw, scores, strict=True)])
            sc = np.median([r.shimmer / s.shimmer for r, s in zip(raw, scores, strict=True)])
            per = " ".join(f"{s.jitter:5.2f}/{s.dev:4.2f}" for s in scores)
            mid = {f.name: np.median([vars(s)[f.name] for s in scores]) for f in fields(VideoScore)}
            print(
                f"{name(p):<29}{mid['jitter']:8.3f}{jc:6.1f}x{mid['shimmer']:9.3f}{sc:6.1f}x"
                f"{mid['dev']:7.2f}{mid['dev_p95']:9.2f}   {per}"
                + ("  <- chosen" if p == chosen else "")
            )
        print(f"{'videos:':<29}{'':47}   " + " ".join(f"{v.name:>10}" for v in videos))

    print(
        f"\nChosen: min_cutoff={chosen.min_cutoff:g} beta={chosen.beta:g} "
        f"d_cutoff={chosen.d_cutoff:g}: (about) the least lag among candidates that, on unsmoothed "
        f"landmarks, cut still jitter >= {MIN_JITTER_CUT:g}x at every noise level with worst "
        f"fast error <= {MAX_FAST_ERR:g}% and drift error <= {MAX_DRIFT_ERR:g}%, and on "
        f"MediaPipe-smoothed landmarks add <= {MAX_EXTRA_LAG:g}% to the worst fast error."
    )
    print(f"time: tracking + grid {grid_s:.0f} s, total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
