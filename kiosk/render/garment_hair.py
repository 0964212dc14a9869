"""Hair in front of the garment, decided from the wearer's own pixels.

Long hair falls over the shoulders and chest, in front of where the garment goes.
Which pixels are hair is decided per person and per frame from samples of the same
image: the hair on the head (a ring round the top and sides of the face), the clothes
on the torso (the chest and across the lower torso), the skin (the cheeks and the
throat) and the background next to the person. No rule says hair is darker or
lighter than the clothes.

- Colour: each sample is a coarse, smoothed 3-D CIELAB histogram, and a pixel's
  hair share is the hair sample's density over the sum of all of them. A histogram,
  not one Gaussian: hair has highlights and a top has prints, and lightness counts
  as much as hue (black hair on a charcoal cardigan differ in L only, which a
  Gaussian with the loose L spread that skin in shadow needs cannot see). A colour
  both samples hold (a blonde on a pale sweatshirt, black hair on black) comes out
  near one half: left to the garment unless the texture tips it.
- Texture: hanging hair is strands, so the fine structure runs up and down; knit,
  fleece and prints do not, plain cloth is flat. Where the structure hangs, the
  odds of hair grow (`strands`), which decides the colours colour cannot, but only
  for a colour the hair sample holds at all (PLAUSIBLE): a lapel or a shirt's
  placket leans like strands too. The clothes are sampled where nothing hangs, so
  hair lying on the chest does not teach the clothes its colour.
- Geometry: hair hangs from the head. Only pixels connected to the hair sampled on
  the head, below the ears and inside the shoulders' outer line are kept in front;
  narrow gaps between strands are closed, so braids read as one lock.
- Length: only hair that hangs is kept in front. A lock must run from beside the
  face (ear level) down past the jaw beside the neck, outside the neck's columns
  (`_hanging`); short hair ends above the ears, so dark clothes below it (a black
  halter top, a suit's lapels) are never taken for hair. Only hair joined to the
  top of those bands is kept.
- Skin: the cheeks' and throat's sample, with darker versions of its colours (a
  neck or a hand in shadow), competes with the hair, so a bald or shaved head (the
  ring is skin) keeps nothing in front of the garment (`tests/render/
  test_garment_cues.py`); the background sample takes back the mask's soft edge.
- HAIR_SHARE and STRAND were chosen two-fold on bodies_dev
  (`benchmarks/garment_accuracy.py --fold 0|1`, bare band + hair changed, grid
  0.55-0.7 x 3-6): both halves pick (0.55, 6).

It runs on the rectangle round the search area of the garment's box (live at most
~90k pixels): one table lookup, two gradients and box filters, one connected-
components pass; about 2-3 ms of one core, like the Gaussian cue it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

# Histogram bins: L over 0..255, a and b over AB_RANGE (8-bit OpenCV Lab). L is split
# finer than the chroma: hair and clothes of one hue often differ in lightness only.
L_BINS, AB_BINS = 16, 12
AB_RANGE = (64.0, 192.0)
PRIOR = 0.05  # share of a histogram spread evenly: an unseen colour is not certain
OTHER = 1.0  # density (x an even spread) of "something else": a colour no sample holds
SHADE = (0.6, 0.4, 0.25)  # skin a 1, 2, 3 L bins darker counts this much as skin too
HAIR_SHARE = 0.55  # a pixel is hair when the hair sample explains this share of it
SOFT_SHARE = 0.4  # ... fading to nothing at this share (the soft edge)
MIN_SEED = 40  # fewest pixels a sample needs
STRAND = 6.0  # hair's odds grow by up to e**STRAND where the structure hangs down
STRAND_FROM = 0.3  # structure leaning less than this is not strands (0: none, 1: all)
STRAND_WINDOW = 0.08  # the window the strands are read over (x shoulder width)
FLAT = 400.0  # squared gradient (Sobel, 8-bit L) below which a patch counts as flat
PLAUSIBLE = (0.1, 0.3)  # colour shares over which strands go from no say to full say
PURE = 0.5  # the clothes are sampled where the strands lean less than this
CLOSE = 0.03  # gaps narrower than this (x shoulder width) inside the hair are hair
REACH_DOWN = 1.0  # hair is looked for down to shoulders + this x (hips - shoulders)
# ... and out to this past the outer shoulder line (x shoulder width): past where a
# sleeved garment's shoulder reaches (SLEEVED_SHOULDER_OUT: 0.125), or the hair it
# paints there goes unlooked for (0.12 with the seam at 1.2, 0.02 past it; at the seam's
# 1.35, 0.12 left fold 0's hair changed at 0.112-0.128 and 0.2 brought it to 0.104-0.115).
REACH_OUT = 0.15
REACH_DEPTH = 0.3  # ... at least this (x torso height) either side: a body turned side on
# Hanging hair (short hair keeps nothing in front): a lock at least HANG_WIDE wide
# (x shoulder width) runs from the ears down through HANG_ROWS of a band beside the
# neck that reaches HANG_PAST of the way from the chin to the shoulders, between NECK
# and HANG_OUT head half-widths from the head's middle; the hair kept in front is
# what joins the band's top HANG_TOP, beside the face. From proportions, not fitted.
HANG_PAST = 0.5
NECK = 0.6
HANG_OUT = 1.8
HANG_ROWS = 0.85
HANG_TOP = 0.3
HANG_WIDE = 0.015


@dataclass(frozen=True)
class Samples:
    """Where each colour is sampled, as boolean masks over the garment's box."""

    ring: np.ndarray = field(repr=False)  # round the face: the head's hair
    clothes: np.ndarray = field(repr=False)  # the torso
    cheeks: np.ndarray | None = field(default=None, repr=False)  # the skin
    backdrop: np.ndarray | None = field(default=None, repr=False)  # just outside the person
    # Beside the neck, from the ears down past the jaw, one band either side: hair in
    # front must hang through one of them (none given: no such gate).
    sides: tuple[np.ndarray, ...] = field(default=(), repr=False)


