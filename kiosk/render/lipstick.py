"""Reference lipstick renderer (NumPy + OpenCV) on the lip region only.

The colour model, per lip pixel, in CIELAB (D65, float maths from `color`):

- the lips take the shade's hue and chroma (plus a little of their own chroma
  variation), and the shade's lightness plus the lip's own: its form (a low-pass,
  `finishes.lip_form`) around its mean at `FORM_GAIN`, shaped by the finish (matte
  compresses highlights, metallic raises contrast), and its detail (lines, small
  highlights) at unit gain, re-centred so the median painted pixel has the shade's
  lightness;
- the result is mixed with the lip in CIELAB: hue and chroma over the coverage, the
  lightness over a wider inward fade (`LIGHTNESS_EDGE`), so the lip keeps its edge;
- gloss adds a whitish specular highlight, in linear light, only where the lip
  already catches light; metallic tints it with the shade; shimmer and metallic
  add glints from a hash pattern fixed to the mouth (they move with the lips), each
  at least a few pixels across, over a broad sheen where the lip catches light;
- a liner darkens a thin band inside the outer lip line; an ombre blends from
  `inner_color` at the inner lip line to `color` at the outer one;
- with a light estimate the shade (and liner, inner and glint colours) is first
  put under the scene's light (von Kries in linear RGB, bounded in CIELAB) before
  taking its Lab.

Out-of-gamut results are brought in by reducing chroma at constant luminance.
Per face, only a few uniforms are computed (mean/spread of the lips' lightness
and chroma, the mouth frame, the shade's colours) plus the lightness weight (the
mask's alpha), so the GLSL compositor implements exactly the same maths (the form's
25 taps it reads from the frame itself). Only the lips' bounding box is touched.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

from kiosk.render import finishes as fx
from kiosk.render.color import (
    bgr_to_linear,
    hex_to_linear,
    into_gamut,
    lab_to_linear,
    linear_to_bgr,
    linear_to_lab,
)
from kiosk.render.lighting import LightEstimate, light_key
from kiosk.render.shade import Shade
from kiosk.vision.face_regions import FaceMemory
from kiosk.vision.hand_occlusion import hands_cover
from kiosk.vision.hands import Hand
from kiosk.vision.lip_likeness import occluding
from kiosk.vision.lips import LipContours, lip_alpha, wide_lip_alpha
from kiosk.vision.teeth import teeth_near_lips

# How far the shade follows the estimated light: colour (von Kries degree of
# adaptation) and brightness (exponent). Skin tone and light are confounded,
# so neither is followed fully, and the result is bounded in CIELAB: the light
# may change a shade's lightness by at most ADAPT_MAX_DL, cost it at most
# ADAPT_MAX_CHROMA_LOSS of its chroma and turn its hue by at most ADAPT_MAX_HUE_DEG,
# so it can never turn a nude grey or a red brown (issue 14: dE 16.7 unbounded).
ADAPT_COLOR = 0.8
ADAPT_BRIGHTNESS = 0.5
ADAPT_MAX_DL = 6.0
ADAPT_MAX_CHROMA_LOSS = 0.1
ADAPT_MAX_HUE_DEG = 5.0
MIN_SPREAD = 2.0  # floor of the lip's lightness spread (L units)


def bound_adaptation(original: np.ndarray, adapted: np.ndarray) -> np.ndarray:
    """`adapted` CIELAB brought within the bounds above around `original` CIELAB (one
    colour, or any number along the leading axes)."""
    out = np.array(adapted, np.float32)
    o, a = np.asarray(original, np.float64), np.asarray(adapted, np.float64)
    out[..., 0] = o[..., 0] + np.clip(a[..., 0] - o[..., 0], -ADAPT_MAX_DL, ADAPT_MAX_DL)
    c0, c1 = np.hypot(o[..., 1], o[..., 2]), np.hypot(a[..., 1], a[..., 2])
    h0 = np.arctan2(o[..., 2], o[..., 1])
    turn = np.angle(np.exp(1j * (np.arctan2(a[..., 2], a[..., 1]) - h0)))
    limit = float(np.radians(ADAPT_MAX_HUE_DEG))
    h = h0 + np.clip(turn, -limit, limit)
    c = np.maximum(c1, c0 * (1.0 - ADAPT_MAX_CHROMA_LOSS))
    chromatic = c0 >= 1e-3  # a grey has no hue to keep: only its lightness is bounded
    out[..., 1] = np.where(chromatic, c * np.cos(h), out[..., 1])
    out[..., 2] = np.where(chromatic, c * np.sin(h), out[..., 2])
    return out


# scene_linear_many's and scene_lab's answers by (colours, light): the light is re-estimated once a
# second and a look's colours stay put, so every frame between asks the same question.
_SCENE_CACHE: dict[Hashable, np.ndarray] = {}
_SCENE_CACHE_SIZE = 256


def scene_linear_many(colors: Sequence[str], light: LightEstimate | None) -> np.ndarray:
    """(n, 3) linear RGB of product colours as they would look under `light` (None: as
    they are), bounded so the light never pulls a colour far from itself; one array pass
    for all of a face's colours. Remembered for the same colours under the same light."""
    key = (tuple(colors), *light_key(light))
    return _remembered(key, lambda: _scene_linear_many(colors, light))


