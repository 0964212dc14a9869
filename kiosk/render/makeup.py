"""Reference renderer (NumPy) for eye, cheek and brow products: the test oracle of
shaders/makeup.frag, and the CPU path.

The colour model is the lips' (kiosk/render/lipstick.py), per pigment k (lid, crease,
outer corner, liner, lashes, blush, brow), in CIELAB:

- the pigment's colour is first put under the scene light (`lipstick.scene_linear`,
  bounded) and taken to Lab: T_k;
- a pixel painted with it keeps the skin's own texture around the area's mean (eye area,
  cheek or brow, `mean_k`): L = T_k.L + g_k (L0 - mean_k.L), ab = T_k.ab + c_k (ab0 -
  mean_k.ab). Powders and brow pencil are translucent (g = 1: every pore, fold and hair
  shows through); liner and mascara are opaque pigment (g small: only a trace of the
  skin's relief). A brow pigment is a film: where it would lighten what it covers (a
  taupe over black hairs) it is laid at a share of its weight (`BROW_LIFT`);
- pigments are laid one over another in the order a make-up artist works (blush, brow,
  lid, crease, outer corner, liner, lashes): current += (painted - current) w_k, with
  w_k = the region's weight x the product's strength, so a liner sits on the shadow;
- then, in linear light, a shimmer or metallic shadow (and a shimmer blush) catches light
  where the skin already does (a specular sheen, tinted for metallic) and glints from the
  lips' hash cells (`finishes.sparkle_field`), anchored to the face frame so they move with
  the face; neither shows through the liner or the lashes;
- out-of-gamut results are brought in by chroma (`color.into_gamut`).

Everything per face is in `MakeupLayer.uniforms` (named as the shader's uniforms), so the
GLSL (shaders/makeup.frag) and this file start from the very same numbers; the per-pixel
inputs are the regions' weights (two RGBA textures on the GPU, `makeup_gpu`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kiosk.render import finishes as fx
from kiosk.render.color import (
    LUMINANCE,
    bgr_to_linear,
    into_gamut,
    lab_to_linear,
    linear_to_bgr,
    linear_to_lab,
)
from kiosk.render.cosmetics import Blush, BrowTint, EyeLiner, EyeShadow, FaceMakeup, Lashes
from kiosk.render.lighting import LightEstimate, light_key, skin_linear
from kiosk.render.lipstick import scene_linear, scene_linear_many
from kiosk.vision.face import Face
from kiosk.vision.face_regions import (
    CHANNEL,
    N_CHANNELS,
    FaceMemory,
    MakeupRegions,
    Wanted,
    makeup_regions,
)
from kiosk.vision.hands import Hand

Vec4 = tuple[float, float, float, float]
Uniforms = dict[str, Vec4 | float]

# The order pigments go on (lowest first): what FaceMakeup.worn says, with the shadow's
# three places in the order an artist lays them.
ORDER = ("blush", "brow", "lid", "crease", "outer", "liner", "lashes")
# Each pigment keeps the texture of its area around that area's mean colour.
AREA = {
    "lid": "eye",
    "crease": "eye",
    "outer": "eye",
    "liner": "eye",
    "lashes": "eye",
    "blush": "cheek",
    "brow": "brow",
}
AREAS = {"eye": "eyeMean", "cheek": "cheekMean", "brow": "browMean"}
# g_k: share of the skin's lightness relief kept. Powder and brow pencil are translucent
# films over the skin (all of it kept: folds, pores, hairs); liner and mascara are opaque
# pigment, which shows only a trace of what is under it.
TEXTURE_GAIN = {
    "lid": 1.0,
    "crease": 1.0,
    "outer": 1.0,
    "liner": 0.25,
    "lashes": 0.25,
    "blush": 1.0,
    "brow": 1.0,
}
# c_k: share of the skin's own chroma variation kept (a powder lets the skin's redness
# through a little; an opaque pigment hardly).
CHROMA_DETAIL = {
    "lid": 0.4,
    "crease": 0.4,
    "outer": 0.4,
    "liner": 0.15,
    "lashes": 0.15,
    "blush": 0.6,
    "brow": 0.4,
}
# A one-colour shadow blends up into the crease, softer than on the lid.
ONE_COLOUR_CREASE = 0.8
# The outer corner's (usually deepest) colour is smoked in, not stamped: at full strength a
# dark brown at the corner read as a bruise on the crops (benchmarks/makeup_render.py).
OUTER_SOFTER = 0.8
# Liner, mascara and brow pencil have no opacity of their own: intensity says it all.
LINER_OPACITY = 1.0
LASH_OPACITY = 1.0
BROW_OPACITY = 0.9
# A brow pencil or powder is a translucent film: over something lighter than itself it
# absorbs (darkens fully), over something darker it adds only its own faint scatter. So a
# brow pigment that would lighten a pixel (a taupe over black hairs, or over the skin
# between them: the area's mean is mostly hair) is laid at BROW_LIFT of its weight, eased
# in over the first LIFT_RAMP L units of lightening. Laid at full weight, a light brow
# shade turned dark brows into pale grey stripes on every face tried (fair to deep).
BROW_LIFT = 0.3
LIFT_RAMP = 6.0  # L units
# Powders (shadow, blush) colour skin, not the hairs in front of it: where a pixel is far
# darker than its area's mean (lashes, a liner already worn, stray brow hairs) the powder
# fades out, from full at HAIR_FROM below the mean to none at HAIR_TO below it; otherwise
# a light shadow would lift mascaraed lashes to grey or gold.
POWDERS = ("lid", "crease", "outer", "blush")
HAIR_FROM, HAIR_TO = 12.0, 30.0  # L units below the area's mean
# A powder's broad sheen under its glints is far weaker than a lip gloss's
# (`finishes.SHEEN_GAIN` 0.12): at the lips' gain a metallic lid read as a flat sticker.
SHEEN_GAIN = 0.04
# Foils and metallics accentuate the lid's relief; mattes and shimmers keep it as it is.
SHADOW_RELIEF = {"matte": 1.0, "shimmer": 1.0, "metallic": 1.3}
MIN_SPREAD = 2.0  # floor of an area's lightness spread (L units)
# Glints: cells per eye distance (shadow pigment is finer than lip shimmer), halved in
# whole octaves until a cell spans SPARKLE_MIN_CELL_PX (as `finishes.sparkle_cells`).
GLINT_CELLS = 90.0
# The skin statistics are read on a grid STATS_GRID x the eye distance apart (at least
# every pixel): a few hundred samples per area give its mean and spread, and the per-frame
# CPU cost stays small and the same whatever the face's size.
STATS_GRID = 1.0 / 40.0
WHITE = "#FFFFFF"
# The areas whose pigments are lit as the area's own skin is (`area_shading`), and the
# bounds of that light against the face's lit skin. Not the brow: its mean is its hairs'.
SHADED = ("eye", "cheek")
SKIN_STEP = 3  # the lit skin read on every 3rd pixel each way: a mean, read every frame
AREA_SHADING = (0.35, 1.25)


@dataclass(frozen=True)
class MakeupLayer:
    """One face's eye, cheek and brow products, ready to composite: the regions and the
    per-face numbers. The NumPy compositor and the GLSL shader both start from this."""

    regions: MakeupRegions = field(repr=False)
    uniforms: dict[str, tuple[float, float, float, float] | float] = field(repr=False)

    @property
    def roi(self) -> tuple[int, int, int, int]:
        return self.regions.roi


def _v4(values: Sequence[float] | np.ndarray, w: float = 0.0) -> Vec4:
    x = [float(v) for v in values]
    return (x[0], x[1], x[2], float(w) if len(x) < 4 else x[3])


@dataclass(frozen=True)
class _Pigment:
    """One pigment of the look: its colour (hex) and strength (intensity x opacity)."""

    color: str
    strength: float


@functools.lru_cache(maxsize=32)
def pigments_of(makeup: FaceMakeup) -> dict[str, _Pigment]:
    """The pigments worn, by channel name: the products split into the places they go
    (asked for several times a frame: one dict per look, shared, never changed)."""
    out: dict[str, _Pigment] = {}
    for worn in makeup.worn:
        p, k = worn.product, worn.intensity
        if isinstance(p, EyeShadow):
            s = k * p.opacity
            out["lid"] = _Pigment(p.lid, s)
            out["crease"] = _Pigment(p.crease, s if p.outer is not None else s * ONE_COLOUR_CREASE)
            if p.outer is not None:
                out["outer"] = _Pigment(p.outer, s * OUTER_SOFTER)
        elif isinstance(p, EyeLiner):
            out["liner"] = _Pigment(p.color, k * LINER_OPACITY)
        elif isinstance(p, Lashes):
            out["lashes"] = _Pigment(p.color, k * LASH_OPACITY)
        elif isinstance(p, Blush):
            out["blush"] = _Pigment(p.color, k * p.opacity)
        elif isinstance(p, BrowTint):
            out["brow"] = _Pigment(p.color, k * BROW_OPACITY)
    return {name: pig for name, pig in out.items() if pig.strength > 0.0}


def wanted_of(makeup: FaceMakeup) -> Wanted:
    """The regions the products need, with their shapes (what vision is asked for)."""
    shadow, liner, lashes, brow = makeup.shadow, makeup.liner, makeup.lashes, makeup.brow
    eye = shadow.product if shadow is not None else None
    line = liner.product if liner is not None else None
    lash = lashes.product if lashes is not None else None
    tint = brow.product if brow is not None else None
    return Wanted(
        shadow=isinstance(eye, EyeShadow),
        outer=isinstance(eye, EyeShadow) and eye.outer is not None,
        liner=(line.thickness, line.wing) if isinstance(line, EyeLiner) else None,
        lashes=(lash.volume, lash.length) if isinstance(lash, Lashes) else None,
        blush=makeup.blush is not None,
        brow_fill=tint.fill if isinstance(tint, BrowTint) else None,
    )


def _without_hairs(lightness: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """`weight` with 0 on pixels HAIR_FROM or more below the weighted median lightness."""
    order = np.argsort(lightness)
    cum = np.cumsum(weight[order])
    at = min(int(np.searchsorted(cum, 0.5 * cum[-1])), len(order) - 1)
    median = float(lightness[order[at]])
    return np.where(lightness >= median - HAIR_FROM, weight, 0.0).astype(np.float32)


def _stats_of(lab: np.ndarray, weight: np.ndarray, skin_only: bool) -> np.ndarray:
    """(L, a, b, spread) of CIELAB samples `lab` weighted by `weight` (all > 0)."""
    # The skin's colour, not the lashes' or stray hairs': what is far darker than the
    # weighted median is left out (it would pull the mean down, and a pigment painted
    # "around the mean" would then barely change the skin).
    if skin_only:
        weight = _without_hairs(lab[:, 0], weight)
    wt = weight / np.float32(weight.sum())
    mean = wt @ lab
    spread = max(float(np.sqrt(wt @ (lab[:, 0] - mean[0]) ** 2)), MIN_SPREAD)
    return np.array([*mean, spread], np.float32)


def _area_weights(planes: Sequence[np.ndarray | None], names: Sequence[str]) -> np.ndarray | None:
    """The sum of channels `names` of `planes` (on the stats grid; None: none of them is
    built)."""
    w: np.ndarray | None = None
    for name in names:
        grid = planes[CHANNEL[name]]
        if grid is not None:
            w = grid.copy() if w is None else w + grid
    return w


def areas_stats(
    image: np.ndarray, regions: MakeupRegions, areas: dict[str, tuple[Sequence[str], bool]]
) -> dict[str, np.ndarray]:
    """`area_stats` for several areas at once (area: (channel names, skin_only)): the
    frame's samples are taken to CIELAB once, for all of them."""
    x0, y0, x1, y1 = regions.roi
    step = max(1, int(regions.eye_distance * STATS_GRID))
    zero = np.zeros(4, np.float32)
    out = {area: zero for area in areas}
    on_grid = regions.planes_every(step)
    grids = {area: _area_weights(on_grid, names) for area, (names, _) in areas.items()}
    insides = {area: w > 0 for area, w in grids.items() if w is not None}
    if not insides:
        return out
    union = np.logical_or.reduce(list(insides.values()))
    if not union.any():
        return out
    lab = linear_to_lab(bgr_to_linear(image[y0:y1:step, x0:x1:step][union]))
    for area, inside in insides.items():
        if inside.any():
            w = grids[area]
            assert w is not None
            out[area] = _stats_of(lab[inside[union]], w[inside], areas[area][1])
    return out