def _level_table() -> np.ndarray:
    """256 x 1 x 3 uint8: each channel's 8-bit value to its bin along that axis."""
    v = np.arange(256, dtype=np.float32)
    lo, hi = AB_RANGE
    ab = np.clip((v - lo) * (AB_BINS / (hi - lo)), 0, AB_BINS - 1)
    levels = [np.clip(v * (L_BINS / 256.0), 0, L_BINS - 1), ab, ab]
    return np.stack(levels, axis=-1).astype(np.uint8).reshape(256, 1, 3)


_LEVELS = _level_table()
_STRIDES = np.array([[AB_BINS * AB_BINS, AB_BINS, 1]], np.float32)


def quantise(lab: np.ndarray) -> np.ndarray:
    """Each pixel's histogram bin (int32), from an 8-bit-range float Lab image.

    Native table lookups, not NumPy arithmetic: a body-sized box in a tenth of a ms.
    """
    levels = cv2.LUT(np.ascontiguousarray(lab).astype(np.uint8), _LEVELS)
    return cv2.transform(levels.astype(np.float32), _STRIDES).astype(np.int32)


def _smooth(cube: np.ndarray) -> np.ndarray:
    """[1/4, 1/2, 1/4] along each axis of a 3-D histogram (edges repeated)."""
    for axis in range(3):
        c = np.moveaxis(cube, axis, 0)
        out = 0.5 * c
        out[1:] += 0.25 * c[:-1]
        out[:-1] += 0.25 * c[1:]
        out[0] += 0.25 * c[0]
        out[-1] += 0.25 * c[-1]
        cube = np.moveaxis(out, 0, axis)
    return cube


def histogram(bins: np.ndarray, where: np.ndarray, shade: bool = False) -> np.ndarray | None:
    """A smoothed, normalised colour histogram of the pixels in `where` (None: too few).

    Smoothed by one bin along each axis, so a colour one bin off a sampled one still
    counts: the sample is a few thousand pixels, the image's colours shift with light.
    With `shade`, darker versions of each colour count too (SHADE): the cheeks are
    lit, the neck, a hand at the face and the arms are often in shadow.
    """
    picked = bins[where]
    if len(picked) < MIN_SEED:
        return None
    counts = np.bincount(picked, minlength=L_BINS * AB_BINS * AB_BINS).astype(np.float32)
    cube = _smooth(counts.reshape(L_BINS, AB_BINS, AB_BINS))
    if shade:
        lit = cube.copy()
        for step, weight in enumerate(SHADE, start=1):
            cube[:-step] = np.maximum(cube[:-step], weight * lit[step:])
    flat = cube.ravel() + PRIOR * float(cube.sum()) / (1.0 - PRIOR) / cube.size
    return (flat / flat.sum()).astype(np.float32)