def _remembered(key: Hashable, make: Callable[[], np.ndarray]) -> np.ndarray:
    """A copy of `make()`'s array, made once per `key` (colours under one light)."""
    known = _SCENE_CACHE.get(key)
    if known is None:
        if len(_SCENE_CACHE) >= _SCENE_CACHE_SIZE:
            _SCENE_CACHE.clear()
        known = _SCENE_CACHE[key] = make()
    return known.copy()


def _scene_linear_many(colors: Sequence[str], light: LightEstimate | None) -> np.ndarray:
    rgb = np.stack([hex_to_linear(c) for c in colors]).astype(np.float32)
    if light is None:
        return rgb
    tint = np.power(light.illuminant, ADAPT_COLOR)
    lit = (rgb * tint * np.float32(light.brightness**ADAPT_BRIGHTNESS)).astype(np.float32)
    bounded = bound_adaptation(linear_to_lab(rgb), linear_to_lab(lit))
    return into_gamut(lab_to_linear(bounded)).astype(np.float32)


def scene_linear(hex_color: str, light: LightEstimate | None) -> np.ndarray:
    """One product colour's `scene_linear_many`."""
    return scene_linear_many((hex_color,), light)[0]


def scene_lab(hex_color: str, light: LightEstimate | None) -> np.ndarray:
    """CIELAB of `scene_linear(hex_color, light)`, remembered the same way."""
    return _remembered(
        ("lab", hex_color, *light_key(light)),
        lambda: linear_to_lab(scene_linear(hex_color, light)),
    )


def shade_lab(shade: Shade, light: LightEstimate | None = None) -> np.ndarray:
    return scene_lab(shade.color, light)


def lightness_offsets(
    lightness: np.ndarray, form: np.ndarray, mean_l: float, spread: float,
    profile: fx.FinishProfile, gain: float = fx.FORM_GAIN,
) -> np.ndarray:  # fmt: skip
    """Per pixel: the lip's form (low-pass) offset from its mean at `gain` plus its own
    detail (lightness minus form) at unit gain, shaped by the finish (a matte's
    highlights compressed beyond its knee)."""
    offsets = (form - mean_l) * np.float32(gain) + (lightness - form)
    return fx.shape_lightness(offsets, spread * gain, profile)


@dataclass(frozen=True)
class LipLayer:
    """One face's lipstick, ready to composite: the per-pixel weights over the lip
    box and the per-face uniforms. The NumPy compositor below and the GLSL shader
    (shaders/lipstick.frag) both start from exactly this."""

    roi: tuple[int, int, int, int]
    cover: np.ndarray = field(repr=False)  # 0..1 lip coverage over the ROI
    liner: np.ndarray = field(repr=False)  # 0..1 liner weight (zeros: no liner)
    ombre: np.ndarray = field(repr=False)  # 0..1 share of the inner colour
    strength: float  # intensity x opacity
    mean: np.ndarray  # the lips' mean CIELAB
    spread: float  # the lips' lightness spread (L units, floored)
    target: np.ndarray  # shade CIELAB under the scene light
    inner: np.ndarray  # ombre inner colour CIELAB (= target without ombre)
    liner_lab: np.ndarray  # liner CIELAB (= target without liner)
    spec_color: np.ndarray  # linear RGB of the specular highlight
    glint_color: np.ndarray  # linear RGB of the glints
    gloss: float
    sparkle: float
    frame: np.ndarray  # 2x3 image -> mouth space
    profile: fx.FinishProfile
    contrast: float = fx.FORM_GAIN  # gain on the lip's form (low-pass lightness offsets)
    level: float = 0.0  # shift that puts the painted offsets' median at 0
    form: np.ndarray | None = field(default=None, repr=False)  # low-pass L over the ROI
    weight_l: np.ndarray | None = field(default=None, repr=False)  # share of the shade's L
    detail_radius: int = 1  # tap spacing of the form's low-pass (px)
    glint_radius: float = fx.SPARKLE_RADIUS  # in sparkle cells, floored in pixels
    glint_cells: float = fx.SPARKLE_CELLS  # sparkle cells per mouth width