def areas_of(pigments: dict[str, _Pigment]) -> dict[str, tuple[Sequence[str], bool]]:
    """The areas the pigments worn lie on, each with its channels and whether its stats
    are the skin's alone (the brow's are its hairs')."""
    wanted: dict[str, tuple[Sequence[str], bool]] = {
        area: ([n for n in pigments if AREA[n] == area], area != "brow") for area in AREAS
    }
    return {a: v for a, v in wanted.items() if v[0]}


def area_stats(
    image: np.ndarray, regions: MakeupRegions, names: Sequence[str], skin_only: bool = True
) -> np.ndarray:
    """(L, a, b, spread) of the skin under channels `names`, weighted by their sum, hairs
    left out: the colour the pigment's texture is measured from. Zeros when the area is
    empty. `skin_only` False: the hairs count too (a brow's colour is its hairs')."""
    return areas_stats(image, regions, {"area": (names, skin_only)})["area"]


def glint_cells(frame: np.ndarray) -> float:
    """Glint cells per eye distance: GLINT_CELLS, halved in whole octaves (the pattern
    changes only when the face's size halves or doubles) until a cell spans at least
    `finishes.SPARKLE_MIN_CELL_PX` frame pixels."""
    eye_px = 1.0 / max(float(np.hypot(frame[0, 0], frame[0, 1])), 1e-9)
    octaves = max(0.0, float(np.ceil(np.log2(GLINT_CELLS * fx.SPARKLE_MIN_CELL_PX / eye_px))))
    return GLINT_CELLS / 2.0**octaves


