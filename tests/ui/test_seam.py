"""Python never reaches into QML: no item lookups by name anywhere in kiosk/.

QML items take what they show from bound properties and models and raise intents the
bridges answer (GUIDE section 3). A test may find a control by its objectName to tap it
like a user; the product may not. The scan reads Python tokens, so a docstring or comment
that names the forbidden calls (as this one does) is not an offence.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
QML = KIOSK / "ui" / "qml"
# Calls that find, walk or poke QML items from Python.
FORBIDDEN = {
    "findChild": "looks an item up by objectName",
    "findChildren": "looks items up by objectName",
    "objectName": "compares or reads an item's objectName",
    "childItems": "walks the visual tree",
    "contentItem": "walks the visual tree from the window",
    "setProperty": "sets a QML property from Python (bind one instead)",
    "setContextProperty": "exposes a context property (use typed bridges)",
}


def offences(source: str) -> list[tuple[int, str]]:
    """(line, name) for each forbidden name used as code in `source`."""
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.NAME and tok.string in FORBIDDEN:
            found.append((tok.start[0], tok.string))
    return found


@pytest.mark.parametrize(
    ("planted", "name"),
    [
        ('mirror = window.findChild(FrameItem, "mirror")\n', "findChild"),
        ("items = root.findChildren(QQuickItem)\n", "findChildren"),
        ('hit = item.objectName() == "lipMask"\n', "objectName"),
        ("todo = [window.contentItem()]\n", "contentItem"),
        ("todo.extend(item.childItems())\n", "childItems"),
        ('window.setProperty("shelfTab", "clothes")\n', "setProperty"),
        ('engine.rootContext().setContextProperty("store", panel)\n', "setContextProperty"),
    ],
)
def test_the_scan_catches_each_way_in(planted: str, name: str) -> None:
    assert offences(planted) == [(1, name)]


def test_the_scan_ignores_words_in_strings_and_comments() -> None:
    text = '"""Never findChild."""\nx = "objectName"  # no setProperty here\n'
    assert offences(text) == []


def test_no_kiosk_module_looks_into_qml() -> None:
    files = sorted(KIOSK.rglob("*.py"))
    assert len(files) > 50 and KIOSK / "app.py" in files
    found = [
        f"{path.relative_to(KIOSK.parent)}:{line}: {name} {FORBIDDEN[name]}"
        for path in files
        for line, name in offences(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "\n".join(found)


def test_qml_raises_intents_and_does_not_drive_the_store_or_the_visit() -> None:
    """The card's product reaches the store side and the visit from Python (CardFeed);
    QML calls no `show`/`showing` on them and keeps no shelf state of its own."""
    qml = {path.name: path.read_text(encoding="utf-8") for path in QML.glob("*.qml")}
    assert "Main.qml" in qml and "ProductCard.qml" in qml
    for name, text in qml.items():
        assert "function tell" not in text, name
        assert ".showing(" not in text and "store.show(" not in text, name
        assert "property string shelfTab" not in text and "shelfTab =" not in text, name