@dataclass(frozen=True)
class LipCoverage:
    """Where one face's lips take colour this frame, whatever the shade: the box, the
    coverage (the lip ring less teeth, hands and what lies on the lips) and the share
    of the shade's lightness. Compare mode paints up to four shades from one of these."""

    roi: tuple[int, int, int, int]
    cover: np.ndarray = field(repr=False)
    weight_l: np.ndarray = field(repr=False)


def lip_coverage(
    image: np.ndarray,
    lips: LipContours,
    feather: float,
    hands: Sequence[Hand] = (),
    occluders: bool = True,
    memory: FaceMemory | None = None,
) -> LipCoverage | None:
    """The coverage of one face's lips, or None when nothing of them is in the frame.
    Teeth near the lips and `hands` (the hand model's, this frame) are not painted, nor
    (`occluders`) what lies on the lips in a colour that is not the lips'. `memory`: the
    face's (the lips' and skin's colours kept a few frames; None: this frame alone)."""
    h, w = image.shape[:2]
    margin = max(2.0, feather * lips.mouth_width * 2.0)
    roi = lips.bounds(margin, w, h)
    x0, y0, x1, y1 = roi
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    cover = lip_alpha(lips, roi, feather)
    # The gate (1 less each thing not painted, multiplied) is made in place, and what
    # finds nothing (most frames, for things on the lips) is not multiplied in.
    gate = teeth_near_lips(image, lips, roi, cover)
    np.subtract(np.float32(1.0), gate, out=gate)
    if occluders and (on_lips := occluding(image, lips, roi, cover, memory)) is not None:
        gate *= np.subtract(np.float32(1.0), on_lips, out=on_lips)
    if hands:
        in_front = hands_cover(hands, (w, h), roi)
        if in_front is not None:
            gate *= 1.0 - in_front
    cover *= gate
    edge = max(feather, fx.LIGHTNESS_EDGE)
    # The wider fade is blurred over a box with room for its own blur, then cut to the ROI.
    pad = int(np.ceil(2.0 * (edge - feather) * lips.mouth_width))
    wide = (max(x0 - pad, 0), max(y0 - pad, 0), min(x1 + pad, w), min(y1 + pad, h))
    soft = wide_lip_alpha(lips, wide, edge)
    soft = soft[y0 - wide[1] : y1 - wide[1], x0 - wide[0] : x1 - wide[0]]
    weight_l = np.multiply(soft, gate)
    return LipCoverage(roi, cover, np.minimum(weight_l, cover, out=weight_l))


def prepare_layer(
    image: np.ndarray,
    lips: LipContours,
    shade: Shade,
    intensity: float,
    feather: float,
    light: LightEstimate | None = None,
    hands: Sequence[Hand] = (),
    occluders: bool = True,
    memory: FaceMemory | None = None,
) -> LipLayer | None:
    """The layer for one face over its `lip_coverage`, or None when nothing of the lips
    is in the frame. `memory`: what is kept of this face across frames (the lips' and
    the skin's colours, measured every few frames; None: this frame alone)."""
    c = lip_coverage(image, lips, feather, hands, occluders, memory)
    if c is None:
        return None
    stats = kept_lip_stats(image, lips, c, shade, memory) if memory is not None else None
    return layer_for_cover(
        image, lips, c.roi, c.cover, shade, intensity, feather, light, c.weight_l, stats
    )


@dataclass(frozen=True)
class LipStats:
    """The lips' own colour, as the shade is painted around it: their mean CIELAB, their
    lightness spread, and the level that puts the painted offsets' median at 0."""

    mean: np.ndarray
    spread: float
    level: float


