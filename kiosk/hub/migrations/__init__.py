"""Alembic migrations owning the hub's schema (run programmatically; see kiosk.hub.migrate)."""
