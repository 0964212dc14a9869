"""The occluder set: things in front of the lips, composited over annotated faces with
their masks known, and the measure of how much of them got painted.

Five kinds, each over every 1024-px and 256-px annotated face:

- finger: a capsule textured with the face's own cheek skin (its pores and tone),
  lit like a cylinder, with a nail at the tip;
- hand: real hands cut out of the person-parsing photos (CCP skin, CIHP arms at the
  hand end), their masks from the human labels;
- arm: real bare forearms from the same labels;
- object: product cut-outs with their masks (garments: objects of any colour, one of
  them lip-red);
- hair: a lock of thin dark strands falling across the mouth.

Each occluder slides in from outside the lips (at a corner, up the middle, or from
below) until it covers a set share of the annotated lips (20-50 %; a hair lock as much
as its strands cover), found by bisection on the distance, so the face stays findable
and there are lips left to paint. The composite keeps the exact mask: occluder =
its warped alpha > 0.5. Nothing here looks at the face mesh.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from tests.helpers import TESTDATA
from tests.lip_truth import LipPhoto, changed, lip_photos

KINDS = ("finger", "hand", "arm", "object", "hair")
PLACES = ("left", "right", "middle", "below")
COVER_RANGE = (0.20, 0.50)  # share of the annotated lips an occluder covers

# Real hands and arms: (photo stem, label class, normalised centroid of the component).
# CCP 41 is all skin (face, arms, legs), CIHP 14/15 are arms with their hands.
HANDS = (
    ("body_ccp_0228", 41, (0.259, 0.503)),
    ("body_ccp_0630", 41, (0.486, 0.516)),
    ("body_ccp_0825", 41, (0.248, 0.437)),
    ("body_ccp_0825", 41, (0.672, 0.490)),
    ("body_cihp_0005008", 15, (0.082, 0.739)),
    ("body_cihp_0012008", 15, (0.804, 0.400)),
    ("body_cihp_0026375", 15, (0.125, 0.372)),
    ("body_cihp_0026375", 15, (0.888, 0.510)),
    ("body_cihp_0026375", 14, (0.319, 0.353)),
)
ARMS = (
    ("body_ccp_0066", 41, (0.645, 0.445)),
    ("body_ccp_0531", 41, (0.391, 0.471)),
    ("body_ccp_0548", 41, (0.345, 0.374)),
    ("body_ccp_0565", 41, (0.609, 0.503)),
    ("body_ccp_0823", 41, (0.220, 0.456)),
    ("body_ccp_0514", 41, (0.403, 0.417)),
    ("body_cihp_0002190", 15, (0.051, 0.870)),
)


@dataclass(frozen=True)
class Occluded:
    name: str
    kind: str
    place: str
    image: np.ndarray
    occluder: np.ndarray  # bool, where the composited thing covers the photo
    lips: np.ndarray  # the annotated lips, all of them (under the occluder too)
    source: str  # which cut-out (or "cheek", "strands")

    @property
    def coverage(self) -> float:
        """The share of the annotated lips under the occluder."""
        return float((self.occluder & self.lips).sum()) / max(float(self.lips.sum()), 1.0)


@dataclass(frozen=True)
class Patch:
    """A cut-out in its own frame: long axis along x."""

    image: np.ndarray  # BGR float32
    alpha: np.ndarray  # 0..1 float32
    source: str


def _upright(image: np.ndarray, alpha: np.ndarray, source: str) -> Patch:
    """Turn a cut-out so its long axis (second moments) lies along x, cropped tight."""
    m = cv2.moments(alpha)
    angle = 0.5 * np.degrees(np.arctan2(2 * m["mu11"], m["mu20"] - m["mu02"]))
    h, w = alpha.shape
    side = int(np.ceil(np.hypot(h, w))) + 4
    rot = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    rot[:, 2] += (side - w) / 2.0, (side - h) / 2.0
    img = cv2.warpAffine(image.astype(np.float32), rot, (side, side), flags=cv2.INTER_LINEAR)
    a = cv2.warpAffine(alpha.astype(np.float32), rot, (side, side), flags=cv2.INTER_LINEAR)
    ys, xs = np.nonzero(a > 0.02)
    crop = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
    return Patch(img[crop], a[crop], source)


def _label_patches(
    testdata: Path, table: tuple[tuple[str, int, tuple[float, float]], ...]
) -> list[Patch]:
    out = []
    for stem, cls, centre in table:
        label = cv2.imread(
            str(testdata / "bodies_dev/labels" / f"{stem}.png"), cv2.IMREAD_GRAYSCALE
        )
        image = cv2.imread(str(testdata / "bodies_dev/img" / f"{stem}.jpg"))
        _, comp, stats, cents = cv2.connectedComponentsWithStats((label == cls).astype(np.uint8))
        want = np.array(centre) * label.shape[::-1]
        best = 1 + int(np.argmin(np.linalg.norm(cents[1:] - want, axis=1)))
        x, y, w, h = stats[best, :4]
        pad = 2
        y0, x0 = max(0, y - pad), max(0, x - pad)
        alpha = (comp[y0 : y + h + pad, x0 : x + w + pad] == best).astype(np.float32)
        alpha = cv2.GaussianBlur(alpha, (3, 3), 0)  # the label's staircase, softened
        out.append(_upright(image[y0 : y + h + pad, x0 : x + w + pad], alpha, f"{stem}/{cls}"))
    return out


def _object_patches(testdata: Path) -> list[Patch]:
    """Product-photo cut-outs (garments with their masks): objects of any colour."""
    out = []
    for mask_path in sorted((testdata / "garments").glob("*_mask.png")):
        image = cv2.imread(str(mask_path).replace("_mask.png", ".jpg"))
        m = cv2.imread(str(mask_path), cv2.IMREAD_GRAYSCALE) > 127
        ys, xs = np.nonzero(m)
        crop = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
        out.append(
            Patch(image[crop].astype(np.float32), m[crop].astype(np.float32), mask_path.stem)
        )
    return out


@dataclass(frozen=True)
class _Mouth:
    """Where the annotated lips are."""

    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def centre(self) -> np.ndarray:
        return np.array([(self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0])


def _mouth(lips: np.ndarray) -> _Mouth:
    ys, xs = np.nonzero(lips)
    return _Mouth(float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max()))


def _finger(photo: LipPhoto, mouth: _Mouth, rng: np.random.Generator) -> Patch:
    """A finger made of this face's own cheek skin: its texture stretched along the finger,
    shaded as a lit cylinder (darker at the sides), with a paler nail at the tip."""
    w = mouth.width
    length, radius = 2.0 * w, 0.16 * w
    h_px, l_px = int(np.ceil(2 * radius)) + 4, int(np.ceil(length)) + 4
    img_w = photo.image.shape[1]
    cheeks = []
    for cx in (mouth.x0 - 0.1 * w, mouth.x1 + 0.1 * w):
        ya, yb = int(max(0, mouth.y0 - 0.8 * w)), int(max(1, mouth.y0 - 0.35 * w))
        xa, xb = int(np.clip(cx - 0.2 * w, 0, img_w - 2)), int(np.clip(cx + 0.2 * w, 2, img_w))
        cheeks.append(photo.image[ya:yb, xa:xb].astype(np.float32))
    cheek = min(cheeks, key=lambda c: float(c.mean(axis=2).std()))  # the evener (less hair)
    skin = cv2.resize(cheek, (l_px, h_px), interpolation=cv2.INTER_LINEAR)
    yy, xx = np.mgrid[0:h_px, 0:l_px].astype(np.float32)
    cy = (h_px - 1) / 2.0
    a, b = radius + 2, l_px - 2 - radius  # the segment the capsule is round
    px = np.clip(xx, a, b)
    dist = np.hypot(xx - px, yy - cy)
    alpha = np.clip(radius - dist + 0.5, 0.0, 1.0)
    u = np.clip((yy - cy) / radius, -1.0, 1.0)
    light = 0.70 + 0.34 * np.sqrt(1.0 - u * u) + 0.08 * (-u)  # lit from above
    tip = np.clip((xx - (b - 0.2 * radius)) / radius, 0.0, 1.0)
    light = light * (1.0 - 0.15 * tip)  # the rounded tip turns from the light
    finger = skin * light[..., None] * rng.uniform(0.95, 1.05)
    nail = ((xx - (b - 0.35 * radius)) / (0.9 * radius)) ** 2 + ((yy - cy) / (0.6 * radius)) ** 2
    nail_w = np.clip((1.0 - nail) * 4.0, 0.0, 1.0)[..., None] * 0.45
    pale = np.array([205.0, 205.0, 235.0], np.float32)
    finger = finger * (1 - nail_w) + pale * nail_w
    return Patch(np.clip(finger, 0, 255), alpha, "cheek")


def _hair(mouth: _Mouth, rng: np.random.Generator) -> Patch:
    """A lock of thin dark strands: curves along x, spread over a band, each its own
    shade of dark brown/black, anti-aliased, about 1 % of the mouth width thick."""
    w = mouth.width
    length, band = 2.4 * w, 0.5 * w
    h_px, l_px = int(np.ceil(band)) + 8, int(np.ceil(length))
    img = np.zeros((h_px, l_px, 3), np.float32)
    alpha = np.zeros((h_px, l_px), np.float32)
    base = rng.uniform([15, 18, 22], [45, 55, 75])
    thick = max(1, round(0.012 * w))
    for _ in range(int(rng.integers(18, 28))):
        y_start = rng.uniform(4, h_px - 4)
        bend = rng.uniform(-0.25, 0.25) * band
        xs = np.linspace(0, l_px - 1, 40)
        t = xs / (l_px - 1)
        ys = y_start + bend * np.sin(np.pi * t) + rng.uniform(-0.1, 0.1) * band * t
        pts = np.round(np.stack([xs, np.clip(ys, 1, h_px - 2)], axis=1) * 16).astype(np.int32)
        layer = np.zeros((h_px, l_px), np.uint8)
        cv2.polylines(layer, [pts], False, 255, thick, lineType=cv2.LINE_AA, shift=4)
        a = layer.astype(np.float32) / 255.0
        colour = base * rng.uniform(0.7, 1.4)
        img = img * (1 - a[..., None]) + colour * a[..., None]
        alpha = np.maximum(alpha, a)
    return Patch(img, alpha, "strands")


def _warp(patch: Patch, scale: float, angle: float, centre: np.ndarray,
          shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """The patch scaled, turned by `angle` degrees (its x axis to that direction, image
    y down), centred at `centre`, over an image of `shape`: (BGR, alpha)."""
    h, w = patch.alpha.shape
    c, s = np.cos(np.radians(angle)) * scale, np.sin(np.radians(angle)) * scale
    m = np.array([[c, -s, 0.0], [s, c, 0.0]])
    m[:, 2] = centre - m[:, :2] @ np.array([w / 2.0, h / 2.0])
    size = (shape[1], shape[0])
    a = cv2.warpAffine(patch.alpha, m, size, flags=cv2.INTER_LINEAR)
    img = cv2.warpAffine(patch.image, m, size, flags=cv2.INTER_LINEAR)
    return img, a


def _slide(photo: LipPhoto, patch: Patch, scale: float, angle: float, anchor: np.ndarray,
           direction: np.ndarray, target: float) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Slide the patch along `direction` towards `anchor` until it covers `target` of the
    lips (bisection on the distance; coverage grows as it comes in)."""
    lips = photo.lips
    total = float(lips.sum())
    reach = scale * float(np.hypot(*patch.alpha.shape)) / 2.0 + _mouth(lips).width

    def placed(t: float) -> tuple[np.ndarray, np.ndarray, float]:
        img, a = _warp(patch, scale, angle, anchor - direction * t, lips.shape)
        return img, a, float(((a > 0.5) & lips).sum()) / total

    # Step in from far out to the first placement past the target, then bisect that step.
    steps = np.linspace(reach, -reach, 41)
    prev, best = steps[0], placed(steps[0])
    for t in steps[1:]:
        cur = placed(float(t))
        if cur[2] > target:
            lo, hi = float(t), float(prev)
            best = cur
            for _ in range(10):
                mid = (lo + hi) / 2.0
                cur = placed(mid)
                if cur[2] > target:
                    lo, best = mid, cur
                else:
                    hi = mid
            break
        if cur[2] > best[2]:
            best = cur
        prev = t
    return best[0], best[1]


