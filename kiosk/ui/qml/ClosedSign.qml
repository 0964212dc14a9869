// A mirror closed by staff: an opaque sign over everything (the camera is off), until a
// member of staff signs in and opens it again.
import QtQuick
import Kiosk

Rectangle {
    id: sign
    property real unit: Theme.unit
    color: Theme.attractBottom
    Accessible.role: Accessible.StaticText
    Accessible.name: heading.text

    // Nothing behind the sign can be pressed.
    MouseArea { anchors.fill: parent; acceptedButtons: Qt.AllButtons }

    Column {
        anchors.centerIn: parent
        width: parent.width * 0.8
        spacing: Theme.gapM
        Text {
            id: heading
            objectName: "closedHeading"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            //: Shown on a mirror that staff have closed (its camera is off)
            text: qsTr("This mirror is closed for now")
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.title * 1.3
            font.weight: Font.DemiBold
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            //: Under the closed sign: who can help a shopper
            text: qsTr("Please ask a member of staff")
            color: Theme.textMuted
            font.family: Theme.fontFamily
            font.pixelSize: Theme.body * 1.2
        }
    }
}
