"""What a member agrees to before try-ons are recorded against them, and their answer.

The text says exactly what is recorded (SKU, shade or size, how long it was tried, when,
in which store), why, what never is (camera images, face data), and how to withdraw.
It carries a version: the hub stores the version the member saw, so a changed text can
be asked again. Change a word below and bump CONSENT_TEXT_VERSION.
"""

# ruff: noqa: E501  (a catalogue of sentences: one per line, as translators read them)
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kiosk.session.wording import QT_TRANSLATE_NOOP, Translate, english

Locale = Literal["en", "zh-CN"]
LOCALES: tuple[Locale, ...] = ("en", "zh-CN")

CONSENT_TEXT_VERSION = "2025-05"  # the hub's demo member M-R5J9VL2QFA consented to this text


@dataclass(frozen=True)
class ConsentText:
    """One language's consent screen: a title, the paragraphs, and the two answers."""

    locale: Locale
    version: str
    title: str
    paragraphs: tuple[str, ...]
    accept: str
    decline: str

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


# The English source of every part, marked for pyside6-lupdate (context "Consent"); the
# Chinese lives in kiosk/ui/i18n/kiosk_py_zh_CN.ts. Change a word: bump the version.
# fmt: off
_TITLE = QT_TRANSLATE_NOOP("Consent", "Save your try-ons to your account?")
_PARAGRAPHS = (
    QT_TRANSLATE_NOOP("Consent", "If you agree, this mirror records the products you try against your member account: the product code (SKU), the shade or size, how long you tried it, the time, and this store."),
    QT_TRANSLATE_NOOP("Consent", "Why: so you can find these products again in our app and online shop, and so our staff can help you with what you liked."),
    QT_TRANSLATE_NOOP("Consent", "Never recorded: pictures or video of you, and any data about your face. The mirror finds the outline of your lips only to place the make-up, recognises no one, and forgets you when you walk away."),
    QT_TRANSLATE_NOOP("Consent", "You can withdraw at any time: in the app's privacy settings, or ask a member of staff. After that, nothing more is recorded against your account."),
    QT_TRANSLATE_NOOP("Consent", "If you say no, you can still try everything; only anonymous counts are kept."),
)
_ACCEPT = QT_TRANSLATE_NOOP("Consent", "Yes, save my try-ons")
_DECLINE = QT_TRANSLATE_NOOP("Consent", "No thanks")
# fmt: on


def consent_text(locale: str, translate: Translate = english) -> ConsentText:
    """The consent screen in `locale` ("en" or "zh-CN"), through `translate` (that
    language's translator). The text's locale is the one the member really reads: English
    when the locale is unknown or its translation is missing (never a mix of the two)."""
    translated = locale == "zh-CN" and (translate("Consent", _TITLE) or _TITLE) != _TITLE
    shown: Locale = "zh-CN" if translated else "en"

    def say(source: str) -> str:
        return (translate("Consent", source) or source) if translated else source

    return ConsentText(
        locale=shown,
        version=CONSENT_TEXT_VERSION,
        title=say(_TITLE),
        paragraphs=tuple(say(p) for p in _PARAGRAPHS),
        accept=say(_ACCEPT),
        decline=say(_DECLINE),
    )


@dataclass(frozen=True)
class ConsentDecision:
    """A member's answer as the hub stores it: yes or no, to which text, when and where.

    `decided_at` is timezone-aware UTC. `staff_id` is set when staff recorded or withdrew
    the decision for the member.
    """

    granted: bool
    text_version: str
    locale: Locale
    decided_at: datetime
    staff_id: str | None = None

    def __post_init__(self) -> None:
        if self.locale not in LOCALES:
            raise ValueError(f"locale must be one of {LOCALES}, got {self.locale!r}")
        if self.decided_at.tzinfo is None:
            raise ValueError("decided_at must be timezone-aware (UTC)")

    @property
    def is_current(self) -> bool:
        """Whether the member answered the text shown today; if not, ask again."""
        return self.text_version == CONSENT_TEXT_VERSION

    def to_request(self) -> dict[str, object]:
        """The body of PUT /v1/members/{member_id}/consent."""
        body: dict[str, object] = {
            "granted": self.granted,
            "text_version": self.text_version,
            "locale": self.locale,
        }
        if self.staff_id:
            body["staff_id"] = self.staff_id
        return body
