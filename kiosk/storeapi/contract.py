"""The Store API's request and response schemas, defined once for the hub and the client.

Pure pydantic (no other kiosk import), so the hub installs without the kiosk's heavy
dependencies and the client parses exactly what the hub promises. Requests are strict
(unknown fields, wrong types and out-of-range values are refused with the field named);
responses ignore unknown fields so an older client keeps working against a newer hub.
The kept OpenAPI document (docs/openapi.json) is generated from these models.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
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


# ---- lookbooks (issue 17) -----------------------------------------------------------------
# A styling session's looks (up to four), each up to a lip shade and a garment (later eye
# and cheek products): saved to a consenting member's account, or behind a QR code for
# anyone (16 base62 = 95 bits: products and prices, no face, no person).
MAX_LOOKS = 4
MAX_LOOK_ITEMS = 6
LOOKBOOK_CODE_LENGTH = 16
LOOKBOOK_CODE_PATTERN = r"^[0-9A-Za-z]{16}$"
Finish = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_-]{0,31}$")]
Size = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ./-]{0,15}$")]


class LookItem(Request):
    """One product of a look with the options it was worn with."""

    sku: Sku = Field(
        description="a variant's SKU (LIP-001, TOP-001-M), or a garment's product id "
        "(TOP-001) when no size was noted"
    )
    intensity: float | None = Field(
        default=None, ge=0, le=1, allow_inf_nan=False, description="a shade's strength, 0..1"
    )
    finish: Finish | None = Field(default=None, examples=["matte"])
    size: Size | None = Field(
        default=None, description="the garment's size, if noted; must be the variant's"
    )


class Look(Request):
    items: list[LookItem] = Field(min_length=1, max_length=MAX_LOOK_ITEMS)

    @model_validator(mode="after")
    def _distinct_skus(self) -> Look:
        skus = [item.sku for item in self.items]
        repeated = sorted({s for s in skus if skus.count(s) > 1})
        if repeated:
            raise ValueError(f"a look repeats SKU(s) {repeated}: give each product once")
        return self


class LookbookCreate(Request):
    """The looks of a styling session. With `member_id` they are saved to that member's
    account (their consent granted, and the member present at this kiosk or staff with a
    reason); without, anyone with the returned link sees them until it expires. The staff
    member is the request's staff session's (X-Staff-Session), never a field here."""

    session_id: Ident
    looks: list[Look] = Field(min_length=1, max_length=MAX_LOOKS)
    member_id: Ident | None = None


class Lookbook(Response):
    """A saved lookbook: `url` (for the QR) and `expires_at` for an anonymous one; both
    None when it went to the member's account (kept there, no link)."""

    lookbook_id: str
    url: str | None = None
    expires_at: datetime | None = None


class SavedLookItem(Response):
    sku: str
    intensity: float | None = None
    finish: str | None = None
    size: str | None = None


class SavedLook(Response):
    items: list[SavedLookItem]


class SavedLookbook(Response):
    """A lookbook on a member's account, with where and by whom it was made (for crediting
    an order started from it: the same attributes as a hand-off's)."""

    lookbook_id: str
    created_at: datetime
    store_id: str
    kiosk_id: str
    staff_id: str | None = None
    session_id: str
    looks: list[SavedLook]


class MemberLookbooks(Response):
    member_id: str
    lookbooks: list[SavedLookbook] = Field(description="newest first")


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
    """A CloudEvents 1.0 JSON event; `data` is an object (see EVENT_TYPES, and the online
    shop's SHOP_EVENT_TYPES)."""

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
        "them (or at their own time), or, from a mirror, the member was not present at this "
        "kiosk",
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


# ---- orders from the online shop, and sales started at mirrors (issue 17) -------------------

MAX_ORDER_LINES = 1000
REPORT_MAX_DAYS = 366
# A shop's decimal amount ("229.00", "0.5", "1000"): at most two decimals, never negative.
ShopAmount = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,13}(\.[0-9]{1,2})?$")]


class ShopifyLineItem(BaseModel):
    """One line of the order: only what the hub reads (the rest is ignored)."""

    model_config = ConfigDict(extra="ignore")

    sku: Annotated[str, StringConstraints(max_length=255)] | None = None
    variant_id: Annotated[int, Field(ge=0, le=2**63 - 1)] | None = None
    quantity: int = Field(ge=0, le=MAX_MOVEMENT_QUANTITY)
    price: ShopAmount = Field(description="the unit price, a decimal string")