def finish_light(
    color: str, finish: str, light: LightEstimate | None,
    scene: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Linear RGB of the specular sheen and of the glints of a powder in `finish` (as the
    lips: white under the scene light, tinted towards the colour for metallic). `scene`:
    the colour's and white's `scene_linear`, when already worked out."""
    profile = fx.PROFILES[finish]
    rgb, white = scene if scene is not None else (
        scene_linear(color, light), scene_linear("#FFFFFF", light)
    )  # fmt: skip
    tint = rgb / max(float(rgb.max()), 1e-4) * float(white.max())
    spec = white + (tint - white) * np.float32(profile.spec_tint)
    glint = white + (tint - white) * np.float32(profile.sparkle_tint)
    return spec.astype(np.float32), glint.astype(np.float32)


def _gains(table: dict[str, float]) -> tuple[Vec4, Vec4]:
    a = tuple(table[n] for n in ("lid", "crease", "outer", "liner"))
    b = tuple(table[n] for n in ("lashes", "blush", "brow"))
    return _v4(a, a[3]), _v4(b, 0.0)


def _lighting_uniforms(
    makeup: FaceMakeup, light: LightEstimate | None, scene: dict[str, np.ndarray]
) -> Uniforms:
    """The finishes' sheen and glint colours (w: gloss, sparkle) for shadow and blush."""
    out: Uniforms = {}
    for key, worn in (("shadow", makeup.shadow), ("blush", makeup.blush)):
        p = worn.product if worn is not None else None
        if isinstance(p, EyeShadow | Blush):
            color = p.lid if isinstance(p, EyeShadow) else p.color
            gloss, sparkle = p.light
            spec, glint = finish_light(color, p.finish, light, (scene[color], scene[WHITE]))
            out[f"{key}Spec"] = _v4(spec, gloss)
            out[f"{key}Glint"] = _v4(glint, sparkle)
        else:
            out[f"{key}Spec"] = (0.0, 0.0, 0.0, 0.0)
            out[f"{key}Glint"] = (0.0, 0.0, 0.0, 0.0)
    return out


def _finish_colours(makeup: FaceMakeup) -> list[str]:
    out = []
    for worn in (makeup.shadow, makeup.blush):
        p = worn.product if worn is not None else None
        if isinstance(p, EyeShadow):
            out.append(p.lid)
        elif isinstance(p, Blush):
            out.append(p.color)
    return out


def area_shading(stats: np.ndarray, skin: np.ndarray | None) -> float:
    """How much less light an area gets than the face's lit skin: the luminance of its
    skin's mean over the lit skin's, within AREA_SHADING. A pigment there is lit the
    same way (the eye socket sits in the brow's shadow): without it a brown shadow
    painted 'around the lid's mean' barely changed a shaded lid, whose skin is about as
    dark as the powder is under full light, and a metallic lightened it to a stripe."""
    if skin is None or stats[0] <= 0.0:
        return 1.0
    reference = float(np.asarray(skin, np.float32) @ LUMINANCE)
    if reference <= 1e-4:
        return 1.0
    lightness = float(stats[0])
    y = ((lightness + 16.0) / 116.0) ** 3 if lightness > 8.0 else lightness / 903.3
    return float(np.clip(y / reference, *AREA_SHADING))


def makeup_uniform_set(
    image: np.ndarray,
    regions: MakeupRegions,
    pigments: dict[str, _Pigment],
    makeup: FaceMakeup,
    light: LightEstimate | None,
    skin: np.ndarray | None = None,
    stats: dict[str, np.ndarray] | None = None,
) -> Uniforms:
    """Every per-face number the compositor needs, by the shader's uniform names. `skin`:
    the face's lit skin (linear RGB, `lighting.skin_linear`), which the eye area's and
    the cheek's own shading is measured against (None: no shading). `stats`: the areas'
    `areas_stats`, when already measured (None: measured here)."""
    if stats is None:
        stats = areas_stats(image, regions, areas_of(pigments))
    return {**look_uniforms(pigments, makeup, light, skin, stats), **frame_uniforms(regions)}


def look_uniforms(
    pigments: dict[str, _Pigment],
    makeup: FaceMakeup,
    light: LightEstimate | None,
    skin: np.ndarray | None,
    stats: dict[str, np.ndarray],
) -> Uniforms:
    """`makeup_uniform_set`'s numbers that do not follow the face from frame to frame: the
    pigments' colours under this light and over this face's areas, the finishes' (they
    change when the light, the skin's or the areas' colours are measured again)."""
    colours = list(dict.fromkeys([p.color for p in pigments.values()]
                                 + _finish_colours(makeup) + [WHITE]))  # fmt: skip
    scene = dict(zip(colours, scene_linear_many(colours, light), strict=True))
    shading = {area: area_shading(stats[area], skin) for area in SHADED if area in stats}
    named = [n for n in ORDER if n in pigments]
    linear = [scene[pigments[n].color] * np.float32(shading.get(AREA[n], 1.0)) for n in named]
    labs = dict(zip(named, linear_to_lab(np.stack(linear)), strict=True)) if named else {}
    u: Uniforms = {"strength": max(p.strength for p in pigments.values())}
    for name in ORDER:
        pig = pigments.get(name)
        if pig is None:
            u[name] = (0.0, 0.0, 0.0, 0.0)
        else:
            u[name] = _v4(labs[name], pig.strength)
    for area, key in AREAS.items():
        u[key] = _v4(stats[area]) if area in stats else (0.0, 0.0, 0.0, 1.0)
    relief = dict(TEXTURE_GAIN)
    if makeup.shadow is not None and isinstance(makeup.shadow.product, EyeShadow):
        gain = SHADOW_RELIEF[makeup.shadow.product.finish]
        relief.update(lid=gain, crease=gain, outer=gain)
    u["texGainA"], u["texGainB"] = _gains(relief)
    u["chromaA"], u["chromaB"] = _gains(CHROMA_DETAIL)
    u.update(_lighting_uniforms(makeup, light, scene))
    return u


def frame_uniforms(regions: MakeupRegions) -> Uniforms:
    """The face's frame (frame pixels -> face space) and the glints' cells over it: this
    frame's own."""
    f = regions.frame.astype(np.float32)
    cells = glint_cells(f)
    return {"frameRow0": _v4(f[0], fx.glint_radius(f, cells)), "frameRow1": _v4(f[1], cells)}


def prepare_makeup(
    image: np.ndarray,
    face: Face,
    makeup: FaceMakeup,
    light: LightEstimate | None = None,
    hands: Sequence[Hand] = (),
    memory: FaceMemory | None = None,
) -> MakeupLayer | None:
    """The layer for `makeup` on `face`, or None (nothing worn, or no region in view).
    `memory`: what is kept of this face across frames (None: this frame alone)."""
    pigments = pigments_of(makeup)
    if not pigments:
        return None
    regions = makeup_regions(image, face, wanted_of(makeup), hands, memory)
    if regions is None:
        return None
    return layer_on_face(image, face, regions, makeup, light, memory)


def layer_on_face(
    image: np.ndarray,
    face: Face,
    regions: MakeupRegions,
    makeup: FaceMakeup,
    light: LightEstimate | None = None,
    memory: FaceMemory | None = None,
) -> MakeupLayer | None:
    """The layer for `makeup` over `face`'s own regions: `layer_for_regions` with the
    face's lit skin and its areas' statistics (kept a few frames in `memory`)."""
    pigments = pigments_of(makeup)
    areas = areas_of(pigments)

    def measure() -> tuple[np.ndarray | None, dict[str, np.ndarray]]:
        return skin_linear(image, face.landmarks, SKIN_STEP), areas_stats(image, regions, areas)

    if memory is None:
        skin, stats = measure()
        return layer_for_regions(image, regions, makeup, light, skin, stats)
    # The skin's light and colour under each area change over seconds: measured every
    # few frames. An area that had nothing to measure then (out of view) is measured
    # again as soon as it is in view.
    key = ("area light", tuple((a, tuple(n), own) for a, (n, own) in areas.items()))
    kept_skin, kept = memory.kept_stats(key, image, measure)
    if any(float(v[0]) <= 0.0 for v in kept.values()):
        kept_skin, kept = memory.kept_stats(key, image, measure, every=1)
    if not pigments:
        return None
    # What follows only the light and those measurements is worked out again only when
    # one of them changes (the light is re-estimated every second).
    look = memory.made(
        ("look uniforms", makeup, light_key(light)), (kept_skin, kept),
        lambda: look_uniforms(pigments, makeup, light, kept_skin, kept),
    )  # fmt: skip
    return layer_for_regions(image, regions, makeup, light, kept_skin, kept, look)


def layer_for_regions(
    image: np.ndarray,
    regions: MakeupRegions,
    makeup: FaceMakeup,
    light: LightEstimate | None = None,
    skin: np.ndarray | None = None,
    stats: dict[str, np.ndarray] | None = None,
    look: Uniforms | None = None,
) -> MakeupLayer | None:
    """The layer for `makeup` over given regions (the mesh's, or any other: a test's
    hand-drawn disc on a cheek measures the colour apart from the regions). `skin`: the
    face's lit skin, linear RGB (None: the areas' shading is not followed); `stats`: the
    areas' `areas_stats` when already measured; `look`: their `look_uniforms`, when
    already worked out."""
    pigments = pigments_of(makeup)
    x0, y0, x1, y1 = regions.roi
    if not pigments or x1 - x0 < 1 or y1 - y0 < 1:
        return None
    if look is not None:
        return MakeupLayer(regions, {**look, **frame_uniforms(regions)})
    uniforms = makeup_uniform_set(image, regions, pigments, makeup, light, skin, stats)
    return MakeupLayer(regions, uniforms)


# ---- the per-pixel half ---------------------------------------------------------------------


def _vec(u: Uniforms, name: str) -> np.ndarray:
    value = u[name]
    return np.asarray(value if isinstance(value, tuple) else (value,), np.float32)


def pixel_weights(layer: MakeupLayer) -> np.ndarray:
    """(h, w, 8) w_k = region weight x pigment strength, in channel order."""
    strengths = np.zeros(N_CHANNELS, np.float32)
    for name in ORDER:
        strengths[CHANNEL[name]] = _vec(layer.uniforms, name)[3]
    return layer.regions.weights * strengths


def on_skin(lightness: np.ndarray, mean_l: float) -> np.ndarray:
    """0..1: how much a powder holds on a pixel (0 on hairs far darker than the skin)."""
    return fx.smoothstep(mean_l - HAIR_TO, mean_l - HAIR_FROM, lightness)


def film_hold(rise: np.ndarray) -> np.ndarray:
    """The share of its weight a brow pigment is laid at, by how much it would lighten the
    pixel (`BROW_LIFT`): 1 where it darkens."""
    return np.float32(1.0) - np.float32(1.0 - BROW_LIFT) * fx.smoothstep(0.0, LIFT_RAMP, rise)


def layer_pigments(lab0: np.ndarray, w: np.ndarray, u: Uniforms) -> np.ndarray:
    """CIELAB after every pigment is laid on, lowest first: each painted colour keeps the
    skin's texture around its area's mean (g_k in lightness, c_k in chroma)."""
    gains = np.concatenate([_vec(u, "texGainA"), _vec(u, "texGainB")])
    chroma = np.concatenate([_vec(u, "chromaA"), _vec(u, "chromaB")])
    current = lab0.copy()
    for name in ORDER:
        k = CHANNEL[name]
        wk = w[:, k]
        target = _vec(u, name)
        if target[3] <= 0.0:
            continue
        mean = _vec(u, AREAS[AREA[name]])
        painted = np.empty_like(lab0)
        lightness = target[0] + gains[k] * (lab0[:, 0] - mean[0])
        painted[:, 0] = np.clip(lightness, 0.0, 100.0)
        painted[:, 1:] = target[1:3] + chroma[k] * (lab0[:, 1:] - mean[1:3])
        if name in POWDERS:
            wk = wk * on_skin(lab0[:, 0], float(mean[0]))
        elif name == "brow":
            wk = wk * film_hold(painted[:, 0] - current[:, 0])
        current += (painted - current) * wk[:, None]
    return current


def _finish_light(
    rgb: np.ndarray,
    lightness: np.ndarray,
    glint: np.ndarray,
    gate: np.ndarray,
    mean: np.ndarray,
    spec: np.ndarray,
    glint_color: np.ndarray,
) -> None:
    """Adds, in place, a finish's sheen where the skin catches light and its glints (the
    lips' maths: `lipstick.composite`), over `gate` (the powder's weight)."""
    mean_l, spread = float(mean[0]), float(mean[3])
    if spec[3] > 0.0:
        sheen = fx.specular_weight(lightness, mean_l, spread) * gate
        rgb += sheen[:, None] * (np.float32(spec[3] * fx.SPEC_GAIN) * spec[:3])
    sparkle = float(glint_color[3])
    if sparkle > 0.0:
        lit = fx.smoothstep(mean_l - spread, mean_l + 2.0 * spread, lightness)
        amount = glint * (0.35 + 0.65 * lit) * np.float32(sparkle * fx.SPARKLE_GAIN)
        amount += lit * np.float32(sparkle * SHEEN_GAIN)
        rgb += (amount * gate)[:, None] * glint_color[:3]


def glints_at(rows: np.ndarray, cols: np.ndarray, layer: MakeupLayer, sparkle: float) -> np.ndarray:
    """The glint field at the given ROI pixels, in the face's frame (moves with it)."""
    u = layer.uniforms
    r0, r1 = _vec(u, "frameRow0"), _vec(u, "frameRow1")
    frame = np.stack([r0[:3], r1[:3]])
    x0, y0 = layer.roi[:2]
    xs = cols.astype(np.float32) + np.float32(x0 + 0.5)
    ys = rows.astype(np.float32) + np.float32(y0 + 0.5)
    return fx.sparkle_field(xs, ys, frame, sparkle, float(r0[3]), float(r1[3]))


def light_finishes(
    rgb: np.ndarray,
    lab0: np.ndarray,
    w: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    layer: MakeupLayer,
) -> None:
    """Sheen and glints of the shadow and the blush, in place, where the powder holds
    (`on_skin`); the shadow's not through the liner or the lashes laid over it."""
    u = layer.uniforms
    over = (1.0 - w[:, CHANNEL["liner"]]) * (1.0 - w[:, CHANNEL["lashes"]])
    shadow = np.maximum(np.maximum(w[:, CHANNEL["lid"]], w[:, CHANNEL["crease"]]),
                        w[:, CHANNEL["outer"]]) * over  # fmt: skip
    for powder, key, mean in (
        (shadow, "shadow", "eyeMean"),
        (w[:, CHANNEL["blush"]], "blush", "cheekMean"),
    ):
        spec, glint_color = _vec(u, f"{key}Spec"), _vec(u, f"{key}Glint")
        gate = powder * on_skin(lab0[:, 0], float(_vec(u, mean)[0]))
        if (spec[3] <= 0.0 and glint_color[3] <= 0.0) or not np.any(gate > 0):
            continue
        glint = (
            glints_at(rows, cols, layer, float(glint_color[3]))
            if glint_color[3] > 0.0
            else np.zeros_like(gate)
        )
        _finish_light(rgb, lab0[:, 0], glint, gate, _vec(u, mean), spec, glint_color)


def composite_makeup(image: np.ndarray, layer: MakeupLayer) -> None:
    """The per-pixel half (what shaders/makeup.frag does), in place, on the layer's box.
    Pixels every weight leaves at 0 are not read or written (the eyes' openings are)."""
    x0, y0, x1, y1 = layer.roi
    weights = pixel_weights(layer)
    inside = weights.max(axis=2) > 0
    if not np.any(inside):
        return
    patch = image[y0:y1, x0:x1]
    rows, cols = np.nonzero(inside)
    w = weights[rows, cols]
    lab0 = linear_to_lab(bgr_to_linear(patch[rows, cols]))
    rgb = lab_to_linear(layer_pigments(lab0, w, layer.uniforms))
    light_finishes(rgb, lab0, w, rows, cols, layer)
    patch[rows, cols] = np.clip(linear_to_bgr(into_gamut(rgb)) + 0.5, 0, 255).astype(np.uint8)
