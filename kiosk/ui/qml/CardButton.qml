// A pill button on the product card; dimmed and inert when not enabled.
import QtQuick

Rectangle {
    id: button
    property real unit: 8
    property string text: ""
    property bool primary: false
    signal clicked()

    width: label.implicitWidth + unit * 4
    height: unit * 5.5
    radius: height / 2
    color: primary ? "#f0ffffff" : "#33ffffff"
    border.color: "#80ffffff"
    opacity: enabled ? 1.0 : 0.4
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: if (button.enabled) button.clicked()

    Text {
        id: label
        anchors.centerIn: parent
        text: button.text
        color: button.primary ? "#202028" : "white"
        font.pixelSize: button.unit * 2.2
    }
    TapHandler {
        enabled: button.enabled
        onTapped: button.clicked()
    }
}
