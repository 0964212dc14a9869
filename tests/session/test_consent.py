"""The consent text, the decision, and end to end through the real hub: with no or
withdrawn consent no event carries the member id (the kiosk gates it; the hub's own
redaction is never needed)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from kiosk.records.events import EventFactory
from kiosk.records.outbox import Outbox
from kiosk.records.sender import EventSender
from kiosk.session.consent import (
    CONSENT_TEXT_VERSION,
    LOCALES,
    ConsentDecision,
    consent_text,
)
from kiosk.session.member import MemberSession, consent_from_hub
from kiosk.storeapi.contract import ConsentUpdate
from tests.helpers import translate_in
from tests.hub_server import RunningHub, start_hub

MEMBER_CODE = "KMEMBER:1:Q7X4B9ZC2RTA"  # the demo seed's first member


@pytest.mark.parametrize("locale", LOCALES)
def test_text_says_what_is_recorded_what_never_is_and_how_to_withdraw(locale: str) -> None:
    text = consent_text(locale, translate_in(locale))
    assert text.locale == locale and text.version == CONSENT_TEXT_VERSION
    body = text.body
    needles = {
        "en": ["SKU", "shade or size", "how long", "time", "store", "Never recorded", "face",
               "withdraw", "staff", "anonymous"],
        "zh-CN": ["SKU", "色号或尺码", "试用时长", "时间", "门店", "绝不记录", "面部", "撤回",
                  "店员", "匿名"],
    }[locale]  # fmt: skip
    for needle in needles:
        assert needle in body, needle
    assert text.accept and text.decline and text.title


def test_unknown_locale_falls_back_to_english() -> None:
    assert consent_text("fr").locale == "en"


def test_without_its_translation_the_member_reads_and_is_recorded_in_english() -> None:
    """No mixed text, and the hub is told the language the member really read."""
    text = consent_text("zh-CN")  # no translator: English, and said to be English
    assert text.locale == "en" and "Never recorded" in text.body
    zh = consent_text("zh-CN", translate_in("zh-CN"))
    assert zh.locale == "zh-CN" and "绝不记录" in zh.body and "Never" not in zh.body
    assert zh.accept == "同意，保存我的记录" and zh.decline == "不用了，谢谢"


def test_text_version_is_accepted_by_the_hub_schema() -> None:
    ConsentUpdate.model_validate(
        {"granted": True, "text_version": CONSENT_TEXT_VERSION, "locale": "en"}
    )


def test_decision_validation_and_request_body() -> None:
    now = datetime(2025, 3, 1, tzinfo=UTC)
    d = ConsentDecision(True, CONSENT_TEXT_VERSION, "zh-CN", now, staff_id="staff-7")
    assert d.is_current
    assert d.to_request() == {
        "granted": True,
        "text_version": CONSENT_TEXT_VERSION,
        "locale": "zh-CN",
        "staff_id": "staff-7",
    }
    with pytest.raises(ValueError, match="locale"):
        ConsentDecision(True, CONSENT_TEXT_VERSION, "fr", now)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timezone"):
        ConsentDecision(True, CONSENT_TEXT_VERSION, "en", datetime(2025, 3, 1))


# --- end to end on the real hub ------------------------------------------------------------


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    with start_hub(tmp_path_factory.mktemp("consent-hub"), kiosk_id="kiosk-1") as running:
        yield running


def _hub_rows(hub: RunningHub) -> list[tuple[str, str | None, int, str]]:
    path = hub.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT event_id, member_id, redacted, data FROM events").fetchall()


def test_no_or_withdrawn_consent_means_no_member_id_at_the_hub(
    hub: RunningHub, tmp_path: Path
) -> None:
    api = httpx.Client(base_url=hub.url, headers=hub.headers)
    members = MemberSession(b"d" * 32)
    factory = EventFactory("store", "kiosk-1", members=members)
    outbox = Outbox(tmp_path / "outbox.sqlite")
    sender = EventSender.connect(outbox, hub.url, hub.token)
    phase: dict[str, str] = {}

    def tried(label: str) -> None:
        event = factory.product_tried("sess-1", "LIP-001", 1500)
        phase[event.id] = label
        outbox.append(event)

    def decide(request: httpx.Response) -> None:
        assert request.status_code == 200, request.text
        decision = consent_from_hub(request.json())
        assert decision is not None
        members.set_consent(decision)

    lookup = api.get("/v1/members/lookup", params={"code": MEMBER_CODE})
    assert lookup.status_code == 200, lookup.text
    member_id = members.sign_in_from_lookup(lookup.json()).member_id
    assert members.needs_consent_prompt
    tried("not-asked")
    no = members.consent_decision(False, "en", datetime.now(UTC))
    decide(api.put(f"/v1/members/{member_id}/consent", json=no.to_request()))
    tried("declined")
    yes = members.consent_decision(True, "zh-CN", datetime.now(UTC))
    decide(api.put(f"/v1/members/{member_id}/consent", json=yes.to_request()))
    tried("granted")
    tried("granted")
    # The hub judges consent when an event arrives: these must reach it before the
    # withdrawal (an event that arrives after one carries no member, whatever its time).
    before = sender.drain()
    assert before.error == "" and before.accepted == 4
    decide(api.delete(f"/v1/members/{member_id}/consent"))
    tried("withdrawn")
    members.forget()
    tried("forgotten")

    result = sender.drain()
    assert result.error == "" and result.accepted == 2 and len(phase) == 6

    rows = _hub_rows(hub)
    mine = {event_id: (member, redacted, data) for event_id, member, redacted, data in rows}
    for event_id, label in phase.items():
        member, redacted, data = mine[event_id]
        assert (member == member_id) is (label == "granted"), label
        assert redacted == 0  # the kiosk never sent an id the hub had to strip
        assert (member_id in data) is (label == "granted")
    history = api.get(f"/v1/members/{member_id}/history").json()["tryons"]
    assert len(history) == 2
    outbox.close()
    sender.close()
    api.close()
