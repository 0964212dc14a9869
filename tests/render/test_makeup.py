"""The eye, cheek and brow reference renderer on real faces with the real face model.

Two kinds of test. The colour maths runs over regions drawn here from the face mesh
(`drawn_regions`: a lid, a crease, a liner band, lash strokes, a cheek disc, the brow's
shape), so it is measured apart from the regions' own code. The end-to-end tests run
`prepare_makeup` with the real regions (`kiosk.vision.face_regions.makeup_regions`).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.render.color import bgr_to_lab, hex_to_bgr, lab_to_linear
from kiosk.render.cosmetics import (
    Blush,
    BrowTint,
    EyeLiner,
    EyeShadow,
    FaceMakeup,
    Lashes,
    Worn,
)
from kiosk.render.lighting import LightEstimate
from kiosk.render.makeup import (
    AREA_SHADING,
    MakeupLayer,
    area_shading,
    composite_makeup,
    layer_for_regions,
    prepare_makeup,
    wanted_of,
)
from kiosk.render.makeup_gpu import frame_masks, makeup_masks, makeup_uniforms
from kiosk.vision.face import Face, FaceTracker
from kiosk.vision.face_regions import (
    CHANNEL,
    N_CHANNELS,
    TEXTURE_SLOT,
    FaceMemory,
    MakeupRegions,
    Wanted,
)
from tests.helpers import TESTDATA

FACES = (
    "lips/celebamask_0.jpg",
    "lips_dev/img/face_fasseg_v2_test_3.jpg",
    "lips_dev/img/face_fasseg_v2_test_9.jpg",
)

# One of every product type (and finish) the renderer knows.
PRODUCTS: dict[str, FaceMakeup] = {
    "shadow_matte": FaceMakeup(shadow=Worn(EyeShadow(("#8A5A44",), "matte"), 0.9)),
    "shadow_shimmer": FaceMakeup(shadow=Worn(EyeShadow(("#B07A5A",), "shimmer"), 0.9)),
    "shadow_metallic": FaceMakeup(shadow=Worn(EyeShadow(("#A8743A",), "metallic"), 0.9)),
    "shadow_3": FaceMakeup(shadow=Worn(EyeShadow(("#D9B08C", "#8C5A48", "#4A2E2A"), "matte"), 0.9)),
    "liner": FaceMakeup(liner=Worn(EyeLiner("#1A1414", 0.6, 0.7), 1.0)),
    "lashes": FaceMakeup(lashes=Worn(Lashes(volume=0.7, length=0.7), 1.0)),
    "blush": FaceMakeup(blush=Worn(Blush("#D9646E", "matte", 0.5), 0.9)),
    "brow": FaceMakeup(brow=Worn(BrowTint("#4A3328", 0.4), 0.9)),
}
CHANNEL_OF = {
    "shadow_matte": "lid",
    "shadow_shimmer": "lid",
    "shadow_metallic": "lid",
    "shadow_3": "outer",
    "liner": "liner",
    "lashes": "lashes",
    "blush": "blush",
    "brow": "brow",
}

# MediaPipe face-mesh loops, subject's right eye first (image left on an unmirrored photo).
EYE_LOOPS = (
    (33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7),
    (263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249),
)
UPPER_LIDS = ((33, 246, 161, 160, 159, 158, 157, 173, 133),
              (263, 466, 388, 387, 386, 385, 384, 398, 362))  # fmt: skip
BROW_LOWER = ((46, 53, 52, 65, 55), (276, 283, 282, 295, 285))
BROW_UPPER = ((70, 63, 105, 66, 107), (300, 293, 334, 296, 336))
CHEEKS = (50, 280)
IRISES = (468, 473)


def _resample(points: np.ndarray, n: int) -> np.ndarray:
    """`n` points evenly spaced along a polyline."""
    seg = np.linalg.norm(np.diff(points, axis=0), axis=1)
    at = np.concatenate([[0.0], np.cumsum(seg)])
    t = np.linspace(0.0, at[-1], n)
    return np.stack([np.interp(t, at, points[:, 0]), np.interp(t, at, points[:, 1])], axis=1)


def _fill(shape: tuple[int, int], polys: list[np.ndarray], origin: np.ndarray) -> np.ndarray:
    out = np.zeros(shape, np.uint8)
    for p in polys:
        cv2.fillPoly(out, [np.round((p - origin) * 16).astype(np.int32)], 255, cv2.LINE_AA, 4)
    return out.astype(np.float32) / 255.0


def _soft(mask: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(mask, (0, 0), max(sigma, 0.5))


def _eye_channels(
    xy: np.ndarray, side: int, shape: tuple[int, int], origin: np.ndarray, d: float
) -> dict[str, np.ndarray]:
    """Lid, crease, outer corner, liner and lashes of one eye, drawn from the mesh."""
    lid = _resample(xy[list(UPPER_LIDS[side])], 24)
    brow = _resample(xy[list(BROW_LOWER[side])], 24)
    toward = brow - lid

    def band(a: float, b: float) -> np.ndarray:
        return np.concatenate([lid + a * toward, (lid + b * toward)[::-1]])

    out = {
        "lid": _soft(_fill(shape, [band(0.0, 0.5)], origin), 0.03 * d),
        "crease": _soft(_fill(shape, [band(0.35, 0.8)], origin), 0.05 * d),
    }
    outer = np.zeros(shape, np.float32)
    corner = lid[0] + 0.25 * toward[0] - origin
    cv2.circle(outer, (round(corner[0]), round(corner[1])), round(0.12 * d), 1.0, -1)
    out["outer"] = _soft(outer, 0.06 * d) * np.clip(out["lid"] + out["crease"], 0, 1)
    liner = np.zeros(shape, np.uint8)
    line = np.round((lid - origin - [0, 0.012 * d]) * 16).astype(np.int32)
    cv2.polylines(liner, [line], False, 255, max(1, round(0.025 * d)), cv2.LINE_AA, 4)
    out["liner"] = liner.astype(np.float32) / 255.0
    lashes = np.zeros(shape, np.uint8)
    for i in range(2, 22, 2):
        p, q = lid[i] - origin, lid[i] - origin + [0.1 * d * (-1 if side == 0 else 1), -0.1 * d]
        q = p + (q - p) * (0.5 + 0.5 * i / 22)
        cv2.line(lashes, tuple(np.round(p).astype(int)), tuple(np.round(q).astype(int)), 255, 1,
                 cv2.LINE_AA)  # fmt: skip
    out["lashes"] = lashes.astype(np.float32) / 255.0
    return out


def drawn_regions(image: np.ndarray, face: Face, wanted: Wanted) -> MakeupRegions:
    """Regions drawn simply from the face mesh (not the product's regions): enough to
    measure the colour maths on a real face, in real places."""
    xy = face.landmarks[:, :2].astype(np.float64)
    h, w = image.shape[:2]
    right, left = xy[IRISES[0]], xy[IRISES[1]]
    d = float(np.linalg.norm(left - right))
    x0, y0 = np.floor(xy.min(axis=0) - 0.05 * d).astype(int).clip(0)
    x1, y1 = np.ceil(xy.max(axis=0) + 0.05 * d).astype(int)
    x1, y1 = min(int(x1), w), min(int(y1), h)
    origin = np.array([x0, y0], np.float64)
    shape = (y1 - y0, x1 - x0)
    weights = np.zeros((*shape, N_CHANNELS), np.float32)
    openings = _fill(shape, [xy[list(loop)] for loop in EYE_LOOPS], origin) > 0
    for side in (0, 1):
        for name, plane in _eye_channels(xy, side, shape, origin, d).items():
            weights[..., CHANNEL[name]] = np.maximum(weights[..., CHANNEL[name]], plane)
        disc = np.zeros(shape, np.float32)
        c = xy[CHEEKS[side]] - origin
        cv2.circle(disc, (round(c[0]), round(c[1])), round(0.3 * d), 1.0, -1)
        weights[..., CHANNEL["blush"]] += _soft(disc, 0.15 * d)
        shape_poly = np.concatenate([xy[list(BROW_UPPER[side])], xy[list(BROW_LOWER[side])][::-1]])
        weights[..., CHANNEL["brow"]] += _soft(_fill(shape, [shape_poly], origin), 0.015 * d)
    keep = {
        "lid": wanted.shadow,
        "crease": wanted.shadow,
        "outer": wanted.outer,
        "liner": wanted.liner is not None,
        "lashes": wanted.lashes is not None,
        "blush": wanted.blush,
        "brow": wanted.brow_fill is not None,
    }
    for name, on in keep.items():
        if not on:
            weights[..., CHANNEL[name]] = 0.0
    weights = np.clip(weights, 0.0, 1.0)
    weights[openings] = 0.0
    ex = (left - right) / (d * d)
    rot = np.array([[ex[0], ex[1]], [-ex[1], ex[0]]])
    frame = np.hstack([rot, (-rot @ right)[:, None]]).astype(np.float32)
    return MakeupRegions((int(x0), int(y0), x1, y1), weights, openings, frame, d)


def drawn_layer(image: np.ndarray, face: Face, makeup: FaceMakeup, light=None) -> MakeupLayer:
    layer = layer_for_regions(image, drawn_regions(image, face, wanted_of(makeup)), makeup, light)
    assert layer is not None
    return layer


@pytest.fixture(scope="module")
def faces(testdata: Path, face_model: Path) -> list[tuple[np.ndarray, Face]]:
    out = []
    with FaceTracker(face_model, mode="image") as tracker:
        for name in FACES:
            image = cv2.imread(str(testdata / name))
            assert image is not None, name
            out.append((image, tracker.detect(image).faces[0]))
    return out


def _painted(layer: MakeupLayer, image: np.ndarray) -> np.ndarray:
    out = image.copy()
    composite_makeup(out, layer)
    return out


def _delta(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.linalg.norm(bgr_to_lab(a) - bgr_to_lab(b), axis=-1)


def _outside_roi_unchanged(image: np.ndarray, out: np.ndarray, roi: tuple) -> bool:
    x0, y0, x1, y1 = roi
    changed = np.any(image != out, axis=2)
    changed[y0:y1, x0:x1] = False
    return not changed.any()


# ---- the colour maths over drawn regions -----------------------------------------------------


@pytest.mark.parametrize("kind", list(PRODUCTS))
def test_every_product_paints_its_region_and_only_it(
    faces: list[tuple[np.ndarray, Face]], kind: str
) -> None:
    for image, face in faces:
        layer = drawn_layer(image, face, PRODUCTS[kind])
        out = _painted(layer, image)
        assert _outside_roi_unchanged(image, out, layer.roi)
        x0, y0, x1, y1 = layer.roi
        w = layer.regions.weights
        zero = w.max(axis=2) == 0
        box, box0 = out[y0:y1, x0:x1], image[y0:y1, x0:x1]
        assert np.array_equal(box[zero], box0[zero])  # byte for byte, the eyes included
        assert not np.any(box[layer.regions.openings] != box0[layer.regions.openings])
        strong = w[..., CHANNEL[CHANNEL_OF[kind]]] > 0.6
        moved = _delta(box, box0)[strong]
        # A powder leaves the lashes in its band alone (`makeup.on_skin`): the skin moves.
        assert np.percentile(moved, 75) > 2.0, (kind, float(np.percentile(moved, 75)))


def _mean_l(image: np.ndarray, layer: MakeupLayer, channel: str) -> float:
    x0, y0, x1, y1 = layer.roi
    strong = layer.regions.weights[..., CHANNEL[channel]] > 0.6
    return float(bgr_to_lab(image[y0:y1, x0:x1])[strong][:, 0].mean())


@pytest.mark.parametrize(
    ("kind", "channel", "dark", "light"),
    [
        ("shadow", "lid", EyeShadow(("#3A2620",)), EyeShadow(("#F0D8C8",))),
        ("blush", "blush", Blush("#8A2838", opacity=0.6), Blush("#FFC0C8", opacity=0.6)),
        ("brow", "brow", BrowTint("#1E1612", 0.5), BrowTint("#C8A078", 0.5)),
    ],
)
def test_a_darker_shade_darkens_and_a_lighter_one_lightens(
    faces: list[tuple[np.ndarray, Face]], kind: str, channel: str, dark, light
) -> None:
    for image, face in faces:
        bare = None
        for product, sign in ((dark, -1), (light, 1)):
            layer = drawn_layer(image, face, FaceMakeup().wearing(product, 1.0))
            bare = _mean_l(image, layer, channel) if bare is None else bare
            shift = _mean_l(_painted(layer, image), layer, channel) - bare
            assert sign * shift > 2.0, (kind, sign, shift)


# CelebAMask-HQ's annotated brows (label map at half the photo's size): 6 l_brow, 7 r_brow.
BROW_LABELS = (6, 7)
# The catalog's brow shades, lightest to darkest: Ash Taupe, Soft Brown, Deep Espresso.
BROW_SHADES = ("#7E6C62", "#7A5A44", "#3C2A20")


@pytest.mark.parametrize("sample", range(4))
def test_a_brow_shade_darkens_brows_fully_and_lightens_them_only_a_little(
    testdata: Path, image_tracker: FaceTracker, sample: int
) -> None:
    """A brow pencil is a translucent film: over hairs lighter than itself it takes them
    most of the way to its colour; over darker hairs it adds only its own faint scatter.
    Measured on the brows as annotated (not as the mesh places them), through the real
    regions. Laid as a powder is, a taupe took black brows two thirds of the way to itself:
    pale grey stripes on every face."""
    image = cv2.imread(str(testdata / f"lips/celebamask_{sample}.jpg"))
    labels = cv2.imread(str(testdata / f"lips/celebamask_{sample}_label.png"), cv2.IMREAD_GRAYSCALE)
    assert image is not None and labels is not None
    labels = cv2.resize(labels, (image.shape[1], image.shape[0]), interpolation=cv2.INTER_NEAREST)
    face = image_tracker.detect(image).faces[0]
    checked = 0
    for colour in BROW_SHADES:
        layer = prepare_makeup(image, face, FaceMakeup(brow=Worn(BrowTint(colour, 0.25), 1.0)))
        assert layer is not None
        x0, y0, x1, y1 = layer.roi
        brows = np.isin(labels[y0:y1, x0:x1], BROW_LABELS) & (layer.regions.channel("brow") > 0.3)
        assert brows.sum() > 1000, brows.sum()
        before = float(bgr_to_lab(image[y0:y1, x0:x1])[brows][:, 0].mean())
        after = float(bgr_to_lab(_painted(layer, image)[y0:y1, x0:x1])[brows][:, 0].mean())
        shade = float(bgr_to_lab(hex_to_bgr(colour).reshape(1, 1, 3))[0, 0, 0])
        gap = shade - before
        if gap > 8.0:  # lighter than the brows: tinted, a little lighter, never chalked
            assert 0.0 < after - before < gap / 3.0, (colour, before, after, shade)
            checked += 1
        elif gap < -8.0:  # darker: at least half-way to the shade
            assert after - before < gap / 2.0, (colour, before, after, shade)
            checked += 1
    assert checked >= 1  # each face's brows are far from one shade at least


def _high_pass(lightness: np.ndarray) -> np.ndarray:
    return lightness - cv2.GaussianBlur(lightness, (0, 0), 3.0)


def test_blush_keeps_the_skin_texture(faces: list[tuple[np.ndarray, Face]]) -> None:
    for image, face in faces:
        layer = drawn_layer(image, face, PRODUCTS["blush"])
        out = _painted(layer, image)
        x0, y0, x1, y1 = layer.roi
        inside = layer.regions.channel("blush") > 0.5
        before = _high_pass(bgr_to_lab(image[y0:y1, x0:x1])[..., 0])[inside]
        after = _high_pass(bgr_to_lab(out[y0:y1, x0:x1])[..., 0])[inside]
        r = float(np.corrcoef(before, after)[0, 1])
        assert r > 0.8, r


def test_shimmer_differs_from_matte_by_glints(faces: list[tuple[np.ndarray, Face]]) -> None:
    image, face = faces[0]
    colour = "#B07A5A"
    painted = {}
    for finish in ("matte", "shimmer", "metallic"):
        layer = drawn_layer(image, face, FaceMakeup(shadow=Worn(EyeShadow((colour,), finish))))
        painted[finish] = _painted(layer, image)
    x0, y0, x1, y1 = layer.roi
    lid = layer.regions.channel("lid") > 0.5
    for finish in ("shimmer", "metallic"):
        lift = (bgr_to_lab(painted[finish]) - bgr_to_lab(painted["matte"]))[y0:y1, x0:x1][lid, 0]
        if finish == "shimmer":  # light only added (a metallic also deepens the relief)
            assert np.all(lift > -0.5)
        # Glints: a few small, much brighter dots over a gentle sheen.
        assert np.percentile(lift, 99) > 3.0 * max(np.median(lift), 0.5), finish
        assert np.percentile(lift, 99.5) > 2.5, finish


def test_glints_are_fixed_to_the_face(faces: list[tuple[np.ndarray, Face]]) -> None:
    """The same face moved by a few pixels: its glints move with it."""
    image, face = faces[0]
    makeup = FaceMakeup(shadow=Worn(EyeShadow(("#B07A5A",), "shimmer"), 1.0))
    dx, dy = 7, 4
    shifted = np.roll(image, (dy, dx), axis=(0, 1))
    moved = Face(face.landmarks + np.array([dx, dy, 0], np.float32))
    a = _painted(drawn_layer(image, face, makeup), image)
    b = _painted(drawn_layer(shifted, moved, makeup), shifted)
    x0, y0, x1, y1 = drawn_layer(image, face, makeup).roi
    same = np.abs(np.roll(a, (dy, dx), axis=(0, 1)).astype(int) - b)[
        y0 + 20 : y1 - 20, x0 + 20 : x1 - 20
    ]
    assert np.percentile(same, 99.9) <= 2


def test_the_light_estimate_shifts_the_colour_within_bounds(
    faces: list[tuple[np.ndarray, Face]],
) -> None:
    image, face = faces[0]
    warm = LightEstimate(np.array([0.7, 1.0, 1.6], np.float32), 1.0)
    makeup = PRODUCTS["blush"]
    plain = drawn_layer(image, face, makeup)
    lit = drawn_layer(image, face, makeup, warm)
    target, target_lit = np.array(plain.uniforms["blush"]), np.array(lit.uniforms["blush"])
    shift = float(np.linalg.norm(target_lit[:3] - target[:3]))
    assert 1.0 < shift < 20.0, shift
    assert target_lit[1] >= target[1] - 1.0 or target_lit[2] > target[2]  # warmer, not colder
    assert abs(target_lit[0] - target[0]) <= 6.0 + 1e-3  # the lips' lightness bound
    out, out_lit = _painted(plain, image), _painted(lit, image)
    assert not np.array_equal(out, out_lit)


def test_intensity_zero_changes_nothing(faces: list[tuple[np.ndarray, Face]]) -> None:
    image, face = faces[0]
    regions = drawn_regions(image, face, wanted_of(PRODUCTS["shadow_3"]))
    look = FaceMakeup()
    for makeup in PRODUCTS.values():
        for w in makeup.worn:
            look = look.wearing(w.product)
    assert layer_for_regions(image, regions, look.at(0.0)) is None
    assert prepare_makeup(image, face, look.at(0.0)) is None  # regions not even asked for
    assert makeup_uniforms(None) == {"strength": 0.0}


def test_layering_order_liner_over_shadow(faces: list[tuple[np.ndarray, Face]]) -> None:
    """A black liner over a light shadow is black where the liner is whole."""
    image, face = faces[0]
    makeup = FaceMakeup(
        shadow=Worn(EyeShadow(("#F0D0C0",)), 1.0), liner=Worn(EyeLiner("#101010", 0.6), 1.0)
    )
    layer = drawn_layer(image, face, makeup)
    out = _painted(layer, image)
    x0, y0, x1, y1 = layer.roi
    line = layer.regions.channel("liner") > 0.95
    assert line.sum() > 10
    assert float(bgr_to_lab(out[y0:y1, x0:x1])[line][:, 0].mean()) < 25.0


def test_gpu_packaging(faces: list[tuple[np.ndarray, Face]]) -> None:
    image, face = faces[0]
    layer = drawn_layer(image, face, PRODUCTS["shadow_3"])
    t = makeup_masks(layer)
    assert t.first is not None and t.second is not None and t.cheeks is None
    a, b = t.first, t.second
    x0, y0, x1, y1 = layer.roi
    assert t.eyes_roi == layer.roi
    assert a.shape == b.shape == (y1 - y0, x1 - x0, 4) and a.dtype == np.uint8
    w = layer.regions.weights
    assert np.abs(a.astype(float) / 255 - w[..., :4]).max() <= 0.5 / 255 + 1e-6
    assert np.abs(b.astype(float) / 255 - w[..., 4:]).max() <= 0.5 / 255 + 1e-6
    fa, fb, fc = frame_masks(layer, *image.shape[:2])
    assert np.array_equal(fa[y0:y1, x0:x1], a) and fa.sum() == a.sum() and fb.sum() == b.sum()
    assert fc.max() == 0
    u = makeup_uniforms(layer)
    assert type(u) is dict and float(u["strength"]) > 0  # type: ignore[arg-type]
    assert all(isinstance(v, float) or len(v) == 4 for v in u.values())


def test_gpu_packaging_puts_each_group_over_its_own_box(
    faces: list[tuple[np.ndarray, Face]],
) -> None:
    """With the real regions, the eyes' and brows' weights go to the GPU over their own
    box and the blush over the cheeks' (each a part of the face's box); placed back at
    their offsets they are the layer's weights, channel for channel."""
    image, face = faces[0]
    look = FaceMakeup(
        shadow=PRODUCTS["shadow_3"].shadow,
        liner=PRODUCTS["liner"].liner,
        blush=PRODUCTS["blush"].blush,
        brow=PRODUCTS["brow"].brow,
    )
    layer = prepare_makeup(image, face, look)
    assert layer is not None
    t = makeup_masks(layer)
    assert t.first is not None and t.second is not None and t.cheeks is not None
    area = layer.regions.shape[0] * layer.regions.shape[1]
    for x0, y0, x1, y1 in (t.eyes_roi, t.cheeks_roi):
        assert (x1 - x0) * (y1 - y0) < 0.8 * area
    h, w = image.shape[:2]
    fa, fb, fc = frame_masks(layer, h, w)
    x0, y0, x1, y1 = layer.roi
    want = np.clip(layer.regions.raw_planes[CHANNEL["blush"]] * 255 + 0.5, 0, 255)
    assert np.abs(fc[y0:y1, x0:x1].astype(int) - want.astype(np.uint8)).max() <= 1
    # neither texture's alpha carries a weight (`TEXTURE_SLOT`)
    assert fa[..., 3].max() == 0 and fb[..., 3].max() == 0
    for k, plane in enumerate(layer.regions.raw_planes):
        slot = TEXTURE_SLOT[k]
        if plane is None or slot is None:
            continue
        texture, place = (fa, fb)[slot[0]], slot[1]
        got = texture[y0:y1, x0:x1, place].astype(int)
        assert np.abs(got - np.clip(plane * 255 + 0.5, 0, 255).astype(np.uint8)).max() <= 1
        outside = texture[..., place].sum() - got.sum()
        assert outside == 0


