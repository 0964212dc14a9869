"""The hub's tables (SQLAlchemy Core). Alembic migrations create them; this is the map.

Money is integer cents (exact on both databases). Every quantity has a CHECK so a bug
cannot write a negative hold; `available` is never stored, always computed.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from kiosk.hub.db import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

locations = Table(
    "locations",
    metadata,
    Column("location_id", String(128), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),  # store | warehouse
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("ship_days", Integer, nullable=True),
    Column("pickup_time", String(100), nullable=True),
    Column("is_default", Boolean, nullable=False, default=False),
    CheckConstraint("kind in ('store', 'warehouse')", name="kind"),
)

# Stores whose kiosks may hold stock here for pickup (the chain's config): a kiosk holds at
# its own store and at the partners listed for it.
pickup_partners = Table(
    "pickup_partners",
    metadata,
    Column("store_id", String(128), ForeignKey("locations.location_id"), primary_key=True),
    Column("partner_id", String(128), ForeignKey("locations.location_id"), primary_key=True),
)

products = Table(
    "products",
    metadata,
    Column("product_id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("name", String(200), nullable=False),
    Column("brand", String(100), nullable=True),
    Column("finish", String(32), nullable=True),
    Column("color_hex", String(16), nullable=True),
    Column("category", String(64), nullable=True),
    Column("images", Text, nullable=False, default="[]"),  # JSON list of URLs
    Column("position", Integer, nullable=False, default=0),
)

variants = Table(
    "variants",
    metadata,
    Column("sku", String(64), primary_key=True),
    Column("product_id", String(64), ForeignKey("products.product_id"), nullable=False),
    Column("barcode", String(13), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("size", String(16), nullable=True),
    Column("color_hex", String(16), nullable=True),
    Column("finish", String(32), nullable=True),
    Column("online_variant_id", String(64), nullable=True),
    Column("position", Integer, nullable=False, default=0),
    Index("ix_variants_product", "product_id"),
)

prices = Table(
    "prices",
    metadata,
    Column("sku", String(64), ForeignKey("variants.sku"), primary_key=True),
    Column("channel", String(16), primary_key=True),  # store | online
    Column("amount_cents", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    CheckConstraint("amount_cents >= 0", name="amount"),
)

stock = Table(
    "stock",
    metadata,
    Column("sku", String(64), ForeignKey("variants.sku"), primary_key=True),
    Column("location_id", String(128), ForeignKey("locations.location_id"), primary_key=True),
    Column("on_hand", Integer, nullable=False, default=0),
    Column("reserved", Integer, nullable=False, default=0),
    Column("committed", Integer, nullable=False, default=0),
    Column("safety_stock", Integer, nullable=False, default=0),
    Column("shelf", Integer, nullable=True),  # stores only; back room = on_hand - shelf
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("on_hand >= 0", name="on_hand"),
    CheckConstraint("reserved >= 0", name="reserved"),
    CheckConstraint("committed >= 0", name="committed"),
    CheckConstraint("safety_stock >= 0", name="safety_stock"),
)

reservations = Table(
    "reservations",
    metadata,
    Column("reservation_id", String(40), primary_key=True),
    Column("sku", String(64), ForeignKey("variants.sku"), nullable=False),
    Column("location_id", String(128), ForeignKey("locations.location_id"), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("pickup_code", String(8), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("kiosk_id", String(128), nullable=False),
    Column("staff_id", String(128), nullable=True),  # the staff session it was made in
    Column("idempotency_key", String(200), nullable=False),
    Column("request_hash", String(64), nullable=False),
    # A sale took units this hold was promised: staff must check the shelf before pickup.
    Column("at_risk", Boolean, nullable=False, default=False, server_default="0"),
    UniqueConstraint("kiosk_id", "idempotency_key", name="uq_reservations_idempotency"),
    Index("ix_reservations_held", "status", "expires_at"),
    Index("ix_reservations_closed_at", "closed_at"),
    Index("ix_reservations_sku_held", "sku", "status", "expires_at"),
    CheckConstraint("quantity > 0", name="quantity"),
)

# A movement's id is its sender's idempotency key: unique per source (the credential that
# sent it), and `request_hash` tells a retry (same body) from a reused id (409).
movements = Table(
    "movements",
    metadata,
    Column("source", String(128), primary_key=True),
    Column("movement_id", String(128), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("location_id", String(128), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("occurred_at", UTCDateTime, nullable=True),
    Column("applied_at", UTCDateTime, nullable=False),
    Column("kiosk_id", String(128), nullable=False),  # which integration pushed it
    Column("request_hash", String(64), nullable=False, server_default=""),
)

tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 hex of the bearer token
    Column("kiosk_id", String(128), nullable=False),  # the principal's id (kiosk, POS, ...)
    Column("store_id", String(128), nullable=True),  # the location it acts for
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
    # kiosk | pos | backoffice | shop (kiosk.hub.policy)
    Column("role", String(16), nullable=False, default="kiosk", server_default="kiosk"),
    Column("expires_at", UTCDateTime, nullable=True),  # None: until revoked or rotated
    Index("ix_tokens_kiosk", "kiosk_id"),
)

# Store staff: a PIN (salted scrypt) opens a short staff session on a kiosk of their store.
staff = Table(
    "staff",
    metadata,
    Column("staff_id", String(128), primary_key=True),
    Column("store_id", String(128), ForeignKey("locations.location_id"), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("pin_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False, default=True, server_default="1"),
)

# A staff session: only the SHA-256 of its bearer secret is stored.
staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("staff_id", String(128), ForeignKey("staff.staff_id"), nullable=False),
    Column("store_id", String(128), nullable=False),
    Column("kiosk_id", String(128), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=True),
    Index("ix_staff_sessions_expires_at", "expires_at"),
)

handoffs = Table(
    "handoffs",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("items", Text, nullable=False),  # JSON [{sku, quantity}]
    Column("store_id", String(128), nullable=True),
    Column("kiosk_id", String(128), nullable=False),
    Column("staff_id", String(128), nullable=True),
    Column("session_id", String(128), nullable=False),
    Column("member_id", String(128), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("scans", Integer, nullable=False, default=0),
    Column("last_scanned_at", UTCDateTime, nullable=True),
    Index("ix_handoffs_expires_at", "expires_at"),
)

handoff_scans = Table(
    "handoff_scans",
    metadata,
    Column("scan_id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(32), ForeignKey("handoffs.code"), nullable=False),
    Column("scanned_at", UTCDateTime, nullable=False),
    Column("outcome", String(16), nullable=False),  # redirected | expired
    Index("ix_handoff_scans_code", "code"),
    Index("ix_handoff_scans_scanned_at", "scanned_at"),
)

members = Table(
    "members",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("member_number", String(32), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("tier", String(32), nullable=False),
    # The balance carried over from the loyalty system; points earned since are rows of
    # `points_ledger` (the balance shown is their sum, one source for mirror and shop).
    Column("points", BigInteger, nullable=False, default=0, server_default="0"),
    # The online shop's customer id for this member (Shopify `customer.id`): an order the
    # shop's webhook delivers for that customer earns this member's points.
    Column("shop_customer_id", String(64), nullable=True),
    Index("uq_members_shop_customer_id", "shop_customer_id", unique=True),
)

# Membership tiers: what each tier is called on screen, its member price (a discount in
# basis points off the channel's price) and how many points a yuan spent earns.
membership_tiers = Table(
    "membership_tiers",
    metadata,
    Column("tier", String(32), primary_key=True),
    Column("name_en", String(64), nullable=False),
    Column("name_zh", String(64), nullable=False),
    Column("rank", Integer, nullable=False, default=0),
    Column("discount_bp", Integer, nullable=False, default=0),
    Column("points_per_yuan", Integer, nullable=False, default=1),
    CheckConstraint("discount_bp >= 0 AND discount_bp <= 5000", name="discount"),
    CheckConstraint("points_per_yuan >= 0", name="points_rate"),
)

# Points earned (or spent) since the carried-over balance, each once: an order earns once
# however often its webhook is delivered (unique source + ref).
points_ledger = Table(
    "points_ledger",
    metadata,
    Column("entry_id", Integer, primary_key=True, autoincrement=True),
    Column("member_id", String(128), ForeignKey("members.member_id"), nullable=False),
    Column("source", String(32), nullable=False),  # order
    Column("ref", String(300), nullable=False),  # e.g. the order's source:order_id
    Column("points", BigInteger, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("source", "ref", name="uq_points_ledger_source_ref"),
    Index("ix_points_ledger_member", "member_id"),
)

# A member's wishlist, shared by the app and the mirror (one row per product variant).
wishlist = Table(
    "wishlist",
    metadata,
    Column("member_id", String(128), ForeignKey("members.member_id"), primary_key=True),
    Column("sku", String(64), primary_key=True),
    Column("channel", String(16), nullable=False),  # online | mirror: where it was wished for
    Column("added_at", UTCDateTime, nullable=False),
)

# Looks a member saved, in the app (channel online) or at the mirror (channel mirror):
# the products with the shade's finish and intensity or the garment's size, and a photo
# only if the member chose to keep one with it.
member_looks = Table(
    "member_looks",
    metadata,
    Column("look_id", String(64), primary_key=True),
    Column("member_id", String(128), ForeignKey("members.member_id"), nullable=False),
    Column("channel", String(16), nullable=False),  # online | mirror
    Column("items", Text, nullable=False),  # JSON [{"sku", "finish", "intensity", "size"}]
    Column("photo_id", String(32), nullable=True),
    Column("store_id", String(128), nullable=True),
    Column("kiosk_id", String(128), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("deleted_at", UTCDateTime, nullable=True),
    Index("ix_member_looks_member", "member_id", "created_at"),
)

# A member's code from the brand's app (scanned QR or typed digits): short-lived, and only
# its SHA-256 is stored.
member_codes = Table(
    "member_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("member_id", String(128), ForeignKey("members.member_id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_member_codes_expires_at", "expires_at"),
)

# The member is at this kiosk: their fresh code was looked up there (or staff vouched).
# Consent from a kiosk and try-ons attributed to a member need one that is live.
member_presence = Table(
    "member_presence",
    metadata,
    Column("presence_id", Integer, primary_key=True, autoincrement=True),
    Column("member_id", String(128), ForeignKey("members.member_id"), nullable=False),
    Column("kiosk_id", String(128), nullable=False),
    Column("store_id", String(128), nullable=True),
    Column("staff_id", String(128), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_member_presence_kiosk_member", "kiosk_id", "member_id", "expires_at"),
)

consents = Table(
    "consents",
    metadata,
    Column("consent_id", Integer, primary_key=True, autoincrement=True),
    Column("member_id", String(128), ForeignKey("members.member_id"), nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("text_version", String(40), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Column("kiosk_id", String(128), nullable=False),
    Column("store_id", String(128), nullable=True),
    Column("staff_id", String(128), nullable=True),
    Index("ix_consents_member_time", "member_id", "decided_at"),
)

events = Table(
    "events",
    metadata,
    Column("source", String(500), primary_key=True),
    Column("event_id", String(200), primary_key=True),
    Column("type", String(100), nullable=False),
    Column("time", UTCDateTime, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("kiosk_id", String(128), nullable=False),
    Column("store_id", String(128), nullable=True),
    Column("member_id", String(128), nullable=True),
    Column("staff_id", String(128), nullable=True),  # sent in a staff session
    Column("session_id", String(128), nullable=True),  # the shopper's session at the mirror
    Column("sku", String(64), nullable=True),
    Column("dwell_ms", Integer, nullable=True),
    Column("redacted", Boolean, nullable=False, default=False),
    Column("data", Text, nullable=False),  # JSON, ASCII-escaped
    Index("ix_events_member_time", "member_id", "time"),
    Index("ix_events_store_time", "store_id", "time"),  # the managers' view, per store and day
)

# A shopper's photo for their phone. The JPEG lives in the row (`data`) so every hub process
# behind one database serves it and deleting it is one transaction with its row; `data` is
# emptied (and `deleted_at` set) at expiry or when the kiosk deletes it, and the row itself
# goes some days later (until then the phone hears "expired", not "unknown"). The code in
# the phone's URL is not stored, only its SHA-256: the database alone opens no photo.
photos = Table(
    "photos",
    metadata,
    Column("photo_id", String(32), primary_key=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("store_id", String(128), nullable=False),
    Column("kiosk_id", String(128), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("deleted_at", UTCDateTime, nullable=True),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("data", LargeBinary, nullable=True),
    Index("ix_photos_expires_at", "expires_at"),
)

# ---- issue 17: staff styling, sales started at mirrors, the managers' view ---------------

# An order from the online shop (its webhook, HMAC-verified), attributed through the
# hand-off's attributes to the store, kiosk, staff member and session that started it.
# Keyed by (source, order_id): the shop credential that sent it and the shop's own id, so
# a redelivered webhook is the same order (request_hash tells a retry from a changed body).
orders = Table(
    "orders",
    metadata,
    Column("source", String(128), primary_key=True),
    Column("order_id", String(128), primary_key=True),
    Column("placed_at", UTCDateTime, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("total_cents", BigInteger, nullable=False),
    Column("handoff_code", String(32), nullable=True),  # the QR's code, when it came through one
    Column("store_id", String(128), nullable=True),  # credited to (None: not started at a mirror)
    Column("kiosk_id", String(128), nullable=True),
    Column("staff_id", String(128), nullable=True),
    Column("session_id", String(128), nullable=True),
    Column("member_id", String(128), nullable=True),
    Column("request_hash", String(64), nullable=False),
    Index("ix_orders_store_placed", "store_id", "placed_at"),
    Index("ix_orders_staff_placed", "staff_id", "placed_at"),
    CheckConstraint("total_cents >= 0", name="total"),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("source", String(128), primary_key=True),
    Column("order_id", String(128), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("sku", String(64), nullable=False),  # as the shop sent it (may be unknown here)
    Column("quantity", Integer, nullable=False),
    Column("unit_price_cents", BigInteger, nullable=False),
    Index("ix_order_lines_sku", "sku"),
    CheckConstraint("quantity > 0", name="quantity"),
    CheckConstraint("unit_price_cents >= 0", name="unit_price"),
)

# A styling session's looks (up to four: a shade, a garment, ...), saved to a consenting
# member's account (member_id, no expiry) or handed to an anonymous shopper by QR (a page
# on the hub; only the SHA-256 of the link's code is stored, and it expires like a photo).
lookbooks = Table(
    "lookbooks",
    metadata,
    Column("lookbook_id", String(32), primary_key=True),
    Column("code_hash", String(64), nullable=True, unique=True),  # the QR page's code
    Column("store_id", String(128), nullable=False),
    Column("kiosk_id", String(128), nullable=False),
    Column("staff_id", String(128), nullable=True),
    Column("session_id", String(128), nullable=False),
    Column("member_id", String(128), nullable=True),
    Column("looks", Text, nullable=False),  # JSON [{"items": [{"sku", ...}], ...}]
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=True),  # None: kept on the member's account
    Column("deleted_at", UTCDateTime, nullable=True),
    Index("ix_lookbooks_member", "member_id", "created_at"),
    Index("ix_lookbooks_expires_at", "expires_at"),
)

# The latest health report of each kiosk (counts and states only, never a frame or a
# person), for the managers' view of their mirrors.
kiosk_reports = Table(
    "kiosk_reports",
    metadata,
    Column("kiosk_id", String(128), primary_key=True),
    Column("store_id", String(128), nullable=True),
    Column("reported_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False),  # ok | degraded | closed_by_staff
    Column("report", Text, nullable=False),  # JSON: the kiosk's /healthz body
)

# Store managers and head office at the web dashboard: a password (salted scrypt) opens a
# browser session; store_id None sees every store (head office).
backoffice_users = Table(
    "backoffice_users",
    metadata,
    Column("username", String(128), primary_key=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("store_id", String(128), nullable=True),
    Column("active", Boolean, nullable=False, default=True, server_default="1"),
    Column("created_at", UTCDateTime, nullable=False),
)

backoffice_sessions = Table(
    "backoffice_sessions",
    metadata,
    Column("session_hash", String(64), primary_key=True),  # SHA-256 of the cookie's secret
    Column("username", String(128), ForeignKey("backoffice_users.username"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=True),
    Index("ix_backoffice_sessions_expires_at", "expires_at"),
)