def lip_stats(
    image: np.ndarray,
    lips: LipContours,
    roi: tuple[int, int, int, int],
    cover: np.ndarray,
    profile: fx.FinishProfile,
) -> tuple[LipStats, np.ndarray] | None:
    """The lips' `LipStats` under `cover` (over `roi`), and the form (the low-pass
    lightness over the ROI) they were measured with; None when nothing is covered."""
    x0, y0, x1, y1 = roi
    inside = cover > 0
    if not np.any(inside):
        return None
    lab0 = linear_to_lab(bgr_to_linear(image[y0:y1, x0:x1][inside]))
    weight = cover[inside] / max(float(cover[inside].sum()), 1e-6)
    mean = weight @ lab0
    spread = max(float(np.sqrt(weight @ (lab0[:, 0] - mean[0]) ** 2)), MIN_SPREAD)
    form = fx.lip_form(image, roi, fx.tap_radius(fx.DETAIL_RADIUS, lips.mouth_width))
    # The painted offsets' weighted median is moved to 0, so the typical painted pixel
    # has the shade's own lightness (a finish that compresses highlights would otherwise
    # leave most of the lip below it).
    offsets = lightness_offsets(
        lab0[:, 0], form[inside], float(mean[0]), spread, profile, fx.FORM_GAIN
    )
    order = np.argsort(offsets)
    mid = np.searchsorted(np.cumsum(weight[order]), 0.5 * float(weight.sum()))
    level = -float(offsets[int(order[min(int(mid), len(order) - 1)])])
    return LipStats(mean.astype(np.float32), spread, level), form


def kept_lip_stats(
    image: np.ndarray, lips: LipContours, c: LipCoverage, shade: Shade, memory: FaceMemory
) -> LipStats | None:
    """`lip_stats` as the mirror keeps them for a face: the lips' colour and light change
    over seconds, so they are measured every few frames (`FaceMemory.kept_stats`)."""

    def measure() -> LipStats | None:
        found = lip_stats(image, lips, c.roi, c.cover, fx.PROFILES[shade.finish])
        return found[0] if found is not None else None

    stats = memory.kept_stats(("lips", shade.finish), image, measure)
    if stats is None:  # nothing was covered then: measured again as soon as there is
        stats = memory.kept_stats(("lips", shade.finish), image, measure, every=1)
    return stats


def layer_for_cover(
    image: np.ndarray,
    lips: LipContours,
    roi: tuple[int, int, int, int],
    cover: np.ndarray,
    shade: Shade,
    intensity: float,
    feather: float,
    light: LightEstimate | None = None,
    weight_l: np.ndarray | None = None,
    stats: LipStats | None = None,
) -> LipLayer | None:
    """The layer for a given coverage over `roi` (the mesh's lip ring, or any other
    lip mask, e.g. an annotation when measuring the colour apart from the region);
    `weight_l`: the share of the shade's lightness (None: the coverage); `stats`: the
    lips' colour when already known (None: measured here)."""
    if not np.any(cover > 0):
        return None
    profile = fx.PROFILES[shade.finish]
    form: np.ndarray | None = None
    if stats is None:
        found = lip_stats(image, lips, roi, cover, profile)
        if found is None:
            return None
        stats, form = found
    shade_rgb = scene_linear(shade.color, light)
    target = scene_lab(shade.color, light)
    white = scene_linear("#FFFFFF", light)
    tint = shade_rgb / max(float(shade_rgb.max()), 1e-4) * float(white.max())
    zeros = np.zeros_like(cover)
    liner, ombre = zeros, zeros
    inner, liner_lab = target, target
    if shade.inner_color is not None or shade.liner is not None:
        d_outer, d_inner = fx.edge_distances(lips, roi)
        if shade.inner_color is not None:
            ombre = fx.ombre_weight(d_outer, d_inner)
            inner = scene_lab(shade.inner_color, light)
        if shade.liner is not None:
            liner = fx.liner_weight(d_outer, lips.mouth_width, feather)
            liner_lab = scene_lab(shade.liner, light)
    if shade.sparkle_color is not None:
        glint_color = scene_linear(shade.sparkle_color, light)
    else:
        glint_color = white + (tint - white) * np.float32(profile.sparkle_tint)
    frame = fx.mouth_frame(lips)
    cells = fx.sparkle_cells(frame)
    detail_radius = fx.tap_radius(fx.DETAIL_RADIUS, lips.mouth_width)
    if weight_l is None:
        weight_l = cover
    return LipLayer(
        roi=roi,
        cover=cover,
        liner=liner,
        ombre=ombre,
        strength=float(intensity) * shade.opacity,
        mean=stats.mean,
        spread=stats.spread,
        target=target,
        inner=inner,
        liner_lab=liner_lab,
        spec_color=(white + (tint - white) * np.float32(profile.spec_tint)).astype(np.float32),
        glint_color=glint_color.astype(np.float32),
        gloss=shade.gloss,
        sparkle=shade.sparkle,
        frame=frame,
        profile=profile,
        contrast=fx.FORM_GAIN,
        level=stats.level,
        form=form,
        weight_l=weight_l,
        detail_radius=detail_radius,
        glint_radius=fx.glint_radius(frame, cells),
        glint_cells=cells,
    )