def strands(grey: np.ndarray, width: float) -> np.ndarray:
    """0..1 per pixel: how much the fine structure around it runs up and down.

    Hanging hair is strands: across them the lightness changes, along them it does
    not, so the gradient is horizontal. Fabric (knit, fleece, print) is not, or far
    less so; a plain top is flat (no gradient: 0). The structure tensor's horizontal
    excess, averaged over a window of a few strands.
    """
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
    k = max(3, round(STRAND_WINDOW * width))
    jxx = cv2.boxFilter(cv2.multiply(gx, gx), -1, (k, k))
    jyy = cv2.boxFilter(cv2.multiply(gy, gy), -1, (k, k))
    across = cv2.divide(cv2.subtract(jxx, jyy), cv2.add(cv2.add(jxx, jyy), FLAT))
    # Knit and fleece lean a little too; only a clear lean counts.
    return np.clip((across - STRAND_FROM) * (1.0 / (1.0 - STRAND_FROM)), 0.0, 1.0)


def hair_odds(hair: np.ndarray, rivals: list[np.ndarray]) -> np.ndarray:
    """Per colour bin, the odds that a pixel of that colour is hair: the hair sample's
    density against the rivals' (clothes, skin) and an even density (OTHER), so a
    colour no sample holds (a white top the chest sample missed) is not hair."""
    total = np.full_like(hair, OTHER / hair.size)
    for rival in rivals:
        total += rival
    return hair / total


def hair_share(bins: np.ndarray, hair: np.ndarray, rivals: list[np.ndarray]) -> np.ndarray:
    """Per pixel, the share of its colour's density that the hair sample holds."""
    odds = hair_odds(hair, rivals)[bins]
    return odds / (1.0 + odds)


def _hanging(
    sure: np.ndarray,
    sides: tuple[np.ndarray, ...],
    box: tuple[int, int, int, int],
    width: float,
) -> np.ndarray | None:
    """Where the hanging hair starts (a boolean mask over the box: the top of the
    bands beside the face), or None when no hair hangs from the head past the jaw.

    Short hair ends above the ears: beside the neck there is skin, the collar or the
    background, and whatever dark clothes lie below hang from nothing. Hair hangs
    when, on either side, one lock of it at least HANG_WIDE wide (thinner is the
    neck's or the face's shaded edge) runs down through HANG_ROWS of the band's
    height, from the ears past the chin. Then the hair beside the face on both sides
    (the top HANG_TOP of each band, where nothing but hair is) is where it hangs from:
    further down it touches the clothes at the shoulders.
    """
    y0, y1, x0, x1 = box
    wide = np.ones((1, max(2, round(HANG_WIDE * width))), np.uint8)
    long = False
    tops = np.zeros(sure.shape, bool)
    for side in sides:
        band = side[y0:y1, x0:x1]
        rows = np.nonzero(band.any(axis=1))[0]
        if len(rows) == 0:
            continue
        height = len(rows)
        top = band.copy()
        top[rows[0] + round(HANG_TOP * height) :] = False
        tops |= top
        # Opened and labelled over the band's own rows and columns (a kernel's width
        # to spare either side, so the opening's edges come out as over the whole
        # search area): a sliver of it, not the whole of it.
        cols = np.nonzero(band[rows[0] : rows[-1] + 1].any(axis=0))[0]
        c0, c1 = max(0, cols[0] - wide.shape[1]), cols[-1] + 1 + wide.shape[1]
        near = (slice(rows[0], rows[-1] + 1), slice(c0, c1))
        hang = cv2.morphologyEx((sure[near] & band[near]).astype(np.uint8), cv2.MORPH_OPEN, wide)
        _, _, stats, _ = cv2.connectedComponentsWithStats(hang, connectivity=8)
        long |= bool((stats[1:, cv2.CC_STAT_HEIGHT] >= HANG_ROWS * height).any())
    return tops if long else None


