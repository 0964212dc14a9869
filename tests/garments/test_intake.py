"""`kiosk garments add`: a product photo to a garment in the catalog the kiosk loads.

Real shared photos, the real face model, a real temporary garment folder; the
command itself runs as a person runs it (a process) for adding, listing, refusing
and rendering.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.catalog.catalog import load_catalog
from kiosk.catalog.garments import load_garments
from kiosk.errors import KioskError
from kiosk.garments.intake import FaceCounter, IntakeRequest, add_garment
from kiosk.garments.prepared import prepare_product
from kiosk.garments.rig import Rig
from kiosk.paths import assets_dir
from kiosk.vision.face import FaceTracker

TEE = "vitonhd_00055_00"  # lilac tee, dark inside of the back collar in the neck opening


def _counter(tracker: FaceTracker) -> FaceCounter:
    return lambda image: len(tracker.detect(image).faces)


def _request(sku: str = "TEE-101", **kw: object) -> IntakeRequest:
    base: dict[str, object] = {"sku": sku, "name": "Lilac Logo Tee", "sizes": ("S", "M", "L")}
    base.update(kw)
    return IntakeRequest(**base)  # type: ignore[arg-type]


@pytest.fixture()
def faces(face_model: Path) -> Iterator[FaceTracker]:
    with FaceTracker(face_model, mode="image", max_faces=2) as tracker:
        yield tracker


def test_add_writes_a_transparent_garment_rig_preview_and_entry(
    testdata: Path, tmp_path: Path, faces: FaceTracker
) -> None:
    photo = testdata / "garments" / f"{TEE}.jpg"
    result = add_garment(photo, _request(price=149.0), tmp_path, _counter(faces))
    image = cv2.imread(str(result.image), cv2.IMREAD_UNCHANGED)
    assert image is not None and image.shape[2] == 4
    alpha = image[:, :, 3]
    rig = Rig.load(result.rig)
    assert rig.image == result.image.name and rig.image_size == (image.shape[1], image.shape[0])
    # The neck opening is see-through below the (back) neckline anchor: the inside of
    # the collar is gone, the collar's front and the chest are there.
    nx, ny = (round(v) for v in rig.anchors["neck"])
    sw = rig.shoulder_width_px
    assert alpha[ny + 3 : ny + int(0.06 * sw), nx - 5 : nx + 5].max() == 0
    assert alpha[ny + int(0.25 * sw), nx] == 255
    assert result.garment.interior_px > 0.02 * sw * sw
    # Soft edge, and the photo's backdrop is gone.
    assert ((alpha > 10) & (alpha < 245)).sum() > 500
    assert alpha[0, 0] == 0 and alpha[-1, -1] == 0
    assert result.garment.rim_after < 0.1 < 0.9 < result.garment.rim_before
    preview = cv2.imread(str(result.preview))
    assert preview is not None and preview.shape[1] == 3 * image.shape[1]
    (product,) = load_garments(result.catalog)
    assert product.product_id == "TEE-101" and product.sizes == ("S", "M", "L")
    assert product.shoulder_width_cm == {"S": 38.0, "M": 40.0, "L": 42.0}
    assert product.price.amount == 149
    prepare_product(product)  # the renderer takes it as it comes


def test_added_garments_join_the_shipped_catalog(
    testdata: Path, tmp_path: Path, faces: FaceTracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_GARMENTS_DIR", str(tmp_path))
    shipped = load_garments()
    photo = testdata / "garments" / "vitonhd_09236_00.jpg"
    add_garment(photo, _request("TEE-102"), tmp_path, _counter(faces))
    merged = load_garments()
    assert [p.product_id for p in merged] == [p.product_id for p in shipped] + ["TEE-102"]
    catalog = load_catalog(assets_dir() / "catalog.json", strict=True)
    assert catalog.find("TEE-102-M") is not None
    # --replace of a shipped id: the added garment stands in for it.
    first = shipped[0].product_id
    add_garment(photo, _request(first, replace=True), tmp_path, _counter(faces), {first})
    again = {p.product_id: p for p in load_garments()}
    assert len(again) == len(merged) and again[first].image.parent == tmp_path


def test_a_taken_sku_is_refused_unless_replaced(
    testdata: Path, tmp_path: Path, faces: FaceTracker
) -> None:
    photo = testdata / "garments" / f"{TEE}.jpg"
    with pytest.raises(KioskError, match="already in the garment catalog") as err:
        add_garment(photo, _request("TOP-001"), tmp_path, _counter(faces), {"TOP-001"})
    assert "--replace" in err.value.fix
    assert not list(tmp_path.iterdir())


def _bad_photos(testdata: Path, folder: Path) -> dict[str, Path]:
    """Real photos made unusable the ways a person would (written to a temp folder)."""
    tee = cv2.imread(str(testdata / "garments" / f"{TEE}.jpg"))
    red = cv2.imread(str(testdata / "garments" / "vitonhd_09236_00.jpg"))
    out = {
        "not_an_image": folder / "notes.jpg",
        "too_small": folder / "small.jpg",
        "two_garments": folder / "two.jpg",
        "rotated": folder / "rotated.jpg",
    }
    out["not_an_image"].write_text("this is a text file", encoding="utf-8")
    cv2.imwrite(str(out["too_small"]), cv2.resize(tee, (120, 160), interpolation=cv2.INTER_AREA))
    cv2.imwrite(str(out["two_garments"]), np.hstack([tee, red]))
    cv2.imwrite(str(out["rotated"]), cv2.rotate(tee, cv2.ROTATE_90_CLOCKWISE))
    # The floor and furniture of a living room (its lower half: no face in it).
    room = cv2.imread(str(testdata / "bodies" / "coco_val2014_000000000241.jpg"))
    out["busy_background"] = folder / "room.jpg"
    cv2.imwrite(str(out["busy_background"]), room[room.shape[0] // 2 :])
    out["person_wearing_it"] = testdata / "bodies" / "vitonhd_00035_00.jpg"
    out["full_length_person"] = testdata / "bodies" / "dresscode_049713_0.jpg"
    return out


REFUSALS = {
    "not_an_image": ("is not an image or cannot be read", "PNG or JPEG"),
    "too_small": ("too small (120x160 px)", "at least 192 px"),
    "two_garments": ("more than one garment", "one garment at a time"),
    "rotated": ("cannot be rigged", "upright from the front"),
    "busy_background": ("background is not plain", "plain light background"),
    "person_wearing_it": ("person wearing the garment", "flat lay or ghost-mannequin photo"),
    "full_length_person": ("person wearing the garment", "flat lay or ghost-mannequin photo"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_photos_that_cannot_work_are_refused_with_the_fix(
    testdata: Path, tmp_path: Path, faces: FaceTracker, case: str
) -> None:
    (tmp_path / "in").mkdir()
    photo = _bad_photos(testdata, tmp_path / "in")[case]
    folder = tmp_path / "catalog"
    problem, fix = REFUSALS[case]
    with pytest.raises(KioskError) as err:
        add_garment(photo, _request(), folder, _counter(faces))
    assert problem in err.value.message and fix in err.value.fix, str(err.value)
    assert not folder.exists()  # nothing half-written


# ---- the command, as a process --------------------------------------------------------------


def kiosk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True, text=True, env=full, timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory, models_mirror: Path) -> dict[str, str]:
    return {
        "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache")),
        "KIOSK_MODEL_MIRROR": str(models_mirror),
        "KIOSK_GARMENTS_DIR": str(tmp_path_factory.mktemp("garments")),
    }


@pytest.fixture(scope="module")
def added(testdata: Path, cli_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    photo = testdata / "garments" / f"{TEE}.jpg"
    return kiosk("garments", "add", str(photo), "--sku", "TEE-201", "--name", "Lilac Tee",
                 "--sizes", "S,M,L", "--price", "129", env=cli_env)  # fmt: skip


def test_the_command_adds_and_lists_the_garment(
    added: subprocess.CompletedProcess[str], cli_env: dict[str, str]
) -> None:
    assert added.returncode == 0, added.stderr
    assert "added TEE-201" in added.stdout and "preview" in added.stdout
    folder = Path(cli_env["KIOSK_GARMENTS_DIR"])
    assert {"tee-201.png", "tee-201.png.rig.json", "tee-201.preview.png", "garments.json"} <= {
        p.name for p in folder.iterdir()
    }
    entry = json.loads((folder / "garments.json").read_text(encoding="utf-8"))["garments"][0]
    assert entry["product_id"] == "TEE-201" and entry["price"] == 129.0
    listed = kiosk("garments", "list", env=cli_env)
    assert listed.returncode == 0 and listed.stdout.split()[-1] == "TEE-201"
    assert "TOP-001" in listed.stdout.split()  # the shipped garments are still there


def test_the_command_refuses_a_duplicate_and_a_person_without_a_traceback(
    added: subprocess.CompletedProcess[str], testdata: Path, cli_env: dict[str, str]
) -> None:
    assert added.returncode == 0, added.stderr
    photo = testdata / "garments" / "vitonhd_09236_00.jpg"
    again = kiosk("garments", "add", str(photo), "--sku", "TEE-201", "--name", "Red",
                  "--sizes", "M", env=cli_env)  # fmt: skip
    assert again.returncode == 2
    assert "TEE-201 is already in the garment catalog" in again.stderr
    assert "--replace" in again.stderr and "Traceback" not in again.stderr
    person = testdata / "bodies" / "vitonhd_00034_00.jpg"
    worn = kiosk("garments", "add", str(person), "--sku", "TEE-202", "--name", "Pink",
                 "--sizes", "M", env=cli_env)  # fmt: skip
    assert worn.returncode == 2 and "Traceback" not in worn.stderr
    assert "use a flat lay or ghost-mannequin photo" in worn.stderr


def test_the_added_garment_is_worn_by_kiosk_render(
    added: subprocess.CompletedProcess[str],
    testdata: Path,
    cli_env: dict[str, str],
    tmp_path: Path,
) -> None:
    assert added.returncode == 0, added.stderr
    body = testdata / "bodies" / "vitonhd_00121_00.jpg"  # black tee, front-facing
    out = tmp_path / "worn.png"
    done = kiosk("render", "--image", str(body), "--garment", "TEE-201", "--out", str(out),
                 env=cli_env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    before, after = cv2.imread(str(body)), cv2.imread(str(out))
    assert after is not None and after.shape == before.shape
    # The black tee's chest now shows the garment's lilac.
    h, w = before.shape[:2]
    chest = after[int(0.35 * h) : int(0.45 * h), int(0.4 * w) : int(0.6 * w)]
    lab = cv2.cvtColor(chest, cv2.COLOR_BGR2Lab).reshape(-1, 3).astype(np.float32)
    assert np.median(lab[:, 0]) > 140  # was the black tee (L about 30 of 255)
