"""Test helper for the online shop's side of issue 17: a hub that takes signed order
webhooks (SQLite and PostgreSQL), Shopify-shaped order bodies and signed deliveries.

    for hub in shop_hub(request, tmp_path_factory):        # in a module fixture
        body = order_body(lines=[("LIP-001", 2, "189.00")], attributes=cart_attributes(url))
        deliver(hub, body)                                 # signed with SECRET
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from sqlalchemy import select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.hub.orders import sign
from tests.hub_server import RunningHub, fresh_pg_schema, start_hub

SECRET = "shpss_" + secrets.token_hex(16)
WEBHOOK = "/v1/orders/webhook"
PII = ("li.na@example.com", "Li Na", "+86 138 0000 0000", "88 Tongren Rd")


def shop_hub(
    request: pytest.FixtureRequest, factory: pytest.TempPathFactory
) -> Iterator[RunningHub]:
    """A hub (`request.param`: sqlite or postgresql) whose webhook secret is SECRET, with
    the test kiosk's token bound to SH-JINGAN."""
    tmp = factory.mktemp(f"shop-{request.param}")
    secret_file = tmp / "webhook-secret"
    secret_file.write_text(f"{SECRET}\n", encoding="utf-8")
    secret_file.chmod(0o600)
    with contextlib.ExitStack() as stack:
        url = None
        if request.param == "postgresql":
            url = stack.enter_context(fresh_pg_schema(request.getfixturevalue("pg_base")))
        args = ["--webhook-secret-file", str(secret_file)]
        yield stack.enter_context(start_hub(tmp, url, args, store_id="SH-JINGAN"))


def new_order_id() -> int:
    return secrets.randbelow(10**13) + 10**12


def cart_attributes(cart_url: str) -> dict[str, str]:
    """The cart attributes a Shopify cart permalink sets (`attributes[store]=...`), as
    the order's note_attributes will name them."""
    query = parse_qsl(urlsplit(cart_url).query)
    return {k[len("attributes[") : -1]: v for k, v in query if k.startswith("attributes[")}


def landing_site(cart_url: str) -> str:
    """The order's landing_site: the path and query the shopper's phone opened."""
    parts = urlsplit(cart_url)
    return f"{parts.path}?{parts.query}"


def order_body(
    lines: Sequence[tuple[str, int, str]],
    *,
    order_id: int | None = None,
    placed_at: str | None = None,
    currency: str = "CNY",
    attributes: dict[str, str] | None = None,
    landing: str | None = None,
    total: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An orders/create body as Shopify sends it, customer's personal data included (the
    hub must not keep any of it)."""
    cents = sum(q * round(float(p) * 100) for _, q, p in lines)
    when = placed_at or datetime.now(UTC).isoformat(timespec="seconds")
    number = order_id if order_id is not None else new_order_id()
    person = {"first_name": "Li", "last_name": "Na", "name": "Li Na", "phone": PII[2],
              "address1": PII[3], "city": "Shanghai", "country_code": "CN"}  # fmt: skip
    return {
        "id": number,
        "admin_graphql_api_id": f"gid://shopify/Order/{number}",
        "name": f"#{number % 10000}",
        "email": PII[0],
        "contact_email": PII[0],
        "created_at": when,
        "updated_at": when,
        "currency": currency,
        "presentment_currency": currency,
        "total_price": total or f"{cents // 100}.{cents % 100:02d}",
        "subtotal_price": total or f"{cents // 100}.{cents % 100:02d}",
        "total_tax": "0.00",
        "financial_status": "paid",
        "test": False,
        "customer": {"id": 207119551, "email": PII[0], **person},
        "billing_address": person,
        "shipping_address": person,
        "line_items": [_line(i, sku, q, p) for i, (sku, q, p) in enumerate(lines)],
        "note_attributes": [{"name": k, "value": v} for k, v in (attributes or {}).items()],
        "landing_site": landing,
        "landing_site_ref": None,
        **extra,
    }


def _line(i: int, sku: str, quantity: int, price: str) -> dict[str, Any]:
    return {
        "id": 466157049 + i,
        "variant_id": 39072856 + i,
        "title": f"Item {sku}",
        "name": f"Item {sku}",
        "sku": sku,
        "quantity": quantity,
        "price": price,
        "properties": [],
        "tax_lines": [],
        "discount_allocations": [],
    }


def deliver(
    hub: RunningHub,
    body: dict[str, Any] | bytes,
    *,
    secret: str = SECRET,
    signature: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """POST the order as the shop does: raw JSON bytes signed with `secret` (or the
    given `signature`; "" sends none)."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent: dict[str, str | bytes] = {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Shop-Domain": "tryon-demo.myshopify.com",
        "X-Shopify-Webhook-Id": secrets.token_hex(8),
        **(headers or {}),
    }
    given = sign(secret, raw) if signature is None else signature
    if given:
        sent["X-Shopify-Hmac-Sha256"] = given.encode()  # bytes: any octets, as on the wire
    return httpx.post(f"{hub.url}{WEBHOOK}", content=raw, headers=sent, timeout=30)


def online_price(client: httpx.Client, sku: str) -> str:
    variant = client.get(f"/v1/variants/{sku}").json()
    return str(next(p["amount"] for p in variant["prices"] if p["channel"] == "online"))


def stored_order(db_url: str, order_id: int) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The order's row and its lines as the hub stored them (None: not stored)."""
    engine = make_engine(db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            o, ol = t.orders, t.order_lines
            row = conn.execute(select(o).where(o.c.order_id == str(order_id))).first()
            lines = conn.execute(
                select(ol).where(ol.c.order_id == str(order_id)).order_by(ol.c.line_no)
            ).all()
    finally:
        engine.dispose()
    return (dict(row._mapping) if row else None), [dict(r._mapping) for r in lines]
