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