def composite(image: np.ndarray, layer: LipLayer) -> None:
    """The per-pixel half (what the fragment shader does), on covered pixels only."""
    x0, y0, x1, y1 = layer.roi
    alpha = layer.cover * np.float32(layer.strength)
    inside = alpha > 0
    if not np.any(inside):
        return
    patch = image[y0:y1, x0:x1]
    src = patch[inside]  # (N, 3) BGR bytes
    lab0 = linear_to_lab(bgr_to_linear(src))
    lightness = lab0[:, 0]
    mean_l, spread = float(layer.mean[0]), layer.spread
    # (a layer from kept stats carries no form: the shader takes its own from the frame)
    whole = layer.form if layer.form is not None else fx.lip_form(image, layer.roi,
                                                                  layer.detail_radius)  # fmt: skip
    form = whole[inside]
    d_l = lightness_offsets(lightness, form, mean_l, spread, layer.profile, layer.contrast)
    d_l += np.float32(layer.level)
    detail = (lab0[:, 1:] - layer.mean[1:]) * np.float32(layer.profile.chroma_detail)
    ombre = layer.ombre[inside][:, None]
    base = layer.target + (layer.inner - layer.target) * ombre
    painted = np.concatenate([base[:, :1] + d_l[:, None], base[:, 1:] + detail], axis=1)
    lined = np.concatenate(
        [
            np.full_like(d_l[:, None], layer.liner_lab[0]) + d_l[:, None],
            layer.liner_lab[1:] + detail,
        ],
        axis=1,
    )
    painted += (lined - painted) * layer.liner[inside][:, None]
    painted[:, 0] = np.clip(painted[:, 0], 0.0, 100.0)
    # Mixed with the lip in CIELAB: hue and chroma over the coverage, lightness over its
    # wider inward fade (the lip keeps its own edge).
    a = alpha[inside]
    a_l = a
    if layer.weight_l is not None:  # a liner is pigment up to the lip line: its lightness too
        liner_w = layer.liner[inside]
        w_l = layer.weight_l[inside]
        a_l = (w_l + (layer.cover[inside] - w_l) * liner_w) * np.float32(layer.strength)
    mixed = np.empty_like(painted)
    mixed[:, 0] = lightness + (painted[:, 0] - lightness) * a_l
    mixed[:, 1:] = lab0[:, 1:] + (painted[:, 1:] - lab0[:, 1:]) * a[:, None]
    rgb = lab_to_linear(mixed)
    # Light the lip surface: specular highlight where the lip catches light, then glints.
    if layer.gloss > 0:
        spec = fx.specular_weight(lightness, mean_l, spread) * a
        rgb += spec[:, None] * (np.float32(layer.gloss * fx.SPEC_GAIN) * layer.spec_color)
    if layer.sparkle > 0:
        rows, cols = np.nonzero(inside)
        xs = cols.astype(np.float32) + np.float32(x0 + 0.5)
        ys = rows.astype(np.float32) + np.float32(y0 + 0.5)
        glint = fx.sparkle_field(
            xs, ys, layer.frame, layer.sparkle, layer.glint_radius, layer.glint_cells
        )
        lit = fx.smoothstep(mean_l - spread, mean_l + 2.0 * spread, lightness)
        strength = glint * (0.35 + 0.65 * lit) * np.float32(layer.sparkle * fx.SPARKLE_GAIN)
        strength += lit * np.float32(layer.sparkle * fx.SHEEN_GAIN)
        rgb += (strength * a)[:, None] * layer.glint_color
    new_bgr = linear_to_bgr(into_gamut(rgb))
    patch[inside] = np.clip(new_bgr + 0.5, 0, 255).astype(np.uint8)


def paint_lips(
    image: np.ndarray,
    lips: LipContours,
    shade: Shade,
    intensity: float,
    feather: float,
    *,
    light: LightEstimate | None = None,
) -> np.ndarray:
    """Paint `shade` onto the lips of `image` (BGR uint8) in place; returns the
    lip coverage alpha (ROI-sized) for callers that want to know what changed.
    `light`: the scene light estimate to render the shade under (None: as is)."""
    layer = prepare_layer(image, lips, shade, intensity, feather, light)
    if layer is None:
        return np.zeros((0, 0), np.float32)
    composite(image, layer)
    return layer.cover * np.float32(layer.strength)
