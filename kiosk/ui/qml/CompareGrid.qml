// Compare: up to four shades on the same live image (one tracking pass), two by two.
// Every cell shows the face framed (the layout's `cellSource` of the mirror), not a
// quarter of the frame; the grid sits where the layout keeps it clear of the card and
// the shelf (`compareArea`).
import QtQuick
import Kiosk

Item {
    id: grid
    required property KioskController controller
    required property LipstickCompositor compositor
    required property MirrorLayout layout
    required property Item mirror  // the camera item (MirrorView.mirror)
    property real unit: 8

    // The framed face, cut from the camera item once for all four cells.
    ShaderEffectSource {
        id: faceTex
        width: 0
        height: 0
        sourceItem: grid.visible ? grid.mirror : null
        sourceRect: grid.layout.cellSource
        textureSize: Qt.size(Math.max(1, grid.width / 2), Math.max(1, grid.height / 2))
    }

    Grid {
        anchors.fill: parent
        columns: 2
        Repeater {
            model: 4
            CompareCell {
                width: grid.width / 2
                height: grid.height / 2
                unit: grid.unit
                controller: grid.controller
                compositor: grid.compositor
                layout: grid.layout
                texture: faceTex
                mirrorSize: Qt.size(grid.mirror.width, grid.mirror.height)
            }
        }
    }
}
