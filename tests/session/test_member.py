"""The signed-in member: consent state, pseudonyms from the device secret, forgetting."""

from __future__ import annotations

import logging
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.errors import KioskError
from kiosk.session.consent import CONSENT_TEXT_VERSION, ConsentDecision
from kiosk.session.member import (
    SECRET_BYTES,
    MemberSession,
    SignedInMember,
    consent_from_hub,
    load_device_secret,
    pseudonymise,
)

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
LOOKUP = {
    "member_id": "M-7QX4KZ2RB9",
    "display_name": "Li Na",
    "tier": "gold",
    "consent": {
        "member_id": "M-7QX4KZ2RB9",
        "granted": True,
        "text_version": CONSENT_TEXT_VERSION,
        "locale": "zh-CN",
        "decided_at": "2025-02-01T10:00:00Z",
        "kiosk_id": "kiosk-1",
        "store_id": "store-sh-01",
    },
}


def test_device_secret_is_created_once_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "data" / "device_secret"
    first = load_device_secret(path)
    assert len(first) == SECRET_BYTES
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_device_secret(path) == first
    assert load_device_secret(tmp_path / "other") != first


def test_damaged_secret_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "device_secret"
    path.write_bytes(b"short")
    with pytest.raises(KioskError) as info:
        load_device_secret(path)
    assert str(path) in info.value.message and "delete the file" in info.value.fix


def test_pseudonym_is_keyed_stable_and_hides_the_id() -> None:
    a, b = b"a" * 32, b"b" * 32
    assert pseudonymise("M-7QX4KZ2RB9", a) == pseudonymise("M-7QX4KZ2RB9", a)
    assert pseudonymise("M-7QX4KZ2RB9", a) != pseudonymise("M-7QX4KZ2RB9", b)  # per device
    assert pseudonymise("M-7QX4KZ2RB9", a) != pseudonymise("M-H3W8PD6NTC", a)
    assert "100001" not in pseudonymise("M-7QX4KZ2RB9", a)
    assert pseudonymise("M-7QX4KZ2RB9", a).startswith("m_")


def test_sign_in_from_the_hub_lookup_with_consent() -> None:
    members = MemberSession(b"k" * 32)
    member = members.sign_in_from_lookup(LOOKUP)
    assert member == SignedInMember("M-7QX4KZ2RB9", "Li Na", "gold")
    assert members.signed_in and members.may_record
    assert members.recordable_id == "M-7QX4KZ2RB9"
    assert not members.needs_consent_prompt
    consent = members.consent
    assert consent is not None and consent.locale == "zh-CN"
    assert consent.decided_at == datetime(2025, 2, 1, 10, tzinfo=UTC)


def test_the_contract_model_works_too() -> None:
    from kiosk.storeapi.contract import Member as HubMember

    members = MemberSession(b"k" * 32)
    members.sign_in_from_lookup(HubMember.model_validate({**LOOKUP, "consent": None}))
    assert members.signed_in and not members.may_record and members.needs_consent_prompt


def test_consent_prompt_then_decision() -> None:
    members = MemberSession(b"k" * 32)
    assert not members.needs_consent_prompt  # nobody signed in
    members.sign_in(SignedInMember("M-1", "A", "silver"), None)
    assert members.needs_consent_prompt and members.recordable_id is None
    no = members.consent_decision(False, "en", NOW)
    assert no.text_version == CONSENT_TEXT_VERSION
    members.set_consent(no)
    assert not members.needs_consent_prompt and not members.may_record
    members.set_consent(members.consent_decision(True, "zh-CN", NOW))
    assert members.recordable_id == "M-1"


def test_consent_to_an_old_text_asks_again_and_records_nothing() -> None:
    members = MemberSession(b"k" * 32)
    old = ConsentDecision(True, "tryon-records-2019.1", "en", NOW)
    members.sign_in(SignedInMember("M-1", "A", "silver"), old)
    assert members.needs_consent_prompt
    assert members.recordable_id is None


def test_forget_drops_everything() -> None:
    members = MemberSession(b"k" * 32)
    members.sign_in_from_lookup(LOOKUP)
    members.forget()
    assert members.member is None and members.consent is None
    assert members.recordable_id is None and members.pseudonym is None
    assert members.member_id is None
    with pytest.raises(KioskError, match="no member"):
        members.set_consent(members.consent_decision(True, "en", NOW))


def test_reprs_and_logs_hold_no_id_or_name(caplog: pytest.LogCaptureFixture) -> None:
    members = MemberSession(b"k" * 32)
    member = members.sign_in_from_lookup(LOOKUP)
    caplog.set_level(logging.INFO)
    logging.getLogger("kiosk.test").info(
        "signed in %r %r as %s", member, members, members.pseudonym
    )
    text = caplog.text + repr(member) + repr(members)
    assert "M-7QX4KZ2RB9" not in text and "Li Na" not in text
    assert str(members.pseudonym) in caplog.text


def test_consent_from_hub_none_and_naive_times() -> None:
    assert consent_from_hub(None) is None
    naive = {**LOOKUP["consent"], "decided_at": datetime(2025, 2, 1, 10)}  # type: ignore[dict-item]
    decision = consent_from_hub(naive)
    assert decision is not None and decision.decided_at.tzinfo is UTC


def test_short_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        MemberSession(b"short")
