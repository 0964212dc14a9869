"""Shades that suit a skin-tone reading, each with the reason the screen shows in one line.

A shade says whom it is made for (`suits` in the catalog: skin depths and undertones, brand
data); a reading (`kiosk.vision.skin_tone`, steadied by `kiosk.session.tone`) says the
shopper's depth and undertone. Ranked: made for this depth and undertone, then for a
neighbouring depth and this undertone, then for this undertone only; within a tier the
more specific shade first (made for fewer depths and undertones), then catalog order.
A shade without `suits` is never suggested: nothing says whom it suits.

The screen says the reason in one line in its language (`kiosk.session.wording`,
`foryou.tone_<why>` with `tone.<class>` words, through the kiosk's translations). Nothing
about the shopper is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from kiosk.catalog.shades import ShadeProduct
from kiosk.vision.skin_tone import DEPTHS, UNDERTONES

Why = Literal["suits", "near", "undertone"]

_TIER: dict[Why, int] = {"suits": 0, "near": 1, "undertone": 2}


class ToneLike(Protocol):
    """A skin-tone reading: a single frame's or the session's steady one."""

    @property
    def depth(self) -> str: ...

    @property
    def undertone(self) -> str: ...


@dataclass(frozen=True)
class ToneMatch:
    """A suggested shade and why: `reason` = (why, the shopper's depth, undertone)."""

    product: ShadeProduct
    reason: tuple[Why, str, str]

    @property
    def why(self) -> Why:
        return self.reason[0]


def _why(product: ShadeProduct, depth: str, undertone: str) -> Why | None:
    suits = product.suits
    if suits is None or undertone not in suits.undertones:
        return None
    if depth in suits.depths:
        return "suits"
    at = DEPTHS.index(depth)
    if any(abs(DEPTHS.index(d) - at) == 1 for d in suits.depths):
        return "near"
    return "undertone"


def shades_for_tone(
    tone: ToneLike, shades: tuple[ShadeProduct, ...] | list[ShadeProduct], k: int = 5
) -> list[ToneMatch]:
    """Up to `k` shades for this reading, best first (see the module's doc)."""
    if tone.depth not in DEPTHS or tone.undertone not in UNDERTONES:
        raise ValueError(f"unknown skin tone {tone.depth!r}/{tone.undertone!r}")
    ranked = []
    for index, product in enumerate(shades):
        why = _why(product, tone.depth, tone.undertone)
        if why is None:
            continue
        suits = product.suits
        assert suits is not None
        breadth = len(suits.depths) + len(suits.undertones)
        ranked.append(
            ((_TIER[why], breadth, index), ToneMatch(product, (why, tone.depth, tone.undertone)))
        )
    ranked.sort(key=lambda pair: pair[0])
    return [match for _, match in ranked[:k]]
