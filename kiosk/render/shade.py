"""A shade is data, not code: a colour, a finish and the finish's parameters."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.render.color import parse_hex

FINISHES = ("matte", "satin", "cream", "gloss", "shimmer", "metallic", "sheer")


@dataclass(frozen=True)
class Shade:
    """How a lip product looks; `opacity` is how much of the lip's own colour it hides."""

    color: str  # sRGB hex, "#RRGGBB"
    finish: str = "cream"
    opacity: float = 1.0
    gloss: float = 0.0
    sparkle: float = 0.0

    def __post_init__(self) -> None:
        parse_hex(self.color)
        if self.finish not in FINISHES:
            raise ValueError(f"finish {self.finish!r} is not one of {', '.join(FINISHES)}")
        for name in ("opacity", "gloss", "sparkle"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} {value} is outside 0..1")
