"""Make the demo garments in assets/garments/ (deterministic: NumPy + OpenCV only).

The garments are procedural product photographs (front view, ghost-mannequin
style, transparent background), since research photos cannot ship: each is
sewn from panels of fabric with its structure at the photo's scale (jersey,
piqué, rib, fleece, denim twill, poplin, satin; knitted stripes and prints that
follow the drape), seams and top-stitching, bands, plackets, pockets and buttons,
and lit as in a studio (soft light from above, folds, wrinkles at the waist and
elbows, shadows under collars). The neck opening is cut away: nothing of a
garment's inside shows. See packaging/demo_garments/.

Then each image is rigged with kiosk.garments.rig.auto_rig (the rig JSON is
written next to it) and assets/garments/garments.json is written with the
catalog entries. Run from the project root:

    .venv/bin/python packaging/make_demo_garments.py [--check]

`--check` regenerates into memory and fails if any committed file differs.
`packaging/measure_garments.py` compares their texture with real product photos.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))

from demo_garments.outer import denim_jacket, hoodie  # noqa: E402
from demo_garments.tops import breton, polo, tee  # noqa: E402
from demo_garments.woven import camisole, dress, floral_blouse  # noqa: E402

from kiosk.garments.rig import auto_rig, rig_path_for  # noqa: E402

OUT = ROOT / "assets" / "garments"


@dataclass(frozen=True)
class Entry:
    sku: str
    name: str
    category: str
    file: str
    price: float
    draw: Callable[[], np.ndarray]
    colour: str


SIZES = ["XS", "S", "M", "L", "XL"]
CHART = {"XS": 36.0, "S": 38.0, "M": 40.0, "L": 42.0, "XL": 44.0}
MENS = {"S": 43.0, "M": 45.0, "L": 47.0, "XL": 49.0, "XXL": 51.0}
GARMENTS = (
    Entry("TOP-001", "Classic Crew Tee", "tee", "tee-coral.png", 129.0, tee, "coral red"),
    Entry(
        "TOP-002",
        "Breton Stripe Long-Sleeve",
        "top",
        "breton-navy.png",
        199.0,
        breton,
        "navy / cream",
    ),
    Entry("TOP-003", "Piqué Polo", "polo", "polo-green.png", 229.0, polo, "forest green"),
    Entry(
        "JKT-001",
        "Trucker Denim Jacket",
        "jacket",
        "denim-jacket.png",
        499.0,
        denim_jacket,
        "mid-wash indigo",
    ),
    Entry("TOP-004", "Pullover Hoodie", "hoodie", "hoodie-mustard.png", 329.0, hoodie, "mustard"),
    Entry("TOP-005", "Satin Camisole", "camisole", "camisole-blush.png", 159.0, camisole, "blush"),
    Entry(
        "DRS-001",
        "Polka Dot Midi Dress",
        "dress",
        "dress-emerald-dots.png",
        459.0,
        dress,
        "emerald",
    ),
    Entry(
        "TOP-006",
        "Floral Tie-Neck Blouse",
        "blouse",
        "blouse-floral-navy.png",
        269.0,
        floral_blouse,
        "navy floral",
    ),
)


def catalog() -> dict[str, object]:
    items = []
    for e in GARMENTS:
        mens = e.category in ("jacket", "hoodie", "polo")
        chart = MENS if mens else CHART
        items.append(
            {
                "product_id": e.sku,
                "name": e.name,
                "category": e.category,
                "colour": e.colour,
                "price": e.price,
                "image": e.file,
                "rig": e.file + ".rig.json",
                "sizes": list(chart),
                "size_chart": {"shoulder_width_cm": chart},
            }
        )
    return {"version": 1, "currency": "CNY", "garments": items}


def build(check: bool = False, only: str | None = None) -> int:
    """Write (or with `check`, compare) every garment, or just the one named `only`
    (its SKU or file name: a quicker turn while working on one)."""
    OUT.mkdir(parents=True, exist_ok=True)
    stale = []
    for e in GARMENTS:
        if only and only not in (e.sku, e.file):
            continue
        img = e.draw()
        path = OUT / e.file
        ok, png = cv2.imencode(".png", img, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        assert ok
        rig = auto_rig(img, category=e.category, name=e.file)
        rig_text = json.dumps(rig.to_dict(), indent=2) + "\n"
        if check:
            if not path.exists() or path.read_bytes() != png.tobytes():
                stale.append(path.name)
            continue
        path.write_bytes(png.tobytes())
        rig_path_for(path).write_text(rig_text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}  {len(png) // 1024} KB  sleeves={rig.sleeves}")
    text = json.dumps(catalog(), indent=2, ensure_ascii=False) + "\n"
    cat = OUT / "garments.json"
    if check:
        if not cat.exists() or cat.read_text(encoding="utf-8") != text:
            stale.append(cat.name)
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1 if stale else 0
    cat.write_text(text, encoding="utf-8")
    print(cat.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed files are stale")
    ap.add_argument("--only", metavar="SKU", help="make only this garment (SKU or file name)")
    args = ap.parse_args()
    raise SystemExit(build(args.check, args.only))
