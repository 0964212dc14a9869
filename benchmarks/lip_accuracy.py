"""Lipstick against human annotation: lip IoU, colour, inner mouth, texture, occluders.

Renders every annotated face (the four `lips/` photos and the 46 of `lips_dev/`) the
shipped way (`kiosk render`: the configured pipeline, defaults from config/default.toml)
with the three shades the lip issue names, and prints per photo and mean/min:

- IoU, precision and recall of the painted pixels (ΔE76 > 4) against the annotated lips;
- median ΔE2000 from the painted lip pixels to each shade (the `colour` library);
- the share of the annotated inner mouth (teeth, tongue) painted;
- texture: high-pass lightness correlation inside the annotated lips (matte red, nude);
- occluders (`tests/lip_occluders.py`: a finger, a real hand, a real forearm, an object
  or a lock of hair slid over 20-50 % of the lips of the 1024- and 256-px faces, the
  mask known): the share of the occluder over the lips that got painted, per kind.

The lip-edge model (`kiosk/vision/lip_fit.py`) was fitted on these same faces, so
`--cross-validate K` renders each photo with the model fitted on the folds it is not
in (`benchmarks/train_lip_edge.py`): the figures to quote. Without it the shipped model
is used, which has seen every photo here.

Run: .venv/bin/python benchmarks/lip_accuracy.py [--cross-validate 5]
     [--set lipstick.adapt_light=false] [--crops DIR] (before | after crops, worst five)
     [--truth-mask] (paint the annotated lips, softened, instead of the found region:
     separates the colour model's error from the region's; IoU is then meaningless)
     [--regions] (where the IoU is lost: painted skin or mouth (false positives) and
     bare lip (misses) near the corners, the inner line, the upper and the lower lip,
     each as a share of the photo's annotated lips)
     [--mouth-detail] (the painted annotated inner mouth: how much of it lies just
     outside the found inner line, how much is darker than the lips, and how much
     annotated lip near the inner line is as dark: what a darkness gate would cut)
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.train_lip_edge import collect, fold_models
from kiosk.config import load_settings, parse_override
from kiosk.errors import NoFaceError
from kiosk.offline import render_array
from kiosk.pipeline import Look
from kiosk.render.lipstick import composite, layer_for_cover
from kiosk.render.shade import Shade
from kiosk.services import build_pipeline
from kiosk.vision.face import FaceTracker
from kiosk.vision.lip_fit import EdgeModel, LipFitter
from kiosk.vision.lips import LipContours
from tests.helpers import SHARED
from tests.lip_occluders import occluded_photos, occluder_painted
from tests.lip_truth import SHADES, changed, fold_of, lip_photos, score

FINISHES = {"#B0123A": "matte", "#C48F7A": "satin", "#E86A9A": "cream"}


def _fmt(v: float | None) -> str:
    return "  -  " if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.3f}"


def _crop(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(mask)
    w = xs.max() - xs.min()
    x0, x1 = max(0, xs.min() - w // 3), min(image.shape[1], xs.max() + w // 3)
    y0, y1 = max(0, ys.min() - w // 3), min(image.shape[0], ys.max() + w // 3)
    crop = image[y0:y1, x0:x1]
    return cv2.resize(crop, (400, max(1, round(400 * crop.shape[0] / crop.shape[1]))))


REGIONS = ("corner", "inner", "upper", "lower")
CORNER = 0.12  # of the corner-to-corner axis at either end


def _signed_distance(loop: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    cv2.fillPoly(mask, [np.round(loop * 16).astype(np.int32)], 1, cv2.LINE_8, shift=4)
    return cv2.distanceTransform(mask, cv2.DIST_L2, 3) - cv2.distanceTransform(
        1 - mask, cv2.DIST_L2, 3
    )


def error_regions(lips: LipContours, painted: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """Painted pixels off the annotated lips (fp) and annotated lip left bare (fn), by
    where they lie: near a mouth corner, nearer the inner line than the outer one (open
    mouths), else above or below the corner-to-corner line; as shares of the lips."""
    h, w = truth.shape
    ys, xs = np.mgrid[:h, :w].astype(np.float32)
    c0, c1 = lips.outer[0], lips.outer[len(lips.outer) // 2]
    axis = c1 - c0
    u = ((xs - c0[0]) * axis[0] + (ys - c0[1]) * axis[1]) / float(axis @ axis)
    v = (ys - c0[1]) * axis[0] - (xs - c0[0]) * axis[1]  # > 0: below the axis (y down)
    corner = (u < CORNER) | (u > 1 - CORNER)
    inner = np.zeros_like(corner)
    if lips.mouth_open:
        d_in = np.abs(_signed_distance(lips.inner, truth.shape))
        inner = d_in < np.abs(_signed_distance(lips.outer, truth.shape))
    where = {"corner": corner, "inner": ~corner & inner,
             "upper": ~corner & ~inner & (v * np.sign(axis[0]) < 0),
             "lower": ~corner & ~inner & (v * np.sign(axis[0]) >= 0)}  # fmt: skip
    total = max(float(truth.sum()), 1.0)
    out = {}
    for kind, wrong in (("fp", painted & ~truth), ("fn", truth & ~painted)):
        for name in REGIONS:
            out[f"{kind} {name}"] = float((wrong & where[name]).sum()) / total
    return out


# Near the inner line: within this share of the mouth width of it. Dark: lightness
# below this share of the annotated lips' median lightness (CIELAB L*).
NEAR_INNER = 0.04
DARK = 0.6


def mouth_detail(
    image: np.ndarray, lips: LipContours, painted: np.ndarray, truth: np.ndarray,
    mouth: np.ndarray,
) -> dict[str, int]:  # fmt: skip
    """Pixel counts over the photo: the painted annotated inner mouth (`mouth px`), the
    part of it within NEAR_INNER x mouth width of the found inner line (`near`) and the
    part darker than DARK x the lips' median lightness (`dark`); and the painted
    annotated lip as near the inner line and as dark (`dark lip px`): what a gate on
    darkness near the inner line would take out of the lips along with the mouth."""
    lightness = cv2.cvtColor(image.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)[..., 0]
    dark = lightness < DARK * float(np.median(lightness[truth]))
    near = np.abs(_signed_distance(lips.inner, truth.shape)) <= NEAR_INNER * lips.mouth_width
    on_mouth = painted & mouth
    return {
        "mouth px": int(on_mouth.sum()),
        "near": int((on_mouth & near).sum()),
        "dark": int((on_mouth & dark).sum()),
        "dark lip px": int((painted & truth & near & dark).sum()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", default=[], help="config override key=value")
    ap.add_argument("--crops", type=Path, help="write before|after crops of the worst five here")
    ap.add_argument("--no-occluders", action="store_true")
    ap.add_argument(
        "--cross-validate",
        type=int,
        metavar="K",
        default=0,
        help="render each photo with the lip-edge model of the other K-1 folds",
    )
    ap.add_argument("--truth-mask", action="store_true", help="paint the annotated lips")
    ap.add_argument("--regions", action="store_true", help="where the IoU is lost")
    ap.add_argument("--mouth-detail", action="store_true", help="the painted inner mouth")
    args = ap.parse_args()
    settings = load_settings(overrides=dict(parse_override(s) for s in args.set))
    lip = settings.lipstick
    print(f"settings: intensity {lip.intensity}, feather {lip.feather}, "
          f"adapt_light {lip.adapt_light}")  # fmt: skip
    stack, pipeline = build_pipeline(settings, "image")
    rows = []
    regions: list[tuple[str, dict[str, float]]] = []
    mouths: list[tuple[str, dict[str, int]]] = []
    folds: dict[int, EdgeModel] = {}
    if args.cross_validate:
        with FaceTracker(SHARED / "models/face_landmarker.task", mode="image") as tracker:
            folds = fold_models(collect(tracker), args.cross_validate)
        print(f"cross-validated: each photo rendered with the edge model of the other "
              f"{args.cross_validate - 1} of {args.cross_validate} folds")  # fmt: skip
    with stack:
        found_lips: list[LipContours] = []

        def render(image: np.ndarray, hex_color: str) -> np.ndarray:
            look = Look(Shade(hex_color, FINISHES[hex_color]), lip.intensity, lip.feather,
                        adapt_light=lip.adapt_light)  # fmt: skip
            out = render_array(pipeline, image, look)
            found_lips[:] = out.lips[:1]
            return out.image

        def render_truth(photo: object, hex_color: str) -> np.ndarray:
            """The shade painted over the annotated lips (softened inward like the
            found region), with the per-face values the found lips give."""
            image, truth = photo.image, photo.lips  # type: ignore[attr-defined]
            look = Look(Shade(hex_color, FINISHES[hex_color]), lip.intensity, lip.feather,
                        adapt_light=lip.adapt_light)  # fmt: skip
            found = render_array(pipeline, image, look)
            lips = found.lips[0]
            ys, xs = np.nonzero(truth)
            h, w = truth.shape
            m = int(max(2.0, lip.feather * lips.mouth_width * 2.0)) + 2
            x0, y0 = max(0, xs.min() - m), max(0, ys.min() - m)
            x1, y1 = min(w, xs.max() + m + 1), min(h, ys.max() + m + 1)
            cover = truth[y0:y1, x0:x1].astype(np.float32)
            sigma = lip.feather * float(xs.max() - xs.min()) / 2.0
            if sigma >= 0.25:  # inward soft edge, as kiosk.vision.lips.lip_alpha
                blurred = cv2.GaussianBlur(cover, (0, 0), sigma)
                cover = np.clip((blurred - 0.5) * 2.0, 0.0, 1.0) * cover
            light = pipeline.light.estimate if lip.adapt_light else None
            out = image.copy()
            layer = layer_for_cover(out, lips, (x0, y0, x1, y1), cover, look.shade,
                                    lip.intensity, lip.feather, light)  # fmt: skip
            if layer is not None:
                composite(out, layer)
            return out

        print(f"{'photo':34s} {'IoU':>6s} {'prec':>6s} {'rec':>6s} {'mouth':>6s} "
              f"{'dE red':>6s} {'nude':>6s} {'pink':>6s} {'tex m':>6s} {'tex n':>6s}")  # fmt: skip
        for photo in lip_photos():
            if folds and settings.lipstick.refine_edges:
                pipeline.refiner = LipFitter(model=folds[fold_of(photo, args.cross_validate)])
            try:
                if args.truth_mask:
                    outs = {h: render_truth(photo, h) for h in SHADES}
                else:
                    outs = {h: render(photo.image, h) for h in SHADES}
            except NoFaceError as exc:
                print(f"{photo.name:34s} no face: {exc}")
                continue
            scores = {h: score(photo, outs[h], h) for h in SHADES}
            red, nude, pink = (scores[h] for h in SHADES)
            if args.regions and found_lips and not args.truth_mask:
                painted = changed(photo.image, outs[SHADES[0]])
                regions.append((photo.name, error_regions(found_lips[0], painted, photo.lips)))
            if args.mouth_detail and found_lips and photo.mouth is not None and photo.mouth.any():
                painted = changed(photo.image, outs[SHADES[0]])
                mouths.append((photo.name, mouth_detail(photo.image, found_lips[0], painted,
                                                        photo.lips, photo.mouth)))  # fmt: skip
            rows.append((photo, red, nude, pink, outs[SHADES[0]]))
            print(f"{photo.name:34s} {red.iou:6.3f} {red.precision:6.3f} {red.recall:6.3f} "
                  f"{_fmt(red.mouth_changed):>6s} {red.colour_de:6.2f} {nude.colour_de:6.2f} "
                  f"{pink.colour_de:6.2f} {red.texture:6.3f} {nude.texture:6.3f}")  # fmt: skip

        def stat(values: list[float], name: str) -> str:
            v = [x for x in values if x is not None and not math.isnan(x)]
            mean, low, high = np.mean(v), np.min(v), np.max(v)
            return f"{name}: mean {mean:.3f}, min {low:.3f}, max {high:.3f} (n={len(v)})"

        print()
        print(stat([r[1].iou for r in rows], "IoU (red)"))
        print(stat([r[1].precision for r in rows], "precision"))
        print(stat([r[1].recall for r in rows], "recall"))
        print(stat([r[1].mouth_changed for r in rows], "inner mouth painted"))
        for k, name in ((1, "red #B0123A"), (2, "nude #C48F7A"), (3, "pink #E86A9A")):
            print(stat([r[k].colour_de for r in rows], f"colour dE2000 {name}"))
        print(stat([r[1].texture for r in rows], "texture matte red"))
        print(stat([r[2].texture for r in rows], "texture nude"))

        if regions:
            print()
            names = list(regions[0][1])
            print(f"{'where the IoU is lost (red)':34s} " + " ".join(f"{n:>9s}" for n in names))
            for name, parts in regions:
                print(f"{name:34s} " + " ".join(f"{parts[n]:9.3f}" for n in names))
            means = [float(np.mean([p[n] for _, p in regions])) for n in names]
            print(f"{'mean':34s} " + " ".join(f"{m:9.3f}" for m in means))

        if mouths:
            print()
            names = list(mouths[0][1])
            print(f"{'painted inner mouth (red)':34s} " + " ".join(f"{n:>11s}" for n in names))
            for name, counts in mouths:
                print(f"{name:34s} " + " ".join(f"{counts[n]:11d}" for n in names))
            sums = {n: sum(c[n] for _, c in mouths) for n in names}
            print(f"{'all':34s} " + " ".join(f"{sums[n]:11d}" for n in names))
            near = sums["near"] / max(sums["mouth px"], 1)
            cut = sums["dark lip px"] / max(sums["dark"], 1)
            print(f"near the inner line {near:.2f} of the painted mouth; a darkness gate "
                  f"(< {DARK} x the lips' L) would take {cut:.1f} lip px per mouth px")  # fmt: skip

        if args.crops:
            args.crops.mkdir(parents=True, exist_ok=True)
            for photo, red, *_, out in sorted(rows, key=lambda r: r[1].iou)[:5]:
                truth = cv2.cvtColor(photo.lips.astype(np.uint8) * 255, cv2.COLOR_GRAY2BGR)
                edge = cv2.Canny(truth, 50, 150) > 0
                marked = out.copy()
                marked[edge] = (0, 255, 0)
                strip = np.hstack([_crop(photo.image, photo.lips), _crop(marked, photo.lips)])
                cv2.imwrite(str(args.crops / f"{red.iou:.3f}_{photo.name}.png"), strip)

        if not args.no_occluders:
            print()
            head = f"{'occluded photo':34s} {'kind':7s} {'place':7s}"
            print(f"{head} {'over lips':>9s} {'whole':>7s}")
            by_kind: dict[str, list[float]] = {}
            for item in occluded_photos():
                try:
                    out = render(item.image, SHADES[0])
                except NoFaceError:
                    print(f"{item.name:34s} {item.kind:7s} {item.place:7s} no face found")
                    continue
                over, whole = occluder_painted(item, out)
                by_kind.setdefault(item.kind, []).append(over)
                print(f"{item.name:34s} {item.kind:7s} {item.place:7s} {over:9.3f} {whole:7.3f}")
                if args.crops:
                    strip = np.hstack([_crop(item.image, item.lips), _crop(out, item.lips)])
                    cv2.imwrite(str(args.crops / f"occ_{item.kind}_{item.name}.png"), strip)
            for kind, v in by_kind.items():
                print(stat(v, f"occluder over lips painted, {kind}"))
            print(stat([x for v in by_kind.values() for x in v], "occluder over lips painted, all"))


if __name__ == "__main__":
    main()
