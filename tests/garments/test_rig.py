"""Auto-rigging on the shared product photos, rig files, and photos it must refuse."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.errors import KioskError
from kiosk.garments.preview import draw_preview
from kiosk.garments.rig import Rig, auto_rig
from kiosk.garments.segment import garment_mask

# Sleeves photographed hanging against the body (all used to be rigged sleeveless):
# 09176 with a notch under each cuff, 09263's 3/4 sleeves and 049940's puff sleeves with a
# step, 09290's sheer sleeves flaring out to gathered cuffs beside the hem.
LONG_SLEEVES = [
    "viton_003434_1",
    "viton_006026_1",
    "viton_010567_1",
    "vitonhd_10165_00",
    "vitonhd_09176_00",
    "vitonhd_09290_00",
    "dresscode_049940_1",
]
SHORT_SLEEVES = [
    "viton_014396_1",
    "viton_019119_1",
    "vitonhd_00055_00",
    "vitonhd_00126_00",
    "vitonhd_09263_00",
]
SLEEVELESS = ["viton_017575_1", "vitonhd_09133_00", "dresscode_053319_1"]
MASKED = ["viton_003434_1", "viton_006026_1", "viton_010567_1", "viton_014396_1",
          "viton_017575_1", "viton_019119_1"]  # fmt: skip


def _photo(testdata: Path, stem: str) -> np.ndarray:
    image = cv2.imread(str(testdata / "garments" / f"{stem}.jpg"))
    assert image is not None, stem
    return image


@pytest.fixture(scope="module")
def rigs(testdata: Path) -> dict[str, Rig]:
    out = {}
    for path in sorted((testdata / "garments").glob("*.jpg")):
        out[path.stem] = auto_rig(cv2.imread(str(path)), name=path.name)
    return out


def test_every_photo_gets_a_plausible_rig(testdata: Path, rigs: dict[str, Rig]) -> None:
    assert len(rigs) == len(list((testdata / "garments").glob("*.jpg"))) >= 20
    for stem, rig in rigs.items():
        a = rig.anchors
        (nx, ny), (lx, ly), (rx, ry) = a["neck"], a["left_shoulder"], a["right_shoulder"]
        width = lx - rx
        assert width > 0.2 * rig.image_size[0], stem  # wearer's left is on the image right
        assert rx < nx < lx, stem
        # The neck sits at or near the shoulder line (a camisole's front neckline dips lower).
        assert ny < max(ly, ry) + 0.6 * width, stem
        for side in ("left", "right"):
            assert a[f"{side}_hip"][1] > a[f"{side}_shoulder"][1] + 0.5 * width, stem
            assert a[f"{side}_hem"][1] >= a[f"{side}_hip"][1] - 1, stem
        assert a["left_hem"][0] > a["right_hem"][0], stem
        mask = rig.silhouette
        assert mask is not None
        for name, (x, y) in a.items():
            near = mask[max(0, int(y) - 6) : int(y) + 7, max(0, int(x) - 6) : int(x) + 7]
            assert near.any(), f"{stem}: {name} is off the garment"


@pytest.mark.parametrize("stem", LONG_SLEEVES + SHORT_SLEEVES)
def test_sleeves_are_found(rigs: dict[str, Rig], stem: str) -> None:
    rig = rigs[stem]
    assert rig.sleeves == ("long" if stem in LONG_SLEEVES else "short"), stem
    a = rig.anchors
    for side, outward in (("left", 1), ("right", -1)):
        sy = a[f"{side}_shoulder"][1]
        ex, ey = a[f"{side}_sleeve_end"]
        assert ey > sy, stem  # the cuff hangs below the shoulder
        assert outward * (ex - a["neck"][0]) > 0, stem  # and on its own side
        el = a[f"{side}_elbow"]
        assert min(sy, ey) - 2 <= el[1] <= max(sy, ey) + 2, stem


@pytest.mark.parametrize("stem", SLEEVELESS)
def test_sleeveless_has_no_sleeve_anchors(rigs: dict[str, Rig], stem: str) -> None:
    rig = rigs[stem]
    assert rig.sleeves == "none"
    assert not any("sleeve" in k or "elbow" in k for k in rig.anchors)


def test_dresses_are_guessed_long(rigs: dict[str, Rig]) -> None:
    for stem in ("dresscode_052234_1", "dresscode_053319_1", "dresscode_053744_1"):
        assert rigs[stem].category == "dress", stem
    assert rigs["viton_003434_1"].category == "top"


@pytest.mark.parametrize("stem", MASKED)
def test_silhouette_matches_the_mask(testdata: Path, stem: str) -> None:
    ours = garment_mask(_photo(testdata, stem)) > 0
    truth = cv2.imread(str(testdata / "garments" / f"{stem}_mask.png"), cv2.IMREAD_GRAYSCALE) > 127
    iou = (ours & truth).sum() / (ours | truth).sum()
    assert iou >= 0.9, f"{stem}: IoU {iou:.3f}"


def test_alpha_cutout_uses_the_alpha(testdata: Path) -> None:
    image = _photo(testdata, "viton_006026_1")
    mask = garment_mask(image)
    bgra = cv2.cvtColor(image, cv2.COLOR_BGR2BGRA)
    bgra[:, :, 3] = mask
    bgra[mask == 0, :3] = (0, 0, 0)  # a transparent background of any colour
    rig = auto_rig(bgra)
    assert rig.sleeves == "long"
    assert np.array_equal(rig.silhouette > 0, mask > 0) or (
        ((rig.silhouette > 0) & (mask > 0)).sum() / ((rig.silhouette > 0) | (mask > 0)).sum() > 0.98
    )


def test_round_trip(tmp_path: Path, rigs: dict[str, Rig]) -> None:
    for stem in ("viton_003434_1", "viton_017575_1"):
        rig = rigs[stem]
        path = rig.save(tmp_path / f"{stem}.jpg.rig.json")
        back = Rig.load(path)
        assert back == Rig.from_dict(json.loads(path.read_text()))
        assert back.category == rig.category and back.sleeves == rig.sleeves
        assert back.anchors.keys() == rig.anchors.keys()
        for k, (x, y) in rig.anchors.items():
            assert back.anchors[k] == pytest.approx((x, y), abs=0.051)


def _good() -> dict[str, object]:
    anchors = {
        "neck": [50, 10], "left_shoulder": [80, 20], "right_shoulder": [20, 20],
        "left_hip": [75, 90], "right_hip": [25, 90], "left_hem": [75, 90], "right_hem": [25, 90],
    }  # fmt: skip
    return {"version": 1, "image": "x.png", "image_size": [100, 100], "category": "top",
            "sleeves": "none", "anchors": anchors, "source": "manual"}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("category"), "category"),
        (lambda d: d.update(category="cape"), "category"),
        (lambda d: d.update(image_size=[100]), "image_size"),
        (lambda d: d.update(sleeves="long"), "anchors.left_elbow"),
        (lambda d: d["anchors"].pop("neck"), "anchors.neck"),
        (lambda d: d["anchors"].update(neck=[50, "x"]), "anchors.neck"),
        (lambda d: d["anchors"].update(left_hip=[150, 90]), "anchors.left_hip"),
        (lambda d: d["anchors"].update(left_elbow=[80, 50]), "anchors.left_elbow"),
        (lambda d: d["anchors"].update(left_shoulder=[10, 20]), "anchors.left_shoulder"),
        (lambda d: d.update(version=9), "version"),
    ],
)
def test_load_errors_name_the_field(tmp_path: Path, change, field: str) -> None:  # type: ignore[no-untyped-def]
    data = _good()
    Rig.from_dict(data)  # the unchanged rig is valid
    data = json.loads(json.dumps(data))
    change(data)
    path = tmp_path / "bad.rig.json"
    path.write_text(json.dumps(data))
    with pytest.raises(KioskError) as err:
        Rig.load(path)
    assert f"'{field}'" in str(err.value)
    assert str(path) in str(err.value)


def test_load_missing_and_broken(tmp_path: Path) -> None:
    with pytest.raises(KioskError, match="does not exist"):
        Rig.load(tmp_path / "nope.rig.json")
    (tmp_path / "b.json").write_text("{not json")
    with pytest.raises(KioskError, match="cannot be read"):
        Rig.load(tmp_path / "b.json")


def test_person_on_busy_background_is_refused(testdata: Path) -> None:
    image = cv2.imread(str(testdata / "bodies" / "coco_val2014_000000000241.jpg"))
    with pytest.raises(KioskError, match="background is not plain"):
        auto_rig(image)


@pytest.mark.parametrize("value", [255, 230, 200])
def test_blank_image_is_refused(value: int) -> None:
    with pytest.raises(KioskError, match="no garment silhouette found"):
        auto_rig(np.full((400, 300, 3), value, np.uint8))


def test_cropped_garment_is_refused(testdata: Path) -> None:
    image = _photo(testdata, "vitonhd_00055_00")[:600]  # hem cut off
    with pytest.raises(KioskError, match="touches the image border"):
        auto_rig(image)


def test_dark_background_is_refused(testdata: Path) -> None:
    image = _photo(testdata, "vitonhd_00055_00").copy()
    mask = garment_mask(image)
    image[mask == 0] = (30, 30, 30)
    with pytest.raises(KioskError, match="too dark"):
        auto_rig(image)


def test_unknown_category_is_refused(testdata: Path) -> None:
    with pytest.raises(KioskError, match="category"):
        auto_rig(_photo(testdata, "viton_017575_1"), category="cape")


def test_preview_draws_on_a_copy(rigs: dict[str, Rig], testdata: Path) -> None:
    image = _photo(testdata, "viton_003434_1")
    before = image.copy()
    out = draw_preview(image, rigs["viton_003434_1"])
    assert out.shape == image.shape and np.array_equal(image, before)
    assert (np.abs(out.astype(int) - image.astype(int)).sum(axis=2) > 60).mean() > 0.01
