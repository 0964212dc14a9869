"""Where the hair a garment paints lies, per photo: which part of the hair cue to fix.

`garment_accuracy.py` counts a labelled hair pixel as changed when the garment paints it
at all (ΔE76 > 4), so a soft edge counts as much as a lock the cue missed. This splits
the changed hair of every one-person photo of `bodies_dev/` (human parsing labels,
`tests/body_truth.py`; nothing here looks at the pipeline's own idea of the hair) into:

- edge: within 2 px of the labelled hair's outline (labels and hair edges are soft);
- soft: further in, where the cue kept the hair in front but not fully (its mask's
  blurred rim lies inside the hair, and a garment at a quarter shows);
- outside: not kept, outside the person mask;
- beyond: not kept, inside the person but outside where the cue looks for hair (beside
  the shoulders' outer line, e.g. braids hanging past the shoulders under a sleeve);
- missed: not kept where the cue looked (colour and strands could not tell it).

It renders as `tests/render/test_garment_hair.py` does (the pose model in image mode,
`paint_garment` at full resolution), with the hair cue and without it, and also prints
the band left bare and the garment cut outside the hair (`garment_accuracy.py`'s bare
and cut). `--crops DIR` writes, per photo, the photo | the changed hair coloured by
part (edge cyan, soft magenta, outside red, beyond orange, missed blue) | the render |
the cue's mask, to look at.

Run: .venv/bin/python benchmarks/garment_hair_where.py [--garment SKU] [--fold 0|1]
     [--photo NAME ...] [--crops DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from unittest import mock

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kiosk.catalog.garments import find_garment
from kiosk.garments.prepared import prepare_product
from kiosk.render import garment_hair, garment_occlusion
from kiosk.render.garment import paint_garment
from kiosk.vision.pose import PoseTracker
from tests.body_truth import BodyPhoto, body_photos, cut, score
from tests.lip_truth import changed

SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
PARTS = ("edge", "soft", "outside", "beyond", "missed")
COLOURS = {
    "edge": (255, 255, 0),
    "soft": (255, 0, 255),
    "outside": (0, 0, 255),
    "beyond": (0, 165, 255),
    "missed": (255, 0, 0),
}


def _over_image(
    shape: tuple[int, int], roi: tuple[int, int, int, int], a: np.ndarray
) -> np.ndarray:
    x0, y0, x1, y1 = roi
    full = np.zeros(shape, np.float32)
    full[y0:y1, x0:x1] = a
    return full


def _parts(
    photo: BodyPhoto, out: np.ndarray, kept: np.ndarray, person: np.ndarray, region: np.ndarray
) -> dict[str, np.ndarray]:
    """The changed labelled hair split by where it lies (boolean masks)."""
    hair = photo.hair
    hit = changed(photo.image, out) & hair
    inner = cv2.erode(hair.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    lost = hit & inner & (kept <= 0.05)
    return {
        "edge": hit & ~inner,
        "soft": hit & inner & (kept > 0.05),
        "outside": lost & (person < 0.5),
        "beyond": lost & (person >= 0.5) & ~region,
        "missed": lost & (person >= 0.5) & region,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--garment", default="TOP-001", help="SKU (default the tee)")
    ap.add_argument("--fold", type=int, choices=(0, 1), help="one half, as garment_accuracy")
    ap.add_argument("--photo", action="append", default=[], help="only this photo (repeatable)")
    ap.add_argument("--crops", type=Path, help="write a crop per photo to this folder")
    args = ap.parse_args()
    garment = prepare_product(find_garment(args.garment))
    photos = list(body_photos())
    if args.fold is not None:
        photos = photos[args.fold :: 2]
    photos = [p for p in photos if p.single and (not args.photo or p.name in args.photo)]
    if args.crops:
        args.crops.mkdir(parents=True, exist_ok=True)
    # The region the cue searches, caught on its way into garment_hair.hair_mask.
    seen: dict[str, np.ndarray] = {}
    real = garment_hair.hair_mask

    def spy(
        lab: np.ndarray, samples: garment_hair.Samples, region: np.ndarray, width: float
    ) -> np.ndarray | None:
        seen["region"] = region
        return real(lab, samples, region, width)

    print(
        f"{'photo':16s} {'bare':>6s} {'cut':>6s} {'hair':>6s} "
        + " ".join(f"{p:>7s}" for p in PARTS)
    )
    sums: dict[str, list[float]] = {k: [] for k in ("bare", "cut", "hair", *PARTS)}
    model = SHARED / "models" / "pose_landmarker_full.task"
    with (
        PoseTracker(model, mode="image", max_people=3) as pose,
        mock.patch.object(garment_hair, "hair_mask", spy),
    ):
        for photo in photos:
            body = pose.detect(photo.image).wearer()
            if body is None:
                print(f"{photo.name:16s} nobody to dress")
                continue
            seen.clear()
            out = photo.image.copy()
            placed = paint_garment(out, garment, body.landmarks, body.visibility, body.mask)
            whole = photo.image.copy()
            with mock.patch.object(garment_occlusion, "hair_in_front", lambda *a, **k: None):
                paint_garment(whole, garment, body.landmarks, body.visibility, body.mask)
            if placed is None:
                print(f"{photo.name:16s} nobody to dress")
                continue
            shape = photo.image.shape[:2]
            kept = np.zeros(shape, np.float32)
            if placed.hair is not None:
                kept = _over_image(shape, placed.roi, placed.hair)
            region = np.zeros(shape, bool)
            if "region" in seen:
                region = _over_image(shape, placed.roi, seen["region"].astype(np.float32)) > 0
            person: np.ndarray = np.ones(shape, np.float32)
            if body.mask is not None:
                person = cv2.resize(body.mask.astype(np.float32), (shape[1], shape[0]))
            s = score(photo, out)
            if s.hair is None:
                continue
            parts = _parts(photo, out, kept, person, region)
            n = float(photo.hair.sum())
            row = {p: float(m.sum()) / n for p, m in parts.items()}
            row.update(bare=s.band_bare or 0.0, cut=cut(photo, out, whole) or 0.0, hair=s.hair)
            for k, v in row.items():
                sums[k].append(v)
            cells = " ".join(f"{row[p]:7.3f}" for p in PARTS)
            head = " ".join(f"{row[k]:6.3f}" for k in ("bare", "cut", "hair"))
            print(f"{photo.name[5:]:16s} {head} {cells}")
            if args.crops:
                marked = photo.image.copy()
                for p, m in parts.items():
                    marked[m] = COLOURS[p]
                mask = cv2.cvtColor((kept * 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
                cv2.imwrite(
                    str(args.crops / f"{photo.name}.png"),
                    np.hstack([photo.image, marked, out, mask]),
                )
    means = " ".join(f"{np.mean(sums[p]):7.3f}" for p in PARTS)
    head = " ".join(f"{np.mean(sums[k]):6.3f}" for k in ("bare", "cut", "hair"))
    print(f"{'mean':16s} {head} {means}")


if __name__ == "__main__":
    main()
