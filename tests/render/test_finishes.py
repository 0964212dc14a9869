"""The colour model: finishes, liner, ombre and light adaptation on real faces.

colour-science is the independent oracle for the colour figures (its own sRGB
-> Lab and CIEDE2000); the renderer's conversions are never used to judge it.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.render.color import bgr_to_lab, bgr_to_linear, linear_to_bgr
from kiosk.render.finishes import edge_distances, liner_weight, ombre_weight
from kiosk.render.lighting import LightTracker, estimate_light
from kiosk.render.lipstick import paint_lips, prepare_layer
from kiosk.render.shade import FINISHES, Shade
from kiosk.vision.face import FaceTracker
from kiosk.vision.lips import LipContours, inner_mouth_mask, lip_alpha, lip_contours
from tests.lip_truth import de2000, hex_lab, oracle_lab

FEATHER = 0.02
RED, NUDE, PINK = "#B0123A", "#C48F7A", "#E86A9A"
FLAT_SHADES = (RED, NUDE, PINK, "#6B1F3A", "#F2685A", "#D98C98", "#C8102E", "#7A2E5C", "#6F4436")


def roi_of(lips: LipContours, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    return lips.bounds(max(2.0, FEATHER * lips.mouth_width * 2.0), shape[1], shape[0])


def full(shape: tuple[int, ...], roi: tuple[int, int, int, int], part: np.ndarray) -> np.ndarray:
    """An ROI-sized array placed into a full-image one (zeros elsewhere)."""
    x0, y0, x1, y1 = roi
    out = np.zeros(shape[:2], part.dtype)
    out[y0:y1, x0:x1] = part
    return out


def render(image: np.ndarray, lips: LipContours, shade: Shade, **kw: object) -> np.ndarray:
    out = image.copy()
    paint_lips(out, lips, shade, 1.0, FEATHER, **kw)  # type: ignore[arg-type]
    return out


def celeb(
    tracker: FaceTracker, testdata: Path, i: int
) -> tuple[np.ndarray, np.ndarray, LipContours]:
    image = cv2.imread(str(testdata / f"lips/celebamask_{i}.jpg"))
    truth = cv2.imread(str(testdata / f"lips/celebamask_{i}_lips.png"), cv2.IMREAD_GRAYSCALE) > 127
    return image, truth, lip_contours(tracker.detect(image).faces[0])


def painted_core(image: np.ndarray, lips: LipContours) -> np.ndarray:
    """Pixels fully inside the painted ring (coverage > 0.99)."""
    roi = roi_of(lips, image.shape)
    return full(image.shape, roi, lip_alpha(lips, roi, FEATHER) > 0.99)


# --- flat colour ------------------------------------------------------------------


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 80) -> np.ndarray:
    t = np.linspace(np.pi, -np.pi, n, endpoint=False)  # starts at the left "corner"
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1).astype(np.float32)


FLAT_LIPS = LipContours(outer=ellipse(200, 150, 160, 90), inner=ellipse(200, 215, 3, 1.5, 12))


def test_flat_grey_patch_takes_the_shade_exactly() -> None:
    grey = np.full((300, 400, 3), 128, np.uint8)
    rows = []
    for hex_color in FLAT_SHADES:
        out = render(grey, FLAT_LIPS, Shade(hex_color, "matte"), light=None)
        centre = out[120:180, 160:240].reshape(-1, 3)
        delta = de2000(oracle_lab(centre), hex_lab(hex_color))
        rows.append((hex_color, float(delta.max())))
    print("\n".join(f"flat {c}: max CIEDE2000 {d:.3f}" for c, d in rows))
    assert all(d <= 1.0 for _, d in rows), rows


# --- colour truth on real lips ----------------------------------------------------------


def test_colour_truth_on_real_lips(image_tracker: FaceTracker, testdata: Path) -> None:
    photos = [celeb(image_tracker, testdata, i) for i in range(4)]
    lines, failures = [], []
    for hex_color in (RED, NUDE, PINK):
        target = hex_lab(hex_color)
        medians, bare, clipped = [], [], []
        for image, truth, lips in photos:
            out = render(image, lips, Shade(hex_color, "matte"), light=None)
            mask = truth & painted_core(image, lips)
            medians.append(float(np.median(de2000(oracle_lab(out[mask]), target))))
            bare.append(float(np.median(de2000(oracle_lab(image[mask]), target))))
            clipped.append(float(((out[mask] == 0) | (out[mask] == 255)).any(axis=1).mean()))
        mean = float(np.mean(medians))
        lines.append(
            f"{hex_color}: median ΔE2000 per photo {np.round(medians, 2).tolist()} "
            f"mean {mean:.2f} (bare lips {np.mean(bare):.2f}); "
            f"lip pixels with a channel at 0/255: {np.mean(clipped):.1%}"
        )
        if mean > 8.0:
            failures.append(hex_color)
    print("\n".join(lines))
    assert not failures, "\n".join(lines)


# --- texture, gloss, matte ----------------------------------------------------------------


def hf_detail(lightness: np.ndarray) -> np.ndarray:
    return lightness - cv2.GaussianBlur(lightness, (0, 0), 2.0)


@pytest.mark.parametrize("finish", ["matte", "satin"])
def test_texture_is_kept(image_tracker: FaceTracker, testdata: Path, finish: str) -> None:
    corrs = []
    for i in range(4):
        image, truth, lips = celeb(image_tracker, testdata, i)
        out = render(image, lips, Shade(RED, finish), light=None)
        core = cv2.erode((truth & painted_core(image, lips)).astype(np.uint8), np.ones((5, 5))) > 0
        before = hf_detail(bgr_to_lab(image)[..., 0])[core]
        after = hf_detail(bgr_to_lab(out)[..., 0])[core]
        corrs.append(float(np.corrcoef(before, after)[0, 1]))
    print(f"{finish}: high-frequency lightness correlation per photo {np.round(corrs, 3).tolist()}")
    assert min(corrs) >= 0.90, corrs


def _core_lightness(
    tracker: FaceTracker, testdata: Path, i: int, shades: list[Shade]
) -> tuple[np.ndarray, list[np.ndarray]]:
    image, truth, lips = celeb(tracker, testdata, i)
    core = truth & painted_core(image, lips)
    outs = [bgr_to_lab(render(image, lips, s, light=None))[..., 0][core] for s in shades]
    return bgr_to_lab(image)[..., 0][core], outs


def test_gloss_brightens_only_what_already_catches_light(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    for i in range(4):
        before, (dull, shiny) = _core_lightness(
            image_tracker, testdata, i, [Shade(PINK, "gloss", gloss=0.0), Shade(PINK, "gloss")]
        )
        gain = shiny - dull
        top = before >= np.percentile(before, 90)
        bottom = before <= np.percentile(before, 50)
        print(f"celebamask_{i}: gloss ΔL top 10% {gain[top].mean():.2f}, "
              f"bottom 50% {gain[bottom].mean():.2f}")  # fmt: skip
        assert gain[top].mean() > 3.0
        assert gain[bottom].mean() < 0.5
        assert gain[top].mean() > 10 * max(gain[bottom].mean(), 0.05)


def test_matte_flattens_highlights_compared_with_cream(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    # Where the shade's lightness is fully applied: within LIGHTNESS_EDGE of the lip line
    # the lip keeps its own lightness (its edge), whatever the finish (issue 14).
    for i in range(4):
        image, truth, lips = celeb(image_tracker, testdata, i)
        layer = prepare_layer(image, lips, Shade(RED, "matte"), 1.0, FEATHER)
        assert layer is not None and layer.weight_l is not None
        core = truth & full(image.shape, layer.roi, layer.weight_l > 0.99)
        matte, cream = (
            bgr_to_lab(render(image, lips, s, light=None))[..., 0][core]
            for s in (Shade(RED, "matte"), Shade(RED, "cream", gloss=0.0))
        )
        spread = [np.percentile(x, 97) - np.median(x) for x in (matte, cream)]
        assert spread[0] < 0.85 * spread[1], spread


# --- sparkle -------------------------------------------------------------------------------


def shift(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    out = np.zeros_like(image)
    h, w = image.shape[:2]
    out[dy:, dx:] = image[: h - dy, : w - dx]
    return out


def moved(lips: LipContours, dx: float, dy: float) -> LipContours:
    d = np.array([dx, dy], np.float32)
    return LipContours(outer=lips.outer + d, inner=lips.inner + d)


@pytest.mark.parametrize("finish", ["shimmer", "metallic"])
def test_sparkle_is_anchored_to_the_lips_and_still(
    image_tracker: FaceTracker, testdata: Path, finish: str
) -> None:
    image, _, lips = celeb(image_tracker, testdata, 1)
    sparkly, plain = Shade(RED, finish, sparkle=0.8), Shade(RED, finish, sparkle=0.0)

    def pattern(img: np.ndarray, lp: LipContours) -> np.ndarray:
        a = render(img, lp, sparkly, light=None)
        b = render(img, lp, plain, light=None)
        assert np.array_equal(a, render(img, lp, sparkly, light=None)), "same frame, same glints"
        return a.astype(np.float32) - b

    dx, dy = 37, 19
    here = pattern(image, lips)
    there = pattern(shift(image, dx, dy), moved(lips, dx, dy))
    back = there[dy:, dx:]
    ref = here[: back.shape[0], : back.shape[1]]
    assert np.abs(ref).max() > 40, "glints should be visible"
    corr = float(np.corrcoef(ref.ravel(), back.ravel())[0, 1])
    print(f"{finish}: sparkle pattern correlation after moving the face {corr:.4f}")
    assert corr > 0.9


def test_sparkle_follows_a_sub_pixel_and_rotated_mouth(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    """Glints are fixed to the mouth frame: moving the contours by half a pixel
    moves the pattern, not a new random one."""
    image, _, lips = celeb(image_tracker, testdata, 2)
    sparkly, plain = Shade(PINK, "shimmer", sparkle=1.0), Shade(PINK, "shimmer", sparkle=0.0)
    a = render(image, lips, sparkly, light=None).astype(np.float32) - render(image, lips, plain)
    half = moved(lips, 0.5, 0.0)
    b = render(image, half, sparkly, light=None).astype(np.float32) - render(image, half, plain)
    assert float(np.corrcoef(a.ravel(), b.ravel())[0, 1]) > 0.5


# --- inner mouth -----------------------------------------------------------------------------

ALL_LOOKS = [Shade(PINK, f) for f in FINISHES] + [
    Shade(RED, "satin", liner="#4A0A1E"),
    Shade("#8A1030", "cream", inner_color="#F08CA8"),
]


@pytest.mark.parametrize("name", ["mouth_open_d9", "mouth_open_d19", "mouth_open_d38"])
def test_no_finish_touches_the_inner_mouth(
    image_tracker: FaceTracker, testdata: Path, name: str
) -> None:
    image = cv2.imread(str(testdata / f"faces/{name}.jpg"))
    lips = lip_contours(image_tracker.detect(image).faces[0])
    inner = inner_mouth_mask(lips, image.shape[:2])
    assert inner.sum() > 500
    light = estimate_light(image, image_tracker.detect(image).faces[0].landmarks)
    for shade in ALL_LOOKS:
        for lt in (None, light):
            out = render(image, lips, shade, light=lt)
            changed = np.abs(out.astype(int) - image).max(axis=2) > 0
            assert (changed & inner).sum() == 0, shade
            assert (changed & ~inner).sum() > inner.sum() * 0.2, shade


# --- lighting ------------------------------------------------------------------------------


def warm_cast(image: np.ndarray, cast: np.ndarray) -> np.ndarray:
    """Multiply linear R/G/B by `cast` (a warm light: R up, B down)."""
    rgb = bgr_to_linear(image) * cast
    return np.clip(linear_to_bgr(rgb) + 0.5, 0, 255).astype(np.uint8)


def test_light_estimate_undoes_a_warm_cast_and_the_shade_follows_it(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    cast = np.array([1.25, 1.0, 0.75], np.float32)
    # Faces whose skin stays below clipping under the cast (a clipped red channel
    # cannot tell how warm the light is).
    for name in ("faces/mouth_open_d19.jpg", "faces/mouth_open_d9.jpg", "faces/mouth_open_d38.jpg"):
        image = cv2.imread(str(testdata / name))
        warm = warm_cast(image, cast)
        face = image_tracker.detect(image).faces[0]
        neutral_light = estimate_light(image, face.landmarks)
        warm_light = estimate_light(warm, image_tracker.detect(warm).faces[0].landmarks)
        relative = warm_light.gain / neutral_light.gain  # what the cast did to the estimate
        residual = np.abs(np.log(relative * cast)).max()
        full_cast = float(np.abs(np.log(cast)).max())
        print(
            f"{name}: gain neutral {np.round(neutral_light.gain, 3).tolist()} "
            f"warm {np.round(warm_light.gain, 3).tolist()}; "
            f"cast left after the gain {residual:.3f} of {full_cast:.3f} (log)"
        )
        assert residual < 0.35 * np.abs(np.log(cast)).max()

        lips = lip_contours(face)
        core = painted_core(image, lips)
        shade = Shade(NUDE, "matte")
        on_neutral = bgr_to_linear(render(image, lips, shade, light=neutral_light)[core]).mean(0)
        on_warm = bgr_to_linear(render(warm, lips, shade, light=warm_light)[core]).mean(0)
        unadapted = bgr_to_linear(render(warm, lips, shade, light=None)[core]).mean(0)
        ratio = lambda rgb: rgb[0] / rgb[2]  # noqa: E731
        assert ratio(on_warm) > 1.15 * ratio(on_neutral)  # the shade warms with the light
        assert ratio(on_warm) > 1.15 * ratio(unadapted)


def test_light_tracker_updates_about_once_a_second_and_smooths(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    image = cv2.imread(str(testdata / "faces/mouth_open_d19.jpg"))
    landmarks = image_tracker.detect(image).faces[0].landmarks
    warm = warm_cast(image, np.array([1.25, 1.0, 0.75], np.float32))
    tracker = LightTracker(update_interval_s=1.0)
    first = tracker.update(image, landmarks, 0.0)
    assert np.allclose(first.gain, estimate_light(image, landmarks).gain)
    # Within the interval the estimate stays put even when the light changes.
    assert np.array_equal(tracker.update(warm, landmarks, 0.5).gain, first.gain)
    later = tracker.update(warm, landmarks, 1.0)
    target = estimate_light(warm, landmarks).gain
    assert np.all(np.abs(np.log(later.gain / first.gain)) < np.abs(np.log(target / first.gain)))
    for t in range(2, 12):
        settled = tracker.update(warm, landmarks, float(t))
    assert np.allclose(settled.gain, target, rtol=0.01)


# --- liner and ombre ------------------------------------------------------------------------


def test_liner_darkens_the_outer_edge_only(image_tracker: FaceTracker, testdata: Path) -> None:
    for i in range(4):
        image, _, lips = celeb(image_tracker, testdata, i)
        roi = roi_of(lips, image.shape)
        d_outer, _ = edge_distances(lips, roi)
        band = full(image.shape, roi, liner_weight(d_outer, lips.mouth_width, FEATHER) > 0.3)
        band &= painted_core(image, lips)
        inside = full(image.shape, roi, d_outer > 0.12 * lips.mouth_width)
        inside &= painted_core(image, lips)
        plain = bgr_to_lab(render(image, lips, Shade(RED, "satin"), light=None))[..., 0]
        lined = bgr_to_lab(render(image, lips, Shade(RED, "satin", liner="#4A0A1E"), light=None))
        darker = (plain - lined[..., 0])[band].mean()
        assert band.sum() > 30 and inside.sum() > 50  # a fine line: a thin band
        assert darker > 5.0, darker
        assert np.abs(plain - lined[..., 0])[inside].max() < 0.5


def test_ombre_goes_from_inner_colour_to_outer_colour(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    outer_c, inner_c = "#8A1030", "#F08CA8"
    shade = Shade(outer_c, "matte", inner_color=inner_c)
    for i in range(4):
        image, _, lips = celeb(image_tracker, testdata, i)
        roi = roi_of(lips, image.shape)
        t = full(image.shape, roi, ombre_weight(*edge_distances(lips, roi)))
        core = painted_core(image, lips)
        lab = oracle_lab(render(image, lips, shade, light=None))
        near_inner, near_outer = core & (t > 0.9), core & (t < 0.1)
        assert near_inner.sum() > 50 and near_outer.sum() > 50
        for region, close, far in ((near_inner, inner_c, outer_c), (near_outer, outer_c, inner_c)):
            d_close = np.median(de2000(lab[region], hex_lab(close)))
            d_far = np.median(de2000(lab[region], hex_lab(far)))
            assert d_close < d_far - 5, (i, d_close, d_far)


# --- data -------------------------------------------------------------------------------------


def test_shade_defaults_and_validation() -> None:
    assert Shade(RED, "sheer").opacity < 0.6
    assert Shade(RED, "gloss").gloss == pytest.approx(0.6)
    assert Shade(RED, "matte").gloss == 0.0 and Shade(RED, "shimmer").sparkle > 0
    assert Shade(RED, "gloss", gloss=0.2).gloss == 0.2
    assert Shade(RED, "matte") == Shade(RED, "matte", opacity=1.0)
    for kwargs, message in (
        ({"finish": "wet"}, "finish 'wet'"),
        ({"opacity": 1.5}, "opacity 1.5 is outside 0..1"),
        ({"gloss": -0.1}, "gloss -0.1"),
        ({"liner": "dark red"}, "liner"),
        ({"inner_color": "#12345"}, "inner_color"),
        ({"sparkle_color": "#GGGGGG"}, "sparkle_color"),
        ({"sparkle": "lots"}, "sparkle must be a number"),
    ):
        with pytest.raises(ValueError, match=message):
            Shade(RED, **kwargs)  # type: ignore[arg-type]


def test_demo_catalog_exercises_liner_and_ombre(tmp_path: Path) -> None:
    from kiosk.catalog.shades import load_shades
    from kiosk.errors import KioskError
    from kiosk.paths import assets_dir

    shades = [p.shade for p in load_shades(assets_dir() / "catalog.json")]
    assert any(s.liner for s in shades) and any(s.inner_color for s in shades)
    bad = tmp_path / "catalog.json"
    bad.write_text(
        '{"shades": [{"sku": "A", "name": "x", "price": 1, "color": "#112233", "liner": "red"}]}'
    )
    with pytest.raises(KioskError, match="liner"):
        load_shades(bad)


# --- the shade and the lip's own texture together (issue 14) -----------------------------


def test_nude_lands_on_the_shade_and_keeps_the_lips_texture(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    """The shipped look (intensity and feather from config/default.toml) on the four
    `lips/` photos (lips found by the mesh): the nude's median CIEDE2000 to the shade
    and the correlation of the lips' fine lightness detail before and after, over the
    annotated lips (tests/lip_truth.py, the benchmark's measures). Before issue 14's
    colour model the nude sat either off the shade or off the lip's texture."""
    from kiosk.config import load_settings
    from tests.lip_truth import LipPhoto, score

    lip = load_settings(env={}).lipstick
    rows = []
    for i in range(4):
        image, truth, lips = celeb(image_tracker, testdata, i)
        out = image.copy()
        paint_lips(out, lips, Shade(NUDE, "satin"), lip.intensity, lip.feather, light=None)
        s = score(LipPhoto(f"celebamask_{i}", image, truth, None), out, NUDE)
        rows.append((s.colour_de, s.texture))
    de, tex = (float(np.mean(v)) for v in zip(*rows, strict=True))
    report = (
        f"nude per photo (dE2000, texture) {np.round(rows, 3).tolist()}; mean {de:.2f} {tex:.3f}"
    )
    print(report)
    assert de <= 6.0 and tex >= 0.88, report
