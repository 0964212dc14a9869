"""A shade is data, not code: a colour, a finish and the finish's parameters.

Parameters left out take the finish's default (a sheer is see-through, a gloss
shines), so a catalog entry names only what differs from its finish.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from kiosk.render.color import check_hex_field

FINISHES = ("matte", "satin", "cream", "gloss", "shimmer", "metallic", "sheer")

# Left-out parameters: marks "use the finish's default" (a float, so the field stays a float).
DEFAULT = math.nan

# finish -> (opacity, gloss, sparkle)
FINISH_DEFAULTS: dict[str, tuple[float, float, float]] = {
    "matte": (1.0, 0.0, 0.0),
    "satin": (1.0, 0.15, 0.0),
    "cream": (1.0, 0.3, 0.0),
    "gloss": (0.9, 0.6, 0.0),
    "shimmer": (1.0, 0.3, 0.5),
    "metallic": (1.0, 0.45, 0.35),
    "sheer": (0.45, 0.35, 0.0),
}


@dataclass(frozen=True)
class Shade:
    """How a lip product looks.

    - `opacity`: how much of the lip's own colour it hides (0..1).
    - `gloss`: strength of the specular highlight where the lip catches light (0..1).
    - `sparkle`: strength of shimmer/metallic glints, anchored to the lip (0..1).
    - `sparkle_color`: colour of the glints; None derives it from the shade.
    - `liner`: colour of a thin lip line along the outer edge, or None.
    - `inner_color`: two-tone/ombre: the colour at the inner lip line (`color`
      is then the colour at the outer line), or None for one colour.
    """

    color: str  # sRGB hex, "#RRGGBB"
    finish: str = "cream"
    opacity: float = DEFAULT
    gloss: float = DEFAULT
    sparkle: float = DEFAULT
    sparkle_color: str | None = None
    liner: str | None = None
    inner_color: str | None = None

    def __post_init__(self) -> None:
        for name in ("color", "sparkle_color", "liner", "inner_color"):
            value = getattr(self, name)
            if value is None and name != "color":
                continue
            check_hex_field(name, value)
        if self.finish not in FINISHES:
            raise ValueError(f"finish {self.finish!r} is not one of {', '.join(FINISHES)}")
        defaults = FINISH_DEFAULTS[self.finish]
        for name, default in zip(("opacity", "gloss", "sparkle"), defaults, strict=True):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{name} must be a number in 0..1, not {value!r}")
            if math.isnan(value):
                object.__setattr__(self, name, default)
            elif not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} {value} is outside 0..1")
            else:
                object.__setattr__(self, name, float(value))

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))
