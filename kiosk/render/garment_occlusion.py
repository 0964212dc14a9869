"""Garment try-on, what stays in front: where the warped garment may show.

- the garment stays inside the person's silhouette (plus a small margin) and
  off the head (chin, face, and hair falling over the shoulders);
- forearms and hands in front of the torso stay in front of it; sleeves are
  drawn over the arms they belong to, hands stay on top; a bare forearm (short
  sleeve) stays in front of its own sleeve too, as when the arm folds;
- the limb shapes come from the pose landmarks, then only what looks like skin
  (the cheeks' colour) is cut out, so a long sleeve over a forearm still shows;
- where the garment has no sleeve, the arm's own skin round its joints stays in
  front too, to the arm's own edges (`garment_arms`: joints a hand's width off, an
  arm the pose model does not see on a body turned side on);
- hair hanging over the shoulders and chest stays in front (`garment_hair`: the
  person's own hair, clothes, skin and background colours, and strand texture).

All of it over the body's box only; `occlusion` gathers it, `coverage` applies it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.render import garment_arms as bare_arms_cue
from kiosk.render import garment_cues as cues
from kiosk.render import garment_hair as hair
from kiosk.render.garment_shading import blur_small
from kiosk.render.garment_warp import (
    LEFT_EAR,
    LEFT_ELBOW,
    LEFT_EYE,
    LEFT_HIP,
    LEFT_SHOULDER,
    LEFT_WRIST,
    MOUTH_LEFT,
    MOUTH_RIGHT,
    NOSE,
    RIGHT_EAR,
    RIGHT_ELBOW,
    RIGHT_EYE,
    RIGHT_HIP,
    RIGHT_SHOULDER,
    RIGHT_WRIST,
    Box,
    Pairs,
    WarpedParts,
    capsule,
    soft,
)

SILHOUETTE_MARGIN = 0.03  # garment may pass the person mask by this (x shoulder width)
# Below the hip joints a garment goes from following the body to keeping its own
# outline over this many torso heights (a skirt flares from the hips).
SKIRT_FREE = 0.2
FOREARM_RADIUS, HAND_RADIUS = 0.1, 0.13  # occluder widths (x shoulder width)
# A sleeveless garment's upper arm, as an occluder: about a forearm and a fifth wide,
# from a third of the way down (the strap and the armhole's edge stay on the shoulder).
UPPER_ARM_RADIUS, UPPER_ARM_FROM = 0.12, 0.3

# The head as an ellipse: centre (box px) and radii (px).
Head = tuple[tuple[int, ...], tuple[float, float]]


@dataclass(frozen=True)
class Limbs:
    """Forearms, hands and bare forearms as drawn from the pose: 0/255 masks, anti-aliased."""

    arms: np.ndarray = field(repr=False)
    hands: np.ndarray = field(repr=False)
    bare: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class Occlusion:
    """Everything in front of the garment over the box, as 0..1 weights."""

    keep: np.ndarray = field(repr=False)  # inside the person, off the head and hair
    arms: np.ndarray = field(repr=False)  # forearms: in front of the torso
    hands: np.ndarray = field(repr=False)  # hands: in front of everything
    bare: np.ndarray = field(repr=False)  # bare forearms: in front of their sleeve too
    hair: np.ndarray | None = field(default=None, repr=False)  # hair kept in front
    clothes: cues.ColourModel | None = None  # what the person wears (the shading reads it)


@dataclass(frozen=True)
class Sites:
    """Where the colours are sampled (head, cheeks, limbs, chest) and what is read there.

    Cheap (discs, lines and medians), and found before the rest of `occlusion`: the
    shading needs only the clothes' colour, so it can start on the warp thread while
    the masks here are built."""

    head: Head
    cheeks: np.ndarray | None = field(repr=False)
    skin: cues.ColourModel | None
    limbs: Limbs = field(repr=False)
    person: np.ndarray | None = field(repr=False)  # the person mask over the box
    chest: np.ndarray = field(repr=False)
    clothes: cues.ColourModel | None  # what the person wears (the shading reads it)


def sample_sites(
    lab: np.ndarray,
    xy: np.ndarray,
    visibility: np.ndarray,
    pairs: Pairs,
    width: float,
    box: Box,
    person_mask: np.ndarray | None,
) -> Sites:
    """The sampling sites over `box` and the skin and clothes colours read at them."""
    origin = np.array(box[:2], np.float64)
    shape = (lab.shape[0], lab.shape[1])
    head = head_ellipse(xy, width, origin)
    cheek_where = cheeks(shape, xy, visibility, origin)
    limbs = limb_masks(shape, xy, visibility, pairs, width, origin)
    x0, y0, x1, y1 = box
    person = None if person_mask is None else person_mask[y0:y1, x0:x1]
    chest_where = chest(shape, xy, width, origin, limbs, person)
    return Sites(
        head, cheek_where, skin_model(lab, cheek_where), limbs, person, chest_where,
        clothes_model(lab, chest_where),
    )  # fmt: skip


def occlusion(
    lab: np.ndarray,
    xy: np.ndarray,
    visibility: np.ndarray,
    pairs: Pairs,
    width: float,
    box: Box,
    person_mask: np.ndarray | None,
    sites: Sites | None = None,
) -> Occlusion:
    """What stays in front of the garment over `box` (`lab`: the image there, Lab).
    `sites`: `sample_sites` of the same arguments, when the caller has them already."""
    if sites is None:
        sites = sample_sites(lab, xy, visibility, pairs, width, box, person_mask)
    origin = np.array(box[:2], np.float64)
    keep = silhouette_keep(person_mask, box, width, skirt_rows(xy, origin))
    keep *= 1.0 - soft(head_mask((lab.shape[0], lab.shape[1]), sites.head))
    arms, hands, bare = skin_gated(sites.limbs, sites.skin, lab)
    own_arms = bare_arms_cue.bare_arms(
        lab, xy, pairs, width, origin, sites.skin, sites.clothes, sites.person
    )
    if own_arms is not None:
        arms = np.maximum(arms, own_arms)
    hair_front = hair_in_front(
        lab, sites.person, sites.head, xy, width, origin, sites.chest, sites.cheeks
    )
    if hair_front is not None:
        keep *= 1.0 - hair_front
    return Occlusion(keep, arms, hands, bare, hair_front, sites.clothes)


def coverage(parts: WarpedParts, seen: Occlusion) -> np.ndarray:
    """The garment's final 0..1 coverage: torso under forearms and hands, sleeves
    under hands and bare forearms, all of it only where it may show."""
    over_sleeves = np.maximum(seen.hands, seen.bare)
    cover = (
        parts.torso * (1.0 - np.maximum(seen.arms, seen.hands))
        + parts.sleeves * (1.0 - over_sleeves)
    ) * seen.keep
    return np.clip(cover, 0.0, 1.0)


def silhouette_keep(
    person_mask: np.ndarray | None,
    box: Box,
    width: float,
    skirt: tuple[float, float] | None = None,
) -> np.ndarray:
    """0..1 inside the person's mask, reaching a small margin past it (all 1 without one).

    Below the hips (`skirt`: the box rows where that starts and where it is whole,
    `skirt_rows`) the garment keeps its own outline: a skirt or a loose hem hangs
    free of the legs, not cut to them.
    """
    x0, y0, x1, y1 = box
    keep = np.ones((y1 - y0, x1 - x0), np.float32)
    if person_mask is not None:
        # A blurred mask reaches past the silhouette by about one sigma: the margin.
        sigma = max(1.0, SILHOUETTE_MARGIN * width)
        near = blur_small(person_mask[y0:y1, x0:x1].astype(np.float32), sigma)
        keep *= np.clip((near - 0.1) / 0.4, 0.0, 1.0)
        if skirt is not None:
            start, whole = skirt
            rows = np.arange(y1 - y0, dtype=np.float32)
            free = np.clip((rows - start) / max(whole - start, 1.0), 0.0, 1.0)[:, None]
            keep = keep + (1.0 - keep) * free
    return keep


def skirt_rows(xy: np.ndarray, origin: np.ndarray) -> tuple[float, float]:
    """Box rows where the garment starts to keep its own outline (the hip joints) and
    where it keeps it whole (SKIRT_FREE torso heights below them)."""
    hips = (xy[LEFT_HIP] + xy[RIGHT_HIP]) / 2
    shoulders = (xy[LEFT_SHOULDER] + xy[RIGHT_SHOULDER]) / 2
    torso = float(np.linalg.norm(hips - shoulders))
    start = float(hips[1] - origin[1])
    return start, start + SKIRT_FREE * torso


def head_ellipse(xy: np.ndarray, width: float, origin: np.ndarray) -> Head:
    """The head from the ears to the chin (centre in box px, radii): kept garment-free."""
    ears = (xy[LEFT_EAR] + xy[RIGHT_EAR]) / 2
    mouth = (xy[MOUTH_LEFT] + xy[MOUTH_RIGHT]) / 2
    chin = mouth + (mouth - xy[NOSE]) * 1.6
    rx = max(float(np.linalg.norm(xy[LEFT_EAR] - xy[RIGHT_EAR])) * 0.62, 0.2 * width)
    ry = float(np.linalg.norm(chin - ears))
    centre = tuple(int(v) for v in np.round(ears - origin))
    return centre, (rx, ry)


def head_mask(shape: tuple[int, int], head: Head) -> np.ndarray:
    """The head ellipse drawn 0/255, anti-aliased."""
    centre, (rx, ry) = head
    mask = np.zeros(shape, np.uint8)
    cv2.ellipse(
        mask, centre, (max(1, round(rx)), max(1, round(ry))), 0, 0, 360, 255, -1, cv2.LINE_AA
    )
    return mask


def limb_masks(
    shape: tuple[int, int],
    xy: np.ndarray,
    visibility: np.ndarray,
    pairs: Pairs,
    width: float,
    origin: np.ndarray,
) -> Limbs:
    """Forearms and hands of the arms whose elbow and wrist are seen (and the upper
    arm where the garment has no sleeve); a forearm is bare when its sleeve (the
    rig's centre line on the body) ends above the elbow."""
    arms = np.zeros(shape, np.uint8)
    bare = np.zeros(shape, np.uint8)
    hands = np.zeros(shape, np.uint8)
    for side, sh, el, wr in (
        ("left", LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST),
        ("right", RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST),
    ):
        if side not in pairs and min(visibility[sh], visibility[el]) >= 0.5:
            # No sleeve on this side: the upper arm is in front of the torso too, from
            # below where a strap sits on the shoulder down to the elbow.
            top = xy[sh] + (xy[el] - xy[sh]) * UPPER_ARM_FROM
            capsule(arms, top, xy[el], UPPER_ARM_RADIUS * width, origin)
        if min(visibility[el], visibility[wr]) < 0.5:
            continue
        capsule(arms, xy[el], xy[wr], FOREARM_RADIUS * width, origin)
        upper_arm = float(np.linalg.norm(xy[el] - xy[sh]))
        axis = pairs[side][1][1::3] if side in pairs else xy[[sh]]
        reach_arm = float(np.linalg.norm(axis - xy[sh], axis=1).max())
        if reach_arm < 0.9 * upper_arm:
            capsule(bare, xy[el], xy[wr], FOREARM_RADIUS * width, origin)
        tip = xy[wr] + (xy[wr] - xy[el]) * 0.45
        capsule(hands, xy[wr], tip, HAND_RADIUS * width, origin)
    return Limbs(arms, hands, bare)


def skin_gated(
    limbs: Limbs, skin: cues.ColourModel | None, lab: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(arms, hands, bare) as 0..1; with a skin colour, cut to what looks like skin only
    (a sleeve over the forearm is not an occluder)."""
    arms, hands, bare = soft(limbs.arms), soft(limbs.hands), soft(limbs.bare)
    if skin is not None:
        skin_like = skin.likeness(lab)
        # One grown likeness for the three (a box-sized blur), only if one is gated.
        reach = functools.cache(lambda: cues.grown(skin_like))
        arms = cues.gate(arms, skin_like, reach=reach)
        hands = cues.gate(hands, skin_like, min_share=0.1, reach=reach)  # hands are bare
        bare = cues.gate(bare, skin_like, reach=reach)
    return arms, hands, bare


def cheeks(
    shape: tuple[int, int], xy: np.ndarray, visibility: np.ndarray, origin: np.ndarray
) -> np.ndarray | None:
    """Where the skin is sampled: a disc on each cheek (between eye and mouth corner)."""
    if min(visibility[NOSE], visibility[MOUTH_LEFT], visibility[MOUTH_RIGHT]) < 0.5:
        return None
    radius = 0.12 * float(np.linalg.norm(xy[LEFT_EAR] - xy[RIGHT_EAR]))
    where = np.zeros(shape, np.uint8)
    for eye, mouth in ((LEFT_EYE, MOUTH_LEFT), (RIGHT_EYE, MOUTH_RIGHT)):
        where |= cues.disc(shape, (xy[eye] + xy[mouth]) / 2 - origin, radius)
    return where


def skin_model(lab: np.ndarray, where: np.ndarray | None) -> cues.ColourModel | None:
    """Skin colour from the cheeks."""
    return None if where is None else cues.sample_model(lab, where, min_pixels=12)


def chest(
    shape: tuple[int, int],
    xy: np.ndarray,
    width: float,
    origin: np.ndarray,
    limbs: Limbs,
    person: np.ndarray | None,
) -> np.ndarray:
    """A disc on the chest, arms, hands and background left out: what the person wears."""
    centre = (xy[LEFT_SHOULDER] + xy[RIGHT_SHOULDER]) * 0.35 + (xy[LEFT_HIP] + xy[RIGHT_HIP]) * 0.15
    where = cues.disc(shape, centre - origin, 0.2 * width)
    where[(limbs.arms > 0) | (limbs.hands > 0)] = 0
    if person is not None:
        where[person < 0.5] = 0
    return where


def clothes_model(lab: np.ndarray, chest_where: np.ndarray) -> cues.ColourModel | None:
    """The colour of what the person wears, from the chest: tells prints from plain
    cloth for the shading."""
    return cues.sample_model(lab, chest_where)


def hair_in_front(
    lab: np.ndarray,
    person: np.ndarray | None,
    head: Head,
    xy: np.ndarray,
    width: float,
    origin: np.ndarray,
    chest_where: np.ndarray,
    cheek_where: np.ndarray | None,
) -> np.ndarray | None:
    """Hair over the shoulders and chest (`garment_hair`): sampled on the head round the
    face, told from the clothes (chest and lower torso), the skin (cheeks and throat)
    and the background, hanging from the head down the body no wider than the
    shoulders. Here only where each is sampled; garment_hair decides."""
    shape = (lab.shape[0], lab.shape[1])
    (cx, cy), (rx, ry) = head
    axes = (max(1, round(rx)), max(1, round(ry)))
    # The crown and the hair framing the face, down to the chin.
    wide = (max(2, round(rx * 1.7)), max(2, round(ry * 1.3)))
    ring = np.zeros(shape, np.uint8)
    cv2.ellipse(ring, (cx, cy), wide, 0, 0, 360, 255, -1)
    cv2.ellipse(ring, (cx, cy), axes, 0, 0, 360, 0, -1)
    oy = origin[1]
    ears_y = round((xy[LEFT_EAR][1] + xy[RIGHT_EAR][1]) / 2 - oy)
    ring[max(0, cy + axes[1]) :] = 0
    hips_y = (xy[LEFT_HIP][1] + xy[RIGHT_HIP][1]) / 2 - oy
    shoulders_y = (xy[LEFT_SHOULDER][1] + xy[RIGHT_SHOULDER][1]) / 2 - oy
    low = round(shoulders_y + hair.REACH_DOWN * (hips_y - shoulders_y))
    # Across: the shoulders' outer line, and for a body turned side on (its joints
    # close together) at least its chest's depth either side of the shoulders' middle.
    xs = xy[[LEFT_SHOULDER, RIGHT_SHOULDER], 0] - origin[0]
    torso = float(
        np.linalg.norm((xy[LEFT_HIP] + xy[RIGHT_HIP] - xy[LEFT_SHOULDER] - xy[RIGHT_SHOULDER]) / 2)
    )
    half = max(float(xs.max() - xs.min()) / 2, hair.REACH_DEPTH * torso)
    mid = float(xs.mean())
    left = round(mid - half - hair.REACH_OUT * width)
    right = round(mid + half + hair.REACH_OUT * width)
    region = np.zeros(shape, np.uint8)
    region[max(0, ears_y) : max(0, low), max(0, left) : max(0, right)] = 255
    cv2.ellipse(region, (cx, cy), axes, 0, 0, 360, 0, -1)
    # The clothes: the chest, and across the lower torso (below where most hair ends).
    worn = chest_where.copy()
    for k in (0.25, 0.5, 0.75):
        side = xy[LEFT_SHOULDER] * k + xy[RIGHT_SHOULDER] * (1 - k)
        hip = xy[LEFT_HIP] * k + xy[RIGHT_HIP] * (1 - k)
        worn |= cues.disc(shape, side * 0.3 + hip * 0.7 - origin, 0.12 * width)
    # ... and down each side below the shoulder joint: an open jacket or cardigan over
    # a shirt is sampled too (hair hanging there is left out by its strands).
    for sh, hp in ((LEFT_SHOULDER, LEFT_HIP), (RIGHT_SHOULDER, RIGHT_HIP)):
        worn |= cues.disc(shape, xy[sh] * 0.6 + xy[hp] * 0.4 - origin, 0.1 * width)
    ring_b, region_b = ring > 0, region > 0
    backdrop = None
    if person is not None:
        ring_b &= person > 0.7  # well inside: the head's edge mixes in the background
        region_b &= person > 0.3
        worn[person < 0.5] = 0
        # The background round the head and shoulders: the mask's soft edge lets a
        # little of it into the ring and the region; here it competes as what it is.
        backdrop = (person < 0.1) & ((ring > 0) | (region > 0))
    # The skin: the cheeks, and the throat (midway from the mouth to the shoulders),
    # which is skin in its own shade, or a collar or scarf: either way not hair.
    skin = None
    if cheek_where is not None:
        mouth = (xy[MOUTH_LEFT] + xy[MOUTH_RIGHT]) / 2
        throat = (mouth + (xy[LEFT_SHOULDER] + xy[RIGHT_SHOULDER]) / 2) / 2
        ears = float(np.linalg.norm(xy[LEFT_EAR] - xy[RIGHT_EAR]))
        skin = (cheek_where > 0) | (cues.disc(shape, throat - origin, 0.15 * ears) > 0)
        skin &= ~ring_b
    # Beside the neck: from the ears down past the jaw, outside the neck's columns,
    # one band either side. Hair in front hangs from the head through one of them.
    chin_y = cy + axes[1]
    below = round(chin_y + hair.HANG_PAST * (shoulders_y - chin_y))
    neck = hair.NECK * axes[0]
    outer = hair.HANG_OUT * axes[0]
    sides = []
    for sign in (-1, 1):
        band = np.zeros(shape, bool)
        a, b = sorted((round(cx + sign * neck), round(cx + sign * outer)))
        band[max(0, ears_y) : max(0, below), max(0, a) : max(0, b)] = True
        band &= ring_b | region_b
        if person is not None:
            band &= person > 0.7  # well inside: not the background the mask takes in
        sides.append(band)
    samples = hair.Samples(ring_b, (worn > 0) & ~ring_b, skin, backdrop, tuple(sides))
    return hair.hair_mask(lab, samples, region_b, width)
