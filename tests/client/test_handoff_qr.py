"""The Buy-online QR: its numbers, decoded by an independent decoder (zxing-cpp, not the
qrcode library that drew it nor OpenCV), also as a phone would see it on the mirror
(tilted, blurred, with a glare patch), and followed through the real hub to the cart."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import cv2
import httpx
import numpy as np
import pytest
import zxingcpp

from kiosk.client.handoff import (
    QUIET_ZONE,
    display_until,
    make_qr,
    make_qr_for_screen,
    module_pixels,
)
from kiosk.errors import KioskError
from tests.hub_server import RunningHub, start_hub

SHORT = "https://hub.example/h/AbCdEfGhIjKlM"  # 35 characters, as the hub makes them


def decode(image: np.ndarray) -> list[zxingcpp.Barcode]:
    rgb = np.ascontiguousarray(image[..., :3]) if image.ndim == 3 else image
    return list(zxingcpp.read_barcodes(rgb, formats=zxingcpp.BarcodeFormat.QRCode))


def test_the_numbers_for_a_43_inch_portrait_mirror() -> None:
    qr = make_qr_for_screen(SHORT, module_mm=3.5, screen_dpi=51.0)
    assert (qr.version, qr.error_correction, qr.modules, qr.border) == (4, "Q", 33, 4)
    assert qr.module_px == 7 and qr.size_px == 41 * 7 == 287
    assert qr.module_mm(51.0) == pytest.approx(3.49, abs=0.01)
    assert qr.size_mm(51.0) == pytest.approx(143, abs=1)
    assert qr.rgba.shape == (287, 287, 4) and qr.rgba.dtype == np.uint8
    assert "version 4-Q" in qr.describe(51.0)
    m = make_qr(SHORT, error_correction="M")
    assert (m.version, m.modules) == (3, 29)  # M would save one version step


def test_quiet_zone_is_light_and_modules_are_whole_pixels() -> None:
    qr = make_qr(SHORT, module_px=5)
    rim = QUIET_ZONE * 5
    assert (qr.rgba[:rim] == 255).all() and (qr.rgba[:, -rim:] == 255).all()
    assert (qr.rgba[rim : rim + 5, rim : rim + 5, :3] == 0).all()  # finder pattern corner
    assert set(np.unique(qr.rgba[..., :3])) == {0, 255}  # no blended edge pixels
    assert (qr.rgba[..., 3] == 255).all()
    with pytest.raises(ValueError, match="quiet zone"):
        make_qr(SHORT, border=2)


def test_independent_decoder_reads_url_version_and_level() -> None:
    qr = make_qr_for_screen(SHORT, 3.5, 51.0)
    (found,) = decode(qr.rgba)
    assert found.text == SHORT
    assert found.ec_level == "Q" and found.extra["Version"] == "4"


# The cart link itself, as a hub no phone reaches hands it out (attribution, no staff).
CART_LINK = (
    "https://shop.example.com/cart/44700000101:1?attributes[store]=SH-JINGAN"
    "&attributes[kiosk]=kiosk-1&attributes[session]=0f8e4c2a9b7d4e1f8a6c3b5d7e9f1a2c&ref=kiosk"
)


@pytest.mark.parametrize("glare", [False, True])
def test_a_cart_link_draws_at_m_and_still_reads_off_the_mirror(glare: bool) -> None:
    qr = make_qr_for_screen(CART_LINK, 3.5, 51.0)
    assert qr.error_correction == "M" and 7 <= qr.version <= 10, qr.describe(51.0)
    assert qr.module_px == 7  # the modules keep their size: the code grows
    (found,) = decode(qr.rgba)
    assert found.text == CART_LINK and found.ec_level == "M"
    assert [f.text for f in decode(phone_view(qr.rgba, glare))] == [CART_LINK]


def test_png_bytes_decode_to_the_same_image() -> None:
    qr = make_qr(SHORT, module_px=3)
    png = qr.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    back = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_UNCHANGED)
    assert np.array_equal(cv2.cvtColor(back, cv2.COLOR_BGRA2RGBA), qr.rgba)


def phone_view(qr_rgba: np.ndarray, glare: bool, seed: int = 0) -> np.ndarray:
    """The QR as a phone camera 50 cm away sees it on the mirror: tilted, soft, noisy,
    dimmed by the two-way glass, with a ceiling light's reflection over part of it."""
    rng = np.random.default_rng(seed)
    gray = qr_rgba[..., 0].astype(np.float32) * 0.7 + 30  # glass: less contrast
    h, w = gray.shape
    canvas = np.full((int(h * 2.2), int(w * 2.2)), 40, np.float32)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    cx, cy = canvas.shape[1] / 2, canvas.shape[0] / 2
    s = 0.9  # ~4.5 camera px per module at this distance
    dst = np.float32(
        [[cx - w * s / 2, cy - h * s / 2], [cx + w * s / 2 * 0.9, cy - h * s / 2 * 0.85],
         [cx + w * s / 2 * 0.9, cy + h * s / 2 * 0.85], [cx - w * s / 2, cy + h * s / 2]]
    )  # fmt: skip
    matrix = cv2.getPerspectiveTransform(src, dst)
    image = cv2.warpPerspective(gray, matrix, canvas.shape[::-1], borderValue=40)
    if glare:
        spot = np.zeros_like(image)
        cv2.ellipse(spot, (int(cx + w * 0.12), int(cy - h * 0.1)), (int(w * 0.16), int(h * 0.1)),
                    20, 0, 360, 1.0, -1)  # fmt: skip
        spot = cv2.GaussianBlur(spot, (0, 0), 3)
        image = image * (1 - spot) + 250 * spot
    image = cv2.GaussianBlur(image, (0, 0), 1.2) + rng.normal(0, 4, image.shape)
    return image.clip(0, 255).astype(np.uint8)


