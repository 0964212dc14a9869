"""The Store API's request and response schemas, defined once for the hub and the client.

Pure pydantic (no other kiosk import), so the hub installs without the kiosk's heavy
dependencies and the client parses exactly what the hub promises. Requests are strict
(unknown fields, wrong types and out-of-range values are refused with the field named);
responses ignore unknown fields so an older client keeps working against a newer hub.
The kept OpenAPI document (docs/openapi.json) is generated from these models.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

API_PREFIX = "/v1"
MAX_QUANTITY = 10
MAX_MOVEMENTS = 500
MAX_EVENTS = 500
MAX_HANDOFF_ITEMS = 20
MAX_MOVEMENT_QUANTITY = 1_000_000
MAX_DWELL_MS = 86_400_000
HOLD_MINUTES_MIN, HOLD_MINUTES_MAX, HOLD_MINUTES_DEFAULT = 5, 2880, 120
# Pickup codes are read aloud and typed: no 0/O or 1/I to confuse.
PICKUP_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PICKUP_CODE_LENGTH = 6
HANDOFF_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
HANDOFF_CODE_LENGTH = 13  # 13 base62 characters = 77 bits of randomness
HANDOFF_CODE_PATTERN = r"^[0-9A-Za-z]{13}$"
# A shopper's photo is their face: its code is longer than a cart's (22 base62 = 131 bits).
PHOTO_CODE_LENGTH = 22
PHOTO_CODE_PATTERN = r"^[0-9A-Za-z]{22}$"
PHOTO_MEDIA_TYPE = "image/jpeg"

SKU_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$"
# Printable ASCII without spaces: CloudEvents ids and sources, idempotency keys.
TOKEN_PATTERN = r"^[!-~]+$"

Sku = Annotated[str, StringConstraints(pattern=SKU_PATTERN)]
Ident = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Barcode = Annotated[str, StringConstraints(pattern=r"^[0-9]{13}$")]
Amount = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,9}\.[0-9]{2}$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
TextVersion = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _plausible_time(value: datetime) -> datetime:
    if not EARLIEST <= value <= LATEST:
        raise ValueError("must be a time from 1970 to 2200 with a UTC offset")
    return value


# JSON has no date type: timestamps arrive as ISO-8601 strings even in strict models.
Timestamp = Annotated[AwareDatetime, Field(strict=False), AfterValidator(_plausible_time)]

PriceChannel = Literal["store", "online"]
StockChannel = Literal["this_store", "nearby", "online"]
LocationKind = Literal["store", "warehouse"]
ProductKind = Literal["shade", "garment"]
ReservationStatus = Literal["held", "cancelled", "expired", "collected"]
MovementKind = Literal[
    "pos_sale", "online_order", "transfer_out", "transfer_in", "count", "receipt", "pick"
]
Locale = Literal["en", "zh-CN"]

EVENT_TYPES = (
    "tryon.session.started",
    "tryon.product.tried",
    "tryon.look.saved",
    "tryon.handoff.created",
    "tryon.reservation.made",
    "tryon.session.ended",
    "tryon.consent.given",
    "tryon.consent.withdrawn",
)
# Event types that make up a member's try-on history.
HISTORY_EVENT_TYPES = ("tryon.product.tried", "tryon.look.saved")


def ean13_check_digit(first12: str) -> int:
    """The GS1 check digit for the first 12 digits of an EAN-13."""
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError("an EAN-13 body is 12 digits")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def is_valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and ean13_check_digit(code[:12]) == int(code[12])


def available_units(on_hand: int, reserved: int, committed: int, safety_stock: int) -> int:
    """What can still be sold or held: never below zero (Shopify's `available`)."""
    return max(0, on_hand - reserved - committed - safety_stock)


class Request(BaseModel):
    """A request body: strict types, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Response(BaseModel):
    """A response body: unknown fields ignored so old clients read newer hubs."""

    model_config = ConfigDict(extra="ignore")


# ---- errors -------------------------------------------------------------------------------


class FieldError(Response):
    field: str | None
    message: str


class ErrorDetail(Response):
    code: str = Field(examples=["validation_error", "not_found", "out_of_stock"])
    message: str
    field: str | None = None
    details: list[FieldError] | None = None


class ErrorBody(Response):
    error: ErrorDetail


# ---- health -------------------------------------------------------------------------------


class Health(Response):
    status: Literal["ok", "degraded"]
    db: Literal["ok", "down"]
    version: str


class FleetConfig(Response):
    """The settings overlays the hub holds for the calling kiosk: its store's, then its own
    (TOML text, kiosk/config.py's sections and keys; empty when there is none). `version`
    changes whenever either does; the kiosk validates them before it keeps them."""

    version: str
    store: str = ""
    kiosk: str = ""


# ---- catalog ------------------------------------------------------------------------------


class Price(Response):
    channel: PriceChannel
    amount: Amount = Field(description="decimal string, e.g. 229.00")
    currency: Currency


class Variant(Response):
    sku: str
    barcode: str = Field(description="EAN-13 with a valid check digit")
    product_id: str
    name: str
    size: str | None = None
    color_hex: str | None = None
    finish: str | None = None
    prices: list[Price]

    @field_validator("barcode")
    @classmethod
    def _ean13(cls, value: str) -> str:
        if not is_valid_ean13(value):
            raise ValueError(f"{value!r} is not an EAN-13 with a valid check digit")
        return value


class Product(Response):
    product_id: str
    kind: ProductKind
    name: str
    brand: str | None = None
    finish: str | None = None
    color_hex: str | None = None
    category: str | None = None
    images: list[str] = []
    variants: list[Variant]


class ProductList(Response):
    products: list[Product]


# ---- stock --------------------------------------------------------------------------------


class ChannelStock(Response):
    channel: StockChannel
    location_id: str
    location_name: str
    kind: LocationKind
    distance_km: float | None = None
    ship_days: int | None = None
    pickup_time: str | None = Field(default=None, examples=["Ready in 2 hours"])
    on_hand: int
    reserved: int
    committed: int
    safety_stock: int
    available: int = Field(description="max(0, on_hand - reserved - committed - safety_stock)")
    shelf: int | None = None
    back_room: int | None = None
    price: Price
    updated_at: datetime


class StockReport(Response):
    sku: str
    store_id: str
    as_of: datetime
    price_consistent: bool
    channels: list[ChannelStock] = Field(
        description="this store first, then nearby stores by distance, then online"
    )


# ---- reservations -------------------------------------------------------------------------


class ReservationCreate(Request):
    sku: Sku
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    location_id: Ident | None = Field(default=None, description="default: the caller's store")
    hold_minutes: int = Field(
        default=HOLD_MINUTES_DEFAULT, ge=HOLD_MINUTES_MIN, le=HOLD_MINUTES_MAX
    )


class Reservation(Response):
    reservation_id: str
    sku: str
    quantity: int
    location_id: str
    pickup_code: str
    status: ReservationStatus
    created_at: datetime
    expires_at: datetime
    at_risk: bool = Field(
        default=False,
        description="a sale took units this hold was promised: check the shelf before pickup",
    )


# ---- movements ----------------------------------------------------------------------------


class Movement(Request):
    movement_id: Ident = Field(description="idempotency: a movement id is applied once")
    kind: MovementKind
    sku: Sku
    location_id: Ident
    quantity: int = Field(
        ge=0, le=MAX_MOVEMENT_QUANTITY, description="units moved; for `count` the on-hand total"
    )
    occurred_at: Timestamp | None = None

    @model_validator(mode="after")
    def _positive_unless_count(self) -> Movement:
        if self.kind != "count" and self.quantity < 1:
            raise ValueError(f"quantity must be at least 1 for a {self.kind} (0 only for count)")
        return self


class MovementBatch(Request):
    movements: list[Movement] = Field(min_length=1, max_length=MAX_MOVEMENTS)


class MovementResult(Response):
    applied: int
    duplicates: int


# ---- hand-offs (issue 7) ------------------------------------------------------------------


class HandoffItem(Request):
    sku: Sku
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class HandoffCreate(Request):
    items: list[HandoffItem] = Field(min_length=1, max_length=MAX_HANDOFF_ITEMS)
    session_id: Ident
    member_id: Ident | None = None
    staff_id: Ident | None = None

    @model_validator(mode="after")
    def _distinct_skus(self) -> HandoffCreate:
        skus = [item.sku for item in self.items]
        repeated = sorted({s for s in skus if skus.count(s) > 1})
        if repeated:
            raise ValueError(
                f"items repeat SKU(s) {repeated}: give each SKU once with its quantity"
            )
        return self


class Handoff(Response):
    code: str
    short_url: str
    expires_at: datetime


# ---- shoppers' photos (issue 12) ---------------------------------------------------------
# The upload is the JPEG itself (Content-Type: image/jpeg), not JSON.


class Photo(Response):
    """An uploaded photo: `url` opens it on the shopper's phone until `expires_at`;
    `photo_id` is what the kiosk deletes it by (the code in the URL is the phone's key)."""

    photo_id: str
    url: str
    expires_at: datetime


# ---- members and consent (issue 7) --------------------------------------------------------


class ConsentUpdate(Request):
    granted: bool
    text_version: TextVersion
    locale: Locale
    staff_id: Ident | None = Field(
        default=None,
        description="optional; must be the staff member of the request's X-Staff-Session "
        "(the hub records the session's staff id, never a typed one)",
    )


class Consent(Response):
    member_id: str
    granted: bool
    text_version: str
    locale: Locale
    decided_at: datetime
    kiosk_id: str
    store_id: str | None = None
    staff_id: str | None = None


class Member(Response):
    member_id: str
    display_name: str
    tier: str
    consent: Consent | None = None


# ---- events (issue 7) ---------------------------------------------------------------------


class CloudEvent(Request):
    """A CloudEvents 1.0 JSON event; `data` is an object (see EVENT_TYPES)."""

    specversion: Literal["1.0"]
    id: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=TOKEN_PATTERN)]
    source: Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=TOKEN_PATTERN)]
    type: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9._-]{0,99}$")]
    time: Timestamp
    datacontenttype: Literal["application/json"] | None = "application/json"
    subject: Annotated[str, StringConstraints(max_length=200, pattern=TOKEN_PATTERN)] | None = None
    dataschema: Annotated[str, StringConstraints(max_length=500, pattern=TOKEN_PATTERN)] | None = (
        None
    )
    data: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_data_fields(self) -> CloudEvent:
        member = self.data.get("member_id")
        if member is not None and not (isinstance(member, str) and _is_ident(member)):
            raise ValueError("data.member_id must be a member id string (letters, digits, -_.:@)")
        sku = self.data.get("sku")
        if sku is not None and not (isinstance(sku, str) and _is_sku(sku)):
            raise ValueError("data.sku must be a SKU string such as LIP-001")
        dwell = self.data.get("dwell_ms")
        if dwell is not None and not (
            type(dwell) is int and 0 <= dwell <= MAX_DWELL_MS  # bool is not a dwell time
        ):
            raise ValueError(f"data.dwell_ms must be an integer from 0 to {MAX_DWELL_MS}")
        return self


