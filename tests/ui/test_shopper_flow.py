"""Buy online, member sign-in and consent through the real window and the real hub."""

from __future__ import annotations

import ipaddress
import json
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import cv2
import httpx
import numpy as np
import pytest
import zxingcpp
from pytestqt.qtbot import QtBot

from kiosk.catalog.catalog import load_catalog
from kiosk.paths import assets_dir
from tests.helpers import AppFactory
from tests.hub_server import RunningHub
from tests.ui.screen import WAIT_MS, find_item, grab_bgr, start_on_face, tap
from tests.vision.code_frames import Holding, draw_code, hold_up, read_frame

SHOTS = Path("/tmp/kiosk-test-shots")


def test_buy_online_qr_scans_off_the_screen_into_the_attributed_cart(
    qtbot: QtBot, kiosk_app: AppFactory, ui_hub: RunningHub, testdata: Path
) -> None:
    app = start_on_face(qtbot, kiosk_app, testdata / "videos/talk_d10.mp4")
    store, shopper = app.store_panel, app.shopper  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: store.known and store.sku == "LIP-001", timeout=WAIT_MS)
    urls = _buy_online_qr(qtbot, app, shopper, "handoff_qr.png")
    assert urls == [shopper.handoffUrl], f"decoded {urls}"
    code = urlparse(urls[0]).path.rsplit("/", 1)[-1]
    assert len(code) >= 11  # >= 64 bits in base62
    # Following it through the real hub lands in the cart, credited to this kiosk's store.
    hop = httpx.get(f"{ui_hub.url}/h/{code}", follow_redirects=False, timeout=10)
    assert hop.status_code == 302, hop.text
    target = unquote(hop.headers["location"])
    query = parse_qs(urlparse(hop.headers["location"]).query)
    assert "/cart/" in target and ":1" in target, target
    flat = {k: v[0] for k, v in query.items()}
    assert flat.get("attributes[kiosk]") == ui_hub.kiosk_id
    assert flat.get("attributes[session]") == shopper.visit.session_id
    assert flat.get("attributes[store]")
    wrong = code[:-1] + ("y" if code.endswith("x") else "x")  # one character off, never equal
    forged = httpx.get(f"{ui_hub.url}/h/{wrong}", follow_redirects=False, timeout=10)
    assert forged.status_code == 404
    tap(qtbot, app, find_item(app, "handoffClose"))
    qtbot.waitUntil(lambda: not shopper.handoffOpen, timeout=WAIT_MS)


def test_a_whole_look_goes_into_one_online_cart(
    qtbot: QtBot, kiosk_app: AppFactory, ui_hub: RunningHub, testdata: Path
) -> None:
    """A look on the card: Buy the look online makes one hand-off with every product of
    the look, which the hub turns into one cart of the online shop's variants."""
    app = start_on_face(qtbot, kiosk_app, testdata / "videos/talk_d10.mp4")
    shelves, card, shopper = app.shelves, app.card, app.shopper  # type: ignore[attr-defined]
    look = load_catalog(assets_dir() / "catalog.json").looks[0]  # the demo catalog's
    shelves.showCategory("looks")
    app.makeup.wear(look.look_id)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: card.buyLookVisible and card.lookName != "", timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "buyLookButton"))
    qtbot.waitUntil(lambda: shopper.handoffUrl != "", timeout=WAIT_MS)
    code = urlparse(shopper.handoffUrl).path.rsplit("/", 1)[-1]
    hop = httpx.get(f"{ui_hub.url}/h/{code}", follow_redirects=False, timeout=10)
    assert hop.status_code == 302, hop.text
    cart = unquote(urlparse(hop.headers["location"]).path).rsplit("/cart/", 1)[-1]
    lines = cart.split(",")
    assert len(lines) == len(look.items) and all(line.endswith(":1") for line in lines), cart
    # what the visit recorded is the same cart: every SKU of the look, once
    with sqlite3.connect(ui_hub.db_url.removeprefix("sqlite:///")) as db:
        (items,) = db.execute("SELECT items FROM handoffs WHERE code = ?", (code,)).fetchone()
    assert sorted(i["sku"] for i in json.loads(items)) == sorted(look.skus)


