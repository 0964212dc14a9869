// A short message that shows for a moment whenever its text is set ("Photo saved").
// Nothing is lost when it fades: it only confirms what the screen already shows.
import QtQuick
import Kiosk

Rectangle {
    id: toast
    property real unit: Theme.unit
    property string text: ""

    width: label.implicitWidth + Theme.unit * 6
    height: label.implicitHeight + Theme.unit * 3
    radius: height / 2
    color: Theme.pill
    border.color: Theme.outline
    border.width: Theme.border
    opacity: 0
    visible: opacity > 0
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    onTextChanged: if (text !== "") { opacity = 1; hide.restart() }
    Behavior on opacity { NumberAnimation { duration: Theme.normal } }
    Timer { id: hide; interval: 4000; onTriggered: toast.opacity = 0 }

    Text {
        id: label
        anchors.centerIn: parent
        text: toast.text
        color: Theme.text
        font.family: Theme.fontFamily
        font.pixelSize: Theme.title * 0.85
    }
}
