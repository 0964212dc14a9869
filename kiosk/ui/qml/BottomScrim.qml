// A scrim under the shelf so swatch names read on any background: from the shelf's top
// edge down it is at least Theme.scrimShelf (the pair checked in tests/ui/test_theme.py).
import QtQuick
import Kiosk

Rectangle {
    gradient: Gradient {
        GradientStop { position: 0.0; color: "#00000000" }
        GradientStop { position: 0.4; color: Theme.scrimShelf }
        GradientStop { position: 1.0; color: Theme.highContrast ? "#f2000000" : "#e0000000" }
    }
}
