// Compare: up to four shades on the same live image (one tracking pass), two by two.
import QtQuick
import Kiosk

Grid {
    id: grid
    required property KioskController controller
    required property LipstickCompositor compositor
    required property var texture  // the camera texture (MirrorView.texture)
    property real unit: 8

    columns: 2
    Repeater {
        model: 4
        CompareCell {
            width: grid.width / 2
            height: grid.height / 2
            unit: grid.unit
            controller: grid.controller
            compositor: grid.compositor
            texture: grid.texture
        }
    }
}
