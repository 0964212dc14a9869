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
        // At the hand, but never off the screen: a hand the camera sees beyond the part of
        // the frame on show still gets its cue, at the nearest edge.
        x: Math.max(0, Math.min(cue.width - width, cue.handX - width / 2))
        y: Math.max(0, Math.min(cue.height - height, cue.handY - height / 2))

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
        Canvas {  // the way the stroke goes: a drawn chevron (a shape, not a word)
            id: chevron
            anchors.centerIn: parent
            visible: Math.abs(cue.swipe) > 0.15
            readonly property bool forward: cue.swipe > 0
            // Drawn once per direction at full size; the stroke's reach scales it (a repaint
            // every frame of a swipe would redraw on the UI thread for nothing).
            width: Theme.display
            height: width
            scale: 0.5 + 0.5 * Math.min(Math.abs(cue.swipe), 1)
            onForwardChanged: requestPaint()
            onPaint: {
                const ctx = getContext("2d")
                ctx.reset()
                const w = width, h = height
                const tip = forward ? w * 0.72 : w * 0.28
                const tail = forward ? w * 0.32 : w * 0.68
                ctx.lineCap = "round"
                ctx.lineJoin = "round"
                ctx.beginPath()
                ctx.moveTo(tail, h * 0.2)
                ctx.lineTo(tip, h * 0.5)
                ctx.lineTo(tail, h * 0.8)
                ctx.strokeStyle = "#80000000"  // the outline, so it reads on any background
                ctx.lineWidth = w * 0.2
                ctx.stroke()
                ctx.strokeStyle = Theme.text
                ctx.lineWidth = w * 0.12
                ctx.stroke()
            }
        }
    }
}
