"""The dashboard's HTML: the sign-in form and the dashboard itself, in English and Chinese.

Both are small documents with no inline script or style: the page's own script and style
sheet come from `/dashboard/static/` (this package's `static/`), and the
Content-Security-Policy allows nothing else (no CDN, no font or image from elsewhere, no
frame around it). The words of both languages are in `WORDS`; the dashboard page carries
them as a JSON data block so its script switches language without asking the hub.
"""

from __future__ import annotations

import hashlib
import html
import json
from functools import cache
from importlib import resources

from kiosk.hub.backoffice_users import User

STATIC = ("dashboard.js", "dashboard.css", "icon.svg")
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}

WORDS: dict[str, tuple[str, str]] = {  # (English, Chinese)
    "title": ("Try-on mirrors: the manager's view", "试妆镜 · 店长看板"),
    "signin_title": ("Sign in to the manager's view", "登录店长看板"),
    "username": ("Username", "用户名"),
    "password": ("Password", "密码"),
    "signin": ("Sign in", "登录"),
    "signout": ("Sign out", "退出登录"),
    "wrong": ("Wrong username or password.", "用户名或密码错误。"),
    "locked": (
        "Too many wrong passwords. Try again in {n} seconds.",
        "密码错误次数过多，请在 {n} 秒后重试。",
    ),
    "cross_site": (
        "This form must be sent from the hub's own sign-in page.",
        "请从看板自己的登录页面提交。",
    ),
    "signin_note": (
        "Store managers and head office. Counts only: no shopper's personal data is shown.",
        "供店长和总部使用。仅显示统计数字，不含任何顾客个人信息。",
    ),
    "all_stores": ("All stores", "全部门店"),
    "head_office": ("Head office", "总部"),
    "store": ("Store", "门店"),
    "kiosk": ("Mirror", "试妆镜"),
    "staff": ("Staff", "店员"),
    "all_kiosks": ("All mirrors", "全部试妆镜"),
    "all_staff": ("All staff", "全部店员"),
    "no_staff": ("No staff signed in", "无店员登录"),
    "from": ("From", "从"),
    "to": ("To", "至"),
    "today": ("Today", "今天"),
    "days7": ("7 days", "近 7 天"),
    "days30": ("30 days", "近 30 天"),
    "live": ("Live", "实时"),
    "updated": ("updated {n} s ago", "{n} 秒前更新"),
    "offline": ("not updating: the hub does not answer", "未更新：无法连接中心服务器"),
    "sessions": ("Sessions", "试妆次数"),
    "tried_sessions": ("With a try-on", "有试用的试妆"),
    "tried_short": ("Tried", "有试用"),
    "reservations_short": ("Holds", "预留"),
    "no_staff_short": ("No staff", "无店员"),
    "tryons": ("Try-ons", "试用次数"),
    "handoffs": ("Hand-offs", "扫码转线上"),
    "reservations": ("Reservations", "预留"),
    "orders": ("Orders", "订单"),
    "revenue": ("Revenue", "销售额"),
    "of_sessions": ("{p} of sessions", "占试妆 {p}"),
    "funnel": ("From session to order", "从试妆到下单"),
    "per_day": ("Sessions and orders per day", "每日试妆与订单"),
    "products": ("Most tried products", "试用最多的商品"),
    "product": ("Product", "商品"),
    "conversion": ("Conversion", "转化率"),
    "conversion_note": ("orders with the product ÷ try-ons", "含该商品的订单 ÷ 试用次数"),
    "alerts": ("Tried often, sold out here", "常被试用但本店缺货"),
    "alerts_note": (
        "tried {n}+ times in these days, nothing available at the store now; nearest = "
        "shortest straight-line distance",
        "所选日期内试用 {n} 次以上、本店目前无可售库存；最近 = 直线距离最短",
    ),
    "nearest": ("Nearest stock", "最近的库存"),
    "nowhere": ("none anywhere", "各处均无货"),
    "partner": ("pickup partner", "可预留自提"),
    "ships": ("ships in {n} days", "{n} 天内发货"),
    "units": ("{n} available", "可售 {n}"),
    "by_store": ("By store", "按门店"),
    "by_kiosk": ("By mirror", "按试妆镜"),
    "by_staff": ("By staff member", "按店员"),
    "mirrors": ("Mirrors' health", "试妆镜状态"),
    "status": ("Status", "状态"),
    "last_report": ("Last report", "上次报告"),
    "fps": ("Tracking fps", "跟踪帧率"),
    "camera": ("Camera", "摄像头"),
    "outbox": ("Events waiting", "待发送记录"),
    "problems": ("Problems", "问题"),
    "ok": ("OK", "正常"),
    "degraded": ("Needs attention", "需处理"),
    "closed_by_staff": ("Closed by staff", "店员已关闭"),
    "stale": ("No report for {n} min", "{n} 分钟无报告"),
    "no_report": ("Never reported", "从未报告"),
    "ago_s": ("{n} s ago", "{n} 秒前"),
    "ago_m": ("{n} min ago", "{n} 分钟前"),
    "ago_h": ("{n} h ago", "{n} 小时前"),
    "none_yet": ("Nothing in these days yet.", "所选日期内暂无数据。"),
    "no_alerts": ("No stock alerts.", "暂无缺货提醒。"),
    "no_mirrors": ("No mirrors in view.", "暂无试妆镜。"),
    "running": ("running", "运行中"),
    "stalled": ("no new frames", "无新画面"),
    "privacy": (
        "Counts only: no shopper is named or identified here. Staff are shown as their "
        "store's employees.",
        "仅显示统计数字：不显示或识别任何顾客。店员以本店员工身份显示。",
    ),
}


