"""How steady and how sensible the anonymous skin-tone reading is, on the shared faces.

For every face in testdata/lips, faces and lips_dev (landmarks from the real face model
through `kiosk.vision.face.FaceTracker`):

1. Fit: the constants `kiosk.vision.skin_tone` uses are fitted on every other face (the
   "fit" half, sorted by name) and checked here: the sclera and scene references (median
   cue over the fit half), the scene cue's weight (the one that best removes the light's
   spread from the corrected skin colours), and the undertone thresholds (tertiles of the
   corrected cheek hue). Everything below is reported on the other ("held-out") half too.
2. Casts: each face rendered under a warm (3200 K) and a cool (6500 K) light relative to
   a 5000 K neutral (`cast_gain`: a von Kries gain in linear RGB, re-encoded to sRGB
   8-bit), at the same exposure as a neutral rendering, with 6 % headroom so that the
   test adds no clipping. Per face: ITA, depth and undertone under neutral / warm / cool,
   the largest ITA shift against the narrowest depth class (13 degrees), and whether the
   undertone held. A second, harsher run keeps the original exposure (luminance-
   preserving gains): bright faces then clip in red under the warm light.
3. Independent checks: the manifests' words for skin ("light skin", "dark skin", ...)
   against the depth order; and, where the data has skin annotations (the CelebAMask-HQ
   label maps in lips/), the share of the sampled cheek pixels the annotators called
   skin, and the reading from all annotated skin against the cheek patches.

Run: .venv/bin/python benchmarks/skin_tone.py   (about 30 s on 2 cores)
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kiosk.render.color import LUMINANCE, bgr_to_linear, linear_to_bgr
from kiosk.session.tone import MIN_CONFIDENCE
from kiosk.vision import skin_tone as st
from kiosk.vision.face import FaceTracker

SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
DATA = SHARED / "testdata"
WARM_K, COOL_K = 3200.0, 6500.0
HEADROOM = 0.94  # largest channel gain: no test rendering reaches the clip filter (250)
CLASS_GAP = min(a - b for a, b in zip(st.ITA_BOUNDS, st.ITA_BOUNDS[1:], strict=False))
# The manifests' words for skin depth, lightest first.
DESCRIBED = (
    ("light-medium skin", 2),
    ("light skin", 1),
    ("olive skin", 3),
    ("tanned", 3),
    ("tan/brown skin", 3),
    ("medium-brown skin", 4),
    ("brown skin", 4),
    ("dark skin", 5),
)


@dataclass
class Face:
    name: str
    image: np.ndarray
    landmarks: np.ndarray
    fit: bool


def face_paths() -> list[Path]:
    paths = sorted((DATA / "lips").glob("celebamask_?.jpg"))
    paths += sorted((DATA / "faces").glob("*.jpg"))
    paths += sorted((DATA / "lips_dev" / "img").glob("*.jpg"))
    return paths


def load_faces(tracker: FaceTracker) -> tuple[list[Face], list[str], list[float]]:
    faces, missed, model_ms = [], [], []
    for i, path in enumerate(sorted(face_paths(), key=lambda p: p.stem)):
        image = cv2.imread(str(path))
        assert image is not None, path
        result = tracker.detect(image)
        model_ms.append(result.inference_ms)
        if not result.found:
            missed.append(path.stem)
            continue
        faces.append(Face(path.stem, image, result.faces[0].landmarks, fit=i % 2 == 0))
    return faces, missed, model_ms


def render(image: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """The image under a light `gain` times the one it was shot in (linear RGB, 8-bit)."""
    lin = np.clip(bgr_to_linear(image) * np.asarray(gain, np.float32), 0.0, 1.0)
    return np.clip(np.round(linear_to_bgr(lin)), 0, 255).astype(np.uint8)


def matched(kelvin: float) -> tuple[np.ndarray, np.ndarray]:
    """(neutral gain, cast gain) at one exposure, with no channel above HEADROOM."""
    cast = st.cast_gain(kelvin)
    cast = HEADROOM * cast / cast.max()
    return np.full(3, float(cast @ LUMINANCE), np.float32), cast


def fmt(t: st.SkinTone) -> str:
    return f"{t.ita:6.1f} {t.depth:6s} {t.hue:5.1f} {t.undertone:7s}"


def spread(chroma: np.ndarray) -> float:
    return float(np.sqrt((chroma.std(axis=0) ** 2).sum()))


def fit(faces: list[Face]) -> None:
    """The constants, fitted on the fit half, against those in kiosk.vision.skin_tone."""
    half = [f for f in faces if f.fit]
    sclera = [st.sclera_cue(f.image, f.landmarks) for f in half]
    scene = [st.scene_cue(f.image, f.landmarks) for f in half]
    ref_s = np.median([c.chroma for c in sclera if c is not None], axis=0)
    ref_g = np.median([c.chroma for c in scene if c is not None], axis=0)
    print(f"fit half: {len(half)} faces (every other by name), held out: {len(faces) - len(half)}")
    print(
        f"  sclera reference ln(R/G), ln(B/G): fitted {ref_s.round(2)}, "
        f"module {st.SCLERA_REFERENCE}"
    )
    print(
        f"  scene reference:                   fitted {ref_g.round(2)}, module {st.SCENE_REFERENCE}"
    )
    skins = [st.cheeks(f.image, f.landmarks) for f in half]
    raw = np.array([st.log_chroma(c.rgb) for c in skins if c is not None])
    print("  spread of the cheeks' log-chromaticity across the fit faces (lower = more of the")
    print("  light's variation removed; people differ too, so it never reaches 0):")
    print(f"    no correction {spread(raw):.3f}")
    keep = st.SCENE_WEIGHT
    try:
        for weight in (0.0, 0.15, 0.3, 1.0):
            st.SCENE_WEIGHT = weight
            fixed = []
            for c, s, g in zip(skins, sclera, scene, strict=True):
                if c is not None:
                    fixed.append(st.log_chroma(c.rgb / st.combine(s, g).rgb))
            print(f"    sclera + scene at weight {weight:4.2f}: {spread(np.array(fixed)):.3f}")
        st.SCENE_WEIGHT = 1e6
        only = [st.log_chroma(c.rgb / st.combine(None, g).rgb)
                for c, g in zip(skins, scene, strict=True) if c is not None]  # fmt: skip
        print(f"    scene alone: {spread(np.array(only)):.3f}    module weight: {keep}")
    finally:
        st.SCENE_WEIGHT = keep
    hues = [t.hue for f in half if (t := st.measure_skin_tone(f.image, f.landmarks))]
    lo, hi = np.percentile(hues, [100 / 3, 200 / 3])
    print(f"  undertone hue tertiles: fitted {lo:.1f} / {hi:.1f}, module {st.HUE_BOUNDS}")
    held = [t for f in faces if not f.fit if (t := st.measure_skin_tone(f.image, f.landmarks))]
    counts = {u: sum(t.undertone == u for t in held) for u in st.UNDERTONES}
    print(f"  held-out undertones with those thresholds: {counts} of {len(held)}")


@dataclass
class CastRow:
    """One face's readings: the original photo; neutral, warm, neutral, cool at matched
    exposure; original, warm, cool at the original exposure (None: no reading)."""

    face: Face
    original: st.SkinTone
    matched: list[st.SkinTone] | None
    plain: list[st.SkinTone] | None

    @property
    def half(self) -> str:
        return "fit" if self.face.fit else "held"


def every(readings: list[st.SkinTone | None]) -> list[st.SkinTone] | None:
    kept = [r for r in readings if r is not None]
    return kept if len(kept) == len(readings) else None


def casts(faces: list[Face]) -> tuple[list[CastRow], list[str]]:
    (n_w, g_w), (n_c, g_c) = matched(WARM_K), matched(COOL_K)
    rows, unread = [], []
    for f in faces:
        original = st.measure_skin_tone(f.image, f.landmarks)
        if original is None:
            unread.append(f.name)
            continue
        m = [st.measure_skin_tone(render(f.image, g), f.landmarks) for g in (n_w, g_w, n_c, g_c)]
        p = [st.measure_skin_tone(render(f.image, st.cast_gain(k)), f.landmarks)
             for k in (WARM_K, COOL_K)]  # fmt: skip
        rows.append(CastRow(f, original, every(m), every([original, *p])))
    return rows, unread


def matched_shift(m: list[st.SkinTone]) -> float:
    return max(abs(m[1].ita - m[0].ita), abs(m[3].ita - m[2].ita))


def matched_same(m: list[st.SkinTone], what: str) -> bool:
    return bool(
        getattr(m[0], what) == getattr(m[1], what) and getattr(m[2], what) == getattr(m[3], what)
    )


def report_casts(rows: list[CastRow], unread: list[str]) -> None:
    w, c = st.log_chroma(st.cast_gain(WARM_K)), st.log_chroma(st.cast_gain(COOL_K))
    print(
        f"\ncasts: warm {WARM_K:.0f} K ln(R/G), ln(B/G) = {w.round(2)}, cool {COOL_K:.0f} K = "
        f"{c.round(2)}, relative to {st.REFERENCE_K:.0f} K; narrowest depth class "
        f"{CLASS_GAP:.0f} deg"
    )
    print(f"no reading at all: {', '.join(unread) or 'none'}")
    print(
        f"{'face':34s} half {'original: ITA depth hue undertone':34s} conf light        | "
        f"{'neutral (warm-matched)':28s}| {'warm':28s}| {'cool':28s}| dITA tone"
    )
    for r in rows:
        o = r.original
        head = (
            f"{r.face.name:34s} {r.half:4s} {fmt(o)} {o.confidence:.2f} {o.illuminant.source:12s}"
        )
        if r.matched is None:
            print(f"{head} | no reading under a cast")
            continue
        n, wm, _, cm = r.matched
        same = "yes" if matched_same(r.matched, "undertone") else "NO"
        print(f"{head} | {fmt(n)} | {fmt(wm)} | {fmt(cm)} | {matched_shift(r.matched):4.1f} {same}")

    def summary(subset: list[CastRow], label: str) -> None:
        good = [r.matched for r in subset if r.matched is not None]
        shifts = [matched_shift(m) for m in good]
        tone = sum(matched_same(m, "undertone") for m in good)
        depth = sum(matched_same(m, "depth") for m in good)
        under = sum(s < CLASS_GAP for s in shifts)
        print(
            f"  {label:9s} {len(good):2d} faces: undertone stable {tone}/{len(good)} "
            f"({tone / len(good):.0%}); ITA shift < {CLASS_GAP:.0f} deg {under}/{len(good)}, "
            f"max {max(shifts):.1f}, median {statistics.median(shifts):.1f} deg; "
            f"depth class unchanged {depth}/{len(good)}"
        )

    print("\nsummary, casts at matched exposure (the light's colour only):")
    summary(rows, "all")
    summary([r for r in rows if not r.face.fit], "held-out")
    summary([r for r in rows if r.original.confidence >= 0.5], "conf>=0.5")
    print("summary, casts at the original exposure (bright faces clip in red under warm light):")
    plain = [r.plain for r in rows if r.plain is not None]
    shifts = [max(abs(p[1].ita - p[0].ita), abs(p[2].ita - p[0].ita)) for p in plain]
    held = [
        len({t.undertone for t in p}) == 1 and s < CLASS_GAP
        for p, s in zip(plain, shifts, strict=True)
    ]
    tone = sum(len({t.undertone for t in p}) == 1 for p in plain)
    print(
        f"  all       {len(plain):2d} faces: undertone stable {tone}/{len(plain)}; ITA shift "
        f"< {CLASS_GAP:.0f} deg {sum(s < CLASS_GAP for s in shifts)}/{len(plain)}, max "
        f"{max(shifts):.1f}, median {statistics.median(shifts):.1f} deg"
    )
    failed = [p for p, ok in zip(plain, held, strict=True) if not ok]
    flagged = sum(min(t.confidence for t in p[1:]) < MIN_CONFIDENCE for p in failed)
    print(
        f"  of the {len(failed)} faces that moved, {flagged} had a cast reading under the "
        f"session sampler's confidence floor ({MIN_CONFIDENCE}), which leaves it out"
    )


def described() -> dict[str, tuple[str, int]]:
    """Face name -> (the manifest's words, rank lightest 1 .. darkest 5)."""
    out: dict[str, tuple[str, int]] = {}
    for manifest in ("MANIFEST.md", "DEV_MANIFEST.md"):
        for line in (DATA / manifest).read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.split("|")]
            if len(cells) < 4 or not cells[1]:
                continue
            name = re.split(r"[ .]", cells[1])[0]
            text = cells[-2].lower()
            for words, rank in DESCRIBED:
                if words in text:
                    out[name] = (words, rank)
                    break
    return out


