"""Garment rigs: anchor points that tie a product photo to a tracked body.

A rig is a JSON file stored next to its image as ``<image>.rig.json`` (for
``tee-white.png`` the rig is ``tee-white.png.rig.json``)::

    {
      "version": 1,
      "image": "tee-white.png",          # file name, relative to the rig file
      "image_size": [600, 800],          # width, height in pixels
      "category": "top",                 # one of CATEGORIES
      "sleeves": "short",                # "none", "short" or "long"
      "anchors": {                       # [x, y] in image pixels, origin top-left
        "neck": [300.0, 92.0],
        "left_shoulder": [402.0, 118.0], "right_shoulder": [198.0, 118.0],
        "left_hip": [390.0, 700.0],      "right_hip": [210.0, 700.0],
        "left_hem": [390.0, 700.0],      "right_hem": [210.0, 700.0],
        "left_elbow": [470.0, 200.0],    "right_elbow": [130.0, 200.0],
        "left_sleeve_end": [500.0, 240.0], "right_sleeve_end": [100.0, 240.0]
      },
      "source": "auto"                   # "auto" (kiosk garments rig) or "manual"
    }

**Left and right are the wearer's**, as MediaPipe Pose names its landmarks: the
garment is photographed from the front, so the wearer's *left* shoulder is on the
*image's right* (larger x). ``Rig.load`` rejects a rig whose left shoulder is not
to the right of its right shoulder.

Anchors (all required unless marked):

- ``neck``: the centre of the neckline, where the top outline of the silhouette
  crosses the garment's centre line: the front neckline when the neck opening is
  cut away (the demo garments, `kiosk garments add`), the back neckline when the
  photo still shows it. A camisole's or a deep V's lies well below the shoulders:
  the warp keeps a neckline's depth beyond a crew neck's drop.
- ``left_shoulder`` / ``right_shoulder``: the outer end of the shoulder line. With
  sleeves, the top outline straight above the armpit (where the sleeve is set
  in); without sleeves, the top outer corner of the shoulder or strap.
- ``left_hem`` / ``right_hem``: the bottom outer corners of the body (sleeves and
  thin ties excluded); on a curved hem, the point where it turns under at 45 deg.
- ``left_hip`` / ``right_hip``: the side edges of the body at the wearer's hip
  level. For tops, shirts and jackets (which end at the hips) they equal the hem
  corners; for long garments (``LONG_CATEGORIES``: dresses, coats) they lie on
  the side outline 1.4 shoulder widths below the shoulders, or at the hem if the
  garment is shorter than that (without sleeves, the shoulder width is at least 1.2 x
  the chest's at the armpits: straps narrower than the body do not shrink the garment).
- ``left_elbow`` / ``right_elbow``, ``left_sleeve_end`` / ``right_sleeve_end``:
  only when ``sleeves`` is not "none" (both sides then have them). The sleeve end
  is the centre of the cuff; the elbow is the point on the sleeve's centre line
  half-way between shoulder and cuff (for a short sleeve that is still on the
  upper arm: the warper maps a short sleeve onto the upper arm only).

Sizes and the size chart (shoulder width in cm per size) are commerce data and
live in the garment catalog (assets/garments/garments.json, see
kiosk.catalog.garments), not in the rig: a rig is pure geometry, produced
automatically from a photo that cannot know the sizes it is sold in.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.errors import KioskError
from kiosk.garments.segment import garment_mask

RIG_VERSION = 1
CATEGORIES = (
    "top", "tee", "shirt", "blouse", "polo", "sweater", "hoodie", "jacket", "coat", "dress",
    "camisole", "bodysuit",
)  # fmt: skip
LONG_CATEGORIES = frozenset({"dress", "coat"})
SLEEVES = ("none", "short", "long")
NOTCH_CLIMB = 0.04  # of garment height: the rise into the notch beside a hanging sleeve
STEP_DROP = 0.08  # of garment height: the body's side running on below a hanging sleeve
BODY_ANCHORS = (
    "neck", "left_shoulder", "right_shoulder", "left_hip", "right_hip", "left_hem", "right_hem",
)  # fmt: skip
SLEEVE_ANCHORS = ("left_elbow", "right_elbow", "left_sleeve_end", "right_sleeve_end")
DRESS_RATIO = 2.4  # garment length / shoulder width above which it is guessed a dress
HIP_DROP = 1.4  # hip level below the shoulders, in shoulder widths (adult average)
STRAP_SHOULDER = 1.2  # shoulder tips' width over the chest's at the armpits (a body)

Point = tuple[float, float]


def rig_path_for(image_path: Path) -> Path:
    """Where the rig of an image lives: ``<image>.rig.json`` beside it."""
    return image_path.with_name(image_path.name + ".rig.json")


@dataclass(frozen=True)
class Rig:
    image: str
    image_size: tuple[int, int]
    category: str
    sleeves: str
    anchors: dict[str, Point]
    source: str = "auto"
    silhouette: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def shoulder_width_px(self) -> float:
        (lx, ly), (rx, ry) = self.anchors["left_shoulder"], self.anchors["right_shoulder"]
        return math.hypot(lx - rx, ly - ry)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": RIG_VERSION,
            "image": self.image,
            "image_size": list(self.image_size),
            "category": self.category,
            "sleeves": self.sleeves,
            "anchors": {k: [round(v[0], 1), round(v[1], 1)] for k, v in self.anchors.items()},
            "source": self.source,
        }

    def save(self, path: Path) -> Path:
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> Rig:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KioskError(
                f"rig file {path} does not exist", "run `kiosk garments rig IMAGE` to make it"
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise KioskError(f"rig file {path} cannot be read: {exc}", "fix the JSON") from None
        return cls.from_dict(data, where=f"rig {path}")

    @classmethod
    def from_dict(cls, data: Any, where: str = "rig") -> Rig:
        fix = "see the rig format in kiosk/garments/rig.py, or re-run `kiosk garments rig`"

        def bad(name: str, problem: str) -> KioskError:
            return KioskError(f"{where}: field '{name}' {problem}", fix)

        if not isinstance(data, dict):
            raise KioskError(f"{where} is not a JSON object", fix)
        if data.get("version", RIG_VERSION) != RIG_VERSION:
            raise bad("version", f"is {data.get('version')!r}; this kiosk reads {RIG_VERSION}")
        image = data.get("image")
        if not isinstance(image, str) or not image:
            raise bad("image", "is missing or not a file name")
        size = data.get("image_size")
        if (
            not isinstance(size, list)
            or len(size) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in size)
        ):
            raise bad("image_size", f"must be [width, height] in whole pixels, got {size!r}")
        width, height = size
        category = data.get("category")
        if category not in CATEGORIES:
            raise bad("category", f"is {category!r}; use one of {', '.join(CATEGORIES)}")
        sleeves = data.get("sleeves")
        if sleeves not in SLEEVES:
            raise bad("sleeves", f"is {sleeves!r}; use one of {', '.join(SLEEVES)}")
        raw = data.get("anchors")
        if not isinstance(raw, dict):
            raise bad("anchors", "is missing or not an object of name: [x, y]")
        needed = BODY_ANCHORS + (SLEEVE_ANCHORS if sleeves != "none" else ())
        for name in needed:
            if name not in raw:
                raise bad(f"anchors.{name}", f"is missing (sleeves is {sleeves!r})")
        unknown = sorted(set(raw) - set(needed))
        if unknown:
            what = "sleeveless rig" if sleeves == "none" else "rig"
            raise bad(f"anchors.{unknown[0]}", f"is not an anchor of a {what}")
        anchors: dict[str, Point] = {}
        for name in needed:
            value = raw[name]
            if (
                not isinstance(value, list)
                or len(value) != 2
                or not all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                    for v in value
                )
            ):
                raise bad(f"anchors.{name}", f"must be [x, y] numbers, got {value!r}")
            x, y = float(value[0]), float(value[1])
            if not (0 <= x <= width and 0 <= y <= height):
                raise bad(
                    f"anchors.{name}", f"({x:g}, {y:g}) is outside the {width}x{height} image"
                )
            anchors[name] = (x, y)
        if anchors["left_shoulder"][0] <= anchors["right_shoulder"][0]:
            raise bad(
                "anchors.left_shoulder",
                "is not right of anchors.right_shoulder in the image: left/right are the "
                "wearer's, so the wearer's left shoulder is on the image's right",
            )
        source = data.get("source", "manual")
        if source not in ("auto", "manual"):
            raise bad("source", f"is {source!r}; use 'auto' or 'manual'")
        return cls(image, (width, height), category, sleeves, anchors, source)


def auto_rig(image: np.ndarray, category: str | None = None, name: str = "garment.png") -> Rig:
    """Rig a product photo (BGR or BGRA, uint8) on a transparent or plain light background.

    `category` overrides the guess ("dress" for long garments, else "top").
    Raises KioskError with the reason when the photo cannot be rigged.
    """
    if category is not None and category not in CATEGORIES:
        raise KioskError(f"unknown garment category {category!r}", f"use one of {CATEGORIES}")
    mask = garment_mask(image)
    h, w = mask.shape
    anchors, sleeves, guess = _anchors(mask > 0)
    return Rig(name, (w, h), category or guess, sleeves, anchors, "auto", mask)


def top_profile(m: np.ndarray, empty: float = np.inf) -> np.ndarray:
    """Per column, the row of the silhouette's top outline (`empty` where it has none)."""
    has = m.any(axis=0)
    first = np.argmax(m, axis=0).astype(np.float64)
    first[~has] = empty
    return first


