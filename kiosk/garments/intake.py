"""Garment intake: a product photo to a garment the kiosk can put on people, in one step.

Read the photo, refuse what cannot work (with the problem and the fix), cut the
garment out with a clean edge (`cutout`), rig it on its full silhouette (`rig`, so
the neck anchor is the back neckline as in every other rig), make the inside seen
through the neck transparent (`interior`), and write the PNG, the rig, a preview and
the catalog entry into the writable garment folder (`library`).

Refusals come in the order a person would fix them: the file, its size, a person in
the photo, the backdrop, more than one garment, a silhouette that cannot be rigged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.errors import KioskError
from kiosk.garments.cutout import Cutout, binary_cut_out, cut_out, ellipse, rim_score
from kiosk.garments.interior import interior_mask
from kiosk.garments.library import store_entry, write_atomic
from kiosk.garments.preview import draw_preview
from kiosk.garments.rig import CATEGORIES, SLEEVE_ANCHORS, SLEEVES, Rig, auto_rig
from kiosk.garments.segment import background_model, garment_mask

MIN_SIDE = 192  # px: the smallest photos the rig and the edge work are checked on
ASKEW = 0.13  # of the shoulder width: how far off its centre line an upright garment may be
SECOND_PIECE = 0.2  # a second foreground part this large (x the first) is another garment
# Shoulder width (cm) per size when no chart is given: the demo catalog's chart.
LETTER_CHART = {
    "XXS": 34.0, "XS": 36.0, "S": 38.0, "M": 40.0, "L": 42.0, "XL": 44.0, "XXL": 46.0,
    "2XL": 46.0, "XXXL": 48.0, "3XL": 48.0,
}  # fmt: skip
_SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$")
_FIX_PHOTO = "use a product photo of one garment, front view, on a plain light background"

FaceCounter = Callable[[np.ndarray], int]


@dataclass(frozen=True)
class IntakeRequest:
    """What the person adding the garment says about it."""

    sku: str
    name: str
    sizes: tuple[str, ...]
    price: float = 0.0
    category: str | None = None
    sleeves: str | None = None
    shoulder_cm: tuple[float, ...] | None = None
    colour: str = ""
    replace: bool = False


@dataclass(frozen=True)
class Garment:
    """The garment made from a photo, before anything is written."""

    cutout: Cutout
    rig: Rig
    interior_px: int
    rim_before: float
    rim_after: float


@dataclass(frozen=True)
class IntakeResult:
    garment: Garment
    image: Path
    rig: Path
    preview: Path
    catalog: Path
    entry: dict[str, Any] = field(repr=False)


def read_photo(path: Path) -> np.ndarray:
    """The photo as BGR or BGRA uint8; refuses a missing, unreadable or tiny file."""
    path = Path(path)
    if not path.is_file():
        raise KioskError(f"{path} does not exist or is not a file", "pass the photo's path")
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if image is None or image.size == 0:
        raise KioskError(
            f"{path} is not an image or cannot be read", "pass a PNG or JPEG product photo"
        )
    if image.dtype != np.uint8:
        image = cv2.convertScaleAbs(image, alpha=255.0 / max(1.0, float(image.max())))
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    h, w = image.shape[:2]
    if min(h, w) < MIN_SIDE:
        raise KioskError(
            f"the photo is too small ({w}x{h} px) to make a garment from",
            f"use a photo at least {MIN_SIDE} px on its short side (768x1024 or more is best)",
        )
    return np.ascontiguousarray(image)


def refuse_worn(image: np.ndarray, count_faces: FaceCounter) -> None:
    """A photo of someone wearing the garment cannot be cut out as the garment alone."""
    bgr = np.ascontiguousarray(image[:, :, :3])
    faces = count_faces(bgr)
    if not faces:
        # A full-length shot has a small face near the top, too small for the face
        # detector on the whole photo: look again at overlapping tiles of its top part.
        faces = sum(count_faces(tile) for tile in _top_tiles(bgr))
    if faces:
        raise KioskError(
            f"the photo shows a person wearing the garment ({faces} face(s) found)",
            "use a flat lay or ghost-mannequin photo of the garment alone",
        )


def _top_tiles(bgr: np.ndarray) -> list[np.ndarray]:
    """Half-width squares over the top 60 % of the photo, overlapping by half, enlarged
    to 512 px so a face of a full-length shot fills enough of one."""
    h, w = bgr.shape[:2]
    if min(h, w) < 384:
        return []  # small photos enlarged tile by tile give the detector noise to read
    size = min(h, w) // 2
    stride = size // 2
    tiles = []
    for y in range(0, max(1, int(0.6 * h) - size + stride), stride):
        for x in range(0, max(1, w - size + stride), stride):
            tile = bgr[y : y + size, x : x + size]
            scale = 512.0 / max(tile.shape[:2])
            if scale > 1.0:
                tile = cv2.resize(tile, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
            tiles.append(np.ascontiguousarray(tile))
    return tiles


def refuse_several(image: np.ndarray) -> None:
    """Two garments (or a garment and an accessory of its size) cannot be one product."""
    if image.shape[2] == 4 and int(image[:, :, 3].min()) < 250:
        fore = image[:, :, 3] > 127
    else:
        bgr = np.ascontiguousarray(image[:, :, :3])
        field, noise = background_model(bgr)
        lab = cv2.cvtColor(bgr.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)
        fore = np.linalg.norm(lab - field, axis=2) > max(3.0, 3.5 * noise)
    scale = min(image.shape[:2]) / 256.0
    fore_u8 = cv2.morphologyEx(fore.astype(np.uint8), cv2.MORPH_CLOSE, ellipse(3 * scale))
    fore_u8 = cv2.morphologyEx(fore_u8, cv2.MORPH_OPEN, ellipse(2 * scale))
    _, _, stats, _ = cv2.connectedComponentsWithStats(fore_u8, connectivity=8)
    areas = sorted((int(a) for a in stats[1:, cv2.CC_STAT_AREA]), reverse=True)
    big = [a for a in areas if a >= 0.02 * fore.size]
    if len(big) >= 2 and big[1] >= SECOND_PIECE * big[0]:
        raise KioskError(
            f"the photo shows more than one garment ({len(big)} separate pieces)",
            "photograph one garment at a time (crop the photo to one garment)",
        )


def check_rig(rig: Rig) -> None:
    """A rig that does not look like a garment worn upright means the trace went wrong."""
    a = rig.anchors
    w, _ = rig.image_size
    sw = rig.shoulder_width_px
    problems = []
    if sw < 0.2 * w:
        problems.append("the shoulders are too close together")
    if not a["right_shoulder"][0] < a["neck"][0] < a["left_shoulder"][0]:
        problems.append("the neckline is not between the shoulders")
    for side in ("left", "right"):
        if a[f"{side}_hip"][1] < a[f"{side}_shoulder"][1] + 0.5 * sw:
            problems.append(f"the {side} hip is not below the {side} shoulder")
            break
    # An upright front view is close to mirror-symmetric: on the 20 shared product
    # photos these stay under 0.09 of the shoulder width; turned 90 degrees most exceed it.
    mid = 0.5 * (a["left_shoulder"][0] + a["right_shoulder"][0])
    hips = 0.5 * (a["left_hip"][0] + a["right_hip"][0])
    if abs(a["neck"][0] - mid) > ASKEW * sw or abs(hips - mid) > ASKEW * sw:
        problems.append("the neckline, shoulders and hips do not line up on one centre line")
    if abs(a["left_shoulder"][1] - a["right_shoulder"][1]) > ASKEW * sw:
        problems.append("one shoulder is much higher than the other")
    if problems:
        raise KioskError(
            f"the garment's silhouette cannot be rigged ({'; '.join(problems)})",
            "photograph the garment upright from the front, laid flat with the sleeves "
            "out from the body",
        )


def _with_sleeves(rig: Rig, sleeves: str | None) -> Rig:
    if sleeves is None or sleeves == rig.sleeves:
        return rig
    if sleeves not in SLEEVES:
        raise KioskError(f"unknown sleeves {sleeves!r}", f"use one of {', '.join(SLEEVES)}")
    anchors = dict(rig.anchors)
    if sleeves == "none":
        for name in SLEEVE_ANCHORS:
            anchors.pop(name, None)
    elif rig.sleeves == "none":
        raise KioskError(
            f"no sleeves could be traced in the photo (--sleeves {sleeves} asked for them)",
            "lay the sleeves out from the body and photograph it again, or pass --sleeves none",
        )
    return Rig(rig.image, rig.image_size, rig.category, sleeves, anchors, rig.source,
               rig.silhouette)  # fmt: skip


def make_garment(
    image: np.ndarray,
    name: str = "garment.png",
    category: str | None = None,
    sleeves: str | None = None,
) -> Garment:
    """Cut out, rig and clean one product photo (refusals as KioskError)."""
    if category is not None and category not in CATEGORIES:
        raise KioskError(f"unknown category {category!r}", f"use one of {', '.join(CATEGORIES)}")
    refuse_several(image)
    mask = garment_mask(image)
    rig = auto_rig(image, category=category, name=name)
    check_rig(rig)
    rig = _with_sleeves(rig, sleeves)
    bgr = np.ascontiguousarray(image[:, :, :3])
    has_alpha = image.shape[2] == 4 and int(image[:, :, 3].min()) < 250
    back = None if has_alpha else cv2.cvtColor(background_model(bgr)[0], cv2.COLOR_Lab2BGR)
    inside = interior_mask(bgr, mask, rig)
    cutout = cut_out(bgr, mask, back, remove=inside)
    if back is not None:
        before = rim_score(binary_cut_out(bgr, mask), back).ratio
        after = rim_score(cutout, back).ratio
    else:
        before = after = float("nan")
    return Garment(cutout, rig, int(inside.sum()), before, after)


def size_chart(sizes: tuple[str, ...], shoulder_cm: tuple[float, ...] | None) -> dict[str, float]:
    """Shoulder width per size: given, the standard letter chart, or spread about 40 cm."""
    if not sizes or len(set(sizes)) != len(sizes) or not all(s.strip() for s in sizes):
        raise KioskError(
            f"--sizes {','.join(sizes)!r} is not a list of different sizes", "e.g. --sizes S,M,L"
        )
    if shoulder_cm is not None:
        if len(shoulder_cm) != len(sizes):
            raise KioskError(
                f"{len(shoulder_cm)} shoulder widths for {len(sizes)} sizes",
                "give one width per size, smallest first",
            )
        chart = dict(zip(sizes, shoulder_cm, strict=True))
    elif all(s.upper() in LETTER_CHART for s in sizes):
        chart = {s: LETTER_CHART[s.upper()] for s in sizes}
    else:
        mid = (len(sizes) - 1) / 2.0
        chart = {s: 40.0 + 2.0 * (i - mid) for i, s in enumerate(sizes)}
    widths = list(chart.values())
    if widths != sorted(widths) or not all(20.0 <= v <= 80.0 for v in widths):
        raise KioskError(
            f"the sizes {', '.join(sizes)} do not grow from small to large (20-80 cm)",
            "list the sizes smallest first, e.g. --sizes XS,S,M,L",
        )
    return chart


def _check_request(req: IntakeRequest, taken: Collection[str]) -> dict[str, float]:
    if not _SKU.match(req.sku):
        raise KioskError(
            f"--sku {req.sku!r} is not a usable product id",
            "use letters, digits, '-', '_' or '.', e.g. --sku TOP-101",
        )
    if not req.name.strip():
        raise KioskError("--name is empty", "give the garment's name as shoppers see it")
    if not (req.price >= 0.0 and req.price < 1e7):
        raise KioskError(f"--price {req.price} is not a price", "pass a number >= 0")
    if req.sku in taken and not req.replace:
        raise KioskError(
            f"{req.sku} is already in the garment catalog",
            "choose another --sku, or pass --replace to replace that garment",
        )
    return size_chart(req.sizes, req.shoulder_cm)


def write_preview_sheet(photo: np.ndarray, garment: Garment, out: Path) -> None:
    """Photo | cut-out with the rig | cut-out on a dark backdrop (a rim would show)."""
    bgr = np.ascontiguousarray(photo[:, :, :3])
    rigged = draw_preview(garment.cutout.bgra, garment.rig, garment.cutout.solid.astype(np.uint8))
    a = garment.cutout.alpha[:, :, None]
    dark = (garment.cutout.bgra[:, :, :3] * a + np.array([45, 35, 30]) * (1.0 - a)).astype(np.uint8)
    sheet = np.hstack([bgr, rigged, dark])
    ok, data = cv2.imencode(".png", sheet)
    if not ok:
        raise KioskError(f"cannot encode the preview {out}", "report this photo")
    write_atomic(out, data.tobytes())


def add_garment(
    photo: Path,
    req: IntakeRequest,
    folder: Path,
    count_faces: FaceCounter,
    taken: Collection[str] = (),
) -> IntakeResult:
    """Make the garment from `photo` and add it to the catalog in `folder`.

    `taken` holds the product ids already in the catalog the kiosk loads (shipped and
    added); `count_faces` says how many faces a photo shows (the face model).
    """
    chart = _check_request(req, taken)
    image = read_photo(photo)
    refuse_worn(image, count_faces)
    stem = req.sku.lower()
    png = f"{stem}.png"
    try:
        garment = make_garment(image, png, req.category, req.sleeves)
    except (cv2.error, ValueError, IndexError) as exc:
        # A photo no refusal foresaw: still a message and a fix, never a traceback.
        raise KioskError(
            f"the garment could not be cut out and rigged from {Path(photo).name} ({exc})",
            _FIX_PHOTO,
        ) from None
    folder = Path(folder)
    image_path, rig_path = folder / png, folder / f"{png}.rig.json"
    preview_path = folder / f"{stem}.preview.png"
    ok, data = cv2.imencode(".png", garment.cutout.bgra)
    if not ok:
        raise KioskError(f"cannot encode {png}", "report this photo")
    write_atomic(image_path, data.tobytes())
    rig_text = json.dumps(garment.rig.to_dict(), indent=2) + "\n"
    write_atomic(rig_path, rig_text.encode("utf-8"))
    write_preview_sheet(image, garment, preview_path)
    entry: dict[str, Any] = {
        "product_id": req.sku,
        "name": req.name.strip(),
        "category": garment.rig.category,
        "price": float(req.price),
        "image": png,
        "rig": rig_path.name,
        "sizes": list(req.sizes),
        "size_chart": {"shoulder_width_cm": chart},
        "source_photo": Path(photo).name,
    }
    if req.colour.strip():
        entry["colour"] = req.colour.strip()
    catalog = store_entry(folder, entry)
    return IntakeResult(garment, image_path, rig_path, preview_path, catalog, entry)
