// A short message that shows for a moment whenever its text is set ("Photo saved").
import QtQuick

Rectangle {
    id: toast
    property real unit: 8
    property string text: ""

    width: label.implicitWidth + unit * 6
    height: label.implicitHeight + unit * 3
    radius: height / 2
    color: "#cc101014"
    opacity: 0
    visible: opacity > 0

    onTextChanged: if (text !== "") { opacity = 1; hide.restart() }
    Behavior on opacity { NumberAnimation { duration: 250 } }
    Timer { id: hide; interval: 2500; onTriggered: toast.opacity = 0 }

    Text {
        id: label
        anchors.centerIn: parent
        text: toast.text
        color: "white"
        font.pixelSize: toast.unit * 2.8
    }
}