def _anchors(m: np.ndarray, look: str = "first") -> tuple[dict[str, Point], str, str]:
    """Anchors, the sleeves and the category guess. `look` is how sleeves are sought:
    "first" (a fold or a notch under the cuff, then a step if none), "steps" (straight
    to the looser second look), "none" (rig it sleeveless)."""
    ys, xs = np.nonzero(m)
    y0, y1 = int(ys.min()), int(ys.max())
    x0, x1 = int(xs.min()), int(xs.max())
    gh, gw = y1 - y0 + 1, x1 - x0 + 1
    if gh < 40 or gw < 30:
        raise KioskError("the garment silhouette is too small to rig", "use a larger photo")

    # Centre line: middle of the row extents in the upper band (sleeves symmetric there).
    band = range(y0 + int(0.05 * gh), y0 + int(0.3 * gh) + 1)
    mids = []
    for y in band:
        row = np.flatnonzero(m[y])
        if row.size:
            mids.append(0.5 * (row[0] + row[-1]))
    cx = float(np.median(mids))

    # Neck: midway between the highest points either side of the centre, on the top outline.
    top = top_profile(m)
    reach = int(0.3 * gw)
    lo, hi = max(0, int(cx) - reach), min(m.shape[1], int(cx) + reach + 1)
    left_half = top[lo : int(cx) + 1]
    right_half = top[int(cx) : hi]
    peak_l = lo + int(np.argmin(left_half))
    peak_r = int(cx) + int(np.argmin(right_half))
    nx = 0.5 * (peak_l + peak_r)
    col = round(nx)
    if not np.isfinite(top[col]):
        raise KioskError(
            "no garment silhouette found at the neckline", "use a photo of a single garment"
        )
    neck = (nx, float(top[col]))

    contour = _largest_contour(m)
    bottom = _bottom_point(contour, nx)
    first = look == "first"
    sides = {
        side: _trace_side(m, contour, side, neck, bottom, y0, gh, gw, sleeveless=not first)
        for side in (-1, 1)
    }
    # A garment has sleeves when both sides fold back (one arm may be hidden by a tie).
    has_sleeves = first and sides[-1].sleeve is not None and sides[1].sleeve is not None
    if look in ("first", "steps") and not has_sleeves:
        # Sleeves hanging against the body with no notch under the cuff: the cuff's
        # underside steps in and the body's side runs on down (a second, looser look).
        stepped = {
            side: _trace_side(m, contour, side, neck, bottom, y0, gh, gw, steps=True)
            for side in (-1, 1)
        }
        if stepped[-1].sleeve is not None and stepped[1].sleeve is not None:
            sides, has_sleeves = stepped, True
    if not has_sleeves:
        sides = {
            side: _trace_side(m, contour, side, neck, bottom, y0, gh, gw, sleeveless=True)
            for side in (-1, 1)
        }
    shoulders = {side: sides[side].shoulder for side in (-1, 1)}
    torso = m.copy()
    for side in (-1, 1):
        sleeve_mask = sides[side].sleeve
        if sleeve_mask is not None:
            torso &= ~sleeve_mask
    hems = {side: _hem_corner(torso, side, nx, sides[side].armpit[1], gw) for side in (-1, 1)}

    shoulder_w = abs(shoulders[1][0] - shoulders[-1][0])
    shoulder_y = 0.5 * (shoulders[1][1] + shoulders[-1][1])
    hem_y = 0.5 * (hems[1][1] + hems[-1][1])
    # The garment's size on a body: its shoulder width, or for straps narrower than the
    # chest, the shoulder width the chest implies (a body's shoulder tips are about
    # STRAP_SHOULDER x its chest at the armpits), so a camisole or sleeveless dress is
    # not taken for a much smaller garment (its hips too high, its length a dress's).
    scale_w = shoulder_w
    if not has_sleeves:
        chest = abs(sides[1].armpit[0] - sides[-1].armpit[0])
        scale_w = max(shoulder_w, STRAP_SHOULDER * chest)
    guess = "dress" if hem_y - shoulder_y > DRESS_RATIO * scale_w else "top"
    hips = dict(hems)
    if guess in LONG_CATEGORIES:
        hip_y = shoulder_y + HIP_DROP * scale_w
        if hip_y < hem_y:
            row = np.flatnonzero(torso[int(hip_y)])
            if row.size:
                hips = {-1: (float(row[0]), hip_y), 1: (float(row[-1]), hip_y)}

    anchors: dict[str, Point] = {"neck": neck}
    for side, name in ((1, "left"), (-1, "right")):
        anchors[f"{name}_shoulder"] = shoulders[side]
        anchors[f"{name}_hip"] = hips[side]
        anchors[f"{name}_hem"] = hems[side]
    sleeves = "none"
    if has_sleeves:
        lengths, found = [], {}
        for side, name in ((1, "left"), (-1, "right")):
            sleeve_mask = sides[side].sleeve
            assert sleeve_mask is not None
            end, elbow, length = _sleeve_points(sleeve_mask, shoulders[side], sides[side].armpit)
            found[f"{name}_sleeve_end"], found[f"{name}_elbow"] = end, elbow
            lengths.append(length)
            # A product photo shows sleeves falling from the shoulder, never rising:
            # a cuff above its shoulder means the trace went wrong.
            if end[1] < shoulders[side][1]:
                has_sleeves = False
        if has_sleeves:
            anchors.update(found)
            torso_len = max(hem_y - shoulder_y, 1.0)
            sleeves = "long" if min(lengths) > 0.45 * torso_len else "short"
        else:  # rig it as sleeveless rather than with sleeves that point nowhere
            # (a ruffled cuff can fake a notch: take the second look, then none)
            return _anchors(m, "steps" if look == "first" else "none")
    return {k: (float(v[0]), float(v[1])) for k, v in anchors.items()}, sleeves, guess


