"""staff styling, sales and the managers' view

Orders from the online shop with their lines, attributed to store, kiosk, staff and
session; lookbooks (a styling session's looks); each kiosk's latest health report;
back-office users and their browser sessions; the staff member and the shopper's session
on reservations and events, and events indexed by store and time for the dashboard.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:53:09.300830
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kiosk.hub.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backoffice_users",
        sa.Column("username", sa.String(length=128), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("store_id", sa.String(length=128), nullable=True),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("created_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_backoffice_users")),
    )
    op.create_table(
        "kiosk_reports",
        sa.Column("kiosk_id", sa.String(length=128), nullable=False),
        sa.Column("store_id", sa.String(length=128), nullable=True),
        sa.Column("reported_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kiosk_id", name=op.f("pk_kiosk_reports")),
    )
    op.create_table(
        "lookbooks",
        sa.Column("lookbook_id", sa.String(length=32), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("store_id", sa.String(length=128), nullable=False),
        sa.Column("kiosk_id", sa.String(length=128), nullable=False),
        sa.Column("staff_id", sa.String(length=128), nullable=True),
        sa.Column("session_id", sa.String(length=128), nullable=False),
        sa.Column("member_id", sa.String(length=128), nullable=True),
        sa.Column("looks", sa.Text(), nullable=False),
        sa.Column("created_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("lookbook_id", name=op.f("pk_lookbooks")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_lookbooks_code_hash")),
    )
    with op.batch_alter_table("lookbooks", schema=None) as batch_op:
        batch_op.create_index("ix_lookbooks_expires_at", ["expires_at"], unique=False)
        batch_op.create_index("ix_lookbooks_member", ["member_id", "created_at"], unique=False)

    op.create_table(
        "order_lines",
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("order_id", sa.String(length=128), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_cents", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_order_lines_quantity")),
        sa.CheckConstraint("unit_price_cents >= 0", name=op.f("ck_order_lines_unit_price")),
        sa.PrimaryKeyConstraint("source", "order_id", "line_no", name=op.f("pk_order_lines")),
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index("ix_order_lines_sku", ["sku"], unique=False)

    op.create_table(
        "orders",
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("order_id", sa.String(length=128), nullable=False),
        sa.Column("placed_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("handoff_code", sa.String(length=32), nullable=True),
        sa.Column("store_id", sa.String(length=128), nullable=True),
        sa.Column("kiosk_id", sa.String(length=128), nullable=True),
        sa.Column("staff_id", sa.String(length=128), nullable=True),
        sa.Column("session_id", sa.String(length=128), nullable=True),
        sa.Column("member_id", sa.String(length=128), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("total_cents >= 0", name=op.f("ck_orders_total")),
        sa.PrimaryKeyConstraint("source", "order_id", name=op.f("pk_orders")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index("ix_orders_staff_placed", ["staff_id", "placed_at"], unique=False)
        batch_op.create_index("ix_orders_store_placed", ["store_id", "placed_at"], unique=False)

    op.create_table(
        "backoffice_sessions",
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=128), nullable=False),
        sa.Column("created_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["username"],
            ["backoffice_users.username"],
            name=op.f("fk_backoffice_sessions_username_backoffice_users"),
        ),
        sa.PrimaryKeyConstraint("session_hash", name=op.f("pk_backoffice_sessions")),
    )
    with op.batch_alter_table("backoffice_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_backoffice_sessions_expires_at", ["expires_at"], unique=False)

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_id", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("session_id", sa.String(length=128), nullable=True))
        batch_op.create_index("ix_events_store_time", ["store_id", "time"], unique=False)

    with op.batch_alter_table("reservations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_id", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reservations", schema=None) as batch_op:
        batch_op.drop_column("staff_id")

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_store_time")
        batch_op.drop_column("session_id")
        batch_op.drop_column("staff_id")

    with op.batch_alter_table("backoffice_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_backoffice_sessions_expires_at")

    op.drop_table("backoffice_sessions")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_store_placed")
        batch_op.drop_index("ix_orders_staff_placed")

    op.drop_table("orders")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_order_lines_sku")

    op.drop_table("order_lines")
    with op.batch_alter_table("lookbooks", schema=None) as batch_op:
        batch_op.drop_index("ix_lookbooks_member")
        batch_op.drop_index("ix_lookbooks_expires_at")

    op.drop_table("lookbooks")
    op.drop_table("kiosk_reports")
    op.drop_table("backoffice_users")
