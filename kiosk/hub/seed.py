"""Seed an empty hub database from the demo dataset (assets/store/demo.json).

The dataset is validated before anything is written, so a typo names the entry and
the field; seeding only happens when the database holds no locations yet, inside the
migration transaction (so two hubs starting at once seed once).

Membership (issue 18): the dataset may list `tiers` and give each member carried-over
`points`, a `shop_customer_id`, `wishlist` SKUs and `app_looks`; a dataset without tiers
(the demo's) gets `DEMO_TIERS` and, for the demo members, `DEMO_MEMBERSHIP`, so the demo
mirror shows Li Na's tier, points, wishlist and an app look once she signs in and agrees.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from sqlalchemy import Connection, func, insert, select

from kiosk.errors import KioskError
from kiosk.hub import tables as t
from kiosk.hub.pins import hash_pin, hash_secret
from kiosk.paths import assets_dir
from kiosk.storeapi.contract import Amount, is_valid_ean13


def demo_path() -> Path:
    return assets_dir() / "store" / "demo.json"


DEMO_CODE_LIFETIME = timedelta(days=365)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SeedLocation(_Strict):
    location_id: str
    name: str
    kind: Literal["store", "warehouse"]
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    pickup_time: str | None = None
    ship_days: int | None = None
    default: bool = False
    pickup_partners: list[str] = []  # other stores this store's kiosks may hold stock at


class SeedVariant(_Strict):
    sku: str
    barcode: str
    name: str
    size: str | None
    color_hex: str | None
    finish: str | None
    online_variant_id: str | None
    prices: dict[Literal["store", "online"], Amount]

    @field_validator("barcode")
    @classmethod
    def _ean(cls, value: str) -> str:
        if not is_valid_ean13(value):
            raise ValueError(f"{value} is not an EAN-13 with a valid check digit")
        return value


class SeedProduct(_Strict):
    product_id: str
    kind: Literal["shade", "garment"]
    name: str
    brand: str | None
    finish: str | None
    color_hex: str | None
    category: str | None
    images: list[str]
    variants: list[SeedVariant] = Field(min_length=1)


class SeedStock(_Strict):
    sku: str
    location_id: str
    on_hand: int = Field(ge=0)
    committed: int = Field(0, ge=0)
    safety_stock: int = Field(0, ge=0)
    shelf: int | None = Field(None, ge=0)


class SeedCode(_Strict):
    code: str
    expires_at: datetime | None
    # Expired an hour before seeding: the demo's "expired code" case, which must outlive
    # the retention sweep (a fixed date in the past would be pruned as old).
    expired: bool = False


class SeedConsent(_Strict):
    granted: bool
    text_version: str
    locale: Literal["en", "zh-CN"]
    decided_at: datetime


class SeedTier(_Strict):
    tier: str = Field(min_length=1, max_length=32)
    name_en: str = Field(min_length=1, max_length=64)
    name_zh: str = Field(min_length=1, max_length=64)
    rank: int = 0
    discount_bp: int = Field(0, ge=0, le=5000)
    points_per_yuan: int = Field(1, ge=0)


class SeedLookItem(_Strict):
    sku: str
    finish: str | None = None
    intensity: float | None = Field(None, ge=0, le=1)
    size: str | None = None


class SeedLook(_Strict):
    """A look the member saved in the app (channel online)."""

    look_id: str = Field(min_length=1, max_length=64)
    items: list[SeedLookItem] = Field(min_length=1)


class SeedMember(_Strict):
    member_id: str
    member_number: str
    display_name: str
    tier: str
    codes: list[SeedCode]
    consent: SeedConsent | None = None
    points: int = Field(0, ge=0)  # carried over from the loyalty system
    shop_customer_id: str | None = Field(None, pattern=r"^[0-9]{1,19}$")
    wishlist: list[str] = []  # SKUs or product ids wished for in the app
    app_looks: list[SeedLook] = []


class SeedStaff(_Strict):
    staff_id: str
    store_id: str
    display_name: str
    pin: str = Field(pattern=r"^[0-9]{6,12}$")  # demo only: stored hashed, never served


class Dataset(_Strict):
    version: Literal[1]
    currency: str
    about: str = ""
    locations: list[SeedLocation]
    products: list[SeedProduct]
    stock: list[SeedStock]
    tiers: list[SeedTier] = []
    members: list[SeedMember] = []
    staff: list[SeedStaff] = []

    @model_validator(mode="after")
    def _members_fit_the_catalog(self) -> Dataset:
        """Every member's tier is a listed one (when tiers are listed), and what they wished
        for or saved is in the catalog."""
        tiers = {x.tier for x in self.tiers}
        known = {p.product_id for p in self.products}
        known |= {v.sku for p in self.products for v in p.variants}
        for m in self.members:
            if tiers and m.tier not in tiers:
                raise ValueError(f"member {m.member_id}: tier {m.tier!r} is not in tiers")
            asked = [*m.wishlist, *(i.sku for look in m.app_looks for i in look.items)]
            missing = sorted(set(asked) - known)
            if missing:
                raise ValueError(f"member {m.member_id}: {missing} not in the products")
        return self


# The chain's tiers, for a dataset that lists none (the demo's).
DEMO_TIERS = [
    SeedTier(tier="classic", name_en="Classic Member", name_zh="普通会员", rank=0,
             discount_bp=0, points_per_yuan=1),
    SeedTier(tier="silver", name_en="Silver Member", name_zh="银卡会员", rank=1,
             discount_bp=500, points_per_yuan=1),
    SeedTier(tier="gold", name_en="Gold Member", name_zh="金卡会员", rank=2,
             discount_bp=1000, points_per_yuan=2),
    SeedTier(tier="platinum", name_en="Platinum Member", name_zh="铂金会员", rank=3,
             discount_bp=1500, points_per_yuan=3),
]  # fmt: skip
# The demo members' membership, for a dataset without tiers: points carried over, their
# online shop customer ids, and for Li Na (code 31415926) a wishlist (a shade and a
# garment) and a look saved in the app, which the mirror shows once she consents there.
DEMO_MEMBERSHIP: dict[str, dict[str, Any]] = {
    "M-7QX4KZ2RB9": {
        "points": 2680,
        "shop_customer_id": "7001000013",
        "wishlist": ["LIP-004", "TOP-005", "LIP-010"],
        "app_looks": [
            {
                "look_id": "app-look-li-na-1",
                "items": [
                    {"sku": "LIP-003", "finish": "satin", "intensity": 0.7},
                    {"sku": "TOP-006-S", "size": "S"},
                ],
            }
        ],
    },
    "M-H3W8PD6NTC": {"points": 940, "shop_customer_id": "7001000021"},
    "M-R5J9VL2QFA": {"points": 15200, "shop_customer_id": "7001000039"},
    "M-Z2C6G4X8WM": {"points": 120, "shop_customer_id": "7001000047"},
}


def with_membership(data: Dataset) -> Dataset:
    """`data` with the demo's tiers and membership when it lists no tiers of its own."""
    if data.tiers:
        return data
    filled = data.model_dump()
    filled["tiers"] = [x.model_dump() for x in DEMO_TIERS]
    for member in filled["members"]:
        member.update(DEMO_MEMBERSHIP.get(member["member_id"], {}))
    return Dataset.model_validate(filled)


