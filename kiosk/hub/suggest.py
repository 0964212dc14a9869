"""Suggestions for a consenting member: what members who chose the same products chose too.

Pure Python over `Interaction`s (who did what with which product, in which channel and
when); the hub decides whose interactions may enter (`kiosk.hub.suggestions`: consenting
members only) and this module never reads the database. SKETCH: the interface the hub
codes against; the model itself is being written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Kind = Literal["viewed", "tried", "saved", "wished", "bought"]
Channel = Literal["mirror", "online"]
Reason = Literal["together", "popular"]


@dataclass(frozen=True)
class Interaction:
    """One member's contact with one product (a shade's SKU or a garment's product id)."""

    member_id: str
    sku: str
    kind: Kind
    channel: Channel
    time: datetime


@dataclass(frozen=True)
class Suggestion:
    """A product to suggest, its score, and why: chosen `together` with the member's
    product `because`, or `popular` (no co-occurrence to go on)."""

    sku: str
    score: float
    reason: Reason
    because: str | None = None


class SuggestionModel:
    """Fitted once over every consenting member's interactions; asked per member."""

    def __init__(self, popular: Sequence[tuple[str, float]], members: frozenset[str]) -> None:
        self._popular = list(popular)
        self._members = members

    @classmethod
    def fit(
        cls, interactions: Iterable[Interaction], *, now: datetime | None = None
    ) -> SuggestionModel:
        counts: Counter[str] = Counter()
        members: set[str] = set()
        for i in interactions:
            counts[i.sku] += 1
            members.add(i.member_id)
        return cls([(s, float(c)) for s, c in counts.most_common()], frozenset(members))

    @property
    def members(self) -> frozenset[str]:
        """Whose interactions the model was fitted on (for the privacy tests)."""
        return self._members

    def suggest(
        self,
        history: Sequence[Interaction],
        k: int = 5,
        *,
        exclude: Collection[str] = (),
        candidates: Collection[str] | None = None,
    ) -> list[Suggestion]:
        """Up to `k` products for a member with `history`, best first, none of `exclude`
        (e.g. what they bought) and only `candidates` when given (what is on sale here)."""
        out: list[Suggestion] = []
        for sku, score in self._popular:
            if sku in exclude or (candidates is not None and sku not in candidates):
                continue
            out.append(Suggestion(sku, score, "popular"))
            if len(out) == k:
                break
        return out
