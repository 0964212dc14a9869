"""Hair in front of the garment (kiosk/render/garment_hair.py): the colour decision does
not care whether hair is lighter or darker than the clothes, strands are told from
cloth, and on real people (the real pose model, human parsing labels of bodies_dev)
long hair over the shoulders stays in front while plain clothes keep the garment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.catalog.garments import load_garments
from kiosk.garments.prepared import prepare_product
from kiosk.render import garment_cues as cues
from kiosk.render import garment_hair as hair
from kiosk.render import garment_occlusion as occlusion
from kiosk.render.garment import paint_garment
from kiosk.render.garment_warp import PreparedGarment
from kiosk.vision.pose import PoseTracker
from tests.body_truth import CCP_LONG, CCP_UPPER, BodyPhoto, body_photos, cut, score


def _scene(hair_bgr: tuple[int, int, int], top_bgr: tuple[int, int, int]) -> np.ndarray:
    """Hair on the head (rows 0-39), a top (rows 40-119) with a lock of the hair's
    colour hanging down its left side (columns 10-29)."""
    image = np.zeros((120, 100, 3), np.uint8)
    image[:40] = hair_bgr
    image[40:] = top_bgr
    image[40:, 10:30] = hair_bgr
    return image


def _share(image: np.ndarray) -> np.ndarray:
    lab = cues.to_lab(image)
    bins = hair.quantise(lab)
    ring = np.zeros(image.shape[:2], bool)
    ring[5:35, 5:95] = True
    worn = np.zeros(image.shape[:2], bool)
    worn[60:110, 40:90] = True
    h, c = hair.histogram(bins, ring), hair.histogram(bins, worn)
    assert h is not None and c is not None
    return hair.hair_share(bins, h, [c])


@pytest.mark.parametrize(
    ("hair_bgr", "top_bgr"),
    [
        ((20, 20, 25), (200, 205, 210)),
        ((140, 200, 230), (30, 30, 30)),
        ((25, 25, 30), (60, 60, 60)),
    ],
    ids=["dark-on-light", "blonde-on-black", "black-on-charcoal"],
)
def test_the_colour_decision_does_not_care_which_is_lighter(
    hair_bgr: tuple[int, int, int], top_bgr: tuple[int, int, int]
) -> None:
    share = _share(_scene(hair_bgr, top_bgr))
    assert share[80, 20] > 0.9, "the lock hanging over the top is hair"
    assert share[80, 60] < 0.1, "the top is not"
    swapped = _share(_scene(top_bgr, hair_bgr))  # the same, lightness the other way round
    assert swapped[80, 20] == pytest.approx(share[80, 20], abs=0.02)
    assert swapped[80, 60] == pytest.approx(share[80, 60], abs=0.02)


def test_one_colour_for_hair_and_top_is_left_undecided() -> None:
    """A blonde on a pale sweatshirt: the colour alone says nothing either way."""
    share = _share(_scene((150, 190, 215), (150, 190, 215)))
    assert abs(float(share[80, 60]) - 0.5) < 0.05
    assert share[80, 60] < hair.HAIR_SHARE


def test_strands_hang_cloth_does_not() -> None:
    rng = np.random.default_rng(0)
    x = np.arange(120, dtype=np.float32)
    hanging = np.tile(40.0 + 25.0 * np.sin(x * 1.3), (120, 1)).astype(np.float32)
    lying = np.ascontiguousarray(hanging.T)
    fleece = (40.0 + 25.0 * rng.standard_normal((120, 120))).astype(np.float32)
    flat = np.full((120, 120), 30.0, np.float32)
    width = 200.0
    read = {
        name: float(hair.strands(grey, width)[30:90, 30:90].mean())
        for name, grey in (
            ("hanging", hanging),
            ("lying", lying),
            ("fleece", fleece),
            ("flat", flat),
        )
    }
    assert read["hanging"] > 0.8
    assert read["lying"] == 0.0 and read["flat"] == 0.0
    assert read["fleece"] < 0.2


# People: every photo here is judged against its human labels (not against the
# pipeline), rendered with the shipped tee as `benchmarks/garment_accuracy.py` does.
# The three photos of long dark hair over dark clothes, with the share of their
# hair the tee painted before garment_hair (the Gaussian crown cue): each must keep at
# least a fifth of that in front now, and the three together at least half.
PAINTED_BEFORE = {"body_ccp_0070": 0.741, "body_ccp_0565": 0.547, "body_ccp_0631": 0.597}
# Tops with no hair over them: nothing of the clothes may be taken for hair.
NO_HAIR_OVER = ("body_ccp_0258", "body_ccp_0514", "body_ccp_0881", "body_ccp_0918")
# A shearling collar pulled up to the face, the colour of her tied-back blonde hair: the
# ring round the face samples the collar as hair (3.7 % of her coat kept in front).
COLLAR = "body_ccp_0781"


@pytest.fixture(scope="module")
def pose(pose_model: Path) -> Iterator[PoseTracker]:
    with PoseTracker(pose_model, mode="image", max_people=3) as tracker:
        yield tracker


@pytest.fixture(scope="module")
def photos(testdata: Path) -> dict[str, BodyPhoto]:
    return {p.name: p for p in body_photos(testdata)}


@pytest.fixture(scope="module")
def tee() -> PreparedGarment:
    return prepare_product(load_garments()[0])


def _render(
    pose: PoseTracker, photo: BodyPhoto, tee: PreparedGarment
) -> tuple[np.ndarray, np.ndarray | None]:
    """(render, hair kept in front over the image or None)."""
    body = pose.detect(photo.image).wearer()
    assert body is not None, photo.name
    out = photo.image.copy()
    placed = paint_garment(out, tee, body.landmarks, body.visibility, body.mask)
    assert placed is not None, photo.name
    kept = None
    if placed.hair is not None:
        x0, y0, x1, y1 = placed.roi
        kept = np.zeros(photo.image.shape[:2], np.float32)
        kept[y0:y1, x0:x1] = placed.hair
    return out, kept


@pytest.mark.parametrize("name", sorted(PAINTED_BEFORE))
def test_long_dark_hair_over_dark_clothes_stays_in_front(
    pose: PoseTracker, photos: dict[str, BodyPhoto], tee: PreparedGarment, name: str
) -> None:
    photo = photos[name]
    out, kept = _render(pose, photo, tee)
    assert kept is not None, "hair should be found"
    s = score(photo, out)
    assert s.hair is not None
    print(f"{name}: hair changed {s.hair:.3f} (was {PAINTED_BEFORE[name]:.3f})")
    assert s.hair <= PAINTED_BEFORE[name] * 0.8


def test_the_three_together_keep_half_their_hair(
    pose: PoseTracker, photos: dict[str, BodyPhoto], tee: PreparedGarment
) -> None:
    now = [score(photos[n], _render(pose, photos[n], tee)[0]).hair for n in PAINTED_BEFORE]
    assert all(v is not None for v in now)
    mean = float(np.mean([v for v in now if v is not None]))
    print(f"the three: hair changed {mean:.3f} (was {np.mean(list(PAINTED_BEFORE.values())):.3f})")
    assert mean <= 0.5 * float(np.mean(list(PAINTED_BEFORE.values())))


def test_hair_painted_on_the_labelled_people(
    pose: PoseTracker, photos: dict[str, BodyPhoto], tee: PreparedGarment
) -> None:
    """Mean share of the labelled hair the tee paints, over every one-person photo
    (0.158 before garment_hair, 0.106 with it; the issue's floor is 0.05). 0.11 -> 0.115
    when a turned body's garment got wider (SIDE_ON_WIDTH 0.45 -> 0.55): it now reaches
    the hair hanging down the back of 0421 and 0630 (0.110), and 0.115 -> 0.12 when the
    sides reached the wearer's outline (garment_outline): the hair hanging beside
    0631's and 0531's chests (0.116; the own top showing fell 0.192 -> 0.178), and
    0.12 -> 0.125 when the sleeves came to cover the whole arm in any pose: long hair
    over the upper arms (0066's braids, 0228, 0631) is painted where the cue keeps only
    part of it (0.1197)."""
    shares = []
    for photo in photos.values():
        if not photo.single or photo.name == "body_cihp_0002190":  # nobody to dress
            continue
        s = score(photo, _render(pose, photo, tee)[0])
        if s.hair is not None:
            shares.append(s.hair)
    print(f"hair changed: mean {np.mean(shares):.3f} max {np.max(shares):.3f} (n={len(shares)})")
    assert len(shares) >= 18
    assert float(np.mean(shares)) <= 0.125


def _clothes_taken(pose: PoseTracker, photo: BodyPhoto, tee: PreparedGarment) -> float:
    _out, kept = _render(pose, photo, tee)
    worn = np.isin(photo.label, CCP_UPPER + CCP_LONG)
    taken = 0.0 if kept is None else float((kept[worn] > 0.5).mean())
    print(f"{photo.name}: clothes taken for hair {taken:.4f}")
    return taken


@pytest.mark.parametrize("name", NO_HAIR_OVER)
def test_tops_without_hair_over_them_keep_the_garment(
    pose: PoseTracker, photos: dict[str, BodyPhoto], tee: PreparedGarment, name: str
) -> None:
    assert _clothes_taken(pose, photos[name], tee) <= 0.02


@pytest.mark.xfail(strict=True, reason="known: a collar the colour of the hair, at the face")
def test_a_collar_at_the_face_is_not_hair(
    pose: PoseTracker, photos: dict[str, BodyPhoto], tee: PreparedGarment
) -> None:
    assert _clothes_taken(pose, photos[COLLAR], tee) <= 0.02


# Short hair, dark clothes: nothing hangs past the jaw, so nothing may be kept in front
# (before the gate on hair length: 39 % of the tee cut away over her black halter top,
# 16 % over his suit's lapels, shirt and tie).
SHORT_HAIR = ("vitonhd_09597_00.jpg", "coco_val2014_000000000459.jpg")


def _coverage(image: np.ndarray, pose: PoseTracker, tee: PreparedGarment) -> np.ndarray:
    body = pose.detect(image).wearer()
    assert body is not None
    placed = paint_garment(image.copy(), tee, body.landmarks, body.visibility, body.mask)
    assert placed is not None
    x0, y0, x1, y1 = placed.roi
    full = np.zeros(image.shape[:2], np.float32)
    full[y0:y1, x0:x1] = placed.alpha
    return full


@pytest.mark.parametrize("name", SHORT_HAIR)
def test_short_hair_keeps_the_garment_over_dark_clothes(
    pose: PoseTracker,
    testdata: Path,
    tee: PreparedGarment,
    name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The share of the garment the render without any hair cue paints that the
    render with it does not: under 2 %."""
    image = cv2.imread(str(testdata / "bodies" / name))
    assert image is not None
    with_cue = _coverage(image, pose, tee)
    monkeypatch.setattr(occlusion, "hair_in_front", lambda *args, **kwargs: None)
    without = _coverage(image, pose, tee) > 0.5
    lost = float((without & (with_cue < 0.5)).sum() / without.sum())
    print(f"{name}: garment lost to hair {lost:.3f}")
    assert lost < 0.02


# Clothes the colour of the hair, joined to it: the cue cuts ragged holes in the garment
# where there is no hair (`benchmarks/garment_accuracy.py`, column "cut": of what the tee
# paints outside the labelled hair with no hair cue, the share the cue cuts away; the
# goal is <= 3 % on every photo). Long black hair over a black mohair cardigan (0.285):
# black on black, the mohair's fuzz leans like strands; navy plaid below the braids
# beside the face (0.071): the navy squares are the braids' colour, and the braids
# themselves hang outside the shoulders, where hair is not looked for. Neither a
# vertical-run filter, a bound on how far out or how wide a lock hangs, nor other
# HAIR_SHARE / STRAND values separated them without losing the braids of 0565. Nor
# (branch ghair, measured with benchmarks/garment_hair_where.py): the mohair leans as
# much as her hair at any window (3-9 px: median 0.53-0.56 against 0.56-0.64), and its
# colour alone (hair share 0.26-0.39) is surer hair than the hair hanging over 0070's
# black blazer (0.18-0.34); a sample on the sleeves, a watershed from the head, hair
# falling straight down from the head or within its columns kept the cardigan or lost
# hair; hair that must be solid along the lock (share over a 3 px x 0.04 shoulder
# widths strip) or lean clears 0066's plaid only at 0.65, where 0384's curls and 0823's
# hair are lost.
RAGGED = ("body_ccp_0066", "body_ccp_0631")


@pytest.mark.xfail(strict=True, reason="known: clothes the colour of the hair, joined to it")
@pytest.mark.parametrize("name", RAGGED)
def test_clothes_the_colour_of_the_hair_keep_the_garment(
    pose: PoseTracker,
    photos: dict[str, BodyPhoto],
    tee: PreparedGarment,
    name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo = photos[name]
    with_cue, _kept = _render(pose, photo, tee)
    monkeypatch.setattr(occlusion, "hair_in_front", lambda *args, **kwargs: None)
    without, _ = _render(pose, photo, tee)
    share = cut(photo, with_cue, without)
    assert share is not None
    print(f"{name}: garment cut outside the hair {share:.3f}")
    assert share <= 0.03
