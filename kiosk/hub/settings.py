"""The hub's settings: one typed object built from CLI flags, shared with worker processes.

Worker processes (uvicorn spawns them) rebuild the same object from the environment
variable the parent sets, so every worker serves with identical settings.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk import __version__
from kiosk.hub.checkout import TEMPLATES, check_template
from kiosk.paths import user_data_dir

ENV_SETTINGS = "KIOSK_HUB_SETTINGS"


def default_db_url() -> str:
    return f"sqlite:///{user_data_dir() / 'hub.sqlite3'}"


class HubSettings(BaseModel):
    """Everything an operator can change about a running hub."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    db_url: str = Field(default_factory=default_db_url)
    host: str = "127.0.0.1"
    port: int = Field(default=8700, ge=0, le=65535)
    workers: int = Field(default=1, ge=1, le=32)
    seed: Literal["demo", "none"] = "demo"
    ready_file: Path | None = None
    public_url: str | None = None  # default: the URL the hub serves on
    # Hand-off QR links: "short" (public_url/h/CODE, scans counted, expiry enforced),
    # "direct" (the checkout URL itself, attribution in its attributes: for a hub phones
    # cannot reach, as the kiosk's embedded one on loopback), "auto" (direct when no
    # public_url is set and the hub's own URL would be loopback: on 127.0.0.1, ::1,
    # localhost or every address; else short).
    handoff_links: Literal["auto", "short", "direct"] = "auto"
    # Fleet settings overlays (kiosk.hub.fleet): DIR/store/<store_id>.toml and
    # DIR/kiosk/<kiosk_id>.toml, served to each kiosk at GET /v1/config; None = none.
    fleet_dir: Path | None = None
    checkout_template: str = "shopify"
    shop_url: str = "https://shop.example.com"
    handoff_ttl_minutes: int = Field(default=30, ge=1, le=60 * 24 * 30)
    photo_ttl_minutes: int = Field(default=24 * 60, ge=1, le=60 * 24 * 30)
    photo_max_bytes: int = Field(default=4 * 1_048_576, ge=1024, le=64 * 1_048_576)
    # An anonymous lookbook's link (kiosk.hub.lookbooks): a week to look at it again at home.
    lookbook_ttl_minutes: int = Field(default=7 * 24 * 60, ge=1, le=60 * 24 * 90)
    sweep_seconds: float = Field(default=30.0, gt=0, le=3600)
    nearby_km: float = Field(default=50.0, gt=0, le=20000)
    nearby_max: int = Field(default=5, ge=0, le=50)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    pool_size: int = Field(default=10, ge=1, le=200)
    threads: int = Field(default=4, ge=1, le=200)  # handler threads per worker
    # Transport (kiosk.hub.transport): a request's headers must arrive within
    # header_timeout_s of its first byte (or of the connection), its body within
    # body_timeout_s of its headers; at most max_connections open per worker.
    header_timeout_s: float = Field(default=10.0, gt=0, le=600)
    body_timeout_s: float = Field(default=30.0, gt=0, le=3600)
    max_connections: int = Field(default=1000, ge=8, le=100_000)
    # Database waits: reads (and health's probes) give up after db_read_timeout_s and
    # answer 503 db_unavailable; writes queue for the write lock up to db_write_timeout_s.
    db_read_timeout_s: float = Field(default=1.0, gt=0, le=60)
    db_write_timeout_s: float = Field(default=30.0, gt=0, le=300)
    # Retention (kiosk.hub.retention): closed records older than this many days are pruned.
    retention_days: int = Field(default=30, ge=1, le=3650)
    # ... and the try-on records (events) after this many days from their arrival: long
    # enough for a year-on-year dashboard, not for ever.
    event_retention_days: int = Field(default=400, ge=1, le=3650)
    # Caps on live holds (kiosk.hub.holds): per kiosk, and per kiosk for one SKU across the
    # chain, so one kiosk (or one stolen token) cannot hold a product's stock everywhere.
    hold_cap_per_kiosk: int = Field(default=20, ge=1, le=10_000)
    hold_cap_per_sku: int = Field(default=3, ge=1, le=1_000)
    # GET /v1/stock/{sku} answered before routing (kiosk.hub.fastpath); off only in tests
    # that hold it to the routed answer.
    stock_fast_path: bool = True
    scan_rows_per_code: int = Field(default=50, ge=0, le=10_000)
    # The online shop's order webhook (kiosk.hub.orders): the secrets its HMAC signature may
    # be made with (two while one is rotated out); none = every delivery refused. Never
    # logged or printed (repr=False); workers get them with the rest of the settings.
    webhook_secrets: tuple[str, ...] = Field(default=(), repr=False, max_length=8)
    version: str = __version__

    @field_validator("checkout_template")
    @classmethod
    def _template(cls, value: str) -> str:
        check_template(TEMPLATES.get(value, value))
        return value

    @field_validator("shop_url", "public_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value.rstrip("/")

    @property
    def template(self) -> str:
        """The checkout URL template (a named one resolved)."""
        return TEMPLATES.get(self.checkout_template, self.checkout_template)

    def served_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    def short_url_base(self) -> str:
        return self.public_url or self.served_url()

    def direct_links(self) -> bool:
        """Whether hand-offs give out the checkout URL itself: a short link on this hub
        would not open on a shopper's phone."""
        if self.handoff_links != "auto":
            return self.handoff_links == "direct"
        return self.public_url is None and _phones_cannot_reach(self.host)

    def to_env(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_env(cls) -> HubSettings:
        raw = os.environ.get(ENV_SETTINGS)
        return cls.model_validate_json(raw) if raw else cls()


def _phones_cannot_reach(host: str) -> bool:
    """A listening address whose URL no phone opens: loopback, link-local, or every
    address (the hub's own URL then says 127.0.0.1)."""
    if host in ("", "localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: the operator's, presumably one phones resolve
    return address.is_loopback or address.is_link_local or address.is_unspecified
