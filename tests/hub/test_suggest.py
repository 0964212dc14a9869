"""The suggestions model (kiosk.hub.suggest) on hand-made interactions, measured against
'most popular' on a simulated shop (kiosk.hub.simulate, benchmarks/suggestions.py), and
`kiosk hub simulate-shop` writing a shop into a real database as the hub holds it."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import ColumnElement, Table, func, select

from benchmarks.suggestions import evaluate, new_to_them
from kiosk.cli import main as kiosk_main
from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.hub.simulate import CONSENT_TEXT_VERSION, simulate
from kiosk.hub.suggest import Channel, Interaction, Kind, SuggestionModel
from kiosk.session.consent import CONSENT_TEXT_VERSION as KIOSK_CONSENT_VERSION
from tests.hub_server import fresh_pg_schema, pg_url

T0 = datetime(2026, 1, 10, 12, tzinfo=UTC)


def did(member: str, sku: str, kind: Kind = "bought", days_ago: float = 1.0) -> Interaction:
    channel: Channel = "mirror" if kind in ("tried", "saved") else "online"
    return Interaction(member, sku, kind, channel, T0 - timedelta(days=days_ago))


def shop() -> list[Interaction]:
    """Everyone buys the bestseller P; ten members buy A with B, five buy C with D, three
    buy A with C (a weak link), and a viewer looks at A and E once."""
    out = [did(f"p{n}", "P") for n in range(100)]
    for n in range(10):
        out += [did(f"ab{n}", "A"), did(f"ab{n}", "B"), did(f"ab{n}", "P")]
    for n in range(5):
        out += [did(f"cd{n}", "C"), did(f"cd{n}", "D")]
    for n in range(3):
        out += [did(f"ac{n}", "A"), did(f"ac{n}", "C")]
    out += [did("viewer", "A", "viewed"), did("viewer", "E", "viewed")]
    return out


def test_the_partner_product_comes_first_and_names_what_it_goes_with() -> None:
    model = SuggestionModel.fit(shop(), now=T0)
    first = model.suggest([did("new", "A")], 3, exclude={"A"})
    # B was chosen with A by everyone who chose A and B; P, bought by all 110, co-occurs
    # with A as often but is divided by its own weight: the bestseller does not dominate
    assert first[0].sku == "B" and first[0].reason == "together" and first[0].because == "A"
    assert model.similar("A")["B"] > model.similar("A")["P"] > 0
    # with A and D in the history, C is suggested for D (its partner), B for A
    both = {s.sku: s for s in model.suggest([did("m", "A"), did("m", "D")], 6)}
    assert both["C"].because == "D" and both["B"].because == "A"
    assert both["C"].reason == both["B"].reason == "together"


def test_what_a_member_did_weighs_by_kind_and_recency() -> None:
    """B is A's partner for buyers, E only for one viewer: a purchase says more."""
    model = SuggestionModel.fit(shop(), now=T0)
    scores = {s.sku: s.score for s in model.suggest([did("m", "A")], 10, exclude={"A"})}
    assert scores["B"] > scores["E"]
    # the same history long ago counts less than yesterday, the order is the same
    old = model.suggest([did("m", "A", days_ago=200)], 3, exclude={"A"})
    assert old[0].sku == "B"
    recent_c = SuggestionModel.fit(
        [did(f"x{n}", s, days_ago=1) for n in range(5) for s in ("X", "Y")]
        + [did(f"z{n}", s, days_ago=300) for n in range(5) for s in ("X", "Z")],
        now=T0,
    )
    assert recent_c.similar("X")["Y"] > recent_c.similar("X")["Z"]


def test_exclude_and_candidates_are_kept_to() -> None:
    model = SuggestionModel.fit(shop(), now=T0)
    history = [did("m", "A"), did("m", "C")]
    found = model.suggest(history, 10, exclude={"B", "P"})
    assert found and not {"B", "P"} & {s.sku for s in found}
    only = model.suggest(history, 10, candidates={"D", "E", "unknown"})
    assert {s.sku for s in only} <= {"D", "E"} and only[0].sku == "D"
    assert model.suggest(history, 10, candidates=()) == []
    assert len(model.suggest(history, 2)) == 2


def test_a_cold_member_gets_the_popular_products() -> None:
    model = SuggestionModel.fit(shop(), now=T0)
    for history in ([], [did("new", "never-sold")]):
        found = model.suggest(history, 3)
        assert [s.sku for s in found] == ["P", "A", "B"]
        assert all(s.reason == "popular" and s.because is None for s in found)
        assert found[0].score >= found[1].score >= found[2].score
    # a product with partners and then only popular ones to fill the five
    mixed = model.suggest([did("m", "D")], 5, exclude={"D"})
    assert mixed[0].sku == "C" and mixed[0].reason == "together"
    assert {s.reason for s in mixed[1:]} == {"popular"} or mixed[1].because == "D"
    assert SuggestionModel.fit([]).suggest([did("m", "A")]) == []


def test_interest_not_acted_on_yet_is_suggested_for_its_partner() -> None:
    """A product the member wished for and has not bought (C, with its partner D bought)
    comes before one they have no interest in; `because` names the partner, never itself."""
    model = SuggestionModel.fit(shop(), now=T0)
    found = model.suggest([did("m", "D"), did("m", "C", "wished")], 5, exclude={"D"})
    assert found[0].sku == "C" and found[0].because == "D"
    assert all(s.because != s.sku for s in found)


