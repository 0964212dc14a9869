// A calm one-line status ("Step closer to try shades", "Camera reconnecting…").
import QtQuick

Rectangle {
    id: banner
    property real unit: 8
    property string text: ""
    property string hint: ""
    property string kind: "ok"

    visible: text !== ""
    width: Math.max(title.implicitWidth, detail.visible ? detail.implicitWidth : 0) + unit * 8
    height: column.implicitHeight + unit * 3
    radius: height / 2.6
    color: kind === "camera" || kind === "error" ? "#cc2b2230" : "#99000000"
    border.color: "#40ffffff"

    Column {
        id: column
        anchors.centerIn: parent
        spacing: banner.unit * 0.6
        Text {
            id: title
            anchors.horizontalCenter: parent.horizontalCenter
            text: banner.text
            color: "white"
            font.pixelSize: banner.unit * 4
            font.weight: Font.Light
        }
        Text {
            id: detail
            anchors.horizontalCenter: parent.horizontalCenter
            visible: banner.hint !== ""
            text: banner.hint
            color: "#d8d8e0"
            font.pixelSize: banner.unit * 2.2
            horizontalAlignment: Text.AlignHCenter
        }
    }

    SequentialAnimation on opacity {
        running: banner.kind === "idle" && banner.visible
        loops: Animation.Infinite
        NumberAnimation { from: 1.0; to: 0.55; duration: 1400; easing.type: Easing.InOutSine }
        NumberAnimation { from: 0.55; to: 1.0; duration: 1400; easing.type: Easing.InOutSine }
    }
}
