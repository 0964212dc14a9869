// A tall, thumb-friendly slider for how strongly the shade covers the lips.
import QtQuick

Item {
    id: slider
    property real unit: 8
    property real value: 0.85
    signal moved(real value)

    width: unit * 9
    height: unit * 38

    Text {
        id: label
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: parent.top
        text: Math.round(slider.value * 100) + "%"
        color: "white"
        style: Text.Raised
        styleColor: "#80000000"
        font.pixelSize: slider.unit * 2.4
    }

    Rectangle {
        id: track
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: label.bottom
        anchors.topMargin: slider.unit * 2
        anchors.bottom: parent.bottom
        anchors.bottomMargin: slider.unit * 2
        width: slider.unit * 1.2
        radius: width / 2
        color: "#66ffffff"

        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            radius: parent.radius
            height: parent.height * slider.value
            color: "white"
        }
        Rectangle {
            objectName: "intensityKnob"
            width: slider.unit * 5
            height: width
            radius: width / 2
            anchors.horizontalCenter: parent.horizontalCenter
            y: parent.height * (1 - slider.value) - height / 2
            color: "white"
            border.color: "#40000000"
        }
    }

    MouseArea {
        anchors.fill: parent
        preventStealing: true
        function pick(mouseY) {
            const top = track.y, span = track.height
            slider.moved(Math.max(0, Math.min(1, 1 - (mouseY - top) / span)))
        }
        onPressed: (mouse) => pick(mouse.y)
        onPositionChanged: (mouse) => pick(mouse.y)
    }
}
