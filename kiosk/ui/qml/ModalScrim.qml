// The dim layer behind a modal panel: covers the whole window under the panel (a child
// at z -1 is drawn beneath its parent), darkens the mirror and takes every touch, so
// nothing behind an open panel can be pressed by accident. The panel's own Close stays
// the way out. Assumes the panel's parent fills the window (Main.qml's root item).
import QtQuick
import Kiosk

Rectangle {
    id: scrim
    required property Item panel
    z: -1
    x: -panel.x
    y: -panel.y
    width: panel.parent ? panel.parent.width : 0
    height: panel.parent ? panel.parent.height : 0
    color: Theme.modalScrim

    MouseArea {
        anchors.fill: parent
        acceptedButtons: Qt.AllButtons
        preventStealing: true
        onWheel: (wheel) => wheel.accepted = true
    }
}
