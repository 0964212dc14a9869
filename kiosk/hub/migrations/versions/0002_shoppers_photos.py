"""shoppers' photos: a JPEG per row, emptied at expiry or on the kiosk's request

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 15:59:42.879596
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kiosk.hub.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photos",
        sa.Column("photo_id", sa.String(length=32), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("store_id", sa.String(length=128), nullable=False),
        sa.Column("kiosk_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", kiosk.hub.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("photo_id", name=op.f("pk_photos")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_photos_code_hash")),
    )
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.create_index("ix_photos_expires_at", ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_index("ix_photos_expires_at")

    op.drop_table("photos")
