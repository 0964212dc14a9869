"""The design system holds: every Theme text/background pair meets WCAG AA in both modes,
every control in the real window is at least 9 mm at the configured DPI and has an
accessible name, every visible QML string goes through qsTr, and the QML translations
are complete and current."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QTranslator, QUrl
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

import kiosk.ui.theme  # registers the Theme singleton; THEME_QML is used below
from tests.helpers import AppFactory
from tests.ui.screen import WAIT_MS, find_item, tap, tap_tab, wait_for_mirror
from tests.ui.stage_camera import StageCamera

QML_DIR = Path(kiosk.ui.theme.THEME_QML).parent
I18N_DIR = QML_DIR.parent / "i18n"
AA = 4.5
MM_PER_INCH = 25.4
TEST_DPI = 120.0  # a laptop-like density: 9 mm is 42.5 px, more than the unit floor at 540 wide


# ---- WCAG contrast --------------------------------------------------------------------------
def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def over(colour: QColor, under: tuple[float, float, float]) -> tuple[float, float, float]:
    """`colour` composited over an opaque `under` (sRGB-space blending, as Qt Quick does)."""
    a = colour.alphaF()
    top = (colour.redF(), colour.greenF(), colour.blueF())
    return (
        top[0] * a + under[0] * (1 - a),
        top[1] * a + under[1] * (1 - a),
        top[2] * a + under[2] * (1 - a),
    )


def test_the_contrast_formula_matches_wcag_reference_values() -> None:
    white, black = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)
    assert contrast(white, black) == pytest.approx(21.0)
    grey = (0x76 / 255,) * 3  # #767676 is the lightest grey with AA on white
    assert contrast(grey, white) == pytest.approx(4.54, abs=0.01)
    assert contrast(over(QColor("#80000000"), white), white) < AA  # half-black is not enough


@pytest.fixture()
def theme(qapp: QCoreApplication) -> Iterator[QObject]:
    engine = QQmlEngine()
    instance = engine.singletonInstance("Kiosk", "Theme")
    assert isinstance(instance, QObject), "the Theme singleton did not load"
    yield instance
    del instance
    engine.deleteLater()


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_every_theme_text_pair_meets_wcag_aa(theme: QObject, high_contrast: bool) -> None:
    """Translucent backgrounds sit over live video: judged over white and over black."""
    theme.setProperty("highContrast", high_contrast)
    theme.setProperty("largeText", high_contrast)
    pairs = theme.property("pairs").toVariant()
    assert len(pairs) >= 10
    failures = []
    for fg_name, bg_name, where in pairs:
        fg, bg = QColor(theme.property(fg_name)), QColor(theme.property(bg_name))
        assert fg.isValid() and bg.isValid(), (fg_name, bg_name)
        assert fg.alphaF() == 1.0, f"{fg_name}: text colours are opaque"
        for video in ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0)):
            ratio = contrast((fg.redF(), fg.greenF(), fg.blueF()), over(bg, video))
            if ratio < AA:
                failures.append(f"{fg_name} on {bg_name} ({where}) over {video}: {ratio:.2f}")
    assert not failures, failures


def test_every_text_colour_used_in_qml_is_in_a_checked_pair(theme: QObject) -> None:
    """A text colour a component uses but no pair declares would escape the check above."""
    declared = {fg for fg, _bg, _where in theme.property("pairs").toVariant()}
    used = set()
    for qml in QML_DIR.glob("*.qml"):
        for block in re.findall(r"Text \{(.*?)\n\s*\}", qml.read_text(), flags=re.S):
            used |= set(re.findall(r"\bcolor:.*?Theme\.(\w+)", block))
    assert used, "no Text uses a Theme colour"
    assert used <= declared, sorted(used - declared)


def test_touch_size_follows_the_screen_dpi(theme: QObject) -> None:
    theme.setProperty("unit", 1.0)  # so only the physical floor counts
    theme.setProperty("screenDpi", 51.0)
    assert theme.property("minTouch") == pytest.approx(19, abs=1)  # 9 mm at 51 dpi
    theme.setProperty("screenDpi", 254.0)
    assert theme.property("minTouch") == pytest.approx(90, abs=1)
    theme.setProperty("reducedMotion", True)
    assert theme.property("normal") == theme.property("slow") == 0


# ---- the real window: touch size and accessible names -----------------------------------------
def _visible(item: QQuickItem) -> bool:
    return item.isVisible() and item.opacity() > 0 and item.isEnabled()


def touch_targets(app: object) -> list[QQuickItem]:
    """Every item a finger can act on: the parent of an enabled TapHandler or DragHandler,
    or a MouseArea, on screen now. Full-window touch sinks (dim layers) are not controls."""
    window = app.window  # type: ignore[attr-defined]
    todo, found = [window.contentItem()], []
    while todo:
        item = todo.pop()
        if not _visible(item):
            continue
        todo.extend(item.childItems())
        handlers = [
            c
            for c in item.children()
            if c.metaObject().className() in ("QQuickTapHandler", "QQuickDragHandler")
            and c.property("enabled")
        ]
        if handlers or item.metaObject().className() == "QQuickMouseArea":
            if item.width() >= window.width() and item.height() >= window.height():
                continue
            found.append(item)
    return found


def accessible_name(item: QQuickItem) -> str:
    """The name a screen reader says; a MouseArea is named by the control it fills."""
    for candidate in (item, item.parentItem()):
        iface = QAccessible.queryAccessibleInterface(candidate)
        name = iface.text(QAccessible.Text.Name) if iface is not None else ""
        if name:
            return name
    return ""


def check_targets(app: object, screen: str) -> list[str]:
    least = 9 * TEST_DPI / MM_PER_INCH
    problems = []
    targets = touch_targets(app)
    assert targets, f"{screen}: nothing to touch"
    for item in targets:
        label = item.objectName() or item.metaObject().className()
        size = min(item.width(), item.height())
        if size < least - 0.5:
            problems.append(f"{screen}: {label} is {size:.0f} px < {least:.0f} px (9 mm)")
        if not accessible_name(item):
            problems.append(f"{screen}: {label} has no accessible name")
    return problems


def test_every_control_is_9_mm_and_named_in_the_real_window(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = kiosk_app(
        str(testdata / "bodies/vitonhd_00121_00.jpg"),
        **{"records.screen_dpi": str(TEST_DPI), "capture.mirror": "false"},
    )
    ctl, store = app.controller, app.store_panel
    wait_for_mirror(qtbot, app)
    ctl.selectShade(0)  # the mirror starts bare: the shopper chooses
    qtbot.waitUntil(lambda: store.known, timeout=WAIT_MS)
    summary = find_item(app, "stockSummary")
    qtbot.waitUntil(lambda: summary.isVisible() and summary.property("text") != "", timeout=WAIT_MS)
    problems = check_targets(app, "lips")
    tap(qtbot, app, summary)
    qtbot.waitUntil(lambda: find_item(app, "stockLess").isVisible(), timeout=WAIT_MS)
    problems += check_targets(app, "stock open")
    tap(qtbot, app, find_item(app, "saveButton"))
    qtbot.waitUntil(lambda: find_item(app, "signInPanel").isVisible(), timeout=WAIT_MS)
    targets = check_targets(app, "sign-in")
    problems += targets
    names = {t.objectName() for t in touch_targets(app)}
    assert "key_5" in names and "signInClose" in names
    # The panel is modal: a tap on the shelf behind its dim layer changes nothing.
    worn = ctl.selectedIndex
    tap(qtbot, app, find_item(app, "shade_3"))
    qtbot.wait(300)
    assert ctl.selectedIndex == worn and app.shopper.signInOpen
    tap(qtbot, app, find_item(app, "signInClose"))
    tap_tab(qtbot, app, "clothes")
    qtbot.waitUntil(lambda: find_item(app, "garment_0").isVisible(), timeout=WAIT_MS)
    problems += check_targets(app, "clothes")
    assert not problems, problems


# ---- words: qsTr everywhere, translations complete and current ------------------------------
_BINDING = re.compile(
    r"^\s*(text|title|label|Accessible\.name|Accessible\.description)\s*:\s*(.*)$"
)
_QSTR = re.compile(r'qsTr\("(?:[^"\\]|\\.)*"\)')
# qsTranslate's first argument is a translation context, not words on screen.
_CONTEXT = re.compile(r'qsTranslate\("(?:[^"\\]|\\.)*",')
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
# A literal compared against (stage === "confirm") is a value, not words on screen.
_COMPARED = re.compile(r'(?:[!=]==?\s*"(?:[^"\\]|\\.)*")|(?:"(?:[^"\\]|\\.)*"\s*[!=]==?)')


def untranslated(source: str) -> list[str]:
    """Lines that put a string literal with a letter in it on screen without qsTr."""
    found = []
    for number, line in enumerate(source.splitlines(), 1):
        match = _BINDING.match(line)
        if not match:
            continue
        value = _COMPARED.sub("", _QSTR.sub("", _CONTEXT.sub("(", match.group(2))))
        for literal in _LITERAL.findall(value):
            if re.search(r"[^\W\d_]", re.sub(r"\\.", "", literal)):
                found.append(f"{number}: {line.strip()}")
    return found


def test_the_qstr_check_finds_a_bare_string() -> None:
    assert untranslated('Text {\n    text: "Hold: bare"\n}') == ['2: text: "Hold: bare"']
    assert untranslated('    label: on ? qsTr("Done") : "Compare"') != []
    assert untranslated('    text: qsTr("Done")\n    text: Math.round(v) + "%"') == []
    assert untranslated('    text: stage === "confirm" ? qsTr("Take a photo?") : ""') == []
    assert untranslated('    text: stage === "confirm" ? "Take a photo?" : ""') != []
    assert untranslated('    text: qsTranslate("catalog", cell.name)') == []
    assert untranslated('    text: qsTranslate("catalog", "Classic Red")') != []


def test_every_visible_qml_string_goes_through_qstr() -> None:
    offenders = {
        qml.name: found
        for qml in sorted(QML_DIR.glob("*.qml"))
        if (found := untranslated(qml.read_text()))
    }
    assert not offenders, offenders


def _lupdate() -> str:
    tool = Path(sys.executable).with_name("pyside6-lupdate")
    found = str(tool) if tool.exists() else shutil.which("pyside6-lupdate")
    if not found:
        pytest.fail("pyside6-lupdate not found next to Python or on PATH (PySide6 installs it)")
    return found


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_qml_translations_are_complete_and_current(tmp_path: Path, language: str) -> None:
    ts = I18N_DIR / f"kiosk_qml_{language}.ts"
    assert ts.is_file(), ts
    text = ts.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, f"{ts.name} has unfinished entries"
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    result = subprocess.run(
        [_lupdate(), str(QML_DIR), "-extensions", "qml", "-locations", "none", "-no-obsolete",
         "-source-language", "en", "-target-language", language, "-ts", str(copy)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert "(0 new " in result.stdout, f"strings missing from {ts.name}: {result.stdout}"
    assert copy.read_text(encoding="utf-8") == text, f"{ts.name} is stale: run pyside6-lupdate"


def test_the_chinese_qml_translation_loads(qapp: QCoreApplication, tmp_path: Path) -> None:
    qm = tmp_path / "kiosk_qml_zh_CN.qm"
    lrelease = Path(_lupdate()).with_name("pyside6-lrelease")
    subprocess.run(
        [str(lrelease), str(I18N_DIR / "kiosk_qml_zh_CN.ts"), "-qm", str(qm)],
        capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    translator = QTranslator()
    assert translator.load(str(qm))
    assert (
        translator.translate("AttractScreen", "Step closer to try on") == "走近一点，马上试妆试衣"
    )
    engine = QQmlEngine()
    QCoreApplication.installTranslator(translator)
    try:
        component = QQmlComponent(engine)
        component.setData(
            b'import QtQuick\nItem { property string words: qsTr("Step closer to try on") }',
            QUrl.fromLocalFile(str(QML_DIR / "AttractScreen.qml")),
        )
        item = component.create()
        assert item is not None, component.errors()
        assert item.property("words") == "走近一点，马上试妆试衣"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_text_size_a_shopper_chose_is_not_the_next_shoppers(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    """ "Aa" is something the shopper touched: when they have gone, it is back as configured;
    and it is one tap each way (no hold)."""
    camera = StageCamera()
    camera.show(testdata / "lips/celebamask_0.jpg")
    app = kiosk_app(
        camera,
        **{
            "session.greet_after_s": "0.3",
            "session.leaving_after_s": "1",
            "session.end_after_s": "2",
        },
    )
    ctl = app.controller
    toggle = find_item(app, "textSizeToggle")
    qtbot.waitUntil(lambda: ctl.stage == "engaged", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not find_item(app, "attractScreen").isVisible(), timeout=WAIT_MS)
    assert not toggle.property("on")
    tap(qtbot, app, toggle)
    qtbot.waitUntil(lambda: toggle.property("on"), timeout=WAIT_MS)
    tap(qtbot, app, toggle)
    qtbot.waitUntil(lambda: not toggle.property("on"), timeout=WAIT_MS)
    tap(qtbot, app, toggle)
    qtbot.waitUntil(lambda: toggle.property("on"), timeout=WAIT_MS)
    camera.show(None)
    qtbot.waitUntil(lambda: ctl.stage == "attract", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not toggle.property("on"), timeout=WAIT_MS)