# ---- end to end, with the real regions ------------------------------------------------------


@pytest.mark.parametrize("kind", list(PRODUCTS))
def test_real_regions_every_product_changes_its_region_only(
    faces: list[tuple[np.ndarray, Face]], kind: str
) -> None:
    for image, face in faces:
        layer = prepare_makeup(image, face, PRODUCTS[kind])
        assert layer is not None, kind
        out = _painted(layer, image)
        assert _outside_roi_unchanged(image, out, layer.roi)
        x0, y0, x1, y1 = layer.roi
        w = layer.regions.weights
        box, box0 = out[y0:y1, x0:x1], image[y0:y1, x0:x1]
        zero = w.max(axis=2) == 0
        assert np.array_equal(box[zero], box0[zero])
        assert np.array_equal(box[layer.regions.openings], box0[layer.regions.openings])
        channel = w[..., CHANNEL[CHANNEL_OF[kind]]]
        strong = channel > 0.5 * channel.max()
        assert strong.sum() > 0, kind
        assert np.percentile(_delta(box, box0)[strong], 75) > 2.0, kind


def test_real_regions_blush_keeps_texture_and_a_full_look_composes(
    faces: list[tuple[np.ndarray, Face]],
) -> None:
    look = FaceMakeup()
    for makeup in PRODUCTS.values():
        for w in makeup.worn:
            look = look.wearing(w.product, w.intensity)
    for image, face in faces:
        layer = prepare_makeup(image, face, look)
        assert layer is not None
        out = _painted(layer, image)
        assert _outside_roi_unchanged(image, out, layer.roi)
        x0, y0, x1, y1 = layer.roi
        inside = layer.regions.channel("blush") > 0.5
        before = _high_pass(bgr_to_lab(image[y0:y1, x0:x1])[..., 0])[inside]
        after = _high_pass(bgr_to_lab(out[y0:y1, x0:x1])[..., 0])[inside]
        assert float(np.corrcoef(before, after)[0, 1]) > 0.8
        assert prepare_makeup(image, face, look.at(0.0)) is None


