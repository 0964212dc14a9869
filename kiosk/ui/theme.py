"""Registers the QML design system (qml/Theme.qml) as the `Theme` singleton of `import Kiosk`.

A qmldir beside the QML files would also do it, but then every component would have to be
listed there; registering the one singleton keeps the folder's implicit import as it is.
Imported by kiosk/app.py for this side effect, like the other QML types.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtQml import qmlRegisterSingletonType

THEME_QML = Path(__file__).resolve().parent / "qml" / "Theme.qml"

# The stubs say bytes for the names; the binding takes str (and rejects bytes) at run time.
qmlRegisterSingletonType(QUrl.fromLocalFile(str(THEME_QML)), "Kiosk", 1, 0, "Theme")  # type: ignore[call-overload]
