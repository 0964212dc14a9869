// Before/after: a draggable wipe across the mirror (bare on the left of the line)
// and a hold-to-compare button that shows the bare mirror while it is held.
import QtQuick

Item {
    id: ba
    property real unit: 8
    property var compositor
    property bool wiping: false
    property real split: 0.5
    readonly property bool holding: holdArea.pressed

    function apply() {
        compositor.setWipe(holding ? 1.0 : (wiping ? split : 0.0))
    }
    onWipingChanged: apply()
    onSplitChanged: apply()
    onHoldingChanged: apply()

    // The wipe line with its knob, dragged left and right.
    Item {
        id: line
        visible: ba.wiping && !ba.holding
        x: ba.width * ba.split - width / 2
        width: ba.unit * 8
        height: ba.height
        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.max(2, ba.unit * 0.35)
            height: parent.height
            color: "white"
            opacity: 0.9
        }
        Rectangle {
            objectName: "wipeKnob"
            anchors.horizontalCenter: parent.horizontalCenter
            y: parent.height * 0.22  // above the face, not over it
            width: ba.unit * 7
            height: width
            radius: width / 2
            color: "white"
            Text {
                anchors.centerIn: parent
                text: "◀ ▶"
                color: "#303038"
                font.pixelSize: ba.unit * 2
            }
        }
        DragHandler {
            target: null
            xAxis.enabled: true
            yAxis.enabled: false
            onCentroidChanged: if (active) ba.split = Math.max(0, Math.min(1, (line.x + centroid.position.x) / ba.width))
        }
    }

    Column {
        anchors.left: parent.left
        anchors.leftMargin: ba.unit * 2
        anchors.verticalCenter: parent.verticalCenter
        spacing: ba.unit * 2

        RoundButton {
            objectName: "wipeButton"
            unit: ba.unit
            label: "Before\nafter"
            checked: ba.wiping
            onClicked: { ba.split = 0.5; ba.wiping = !ba.wiping }
        }
        RoundButton {
            objectName: "holdButton"
            unit: ba.unit
            label: "Hold:\nbare"
            checked: ba.holding
            MouseArea { id: holdArea; anchors.fill: parent }
        }
    }
}
