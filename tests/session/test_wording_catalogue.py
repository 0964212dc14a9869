"""The catalogue as a whole: no SKU, store code, error code or system name ever reaches a
shopper, in either language, whatever fails; and the Chinese reads as Chinese (through
Qt's real translator and the .qm built from the repo's .ts)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import get_args

import httpx
import pytest

from kiosk.catalog.money import Money
from kiosk.client import errors
from kiosk.client.errors import StoreError, raise_for_client_error
from kiosk.client.views import ChannelRow, ReservationView, StockView
from kiosk.session import wording
from kiosk.session.consent import consent_text
from kiosk.session.wording import Doing, Wording
from kiosk.vision.measure import Measurement, SizeAdvice
from tests.helpers import translate_in

SHANGHAI = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 3, 6, 2, tzinfo=UTC)  # 14:02 in Shanghai
SKU_OR_CODE = re.compile(
    r"[A-Z]{2,}-\d|[A-Z]{2,}-[A-Z]{3,}"  # LIP-006, TOP-001-M, SH-JINGAN
    r"|\b[a-z]+_[a-z_]+\b"  # out_of_stock, member_not_found
    r"|HTTP|\(\d{3}\)|\bNone\b(?! left)|Error|Exception|KMEMBER"  # what code prints
    r"|(?i:store system|kiosk|\bhub\b|circuit|breaker|next try)"  # the system's own names
)
# What the hub and the client really say when things fail (their own sentences, with the
# codes and SKUs a shopper must never read).
HUB_ANSWERS = [
    (409, "out_of_stock", "only 0 of LIP-006 available at SH-JINGAN, 1 asked; reserve fewer"),
    (404, "not_found", "no product LIP-999"),
    (404, "member_not_found", "no member has this code or number"),
    (410, "member_code_expired", "member code KMEMBER:1:EXPIRED4U7YS has expired"),
    (422, "validation_error", "body.quantity: Input should be greater than 0"),
    (401, "token_revoked", "this kiosk's token was revoked"),
    (409, "idempotency_conflict", "Idempotency-Key reused with another body"),
    (404, "handoff_not_found", "no hand-off c0de"),
    (418, "teapot", "I'm a teapot"),
]


def hub_errors() -> list[BaseException]:
    """The client's typed errors, from real hub-shaped answers, plus the ones it raises
    itself when the hub is away, and a crash that is no StoreError at all."""
    made: list[BaseException] = []
    for status, code, message in HUB_ANSWERS:
        answer = httpx.Response(status, json={"error": {"code": code, "message": message}})
        with pytest.raises(StoreError) as info:
            raise_for_client_error(answer)
        made.append(info.value)
    made.append(
        errors.HubUnavailable(
            "The store system kept failing, so the kiosk is not asking it for now "
            "(next try in 9 s).",
            "",
            code="circuit_open",
        )
    )
    made.append(errors.HubUnavailable("Cannot reach the store system at http://10.0.0.1:8080."))
    made.append(ValueError("boom: LIP-006 at SH-JINGAN"))
    return made


def row(channel: str, available: int, name: str, **extra: object) -> ChannelRow:
    values: dict[str, object] = {
        "channel": channel, "location_id": "SH-XTD", "location_name": name,
        "available": available, "pickup_time": None, "price": Money.of("229", "CNY"),
        "distance_km": None, "ship_days": None, "shelf": None, "back_room": None,
    }  # fmt: skip
    values.update(extra)
    return ChannelRow(**values)  # type: ignore[arg-type]


def sample_rows() -> list[tuple[ChannelRow, ...]]:
    """Every stock situation the card words: here, few, last, none; near with and without
    distance and pickup; online with every delivery time, and sold out."""
    here = [row("this_store", n, "Nanjing Rd") for n in (0, 1, 3, 12)]
    near = [
        row("nearby", 3, "Xintiandi", distance_km=2.8, pickup_time="Ready in 1 hour"),
        row("nearby", 1, "Jing'an", distance_km=0.4, pickup_time="Usually ready in 24 hours"),
        row("nearby", 0, "Pudong"),
    ]
    online = [row("online", n, "Online", ship_days=d) for n in (0, 9) for d in (None, 0, 1, 2)]
    return [(h, n, o) for h in here for n in near for o in online]


def shopper_texts(words: Wording) -> list[str]:
    """Everything the catalogue can say to a shopper, with real values filled in."""
    said: list[str] = []
    doings = get_args(Doing)
    for error in hub_errors():
        said += [words.failure(error, doing) for doing in doings]
    for rows in sample_rows():
        said.append(words.stock_summary(rows))
        said += [words.row_label(r) for r in rows] + [words.row_detail(r) for r in rows]
    for mode in wording.PRICE_DIFFERENCE_MODES:
        priced = Wording(words.language, words.tz, translate=words._translate,
                         price_difference=mode)  # fmt: skip
        rows = (row("this_store", 1, "Here"),
                row("online", 1, "Online", price=Money.of("209", "CNY")))  # fmt: skip
        view = StockView("LIP-004", rows, rows[0].price, True, True, NOW)
        said.append(priced.price_note(view)[0])
    fits = [(Measurement(30.5, 4.3), SizeAdvice("XS", 0.5, "S")),
            (Measurement(41.2, 1.0), SizeAdvice("M", 0.9, None))]  # fmt: skip
    for fit in fits:
        said += [words.size_advice(fit), words.size_detail(fit)]
    held = ReservationView("r1", "LIP-006", 1, "SH-JINGAN", "Jing'an Kerry Centre", "7KQ2MX",
                           "held", NOW, NOW + timedelta(hours=2))  # fmt: skip
    said.append(words.reservation(held, NOW))
    return said


@pytest.fixture(scope="module", params=["en", "zh-CN"])
def words(request: pytest.FixtureRequest) -> Wording:
    return Wording(request.param, SHANGHAI, translate=translate_in(request.param))


def test_no_sku_store_code_error_code_or_jargon_reaches_a_shopper(words: Wording) -> None:
    said = shopper_texts(words)
    assert len(said) > 400
    for text in said:
        assert not SKU_OR_CODE.search(text), text


def test_every_failure_has_a_way_on_and_staff_also_read_the_details() -> None:
    shopper = Wording("en")
    staff = Wording("en", audience="staff")
    out_of_stock = hub_errors()[0]
    assert shopper.failure(out_of_stock, "reserve") == (
        "None left to reserve here. A nearby store or online may have it."
    )
    detail = staff.failure(out_of_stock, "reserve")
    assert detail.startswith(shopper.failure(out_of_stock, "reserve"))
    assert "out_of_stock" in detail and "LIP-006" in detail  # staff may see the SKU
    away = hub_errors()[-3]
    assert shopper.failure(away, "stock") == (
        "Stock can't be checked right now. Staff can check it for you."
    )
    expired = hub_errors()[3]
    assert "expired" in shopper.failure(expired, "member_code")
    unknown = hub_errors()[2]
    assert "type the code shown in your member app" in shopper.failure(unknown, "member_code")
    assert "check the code" in shopper.failure(unknown, "member_number")


def test_chinese_stock_rows_read_as_a_chinese_shop_says_them() -> None:
    zh = Wording("zh-CN", SHANGHAI, translate=translate_in("zh-CN"))
    near = row("nearby", 3, "新天地店", distance_km=2.8, pickup_time="Ready in 1 hour")
    online = row("online", 9, "Online", ship_days=2)
    assert zh.stock_summary([row("this_store", 12, "本店"), near, online]) == "本店有货"
    assert zh.stock_summary([row("this_store", 2, "本店")]) == "本店有货 · 仅剩 2 件"
    assert zh.nearby(near) == "新天地店有 3 件 · 2.8 公里 · 1 小时后可取"
    assert zh.online(online) == "线上 · 2 天送达"
    assert zh.online(row("online", 0, "Online")) == "线上暂时缺货"
    assert zh.clock(NOW - timedelta(days=2), NOW) == "3月1日 14:02"
    assert zh.price(Money.of("1299.5", "CNY")) == "¥1,299.50"
    fit = (Measurement(40.6, 1.0), SizeAdvice("S", 0.5, "M"))
    assert zh.size_advice(fit) == "建议您选 S 码（介于 S 码和 M 码之间）"
    assert zh.size_detail(fit) == "肩宽约 41 厘米"
    assert zh.text("card.buy_online") == "线上购买" and zh.text("card.reserve") == "在本店预留"


def test_every_chinese_entry_is_chinese() -> None:
    translate = translate_in("zh-CN")
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for key, source in wording.TEXTS.items():
        said = translate(wording.CONTEXT, source)
        letters = re.sub(r"\{\w+\}", "", source)
        if key == "date.months":
            assert said.split() == [str(m) for m in range(1, 13)]
        elif re.search(r"[A-Za-z]", letters):
            assert cjk.search(said), (key, said)
    zh = consent_text("zh-CN", translate)
    assert all(cjk.search(p) for p in (zh.title, *zh.paragraphs, zh.accept, zh.decline))
