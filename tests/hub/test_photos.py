"""Shoppers' photos: a kiosk uploads a JPEG, the phone opens it by its code until it expires,
then it is gone (410) and its bytes are deleted; a kiosk deletes its own photo early.

Against the real hub on SQLite and PostgreSQL; expiry with the hub's test clock."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest
from sqlalchemy import select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.storeapi.contract import PHOTO_CODE_PATTERN, Photo
from tests.helpers import TESTDATA
from tests.hub_server import FakeClock, InProcessHub, RunningHub, fresh_pg_schema, serve_in_thread

JPEG = {"Content-Type": "image/jpeg"}
FACE = TESTDATA / "lips" / "celebamask_0.jpg"  # a real camera JPEG, read in place


def _photo_bytes() -> bytes:
    data = FACE.read_bytes()
    assert data[:2] == b"\xff\xd8", f"{FACE} is not a JPEG"
    return data


def _upload(client: httpx.Client, data: bytes) -> Photo:
    response = client.post("/v1/photos", content=data, headers=JPEG)
    assert response.status_code == 201, response.text
    return Photo.model_validate_json(response.content)


def _code(photo: Photo) -> str:
    return photo.url.rsplit("/", 1)[1]


def _row(db_url: str, photo_id: str) -> object | None:
    engine = make_engine(db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            return conn.execute(select(t.photos).where(t.photos.c.photo_id == photo_id)).first()
    finally:
        engine.dispose()


def test_a_photo_is_served_to_the_phone_by_its_code(client: httpx.Client, hub: RunningHub) -> None:
    data = _photo_bytes()
    before = datetime.now().astimezone()
    photo = _upload(client, data)
    code = _code(photo)
    assert photo.url == f"{hub.url}/p/{code}" and re.fullmatch(PHOTO_CODE_PATTERN, code)
    ttl = photo.expires_at - before
    assert timedelta(hours=23, minutes=59) < ttl < timedelta(hours=24, minutes=1)  # default

    page = httpx.get(photo.url)  # no token: the shopper's phone
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'src="{code}/photo.jpg"' in page.text and "Your try-on photo" in page.text
    assert "no-store" in page.headers["cache-control"]
    chinese = httpx.get(photo.url, headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert "您的试妆照片" in chinese.text and 'lang="zh-CN"' in chinese.text
    image = httpx.get(f"{photo.url}/photo.jpg")
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.content == data and "no-store" in image.headers["cache-control"]

    row = _row(hub.db_url, photo.photo_id)
    assert row is not None
    assert row.code_hash == hashlib.sha256(code.encode()).hexdigest()  # type: ignore[attr-defined]
    assert code not in repr(tuple(row)[:-1])  # the code itself is stored nowhere
    shape = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR).shape
    assert (row.height, row.width) == shape[:2]  # type: ignore[attr-defined]


def test_what_is_not_a_jpeg_is_refused(client: httpx.Client) -> None:
    data = _photo_bytes()
    ok, png = cv2.imencode(".png", np.zeros((8, 8, 3), np.uint8))
    assert ok
    for body, why in [
        (png.tobytes(), "not start"),
        (data[: len(data) // 2], "cut short"),
        (b"\xff\xd8" + b"\x00" * 100 + b"\xff\xd9", "damaged"),
        (b"<html>hello</html>", "not start"),
        (b"", "not start"),
    ]:
        refused = client.post("/v1/photos", content=body, headers=JPEG)
        assert refused.status_code == 415, (why, refused.text)
        error = refused.json()["error"]
        assert error["code"] == "not_a_jpeg" and why in error["message"]
    wrong_type = client.post("/v1/photos", content=data, headers={"Content-Type": "image/png"})
    assert wrong_type.status_code == 415
    assert wrong_type.json()["error"]["code"] == "unsupported_media_type"
    as_json = client.post("/v1/photos", json={"photo": "x"})
    assert as_json.status_code == 415
    assert httpx.post(f"{client.base_url}/v1/photos", content=data, headers=JPEG).status_code == 401


def test_a_photo_over_the_size_limit_is_refused(client: httpx.Client) -> None:
    data = _photo_bytes()
    limit = 4 * 1_048_576  # the hub's default photo_max_bytes
    big = data[:-2] + b"\x00" * (limit + 1 - len(data)) + b"\xff\xd9"
    refused = client.post("/v1/photos", content=big, headers=JPEG)
    assert refused.status_code == 413 and refused.json()["error"]["code"] == "payload_too_large"

    padded = data + b"\x00" * (2 * 1_048_576)  # over the JSON limit, under the photo's
    assert client.post("/v1/photos", content=padded, headers=JPEG).status_code == 201
    # The JSON routes keep their own, smaller limit.
    assert client.post("/v1/events", content=b"{" + b" " * 1_100_000 + b"}").status_code == 413


def test_unknown_and_forged_codes_are_not_found(client: httpx.Client, hub: RunningHub) -> None:
    photo = _upload(client, _photo_bytes())
    code = _code(photo)
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    for bad in [forged, "short", "x" * 64, "%00", "A" * 22]:
        response = httpx.get(f"{hub.url}/p/{bad}", headers={"Accept": "application/json"})
        assert response.status_code in (404, 422), bad
        image = httpx.get(f"{hub.url}/p/{bad}/photo.jpg")
        assert image.status_code in (404, 422) and image.content != _photo_bytes()
    page = httpx.get(f"{hub.url}/p/{forged}")
    assert page.status_code == 404 and "Photo not found" in page.text


def test_a_kiosk_deletes_its_own_photo_and_no_other_can(
    client: httpx.Client, hub: RunningHub
) -> None:
    photo = _upload(client, _photo_bytes())
    elsewhere = hub.issue_token("kiosk-elsewhere", "SH-XINTIANDI")
    other = client.delete(
        f"/v1/photos/{photo.photo_id}", headers={"Authorization": f"Bearer {elsewhere}"}
    )
    assert other.status_code == 404 and other.json()["error"]["code"] == "photo_not_found"
    assert httpx.get(f"{photo.url}/photo.jpg").status_code == 200  # untouched

    assert client.delete(f"/v1/photos/{photo.photo_id}").status_code == 204
    gone = httpx.get(photo.url, headers={"Accept": "application/json"})
    assert gone.status_code == 410 and gone.json()["error"]["code"] == "photo_deleted"
    assert httpx.get(f"{photo.url}/photo.jpg").status_code == 410
    page = httpx.get(photo.url)
    assert page.status_code == 410 and "This photo was deleted" in page.text
    row = _row(hub.db_url, photo.photo_id)
    assert row is not None and row.data is None  # type: ignore[attr-defined]
    assert client.delete(f"/v1/photos/{photo.photo_id}").status_code == 204  # again: fine
    assert client.delete("/v1/photos/0123456789abcdef").status_code == 404
    assert httpx.delete(f"{hub.url}/v1/photos/{photo.photo_id}").status_code == 401


# ---- expiry, with the hub's clock ----------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def timed(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> Iterator[InProcessHub]:
    """An in-process hub whose clock the test moves, on SQLite and on PostgreSQL; its
    sweep runs every 50 ms."""
    if request.param == "sqlite":
        yield from serve_in_thread(tmp_path, clock, sweep_seconds=0.05)
        return
    with fresh_pg_schema(request.getfixturevalue("pg_base")) as url:
        yield from serve_in_thread(tmp_path, clock, sweep_seconds=0.05, db_url=url)


def test_an_expired_photo_is_gone_and_its_bytes_deleted(timed: InProcessHub) -> None:
    with httpx.Client(base_url=timed.url, headers=timed.headers, timeout=30) as client:
        photo = _upload(client, _photo_bytes())
        assert photo.expires_at == timed.clock() + timedelta(hours=24)
        timed.clock.advance(hours=23, minutes=59)
        assert httpx.get(f"{photo.url}/photo.jpg").status_code == 200
        timed.clock.advance(minutes=1)
        gone = httpx.get(photo.url, headers={"Accept": "application/json"})
        assert gone.status_code == 410 and gone.json()["error"]["code"] == "photo_expired"
        page = httpx.get(photo.url, headers={"Accept-Language": "en-GB"})
        assert page.status_code == 410 and "This photo has expired" in page.text
        assert httpx.get(f"{photo.url}/photo.jpg").status_code == 410
        row = _row(timed.db_url, photo.photo_id)
        assert row is not None and row.data is None  # type: ignore[attr-defined]


def test_the_sweep_deletes_expired_photos_nobody_opens(timed: InProcessHub) -> None:
    with httpx.Client(base_url=timed.url, headers=timed.headers, timeout=30) as client:
        photo = _upload(client, _photo_bytes())
        kept = _upload(client, _photo_bytes())
        timed.clock.advance(hours=12)
        later = _upload(client, _photo_bytes())  # expires 12 h after the others
        timed.clock.advance(hours=12, seconds=1)

        def emptied(photo_id: str) -> bool:
            row = _row(timed.db_url, photo_id)
            return row is not None and row.data is None  # type: ignore[attr-defined]

        deadline = time.monotonic() + 20
        while not (emptied(photo.photo_id) and emptied(kept.photo_id)):
            assert time.monotonic() < deadline, "the sweep did not delete the expired photos"
            time.sleep(0.05)
        assert not emptied(later.photo_id)
        assert httpx.get(f"{later.url}/photo.jpg").status_code == 200
        timed.clock.advance(days=31)  # long after: the empty rows go too
        deadline = time.monotonic() + 20
        while _row(timed.db_url, photo.photo_id) is not None:
            assert time.monotonic() < deadline, "the sweep did not drop the old rows"
            time.sleep(0.05)
        assert httpx.get(photo.url).status_code == 404
