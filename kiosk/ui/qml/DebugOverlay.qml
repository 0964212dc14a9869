// Developer overlay: fps and per-stage milliseconds (landmarks are drawn in the frame).
import QtQuick

Rectangle {
    id: overlay
    property real unit: 8
    property string text: ""

    width: label.implicitWidth + unit * 3
    height: label.implicitHeight + unit * 2
    radius: unit
    color: "#b0000000"

    Text {
        id: label
        anchors.centerIn: parent
        text: overlay.text === "" ? "waiting for frames…" : overlay.text
        color: "#7dff9a"
        font.family: "monospace"
        font.pixelSize: overlay.unit * 2
    }
}
