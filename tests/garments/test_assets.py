"""The demo garments in assets/garments: images, rigs, catalog entries, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.catalog.garments import default_garments_path, load_garments
from kiosk.errors import KioskError
from kiosk.garments.rig import Rig, auto_rig, rig_path_for
from kiosk.paths import assets_dir

REPO = Path(__file__).resolve().parents[2]
DEMO = assets_dir() / "garments"


def test_catalog_lists_at_least_eight_garments() -> None:
    products = load_garments()
    assert len(products) >= 8
    cats = {p.category for p in products}
    assert "dress" in cats and "jacket" in cats
    for p in products:
        assert p.price.currency == "CNY" and p.price.amount > 0
        assert p.sizes and list(p.shoulder_width_cm) == list(p.sizes)


def test_every_demo_image_has_a_valid_rig_and_an_entry() -> None:
    images = sorted(DEMO.glob("*.png"))
    assert len(images) >= 8
    by_image = {p.image.name: p for p in load_garments()}
    for path in images:
        assert path.name in by_image, f"{path.name} has no catalog entry"
        assert path.stat().st_size < 400 * 1024, path.name
        image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
        assert image.shape == (800, 600, 4), path.name
        assert image[0, 0, 3] == 0 and image[400, 300, 3] == 255, path.name
        rig = Rig.load(rig_path_for(path))
        assert rig == by_image[path.name].load_rig()
        assert rig.image == path.name and rig.image_size == (600, 800)
        assert rig.category == by_image[path.name].category
        # The stored rig is what the rigger makes of the image today.
        fresh = auto_rig(image, category=rig.category, name=path.name)
        assert fresh.sleeves == rig.sleeves, path.name
        for k, (x, y) in rig.anchors.items():
            assert np.hypot(x - fresh.anchors[k][0], y - fresh.anchors[k][1]) < 2.0, (path.name, k)


SLEEVES = {  # what each demo garment is: the rigger must find it so
    "tee-coral.png": "short", "polo-green.png": "short", "breton-navy.png": "long",
    "denim-jacket.png": "long", "hoodie-mustard.png": "long", "blouse-floral-navy.png": "long",
    "camisole-blush.png": "none", "dress-emerald-dots.png": "none",
}  # fmt: skip


def _demo() -> list[tuple[Path, np.ndarray, Rig]]:
    return [
        (p, cv2.imread(str(p), cv2.IMREAD_UNCHANGED), Rig.load(rig_path_for(p)))
        for p in sorted(DEMO.glob("*.png"))
    ]


def test_no_garment_inside_shows_at_the_neck() -> None:
    """The neck opening is cut away: above the neckline's centre there is nothing
    (no back collar, hood lining or label to land on a wearer's chest), and the
    garment starts right below it."""
    for path, image, rig in _demo():
        alpha = image[..., 3]
        x, y = (round(v) for v in rig.anchors["neck"])
        column = alpha[: max(y - 3, 0), x - 1 : x + 2]
        assert column.max() == 0, (path.name, "something above the neckline")
        assert alpha[y + 3 : y + 8, x].min() == 255, (path.name, "the neckline is not there")
        shoulders = min(rig.anchors["left_shoulder"][1], rig.anchors["right_shoulder"][1])
        # The front neckline: at or below the shoulder line (a back neckline, which
        # would mean the garment's inside shows through the opening, lies above it).
        assert y >= shoulders - 6, (path.name, "the neck anchor is on a back neckline")


def test_anchors_lie_on_the_garment_and_sleeves_are_found() -> None:
    """Every anchor is on the garment (within a few px of it: the shoulders and hems
    sit on its outline), sleeve ends on their cuffs, and each garment has the
    sleeves it is sold with."""
    for path, image, rig in _demo():
        opaque = (image[..., 3] > 127).astype(np.uint8)
        away = cv2.distanceTransform(1 - opaque, cv2.DIST_L2, 3)
        for name, (x, y) in rig.anchors.items():
            assert away[round(y), round(x)] <= 3.0, (path.name, name)
        assert rig.sleeves == SLEEVES[path.name], path.name
        for side in ("left", "right") if rig.sleeves != "none" else ():
            x, y = rig.anchors[f"{side}_sleeve_end"]
            assert opaque[round(y), round(x)] == 1, (path.name, side, "cuff centre")


def test_the_garments_have_fabric_texture_and_soft_edges() -> None:
    """Not flat fills: fine structure (yarn, grain, stitches) and drape shading
    inside the garment, in Lab lightness; and anti-aliased outlines (partly
    transparent pixels along the edge, not a stair of opaque ones)."""
    for path, image, _rig in _demo():
        alpha = image[..., 3]
        lab = cv2.cvtColor(image[..., :3].astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)
        L = lab[..., 0]
        inner = cv2.erode((alpha == 255).astype(np.uint8), np.ones((13, 13), np.uint8)) > 0
        fine = float(np.std((L - cv2.GaussianBlur(L, (0, 0), 1.0))[inner]))
        drape = float(
            np.std((cv2.GaussianBlur(L, (0, 0), 4) - cv2.GaussianBlur(L, (0, 0), 16))[inner])
        )
        assert fine >= 0.4, (path.name, fine)
        assert drape >= 2.0, (path.name, drape)
        edge = cv2.morphologyEx((alpha > 127).astype(np.uint8), cv2.MORPH_GRADIENT, np.ones((3, 3)))
        partial = ((alpha > 0) & (alpha < 255)).sum()
        assert partial >= 0.5 * edge.sum() / 2, (path.name, "hard edges")


def test_the_generator_makes_the_shipped_garment() -> None:
    """The shipped images are what packaging/make_demo_garments.py makes (seeded,
    procedural): checked on the quickest one, the camisole."""
    sys.path.insert(0, str(REPO / "packaging"))
    try:
        from demo_garments.woven import camisole
    finally:
        sys.path.remove(str(REPO / "packaging"))
    made = camisole().astype(int)
    shipped = cv2.imread(str(DEMO / "camisole-blush.png"), cv2.IMREAD_UNCHANGED).astype(int)
    assert made.shape == shipped.shape
    assert np.abs(made - shipped).max() <= 1


def test_catalog_errors_name_entry_and_field(tmp_path: Path) -> None:
    data = json.loads(default_garments_path().read_text(encoding="utf-8"))
    for entry in data["garments"]:
        entry["image"] = str(DEMO / entry["image"])
        entry["rig"] = str(DEMO / entry["rig"])
    cases = [
        (lambda d: d["garments"][1].update(price="cheap"), "garment #2 (TOP-002)", "price"),
        (lambda d: d["garments"][0].update(category="cape"), "garment #1 (TOP-001)", "category"),
        (lambda d: d["garments"][2].update(rig="missing.json"), "(TOP-003)", "rig"),
        (lambda d: d["garments"][0]["size_chart"]["shoulder_width_cm"].pop("M"), "(TOP-001)",
         "size_chart.shoulder_width_cm.M"),
        (lambda d: d["garments"][3].pop("product_id"), "garment #4", "product_id"),
    ]  # fmt: skip
    for change, where, field in cases:
        bad = json.loads(json.dumps(data))
        change(bad)
        path = tmp_path / "garments.json"
        path.write_text(json.dumps(bad))
        with pytest.raises(KioskError) as err:
            load_garments(path)
        assert where in str(err.value) and f"'{field}'" in str(err.value), str(err.value)
    dup = json.loads(json.dumps(data))
    dup["garments"][1]["product_id"] = "TOP-001"
    (tmp_path / "garments.json").write_text(json.dumps(dup))
    with pytest.raises(KioskError, match="repeats product id"):
        load_garments(tmp_path / "garments.json")


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_list_prints_the_skus() -> None:
    done = _kiosk("garments", "list")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [p.product_id for p in load_garments()]


def test_cli_rig_writes_rig_and_preview(testdata: Path, tmp_path: Path) -> None:
    photo = testdata / "garments" / "viton_003434_1.jpg"
    rig, preview = tmp_path / "tee.rig.json", tmp_path / "tee-preview.png"
    done = _kiosk("garments", "rig", str(photo), "--preview", str(preview), "--out", str(rig))
    assert done.returncode == 0, done.stderr
    loaded = Rig.load(rig)
    assert loaded.sleeves == "long" and loaded.image == photo.name
    shown = cv2.imread(str(preview))
    assert shown is not None and shown.shape[:2] == (256, 192)


def test_cli_rig_refuses_with_a_reason(testdata: Path, tmp_path: Path) -> None:
    photo = testdata / "bodies" / "coco_val2014_000000000241.jpg"
    done = _kiosk("garments", "rig", str(photo), "--out", str(tmp_path / "x.json"))
    assert done.returncode == 2
    assert "background is not plain" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.json").exists()
