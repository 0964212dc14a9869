"""Eye, cheek and brow products as data, like lip shades: colours, a finish, a few numbers.

A catalog entry names only what differs from the defaults. Every product is worn with an
intensity (0..1, the shopper's slider), and a face wears at most one product of each
kind at a time (`FaceMakeup`): a liner goes on over a shadow, a second shadow replaces
the first. The renderers (`kiosk.render.makeup`, shaders/makeup.frag) and the regions
(`kiosk.vision.face_regions`) read these; nothing here knows about pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

from kiosk.render.color import check_hex_field

EYE_FINISHES = ("matte", "shimmer", "metallic")
BLUSH_FINISHES = ("matte", "shimmer")
# finish -> (gloss, sparkle): the specular sheen and the glints, as the lip finishes use them.
FINISH_LIGHT: dict[str, tuple[float, float]] = {
    "matte": (0.0, 0.0),
    "shimmer": (0.15, 0.5),
    "metallic": (0.35, 0.35),
}
LASH_BLACK = "#141012"


def _check_unit(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{name} must be a number in 0..1, not {value!r}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} {value} is outside 0..1")
    return float(value)


def _check_finish(value: Any, known: tuple[str, ...]) -> None:
    if value not in known:
        raise ValueError(f"finish {value!r} is not one of {', '.join(known)}")


@dataclass(frozen=True)
class EyeShadow:
    """One to three colours: `colors[0]` on the lid, `[1]` in the crease, `[2]` on the
    outer corner. One colour covers the lid and, softer, the crease; two put the second in
    the crease and the outer corner."""

    colors: tuple[str, ...]
    finish: str = "matte"
    opacity: float = 0.8

    def __post_init__(self) -> None:
        if isinstance(self.colors, str) or not 1 <= len(self.colors) <= 3:
            raise ValueError(f"colors must list one to three colours, not {self.colors!r}")
        object.__setattr__(self, "colors", tuple(self.colors))
        for i, c in enumerate(self.colors):
            check_hex_field(f"colors[{i}]", c)
        _check_finish(self.finish, EYE_FINISHES)
        object.__setattr__(self, "opacity", _check_unit("opacity", self.opacity))

    @property
    def lid(self) -> str:
        return self.colors[0]

    @property
    def crease(self) -> str:
        return self.colors[1] if len(self.colors) > 1 else self.colors[0]

    @property
    def outer(self) -> str | None:
        """The outer corner's colour (None: one colour, no outer corner of its own)."""
        return self.colors[-1] if len(self.colors) > 1 else None

    @property
    def light(self) -> tuple[float, float]:
        return FINISH_LIGHT[self.finish]


@dataclass(frozen=True)
class EyeLiner:
    """A line along the upper lash line: `thickness` 0..1 (hairline to bold), `wing` 0..1
    (none to a long flick past the outer corner, rising towards the brow's tail)."""

    color: str
    thickness: float = 0.5
    wing: float = 0.0

    def __post_init__(self) -> None:
        check_hex_field("color", self.color)
        object.__setattr__(self, "thickness", _check_unit("thickness", self.thickness))
        object.__setattr__(self, "wing", _check_unit("wing", self.wing))


@dataclass(frozen=True)
class Lashes:
    """Mascara or false lashes drawn along the upper lash line: `volume` 0..1 (sparse to
    dense and thick), `length` 0..1 (natural to dramatic)."""

    color: str = LASH_BLACK
    volume: float = 0.5
    length: float = 0.5

    def __post_init__(self) -> None:
        check_hex_field("color", self.color)
        object.__setattr__(self, "volume", _check_unit("volume", self.volume))
        object.__setattr__(self, "length", _check_unit("length", self.length))


@dataclass(frozen=True)
class Blush:
    """Colour on the cheek apples with a soft falloff towards the temples."""

    color: str
    finish: str = "matte"
    opacity: float = 0.5

    def __post_init__(self) -> None:
        check_hex_field("color", self.color)
        _check_finish(self.finish, BLUSH_FINISHES)
        object.__setattr__(self, "opacity", _check_unit("opacity", self.opacity))

    @property
    def light(self) -> tuple[float, float]:
        return FINISH_LIGHT[self.finish]


@dataclass(frozen=True)
class BrowTint:
    """Brow colour: the hairs take `color`; `fill` 0..1 also colours the skin between
    them within the brow's shape (a brow pencil's fill)."""

    color: str
    fill: float = 0.3

    def __post_init__(self) -> None:
        check_hex_field("color", self.color)
        object.__setattr__(self, "fill", _check_unit("fill", self.fill))


Cosmetic = EyeShadow | EyeLiner | Lashes | Blush | BrowTint

# A product's kind (catalog word) -> its class, and the shelf it sits on.
KINDS: dict[str, type[Cosmetic]] = {
    "eyeshadow": EyeShadow,
    "eyeliner": EyeLiner,
    "lashes": Lashes,
    "blush": Blush,
    "brow": BrowTint,
}
SHELF_OF_KIND: dict[str, str] = {
    "eyeshadow": "eyes",
    "eyeliner": "eyes",
    "lashes": "eyes",
    "blush": "cheeks",
    "brow": "brows",
}
# FaceMakeup's field for each kind.
SLOT_OF_KIND: dict[str, str] = {
    "eyeshadow": "shadow",
    "eyeliner": "liner",
    "lashes": "lashes",
    "blush": "blush",
    "brow": "brow",
}


def kind_of(product: Cosmetic) -> str:
    for kind, cls in KINDS.items():
        if isinstance(product, cls):
            return kind
    raise TypeError(f"{product!r} is not a cosmetic")


@dataclass(frozen=True)
class Worn:
    """A product on the face at an intensity (0..1)."""

    product: Cosmetic
    intensity: float = 0.85

    def __post_init__(self) -> None:
        object.__setattr__(self, "intensity", _check_unit("intensity", self.intensity))


@dataclass(frozen=True)
class FaceMakeup:
    """What the face wears besides lipstick: at most one product of each kind."""

    shadow: Worn | None = None
    liner: Worn | None = None
    lashes: Worn | None = None
    blush: Worn | None = None
    brow: Worn | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    @property
    def worn(self) -> tuple[Worn, ...]:
        """The products on, in the order they are laid on the face (lowest first)."""
        items = (self.blush, self.brow, self.shadow, self.liner, self.lashes)
        return tuple(w for w in items if w is not None)

    def wearing(self, product: Cosmetic, intensity: float = 0.85) -> FaceMakeup:
        """This makeup with `product` on (replacing one of its kind)."""
        return replace(self, **{SLOT_OF_KIND[kind_of(product)]: Worn(product, intensity)})

    def without(self, kind: str) -> FaceMakeup:
        """This makeup with the product of `kind` taken off."""
        return replace(self, **{SLOT_OF_KIND[kind]: None})

    def at(self, intensity: float) -> FaceMakeup:
        """Every product at `intensity` (the shopper's slider moved)."""
        items = {
            f.name: Worn(w.product, intensity)
            for f in fields(self)
            if (w := getattr(self, f.name)) is not None
        }
        return replace(self, **items)


def cosmetic_from_entry(kind: str, entry: dict[str, Any]) -> Cosmetic:
    """A product from a catalog entry's fields (unknown fields refused by name)."""
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    cls = KINDS[kind]
    names = {f.name for f in fields(cls)}
    given = {k: v for k, v in entry.items() if k in names}
    if "colors" in given:
        if not isinstance(given["colors"], list | tuple):
            raise ValueError("colors must be a list of one to three #RRGGBB colours")
        given["colors"] = tuple(given["colors"])
    return cls(**given)