class ShopifyNoteAttribute(BaseModel):
    """A cart attribute the checkout link set (`attributes[store]=...` -> name `store`)."""

    model_config = ConfigDict(extra="ignore")

    name: Annotated[str, StringConstraints(max_length=100)]
    value: Any = None


class ShopifyCustomer(BaseModel):
    """The order's customer: only the shop's id for them is read (the member whose
    `shop_customer_id` it is earns the order's points); name, e-mail and the rest are
    ignored and never stored."""

    model_config = ConfigDict(extra="ignore")

    id: int | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_or_none(cls, value: Any) -> int | None:
        """An id the hub cannot read earns no points; it never refuses the order."""
        if type(value) is int and 0 <= value < 2**63:
            return value
        if isinstance(value, str) and value.isdigit() and len(value) <= 19:
            number = int(value)
            return number if number < 2**63 else None
        return None


class ShopifyOrder(BaseModel):
    """The order as Shopify's `orders/create` webhook sends it. Only these fields are read;
    every other one (the customer's name, e-mail, addresses, ...) is ignored and never
    stored."""

    model_config = ConfigDict(extra="ignore")

    id: Annotated[int, Field(ge=0, le=2**63 - 1)]
    created_at: Timestamp
    currency: Currency
    total_price: ShopAmount
    line_items: list[ShopifyLineItem] = Field(default_factory=list, max_length=MAX_ORDER_LINES)
    note_attributes: list[ShopifyNoteAttribute] = Field(default_factory=list, max_length=200)
    landing_site: Annotated[str, StringConstraints(max_length=8000)] | None = None
    landing_site_ref: Annotated[str, StringConstraints(max_length=200)] | None = None
    customer: ShopifyCustomer | None = None
    test: bool = False

    @field_validator("customer", mode="before")
    @classmethod
    def _customer_or_none(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else None


class OrderCredit(Response):
    """Who the order is credited to: the store, kiosk, staff member and session of the
    hand-off (or lookbook) it came through, or what of the cart's attributes the hub could
    check; all None for a sale that did not start at a mirror."""

    store_id: str | None = None
    kiosk_id: str | None = None
    staff_id: str | None = None
    session_id: str | None = None
    verified: bool = Field(
        default=False,
        description="matched to a hand-off or lookbook this hub issued (else: the cart's "
        "attributes alone, each checked)",
    )


class OrderReceipt(Response):
    order_id: str
    outcome: Literal["stored", "duplicate", "updated", "ignored"] = Field(
        description="stored (new), duplicate (a redelivery), updated (the same order with "
        "changed lines or money: the latest delivery wins, the credit stays), ignored (a test "
        "order)"
    )
    credited: OrderCredit


class Money(Response):
    currency: str
    cents: int


class SalesFigures(Response):
    orders: int = Field(description="orders credited (placed that day)")
    units: int = Field(description="units in those orders")
    revenue: list[Money] = Field(description="the orders' totals, one entry per currency")
    sessions: int = Field(description="try-on sessions started (tryon.session.started events)")
    handoffs: int = Field(description="hand-offs created (kept --retention-days after expiry)")


class SalesRow(SalesFigures):
    day: date = Field(description="the local day in the report's time zone")
    store_id: str
    staff_id: str | None = Field(description="None: no staff member (or none the hub vouched for)")
    staff_name: str | None = None


class SalesReport(Response):
    """Sales started at mirrors per store, staff member and day, from `first_day` to
    `last_day` (both included, local days in `time_zone`)."""

    first_day: date
    last_day: date
    time_zone: str
    store_id: str | None = Field(description="the one store reported on; None: every store")
    rows: list[SalesRow]
    totals: SalesFigures


# ---- a kiosk's health report, for the managers' dashboard (issue 17) --------------------------

KIOSK_REPORT_MAX_BYTES = 16_384  # a report is about 500 bytes; anything near this is not one
_Short = Annotated[str, StringConstraints(max_length=200)]
_Seconds = Annotated[float, Field(ge=0, le=1e10, allow_inf_nan=False)]


class KioskCameraHealth(Request):
    ok: bool
    state: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,32}$")] = Field(
        description="starting, running, reconnecting, ended, stopped, or closed_by_staff"
    )
    last_frame_age_s: _Seconds | None = None


class KioskHubHealth(Request):
    reachable: bool
    embedded: bool
    breaker: Literal["closed", "open", "half_open"]
    description: _Short


