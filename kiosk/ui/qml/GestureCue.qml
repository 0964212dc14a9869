// What the mirror shows while it reads a raised hand: a ring at the hand that fills as an
// open palm is held (full: chosen), and arrows that grow with a sideways stroke (next or
// previous). It only shows; it takes no touches. Inputs from Main.qml: where the hand is
// on screen and the controller's hold and swipe progress.
import QtQuick
import Kiosk

Item {
    id: cue
    property bool active: false
    property real handX: 0        // the hand's centre on screen, px
    property real handY: 0
    property real hold: 0         // 0..1: an open palm held
    property real swipe: 0        // -1..1: a stroke toward previous / next
    readonly property real size: Theme.unit * 14

    visible: opacity > 0
    opacity: active ? 1 : 0
    Behavior on opacity { NumberAnimation { duration: Theme.fast } }
    enabled: false  // never in the way of a finger
    Accessible.ignored: true

    Item {
        id: ring
        width: cue.size
        height: cue.size
        x: cue.handX - width / 2
        y: cue.handY - height / 2

        Rectangle {  // the track
            anchors.fill: parent
            radius: width / 2
            color: "transparent"
            border.color: Theme.outline
            border.width: Theme.unit * 0.8
        }
        Canvas {  // the hold, filling clockwise from the top
            id: arc
            anchors.fill: parent
            property real progress: cue.hold
            onProgressChanged: requestPaint()
            onPaint: {
                const ctx = getContext("2d")
                ctx.reset()
                if (progress <= 0)
                    return
                ctx.lineWidth = Theme.unit * 0.8
                ctx.strokeStyle = Theme.accent
                ctx.beginPath()
                const r = width / 2 - ctx.lineWidth / 2
                ctx.arc(width / 2, height / 2, r, -Math.PI / 2,
                        -Math.PI / 2 + 2 * Math.PI * Math.min(progress, 1))
                ctx.stroke()
            }
        }
        Text {  // the way the stroke goes
            anchors.centerIn: parent
            visible: Math.abs(cue.swipe) > 0.15
            text: cue.swipe > 0 ? "›" : "‹"
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.display * (0.6 + 0.6 * Math.min(Math.abs(cue.swipe), 1))
            style: Text.Outline
            styleColor: "#80000000"
        }
    }
}
