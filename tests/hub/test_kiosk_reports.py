"""PUT /v1/kiosks/{kiosk_id}/report on the real hub (SQLite and PostgreSQL): a kiosk's
/healthz body kept as its latest report, for itself only, validated and size-limited."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from kiosk.ops.health import CameraReading, HealthSnapshot, HubReading
from kiosk.storeapi.contract import KIOSK_REPORT_MAX_BYTES
from tests.hub.day import health_report, stored_report
from tests.hub_credentials import headers as role_headers
from tests.hub_server import RunningHub


def _kiosk(hub: RunningHub, store: str = "SH-XINTIANDI") -> tuple[str, dict[str, str]]:
    kiosk_id = f"rep-{uuid.uuid4().hex[:8]}"
    return kiosk_id, {"Authorization": f"Bearer {hub.issue_token(kiosk_id, store)}"}


def _put(hub: RunningHub, kiosk_id: str, headers: dict[str, str], body: Any) -> httpx.Response:
    return httpx.put(
        f"{hub.url}/v1/kiosks/{kiosk_id}/report", json=body, headers=headers, timeout=30
    )


def test_a_kiosk_reports_its_health_and_the_latest_is_kept(hub: RunningHub) -> None:
    kiosk_id, mine = _kiosk(hub)
    snapshot = HealthSnapshot(
        camera=CameraReading("running", 0.04),
        tracking_fps=26.537,
        compositor="gpu",
        hub=HubReading(embedded=False, breaker="closed", sender_ok=True),
        outbox_depth=3,
        uptime_s=120.0,
        version="0.1.0",
    )
    sent = _put(hub, kiosk_id, mine, snapshot.as_json())  # the kiosk's own /healthz body
    assert sent.status_code == 204, sent.text
    first = stored_report(hub.db_url, kiosk_id)
    assert first is not None
    assert (first["store_id"], first["status"]) == ("SH-XINTIANDI", "ok")
    assert json.loads(first["report"])["tracking_fps"] == 26.54
    degraded = health_report(
        "degraded", problems=["camera: stopped"], camera={"ok": False, "state": "stopped"}
    )
    assert _put(hub, kiosk_id, mine, degraded).status_code == 204
    latest = stored_report(hub.db_url, kiosk_id)
    assert latest is not None and latest["status"] == "degraded"
    assert latest["reported_at"] >= first["reported_at"]
    assert json.loads(latest["report"])["problems"] == ["camera: stopped"]


def test_a_mirror_closed_by_staff_is_stored_as_such(hub: RunningHub) -> None:
    kiosk_id, mine = _kiosk(hub)
    closed = health_report(camera={"ok": False, "state": "closed_by_staff"}, tracking_fps=0.0)
    assert _put(hub, kiosk_id, mine, closed).status_code == 204
    stored = stored_report(hub.db_url, kiosk_id)
    assert stored is not None and stored["status"] == "closed_by_staff"


def test_a_kiosk_reports_for_itself_only(hub: RunningHub) -> None:
    kiosk_id, _ = _kiosk(hub)
    _, other = _kiosk(hub)
    refused = _put(hub, kiosk_id, other, health_report())
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["field"] == "path.kiosk_id"
    assert stored_report(hub.db_url, kiosk_id) is None
    till = _put(hub, kiosk_id, role_headers(hub.db_url, "pos"), health_report())
    assert till.status_code == 403
    assert _put(hub, kiosk_id, {}, health_report()).status_code == 401


@pytest.mark.parametrize(
    "change",
    [
        {"status": "fine"},
        {"tracking_fps": -1},
        {"tracking_fps": "27"},
        {"problems": ["x" * 201]},
        {"problems": ["camera"] * 11},
        {"camera": {"ok": True, "state": "Running!"}},
        {"hub": {"reachable": True, "embedded": False, "breaker": "ajar", "description": ""}},
        {"member_id": "M-7QX4KZ2RB9"},
        {"frame": "data:image/jpeg;base64,/9j/"},
    ],
    ids=[
        "status",
        "negative-fps",
        "fps-as-text",
        "long-problem",
        "many-problems",
        "camera-state",
        "breaker",
        "member-id",
        "an-image",
    ],
)
def test_a_report_is_validated(hub: RunningHub, change: dict[str, Any]) -> None:
    kiosk_id, mine = _kiosk(hub)
    refused = _put(hub, kiosk_id, mine, {**health_report(), **change})
    assert refused.status_code == 422, refused.text
    assert stored_report(hub.db_url, kiosk_id) is None


def test_a_report_is_size_limited(hub: RunningHub) -> None:
    kiosk_id, mine = _kiosk(hub)
    padded = json.dumps(health_report()) + " " * KIOSK_REPORT_MAX_BYTES
    refused = httpx.put(
        f"{hub.url}/v1/kiosks/{kiosk_id}/report",
        content=padded.encode(),
        headers={**mine, "Content-Type": "application/json"},
        timeout=30,
    )
    assert refused.status_code == 413, refused.text
    assert refused.json()["error"]["code"] == "payload_too_large"
    assert stored_report(hub.db_url, kiosk_id) is None
