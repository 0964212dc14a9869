"""Suggestions ('suits you'): hit rate at 5 on a simulated shop, against 'most popular'.

    .venv/bin/python benchmarks/suggestions.py                    # 3000 members, seeds 7 8 9
    .venv/bin/python benchmarks/suggestions.py --members 5000 --days 120 --split-day 90

A shop is simulated (`kiosk.hub.simulate`: members with known tastes over the demo
catalog, at mirrors and online, 90 days). Time split: the models learn from the consenting
members' interactions before `--split-day`; the test is every consenting member with a
purchase after it of a product they had not bought before, and some history before it in
the channels the scenario trains on. A hit: one of the five suggested products (the
member's earlier purchases excluded) is one of those later purchases. Scenarios: the hub
knows the mirrors only, the online shop only, or both. Beside the model:
- most popular: the five most bought products (in the scenario's channels);
- own history: the member's own most-interesting products not bought yet, then popular
  (what the model's own-interest term alone would give);
- co-occurrence only: the model with neither its own-interest term nor popularity;
- oracle: the simulation's known tastes (the member's five highest affinities): a
  ceiling for any model, not reachable (purchases are also chance and circumstance).
Then: purchases of products the member never touched before the split ('new to them', the
suggestions shown exclude everything they touched), and members who used both channels,
scored with what each channel alone tells the hub. Fit and suggestion times are measured
in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.hub.simulate import SimShop, simulate  # noqa: E402
from kiosk.hub.suggest import Channel, Interaction, SuggestionModel, interests  # noqa: E402

K = 5
SCENARIOS: dict[str, tuple[Channel, ...]] = {
    "mirror only": ("mirror",),
    "online only": ("online",),
    "both": ("mirror", "online"),
}
METHODS = ("popular", "own history", "co-occurrence", "model", "oracle")
Ranker = Callable[[str, list[Interaction], set[str]], list[str]]


@dataclass
class Scores:
    """Hits per method over `n` test members."""

    n: int = 0
    hits: Counter[str] = field(default_factory=Counter)

    def rate(self, method: str) -> float:
        return self.hits[method] / self.n if self.n else 0.0


@dataclass
class Heldout:
    """The time split: what each consenting member bought before, and new after."""

    split: datetime
    bought_before: dict[str, set[str]]
    targets: dict[str, set[str]]  # products bought after the split, not bought before


def held_out(sim: SimShop, split_day: int) -> Heldout:
    split = sim.start + timedelta(days=split_day)
    before: dict[str, set[str]] = defaultdict(set)
    after: dict[str, set[str]] = defaultdict(set)
    consenting = sim.consenting
    for o in sim.orders:
        if o.member_id in consenting:
            side = before if o.placed_at < split else after
            side[o.member_id].update(p for _, p, _ in o.lines)
    targets = {m: got - before[m] for m, got in after.items() if got - before[m]}
    return Heldout(split, dict(before), targets)


def rankers(sim: SimShop, train: list[Interaction], split: datetime) -> dict[str, Ranker]:
    """Each method as (member, their training history, products to leave out) -> top K."""
    model = SuggestionModel.fit(train, now=split)
    cooc = SuggestionModel.fit(train, now=split, popularity_weight=0.0, own_weight=0.0)
    bought = Counter(i.sku for i in train if i.kind == "bought")
    seen = Counter(i.sku for i in train)
    popular = sorted(seen, key=lambda s: (-bought[s], -seen[s], s))
    affinity = {m.member_id: m.affinity for m in sim.members}

    def most_popular(member: str, history: list[Interaction], out: set[str]) -> list[str]:
        return [s for s in popular if s not in out][:K]

    def own_history(member: str, history: list[Interaction], out: set[str]) -> list[str]:
        mine = interests(history, split, 60.0).get(member, {})
        mine_first = sorted((s for s in mine if s not in out), key=lambda s: (-mine[s], s))
        return (mine_first + [s for s in popular if s not in out and s not in mine])[:K]

    def oracle(member: str, history: list[Interaction], out: set[str]) -> list[str]:
        taste = affinity[member]
        return sorted((s for s in taste if s not in out), key=lambda s: (-taste[s], s))[:K]

    def of(fitted: SuggestionModel) -> Ranker:
        return lambda member, history, out: [s.sku for s in fitted.suggest(history, K, exclude=out)]

    return {"popular": most_popular, "own history": own_history,
            "co-occurrence": of(cooc), "model": of(model), "oracle": oracle}  # fmt: skip


def histories(train: Sequence[Interaction]) -> dict[str, list[Interaction]]:
    out: dict[str, list[Interaction]] = defaultdict(list)
    for i in train:
        out[i.member_id].append(i)
    return out


def evaluate(
    sim: SimShop, split_day: int, channels: Sequence[Channel], members: set[str] | None = None
) -> Scores:
    """Hit rate at K of each method for the scenario trained on `channels` (and only the
    test members in `members`, when given)."""
    held = held_out(sim, split_day)
    train = sim.interactions(channels=channels, before=held.split)
    ranks, known = rankers(sim, train, held.split), histories(train)
    scores = Scores()
    for member, wanted in sorted(held.targets.items()):
        if member not in known or (members is not None and member not in members):
            continue
        scores.n += 1
        out = held.bought_before.get(member, set())
        for name, rank in ranks.items():
            scores.hits[name] += bool(set(rank(member, known[member], out)) & wanted)
    return scores


def new_to_them(sim: SimShop, split_day: int) -> Scores:
    """Purchases of products the member never touched before the split, with suggestions
    that leave out everything they touched (both channels known)."""
    held = held_out(sim, split_day)
    train = sim.interactions(before=held.split)
    ranks, known = rankers(sim, train, held.split), histories(train)
    scores = Scores()
    for member, wanted in sorted(held.targets.items()):
        touched = {i.sku for i in known.get(member, [])}
        if member not in known or not wanted - touched:
            continue
        scores.n += 1
        for name in ("popular", "co-occurrence", "model", "oracle"):
            found = ranks[name](member, known[member], touched)
            scores.hits[name] += bool(set(found) & (wanted - touched))
    return scores


def both_channel_members(sim: SimShop, split: datetime) -> set[str]:
    used: dict[str, set[str]] = defaultdict(set)
    for i in sim.interactions(before=split):
        used[i.member_id].add(i.channel)
    return {m for m, channels in used.items() if len(channels) == 2}


def timings(sim: SimShop, repeats: int = 5) -> str:
    """The median time to fit the whole log, and to suggest for one member."""
    log = sim.interactions()
    fits = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        model = SuggestionModel.fit(log, now=sim.now)
        fits.append(time.perf_counter() - t0)
    known = histories(log)
    asked = sorted(known)[:500]
    t0 = time.perf_counter()
    for member in asked:
        model.suggest(known[member], K)
    per_call = (time.perf_counter() - t0) / max(1, len(asked)) * 1e6
    return (
        f"Fit over the whole log of seed {sim.seed} ({len(log)} interactions of "
        f"{len(known)} consenting members, {(sim.now - sim.start).days} days): median of "
        f"{repeats} {statistics.median(fits) * 1000:.0f} ms; one member's suggestions: "
        f"{per_call:.0f} us (mean of {len(asked)})"
    )


def _mean(values: Sequence[float]) -> str:
    return f"{statistics.fmean(values):.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--split-day", type=int, default=60, help="train before, test after")
    parser.add_argument("--seeds", default="7,8,9", help="simulated shops, comma-separated")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    results: dict[str, list[Scores]] = defaultdict(list)
    for seed in seeds:
        t0 = time.perf_counter()
        sim = simulate(members=args.members, days=args.days, seed=seed)
        took = time.perf_counter() - t0
        print(f"seed {seed}: {sim.summary()} ({took:.1f} s to simulate)")
        for name, channels in SCENARIOS.items():
            results[name].append(evaluate(sim, args.split_day, channels))
        both = both_channel_members(sim, sim.start + timedelta(days=args.split_day))
        for name, channels in SCENARIOS.items():
            results[f"{name} [both-channel members]"].append(
                evaluate(sim, args.split_day, channels, both)
            )
        results["new to them (both channels)"].append(new_to_them(sim, args.split_day))
        if seed == seeds[0]:
            timed = timings(sim)
    print()
    print(f"Hit rate at {K}, mean over seeds {', '.join(map(str, seeds))}; {args.members} "
          f"members, {args.days} days, trained before day {args.split_day}, tested on the "
          f"purchases after it")  # fmt: skip
    head = f"{'scenario':<40} {'members':>7} " + " ".join(f"{m:>13}" for m in METHODS)
    print(head + f" {'lift':>6} {'(min-max)':>11}")
    for name, runs in results.items():
        lifts = [r.rate("model") / r.rate("popular") for r in runs if r.rate("popular")]
        cells = [_mean([r.rate(m) for r in runs]) if m in runs[0].hits else "-" for m in METHODS]
        spread = f"{min(lifts):.2f}-{max(lifts):.2f}"
        print(f"{name:<40} {statistics.fmean(r.n for r in runs):>7.0f} "
              + " ".join(f"{c:>13}" for c in cells)
              + f" {statistics.fmean(lifts):>6.2f} {spread:>11}")  # fmt: skip
    print()
    print(timed)
    print(LIMITS)
    return 0


LIMITS = """
What a simulated log can show: that the code does what it should (finds the products that
go together, names the right 'because', falls back to popularity, keeps to consenting
members), that it beats 'most popular' when tastes do cluster, how much each part adds
(own interest, co-occurrence, popularity), what joining the two channels is worth for the
same people, and that it fits a few thousand members' months in well under a second.
What it cannot show: how real shoppers behave. The log is built from the very assumptions
the model exploits (a few taste clusters over colour, finish and style; purchases that
follow earlier interest), so its hit rates are a check of the mechanics, not a forecast;
the oracle's ceiling is the simulator's, not the shop's. The demo catalogue has 26
products, so five suggestions cover a fifth of it and every hit rate here is high; a real
catalogue of hundreds changes that, and so do seasons, new products (no history at all),
promotions, stock-outs, gifts, shared accounts, novelty (a suggestion of something already
seen may not sell), and the suggestion itself changing what people buy, which only an A/B
test in the stores can measure."""


if __name__ == "__main__":
    raise SystemExit(main())
