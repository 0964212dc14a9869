// Keys for developers: D toggles the debug overlay; F11 full screen, Esc or Ctrl+Q quits
// (developer mode only: a store's mirror ignores them).
import QtQuick
import QtQuick.Window
import Kiosk

Item {
    id: keys
    required property KioskController controller
    required property Window window

    Shortcut {
        sequence: "D"
        context: Qt.ApplicationShortcut
        onActivated: keys.controller.toggleOverlay()
    }
    Shortcut {
        sequence: "F11"
        enabled: keys.controller.developerMode
        onActivated: keys.window.visibility = (keys.window.visibility === Window.FullScreen
                                               ? Window.Windowed : Window.FullScreen)
    }
    Shortcut {
        sequences: ["Esc", "Ctrl+Q"]
        enabled: keys.controller.developerMode
        onActivated: Qt.quit()
    }
}