def load_dataset(path: Path | None = None) -> Dataset:
    path = path or demo_path()
    try:
        return Dataset.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise KioskError(
            f"demo dataset {path} is missing", "restore assets/store/demo.json or use --seed none"
        ) from None
    except (OSError, ValueError, ValidationError) as exc:
        raise KioskError(f"demo dataset {path} is invalid: {exc}", "fix that entry") from None


def seed_demo(conn: Connection, path: Path | None = None, now: datetime | None = None) -> bool:
    """Insert the demo dataset when the database has no locations; True when it did."""
    if conn.execute(select(func.count()).select_from(t.locations)).scalar_one():
        return False
    data = with_membership(load_dataset(path))
    now = now or datetime.now(UTC)
    conn.execute(
        insert(t.locations),
        [
            {
                "location_id": loc.location_id,
                "name": loc.name,
                "kind": loc.kind,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
                "ship_days": loc.ship_days,
                "pickup_time": loc.pickup_time,
                "is_default": loc.default,
            }
            for loc in data.locations
        ],
    )
    product_rows, variant_rows, price_rows = [], [], []
    for position, p in enumerate(data.products):
        product_rows.append(
            {
                "product_id": p.product_id,
                "kind": p.kind,
                "name": p.name,
                "brand": p.brand,
                "finish": p.finish,
                "color_hex": p.color_hex,
                "category": p.category,
                "images": json.dumps(p.images),
                "position": position,
            }
        )
        for vpos, v in enumerate(p.variants):
            variant_rows.append(
                {
                    "sku": v.sku,
                    "product_id": p.product_id,
                    "barcode": v.barcode,
                    "name": v.name,
                    "size": v.size,
                    "color_hex": v.color_hex,
                    "finish": v.finish,
                    "online_variant_id": v.online_variant_id,
                    "position": vpos,
                }
            )
            for channel, amount in v.prices.items():
                cents = int(Decimal(amount) * 100)
                price_rows.append(
                    {
                        "sku": v.sku,
                        "channel": channel,
                        "amount_cents": cents,
                        "currency": data.currency,
                    }
                )
    conn.execute(insert(t.products), product_rows)
    conn.execute(insert(t.variants), variant_rows)
    conn.execute(insert(t.prices), price_rows)
    conn.execute(
        insert(t.stock),
        [
            {
                "sku": s.sku,
                "location_id": s.location_id,
                "on_hand": s.on_hand,
                "reserved": 0,
                "committed": s.committed,
                "safety_stock": s.safety_stock,
                "shelf": s.shelf,
                "updated_at": now,
            }
            for s in data.stock
        ],
    )
    if data.tiers:
        conn.execute(insert(t.membership_tiers), [x.model_dump() for x in data.tiers])
    _seed_members(conn, data.members, now)
    _seed_partners(conn, data.locations)
    for person in data.staff:
        conn.execute(
            insert(t.staff).values(
                staff_id=person.staff_id,
                store_id=person.store_id,
                display_name=person.display_name,
                pin_hash=hash_pin(person.pin),
                active=True,
            )
        )
    return True


