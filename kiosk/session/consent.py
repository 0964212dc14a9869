"""What a member agrees to before try-ons are recorded against them, and their answer.

The text says exactly what is recorded (SKU, shade or size, how long it was tried, when,
in which store), why, what never is (camera images, face data), and how to withdraw.
It carries a version: the hub stores the version the member saw, so a changed text can
be asked again. Change a word below and bump CONSENT_TEXT_VERSION.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Locale = Literal["en", "zh-CN"]
LOCALES: tuple[Locale, ...] = ("en", "zh-CN")

CONSENT_TEXT_VERSION = "2025-05"  # the hub's demo member M-100003 consented to this text


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


_EN = ConsentText(
    locale="en",
    version=CONSENT_TEXT_VERSION,
    title="Save your try-ons to your account?",
    paragraphs=(
        "If you agree, this mirror records the products you try against your member account: "
        "the product code (SKU), the shade or size, how long you tried it, the time, and this "
        "store.",
        "Why: so you can find these products again in our app and online shop, and so our "
        "staff can help you with what you liked.",
        "Never recorded: pictures or video of you, and any data about your face. The mirror "
        "finds the outline of your lips only to place the make-up, recognises no one, and "
        "forgets you when you walk away.",
        "You can withdraw at any time: in the app's privacy settings, or ask a member of "
        "staff. After that, nothing more is recorded against your account.",
        "If you say no, you can still try everything; only anonymous counts are kept.",
    ),
    accept="Yes, save my try-ons",
    decline="No thanks",
)

_ZH = ConsentText(
    locale="zh-CN",
    version=CONSENT_TEXT_VERSION,
    title="将试妆/试穿记录保存到您的会员账户？",
    paragraphs=(
        "如您同意，本试衣镜会将您试用的商品记录到您的会员账户：商品编码（SKU）、色号或尺码、"
        "试用时长、时间以及本门店。",
        "目的：方便您在我们的 App 和网上商城再次找到这些商品，也便于店员根据您的喜好为您服务。",
        "绝不记录：您的照片或视频，以及任何面部数据。试衣镜只识别嘴唇轮廓以便上妆，"
        "不识别任何人的身份，您离开后即会忘记您。",
        "您可随时撤回同意：在 App 的隐私设置中操作，或请店员协助。"
        "撤回后不再向您的账户记录任何内容。",
        "如您选择不同意，仍可试用所有商品；我们只保留匿名统计。",
    ),
    accept="同意，保存我的记录",
    decline="不用了，谢谢",
)

_TEXTS: dict[str, ConsentText] = {"en": _EN, "zh-CN": _ZH}


def consent_text(locale: str) -> ConsentText:
    """The consent screen in `locale` ("en" or "zh-CN"); any other locale gets English."""
    return _TEXTS.get(locale, _EN)


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
