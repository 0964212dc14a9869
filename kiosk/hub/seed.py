"""Seed an empty hub database from the demo dataset (assets/store/demo.json).

The dataset is validated before anything is written, so a typo names the entry and
the field; seeding only happens when the database holds no locations yet, inside the
migration transaction (so two hubs starting at once seed once).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
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


class SeedMember(_Strict):
    member_id: str
    member_number: str
    display_name: str
    tier: str
    codes: list[SeedCode]
    consent: SeedConsent | None = None


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
    members: list[SeedMember] = []
    staff: list[SeedStaff] = []


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
    data = load_dataset(path)
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