def _seed_partners(conn: Connection, locations: list[SeedLocation]) -> None:
    rows = [
        {"store_id": loc.location_id, "partner_id": partner}
        for loc in locations
        for partner in loc.pickup_partners
    ]
    if rows:
        conn.execute(insert(t.pickup_partners), rows)


def _seed_members(conn: Connection, members: list[SeedMember], now: datetime) -> None:
    for m in members:
        conn.execute(
            insert(t.members).values(
                member_id=m.member_id,
                member_number=m.member_number,
                display_name=m.display_name,
                tier=m.tier,
                points=m.points,
                shop_customer_id=m.shop_customer_id,
            )
        )
        # Kept in the app whatever the member decided at a mirror: the mirror shows them
        # only with consent (kiosk.hub.routers.wishlist, .looks).
        for n, sku in enumerate(m.wishlist):
            conn.execute(
                insert(t.wishlist).values(
                    member_id=m.member_id,
                    sku=sku,
                    channel="online",
                    added_at=now - timedelta(days=len(m.wishlist) - n),
                )
            )
        for look in m.app_looks:
            conn.execute(
                insert(t.member_looks).values(
                    look_id=look.look_id,
                    member_id=m.member_id,
                    channel="online",
                    items=json.dumps([i.model_dump(exclude_none=True) for i in look.items]),
                    photo_id=None,
                    store_id=None,
                    kiosk_id=None,
                    created_at=now - timedelta(days=2),
                    deleted_at=None,
                )
            )
        for c in m.codes:
            conn.execute(
                insert(t.member_codes).values(
                    code_hash=hash_secret(c.code),
                    member_id=m.member_id,
                    created_at=now,
                    # A demo card without a date lasts a year from seeding; codes the shop
                    # issues (POST /v1/members/{id}/codes) last minutes.
                    expires_at=(
                        now - timedelta(hours=1)
                        if c.expired
                        else c.expires_at or now + DEMO_CODE_LIFETIME
                    ),
                )
            )
        if m.consent:
            conn.execute(
                insert(t.consents).values(
                    member_id=m.member_id,
                    granted=m.consent.granted,
                    text_version=m.consent.text_version,
                    locale=m.consent.locale,
                    decided_at=m.consent.decided_at,
                    kiosk_id="seed",
                    store_id=None,
                    staff_id=None,
                )
            )
