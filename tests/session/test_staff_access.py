"""The staff sign-in's steps, stale answers, time-outs and the hub's refusals, as plain
Python (the window's bridge is tests/ui/test_staff_window.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.client.errors import HubAuthError, HubUnavailable, RequestRejected
from kiosk.client.members import TooManyAttempts
from kiosk.session.staff_access import Refusal, StaffAccess, refusal

NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def signed_in(access: StaffAccess, now: float = 0.0) -> StaffAccess:
    assert access.hold(now)
    assert access.enter_number("s-ja-01", now)
    attempt = access.submit("246810", now)
    assert attempt is not None
    assert access.signed_in(attempt, "Zhou Min", NOON + timedelta(minutes=15), now)
    return access


def test_the_steps_from_the_hold_to_the_menu() -> None:
    access = StaffAccess()
    assert access.stage == "closed"
    assert access.hold(0.0) and access.stage == "number"
    assert not access.hold(1.0)  # already open
    assert not access.enter_number("no spaces", 1.0) and access.stage == "number"
    assert access.enter_number(" s-ja-01 ", 1.0)
    assert (access.stage, access.staff_id) == ("pin", "S-JA-01")
    assert access.submit("12", 2.0) is None and access.stage == "pin"  # not a PIN
    attempt = access.submit("246810", 2.0)
    assert attempt is not None and access.stage == "checking"
    assert access.signed_in(attempt, "Zhou Min", NOON, 3.0)
    assert access.stage == "menu" and access.signed_in_now and access.name == "Zhou Min"
    assert access.close() is True  # a staff session was open: close it at the hub
    assert (access.stage, access.staff_id, access.name) == ("closed", "", "")


def test_back_from_the_pin_to_the_number() -> None:
    access = StaffAccess()
    access.hold(0.0)
    access.enter_number("S-JA-02", 0.0)
    access.back(1.0)
    assert access.stage == "number"


def test_a_refusal_returns_to_the_pin_with_its_reason() -> None:
    access = StaffAccess()
    access.hold(0.0)
    access.enter_number("S-JA-01", 0.0)
    attempt = access.submit("000000", 0.0)
    assert attempt is not None
    access.refused(attempt, Refusal("locked", 300))
    assert (access.stage, access.problem, access.wait_s) == ("pin", "locked", 300)
    again = access.submit("246810", 1.0)
    assert again is not None and access.problem == ""  # a new try clears the reason


def test_an_answer_for_a_closed_pad_is_dropped() -> None:
    access = StaffAccess()
    access.hold(0.0)
    access.enter_number("S-JA-01", 0.0)
    attempt = access.submit("246810", 0.0)
    assert attempt is not None
    assert access.close() is False  # nobody was signed in yet
    assert not access.signed_in(attempt, "Zhou Min", NOON, 1.0)  # the caller closes it
    assert access.stage == "closed"
    access.refused(attempt, Refusal("wrong"))
    assert access.stage == "closed"


def test_idle_and_the_hubs_expiry_close_it() -> None:
    access = signed_in(StaffAccess(idle_s=90.0), now=0.0)
    assert not access.expired(89.0, NOON)
    access.touch(89.0)
    assert not access.expired(150.0, NOON)
    assert access.expired(179.0, NOON)
    fresh = signed_in(StaffAccess(idle_s=90.0), now=0.0)
    assert fresh.expired(1.0, NOON + timedelta(minutes=15))  # the hub's session is over
    checking = StaffAccess(idle_s=1.0)
    checking.hold(0.0)
    checking.enter_number("S-JA-01", 0.0)
    checking.submit("246810", 0.0)
    assert not checking.expired(100.0, NOON)  # waits for the hub's answer


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (HubAuthError("no match", "", code="staff_pin_wrong", status=401), Refusal("wrong")),
        (TooManyAttempts("too many", "", retry_after_s=240), Refusal("locked", 240)),
        (HubUnavailable("down", ""), Refusal("offline")),
        (HubAuthError("token", "", code="unauthorized", status=401), Refusal("failed")),
        (RequestRejected("bad", "", code="invalid", status=422), Refusal("failed")),
        (RuntimeError("a bug"), Refusal("failed")),
    ],
)
def test_the_hubs_answers_map_to_what_the_pad_says(exc: Exception, expected: Refusal) -> None:
    assert refusal(exc) == expected


def test_styling_hides_the_menu_and_keeps_the_staff_signed_in() -> None:
    access = signed_in(StaffAccess(idle_s=90.0, styling_idle_s=300.0), now=0.0)
    assert access.style(0.0)
    assert access.stage == "styling" and access.signed_in_now and not access.pad_open
    assert not access.expired(200.0, NOON)  # styling waits longer than the menu
    assert access.expired(301.0, NOON)
    access.touch(250.0)
    assert access.hold(260.0) and access.stage == "menu" and access.pad_open  # menu back
    assert access.style(261.0)
    access.back_to_menu(262.0)
    assert access.stage == "menu"
    assert access.close() is True  # a styling staff member is signed out at the hub too


def test_styling_only_from_the_menu() -> None:
    access = StaffAccess()
    assert not access.style(0.0)
    access.hold(0.0)
    assert not access.style(0.0) and access.stage == "number"