def test_kiosk_with_its_own_hub_shows_a_qr_a_phone_can_open(
    qtbot: QtBot,
    kiosk_app: AppFactory,
    testdata: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The default set-up (the embedded hub, on loopback): the Buy-online QR read off a
    kiosk-mode screenshot is the shop's cart itself, credited to this kiosk, never a
    loopback or link-local address; the photo, whose link only a reachable hub could
    serve, is not offered."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the embedded hub's files
    app = start_on_face(
        qtbot, kiosk_app, testdata / "videos/talk_d10.mp4",
        **{"hub.url": "", "hub.token": "", "hub.kiosk_id": "mirror-9", "kiosk.mode": "kiosk",
           "kiosk.language": "zh-CN"},
    )  # fmt: skip
    store, shopper = app.store_panel, app.shopper  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: store.known and store.sku == "LIP-001", timeout=WAIT_MS * 2)
    assert not find_item(app, "photoButton").property("visible")
    urls = _buy_online_qr(qtbot, app, shopper, "handoff_qr_embedded.png")
    assert urls == [shopper.handoffUrl], f"decoded {urls}"
    link = urlparse(urls[0])
    host = ipaddress.ip_address(link.hostname) if _is_ip(link.hostname) else None
    assert link.hostname != "localhost" and not (
        host is not None and (host.is_loopback or host.is_link_local or host.is_unspecified)
    ), urls[0]
    assert link.scheme == "https" and "/cart/" in link.path and ":1" in link.path, urls[0]
    flat = {k: v[0] for k, v in parse_qs(link.query).items()}
    assert flat.get("attributes[kiosk]") == "mirror-9"
    assert flat.get("attributes[session]") == shopper.visit.session_id
    assert flat.get("attributes[store]")
    assert "attributes[staff]" not in flat  # empty attribution is left out: a smaller code


def _buy_online_qr(qtbot: QtBot, app: object, shopper: object, shot_name: str) -> list[str]:
    """Tap Buy online; the QR codes an independent decoder (zxing-cpp) reads off the screen."""
    tap(qtbot, app, find_item(app, "buyOnlineButton"))
    qtbot.waitUntil(lambda: shopper.handoffUrl != "", timeout=WAIT_MS)  # type: ignore[attr-defined]
    qtbot.wait(200)  # one more frame of the scene graph with the QR texture
    shot = grab_bgr(app)
    SHOTS.mkdir(exist_ok=True)
    cv2.imwrite(str(SHOTS / shot_name), shot)
    reads = zxingcpp.read_barcodes(cv2.cvtColor(shot, cv2.COLOR_BGR2GRAY))
    return [r.text for r in reads if r.format == zxingcpp.BarcodeFormat.QRCode]


def _is_ip(host: str | None) -> bool:
    try:
        ipaddress.ip_address(host or "")
    except ValueError:
        return False
    return True


def _consent_at_hub(hub: RunningHub, code: str) -> dict:
    lookup = httpx.get(
        f"{hub.url}/v1/members/lookup", params={"code": code}, headers=hub.headers, timeout=10
    )
    assert lookup.status_code == 200, lookup.text
    return lookup.json()["consent"]


def test_member_types_number_and_accepts_consent(
    qtbot: QtBot, kiosk_app: AppFactory, ui_hub: RunningHub, testdata: Path
) -> None:
    app = start_on_face(qtbot, kiosk_app, testdata / "videos/talk_d10.mp4")
    shopper = app.shopper  # type: ignore[attr-defined]
    tap(qtbot, app, find_item(app, "saveButton"))
    qtbot.waitUntil(lambda: shopper.signInOpen, timeout=WAIT_MS)
    for key in "31415926":  # the code Li Na's member app shows (demo data)
        tap(qtbot, app, find_item(app, f"key_{key}"))
    assert find_item(app, "memberNumber").property("text") == "31415926"
    tap(qtbot, app, find_item(app, "key_OK"))
    qtbot.waitUntil(lambda: shopper.consentOpen, timeout=WAIT_MS)
    assert shopper.memberName == "Li Na" and not shopper.recording
    tap(qtbot, app, find_item(app, "consentLang_zh-CN"))
    qtbot.waitUntil(lambda: shopper.consentLocale == "zh-CN", timeout=WAIT_MS)
    assert "会员" in find_item(app, "consentTitle").property("text")
    cv2.imwrite(str(SHOTS / "consent_zh.png"), grab_bgr(app))
    tap(qtbot, app, find_item(app, "consentYes"))
    qtbot.waitUntil(lambda: shopper.recording, timeout=WAIT_MS)
    assert not shopper.consentOpen and "Saved" in shopper.memberMessage
    stored = _consent_at_hub(ui_hub, "31415926")
    assert stored["granted"] is True and stored["locale"] == "zh-CN"
    # Withdrawn at the mirror: stored at the hub, and nothing more is recorded.
    stop = find_item(app, "stopSaving")
    qtbot.waitUntil(lambda: stop.isVisible() and stop.x() > 0, timeout=WAIT_MS)  # laid out
    tap(qtbot, app, stop)
    qtbot.waitUntil(lambda: not shopper.recording, timeout=WAIT_MS)
    assert _consent_at_hub(ui_hub, "31415926")["granted"] is False
    assert app.shopper.visit.members.recordable_id is None
    tap(qtbot, app, find_item(app, "signOut"))
    qtbot.waitUntil(lambda: not shopper.signedIn, timeout=WAIT_MS)