def report_descriptions(rows: list[CastRow]) -> None:
    words = described()
    got = [(r.original, r.face.name, *words[r.face.name]) for r in rows if r.face.name in words]
    got.sort(key=lambda g: (g[3], -g[0].ita))
    print(f"\ndescribed skin (manifests) vs reading, {len(got)} faces:")
    for tone, name, text, _ in got:
        print(
            f"  {text:18s} {name:30s} ITA {tone.ita:6.1f} {tone.depth:6s} "
            f"conf {tone.confidence:.2f}"
        )
    order = {d: i for i, d in enumerate(st.DEPTHS)}
    for label, subset in (("all", got), ("conf>=0.5", [g for g in got if g[0].confidence >= 0.5])):
        pairs = [(a, b) for a, b in combinations(subset, 2) if a[3] != b[3]]
        ita = sum((a[0].ita > b[0].ita) == (a[3] < b[3]) for a, b in pairs)
        cls = sum((order[a[0].depth] - order[b[0].depth]) * (a[3] - b[3]) >= 0 for a, b in pairs)
        print(
            f"  {label:9s}: {len(pairs)} pairs described differently; ITA in the described "
            f"order {ita} ({ita / len(pairs):.0%}); depth classes not against it {cls} "
            f"({cls / len(pairs):.0%})"
        )


