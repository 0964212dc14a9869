"""The lookbook's page on the shopper's phone (`GET /l/{code}`): each look with its products
(name, shade colour, options, online price) and a link to buy the look online, in English or
Chinese with a switch between them.

One small HTML document that reads well on a phone: its CSS inline in one `<style>` whose
SHA-256 is the only style the Content-Security-Policy allows; no script, no image, no font
and nothing else from anywhere (`default-src 'none'`), no referrer, not indexed, never
cached. Nothing about a person is on it: products, prices, the store's name and the buy
links (whose attributes credit the store, kiosk, staff member and session, as a hand-off's).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from datetime import datetime

from kiosk.hub.errors import ApiError
from kiosk.hub.lookbooks import Item, Shown
from kiosk.hub.phone_links import PRIVATE

WORDS: dict[str, tuple[str, str]] = {  # (English, Chinese): index by `chinese`
    "title": ("Your lookbook", "您的造型册"),
    "look": ("Look {n}", "造型 {n}"),
    "made": ("Put together for you at {store}.", "由{store}为您搭配。"),
    "buy": ("Buy this look online", "线上购买此造型"),
    "total": ("Total", "合计"),
    "from": ("from {price}", "{price} 起"),
    "size": ("Size {size}", "尺码 {size}"),
    "size_online": ("size chosen online", "尺码在线上选择"),
    "strength": ("Strength {n}%", "浓淡 {n}%"),
    "no_price": ("price online", "价格以线上为准"),
    "days": ("This page stays online for about {n} days.", "本页面约 {n} 天后失效。"),
    "hours": ("This page stays online for about {n} hours.", "本页面约 {n} 小时后失效。"),
    "soon": ("This page goes offline within the hour.", "本页面将在一小时内失效。"),
    "private": ("Nothing about you is kept on this page.", "本页面不含任何个人信息。"),
    "expired": ("This lookbook has expired", "此造型册已过期"),
    "expired_text": (
        "Lookbooks are kept for a limited time. A stylist at the mirror can put a new one "
        "together for you.",
        "造型册只保留一段时间。试妆镜前的造型师可以为您重新搭配。",
    ),
    "deleted": ("This lookbook was deleted", "此造型册已删除"),
    "deleted_text": ("It was deleted at the store's or your request.", "已应门店或您的要求删除。"),
    "unknown": ("Lookbook not found", "未找到造型册"),
    "unknown_text": (
        "Check the link, or scan the code on the mirror again.",
        "请检查链接，或重新扫描试妆镜上的二维码。",
    ),
}
FINISHES: dict[str, tuple[str, str]] = {  # the mirror's words for them (kiosk/ui/i18n)
    "matte": ("Matte", "哑光"),
    "satin": ("Satin", "缎光"),
    "cream": ("Cream", "滋润"),
    "gloss": ("Gloss", "亮泽"),
    "shimmer": ("Shimmer", "珠光"),
    "metallic": ("Metallic", "金属光"),
    "sheer": ("Sheer", "轻透"),
}
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$"}
_COLOUR = re.compile(r"^#(?:[0-9A-Fa-f]{3}){1,2}$")  # what may go into the style sheet

CSS = """*{box-sizing:border-box}
body{margin:0;background:#f7f4f2;color:#202028;font:16px/1.45 system-ui,-apple-system,
"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
main{max-width:36rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 .25rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
.lang{text-align:right;margin:0;font-size:.9rem}
.lang a{color:#8a1030}
.note{color:#5a5a66;font-size:.9rem;margin:.25rem 0}
.look{background:#fff;border-radius:12px;padding:1rem;margin:1rem 0;
box-shadow:0 1px 3px rgba(0,0,0,.08)}
ul{list-style:none;margin:0;padding:0}
li{display:flex;align-items:center;gap:.75rem;padding:.5rem 0;border-top:1px solid #eee}
li:first-child{border-top:0}
.sw{flex:none;width:2.25rem;height:2.25rem;border-radius:50%;border:1px solid rgba(0,0,0,.15)}
.sw.none{background:repeating-linear-gradient(45deg,#eee,#eee 4px,#fff 4px,#fff 8px)}
.what{flex:1;min-width:0}
.what b{display:block;font-weight:600;overflow-wrap:anywhere}
.what small{color:#5a5a66}
.price{flex:none;font-variant-numeric:tabular-nums;text-align:right}
.total{display:flex;justify-content:space-between;margin:.5rem 0 0;font-weight:600}
.buy{display:block;margin-top:.75rem;padding:.8rem;border-radius:999px;background:#8a1030;
color:#fff;text-align:center;text-decoration:none;font-weight:600}
@media (min-width:40rem){main{padding:2rem 1rem}h1{font-size:1.8rem}}
"""


def lookbook(shown: Shown, chinese: int, now: datetime) -> tuple[str, dict[str, str]]:
    """The page of a live lookbook, and its response headers."""
    swatches: list[str] = []
    looks = "".join(
        _look(n, look.items, look.checkout_url, chinese, swatches)
        for n, look in enumerate(shown.looks, 1)
    )
    notes = [_until(shown.expires_at, now, chinese), WORDS["private"][chinese]]
    if shown.store_name:
        notes.insert(0, WORDS["made"][chinese].format(store=shown.store_name))
    body = (
        f"<h1>{_t('title', chinese)}</h1>"
        + "".join(f'<p class="note">{html.escape(n)}</p>' for n in notes)
        + looks
    )
    return _document(WORDS["title"][chinese], body, chinese, "".join(swatches))


def refusal(exc: ApiError, chinese: int) -> tuple[str, dict[str, str]]:
    """The friendly page for an expired, deleted or unknown lookbook, and its headers."""
    key = {"lookbook_expired": "expired", "lookbook_deleted": "deleted"}.get(exc.code, "unknown")
    title = WORDS[key][chinese]
    body = f'<h1>{html.escape(title)}</h1><p class="note">{_t(f"{key}_text", chinese)}</p>'
    return _document(title, body, chinese)


def _look(
    n: int, items: tuple[Item, ...], url: str | None, chinese: int, swatches: list[str]
) -> str:
    rows = "".join(_item(item, chinese, swatches) for item in items)
    out = f'<section class="look"><h2>{html.escape(WORDS["look"][chinese].format(n=n))}</h2>'
    out += f"<ul>{rows}</ul>"
    priced = [i.price for i in items if i.in_cart and i.price is not None]
    if len(priced) > 1 and len({currency for _, currency in priced}) == 1:
        total = money(sum(cents for cents, _ in priced), priced[0][1])
        out += (
            f'<p class="total"><span>{_t("total", chinese)}</span>'
            f"<span>{html.escape(total)}</span></p>"
        )
    if url:
        out += (
            f'<a class="buy" href="{html.escape(url, quote=True)}" rel="noreferrer noopener">'
            f"{_t('buy', chinese)}</a>"
        )
    return out + "</section>"


def _item(item: Item, chinese: int, swatches: list[str]) -> str:
    swatch = "sw none"
    if item.color_hex and _COLOUR.fullmatch(item.color_hex):
        swatch = f"sw c{len(swatches)}"
        swatches.append(f".c{len(swatches)}{{background:{item.color_hex}}}\n")
    details = [item.brand] if item.brand else []
    if item.finish:
        details.append(FINISHES.get(item.finish, (item.finish.capitalize(),) * 2)[chinese])
    if item.intensity is not None:
        details.append(WORDS["strength"][chinese].format(n=round(item.intensity * 100)))
    if item.size:
        details.append(WORDS["size"][chinese].format(size=item.size))
    elif item.from_price or not item.in_cart:
        details.append(WORDS["size_online"][chinese])
    if item.price is None:
        price = WORDS["no_price"][chinese]
    else:
        price = money(*item.price)
        if item.from_price:
            price = WORDS["from"][chinese].format(price=price)
    return (
        f'<li><span class="{swatch}" aria-hidden="true"></span><span class="what">'
        f"<b>{html.escape(item.name)}</b><small>{html.escape(' · '.join(details))}</small>"
        f'</span><span class="price">{html.escape(price)}</span></li>'
    )


def money(cents: int, currency: str) -> str:
    """ "¥1,299.00"; a currency without a symbol here is written with its code."""
    digits = f"{cents // 100:,}.{cents % 100:02d}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{digits}" if symbol else f"{digits} {currency}"


def _until(expires_at: datetime, now: datetime, chinese: int) -> str:
    hours = int((expires_at - now).total_seconds() // 3600)
    if hours >= 48:
        return WORDS["days"][chinese].format(n=round(hours / 24))  # "about": 167 h is 7 days
    if hours >= 1:
        return WORDS["hours"][chinese].format(n=hours)
    return WORDS["soon"][chinese]


def _t(key: str, chinese: int) -> str:
    return html.escape(WORDS[key][chinese])


def _document(
    title: str, body: str, chinese: int, extra_css: str = ""
) -> tuple[str, dict[str, str]]:
    """The whole page around `body`, with the language switch, and its headers: the style
    sheet's hash is the only thing the page may load or apply."""
    style = CSS + extra_css
    switch = (
        '<p class="lang"><a href="?lang=en" hreflang="en" lang="en">English</a> · '
        '<span aria-current="true">中文</span></p>'
        if chinese
        else '<p class="lang"><span aria-current="true">English</span> · '
        '<a href="?lang=zh-CN" hreflang="zh-CN" lang="zh-CN">中文</a></p>'
    )
    page = (
        f'<!doctype html><html lang="{"zh-CN" if chinese else "en"}"><head>'
        '<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="robots" content="noindex, nofollow">'
        f"<title>{html.escape(title)}</title><style>{style}</style></head>"
        f"<body><main>{switch}{body}</main></body></html>"
    )
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    policy = (
        f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    headers = {**PRIVATE, "Content-Security-Policy": policy, "X-Robots-Tag": "noindex, nofollow"}
    return page, headers
