"""POST /orders/webhook: the online shop's order confirmations (Shopify's `orders/create`).

No bearer token: the shop cannot send one. The credential is the body's HMAC signature
(`kiosk.hub.orders.signature_ok`), checked on the raw bytes before anything else; a
missing or wrong one is 401 and nothing is read or stored.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from kiosk.hub import orders
from kiosk.hub.context import Hub, HubDep
from kiosk.hub.errors import ApiError
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import ErrorBody, OrderReceipt, ShopifyOrder

router = api_router("orders")


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic JSON schema with its `$defs` written in place (the body is read by hand,
    so FastAPI does not add its models to the document's components)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return dict(walk(schema))


_BODY = {
    "requestBody": {
        "required": True,
        "description": "the order as Shopify's orders/create webhook sends it (other fields "
        "are ignored and never stored)",
        "content": {"application/json": {"schema": _inline(ShopifyOrder.model_json_schema())}},
    }
}


@router.post(
    "/orders/webhook",
    status_code=201,
    response_model=OrderReceipt,
    responses={
        200: {"model": OrderReceipt, "description": "a redelivery, an update or a test order"},
        **errors(413),
        401: {"model": ErrorBody, "description": "no signature, or not this body's"},
    },
    openapi_extra=_BODY,
    summary="An order from the online shop (signed webhook), credited to the mirror",
)
async def order_webhook(
    request: Request,
    hub: HubDep,
    signature: Annotated[
        str | None,
        Header(
            alias=orders.SIGNATURE_HEADER,
            description="base64 HMAC-SHA256 of the raw body with the shop's webhook secret",
        ),
    ] = None,
) -> JSONResponse:
    body = await request.body()
    receipt = await run_in_threadpool(_receive, hub, body, signature)
    status = 201 if receipt.outcome == "stored" else 200
    return JSONResponse(receipt.model_dump(mode="json"), status_code=status)


def _receive(hub: Hub, body: bytes, signature: str | None) -> OrderReceipt:
    """In a handler thread: the signature, then the body, then the database."""
    secrets = hub.settings.webhook_secrets
    if not orders.signature_ok(secrets, body, signature):
        hub.metrics.inc("orders_refused")
        if not secrets:
            raise ApiError(
                401,
                "webhook_not_configured",
                "this hub has no webhook secret, so it takes no orders; start it with "
                "--webhook-secret-file (docs/hub.md, 'Sales started at mirrors')",
                f"header.{orders.SIGNATURE_HEADER}",
            )
        raise ApiError(
            401,
            "signature_invalid",
            f"{orders.SIGNATURE_HEADER} is missing or is not this body's signature with the "
            "shop's webhook secret; nothing was stored",
            f"header.{orders.SIGNATURE_HEADER}",
        )
    try:
        order = ShopifyOrder.model_validate_json(body)
    except ValidationError as exc:
        hub.metrics.inc("orders_invalid")
        raise RequestValidationError(
            [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]
        ) from None
    receipt = orders.receive(hub.engine, order, hub.clock())
    hub.metrics.inc(f"orders_{receipt.outcome}")
    if receipt.outcome == "stored" and receipt.credited.store_id is not None:
        hub.metrics.inc("orders_credited")
    return receipt