def test_it_is_deterministic_and_knows_whose_data_it_holds() -> None:
    events = [*shop(), did("tie1", "T1"), did("tie1", "T2"), did("tie2", "T1"), did("tie2", "T2")]
    model = SuggestionModel.fit(events, now=T0)
    shuffled = events[:]
    random.Random(3).shuffle(shuffled)
    again = SuggestionModel.fit(shuffled, now=T0)
    history = [did("m", "A"), did("m", "T1"), did("m", "C", "tried")]
    assert model.suggest(history, 8) == again.suggest(history[::-1], 8)
    assert model.members == again.members == frozenset(i.member_id for i in events)
    # equal scores: the smaller SKU first
    tie = SuggestionModel.fit([did("a", "Y"), did("b", "X")], now=T0).suggest([], 2)
    assert [s.sku for s in tie] == ["X", "Y"] and tie[0].score == tie[1].score


def test_the_model_beats_most_popular_on_a_simulated_shop() -> None:
    """Held out: purchases after day 60 of 90, 1200 members (seed 7). The figures the
    benchmark prints for 3000 members and three seeds are in its docstring's run."""
    sim = simulate(members=1200, days=90, seed=7)
    for channels in (("mirror",), ("online",), ("mirror", "online")):
        scores = evaluate(sim, 60, channels)
        assert scores.n > 80, channels
        model, popular = scores.rate("model"), scores.rate("popular")
        assert model >= 1.4 * popular and model >= popular + 0.2, (channels, model, popular)
        assert scores.rate("oracle") > popular, channels
    # products new to the member: co-occurrence is what finds them
    fresh = new_to_them(sim, 60)
    assert fresh.n > 30
    assert fresh.rate("co-occurrence") >= fresh.rate("popular") + 0.15


def test_the_simulation_is_seeded_and_only_consenting_members_reach_the_model() -> None:
    one, two = simulate(members=150, days=20, seed=5), simulate(members=150, days=20, seed=5)
    assert one.events == two.events and one.orders == two.orders and one.members == two.members
    assert simulate(members=150, days=20, seed=6).events != one.events
    log = one.interactions()
    assert {i.member_id for i in log} <= one.consenting < {m.member_id for m in one.members}
    assert {i.kind for i in log} == {"viewed", "tried", "saved", "wished", "bought"}
    everyone = {i.member_id for i in one.interactions(consenting_only=False)}
    assert everyone > {i.member_id for i in log} and everyone - one.consenting
    assert CONSENT_TEXT_VERSION == KIOSK_CONSENT_VERSION


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shop.db'}"
        return
    with fresh_pg_schema(pg_url()) as url:
        yield url


def test_simulate_shop_writes_a_shop_as_the_hub_holds_it(
    empty_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["hub", "simulate-shop", "--database", empty_db, "--members", "200", "--days", "30",
            "--seed", "3"]  # fmt: skip
    assert kiosk_main(argv) == 0
    said = capsys.readouterr().out
    assert "Simulated 200 members over 30 days (seed 3)" in said and "orders" in said
    engine = make_engine(empty_db, 1)
    try:
        with engine.connect() as conn:

            def count(table: Table, *where: ColumnElement[bool]) -> int:
                return int(conn.execute(
                    select(func.count()).select_from(table).where(*where)
                ).scalar_one())  # fmt: skip

            simulated = t.members.c.member_id.like("M-S%")
            assert count(t.members, simulated) == 200
            assert count(t.members) == 204  # the demo seed's four too
            yes = select(t.consents.c.member_id).where(t.consents.c.granted.is_(True))
            consenting = count(t.members, simulated, t.members.c.member_id.in_(yes))
            assert 100 < consenting < 190
            assert count(t.consents, t.consents.c.text_version != KIOSK_CONSENT_VERSION) == 0
            e = t.events
            assert count(e, e.c.kiosk_id == "shop-online", e.c.store_id.is_(None)) > 100
            assert count(e, e.c.type == "tryon.product.tried", e.c.store_id.is_not(None)) > 50
            # no event, order, wishlist entry or look of a non-consenting member names them
            for table in (e, t.orders, t.wishlist, t.member_looks):
                ours = table.c.member_id.like("M-S%")
                assert count(table, ours) > 0, table.name
                assert count(table, ours, table.c.member_id.not_in(yes)) == 0, table.name
            unnamed = conn.execute(select(e.c.data).where(e.c.member_id.is_(None))).scalars()
            datas = [json.loads(d) for d in unnamed]
            assert datas and not any("member_id" in d for d in datas)
            o = t.orders
            assert count(o, o.c.source == "simulated") == count(o) > 20
            assert count(t.order_lines) >= count(o)
            assert count(o, o.c.store_id.is_not(None), o.c.kiosk_id.like("mirror-%")) > 0
    finally:
        engine.dispose()
    # the same shop again: refused, nothing written twice
    assert kiosk_main(argv) == 2
    assert "seed 3" in capsys.readouterr().err


def test_simulate_shop_needs_a_named_database(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_HUB_DB_URL", raising=False)
    assert kiosk_main(["hub", "simulate-shop", "--members", "10"]) == 2
    assert "--db" in capsys.readouterr().err
