"""one shopper across channels

Membership tiers (names, member price discount, points rate), a points ledger earned
once per order, the member's online shop customer id and carried-over points balance; a
wishlist shared by the app and the mirror; looks a member saved in either channel.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 11:05:29.654702
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kiosk.hub.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "membership_tiers",
        sa.Column("tier", sa.String(length=32), nullable=False),
        sa.Column("name_en", sa.String(length=64), nullable=False),
        sa.Column("name_zh", sa.String(length=64), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("discount_bp", sa.Integer(), nullable=False),
        sa.Column("points_per_yuan", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "discount_bp >= 0 AND discount_bp <= 5000", name=op.f("ck_membership_tiers_discount")
        ),
        sa.CheckConstraint("points_per_yuan >= 0", name=op.f("ck_membership_tiers_points_rate")),
        sa.PrimaryKeyConstraint("tier", name=op.f("pk_membership_tiers")),
    )
    op.create_table(
        "member_looks",
        sa.Column("look_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("photo_id", sa.String(length=32), nullable=True),
        sa.Column("store_id", sa.String(length=128), nullable=True),
        sa.Column("kiosk_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.member_id"], name=op.f("fk_member_looks_member_id_members")
        ),
        sa.PrimaryKeyConstraint("look_id", name=op.f("pk_member_looks")),
    )
    with op.batch_alter_table("member_looks", schema=None) as batch_op:
        batch_op.create_index("ix_member_looks_member", ["member_id", "created_at"], unique=False)

    op.create_table(
        "points_ledger",
        sa.Column("entry_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("member_id", sa.String(length=128), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("ref", sa.String(length=300), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("created_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.member_id"], name=op.f("fk_points_ledger_member_id_members")
        ),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_points_ledger")),
        sa.UniqueConstraint("source", "ref", name="uq_points_ledger_source_ref"),
    )
    with op.batch_alter_table("points_ledger", schema=None) as batch_op:
        batch_op.create_index("ix_points_ledger_member", ["member_id"], unique=False)

    op.create_table(
        "wishlist",
        sa.Column("member_id", sa.String(length=128), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("added_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.member_id"], name=op.f("fk_wishlist_member_id_members")
        ),
        sa.PrimaryKeyConstraint("member_id", "sku", name=op.f("pk_wishlist")),
    )
    # Plain ADD COLUMN (no table rebuild: on SQLite a rebuild of `members` would trip the
    # foreign keys of member_codes, consents, ... that point at it).
    op.add_column(
        "members", sa.Column("points", sa.BigInteger(), server_default="0", nullable=False)
    )
    op.add_column("members", sa.Column("shop_customer_id", sa.String(length=64), nullable=True))
    op.create_index("uq_members_shop_customer_id", "members", ["shop_customer_id"], unique=True)


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): no rebuild of the table others point at.
    op.drop_index("uq_members_shop_customer_id", table_name="members")
    op.drop_column("members", "shop_customer_id")
    op.drop_column("members", "points")

    op.drop_table("wishlist")
    with op.batch_alter_table("points_ledger", schema=None) as batch_op:
        batch_op.drop_index("ix_points_ledger_member")

    op.drop_table("points_ledger")
    with op.batch_alter_table("member_looks", schema=None) as batch_op:
        batch_op.drop_index("ix_member_looks_member")

    op.drop_table("member_looks")
    op.drop_table("membership_tiers")