def _compose(
    image: np.ndarray, img: np.ndarray, alpha: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    a = alpha[..., None]
    out = (image * (1.0 - a) + img * a + 0.5).clip(0, 255).astype(np.uint8)
    return out, alpha > 0.5


def occlusion_faces(testdata: Path = TESTDATA) -> list[LipPhoto]:
    """The faces the set is built on: the 1024-px and 256-px annotated CelebA faces."""
    return [p for p in lip_photos(testdata) if p.image.shape[0] in (256, 1024)]


def occluded_photos(testdata: Path = TESTDATA, per_kind: int | None = None,
                    kinds: tuple[str, ...] = KINDS) -> list[Occluded]:  # fmt: skip
    """Every kind over every face (or the first `per_kind` faces), placed in turn at the
    left or right corner, up the middle or from below; seeded by the photo's name."""
    faces = occlusion_faces(testdata)[:per_kind]
    hands, arms = _label_patches(testdata, HANDS), _label_patches(testdata, ARMS)
    objects = _object_patches(testdata)
    out: list[Occluded] = []
    for k, kind in enumerate(kinds):
        for j, photo in enumerate(faces):
            seed = zlib.crc32(f"{photo.name}/{kind}".encode())
            rng = np.random.default_rng(seed)
            place = PLACES[(photo.key + j + k) % len(PLACES)]
            mouth = _mouth(photo.lips)
            w = mouth.width
            target = float(rng.uniform(0.25, 0.45))
            lower = np.array([mouth.centre[0], mouth.y1])
            tilt = float(rng.uniform(-15, 15))
            # Where it comes from: the direction it moves in (image y down) and the lip
            # point it heads for.
            if place == "left":
                direction = np.array(
                    [np.cos(np.radians(-30 + tilt)), np.sin(np.radians(-30 + tilt))]
                )
                anchor = np.array([mouth.x0, mouth.centre[1]])
            elif place == "right":
                direction = np.array(
                    [-np.cos(np.radians(-30 + tilt)), np.sin(np.radians(-30 + tilt))]
                )
                anchor = np.array([mouth.x1, mouth.centre[1]])
            else:
                direction = np.array([np.sin(np.radians(tilt)), -np.cos(np.radians(tilt))])
                anchor = lower if place == "below" else mouth.centre
            heading = float(np.degrees(np.arctan2(direction[1], direction[0])))
            if kind == "finger":
                patch, scale, angle = _finger(photo, mouth, rng), 1.0, heading
            elif kind == "hair":
                # A lock hangs from above: strands run top to bottom, slid in sideways.
                patch, scale = _hair(mouth, rng), 1.0
                angle = 90.0 + tilt * 2
                side = -1.0 if place in ("left", "middle") else 1.0
                direction = np.array([-side, 0.0])
                anchor = mouth.centre + np.array([side * 0.5 * w, 0.0])
            else:
                pool = {"hand": hands, "arm": arms, "object": objects}[kind]
                patch = pool[(photo.key + j) % len(pool)]
                ph, pw = patch.alpha.shape
                if kind == "hand":
                    scale, angle = 1.7 * w / max(ph, pw), heading
                elif kind == "arm":
                    # A forearm about as wide as the mouth, lying across the way it comes.
                    scale = 1.1 * w / min(ph, pw)
                    angle = heading + (90.0 if place == "below" else 0.0)
                else:
                    scale, angle = 1.4 * w / max(ph, pw), heading + 90.0
            img, alpha = _slide(photo, patch, scale, angle, anchor, direction, target)
            image, mask = _compose(photo.image, img, alpha)
            out.append(Occluded(photo.name, kind, place, image, mask, photo.lips, patch.source))
    return out


def occluder_painted(item: Occluded, after: np.ndarray) -> tuple[float, float]:
    """(share of the occluder over the annotated lips that was painted, share of the
    whole occluder painted). The first is the hard one: it is where the mesh says lips."""
    painted = changed(item.image, after)
    over_lips = item.occluder & item.lips
    near = float(over_lips.sum())
    return (
        float((painted & over_lips).sum()) / max(near, 1.0),
        float((painted & item.occluder).sum()) / max(float(item.occluder.sum()), 1.0),
    )


def contact_sheet(items: list[Occluded], path: Path, size: int = 200) -> None:
    """Mouth crops of the composites with the occluder's outline, for looking at."""
    tiles = []
    for it in items:
        m = _mouth(it.lips)
        pad = 0.45 * m.width
        y0, y1 = int(max(0, m.y0 - pad)), int(min(it.image.shape[0], m.y1 + pad))
        x0, x1 = int(max(0, m.x0 - pad)), int(min(it.image.shape[1], m.x1 + pad))
        crop = it.image[y0:y1, x0:x1].copy()
        edge = cv2.morphologyEx(it.occluder[y0:y1, x0:x1].astype(np.uint8), cv2.MORPH_GRADIENT,
                                np.ones((3, 3), np.uint8)) > 0  # fmt: skip
        crop[edge] = (0, 255, 0)
        crop = cv2.resize(crop, (size, size), interpolation=cv2.INTER_AREA)
        cv2.putText(
            crop, f"{it.kind} {it.place} {it.coverage:.2f}", (2, 12), 0, 0.4, (0, 255, 255), 1
        )
        tiles.append(crop)
    while len(tiles) % 8:
        tiles.append(np.zeros((size, size, 3), np.uint8))
    rows = [np.hstack(tiles[i : i + 8]) for i in range(0, len(tiles), 8)]
    cv2.imwrite(str(path), np.vstack(rows))
