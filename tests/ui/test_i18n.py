"""Languages: the .ts sources are complete and in step with the code, the .qm files build
and load, and the real window changes its words when the shopper switches language."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import cv2
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

from kiosk.errors import KioskError
from kiosk.session.for_you import Pick
from kiosk.ui.for_you_panel import PickListModel
from kiosk.ui.i18n import Translations
from kiosk.ui.i18n_files import I18N_DIR, PY_LANGUAGES, PY_SOURCES, ensure_built, tool
from tests.helpers import REPO, AppFactory
from tests.ui.screen import WAIT_MS, find_item, grab_bgr, start_on_face, tap

SHOTS = Path("/tmp/kiosk-test-shots")  # artefacts to look at, never committed

Entries = dict[tuple[str, str], ET.Element]


def entries(ts: Path) -> Entries:
    """(context, source) -> its <translation> element."""
    found: Entries = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message.find("translation")  # type: ignore[assignment]
    return found


@pytest.mark.parametrize("lang", PY_LANGUAGES)
def test_python_ts_has_no_unfinished_vanished_or_obsolete_entries(lang: str) -> None:
    found = entries(I18N_DIR / f"kiosk_py_{lang}.ts")
    assert len(found) > 90
    for (context, source), translation in found.items():
        assert translation.get("type") is None, (lang, context, source, translation.get("type"))
        assert (translation.text or "").strip() or not source.strip(), (lang, source)


def test_lupdate_finds_no_python_string_missing_from_the_ts(tmp_path: Path) -> None:
    """Run pyside6-lupdate over the Python sources afresh: it extracts exactly the entries
    the .ts files hold (a new marked string without a translation fails here)."""
    lupdate = tool("pyside6-lupdate")
    assert lupdate is not None
    files = sorted(str(p) for folder in PY_SOURCES for p in (REPO / "kiosk" / folder).glob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, "-silent", "-locations", "none", *files, "-ts", str(fresh)],
                   check=True, capture_output=True)  # fmt: skip
    extracted = set(entries(fresh))
    assert len(extracted) > 90
    for lang in PY_LANGUAGES:
        assert set(entries(I18N_DIR / f"kiosk_py_{lang}.ts")) == extracted, lang


def test_the_built_qm_loads_and_qt_translates_python_words(qapp: object) -> None:
    i18n = Translations("zh-CN")
    assert i18n.language == "zh-CN"
    assert QCoreApplication.translate("Wording", "On the shelf here") == "本店有货"
    assert i18n.words().text("stock.km", km="2.8") == "2.8 公里"
    assert i18n.words("en").text("stock.km", km="2.8") == "2.8 km"  # any language on demand
    i18n.setLanguage("en")
    assert QCoreApplication.translate("Wording", "On the shelf here") == "On the shelf here"
    i18n.setLanguage("fr")  # not offered: nothing changes
    assert i18n.language == "en"
    assert [lang["name"] for lang in i18n.languages] == ["中文", "English"]


def test_qm_is_rebuilt_when_missing_or_older_than_its_ts(tmp_path: Path) -> None:
    sources = tmp_path / "i18n"
    sources.mkdir()
    ts = sources / "kiosk_py_zh_CN.ts"
    shutil.copy(I18N_DIR / ts.name, ts)
    assert ensure_built(sources=sources) == sources
    qm = sources / "kiosk_py_zh_CN.qm"
    assert qm.stat().st_size > 1000
    built = qm.stat().st_mtime_ns
    ensure_built(sources=sources)
    assert qm.stat().st_mtime_ns == built  # fresh: left alone
    os.utime(ts, ns=(built + 10**9,) * 2)  # the .ts edited after the build
    ensure_built(sources=sources)
    assert qm.stat().st_mtime_ns > built
    ts.write_text("<TS><context><name>x", encoding="utf-8")  # broken source
    with pytest.raises(KioskError) as info:
        ensure_built(sources=sources)
    assert "kiosk_py_zh_CN" in info.value.message and info.value.fix


def test_cli_builds_the_translations() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "translations", "build"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "kiosk_py_zh_CN.qm" in done.stdout and "kiosk_py_en.qm" in done.stdout


def test_switching_language_on_screen_changes_the_words_at_once(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = start_on_face(qtbot, kiosk_app, testdata / "videos/talk_d10.mp4")
    card, i18n = app.card, app.i18n  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: card.stockKnown and card.visible, timeout=WAIT_MS)
    assert i18n.language == "en" and card.detail == "Matte"  # the developer profile
    detail = find_item(app, "productDetail")
    tap(qtbot, app, find_item(app, "language_zh-CN"))
    qtbot.waitUntil(lambda: i18n.language == "zh-CN", timeout=WAIT_MS)
    assert card.detail == "哑光" and detail.property("text") == "哑光"
    assert card.buyText == "线上购买" and card.reserveText == "在本店预留"
    assert "本店" in card.stockSummary or "线上" in card.stockSummary, card.stockSummary
    assert card.rows.item(0).label == "本店"
    assert app.shopper.consentTitle.startswith("将试妆")  # type: ignore[attr-defined]
    labels = [app.shelves.categories.item(i)[1] for i in range(6)]  # type: ignore[attr-defined]
    assert labels == ["口红", "眼妆", "腮红", "眉妆", "整体妆容", "服装"]
    # the products' own names too, from the catalog's translations (assets/catalog.json)
    assert card.name == "绯红丝绒" and find_item(app, "productName").property("text") == "绯红丝绒"
    assert "绯红丝绒" in _texts(find_item(app, "shade_0"))
    SHOTS.mkdir(exist_ok=True)
    cv2.imwrite(str(SHOTS / "language_zh.png"), grab_bgr(app))
    tap(qtbot, app, find_item(app, "language_en"))
    qtbot.waitUntil(lambda: i18n.language == "en", timeout=WAIT_MS)
    assert card.detail == "Matte" and detail.property("text") == "Matte"
    assert card.buyText == "Buy online"
    assert card.name == "Crimson Velvet" and "Crimson Velvet" in _texts(find_item(app, "shade_0"))


def _texts(item: QQuickItem) -> list[str]:
    """The texts shown by `item` and everything in it."""
    return [str(c.property("text")) for c in [item, *item.findChildren(QQuickItem)]
            if c.property("text") is not None]  # fmt: skip


def test_product_names_are_the_catalogs_own_translations(qapp: object) -> None:
    i18n = Translations("zh-CN")
    i18n.add_product_names({"zh-CN": {"Classic Red": "经典正红"}})
    assert i18n.words().product_name("Classic Red") == "经典正红"
    assert i18n.words().product_name("Renamed By The Hub") == "Renamed By The Hub"
    assert QCoreApplication.translate("catalog", "Classic Red") == "经典正红"  # as QML asks
    assert QCoreApplication.translate("Wording", "On the shelf here") == "本店有货"  # ours too
    assert i18n.words("en").product_name("Classic Red") == "Classic Red"
    i18n.setLanguage("en")
    assert QCoreApplication.translate("catalog", "Classic Red") == "Classic Red"
    i18n.setLanguage("zh-CN")
    assert QCoreApplication.translate("catalog", "Classic Red") == "经典正红"
    i18n.close()


def test_an_app_looks_tile_is_named_in_the_screens_language(qapp: object) -> None:
    """A look saved in the app is named after its first product and how many more: both
    in Chinese on a Chinese screen (the name from the catalog's translations)."""
    i18n = Translations("zh-CN")
    i18n.add_product_names({"zh-CN": {"Classic Red": "经典正红"}})
    look = Pick("L1", "Classic Red", "#B0123A", "", (), "app_look", more=2)
    alone = Pick("LIP-001", "Classic Red", "#B0123A", "", (), "wishlist")
    model = PickListModel(i18n.words())
    assert model.values(look)[1] == "经典正红 +2件"
    assert model.values(alone)[1] == "经典正红"
    model.words = i18n.words("en")
    assert model.values(look)[1] == "Classic Red + 2"
    i18n.close()


def test_a_closed_kiosks_words_and_names_leave_the_application(qapp: object) -> None:
    """A kiosk closed in this process (a test's app, a restart) takes its translators
    with it: the next one, in English, finds neither its Chinese words nor its names."""
    first = Translations("zh-CN")
    first.add_product_names({"zh-CN": {"Classic Red": "经典正红"}})
    assert QCoreApplication.translate("catalog", "Classic Red") == "经典正红"
    first.close()
    assert QCoreApplication.translate("catalog", "Classic Red") == "Classic Red"
    second = Translations("en")
    second.add_product_names({"zh-CN": {"Classic Red": "经典正红"}})
    assert QCoreApplication.translate("catalog", "Classic Red") == "Classic Red"
    assert QCoreApplication.translate("Wording", "On the shelf here") == "On the shelf here"
    second.close()


def test_a_chinese_store_starts_in_chinese(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = kiosk_app(str(testdata / "videos/talk_d10.mp4"), **{"kiosk.language": "zh-CN"})
    card, ctl = app.card, app.controller
    qtbot.waitUntil(lambda: ctl.faceFound, timeout=WAIT_MS)
    ctl.selectShade(0)  # the mirror starts bare: the shopper chooses the first shade
    qtbot.waitUntil(lambda: card.stockKnown and card.visible, timeout=WAIT_MS)
    assert app.i18n.language == "zh-CN"
    assert card.detail == "哑光" and card.buyText == "线上购买"
    assert find_item(app, "language_zh-CN").property("current")
    assert ctl.statusText in ("", "走近一些，即可试妆试穿", "您好！请稍站片刻")
    assert app.shopper.consentAccept == "同意，保存我的记录"  # type: ignore[attr-defined]
