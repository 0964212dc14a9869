"""The member signed in at the mirror, their consent, and their pseudonym.

One place answers "may this event carry the member's ID?": `MemberSession.recordable_id`,
which is the ID only while the member has granted consent to the text shown today.
Logs and local files never see the ID, only `pseudonym`: a keyed HMAC whose key is a
per-device secret kept in the user data folder, so the same member maps to the same
pseudonym on this kiosk (logs can be correlated) but the ID cannot be recovered from
it, nor matched across kiosks. At session end `forget()` drops everything.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.session.consent import CONSENT_TEXT_VERSION, LOCALES, ConsentDecision, Locale

SECRET_BYTES = 32


def load_device_secret(path: Path) -> bytes:
    """Read the device secret, creating it (random, mode 600) the first time.

    Created with O_EXCL so two processes starting together agree on one secret.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    except OSError as exc:
        raise KioskError(
            f"cannot read the device secret {path}: {exc}",
            "check the file's permissions, or set records.device_secret_path to a writable file",
        ) from None
    if len(data) >= SECRET_BYTES:
        return data[:SECRET_BYTES]
    if data:
        raise KioskError(
            f"the device secret {path} is damaged ({len(data)} bytes, expected {SECRET_BYTES})",
            "delete the file; a new one is made (old log pseudonyms will no longer match)",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_device_secret(path)  # another process won the race; use its secret
    except OSError as exc:
        raise KioskError(
            f"cannot create the device secret {path}: {exc}",
            "make the folder writable, or set records.device_secret_path",
        ) from None
    secret = secrets.token_bytes(SECRET_BYTES)
    with os.fdopen(fd, "wb") as fh:
        fh.write(secret)
        fh.flush()
        os.fsync(fh.fileno())
    return secret


def pseudonymise(member_id: str, secret: bytes) -> str:
    """A stable, non-reversible stand-in for `member_id` in logs and local files."""
    digest = hmac.new(secret, member_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return "m_" + digest[:20]  # 80 bits: no collisions in any realistic member base


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """A field of a hub answer, a dict (JSON) or an object (a pydantic model); `default`
    when it is missing or None."""
    value = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
    return default if value is None else value


@dataclass(frozen=True)
class SignedInMember:
    """A member as the hub's lookup returned them; lives in memory for one session only."""

    member_id: str
    display_name: str
    tier: str = ""

    def __repr__(self) -> str:  # keeps IDs and names out of logs and tracebacks
        return f"SignedInMember(tier={self.tier!r})"


def consent_from_hub(consent: Any) -> ConsentDecision | None:
    """The hub's Consent (JSON dict or model) as a ConsentDecision; None stays None."""
    if consent is None:
        return None
    decided = field_of(consent, "decided_at")
    if isinstance(decided, str):
        decided = datetime.fromisoformat(decided.replace("Z", "+00:00"))
    if isinstance(decided, datetime) and decided.tzinfo is None:
        decided = decided.replace(tzinfo=UTC)
    locale = field_of(consent, "locale")
    return ConsentDecision(
        granted=bool(field_of(consent, "granted")),
        text_version=str(field_of(consent, "text_version") or ""),
        locale=locale if locale in LOCALES else "en",
        decided_at=decided if isinstance(decided, datetime) else datetime.now(UTC),
        staff_id=field_of(consent, "staff_id"),
    )


class MemberSession:
    """At most one signed-in member for the shopper at the mirror.

    Thread-safe: the UI thread signs in and out while event builders read
    `recordable_id`.
    """

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the device secret must be at least 16 bytes")
        self._secret = secret
        self._lock = threading.Lock()
        self._member: SignedInMember | None = None
        self._consent: ConsentDecision | None = None

    def sign_in(self, member: SignedInMember, consent: ConsentDecision | None) -> None:
        """A member was resolved by the hub (scanned code or typed number)."""
        with self._lock:
            self._member, self._consent = member, consent

    def sign_in_from_lookup(self, lookup: Any) -> SignedInMember:
        """Sign in from the hub's Member (JSON dict or model) including its consent."""
        member = SignedInMember(
            member_id=str(field_of(lookup, "member_id")),
            display_name=str(field_of(lookup, "display_name") or ""),
            tier=str(field_of(lookup, "tier") or ""),
        )
        self.sign_in(member, consent_from_hub(field_of(lookup, "consent")))
        return member

    def set_consent(self, decision: ConsentDecision) -> None:
        """The member answered (or staff withdrew); call once the hub has stored it."""
        with self._lock:
            if self._member is None:
                raise KioskError("no member is signed in", "sign a member in before consent")
            self._consent = decision

    def forget(self) -> None:
        """Session end: the kiosk keeps nothing about the member."""
        with self._lock:
            self._member, self._consent = None, None

    @property
    def member(self) -> SignedInMember | None:
        with self._lock:
            return self._member

    @property
    def consent(self) -> ConsentDecision | None:
        with self._lock:
            return self._consent

    @property
    def signed_in(self) -> bool:
        return self.member is not None

    @property
    def needs_consent_prompt(self) -> bool:
        """Signed in, and never answered the current consent text: show the consent screen."""
        with self._lock:
            if self._member is None:
                return False
            return self._consent is None or not self._consent.is_current

    @property
    def may_record(self) -> bool:
        """Whether events may be recorded against the member (granted, current text)."""
        with self._lock:
            return self._member is not None and _granted(self._consent)

    @property
    def recordable_id(self) -> str | None:
        """The member ID for an event's data, or None: THE consent gate for events."""
        with self._lock:
            if self._member is None or not _granted(self._consent):
                return None
            return self._member.member_id

    @property
    def member_id(self) -> str | None:
        """The raw ID for hub calls that need it (consent, handoff); never for logs."""
        with self._lock:
            return self._member.member_id if self._member else None

    @property
    def pseudonym(self) -> str | None:
        """What logs and local files may say about the member."""
        with self._lock:
            if self._member is None:
                return None
            return pseudonymise(self._member.member_id, self._secret)

    def consent_decision(
        self,
        granted: bool,
        locale: Locale,
        now: datetime,
        text_version: str | None = None,
        staff_id: str | None = None,
    ) -> ConsentDecision:
        """A decision for the current text, to PUT at the hub then pass to set_consent."""
        return ConsentDecision(
            granted=granted,
            text_version=text_version or CONSENT_TEXT_VERSION,
            locale=locale,
            decided_at=now,
            staff_id=staff_id,
        )

    def __repr__(self) -> str:
        return f"MemberSession(signed_in={self.signed_in}, may_record={self.may_record})"


def _granted(consent: ConsentDecision | None) -> bool:
    return consent is not None and consent.granted and consent.is_current