def _largest_contour(m: np.ndarray) -> np.ndarray:
    contours, _ = cv2.findContours(
        m.astype(np.uint8) * 255, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE
    )
    return max(contours, key=cv2.contourArea).reshape(-1, 2)


def _bottom_point(contour: np.ndarray, nx: float) -> int:
    """Index of the lowest contour point near the centre line (the middle of the hem)."""
    near = np.abs(contour[:, 0] - nx) <= 2
    idx = np.flatnonzero(near) if near.any() else np.arange(len(contour))
    return int(idx[np.argmax(contour[idx, 1])])


@dataclass
class _Side:
    shoulder: Point
    armpit: Point
    sleeve: np.ndarray | None


def _trace_side(
    m: np.ndarray,
    contour: np.ndarray,
    side: int,
    neck: Point,
    bottom: int,
    y0: int,
    gh: int,
    gw: int,
    sleeveless: bool = False,
    steps: bool = False,
) -> _Side:
    """Walk one side of the outline from its top outer corner down to the hem centre.

    A sleeve shows as a fold: the outline goes out to the cuff and then comes back
    inward *and upward* to the armpit, which an armhole, a waist or a flared hem
    never does (they only go down). The walk from the corner to the armpit,
    closed by a straight line, is the sleeve.
    """
    n = len(contour)
    corner = _corner_index(contour, side, neck[0], neck[1] + 0.45 * gh)
    neck_i = int(np.argmin(np.hypot(contour[:, 0] - neck[0], contour[:, 1] - neck[1])))
    forward = np.arange(corner, corner + n) % n
    stop = int(np.flatnonzero(forward == bottom)[0])
    path = forward[: stop + 1]
    if neck_i in set(path.tolist()):
        backward = (corner - np.arange(n)) % n
        stop = int(np.flatnonzero(backward == bottom)[0])
        path = backward[: stop + 1]
    pts = contour[path].astype(np.float64)
    corner_pt = (float(contour[corner][0]), float(contour[corner][1]))
    if not sleeveless:
        out = side * (pts[:, 0] - neck[0])
        step = max(1, len(pts) // 1500)
        sub = np.arange(0, len(pts), step)
        o, y = out[sub], pts[sub, 1]
        # For each later point j (above the hem region), the most outward earlier
        # point i such that the outline came back inward more than it went down:
        # a sleeve's underside returns to the armpit at a shallow angle, while an
        # armhole or a waist curves inward while falling steeply.
        earlier = np.tril(np.ones((len(sub), len(sub)), bool), -1)
        inward = o[None, :] - o[:, None]  # [j, i]
        down = y[:, None] - y[None, :]
        shallow = inward > 1.5 * np.maximum(down, 0.0) + 0.01 * gh
        # A fold above the lower part of the garment, or lower down (a sleeve hanging
        # beside the body ends near the hem) when the outline then climbs back up
        # into the notch between cuff and body: a hem only runs on to the centre.
        climb = y - np.minimum.accumulate(y[::-1])[::-1]
        high = (y <= y0 + 0.6 * gh) | (climb > (NOTCH_CLIMB / 2 if steps else NOTCH_CLIMB) * gh)
        if steps:  # the second look: a shallower notch, or a step
            high |= _steps_down(o, y, gh)
        high = high[:, None]
        cand = np.where(earlier & shallow & high, o[None, :], -np.inf)
        fold = cand.max(axis=1) - o
        hits = np.flatnonzero(fold > 0.05 * gw)
        if hits.size:
            # The first fold from the shoulder is the sleeve (a tie further down is not).
            j = int(hits[0])
            while j + 1 < len(fold) and fold[j + 1] >= fold[j]:
                j += 1
            i = int(np.argmax(cand[j]))
            cuff_at = sub[i]
            # The armpit: the deepest point of the outline between the cuff and the
            # hem corner (the corner is the outer-lowest point after the fold).
            low = cuff_at + int(np.argmax(pts[cuff_at : sub[j] + 1, 1]))  # cuff bottom
            top_at = low + int(np.argmin(pts[low:, 1]))  # up a hanging sleeve's inner edge
            after = pts[top_at:]
            hem = top_at + int(np.argmax(side * (after[:, 0] - neck[0]) + after[:, 1]))
            a, b = pts[cuff_at], pts[hem]
            seg = pts[cuff_at : hem + 1]
            chord = b - a

            def cross(p: np.ndarray) -> np.ndarray:
                return chord[0] * (p[..., 1] - a[1]) - chord[1] * (p[..., 0] - a[0])

            # Only points on the body's side of the chord count (not the cuff below it).
            inside = np.sign(cross(np.asarray(neck)))
            depth = cross(seg) * inside
            k = cuff_at + int(np.argmax(depth))
            hanging = bool(y[j] > y0 + 0.6 * gh)
            if hanging:
                # A sleeve hanging beside the body: the armpit is hidden, and the top
                # of the notch between cuff and body is where the sleeve leaves it.
                k = top_at
            ax, ay = float(pts[k][0]), float(pts[k][1])
            top = np.flatnonzero(m[:, round(ax)])
            shoulder = (ax, float(top[0]) if top.size else corner_pt[1])
            if hanging and shoulder[1] > corner_pt[1] + 0.1 * gh:
                # A sleeve flaring out as it hangs: straight above the notch is still
                # sleeve, and the sleeve starts at the top outer corner.
                shoulder = corner_pt
            poly = np.vstack([pts[: k + 1], [[shoulder[0], shoulder[1]]]]).astype(np.int32)
            sleeve = np.zeros(m.shape, np.uint8)
            cv2.fillPoly(sleeve, [poly], 1)
            sleeve_mask = (sleeve > 0) & m
            if sleeve_mask.sum() > 0.01 * m.sum():
                return _Side(shoulder, (ax, ay), sleeve_mask)
    # Sleeveless: the corner is the shoulder; the armpit is the armhole's innermost point.
    upper = pts[pts[:, 1] <= y0 + 0.6 * gh]
    if upper.size == 0:
        upper = pts
    k = int(np.argmin(side * (upper[:, 0] - neck[0])))
    return _Side(corner_pt, (float(upper[k][0]), float(upper[k][1])), None)


def _steps_down(out: np.ndarray, y: np.ndarray, gh: int) -> np.ndarray:
    """Per outline point: the outline goes on steeply down from here by STEP_DROP of the
    garment height, as the body's side does below the cuff of a sleeve that hangs against
    it (the cuff's underside steps in, then the side runs down to the hem). A hem that
    curves down to the centre falls gently instead, and ends the outline."""
    found = np.zeros(len(y), bool)
    drop = STEP_DROP * gh
    for j in range(len(y)):
        below = np.flatnonzero(y[j:] >= y[j] + drop)
        if below.size:
            k = j + int(below[0])
            found[j] = abs(out[k] - out[j]) <= y[k] - y[j]  # steeper than 45 degrees
    return found


def _corner_index(contour: np.ndarray, side: int, nx: float, y_max: float) -> int:
    """The top outer corner of one side: extreme towards (outward, up) at 45 deg."""
    ok = (contour[:, 1] <= y_max) & (side * (contour[:, 0] - nx) > 0)
    idx = np.flatnonzero(ok) if ok.any() else np.arange(len(contour))
    score = side * (contour[idx, 0] - nx) - contour[idx, 1]
    return int(idx[int(np.argmax(score))])


def _hem_corner(torso: np.ndarray, side: int, nx: float, ay: float, gw: int) -> Point:
    # Open away thin ties and strings hanging from the hem before taking the corner.
    k = max(3, int(0.08 * gw)) | 1
    body = cv2.morphologyEx(
        torso.astype(np.uint8), cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    ).astype(bool)
    if not body.any():
        body = torso
    ys, xs = np.nonzero(body)
    keep = (ys > ay) & (side * (xs - nx) > 0)
    if not keep.any():
        keep = side * (xs - nx) > 0
    ys, xs = ys[keep], xs[keep]
    score = side * (xs - nx) + (ys - ay)
    i = int(np.argmax(score))
    return float(xs[i]), float(ys[i])


def _sleeve_points(
    sleeve: np.ndarray, shoulder: Point, armpit: Point
) -> tuple[Point, Point, float]:
    """Cuff centre, mid-sleeve point and length, measured from the sleeve's root
    (the middle of the shoulder-armpit line) so a hanging sleeve ends at its cuff."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        sleeve.astype(np.uint8), connectivity=8
    )
    if count <= 1:
        raise KioskError("a sleeve could not be traced", "use a front-view photo, sleeves flat")
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    ys, xs = np.nonzero(labels == best)
    root = (0.5 * (shoulder[0] + armpit[0]), 0.5 * (shoulder[1] + armpit[1]))
    dist = np.hypot(xs - root[0], ys - root[1])
    length = float(dist.max())
    cuff = dist >= 0.92 * length
    end = (float(xs[cuff].mean()), float(ys[cuff].mean()))
    mid = np.abs(dist - 0.5 * length) <= 0.05 * length
    if not mid.any():
        mid = dist <= 0.5 * length
    elbow = (float(xs[mid].mean()), float(ys[mid].mean()))
    return end, elbow, length
