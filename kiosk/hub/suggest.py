"""Suggestions for a consenting member: what members who chose the same products chose too.

Pure Python over `Interaction`s (who did what with which product, in which channel and
when); the hub decides whose interactions may enter (`kiosk.hub.suggestions`: consenting
members only) and this module never reads the database.

The model (why each part is there):
- each member's interest in a product is the sum of their interactions with it, weighted
  by what they say (a purchase more than a wishlist or a saved look, more than a try-on,
  more than a view) and by recency (half-life `half_life_days`), then dampened
  (log1p) so one shopper's fiftieth view does not outweigh another's purchase;
- item-to-item similarity is the cosine of two products' interest vectors over members,
  shrunk towards zero when few members share the pair (`shrink`): the cosine divides
  by each product's own weight, so bestsellers do not co-occur with everything;
- a member's score for a product sums their interests times its similarity to it; the
  product of theirs that contributed most is the suggestion's `because`;
- a product they showed interest in (tried, saved, wished for) and have not bought adds
  that interest itself (`own_weight`, a cosine's self-similarity): people buy what they
  looked at. On the simulated shop this is most of the lift over "most popular";
  co-occurrence is what finds products new to the member (benchmarks/suggestions.py);
- blended with popularity (`popularity_weight`), which also answers for a member the
  model has nothing on (cold) and fills the list when co-occurrence runs out.
Deterministic: products are visited in SKU order and ties go to the smaller SKU.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

Kind = Literal["viewed", "tried", "saved", "wished", "bought"]
Channel = Literal["mirror", "online"]
Reason = Literal["together", "popular"]

# What each kind of interaction says about a member's taste (relative weights).
KIND_WEIGHTS: Mapping[str, float] = {
    "bought": 5.0,
    "wished": 3.0,
    "saved": 3.0,
    "tried": 2.0,
    "viewed": 1.0,
}
HALF_LIFE_DAYS = 60.0
SHRINK = 10.0  # members sharing a pair before its similarity counts half
POPULARITY_WEIGHT = 0.2  # the blend: 0 = co-occurrence only, 1 = most popular only
OWN_WEIGHT = 1.0  # a member's own interest in a product not bought yet: its self-similarity
NEIGHBOURS = 100  # similar products kept per product (a big catalog's memory and speed)
ITEMS_PER_MEMBER = 100  # a member's products paired in the fit (the most interesting ones)


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


def interests(
    interactions: Iterable[Interaction], now: datetime | None, half_life_days: float
) -> dict[str, dict[str, float]]:
    """member -> product -> dampened, recency-weighted interest."""
    raw: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    items = list(interactions)
    if not items:
        return {}
    ref = now or max(i.time for i in items)
    rate = math.log(2) / (half_life_days * 86_400.0)
    for i in items:
        age = max(0.0, (ref - i.time).total_seconds())
        raw[i.member_id][i.sku] += KIND_WEIGHTS.get(i.kind, 1.0) * math.exp(-rate * age)
    return {m: {s: math.log1p(w) for s, w in per.items()} for m, per in raw.items()}


class SuggestionModel:
    """Fitted once over every consenting member's interactions; asked per member."""

    def __init__(
        self,
        popular: Sequence[tuple[str, float]],
        members: frozenset[str],
        similar: Mapping[str, Mapping[str, float]] | None = None,
        *,
        now: datetime | None = None,
        half_life_days: float = HALF_LIFE_DAYS,
        popularity_weight: float = POPULARITY_WEIGHT,
        own_weight: float = OWN_WEIGHT,
    ) -> None:
        self._popular = list(popular)
        self._members = members
        self._similar = similar or {}
        self._now = now
        self._half_life = half_life_days
        self._blend = min(1.0, max(0.0, popularity_weight))
        self._own = own_weight
        top = max((c for _, c in self._popular), default=0.0)
        # popularity on [0, 1], log-scaled so that the long tail is not all zero
        self._pop = {s: math.log1p(c) / math.log1p(top) if top > 0 else 0.0 for s, c in popular}

    @classmethod
    def fit(
        cls,
        interactions: Iterable[Interaction],
        *,
        now: datetime | None = None,
        half_life_days: float = HALF_LIFE_DAYS,
        shrink: float = SHRINK,
        popularity_weight: float = POPULARITY_WEIGHT,
        own_weight: float = OWN_WEIGHT,
        neighbours: int = NEIGHBOURS,
        items_per_member: int = ITEMS_PER_MEMBER,
    ) -> SuggestionModel:
        """The model over `interactions`, weighted by recency as of `now` (default: the
        latest interaction). `popularity_weight` 0 gives co-occurrence alone (popularity
        only orders what it has nothing to say about), 1 most popular alone."""
        per_member = interests(interactions, now, half_life_days)
        popularity: dict[str, float] = defaultdict(float)
        norms: dict[str, float] = defaultdict(float)
        dots: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        shared: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for member in sorted(per_member):
            row = sorted(per_member[member].items())
            for a, wa in row:
                popularity[a] += wa
            if len(row) > items_per_member:  # a heavy browser's pairs cost n^2: their top
                row = sorted(sorted(row, key=lambda x: (-x[1], x[0]))[:items_per_member])
            for n, (a, wa) in enumerate(row):
                norms[a] += wa * wa
                dots_a, shared_a = dots[a], shared[a]
                for b, wb in row[n + 1 :]:
                    dots_a[b] += wa * wb
                    shared_a[b] += 1
        similar: dict[str, dict[str, float]] = defaultdict(dict)
        for a, row_a in dots.items():
            for b, dot in row_a.items():
                count = shared[a][b]
                value = dot / math.sqrt(norms[a] * norms[b]) * count / (count + shrink)
                similar[a][b] = similar[b][a] = value
        kept = {
            a: dict(sorted(row.items(), key=lambda x: (-x[1], x[0]))[:neighbours])
            for a, row in similar.items()
        }
        return cls(
            sorted(popularity.items(), key=lambda x: (-x[1], x[0])),
            frozenset(per_member),
            kept,
            now=now,
            half_life_days=half_life_days,
            popularity_weight=popularity_weight,
            own_weight=own_weight,
        )

    @property
    def members(self) -> frozenset[str]:
        """Whose interactions the model was fitted on (for the privacy tests)."""
        return self._members

    def similar(self, sku: str) -> dict[str, float]:
        """The products most similar to `sku` and how similar (absent: never together)."""
        return dict(self._similar.get(sku, {}))

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
        # one member's history (several members' would count as one)
        mine = interests(
            (replace(i, member_id="") for i in history), self._now, self._half_life
        ).get("", {})
        # together[p]: the member's interest in each of their products times its
        # similarity to p, summed; best[p]: which product of theirs gave the most
        together: dict[str, float] = defaultdict(float)
        best: dict[str, tuple[float, str]] = {}
        for own, weight in sorted(mine.items()):
            for other, sim in sorted(self._similar.get(own, {}).items()):
                part = weight * sim
                together[other] += part
                if part > best.get(other, (0.0, ""))[0]:
                    best[other] = (part, own)
        # A product they showed interest in and have not bought counts that interest too,
        # as if similar to itself by `own_weight` (a cosine's 1); only with a partner
        # product, so that every "together" names another product of theirs.
        bought = {i.sku for i in history if i.kind == "bought"}
        for own, weight in mine.items():
            if own not in bought and own in best:
                together[own] += self._own * weight
        allowed = set(self._pop) | set(together)
        if candidates is not None:
            allowed &= set(candidates)
        allowed -= set(exclude)
        top = max((together.get(sku, 0.0) for sku in allowed), default=0.0)
        ranked: list[tuple[float, float, str, Suggestion]] = []
        for sku in allowed:
            pop = self._pop.get(sku, 0.0)
            part = (1.0 - self._blend) * together.get(sku, 0.0) / top if top > 0 else 0.0
            score = part + self._blend * pop if top > 0 else pop
            if sku in best and part > 0 and part >= score / 3:
                found = Suggestion(sku, score, "together", best[sku][1])
            else:
                found = Suggestion(sku, score, "popular")
            ranked.append((-score, -pop, sku, found))
        ranked.sort(key=lambda x: x[:3])
        return [x[3] for x in ranked[:k]]