class KioskHealthReport(Request):
    """A kiosk's own health as its loopback `/healthz` serves it (kiosk/ops/health.py):
    states, counts and rates only, never an image, an address or a person."""

    status: Literal["ok", "degraded"]
    problems: list[_Short] = Field(max_length=10)
    camera: KioskCameraHealth
    tracking_fps: float = Field(ge=0, le=1000, allow_inf_nan=False)
    compositor: Literal["gpu", "cpu"]
    hub: KioskHubHealth
    outbox_depth: int | None = Field(
        default=None, ge=0, le=1_000_000_000, description="None: unreadable"
    )
    uptime_s: _Seconds
    version: Annotated[str, StringConstraints(max_length=64)]


# ---- one shopper across channels (issue 18) ------------------------------------------------
# The online shop posts its own events through POST /events (its credential, its types
# only); a member's wishlist, saved looks, membership and suggestions are resources both the
# mirror (the member signed in there) and the shop (its signed-in member) read.

SHOP_EVENT_TYPES = (
    "shop.product.viewed",
    "shop.look.tried",
    "shop.wishlist.added",
    "shop.wishlist.removed",
    "shop.order.placed",
)
MemberChannel = Literal["mirror", "online"]
MAX_MEMBERSHIP_SKUS = 50
MAX_SUGGESTIONS = 20


class Texts(Response):
    """One line in both of the mirror's languages."""

    en: str
    zh_CN: str = Field(validation_alias=AliasChoices("zh-CN", "zh_CN"), serialization_alias="zh-CN")


class WishlistItem(Response):
    """A product on the member's wishlist. `try_on` is what the mirror puts on: the shade's
    SKU, or the garment's product id (its size chosen at the mirror)."""

    sku: str = Field(description="as wished for: a variant's SKU or a garment's product id")
    product_id: str
    kind: ProductKind
    name: str = Field(description="the product's name")
    try_on: str = Field(description="the shade's SKU, or the garment's product id")
    size: str | None = None
    color_hex: str | None = None
    finish: str | None = None
    channel: MemberChannel = Field(description="where it was wished for")
    added_at: datetime


class Wishlist(Response):
    member_id: str
    items: list[WishlistItem] = Field(description="newest first")


class MemberLookItem(Response):
    """One product of a saved look with the options it was worn with; `name`, `kind` and
    `product_id` are None for a product no longer in the catalog."""

    sku: str
    product_id: str | None = None
    kind: ProductKind | None = None
    name: str | None = None
    try_on: str | None = Field(
        default=None, description="the shade's SKU, or the garment's product id"
    )
    color_hex: str | None = None
    finish: str | None = None
    intensity: float | None = None
    size: str | None = None


class MemberLook(Response):
    """A look the member saved at the mirror (channel mirror: a look saved there, or one of
    a lookbook a stylist saved to their account) or in the app (channel online)."""

    look_id: str
    channel: MemberChannel
    created_at: datetime
    store_id: str | None = None
    lookbook_id: str | None = Field(
        default=None,
        description="set for a look of a lookbook (deleted with DELETE /lookbooks/{id})",
    )
    items: list[MemberLookItem]
    photo_url: str | None = Field(
        default=None,
        description="the photo the member chose to keep with the look, while it lasts (an "
        "API path: fetch it with the same credential); None without one or once expired",
    )
    photo_expires_at: datetime | None = None


class MemberLooks(Response):
    member_id: str
    looks: list[MemberLook] = Field(description="newest first")


class MemberPrice(Response):
    """A product's price in the caller's channel and the member's price for it."""

    sku: str
    price: Price
    member_price: Price


class Membership(Response):
    """The member's tier, points and member prices: the same numbers at the mirror and in
    the online shop (each in its own channel's prices)."""

    member_id: str
    tier: str
    tier_name: Texts
    rank: int = 0
    points: int = Field(description="the carried-over balance plus the points earned since")
    discount_bp: int = Field(description="the member price's discount in basis points")
    points_per_yuan: int
    channel: PriceChannel = Field(description="whose prices: the store's (a kiosk), online's")
    prices: list[MemberPrice] = Field(description="one per ?sku=, in the order asked")


class SuggestionItem(Response):
    """A product suggested for the member and why, in one line in both languages."""

    sku: str = Field(description="a shade's SKU or a garment's product id (what to put on)")
    product_id: str
    kind: ProductKind
    name: str
    color_hex: str | None = None
    score: float
    reason: Literal["together", "popular"]
    because_sku: str | None = None
    because_name: str | None = None
    reason_text: Texts


class Suggestions(Response):
    member_id: str
    items: list[SuggestionItem] = Field(description="best first")
