"""PySide6.QtQml without every QML module Qt ships.

PyInstaller's own hook for QtQml collects the whole `qml` folder of the Qt it finds: all of
Qt's QML modules (Quick 3D, WebEngine, Multimedia, Charts, Controls, ...) and, through
their plugins, the Qt libraries behind them. The mirror's screen imports only QtQuick and
QtQuick.Window, so this hook (found first: the spec's hookspath outranks PyInstaller's
hooks) keeps the Qt libraries and plugins the Python module needs, and the spec collects
the QML modules the screen imports, by name (tryon-kiosk.spec, `qml_modules`).
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
