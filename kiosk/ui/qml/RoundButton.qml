// A round, thumb-sized button with a short label (at least 9 mm on the real screen).
import QtQuick
import Kiosk

Rectangle {
    id: button
    property real unit: Theme.unit
    property string label: ""
    property bool checked: false
    signal clicked()

    width: Math.max(Theme.minTouch, Theme.unit * 11, face.implicitWidth + Theme.unit * 2)
    height: width
    radius: width / 2
    color: checked ? Theme.light : Theme.control
    border.color: Theme.outline
    border.width: Theme.border
    Accessible.role: Accessible.Button
    Accessible.name: label.replace("\n", " ")
    Accessible.checkable: true
    Accessible.checked: checked
    Accessible.onPressAction: button.clicked()

    Text {
        id: face
        anchors.centerIn: parent
        horizontalAlignment: Text.AlignHCenter
        text: button.label
        color: button.checked ? Theme.ink : Theme.text
        font.family: Theme.fontFamily
        font.pixelSize: Theme.caption * 1.05
        font.weight: Font.DemiBold
    }
    TapHandler { onTapped: button.clicked() }
}
