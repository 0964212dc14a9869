// A round, thumb-sized button with a short label.
import QtQuick

Rectangle {
    id: button
    property real unit: 8
    property string label: ""
    property bool checked: false
    signal clicked()

    width: unit * 10
    height: width
    radius: width / 2
    color: checked ? "#f0ffffff" : "#99000000"
    border.color: "#b3ffffff"
    border.width: Math.max(1, unit * 0.25)
    Accessible.role: Accessible.Button
    Accessible.name: label.replace("\n", " ")
    Accessible.checked: checked
    Accessible.onPressAction: button.clicked()

    Text {
        anchors.centerIn: parent
        horizontalAlignment: Text.AlignHCenter
        text: button.label
        color: button.checked ? "#202028" : "white"
        font.pixelSize: button.unit * 1.9
    }
    TapHandler { onTapped: button.clicked() }
}
