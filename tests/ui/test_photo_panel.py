"""The photo through the real window and the real hub: asked first, taken on a yes, its QR
read off the screen opens it at full camera resolution with the look on it; offline it is
not kept; after wipe() the kiosk's copy is gone and a late upload answer changes nothing."""

from __future__ import annotations

from pathlib import Path

import cv2
import httpx
import numpy as np
import zxingcpp
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from tests.client.faultproxy import DROP, HOLD, FaultProxy
from tests.helpers import AppFactory
from tests.hub_server import RunningHub
from tests.ui.screen import WAIT_MS, find_item, grab_bgr, tap, wait_frames

SHOTS = Path("/tmp/kiosk-test-shots")


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*")) if folder.exists() else []


def _photo_rows(hub: RunningHub) -> list[tuple[str, bool]]:
    """(photo_id, bytes still there) of every photo on the hub, oldest first."""
    engine = make_engine(hub.db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            p = t.photos.c
            rows = conn.execute(select(p.photo_id, p.data.is_not(None)).order_by(p.created_at))
            return [(r[0], bool(r[1])) for r in rows]
    finally:
        engine.dispose()


def test_photo_only_on_yes_then_qr_then_wipe_drops_it_all(
    qtbot: QtBot, kiosk_app: AppFactory, ui_hub: RunningHub, testdata: Path, tmp_path: Path
) -> None:
    source = testdata / "lips/celebamask_0.jpg"
    folder = tmp_path / "photos"
    with FaultProxy(("127.0.0.1", ui_hub.port)) as proxy:
        app = kiosk_app(
            str(source),
            **{
                "kiosk.photo_dir": str(folder),
                "capture.mirror": "false",
                "hub.url": proxy.url,
                # Requests the proxy holds wait for it (a slow machine must not turn them
                # into timeouts that open the breaker before the photo is sent).
                "hub.read_timeout_s": "60",
                "hub.breaker_failures": "100",
            },
        )
        ctl, photo = app.controller, app.photo  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: ctl.framesShown >= 5 and ctl.faceFound, timeout=WAIT_MS)
        ctl.selectShade(0)  # the mirror starts bare: the shopper chooses a shade
        wait_frames(qtbot, ctl, 5)

        # Asked first: nothing is photographed on the tap, nor on "No".
        tap(qtbot, app, find_item(app, "photoButton"))
        qtbot.waitUntil(lambda: photo.stage == "confirm", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: find_item(app, "photoNo").isVisible(), timeout=WAIT_MS)
        qtbot.wait(200)
        SHOTS.mkdir(exist_ok=True)
        cv2.imwrite(str(SHOTS / "photo_confirm.png"), grab_bgr(app))
        tap(qtbot, app, find_item(app, "photoNo"))
        qtbot.waitUntil(lambda: not photo.open, timeout=WAIT_MS)
        assert _files(folder) == []

        # Yes: the countdown, the photo, its QR on screen.
        tap(qtbot, app, find_item(app, "photoButton"))
        qtbot.waitUntil(lambda: find_item(app, "photoYes").isVisible(), timeout=WAIT_MS)
        tap(qtbot, app, find_item(app, "photoYes"))
        qtbot.waitUntil(lambda: photo.stage == "countdown", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: photo.stage == "ready", timeout=WAIT_MS)
        qtbot.wait(200)  # one more frame of the scene graph with the QR texture
        shot = grab_bgr(app)
        cv2.imwrite(str(SHOTS / "photo_qr.png"), shot)
        reads = zxingcpp.read_barcodes(cv2.cvtColor(shot, cv2.COLOR_BGR2GRAY))
        urls = [r.text for r in reads if r.format == zxingcpp.BarcodeFormat.QRCode]
        assert urls == [photo.view.url], f"decoded {urls}"
        assert photo.expiresText and find_item(app, "photoText").property("text").endswith(
            f"{photo.expiresText}."
        )
        kept = _files(folder)
        assert len(kept) == 1 and kept[0].suffix == ".jpg"

        # The phone gets the look at full camera resolution.
        image = httpx.get(f"{urls[0]}/photo.jpg", timeout=10)
        assert image.status_code == 200 and image.content == kept[0].read_bytes()
        got = cv2.imdecode(np.frombuffer(image.content, np.uint8), cv2.IMREAD_COLOR)
        original = cv2.imread(str(source))
        assert got.shape == original.shape
        lips = cv2.imread(str(testdata / "lips/celebamask_0_lips.png"), cv2.IMREAD_GRAYSCALE) > 127
        changed = np.abs(got.astype(int) - original).max(axis=2) > 12
        assert (changed & lips).sum() > 0.5 * lips.sum()  # the look is on it
        assert (changed & ~lips).sum() < 0.2 * changed.sum()

        # The hub is away: a message for the shopper, and no new copy kept on the kiosk.
        tap(qtbot, app, find_item(app, "photoClose"))
        qtbot.waitUntil(lambda: not photo.open, timeout=WAIT_MS)
        proxy.set_mode(DROP)
        photo.take()
        photo.confirm()
        qtbot.waitUntil(lambda: photo.stage == "failed", timeout=WAIT_MS)
        assert photo.problem == "offline" and photo.view is None
        assert _files(folder) == kept
        qtbot.waitUntil(lambda: find_item(app, "photoRetry").isVisible(), timeout=WAIT_MS)
        qtbot.wait(200)
        cv2.imwrite(str(SHOTS / "photo_offline.png"), grab_bgr(app))

        # The shopper leaves while a photo is on its way: wipe() closes the panel and deletes
        # the kiosk's copies; the upload's late answer changes nothing and the hub's copy of
        # that unseen photo is deleted too.
        proxy.release()  # passing again
        before = _photo_rows(ui_hub)
        proxy.set_mode(HOLD)
        photo.take()
        photo.confirm()
        sent = len(proxy.seen)

        def uploading() -> bool:  # the upload has reached the proxy, which holds it
            return any(line.startswith("POST /v1/photos ") for line in proxy.seen[sent:])

        qtbot.waitUntil(uploading, timeout=WAIT_MS)
        assert photo.stage == "working" and len(_files(folder)) == 2
        photo.wipe()
        assert not photo.open and photo.stage == "closed" and _files(folder) == []
        proxy.release()
        qtbot.waitUntil(lambda: len(_photo_rows(ui_hub)) == len(before) + 1, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not _photo_rows(ui_hub)[-1][1], timeout=WAIT_MS)
        qtbot.wait(300)  # the mailbox has run the late answer by now
        assert not photo.open and photo.view is None and photo.qr.image().isNull()
        assert _files(folder) == [] and not find_item(app, "photoDialog").isVisible()
        # The first photo stays on the hub for the shopper's phone until it expires.
        assert httpx.get(f"{urls[0]}/photo.jpg", timeout=10).status_code == 200
