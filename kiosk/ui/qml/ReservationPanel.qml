// Reserve here: the hold and its pickup code (or why nothing was held), until the
// shopper closes it. Every word comes from the store panel (kiosk.session.panels).
import QtQuick
import Kiosk

Rectangle {
    id: panel
    required property StorePanel store
    property real unit: 8
    property real screenWidth: 1000  // the window's width: long texts wrap within it

    visible: store.reservationOpen
    width: Math.min(screenWidth * 0.86, column.implicitWidth + unit * 8)
    height: column.implicitHeight + unit * 6
    radius: unit * 2.5
    color: "#f2101014"
    border.color: "#66ffffff"
    Accessible.role: Accessible.Dialog
    Accessible.name: store.reservationTitle

    Column {
        id: column
        anchors.centerIn: parent
        spacing: panel.unit * 2
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            text: panel.store.reservationTitle
            color: "white"
            font.pixelSize: panel.unit * 3.6
            font.weight: Font.DemiBold
        }
        Text {
            objectName: "reservationText"
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(implicitWidth, panel.screenWidth * 0.75)
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            text: panel.store.reservationText
            color: "#d8d8e0"
            font.pixelSize: panel.unit * 2.4
        }
        Text {
            objectName: "pickupCode"
            visible: text !== ""
            anchors.horizontalCenter: parent.horizontalCenter
            text: panel.store.pickupCode
            color: "white"
            font.pixelSize: panel.unit * 7
            font.letterSpacing: panel.unit * 0.8
            font.family: "DejaVu Sans Mono"
            Accessible.role: Accessible.StaticText
            Accessible.name: text.split("").join(" ")  // read out letter by letter
        }
        Text {
            visible: text !== ""
            anchors.horizontalCenter: parent.horizontalCenter
            text: panel.store.pickupHint
            color: "#b8b8c4"
            font.pixelSize: panel.unit * 2.1
        }
        CardButton {
            objectName: "reservationDone"
            anchors.horizontalCenter: parent.horizontalCenter
            unit: panel.unit
            primary: true
            text: panel.store.reservationDone
            onClicked: panel.store.dismissReservation()
        }
    }
}
