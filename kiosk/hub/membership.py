"""One membership for the mirror and the online shop: tier, points and member prices.

The hub is the one source: both channels ask it (GET /members/{id}/membership) and show
what it answers, so a member sees the same tier, points and discount at the mirror as in
the app. Points are the balance carried over from the loyalty system (`members.points`)
plus every row of the points ledger; an order earns once (kiosk.hub.orders calls
`earn_for_order` inside the webhook's transaction), a redelivery earns nothing more and an
edited total changes that order's row. `member_price_cents` is the one rule for a member
price: anything quoting one calls it.

A member whose tier is missing from `membership_tiers` still gets an answer: the tier's id
as its name, no discount, the base points rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select, update

from kiosk.hub import tables as t
from kiosk.hub.errors import ApiError
from kiosk.hub.sqlutil import insert_ignore
from kiosk.hub.stock import money
from kiosk.storeapi.contract import MemberPrice, Membership, PriceChannel, Texts

BASE_POINTS_PER_YUAN = 1  # an unknown tier's rate (the table's default)
ORDER_SOURCE = "order"  # the points ledger's source for an order's points


@dataclass(frozen=True)
class Tier:
    tier: str
    name_en: str
    name_zh: str
    rank: int
    discount_bp: int
    points_per_yuan: int


def member_price_cents(price_cents: int, discount_bp: int) -> int:
    """The member's price: `price_cents` less `discount_bp` basis points, rounded half up
    to the cent (exact integer arithmetic: 22900 at 500 bp is 21755)."""
    if price_cents < 0 or not 0 <= discount_bp <= 10_000:
        raise ValueError("a price is never negative and a discount is 0..10000 basis points")
    return (price_cents * (10_000 - discount_bp) + 5_000) // 10_000


def points_for(total_cents: int, points_per_yuan: int) -> int:
    """An order's points: whole yuan spent (floored) times the tier's rate."""
    return max(0, total_cents) // 100 * points_per_yuan


def tier_of(conn: Connection, tier: str) -> Tier:
    """The tier's names and rates (an unknown tier: its id, no discount, the base rate)."""
    mt = t.membership_tiers.c
    row = conn.execute(select(t.membership_tiers).where(mt.tier == tier)).first()
    if row is None:
        return Tier(tier, tier, tier, 0, 0, BASE_POINTS_PER_YUAN)
    return Tier(row.tier, row.name_en, row.name_zh, row.rank, row.discount_bp, row.points_per_yuan)


def balance(conn: Connection, member_id: str, carried: int) -> int:
    """The member's points: the carried-over balance plus the ledger's rows."""
    pl = t.points_ledger.c
    earned = conn.execute(
        select(func.coalesce(func.sum(pl.points), 0)).where(pl.member_id == member_id)
    ).scalar_one()
    return int(carried or 0) + int(earned)


def read(
    conn: Connection, member_id: str, channel: PriceChannel, skus: Sequence[str]
) -> Membership:
    """The member's membership with each of `skus` priced in `channel` (404 naming the first
    SKU without a price there). The caller was authorized for the member."""
    m = t.members.c
    member = conn.execute(select(m.tier, m.points).where(m.member_id == member_id)).one()
    tier = tier_of(conn, member.tier)
    prices: list[MemberPrice] = []
    if skus:
        pr = t.prices.c
        found = {
            row.sku: row
            for row in conn.execute(
                select(pr.sku, pr.amount_cents, pr.currency).where(
                    pr.sku.in_(set(skus)), pr.channel == channel
                )
            )
        }
        for i, sku in enumerate(skus):
            row = found.get(sku)
            if row is None:
                raise ApiError(
                    404,
                    "unknown_sku",
                    f"{sku!r} has no {channel} price in this hub's catalog; ask for a "
                    "variant's SKU (GET /v1/products lists them)",
                    f"query.sku.{i}",
                )
            cents = member_price_cents(row.amount_cents, tier.discount_bp)
            prices.append(
                MemberPrice(
                    sku=sku,
                    price=money(row.amount_cents, row.currency, channel),
                    member_price=money(cents, row.currency, channel),
                )
            )
    return Membership(
        member_id=member_id,
        tier=tier.tier,
        tier_name=Texts(en=tier.name_en, zh_CN=tier.name_zh),
        rank=tier.rank,
        points=balance(conn, member_id, member.points),
        discount_bp=tier.discount_bp,
        points_per_yuan=tier.points_per_yuan,
        channel=channel,
        prices=prices,
    )


# ---- points for orders -------------------------------------------------------------------------


def member_for_customer(conn: Connection, customer_id: int | None) -> str | None:
    """The member whose online shop customer id this is (None: none, or no id)."""
    if customer_id is None:
        return None
    m = t.members.c
    found = conn.execute(select(m.member_id).where(m.shop_customer_id == str(customer_id))).scalar()
    return None if found is None else str(found)


def earn_for_order(
    conn: Connection, member_id: str, ref: str, total_cents: int, now: datetime
) -> int:
    """The order's points for the member, once (one ledger row per order: a redelivery
    earns nothing more; an edited total sets that row's points anew). Returns the points."""
    tier_id = conn.execute(
        select(t.members.c.tier).where(t.members.c.member_id == member_id)
    ).scalar()
    if tier_id is None:
        return 0  # no such member (any more)
    points = points_for(total_cents, tier_of(conn, str(tier_id)).points_per_yuan)
    row = {
        "member_id": member_id,
        "source": ORDER_SOURCE,
        "ref": ref,
        "points": points,
        "created_at": now,
    }
    if not insert_ignore(conn, t.points_ledger, [row], ["source", "ref"]):
        pl = t.points_ledger.c
        conn.execute(
            update(t.points_ledger)
            .where(pl.source == ORDER_SOURCE, pl.ref == ref, pl.member_id == member_id)
            .values(points=points)
        )
    return points
