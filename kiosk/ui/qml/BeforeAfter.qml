// Before/after: a split view across the mirror (bare on the left of the line, dragged or
// tapped into place) and a "Before" toggle that shows the bare mirror until tapped again:
// one tap each way, nothing to hold. Main.qml sets `applies` (something worn).
import QtQuick
import Kiosk

Item {
    id: ba
    property real unit: Theme.unit
    property var compositor
    property bool applies: true
    property bool wiping: false
    property real split: 0.5
    property bool bare: false

    function apply() {
        compositor.setWipe(!applies ? 0.0 : (bare ? 1.0 : (wiping ? split : 0.0)))
    }
    onWipingChanged: apply()
    onSplitChanged: apply()
    onBareChanged: apply()
    onAppliesChanged: { if (!applies) { wiping = false; bare = false } apply() }

    // The split line with its knob, dragged (or tapped) left and right.
    Item {
        id: line
        visible: ba.applies && ba.wiping && !ba.bare
        x: ba.width * ba.split - width / 2
        width: Math.max(Theme.minTouch, Theme.unit * 8)
        height: ba.height
        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.max(2, Theme.unit * 0.35)
            height: parent.height
            color: Theme.light
        }
        Rectangle {
            objectName: "wipeKnob"
            anchors.horizontalCenter: parent.horizontalCenter
            y: parent.height * 0.22  // above the face, not over it
            width: Math.max(Theme.minTouch, Theme.unit * 7)
            height: width
            radius: width / 2
            color: Theme.light
            Accessible.role: Accessible.Slider
            //: Accessible name of the handle that moves the before/after dividing line
            Accessible.name: qsTr("Move the dividing line")
            Text {
                anchors.centerIn: parent
                text: "◀ ▶"
                color: Theme.ink
                font.pixelSize: Theme.caption
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
        visible: ba.applies
        anchors.left: parent.left
        anchors.leftMargin: Theme.unit * 2
        anchors.verticalCenter: parent.verticalCenter
        spacing: Theme.gapM

        RoundButton {
            objectName: "wipeButton"
            //: Round button: split the mirror, bare on one side, the shade on the other
            label: qsTr("Split\nview")
            checked: ba.wiping
            onClicked: { ba.split = 0.5; ba.bare = false; ba.wiping = !ba.wiping }
        }
        RoundButton {
            objectName: "holdButton"
            label: ba.bare
                   //: Round button while the mirror shows the shopper bare: put the product back
                   ? qsTr("After")
                   //: Round button: show the shopper without the product (tap again for after)
                   : qsTr("Before")
            checked: ba.bare
            onClicked: { ba.wiping = false; ba.bare = !ba.bare }
        }
    }
}
