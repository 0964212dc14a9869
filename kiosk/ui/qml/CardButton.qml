// A pill button on the product card and in panels; dimmed and inert when not enabled.
// Primary = the light one (the way on); the rest dark glass with white words.
import QtQuick
import Kiosk

Rectangle {
    id: button
    property real unit: Theme.unit
    property string text: ""
    property bool primary: false
    signal clicked()

    width: Math.max(Theme.minTouch * 1.6, label.implicitWidth + Theme.unit * 4)
    height: Math.max(Theme.minTouch, label.implicitHeight + Theme.unit * 2.4)
    radius: height / 2
    color: primary ? Theme.light : Theme.control
    border.color: Theme.outline
    border.width: Theme.border
    opacity: enabled ? 1.0 : Theme.disabledOpacity
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: if (button.enabled) button.clicked()

    Text {
        id: label
        anchors.centerIn: parent
        text: button.text
        color: button.primary ? Theme.ink : Theme.text
        font.family: Theme.fontFamily
        font.pixelSize: Theme.label
        font.weight: button.primary ? Font.DemiBold : Font.Normal
    }
    TapHandler {
        enabled: button.enabled
        onTapped: button.clicked()
    }
}