def _read(what: str, ita: float, hue: float) -> str:
    depth, tone = st.depth_of(ita), st.undertone_of(hue)
    return f"    {what:29s} ITA {ita:5.1f} {depth:6s} hue {hue:4.1f} {tone}"


def report_masks(rows: list[CastRow]) -> None:
    print("\ncheek patches against annotated skin (CelebAMask-HQ label maps in lips/, 1 = skin;")
    print("the FASSEG faces' skin labels are not in the shared data, only their lips):")
    for r in rows:
        label_path = DATA / "lips" / f"{r.face.name}_label.png"
        found = st.cheeks(r.face.image, r.face.landmarks)
        if not label_path.exists() or found is None:
            continue
        label = cv2.imread(str(label_path), cv2.IMREAD_GRAYSCALE)
        assert label is not None, label_path
        h, w = r.face.image.shape[:2]
        skin = cv2.resize(label, (w, h), interpolation=cv2.INTER_NEAREST) == 1
        share = float(skin[found.yx[:, 0], found.yx[:, 1]].mean())
        area = np.zeros_like(label, shape=(h, w))
        for points in (st.RIGHT_CHEEK, st.LEFT_CHEEK):
            hull = cv2.convexHull(r.face.landmarks[list(points), :2].astype(np.float32))
            cv2.fillConvexPoly(area, np.round(hull).astype(np.int32), 1)
        o = r.original
        line = [f"  {r.face.name:14s} sampled pixels labelled skin {share:.1%};"]
        for what, mask in (
            ("all annotated skin", skin),
            ("annotated skin in the cheeks", skin & (area > 0)),
        ):
            px = r.face.image[mask]
            rgb = bgr_to_linear(px[px.max(axis=1) < 250])
            y = st.brightness(rgb)
            lo, hi = np.percentile(y, [25, 75])
            whole = rgb[(y >= lo) & (y <= hi)].mean(axis=0)
            ita, _, hue, _ = st.read_lab(whole / o.illuminant.rgb)
            line.append(_read(what, ita, hue))
        line.append(_read("cheek patches (the reading)", o.ita, o.hue))
        print("\n".join(line))


def report_time(faces: list[Face], model_ms: list[float]) -> None:
    took = []
    for f in faces:
        start = time.perf_counter()
        st.measure_skin_tone(f.image, f.landmarks)
        took.append((time.perf_counter() - start) * 1000)
    print(f"\ntime per reading: median {statistics.median(took):.1f} ms, p95 "
          f"{np.percentile(took, 95):.1f} ms; the face model on the same images: median "
          f"{statistics.median(model_ms):.1f} ms")  # fmt: skip


def main() -> None:
    with FaceTracker(SHARED / "models" / "face_landmarker.task", mode="image") as tracker:
        faces, missed, model_ms = load_faces(tracker)
    print(f"{len(faces)} faces tracked; no face found in: {', '.join(missed) or 'none'}")
    fit(faces)
    rows, unread = casts(faces)
    report_casts(rows, unread)
    report_descriptions(rows)
    report_masks(rows)
    report_time(faces, model_ms)


if __name__ == "__main__":
    main()
