"""Driving the real window the way a tester does: find a control by its objectName, tap
it, grab what is on screen, wait for frames.

Tests locate what they tap or read by name (the product never does: tests/ui/test_seam.py).
Repeater delegates are not QObject children of the window, so the visual tree is walked.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QImage
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuick import QQuickItem, QQuickView
from pytestqt.qtbot import QtBot

from tests.helpers import AppFactory


def descendants(root: QQuickItem) -> list[QQuickItem]:
    """`root` and every item under it."""
    found, todo = [], [root]
    while todo:
        item = todo.pop()
        found.append(item)
        todo.extend(item.childItems())
    return found


def find_item(app: object, name: str) -> QQuickItem:
    for item in descendants(app.window.contentItem()):  # type: ignore[attr-defined]
        if item.objectName() == name:
            return item
    raise AssertionError(f"the window has no item named {name!r}")


def pad_key(app: object, pad: str, key: str) -> QQuickItem:
    """Key `key` of the on-screen keypad named `pad` (Keypad.qml: keys named padKey_K)."""
    for item in descendants(find_item(app, pad)):
        if item.objectName() == "padKey_" + key:
            return item
    raise AssertionError(f"{pad} has no key {key!r}")


# Generous: a waitUntil returns as soon as its condition holds, and on a loaded 2-core
# machine the first frames of a window (models loading, shaders compiling) take a while.
WAIT_MS = 40_000
# The shader compositor, for tests of what only it draws: the compare grid's shader cells,
# the before/after wipe, the garment blended by the scene graph ("auto" composites on the
# CPU under Xvfb, whose OpenGL is drawn by the CPU).
GPU = {"lipstick.compositor": "gpu"}


def grab_bgr(app: object) -> np.ndarray:
    image = app.window.grabWindow().convertToFormat(QImage.Format.Format_BGR888)  # type: ignore[attr-defined]
    w, h = image.width(), image.height()
    buf = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    return buf.reshape(h, image.bytesPerLine())[:, : w * 3].reshape(h, w, 3).copy()


def tap(qtbot: QtBot, app: object, item: QQuickItem) -> None:
    """A finger's tap on `item`, once it stands still: a panel that has just opened may
    still be laying itself out (text wrapping, a card growing to its content), and a
    release that lands where the button no longer is taps nothing, for a test as for a
    shopper."""
    wait_still(qtbot, item)
    _click(qtbot, app, item)


def _click(qtbot: QtBot, app: object, item: QQuickItem) -> None:
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    qtbot.mouseClick(app.window, Qt.MouseButton.LeftButton, pos=QPoint(centre))  # type: ignore[attr-defined]


def wait_still(qtbot: QtBot, item: QQuickItem) -> tuple[float, float, float, float]:
    """Until `item`'s place and size are the same on three looks in a row; that geometry."""
    seen: list[tuple[float, float, float, float]] = []

    def still() -> bool:
        seen.append(_geometry(item))
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    qtbot.waitUntil(still, timeout=WAIT_MS)
    return seen[-1]


def _geometry(item: QQuickItem) -> tuple[float, float, float, float]:
    corner = item.mapToScene(QPointF(0, 0))
    return corner.x(), corner.y(), item.width(), item.height()


def type_on(qtbot: QtBot, app: object, pad: str, keys: str | list[str]) -> None:
    """Keys tapped one after another on the keypad named `pad`, as fingers type: the pad
    is waited on to stand still once, and again only if it has moved or changed size
    since. Waiting for three still looks before
    every key was most of the keypad tests' time."""
    board = find_item(app, pad)
    placed: tuple[float, float, float, float] | None = None
    for key in keys:
        item = pad_key(app, pad, key)
        if placed is None or _geometry(board) != placed:
            placed = wait_still(qtbot, board)
        _click(qtbot, app, item)


def wait_frames(qtbot: QtBot, ctl: object, count: int) -> None:
    """Wait until `count` more composited frames have reached the screen."""
    start = ctl.framesShown  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: ctl.framesShown >= start + count, timeout=WAIT_MS)  # type: ignore[attr-defined]


def wait_for_mirror(qtbot: QtBot, app: object) -> None:
    """Wait until the window shows the mirror on a face as the shopper sees it: a face found,
    frames shown and the attract screen faded out. Screenshots taken during its fade are
    darker (lips measured then read up to 25 L* low) and differ everywhere between frames."""
    ctl = app.controller  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: ctl.framesShown >= 3 and ctl.faceFound, timeout=WAIT_MS)
    attract = find_item(app, "attractScreen")
    qtbot.waitUntil(lambda: not attract.isVisible(), timeout=WAIT_MS)


def start_on_face(
    qtbot: QtBot,
    kiosk_app: AppFactory,
    source: Path,
    *,
    choose: int | None = 0,
    **overrides: str,
) -> object:
    """The window on a face (`wait_for_mirror`); the shopper then chooses shade `choose` (the
    mirror starts bare: None leaves it so). `overrides`: settings, as kiosk_app takes them."""
    app = kiosk_app(str(source), **overrides)
    ctl = app.controller
    wait_for_mirror(qtbot, app)
    if choose is not None:
        ctl.selectShade(choose)
        qtbot.waitUntil(lambda: app.card.visible, timeout=WAIT_MS)
        wait_frames(qtbot, ctl, 3)  # the shade on the lips, the card laid out for taps
    return app


def tab_item(app: object, name: str) -> QQuickItem:
    """Shelf tab `name`, scrolled into view first as a shopper would swipe the tab row
    (a narrow window shows only some of the tabs)."""
    tabs = find_item(app, "shelfTabs")
    item = find_item(app, "tab_" + name)
    width, content = tabs.width(), float(tabs.property("contentWidth"))
    centred = item.x() - (width - item.width()) / 2
    tabs.setProperty("contentX", max(0.0, min(centred, content - width)))
    return item


def tap_tab(qtbot: QtBot, app: object, name: str) -> None:
    """Tap shelf tab `name`, found afresh until it stands still: the row is rebuilt when a
    made-for-you tab appears (a skin reading settling, a member signing in), which
    replaces every tab item."""
    seen: list[tuple[float, float, float, float]] = []

    def still() -> bool:
        try:
            item = tab_item(app, name)
            corner = item.mapToScene(QPointF(0, 0))
        except (AssertionError, RuntimeError):  # not there yet, or replaced meanwhile
            seen.clear()
            return False
        seen.append((corner.x(), corner.y(), item.width(), item.height()))
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    qtbot.waitUntil(still, timeout=WAIT_MS)
    item = tab_item(app, name)
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    qtbot.mouseClick(app.window, Qt.MouseButton.LeftButton, pos=QPoint(centre))  # type: ignore[attr-defined]


def show_scene(
    qtbot: QtBot, qml: bytes, where: Path, properties: dict[str, object], size: tuple[int, int]
) -> tuple[QQuickView, QQuickItem]:
    """A small Qt Quick scene of its own (`qml`, resolved as if at `where`, its root
    given `properties`) in a window of `size` (width, height), shown: (window, root)."""
    view = QQuickView()
    view.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
    component = QQmlComponent(view.engine(), view)  # (kept with the window: its root too)
    component.setData(qml, QUrl.fromLocalFile(str(where)))
    root = component.createWithInitialProperties(properties)
    assert root is not None, component.errorString()
    view.setContent(QUrl(), component, root)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view, timeout=WAIT_MS)
    return view, root
