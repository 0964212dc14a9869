"""A simulated day at two stores, played against a real hub through its APIs only.

    posted = simulate_day(hub, seed=17)      # hub: tests.hub_server.RunningHub (with SECRET)
    python -m tests.hub.day                  # a hub with a day in it, to look at by hand

Three mirrors (two at SH-JINGAN, one at SH-XINTIANDI), a staff member signed in on each
with their PIN (`POST /v1/staff/sessions`), and shoppers: each a session with try-ons of
varying dwell, some a hand-off (`POST /v1/handoffs`, its cart link read from `GET /h/{code}`)
or a reservation (`POST /v1/reservations`), the mirror's CloudEvents for all of it
(`POST /v1/events`), orders the online shop sends for some carts (the signed webhook,
`POST /v1/orders/webhook`, credited through the hand-off) and each mirror's health report
(`PUT /v1/kiosks/{id}/report`). Popular products include ones sold out at SH-JINGAN (LIP-002
and TOP-001-M, in stock nearby; LIP-009, sold out everywhere), so stock alerts show.

Times: the hub stamps staff sessions with its own clock, and vouches for an event's staff
member only within their session; so the staff-assisted shoppers' events fall in the last
minute or two, the others over the ten hours before. Orders are placed 5-40 minutes after
their hand-off, never after now.

`Posted` is what the simulation sent (the test compares the dashboard with SQL on the
database, not with this; this is for the record and for the live-update test).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import secrets
import sys
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.hub.shop import SECRET, cart_attributes, deliver, landing_site, order_body
from tests.hub_server import RunningHub, start_hub

STAFF = {  # demo.json's staff and PINs: (staff id, PIN) per mirror
    "mirror-ja-1": ("S-JA-01", "246810"),
    "mirror-ja-2": ("S-JA-02", "135790"),
    "mirror-xtd-1": ("S-XTD-01", "112358"),
}
MIRRORS = {"mirror-ja-1": "SH-JINGAN", "mirror-ja-2": "SH-JINGAN", "mirror-xtd-1": "SH-XINTIANDI"}
# (SKU, weight): a few favourites, two sold out at SH-JINGAN, one sold out everywhere.
PRODUCTS = [
    ("LIP-002", 9), ("TOP-001-M", 7), ("LIP-004", 6), ("LIP-001", 5), ("LIP-009", 4),
    ("LIP-003", 3), ("LIP-007", 3), ("TOP-002-M", 2), ("LIP-013", 2), ("JKT-001-M", 1),
    ("DRS-001-M", 1), ("LIP-010", 1),
]  # fmt: skip
DAY_HOURS = 10
USER_PASSWORD = "correct horse battery"


@dataclass
class Mirror:
    kiosk_id: str
    store_id: str
    token: str
    staff_id: str
    staff_session: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def source(self) -> str:
        return f"kiosk/{self.store_id}/{self.kiosk_id}"


@dataclass
class Posted:
    """What the simulation sent, counted by (store, kiosk, staff member or None)."""

    sessions: Counter[tuple[str, str, str | None]] = field(default_factory=Counter)
    tryons: Counter[tuple[str, str, str | None]] = field(default_factory=Counter)
    handoffs: Counter[tuple[str, str, str | None]] = field(default_factory=Counter)
    reservations: Counter[tuple[str, str, str | None]] = field(default_factory=Counter)
    orders: Counter[tuple[str, str, str | None]] = field(default_factory=Counter)
    mirrors: list[Mirror] = field(default_factory=list)


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _event(mirror: Mirror, kind: str, at: datetime, **data: Any) -> None:
    mirror.events.append(
        {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": mirror.source,
            "type": kind,
            "time": _time(at),
            "datacontenttype": "application/json",
            "data": {k: v for k, v in data.items() if v is not None},
        }
    )


def health_report(status: str = "ok", **overrides: Any) -> dict[str, Any]:
    """A kiosk's /healthz body (kiosk.ops.health.HealthSnapshot.as_json's shape)."""
    body: dict[str, Any] = {
        "status": status,
        "problems": [],
        "camera": {"ok": True, "state": "running", "last_frame_age_s": 0.03},
        "tracking_fps": 27.4,
        "compositor": "gpu",
        "hub": {
            "reachable": True,
            "embedded": False,
            "breaker": "closed",
            "description": "remote hub: calls working, events sending",
        },
        "outbox_depth": 0,
        "uptime_s": 36000.0,
        "version": "0.1.0",
    }
    body.update(overrides)
    return body


def open_mirrors(hub: RunningHub, client: httpx.Client) -> list[Mirror]:
    """The three mirrors' tokens (the operator's `kiosk hub token`), and a staff member
    signed in on each with their PIN."""
    from kiosk.hub.tokens import issue_token

    mirrors = []
    for kiosk_id, store_id in MIRRORS.items():
        staff_id, pin = STAFF[kiosk_id]
        mirror = Mirror(kiosk_id, store_id, issue_token(hub.db_url, kiosk_id, store_id), staff_id)
        opened = client.post(
            "/v1/staff/sessions", json={"staff_id": staff_id, "pin": pin}, headers=mirror.headers
        )
        opened.raise_for_status()
        mirror.staff_session = opened.json()["session"]
        mirrors.append(mirror)
    return mirrors


def simulate_day(
    hub: RunningHub,
    *,
    seed: int = 17,
    shoppers: int = 70,
    secret: str = SECRET,
    now: datetime | None = None,
    earlier_days: int = 0,
) -> Posted:
    """Play a day of shoppers at three mirrors against `hub` (started with the webhook's
    `secret`), and a third as many on each of `earlier_days` days before (no staff: their
    sessions are long over); returns what was sent."""
    posted = Posted()
    with httpx.Client(base_url=hub.url, timeout=30) as client:
        mirrors = posted.mirrors = open_mirrors(hub, client)
        prices = {sku: _online_price(client, mirrors[0], sku) for sku, _ in PRODUCTS}
        day = _Day(hub, client, random.Random(seed), now or datetime.now(UTC), prices, posted)
        for days_ago in [0] * shoppers + [d for d in range(1, earlier_days + 1)
                                          for _ in range(shoppers // 3)]:  # fmt: skip
            day.shopper(day.rng.choices(mirrors, weights=(5, 3, 4))[0], secret, days_ago)
        for mirror in mirrors:
            post_events(client, mirror)
        report_health(client, mirrors)
    return posted


@dataclass
class _Day:
    hub: RunningHub
    client: httpx.Client
    rng: random.Random
    now: datetime  # taken after the staff sessions opened
    prices: dict[str, str]
    posted: Posted

    def shopper(self, mirror: Mirror, secret: str, days_ago: int = 0) -> None:
        """One shopper's visit: a session, try-ons, maybe a hand-off (and an order from it)
        or a reservation."""
        rng, now = self.rng, self.now
        assisted = days_ago == 0 and rng.random() < 0.3
        staff = mirror.staff_id if assisted else None
        if assisted:  # within the staff session the hub opened just now
            start = now - timedelta(seconds=rng.uniform(60, 100))
        else:
            start = now - timedelta(days=days_ago, minutes=rng.uniform(15, DAY_HOURS * 60))
        key = (mirror.store_id, mirror.kiosk_id, staff)
        session = uuid.uuid4().hex
        _event(mirror, "tryon.session.started", start, session_id=session, locale="zh-CN")
        self.posted.sessions[key] += 1
        at = start
        tried: list[str] = []
        skus, weights = zip(*PRODUCTS, strict=True)
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 5))):
            sku = rng.choices(skus, weights=weights)[0]
            dwell = rng.randint(3_000, 12_000 if assisted else 60_000)
            at += timedelta(milliseconds=dwell)
            _event(mirror, "tryon.product.tried", at, session_id=session, sku=sku,
                   dwell_ms=dwell, staff_id=staff)  # fmt: skip
            self.posted.tryons[key] += 1
            tried.append(sku)
        if tried and rng.random() < (0.45 if assisted else 0.22):
            at += timedelta(seconds=20)
            self.handoff(mirror, session, sorted(set(tried[-2:])), at, staff, secret)
        if tried and rng.random() < 0.12:
            at += timedelta(seconds=15)
            self.reserve(mirror, session, tried[0], at, staff)
        at += timedelta(seconds=30)
        _event(mirror, "tryon.session.ended", at, session_id=session,
               duration_ms=int((at - start).total_seconds() * 1000),
               products_tried=len(set(tried)), reason="left")  # fmt: skip

    def handoff(
        self,
        mirror: Mirror,
        session: str,
        items: list[str],
        at: datetime,
        staff: str | None,
        secret: str,
    ) -> None:
        code, cart = _handoff(self.client, mirror, session, items, staff is not None)
        lines = [{"sku": s, "quantity": 1} for s in items]
        _event(mirror, "tryon.handoff.created", at, session_id=session, code=code,
               items=lines, staff_id=staff)  # fmt: skip
        key = (mirror.store_id, mirror.kiosk_id, staff)
        self.posted.handoffs[key] += 1
        if self.rng.random() < 0.55:  # the shopper buys the cart online, a little later
            placed = min(at + timedelta(minutes=self.rng.uniform(5, 40)), self.now)
            body = order_body(
                [(s, 1, self.prices[s]) for s in items],
                placed_at=placed.isoformat(timespec="seconds"),
                attributes=cart_attributes(cart),
                landing=landing_site(cart),
            )
            delivered = deliver(self.hub, body, secret=secret)
            assert delivered.status_code == 201, delivered.text
            self.posted.orders[key] += 1

    def reserve(
        self, mirror: Mirror, session: str, sku: str, at: datetime, staff: str | None
    ) -> None:
        held = _reserve(self.client, mirror, sku, staff is not None)
        if held is None:
            return
        _event(mirror, "tryon.reservation.made", at, session_id=session, reservation_id=held,
               sku=sku, quantity=1, location_id=mirror.store_id, staff_id=staff)  # fmt: skip
        self.posted.reservations[(mirror.store_id, mirror.kiosk_id, staff)] += 1


def post_events(client: httpx.Client, mirror: Mirror) -> None:
    for first in range(0, len(mirror.events), 500):
        sent = client.post(
            "/v1/events", json={"events": mirror.events[first : first + 500]},
            headers=mirror.headers,
        )  # fmt: skip
        sent.raise_for_status()
    mirror.events.clear()


def report_health(client: httpx.Client, mirrors: list[Mirror]) -> None:
    """Each mirror's report: two fine, one whose camera stalled (events piling up)."""
    bodies = {
        "mirror-ja-1": health_report(),
        "mirror-ja-2": health_report(
            "degraded",
            problems=["camera: no new frame for 12.4 s"],
            camera={"ok": False, "state": "running", "last_frame_age_s": 12.4},
            tracking_fps=0.0,
            outbox_depth=37,
            compositor="cpu",
        ),
        "mirror-xtd-1": health_report(tracking_fps=24.9, uptime_s=5400.0),
    }
    for mirror in mirrors:
        sent = client.put(
            f"/v1/kiosks/{mirror.kiosk_id}/report",
            json=bodies[mirror.kiosk_id],
            headers=mirror.headers,
        )
        assert sent.status_code == 204, sent.text


