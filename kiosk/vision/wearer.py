"""Who wears the garment when several people are in front of the mirror, frame by frame.

The mirror serves the person standing at it: the nearest, most central, facing one
(`kiosk.vision.pose.serving_scores`). On live video the person chosen keeps the garment
while they move; another takes it over only after scoring SWITCH_MARGIN higher for
SWITCH_HOLD_S, so a passer-by crossing behind or a friend leaning in for a moment does
not steal it. Everyone else is left untouched.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.vision.pose import Body, PoseResult, distinct, serving_scores

SWITCH_MARGIN = 0.15  # another person must score this much higher ...
SWITCH_HOLD_S = 0.5  # ... for this long to take the garment over
SAME_PERSON = 0.5  # a body within this many body sizes of the wearer's last place is them
LOST_S = 0.5  # the wearer unseen this long: choose afresh


@dataclass
class _Held:
    center: tuple[float, float]
    size: float
    seen_s: float
    challenged_s: float | None = None  # since when another person has been scoring higher


class WearerChooser:
    """Chooses the wearer frame by frame and holds the choice (reset between photos)."""

    def __init__(self) -> None:
        self._held: _Held | None = None

    def reset(self) -> None:
        self._held = None

    def __call__(self, result: PoseResult) -> Body | None:
        bodies = distinct(result.bodies)
        t_s = result.timestamp_ms / 1000.0
        held = self._held
        if held is not None and (t_s < held.seen_s or t_s - held.seen_s > LOST_S):
            held = None  # the clock went back (a looped video) or the wearer left
        if not bodies:
            self._held = held
            return None
        scores = serving_scores(bodies, result.image_size)
        best = max(range(len(bodies)), key=scores.__getitem__)
        current = _find(held, bodies) if held is not None else None
        choice = best
        if held is not None and current is not None and current != best:
            if scores[best] < scores[current] + SWITCH_MARGIN:
                held.challenged_s = None  # not clearly better: the wearer keeps it
                choice = current
            elif held.challenged_s is None:
                held.challenged_s = t_s
                choice = current
            elif t_s - held.challenged_s < SWITCH_HOLD_S:
                choice = current
        wearer = bodies[choice]
        if held is None or current is None or choice != current:
            held = _Held(wearer.center, wearer.size, t_s)
        else:
            held.center, held.size, held.seen_s = wearer.center, wearer.size, t_s
            if choice == best:
                held.challenged_s = None
        self._held = held
        return wearer


def _find(held: _Held, bodies: Sequence[Body]) -> int | None:
    """The body at the wearer's last place, if one is near enough to be them."""
    distance, index = min(
        (math.hypot(b.center[0] - held.center[0], b.center[1] - held.center[1]), i)
        for i, b in enumerate(bodies)
    )
    return index if distance <= SAME_PERSON * max(held.size, 1.0) else None