def _held_code_source(tmp_path: Path, testdata: Path, payload: str) -> Path:
    """A real face frame with a member QR on a phone held up to the camera."""
    frame = read_frame(testdata / "videos/talk_d10.mp4", 30)
    how = Holding(width_frac=0.3, center=(0.5, 0.8), yaw=0.15, roll_deg=6, contrast=0.55)
    shot = hold_up(frame, draw_code(payload, "qr"), how, seed=3)
    path = tmp_path / "held_code.png"
    cv2.imwrite(str(path), shot)
    return path


def test_member_code_held_up_to_the_camera_signs_in(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path, tmp_path: Path
) -> None:
    source = _held_code_source(tmp_path, testdata, "KMEMBER:1:H3M8K2WP6DNE")  # Wang Fang
    app = kiosk_app(
        str(source), **{"session.end_after_s": "120"}
    )  # mirrored like a real mirror: the scanner copes
    shopper = app.shopper  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: shopper.consentOpen, timeout=WAIT_MS)
    assert shopper.memberName == "Wang Fang"
    tap(qtbot, app, find_item(app, "consentNo"))
    qtbot.waitUntil(lambda: not shopper.consentOpen, timeout=WAIT_MS)
    assert shopper.signedIn and not shopper.recording


def test_an_expired_member_code_is_refused_with_a_reason(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path, tmp_path: Path
) -> None:
    source = _held_code_source(tmp_path, testdata, "KMEMBER:1:EXPIRED4U7YS")
    app = kiosk_app(str(source), **{"session.end_after_s": "120"})
    shopper = app.shopper  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "expired" in shopper.memberMessage.lower(), timeout=WAIT_MS)
    assert not shopper.signedIn
    assert np.asarray(grab_bgr(app)).size > 0


def test_a_product_barcode_held_up_puts_that_product_on(
    qtbot: QtBot, kiosk_app: AppFactory, ui_hub: RunningHub, testdata: Path, tmp_path: Path
) -> None:
    variant = httpx.get(f"{ui_hub.url}/v1/variants/LIP-010", headers=ui_hub.headers, timeout=10)
    ean = variant.json()["barcode"]
    frame = read_frame(testdata / "videos/talk_d10.mp4", 30)
    box = Holding(width_frac=0.5, center=(0.5, 0.75), yaw=0.1, roll_deg=4, contrast=0.6)
    path = tmp_path / "held_box.png"
    cv2.imwrite(str(path), hold_up(frame, draw_code(ean, "ean13"), box, seed=2))
    app = kiosk_app(str(path), **{"session.end_after_s": "120"})
    card, shelves = app.card, app.shelves  # type: ignore[attr-defined]
    shelves.showCategory("clothes")  # before any result is handled: the scan must reopen lips
    assert shelves.category == "clothes"
    qtbot.waitUntil(lambda: card.sku == "LIP-010", timeout=WAIT_MS)
    assert card.name == "Plum Shimmer" and shelves.category == "lips"
    assert (
        find_item(app, "carousel").isVisible() and not find_item(app, "garmentCarousel").isVisible()
    )


def test_a_visit_reaches_the_hub_as_try_on_events(
    qtbot: QtBot, kiosk_app: AppFactory, ui_hub: RunningHub, testdata: Path
) -> None:
    """Presence starts a visit; its events go outbox -> sender -> hub, anonymous."""
    app = kiosk_app(
        str(testdata / "videos/talk_d10.mp4"),
        **{"records.send_interval_s": "0.1", "hub.kiosk_id": "visit-kiosk"},
    )
    ctl, shopper = app.controller, app.shopper  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: ctl.presence == "active", timeout=WAIT_MS)
    ctl.selectShade(0)
    session = shopper.visit.session_id
    assert session is not None
    db = ui_hub.db_url.removeprefix("sqlite:///")

    def at_hub() -> list[tuple[str, str | None, dict]]:
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT type, member_id, data FROM events").fetchall()
        found = [(t, m, json.loads(data)) for t, m, data in rows]
        return [(t, m, d) for t, m, d in found if d.get("session_id") == session]

    qtbot.waitUntil(
        lambda: any(t == "tryon.session.started" for t, _, _ in at_hub()), timeout=WAIT_MS
    )
    qtbot.wait(1700)  # Crimson Velvet on for longer than a flick past
    ctl.selectShade(1)
    qtbot.waitUntil(
        lambda: any(t == "tryon.product.tried" for t, _, _ in at_hub()), timeout=WAIT_MS
    )
    tried = next(d for t, _, d in at_hub() if t == "tryon.product.tried")
    assert tried["sku"] == "LIP-001" and tried["shade"] == "Crimson Velvet"
    assert tried["dwell_ms"] >= 1500
    assert all(m is None and "member_id" not in d for _, m, d in at_hub())  # anonymous