def test_a_shadow_is_lit_as_the_eye_socket_is(faces: list[tuple[np.ndarray, Face]]) -> None:
    """The eye socket gets less light than the cheeks and the brow: a mid-brown matte is
    lit as the lid's skin is, so it darkens a shaded lid clearly (at full intensity, the
    lid's strongest part at least 5 L darker on every face), where painted under the
    face's full light it hardly did; and a lid lit like the cheeks is left as it was."""
    brown = FaceMakeup().wearing(EyeShadow(("#8A5A44",), "matte"), 1.0)
    for image, face in faces:
        layer = prepare_makeup(image, face, brown)
        assert layer is not None
        lid = layer.regions.channel("lid") > 0.9
        x0, y0, x1, y1 = layer.roi
        before = bgr_to_lab(image[y0:y1, x0:x1])[..., 0][lid]
        after = bgr_to_lab(_painted(layer, image)[y0:y1, x0:x1])[..., 0][lid]
        assert float(before.mean() - after.mean()) >= 5.0
        unshaded = layer_for_regions(image, layer.regions, brown)
        assert unshaded is not None
        assert layer.uniforms["lid"][0] < unshaded.uniforms["lid"][0]  # type: ignore[index]
    eye = np.array([60.0, 10.0, 15.0, 5.0], np.float32)
    lit = lab_to_linear(eye[None, :3])[0]
    assert area_shading(eye, lit) == pytest.approx(1.0, abs=1e-3)
    assert area_shading(eye, lit * 2.0) == pytest.approx(0.5, abs=1e-3)
    assert area_shading(eye, lit * 10.0) == AREA_SHADING[0]
    assert area_shading(eye, None) == 1.0