def hair_mask(
    lab: np.ndarray,
    samples: Samples,
    region: np.ndarray,
    width: float,
) -> np.ndarray | None:
    """0..1 hair in front over `region`, or None when there is no hair to keep.

    `samples`: where hair, clothes, skin and background are sampled; `region`: where
    hair may lie in front of the garment (boolean masks over the box). The decision is
    made only over the rectangle round the ring and the region.
    """
    ring, clothes, cheeks = samples.ring, samples.clothes, samples.cheeks
    search = ring | region
    rows = np.nonzero(search.any(axis=1))[0]
    cols = np.nonzero(search.any(axis=0))[0]
    if len(rows) == 0 or len(cols) == 0:
        return None
    y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    bins = quantise(lab)
    grey = np.ascontiguousarray(lab[y0:y1, x0:x1, 0])
    lean = strands(grey, width)
    # Hair lying over the torso must not teach the clothes' colours: the clothes are
    # sampled where nothing hangs (all of the sample if that leaves too little).
    plain = clothes.copy()
    plain[y0:y1, x0:x1] &= lean < PURE
    hair = histogram(bins, ring)
    worn = histogram(bins, plain)
    if worn is None:
        worn = histogram(bins, clothes)
    if hair is None or worn is None:
        return None
    skin = None if cheeks is None else histogram(bins, cheeks, shade=True)
    backdrop = None if samples.backdrop is None else histogram(bins, samples.backdrop)
    others = [r for r in (worn, backdrop) if r is not None]
    rivals = others + ([skin] if skin is not None else [])
    inside = bins[y0:y1, x0:x1]
    odds = hair_odds(hair, rivals)[inside]
    if STRAND > 0.0:
        # Colour decides; where it cannot (black hair on a black cardigan, brown hair
        # on brown skin) strands tip it: the odds of hair grow by up to e**STRAND.
        # Only for a colour the clothes and background do not explain away: a shirt's
        # placket or a lapel's edge leans like strands, but its colour is the clothes'.
        # (Skin is left out here: hair the colour of the skin is what strands decide.)
        against = hair_odds(hair, others)[inside]
        colour = cv2.divide(against, cv2.add(against, 1.0))
        plausible = np.clip((colour - PLAUSIBLE[0]) * (1.0 / (PLAUSIBLE[1] - PLAUSIBLE[0])), 0, 1)
        odds = cv2.multiply(odds, cv2.exp(cv2.multiply(lean, plausible) * STRAND))
    share = cv2.divide(odds, cv2.add(odds, 1.0))
    ring_in, region_in = ring[y0:y1, x0:x1], region[y0:y1, x0:x1]
    sure = share > HAIR_SHARE
    seeds = ring_in & sure
    if not seeds.any():
        return None
    candidates = (sure & (region_in | ring_in)).astype(np.uint8)
    count, labels = cv2.connectedComponents(candidates, connectivity=8)
    roots = np.unique(labels[seeds])
    roots = roots[roots > 0]
    if count <= 1 or len(roots) == 0:
        return None
    lookup = np.zeros(count, np.float32)
    lookup[roots] = 1.0
    inside = region_in.astype(np.float32)
    attached = lookup[labels] * inside
    if samples.sides:
        tops = _hanging(sure, samples.sides, (y0, y1, x0, x1), width)
        if tops is None:
            return None  # short hair: nothing hangs in front
        # Only the hair joined to what hangs beside the face is kept in front.
        count, parts = cv2.connectedComponents((attached > 0).astype(np.uint8), connectivity=8)
        hangs = np.zeros(count, bool)
        hangs[np.unique(parts[tops & (attached > 0)])] = True
        hangs[0] = False
        hanging = hangs[parts]
        attached = hanging.astype(np.float32)
    if not attached.any():
        return None
    # Hair is one lock, not strands and gaps: the gaps between strands and braids are
    # closed (the garment showing through them reads as holes in the hair).
    size = max(3, round(CLOSE * width) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    closed = cv2.morphologyEx(attached, cv2.MORPH_CLOSE, kernel) * inside
    weight = np.clip((share - SOFT_SHARE) * (1.0 / (HAIR_SHARE - SOFT_SHARE)), 0.0, 1.0)
    grown = cv2.dilate(closed, np.ones((3, 3), np.uint8))  # the soft rim round it
    out = np.zeros(region.shape, np.float32)
    out[y0:y1, x0:x1] = np.maximum(closed, grown * weight)
    return cv2.GaussianBlur(out, (0, 0), 1.0)