def words(chinese: int) -> dict[str, str]:
    return {key: pair[chinese] for key, pair in WORDS.items()}


@cache
def static_file(name: str) -> bytes:
    """One of the page's own files (`STATIC`), read from the package."""
    return resources.files("kiosk.hub.dashboard").joinpath("static", name).read_bytes()


@cache
def static_url(name: str) -> str:
    """The file's URL with its content's hash: cached by the browser until it changes."""
    digest = hashlib.sha256(static_file(name)).hexdigest()[:16]
    return f"/dashboard/static/{name}?v={digest}"


def _csp(script: bool) -> str:
    parts = [
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
    if script:
        parts[1:1] = ["script-src 'self'", "connect-src 'self'"]
    return "; ".join(parts)


def page_headers(script: bool) -> dict[str, str]:
    return {
        "Content-Security-Policy": _csp(script),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "X-Robots-Tag": "noindex, nofollow",
    }


def _switch(chinese: int, base: str) -> str:
    """The "中文 | English" switch as links (the sign-in page has no script)."""
    zh = f'<a href="{base}?lang=zh-CN" lang="zh-CN">中文</a>'
    en = f'<a href="{base}?lang=en" lang="en">English</a>'
    if chinese:
        zh = '<strong lang="zh-CN">中文</strong>'
    else:
        en = '<strong lang="en">English</strong>'
    return f'<nav class="lang">{zh} | {en}</nav>'


def login_page(chinese: int, error: str | None = None, username: str = "") -> str:
    w = words(chinese)
    lang = "zh-CN" if chinese else "en"
    problem = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{html.escape(w["signin_title"])}</title>
<link rel="stylesheet" href="{static_url("dashboard.css")}">
<link rel="icon" href="{static_url("icon.svg")}" type="image/svg+xml"></head>
<body class="signin"><main class="signin-box">
{_switch(chinese, "/dashboard/login")}
<h1>{html.escape(w["signin_title"])}</h1>{problem}
<form method="post" action="/dashboard/login">
<input type="hidden" name="lang" value="{lang}">
<label>{html.escape(w["username"])}<input name="username" autocomplete="username" required
 maxlength="128" value="{html.escape(username)}" autofocus></label>
<label>{html.escape(w["password"])}<input name="password" type="password" required
 maxlength="200" autocomplete="current-password"></label>
<button type="submit">{html.escape(w["signin"])}</button>
</form><p class="note">{html.escape(w["signin_note"])}</p></main></body></html>"""


def dashboard_page(chinese: int, user: User) -> str:
    """The skeleton the script fills: its words in the page's language (switched in place),
    and every language's words as a JSON data block."""
    w = words(chinese)
    lang = "zh-CN" if chinese else "en"
    data = json.dumps(
        {
            "lang": lang,
            "words": {"en": words(0), "zh-CN": words(1)},
            "user": {"name": user.display_name, "store": user.store_id},
        },
        ensure_ascii=True,
    ).replace("<", "\\u003c")

    def t(key: str) -> str:
        return f'<span data-t="{key}">{html.escape(w[key])}</span>'

    scope = html.escape(user.store_id) if user.store_id else t("head_office")
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{html.escape(w["title"])}</title>
<link rel="stylesheet" href="{static_url("dashboard.css")}">
<link rel="icon" href="{static_url("icon.svg")}" type="image/svg+xml">
<script src="{static_url("dashboard.js")}" defer></script></head>
<body class="dash">
<script type="application/json" id="page-data">{data}</script>
<header class="top">
 <h1>{t("title")}</h1>
 <div class="who">{html.escape(user.display_name)} · {scope}</div>
 <div class="lang" id="lang-switch">
 <button type="button" data-lang="zh-CN" lang="zh-CN">中文</button> |
 <button type="button" data-lang="en" lang="en">English</button></div>
 <form method="post" action="/dashboard/logout" class="signout">
 <button type="submit">{t("signout")}</button></form>
</header>
<section class="filters" aria-label="filters">
 <label>{t("store")}<select id="f-store"></select></label>
 <label>{t("kiosk")}<select id="f-kiosk"></select></label>
 <label>{t("staff")}<select id="f-staff"></select></label>
 <label>{t("from")}<input type="date" id="f-from"></label>
 <label>{t("to")}<input type="date" id="f-to"></label>
 <div class="presets"><button type="button" data-days="1">{t("today")}</button>
 <button type="button" data-days="7">{t("days7")}</button>
 <button type="button" data-days="30">{t("days30")}</button></div>
 <div class="live" id="live"><span class="dot"></span>{t("live")} <span id="live-age"></span></div>
</section>
<section class="kpis" id="kpis"></section>
<section class="row two">
 <article class="card"><h2>{t("funnel")}</h2><div id="funnel-chart" class="chart"></div></article>
 <article class="card"><h2>{t("per_day")}</h2><div id="day-chart" class="chart"></div></article>
</section>
<section class="row two">
 <article class="card"><h2>{t("products")}</h2>
  <p class="note">{t("conversion")}: {t("conversion_note")}</p><div id="products"></div></article>
 <article class="card"><h2>{t("alerts")}</h2><p class="note" id="alerts-note"></p>
  <div id="alerts"></div></article>
</section>
<section class="row three" id="breakdowns">
 <article class="card" id="card-store"><h2>{t("by_store")}</h2><div id="by-store"></div></article>
 <article class="card"><h2>{t("by_kiosk")}</h2><div id="by-kiosk"></div></article>
 <article class="card"><h2>{t("by_staff")}</h2><div id="by-staff"></div></article>
</section>
<section class="row"><article class="card"><h2>{t("mirrors")}</h2><div id="mirrors"></div>
</article></section>
<footer class="privacy">{t("privacy")}</footer>
</body></html>"""
