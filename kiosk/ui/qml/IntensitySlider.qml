// How strongly the shade covers the lips: a tall, thumb-friendly slider with its name on
// it. A tap anywhere on the track sets it (no drag needed). Shown only where it means
// something: Main.qml sets `applies` (a shade worn, the Lipstick shelf open).
import QtQuick
import Kiosk

Item {
    id: slider
    property real unit: Theme.unit
    property real value: 0.85
    property bool applies: true
    signal moved(real value)

    visible: applies
    width: Math.max(Theme.minTouch, caption.implicitWidth, Theme.unit * 11)
    height: Theme.unit * 40
    Accessible.role: Accessible.Slider
    //: Accessible name of the lipstick strength slider
    Accessible.name: qsTr("Lipstick strength")
    Accessible.description: amount.text
    Accessible.onIncreaseAction: slider.moved(Math.min(1, slider.value + 0.1))
    Accessible.onDecreaseAction: slider.moved(Math.max(0, slider.value - 0.1))

    Rectangle {
        id: tag
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: parent.top
        width: Math.max(caption.implicitWidth, amount.implicitWidth) + Theme.unit * 2
        height: words.implicitHeight + Theme.unit
        radius: Theme.radiusS
        color: Theme.pill
        Column {
            id: words
            anchors.centerIn: parent
            Text {
                id: caption
                anchors.horizontalCenter: parent.horizontalCenter
                //: Label over the slider that sets how strong the lipstick colour is
                text: qsTr("Strength")
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: Theme.caption
            }
            Text {
                id: amount
                anchors.horizontalCenter: parent.horizontalCenter
                text: Math.round(slider.value * 100) + "%"
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: Theme.label
                font.weight: Font.DemiBold
            }
        }
    }

    Rectangle {
        id: track
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: tag.bottom
        anchors.topMargin: Theme.unit * 3
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.unit * 3
        width: Theme.unit * 1.4
        radius: width / 2
        color: Theme.control
        border.color: Theme.outline
        border.width: Theme.border

        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            radius: parent.radius
            height: parent.height * slider.value
            color: Theme.light
        }
        Rectangle {
            objectName: "intensityKnob"
            width: Math.max(Theme.minTouch * 0.8, Theme.unit * 5)
            height: width
            radius: width / 2
            anchors.horizontalCenter: parent.horizontalCenter
            y: parent.height * (1 - slider.value) - height / 2
            color: Theme.light
            border.color: Theme.ink
            border.width: Theme.border
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
