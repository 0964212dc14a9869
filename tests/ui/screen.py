"""Finding a control on the real window the way a tester does: by its objectName.

Tests locate what they tap or read by name (the product never does: tests/ui/test_seam.py).
Repeater delegates are not QObject children of the window, so the visual tree is walked.
"""

from __future__ import annotations

from PySide6.QtQuick import QQuickItem


def find_item(app: object, name: str) -> QQuickItem:
    todo = [app.window.contentItem()]  # type: ignore[attr-defined]
    while todo:
        item = todo.pop()
        if item.objectName() == name:
            return item
        todo.extend(item.childItems())
    raise AssertionError(f"the window has no item named {name!r}")
