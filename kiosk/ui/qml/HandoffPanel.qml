// Buy online: the QR a phone scans to open the cart (credited to this store), drawn
// pixel-exact on a white card with its quiet zone. Words and code come from the shopper
// panel (kiosk.session.panels); the QR item shows the panel's image source.
import QtQuick
import Kiosk

Rectangle {
    id: panel
    required property ShopperPanel shopper
    property real unit: 8

    visible: shopper.handoffOpen
    width: Math.max(column.implicitWidth, qr.width) + unit * 8
    height: column.implicitHeight + unit * 6
    radius: unit * 2.5
    color: "white"
    Accessible.role: Accessible.Dialog
    Accessible.name: shopper.handoffTitle

    Column {
        id: column
        anchors.centerIn: parent
        spacing: panel.unit * 1.5
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            text: panel.shopper.handoffTitle
            color: "#202028"
            font.pixelSize: panel.unit * 3.4
            font.weight: Font.DemiBold
        }
        QrItem {
            id: qr
            objectName: "handoffQr"
            anchors.horizontalCenter: parent.horizontalCenter
            visible: panel.shopper.handoffUrl !== ""
            width: panel.shopper.qrSize
            height: width
            source: panel.shopper.handoffQr
            Accessible.role: Accessible.Graphic
            Accessible.name: panel.shopper.handoffText
        }
        Text {
            objectName: "handoffText"
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.max(qr.width, panel.unit * 40)
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: panel.shopper.handoffText
            color: "#404048"
            font.pixelSize: panel.unit * 2.2
        }
        CardButton {
            objectName: "handoffClose"
            anchors.horizontalCenter: parent.horizontalCenter
            unit: panel.unit
            primary: false
            text: panel.shopper.handoffClose
            color: "#202028"
            onClicked: panel.shopper.closeHandoff()
        }
    }
}