def stored_report(db_url: str, kiosk_id: str) -> dict[str, Any] | None:
    """The kiosk's latest health report as the hub keeps it (None: none yet)."""
    from sqlalchemy import select

    from kiosk.hub import tables as t
    from kiosk.hub.db import make_engine

    engine = make_engine(db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            r = t.kiosk_reports
            row = conn.execute(select(r).where(r.c.kiosk_id == kiosk_id)).first()
    finally:
        engine.dispose()
    return None if row is None else dict(row._mapping)


def one_more_session(client: httpx.Client, mirror: Mirror, sku: str = "LIP-004") -> None:
    """A shopper arriving now: a session and a try-on (the live-update test)."""
    session, now = uuid.uuid4().hex, datetime.now(UTC)
    _event(mirror, "tryon.session.started", now, session_id=session, locale="en")
    _event(mirror, "tryon.product.tried", now, session_id=session, sku=sku, dwell_ms=4000)
    post_events(client, mirror)


def _online_price(client: httpx.Client, mirror: Mirror, sku: str) -> str:
    variant = client.get(f"/v1/variants/{sku}", headers=mirror.headers).json()
    return str(next(p["amount"] for p in variant["prices"] if p["channel"] == "online"))


def _handoff(
    client: httpx.Client, mirror: Mirror, session: str, items: list[str], assisted: bool
) -> tuple[str, str]:
    """A hand-off's code and the cart link its short link redirects to."""
    headers = dict(mirror.headers)
    if assisted:
        headers["X-Staff-Session"] = mirror.staff_session
    made = client.post(
        "/v1/handoffs",
        json={"items": [{"sku": s, "quantity": 1} for s in items], "session_id": session},
        headers=headers,
    )
    made.raise_for_status()
    code = made.json()["code"]
    opened = client.get(f"/h/{code}", follow_redirects=False)
    assert opened.status_code == 302, opened.text
    return code, opened.headers["location"]


def _reserve(client: httpx.Client, mirror: Mirror, sku: str, assisted: bool) -> str | None:
    headers = {**mirror.headers, "Idempotency-Key": secrets.token_hex(8)}
    if assisted:
        headers["X-Staff-Session"] = mirror.staff_session
    held = client.post("/v1/reservations", json={"sku": sku, "quantity": 1}, headers=headers)
    if held.status_code == 409:  # sold out here, or a hold cap: the shopper leaves it
        return None
    held.raise_for_status()
    return str(held.json()["reservation_id"])


def add_users(db_url: str) -> None:
    """A store manager of SH-JINGAN (`manager`) and head office (`office`)."""
    from kiosk.hub.backoffice_users import add_user

    add_user(db_url, "manager", "Zhou Min", USER_PASSWORD, "SH-JINGAN")
    add_user(db_url, "office", "Head Office", USER_PASSWORD, None)


def main(argv: list[str] | None = None) -> int:
    """A hub with a simulated day in it and two users, serving until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="database URL (default: SQLite in a temporary folder)")
    parser.add_argument("--shoppers", type=int, default=70)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        tmp = Path(folder)
        secret_file = tmp / "webhook-secret"
        secret_file.write_text(SECRET + "\n", encoding="utf-8")
        secret_file.chmod(0o600)
        hub = stack.enter_context(
            start_hub(tmp, args.db, ["--webhook-secret-file", str(secret_file)])
        )
        add_users(hub.db_url)
        simulate_day(hub, shoppers=args.shoppers)
        print(f"{hub.url}/dashboard  (manager or office / {USER_PASSWORD!r})", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            assert hub.proc is not None
            hub.proc.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
