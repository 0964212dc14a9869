"""The garment layer in its steps (fit, warp, what stays in front, light) on real
frames with the real pose model: each step does its one job, and together they
give the figures the single `garment_layer` function gave before it was split."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.render import garment_cues as cues
from kiosk.render.garment import (
    LEFT_HIP,
    LEFT_SHOULDER,
    LEFT_WRIST,
    NOSE,
    RIGHT_HIP,
    RIGHT_SHOULDER,
    RIGHT_WRIST,
    body_fit,
    garment_layer,
    prepare_garment,
)
from kiosk.render.garment_occlusion import coverage, occlusion
from kiosk.render.garment_shading import SHOWS, shade_layer
from kiosk.render.garment_warp import warp_parts
from kiosk.render.lighting import LightEstimate
from kiosk.vision.pose import Body, PoseTracker
from tests.render.drawn import TEE_BGR, drawn_tee

WARM = LightEstimate(np.array([0.8, 1.0, 1.3], np.float32), 0.9)  # gain undoes a warm cast


def read_sample(testdata: Path, sample: str) -> np.ndarray:
    """A body photo, or "video#frame" from one of the body videos."""
    if "#" not in sample:
        image = cv2.imread(str(testdata / "bodies" / sample))
        assert image is not None, sample
        return image
    video, index = sample.split("#")
    cap = cv2.VideoCapture(str(testdata / "videos" / video))
    cap.set(cv2.CAP_PROP_POS_FRAMES, int(index))
    ok, frame = cap.read()
    cap.release()
    assert ok
    return frame


@pytest.fixture(scope="module")
def pose(pose_model: Path) -> Iterator[PoseTracker]:
    with PoseTracker(pose_model, mode="image") as tracker:
        yield tracker


@pytest.fixture(scope="module")
def upper_body(pose: PoseTracker, testdata: Path) -> tuple[np.ndarray, Body]:
    """A close upper body with both forearms and hands in front of the torso, and hair."""
    image = read_sample(testdata, S20)
    body = pose.detect(image).wearer()
    assert body is not None
    return image, body


S20 = "body_s20_upperbody.mp4#0"  # close upper body: forearms, hands and hair in front
VITON = "vitonhd_07966_00.jpg"  # hair over the shoulders, a large box
COCO = "coco_val2014_000000000241.jpg"  # a small person at the image edge

# Figures of the whole, unsplit `garment_layer` (commit 245dfa5; re-recorded when the
# shoulder seam and neck moved up onto the shoulder, issue 15, and when hair got its own
# cue, kiosk/render/garment_hair.py, and when only hair hanging past the jaw is kept in
# front: COCO's short-haired man keeps none, and when the layer's box reached the
# garment's own hem, `torso_reach`: a few rows lower, and when its sides reached the
# wearer's outline, `garment_outline`, and when the sleeves came to follow the arm's
# direction, length share and width, issue 15, and when a sleeved garment's shoulder
# seam moved out past the shoulder tip, SLEEVED_SHOULDER_OUT) on these frames, by
# (sample, long sleeves, max_pixels, warm light): coverage sum, coverage-weighted mean
# B, G, R and grey spread of the layer's colour, hair sum (None: no hair kept in front).
Figures = tuple[float, float, float, float, float, float | None]
FIGURES: dict[tuple[str, bool, int | None, bool], Figures] = {
    (S20, True, None, False): (176134.6, 199.11, 119.46, 39.89, 7.218, 30955.9),
    (S20, True, None, True): (176134.6, 174.75, 115.02, 42.07, 6.714, 30955.9),
    (S20, True, 20000, False): (167439.5, 198.89, 119.3, 39.81, 6.049, 32980.2),
    (S20, True, 20000, True): (167439.5, 174.56, 114.87, 41.99, 5.625, 32980.2),
    (S20, False, None, False): (161723.9, 199.32, 119.58, 39.91, 5.266, 30955.9),
    (S20, False, None, True): (161723.9, 174.94, 115.13, 42.1, 4.895, 30955.9),
    (S20, False, 20000, False): (152805.9, 199.01, 119.35, 39.81, 5.156, 32980.2),
    (S20, False, 20000, True): (152805.9, 174.66, 114.92, 42.0, 4.793, 32980.2),
    (VITON, True, None, False): (220814.8, 200.4, 120.26, 40.18, 6.458, 10809.8),
    (VITON, True, None, True): (220814.8, 175.97, 115.87, 42.36, 5.997, 10809.8),
    (VITON, True, 20000, False): (215410.5, 198.91, 119.32, 39.81, 5.748, 11480.8),
    (VITON, True, 20000, True): (215410.5, 174.63, 114.94, 41.98, 5.342, 11480.8),
    (VITON, False, None, False): (182995.0, 200.45, 120.29, 40.17, 5.736, 10809.8),
    (VITON, False, None, True): (182995.0, 176.03, 115.91, 42.34, 5.323, 10809.8),
    (VITON, False, 20000, False): (175677.2, 199.18, 119.47, 39.84, 5.352, 11480.8),
    (VITON, False, 20000, True): (175677.2, 174.88, 115.11, 42.02, 4.972, 11480.8),
    (COCO, True, None, False): (13087.3, 200.31, 120.21, 40.18, 6.309, None),
    (COCO, True, None, True): (13087.3, 175.84, 115.77, 42.37, 5.87, None),
    (COCO, True, 20000, False): (12929.1, 199.35, 119.59, 39.92, 6.286, None),
    (COCO, True, 20000, True): (12929.1, 174.96, 115.15, 42.11, 5.846, None),
    (COCO, False, None, False): (10519.4, 200.78, 120.5, 40.29, 5.719, None),
    (COCO, False, None, True): (10519.4, 176.24, 116.02, 42.48, 5.318, None),
    (COCO, False, 20000, False): (10418.4, 200.11, 120.07, 40.11, 6.038, None),
    (COCO, False, 20000, True): (10418.4, 175.64, 115.6, 42.28, 5.614, None),
}
ROIS = {  # the layer's box, by (sample, long sleeves, max_pixels): drawn reduced, the box
    # comes from the joints alone; at full size from the mask's arm widths and outline too
    (S20, True, None): (0, 136, 480, 908),
    (S20, True, 20000): (0, 136, 480, 908),
    (S20, False, None): (0, 136, 480, 908),
    (S20, False, 20000): (0, 136, 480, 908),
    (VITON, True, None): (0, 31, 768, 932),
    (VITON, True, 20000): (0, 31, 768, 932),
    (VITON, False, None): (0, 31, 768, 932),
    (VITON, False, 20000): (0, 31, 768, 932),
    (COCO, True, None): (0, 262, 167, 492),
    (COCO, True, 20000): (0, 262, 165, 492),
    (COCO, False, None): (0, 262, 162, 477),
    (COCO, False, 20000): (0, 262, 159, 477),
}


@pytest.mark.parametrize(("sample", "long_sleeves", "max_pixels", "warm"), list(FIGURES))
def test_the_steps_give_the_figures_of_the_whole(
    pose: PoseTracker,
    testdata: Path,
    sample: str,
    long_sleeves: bool,
    max_pixels: int | None,
    warm: bool,
) -> None:
    image = read_sample(testdata, sample)
    body = pose.detect(image).wearer()
    assert body is not None
    light = WARM if warm else None
    alpha_sum, b, g, r, spread, hair_sum = FIGURES[(sample, long_sleeves, max_pixels, warm)]
    args = (drawn_tee(long_sleeves), body.landmarks, body.visibility, body.mask, light)
    layer = garment_layer(image, *args, max_pixels)
    assert layer is not None
    placed, colour = layer
    assert colour is not None
    assert tuple(int(v) for v in placed.roi) == ROIS[(sample, long_sleeves, max_pixels)]
    alpha = placed.alpha.astype(np.float64)
    assert alpha.sum() == pytest.approx(alpha_sum, rel=2e-3)
    mean = (colour.astype(np.float64) * alpha[..., None]).sum(axis=(0, 1)) / alpha.sum()
    assert mean == pytest.approx((b, g, r), abs=0.5)  # the garment's colour, under the light
    grey = colour.astype(np.float64).mean(axis=2)
    grey_mean = (grey * alpha).sum() / alpha.sum()
    grey_spread = np.sqrt(((grey - grey_mean) ** 2 * alpha).sum() / alpha.sum())
    assert grey_spread == pytest.approx(spread, abs=0.05)  # the body's shading on it
    if hair_sum is None:
        assert placed.hair is None
    else:
        assert placed.hair is not None
        assert float(placed.hair.sum()) == pytest.approx(hair_sum, rel=5e-3, abs=2.0)
    # The texture for the GPU carries the same coverage.
    textured = garment_layer(image, *args, max_pixels, texture=True)
    assert textured is not None and textured[1] is None and textured[0].texture is not None
    if max_pixels is None:
        tex_alpha = textured[0].texture[..., 3].astype(np.float64) / 255.0
        assert np.abs(tex_alpha - alpha).max() <= 0.5 / 255.0 + 1e-6


def test_the_fit_boxes_the_body_and_refuses_what_it_cannot_place(
    upper_body: tuple[np.ndarray, Body],
) -> None:
    image, body = upper_body
    h, w = image.shape[:2]
    tee = drawn_tee(long_sleeves=True)
    fit = body_fit(tee, body.landmarks, (w, h))
    assert fit is not None
    x0, y0, x1, y1 = fit.box
    assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
    assert fit.area == (x1 - x0) * (y1 - y0)
    assert fit.width == pytest.approx(body.shoulder_width, rel=1e-4)
    assert set(fit.pairs) == {"torso", "left", "right"}
    points = np.vstack([dst for _src, dst in fit.pairs.values()] + [fit.xy[[NOSE]]])
    inside = np.clip(points, [x0, y0], [x1 - 1, y1 - 1])
    assert np.allclose(inside, np.clip(points, 0, [w - 1, h - 1])), "clipped only by the image"
    # A body a few pixels wide, and a garment rigged at fewer than four torso points.
    tiny = body.landmarks.copy()
    tiny[:, :2] = tiny[:, :2] * 0.02
    assert body_fit(tee, tiny, (w, h)) is None
    bare_rig = prepare_garment(tee.bgra, {k: tee.anchors[k] for k in ("neck", "left_shoulder")})
    assert body_fit(bare_rig, body.landmarks, (w, h)) is None


def test_the_warp_puts_the_torso_on_the_torso_and_the_sleeves_over_it(
    upper_body: tuple[np.ndarray, Body],
) -> None:
    image, body = upper_body
    tee = drawn_tee(long_sleeves=True)
    fit = body_fit(tee, body.landmarks, (image.shape[1], image.shape[0]))
    assert fit is not None
    x0, y0, x1, y1 = fit.box
    parts = warp_parts(tee, fit.pairs, fit.box, fit.width)
    assert parts.colour.shape == (y1 - y0, x1 - x0, 3)
    assert parts.torso.shape == parts.sleeves.shape == (y1 - y0, x1 - x0)
    xy = fit.xy - np.array([x0, y0])
    mid = (xy[[LEFT_SHOULDER, RIGHT_SHOULDER]].mean(0) + xy[[LEFT_HIP, RIGHT_HIP]].mean(0)) / 2
    cx, cy = np.round(mid).astype(int)
    assert parts.torso[cy, cx] > 0.99, "the torso's centre lies on the body's"
    assert parts.sleeves.max() > 0.99, "the sleeves are drawn"
    # A sleeve lies over the torso: where both are, they share one pixel's worth.
    assert (parts.torso + parts.sleeves).max() <= 1.0 + 1e-5
    # Where a part covers fully, it shows the garment's colour (the drawn tee's is flat;
    # a few sleeve pixels at the elbow take the other segment's darker soft edge).
    torso_off = np.abs(parts.colour[parts.torso > 0.99].astype(int) - TEE_BGR).max(axis=1)
    sleeve_off = np.abs(parts.colour[parts.sleeves > 0.99].astype(int) - TEE_BGR).max(axis=1)
    assert torso_off.max() <= 3
    assert (sleeve_off <= 3).mean() >= 0.97
    assert parts.torso_map is not None and parts.torso_origin[0] >= x0


def test_what_stays_in_front_head_hands_and_the_world_outside_the_person(
    upper_body: tuple[np.ndarray, Body],
) -> None:
    image, body = upper_body
    tee = drawn_tee(long_sleeves=False)
    fit = body_fit(tee, body.landmarks, (image.shape[1], image.shape[0]))
    assert fit is not None and body.mask is not None
    x0, y0, x1, y1 = fit.box
    lab = cues.to_lab(image[y0:y1, x0:x1])
    seen = occlusion(lab, fit.xy, body.visibility, fit.pairs, fit.width, fit.box, body.mask)
    xy = np.round(fit.xy - np.array([x0, y0])).astype(int)
    assert seen.keep[xy[NOSE, 1], xy[NOSE, 0]] == 0.0, "never on the face"
    chest = (xy[LEFT_SHOULDER] * 0.35 + xy[RIGHT_SHOULDER] * 0.35 + xy[LEFT_HIP] * 0.15
             + xy[RIGHT_HIP] * 0.15).astype(int)  # fmt: skip
    assert seen.keep[chest[1], chest[0]] > 0.99
    # The silhouette's margin is a blur of 0.03 shoulder widths: five of those away
    # from the person, nothing of the garment may show.
    outside = (body.mask[y0:y1, x0:x1] < 0.5).astype(np.uint8)
    far = cv2.distanceTransform(outside, cv2.DIST_L2, 3) > 0.15 * fit.width
    assert far.sum() > 1000 and seen.keep[far].max() <= 0.01, "nothing outside the person"
    assert seen.clothes is not None, "the shopper's own top is sampled on the chest"
    assert seen.hair is not None and seen.hair.max() > 0.9, "hair over the shoulders is found"
    for wrist in (LEFT_WRIST, RIGHT_WRIST):
        assert seen.hands[xy[wrist, 1], xy[wrist, 0]] > 0.5, "a bare hand stays in front"
    parts = warp_parts(tee, fit.pairs, fit.box, fit.width)
    cover = coverage(parts, seen)
    assert cover.max() <= 1.0 and cover.min() >= 0.0
    assert (cover <= seen.keep * (1.0 - seen.hands) + 1e-5).all()
    # Bare forearms in front of the torso cut it; where nothing is in front, it is whole.
    forearm = (seen.arms > 0.9) & (seen.bare > 0.9)
    assert forearm.sum() > 500 and cover[forearm].max() <= 0.1 + 1e-5
    free = (seen.keep > 0.99) & (seen.arms == 0) & (seen.hands == 0) & (parts.torso > 0.99)
    assert free.sum() > 10_000 and cover[free].min() > 0.98


def test_the_light_keeps_a_flat_colour_and_follows_the_scene(
    upper_body: tuple[np.ndarray, Body],
) -> None:
    """On an evenly lit plain patch the garment keeps its own colour; under a warm
    light it warms; pixels it barely covers are left out."""
    _image, body = upper_body
    h, w = 120, 160
    patch = np.full((h, w, 3), 128, np.uint8)
    lab = cues.to_lab(patch)
    colour = np.zeros((h, w, 3), np.uint8)
    colour[:] = TEE_BGR
    cover = np.zeros((h, w), np.float32)
    cover[20:100, 30:130] = 1.0
    cover[0, 0] = SHOWS / 2  # too faint to draw
    width = body.shoulder_width
    layer, kept = shade_layer(colour, cover, patch, lab, None, width, None)
    on = cover > SHOWS
    assert np.abs(layer[on].astype(int) - TEE_BGR).max() <= 1
    assert kept[0, 0] == 0.0 and layer[0, 0].max() == 0 and np.array_equal(kept[on], cover[on])
    warm, _ = shade_layer(colour, cover, patch, lab, None, width, WARM)
    b, _g, r = (warm[on].astype(float) - layer[on]).mean(axis=0)
    assert r >= 1 and b <= -10, "a warm light warms the garment"
