// A soft scrim under the shelf so swatch names read on any background.
import QtQuick

Rectangle {
    gradient: Gradient {
        GradientStop { position: 0.0; color: "#00000000" }
        GradientStop { position: 0.45; color: "#73000000" }
        GradientStop { position: 1.0; color: "#d9000000" }
    }
}
