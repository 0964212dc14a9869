"""Shoppers' photos: POST /photos and DELETE /photos/{photo_id} (kiosk), and GET /p/{code}
with its image GET /p/{code}/photo.jpg (the shopper's phone, no token: the code is the key).

`links` is mounted outside the API prefix, like the hand-off's /h/{code}: the URL goes
into a QR code, so it stays short. The page is one small HTML document in the phone's
language (Chinese when it asks for Chinese, else English), with no script and nothing
from elsewhere; the image is never cached by the phone or a proxy.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Path, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.hub import ownership, photos, policy
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.errors import ApiError
from kiosk.hub.phone_links import (
    PRIVATE,
    json_error,
    page_responses,
    prefers_chinese,
    wants_json,
)
from kiosk.hub.policy import Action
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import PHOTO_MEDIA_TYPE, Photo

router = api_router("photos")
links = APIRouter(tags=["photos"])  # mounted outside the API prefix: short URLs in QR codes

_BODY = {
    "requestBody": {
        "required": True,
        "description": "the photo itself, a JPEG",
        "content": {PHOTO_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }
}
_PHONE = page_responses("expired or deleted: the bytes are gone")


@router.post(
    "/photos",
    status_code=201,
    responses=errors(403, 409, 413, 415),
    openapi_extra=_BODY,
    summary="Store a shopper's photo for their phone",
)
async def upload_photo(request: Request, hub: HubDep, caller: CallerDep) -> Photo:
    policy.require(caller, Action.PHOTO_CREATE, location=caller.store_id)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != PHOTO_MEDIA_TYPE:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"send the photo as the request body with Content-Type: {PHOTO_MEDIA_TYPE}",
            "header.Content-Type",
        )
    data = await request.body()
    photo = await run_in_threadpool(
        photos.create, hub.engine, caller, data, hub.settings, hub.clock()
    )
    hub.metrics.inc("photos_uploaded")
    return photo


@router.delete(
    "/photos/{photo_id}",
    status_code=204,
    responses=errors(403, 404),
    summary="Delete a photo now (the shopper asked)",
)
def delete_photo(
    hub: HubDep, caller: CallerDep, conn: ReadConn, photo_id: Annotated[str, Path(max_length=64)]
) -> Response:
    """Only the kiosk that took the photo may; to any other kiosk it is unknown (404)."""
    policy.require_seen(
        caller,
        Action.PHOTO_DELETE,
        seen_by=Action.PHOTO_DELETE,
        hidden=ApiError(
            404, "photo_not_found", "this kiosk has no photo with that id", "path.photo_id"
        ),
        owner=ownership.photo_owner(conn, photo_id),
    )
    photos.delete_photo(hub.engine, caller, photo_id, hub.clock())
    hub.metrics.inc("photos_deleted")
    return Response(status_code=204)


@links.get(
    "/p/{code}",
    response_class=HTMLResponse,
    responses={200: {"description": "a page showing the photo"}, **_PHONE},
)
def photo_page(
    hub: HubDep,
    code: Annotated[str, Path(max_length=64)],
    accept: Annotated[str | None, Header(max_length=1000)] = None,
    accept_language: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    now = hub.clock()
    chinese = prefers_chinese(accept_language)
    try:
        shown = photos.open_photo(hub.engine, code, now, with_data=False)
    except ApiError as exc:
        if wants_json(accept):
            return json_error(exc)
        title, text = _refusal(exc, chinese)
        return HTMLResponse(_page(title, text, None, chinese), exc.status, headers=PRIVATE)
    hub.metrics.inc("photo_views")
    text = _until(shown.expires_at, now, chinese)
    body = _page(WORDS["title"][chinese], text, f"{code}/photo.jpg", chinese)
    return HTMLResponse(body, headers=PRIVATE)


@links.get(
    "/p/{code}/photo.jpg",
    response_class=Response,
    responses={200: {"content": {PHOTO_MEDIA_TYPE: {}}, "description": "the JPEG"}, **_PHONE},
)
def photo_image(hub: HubDep, code: Annotated[str, Path(max_length=64)]) -> Response:
    try:
        shown = photos.open_photo(hub.engine, code, hub.clock(), with_data=True)
    except ApiError as exc:
        return json_error(exc)
    if shown.data is None:  # deleted between the check and the read
        return json_error(photos.gone("expired"))
    headers = {**PRIVATE, "Content-Disposition": 'inline; filename="try-on.jpg"'}
    return Response(shown.data, media_type=PHOTO_MEDIA_TYPE, headers=headers)


# ---- the phone's page ---------------------------------------------------------------------

WORDS: dict[str, tuple[str, str]] = {  # (English, Chinese): index by `chinese`
    "title": ("Your try-on photo", "您的试妆照片"),
    "keep": ("Press and hold the photo to save it.", "长按照片即可保存到手机。"),
    "hours": ("It is deleted from our system in about {n} hours.", "照片将在约 {n} 小时后删除。"),
    "soon": ("It is deleted from our system within the hour.", "照片将在一小时内删除。"),
    "expired": ("This photo has expired", "照片已过期"),
    "expired_text": (
        "Photos are deleted a day after they are taken. You can take a new one at the mirror.",
        "照片在拍摄一天后会被删除。您可以在试妆镜前重新拍摄。",
    ),
    "deleted": ("This photo was deleted", "照片已删除"),
    "deleted_text": ("It was deleted as you asked.", "照片已按您的要求删除。"),
    "unknown": ("Photo not found", "未找到照片"),
    "unknown_text": (
        "Check the link, or scan the code on the mirror again.",
        "请检查链接，或重新扫描试妆镜上的二维码。",
    ),
}

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>{title}</title></head>
<body style="font-family:sans-serif;margin:1em;text-align:center;color:#202028">
<h1 style="font-size:1.4em">{title}</h1>{image}<p>{text}</p></body></html>"""


def _until(expires_at: datetime, now: datetime, chinese: int) -> str:
    hours = int((expires_at - now).total_seconds() // 3600)
    left = WORDS["hours"][chinese].format(n=hours) if hours >= 1 else WORDS["soon"][chinese]
    return f"{WORDS['keep'][chinese]} {left}"


def _refusal(exc: ApiError, chinese: int) -> tuple[str, str]:
    key = {"photo_expired": "expired", "photo_deleted": "deleted"}.get(exc.code, "unknown")
    return WORDS[key][chinese], WORDS[f"{key}_text"][chinese]


def _page(title: str, text: str, image: str | None, chinese: int) -> str:
    img = (
        f'<img src="{html.escape(image)}" alt="{html.escape(title)}" '
        'style="max-width:100%;height:auto;border-radius:8px">'
        if image
        else ""
    )
    return PAGE.format(
        lang="zh-CN" if chinese else "en",
        title=html.escape(title),
        image=img,
        text=html.escape(text),
    )
