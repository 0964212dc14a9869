"""Garments against human parsing labels: how much of the wearer's own top still shows at
the neck and shoulders, and how much hair, face and arms the garment paints.

Renders every person of `bodies_dev/` (24, CCP and CIHP labels) with each garment the
shipped way (`kiosk render --garment`: the configured pipeline, defaults from
config/default.toml) and prints per photo and mean/max, per garment (measures in
`tests/body_truth.py`):

- bare: share of the band (the wearer's own upper clothing from its top edge down a
  quarter of it) the garment left unchanged (the issue's floor: <= 10 %);
- top: share of the upper half of the wearer's own upper clothing left unchanged (sides too);
- hair: share of the labelled hair changed (<= 5 %); face (CIHP only): must be 0;
- arms (CIHP only): share of the labelled arms changed, for sleeveless garments <= 5 %;
- cut: of what the garment paints outside the labelled hair with no hair cue (a second
  render, the cue switched off), the share the cue cut away: holes where there is no
  hair (<= 3 %);
- failures: photos where nobody was dressed.
Photos with several people are scored only on the face (their labels have no instances).
`--sheet FILE` writes a contact sheet of every render to look at.

Run: .venv/bin/python benchmarks/garment_accuracy.py [--garment SKU ...] [--sheet FILE]
     [--fold 0|1] [--photo NAME ...]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from unittest import mock

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kiosk.catalog.garments import find_garment, load_garments
from kiosk.config import load_settings, parse_override
from kiosk.errors import NoFaceError
from kiosk.garments.prepared import prepare_product
from kiosk.offline import render_array
from kiosk.pipeline import Look
from kiosk.render import garment_occlusion
from kiosk.services import build_pipeline
from tests.body_truth import body_photos, cut, score

SLEEVELESS = ("camisole", "dress")


PER_ROW = 6
TILE = (240, 320)  # (width, height) of each before | after half


def _tile(before: np.ndarray, after: np.ndarray, caption: str) -> np.ndarray:
    """Before | after, each fitted into TILE on black, captioned."""
    halves = []
    for image in (before, after):
        w, h = TILE
        k = min(w / image.shape[1], h / image.shape[0])
        small = cv2.resize(
            image, (max(1, int(image.shape[1] * k)), max(1, int(image.shape[0] * k)))
        )
        cell = np.zeros((h, w, 3), np.uint8)
        cell[: small.shape[0], : small.shape[1]] = small
        halves.append(cell)
    tile = np.hstack(halves)
    cv2.putText(tile, caption, (4, 14), 0, 0.45, (0, 255, 255), 1)
    return tile


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _stat(values: list[float | None]) -> str:
    v = [x for x in values if x is not None and not math.isnan(x)]
    if not v:
        return "-"
    return f"mean {np.mean(v):.3f} max {np.max(v):.3f} (n={len(v)})"


def _no_hair(*_args: object, **_kwargs: object) -> None:
    """The hair cue switched off: nothing is kept in front of the garment for hair."""
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--garment", action="append", default=[], help="SKU (repeatable)")
    ap.add_argument("--set", action="append", default=[], help="config override key=value")
    ap.add_argument("--sheet", type=Path, help="contact sheet of every render")
    ap.add_argument(
        "--fold",
        type=int,
        choices=(0, 1),
        help="only one half of the photos (sorted by name, every other one: 0 even, 1 odd)"
        " for two-fold held-out checks: fit on one half, report on the other",
    )
    ap.add_argument("--photo", action="append", default=[], help="only this photo (repeatable)")
    args = ap.parse_args()
    settings = load_settings(overrides=dict(parse_override(s) for s in args.set))
    items = [find_garment(s) for s in args.garment] or load_garments()
    photos = list(body_photos())
    if args.fold is not None:
        photos = photos[args.fold :: 2]
    if args.photo:
        photos = [p for p in photos if p.name in args.photo]
    tiles: list[np.ndarray] = []
    stack, pipeline = build_pipeline(settings, "image", bodies=True)
    with stack:
        for item in items:
            look = Look(None, garment=prepare_product(item))
            kind = getattr(item, "category", "")
            print(f"\n{item.product_id} {item.name} ({kind})")
            heads = ("bare", "top", "hair", "face", "arms", "cut")
            print(f"{'photo':22s} " + " ".join(f"{h:>6s}" for h in heads))
            rows, cuts, failed = [], [], []
            for photo in photos:
                try:
                    out = render_array(pipeline, photo.image, look).image
                except NoFaceError as exc:
                    failed.append(photo.name)
                    print(f"{photo.name:22s} FAILED: {exc}")
                    out = photo.image
                else:
                    s = score(photo, out)
                    rows.append(s)
                    with mock.patch.object(garment_occlusion, "hair_in_front", _no_hair):
                        whole = render_array(pipeline, photo.image, look).image
                    cuts.append(cut(photo, out, whole))
                    cells = (s.band_bare, s.top_bare, s.hair, s.face, s.arms, cuts[-1])
                    print(f"{photo.name:22s} " + " ".join(f"{_fmt(v):>6s}" for v in cells))
                if args.sheet:
                    tiles.append(_tile(photo.image, out, f"{item.product_id} {photo.name[5:]}"))
            print(f"bare band: {_stat([r.band_bare for r in rows])}")
            print(f"own top left showing: {_stat([r.top_bare for r in rows])}")
            print(f"hair changed: {_stat([r.hair for r in rows])}")
            print(f"face changed: {_stat([r.face for r in rows])}")
            print(f"garment cut outside the hair: {_stat(cuts)}")
            arms = _stat([r.arms for r in rows])
            print(f"arms changed{' (sleeveless)' if kind in SLEEVELESS else ''}: {arms}")
            print(f"failed: {len(failed)} {' '.join(failed)}")
    if args.sheet and tiles:
        while len(tiles) % PER_ROW:
            tiles.append(np.zeros_like(tiles[0]))
        grid = [np.hstack(tiles[i : i + PER_ROW]) for i in range(0, len(tiles), PER_ROW)]
        cv2.imwrite(str(args.sheet), np.vstack(grid))


if __name__ == "__main__":
    main()
