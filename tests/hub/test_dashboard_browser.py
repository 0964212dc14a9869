"""The managers' dashboard in headless Chromium (Debian's `chromium`, driven by Playwright for
Python; no browser download) against a real hub with a simulated week in it: signing in
through the form, the live figures equal the database's, the language switch, the page
follows a new event within seconds, and a kiosk's token cannot read the figures.
Screenshots go to build/screens/dashboard-*.png (looked at by a person: docs/hub.md).

Without Chromium or Playwright (a developer's laptop) the test skips saying so; under
CI=true it fails instead (.ci/run installs both)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.hub.day import USER_PASSWORD, Posted, add_users, one_more_session, simulate_day
from tests.hub.shop import shop_hub
from tests.hub.test_dashboard import SUMMARY, oracle
from tests.hub_server import REPO, RunningHub

CHROMIUM = Path("/usr/bin/chromium")
SCREENS = REPO / "build" / "screens"
ZONE = "Asia/Shanghai"
# This machine's closed network: nothing of Chromium's own may reach out or wait for it.
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
]  # fmt: skip
LIVE_WITHIN_S = 8.0  # the page polls every 3 s


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} under CI=true: .ci/run installs chromium and the dev extra")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"the browser test needs Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the browser test needs Playwright for Python (pip install playwright)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module", params=["sqlite"])
def week(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RunningHub, Posted]]:
    for hub in shop_hub(request, tmp_path_factory):
        add_users(hub.db_url)
        yield hub, simulate_day(hub, earlier_days=6)


def _browser(playwright: Any, folder: Path, locale: str) -> Any:
    """A fresh profile in `folder` (the test's own --user-data-dir), 1600 x 1000, in ZONE."""
    return playwright.chromium.launch_persistent_context(
        str(folder),
        executable_path=str(CHROMIUM),
        headless=True,
        args=FLAGS,
        viewport={"width": 1600, "height": 1000},
        locale=locale,
        timezone_id=ZONE,
    )


def _sign_in(page: Any, hub: RunningHub, username: str) -> None:
    page.goto(f"{hub.url}/dashboard")
    assert page.url.startswith(f"{hub.url}/dashboard/login"), page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", USER_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("body[data-generated-at]", timeout=15_000)


def _kpis(page: Any) -> dict[str, int]:
    found = page.eval_on_selector_all(
        "[data-kpi][data-value]", "els => els.map(e => [e.dataset.kpi, Number(e.dataset.value)])"
    )
    return {k: int(v) for k, v in found}


def _shot(page: Any, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"dashboard-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_the_dashboard_in_a_browser(
    playwright: Any, week: tuple[RunningHub, Posted], tmp_path: Path
) -> None:
    hub, posted = week
    context = _browser(playwright, tmp_path / "profile-en", "en-GB")
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        _sign_in(page, hub, "office")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text() == "Try-on mirrors: the manager's view"

        # The figures on the page are the database's (days in the browser's time zone).
        today = datetime.now(ZoneInfo(ZONE)).date()
        want = oracle(hub.db_url, stores=None, first=today - timedelta(days=6), last=today, tz=ZONE)
        shown = _kpis(page)
        assert {k: shown[k] for k in want["funnel"]} == want["funnel"], shown
        bars = page.eval_on_selector_all(
            "#funnel-chart rect[data-step]",
            "els => els.map(e => [e.dataset.step, +e.dataset.value])",
        )
        assert {k: int(v) for k, v in bars} == {k: want["funnel"][k] for k, _ in bars}
        per_day = page.eval_on_selector_all(
            "#day-chart rect.sessions[data-day]",
            "els => els.map(e => [e.dataset.day, +e.dataset.value])",
        )
        assert len(per_day) == 7
        for day, sessions in per_day:
            assert sessions == want["days"].get(day, {"sessions": 0})["sessions"], day
        assert page.locator("#mirrors tr[data-kiosk=mirror-ja-2] .badge").inner_text() == (
            "Needs attention"
        )
        assert page.locator("#alerts tr[data-sku=LIP-002]").count() == 1
        assert "Xintiandi" in page.locator("#alerts tr[data-sku=LIP-002]").first.inner_text()
        assert page.locator("#live").inner_text().startswith("Live")
        _shot(page, "en")

        # Chinese, switched on the page: every word follows, the figures stay.
        page.click("#lang-switch button[data-lang=zh-CN]")
        page.wait_for_function("document.documentElement.lang === 'zh-CN'")
        assert page.locator("h1").inner_text() == "试妆镜 · 店长看板"
        assert page.locator("[data-kpi=orders] .label").inner_text() == "订单"
        assert "lang=zh-CN" in page.url
        assert _kpis(page)["sessions"] == want["funnel"]["sessions"]
        _shot(page, "zh")

        # Live: a shopper arrives at a mirror; the page shows it within a few seconds.
        before = _kpis(page)
        with httpx.Client(base_url=hub.url, timeout=30) as client:
            one_more_session(client, posted.mirrors[0])
        started = time.monotonic()
        page.wait_for_function(
            "n => Number(document.querySelector('[data-kpi=sessions]').dataset.value) === n",
            arg=before["sessions"] + 1,
            timeout=LIVE_WITHIN_S * 1000,
        )
        assert time.monotonic() - started < LIVE_WITHIN_S
        assert _kpis(page)["tryons"] == before["tryons"] + 1

        # A kiosk's token cannot read the figures, even from the signed-in browser.
        kiosk = page.request.get(
            f"{hub.url}{SUMMARY}", headers={"Authorization": f"Bearer {posted.mirrors[0].token}"}
        )
        assert kiosk.status == 401, kiosk.text()
        assert page.request.get(f"{hub.url}{SUMMARY}").status == 200
        assert not problems, problems  # no script error, no CSP refusal, nothing not found

        # Signing out ends it.
        page.click("form.signout button")
        page.wait_for_url(f"{hub.url}/dashboard/login")
        assert page.request.get(f"{hub.url}{SUMMARY}").status == 401
    finally:
        context.close()


def test_a_store_manager_in_chinese_by_the_browsers_language(
    playwright: Any, week: tuple[RunningHub, Posted], tmp_path: Path
) -> None:
    hub, _ = week
    context = _browser(playwright, tmp_path / "profile-zh", "zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{hub.url}/dashboard/login")
        assert page.locator("h1").inner_text() == "登录店长看板"
        page.fill("input[name=username]", "manager")
        page.fill("input[name=password]", "wrong password")
        page.click("button[type=submit]")
        assert page.locator(".error").inner_text() == "用户名或密码错误。"
        _sign_in(page, hub, "manager")
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert page.locator("#f-store").is_disabled()
        assert page.locator("#card-store").is_hidden()
        kiosks = set(
            page.eval_on_selector_all("#mirrors tr[data-kiosk]", "e => e.map(x => x.dataset.kiosk)")
        )
        assert "mirror-xtd-1" not in kiosks and "mirror-ja-1" in kiosks
        page.select_option("#f-kiosk", "mirror-ja-1")
        page.wait_for_function(
            "() => document.querySelectorAll('#by-kiosk tbody tr').length === 1", timeout=10_000
        )
        page.select_option("#f-kiosk", "")
        page.wait_for_function(
            "() => document.querySelectorAll('#by-kiosk tbody tr').length === 2", timeout=10_000
        )
        _shot(page, "manager-zh")
    finally:
        context.close()