class EventBatch(Request):
    events: list[CloudEvent] = Field(min_length=1, max_length=MAX_EVENTS)


class EventResult(Response):
    accepted: int
    duplicates: int
    redacted: int = Field(
        default=0,
        description="events whose member_id was dropped: no consent when the hub received "
        "them, or the member was not present at this kiosk",
    )
    dropped_fields: int = Field(
        default=0, description="data fields dropped because their event type does not allow them"
    )


class TryOn(Response):
    sku: str | None
    dwell_ms: int | None
    time: datetime
    store_id: str | None
    kiosk_id: str | None
    type: str


class MemberHistory(Response):
    member_id: str
    tryons: list[TryOn]


def _is_ident(value: str) -> bool:
    return re.fullmatch(ID_PATTERN, value) is not None


def _is_sku(value: str) -> bool:
    return re.fullmatch(SKU_PATTERN, value) is not None


# ---- member codes and staff sessions (issue 13) --------------------------------------------

MEMBER_CODE_DIGITS = 8  # the code a member types from their app
MEMBER_CODE_MINUTES = 5
MEMBER_QR_PREFIX = "KMEMBER:1:"
StaffPin = Annotated[str, StringConstraints(pattern=r"^[0-9]{4,12}$")]


class MemberCode(Response):
    """A fresh member code, shown once: `code` to type at a kiosk, `qr` to show to its
    camera. Only their SHA-256 is kept; both stop working at `expires_at`."""

    code: str = Field(examples=["31415926"])
    qr: str = Field(examples=["KMEMBER:1:Q7X4B9ZC2RTA"])
    expires_at: datetime


class StaffSessionCreate(Request):
    staff_id: Ident
    pin: StaffPin


class StaffSession(Response):
    """A staff session on this kiosk: send `session` as `X-Staff-Session` until `expires_at`."""

    session: str
    staff_id: str
    display_name: str
    store_id: str
    expires_at: datetime