def test_a_faces_look_uniforms_follow_the_light_and_the_kept_measurements(
    video_tracker: FaceTracker,
) -> None:
    """The mirror works a look's colours out again only when the light or the face's
    kept measurements change: over frames of a talking face (measurements kept 4 frames)
    under a light that changes twice, the uniforms are every frame those worked out
    afresh (another memory, its worked-out uniforms forgotten before each frame)."""
    look = FaceMakeup(
        shadow=Worn(EyeShadow(("#D9B08C", "#8C5A48", "#4A2E2A"), "shimmer"), 0.9),
        blush=Worn(Blush("#D9646E", "matte", 0.5), 0.9),
        brow=Worn(BrowTint("#4A3328", 0.4), 0.9),
    )
    lights = [None, LightEstimate(np.array([1.1, 1.0, 0.85], np.float32), 0.8)]
    lights.append(LightEstimate(np.array([0.9, 1.0, 1.2], np.float32), 1.2))
    cap = cv2.VideoCapture(str(TESTDATA / "videos/talk_d13.mp4"))
    kept, fresh = FaceMemory(), FaceMemory()
    changed = 0
    previous: dict[str, object] | None = None
    try:
        for i in range(12):
            ok, frame = cap.read()
            assert ok
            faces = video_tracker.detect(frame, round(i * 1000 / 30)).faces
            assert faces
            light = lights[i // 4 if i % 4 != 3 else (i // 4 + 1) % 3]  # changes between
            fresh._made.clear()
            a = prepare_makeup(frame, faces[0], look, light, memory=kept)
            b = prepare_makeup(frame, faces[0], look, light, memory=fresh)
            assert a is not None and b is not None
            assert a.uniforms == b.uniforms, i
            colours = {k: v for k, v in a.uniforms.items() if not k.startswith("frameRow")}
            changed += previous is not None and colours != previous
            previous = colours
    finally:
        cap.release()
    assert changed >= 4, "the light and the measurements changed the colours"
