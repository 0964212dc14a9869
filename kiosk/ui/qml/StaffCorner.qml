// Staff's way in, hidden from shoppers: press and hold the top right corner for three
// seconds (nothing is drawn there). The handler only watches (a passive grab), so a press
// still reaches whatever is under it, and a tap or swipe never lasts long enough.
import QtQuick
import Kiosk

Item {
    id: corner
    required property var staff
    property real holdSeconds: 3
    PointHandler {
        id: point
        acceptedButtons: Qt.AllButtons
        onActiveChanged: if (active) hold.restart(); else hold.stop()
    }
    Timer {
        id: hold
        interval: corner.holdSeconds * 1000
        onTriggered: corner.staff.hold()
    }
}