@pytest.mark.parametrize("glare", [False, True])
def test_phone_reads_it_off_the_mirror(glare: bool) -> None:
    qr = make_qr_for_screen(SHORT, 3.5, 51.0)
    found = decode(phone_view(qr.rgba, glare))
    assert [f.text for f in found] == [SHORT]


def test_bad_urls_name_the_fix() -> None:
    with pytest.raises(KioskError) as info:
        make_qr("https://a-very-long-host-name-for-a-hub.example.com/" + "x" * 180)
    assert "public_url" in info.value.fix
    with pytest.raises(KioskError, match="not an http"):
        make_qr("ftp://hub/h/x")
    with pytest.raises(ValueError, match="error correction"):
        make_qr(SHORT, error_correction="L")


def test_module_pixels_and_display_deadline() -> None:
    assert module_pixels(3.5, 51.0) == 7
    assert module_pixels(3.5, 80.0) == 11  # a 55-inch 4K panel
    assert module_pixels(0.5, 51.0) == 2  # never below 2 px
    now = datetime(2025, 3, 1, tzinfo=UTC)
    assert display_until(now, now + timedelta(hours=2), 30) == now + timedelta(minutes=30)
    assert display_until(now, now + timedelta(minutes=5), 30) == now + timedelta(minutes=5)


# --- through the real hub ---------------------------------------------------------------


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    with start_hub(tmp_path_factory.mktemp("qr-hub"), kiosk_id="kiosk-7") as running:
        yield running


def _online_variant(hub: RunningHub, sku: str) -> str:
    path = hub.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        row = db.execute("SELECT online_variant_id FROM variants WHERE sku = ?", (sku,)).fetchone()
    return str(row[0])


def test_scanned_qr_opens_the_cart_with_attribution(hub: RunningHub) -> None:
    body = {
        "items": [{"sku": "LIP-001", "quantity": 1}, {"sku": "TOP-001-M", "quantity": 2}],
        "session_id": "sess-42",
    }
    # An assisted sale: the stylist signed in with their PIN is credited with the cart.
    opened = httpx.post(
        f"{hub.url}/v1/staff/sessions",
        json={"staff_id": "S-JA-01", "pin": "246810"},
        headers=hub.headers,
    )
    assert opened.status_code == 201, opened.text
    staff = {**hub.headers, "X-Staff-Session": opened.json()["session"]}
    created = httpx.post(f"{hub.url}/v1/handoffs", json=body, headers=staff)
    assert created.status_code == 201, created.text
    short_url = created.json()["short_url"]
    qr = make_qr_for_screen(short_url, 3.5, 51.0)
    assert qr.version <= 4
    (found,) = decode(phone_view(qr.rgba, glare=True, seed=3))
    assert found.text == short_url
    scan = httpx.get(found.text, follow_redirects=False)
    assert scan.status_code == 302
    target = urlsplit(scan.headers["location"])
    cart = target.path.rsplit("/cart/", 1)[1]
    assert cart == f"{_online_variant(hub, 'LIP-001')}:1,{_online_variant(hub, 'TOP-001-M')}:2"
    query = parse_qs(target.query)
    assert query["attributes[kiosk]"] == ["kiosk-7"]
    assert query["attributes[staff]"] == ["S-JA-01"]
    assert query["attributes[session]"] == ["sess-42"]
    assert query["attributes[store]"] == ["SH-JINGAN"]
    assert query["ref"] == ["kiosk"]


def test_forged_and_expired_codes_are_refused(hub: RunningHub) -> None:
    body = {"items": [{"sku": "LIP-003", "quantity": 1}], "session_id": "sess-43"}
    created = httpx.post(f"{hub.url}/v1/handoffs", json=body, headers=hub.headers).json()
    code = created["code"]
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert httpx.get(f"{hub.url}/h/{forged}").status_code == 404
    path = hub.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:  # let it expire without waiting: move its expiry back
        past = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
        assert db.execute(
            "UPDATE handoffs SET expires_at = ? WHERE code = ?", (past, code)
        ).rowcount
    expired = httpx.get(created["short_url"], headers={"Accept": "application/json"})
    assert expired.status_code == 410
    assert expired.json()["error"]["code"] == "handoff_expired"
