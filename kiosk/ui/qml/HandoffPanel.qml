// Buy online: the QR a phone scans to open the cart (credited to this store), drawn
// pixel-exact on a white card with its quiet zone. Words and code come from the shopper
// panel (kiosk.session.panels); the QR item shows the panel's image source. Modal.
import QtQuick
import Kiosk

Rectangle {
    id: panel
    required property ShopperPanel shopper
    property real unit: Theme.unit

    visible: shopper.handoffOpen
    z: Theme.zModal
    width: Math.min(parent ? parent.width * 0.92 : 1e6,
                    Math.max(title.implicitWidth, qr.width, Theme.unit * 44) + Theme.unit * 8)
    height: column.implicitHeight + Theme.unit * 6
    radius: Theme.radiusL
    color: Theme.light
    Accessible.role: Accessible.Dialog
    Accessible.name: shopper.handoffTitle

    ModalScrim { panel: panel }

    Column {
        id: column
        anchors.centerIn: parent
        width: panel.width - Theme.unit * 6
        spacing: Theme.gapM
        Text {
            id: title
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: panel.shopper.handoffTitle
            color: Theme.ink
            font.family: Theme.fontFamily
            font.pixelSize: Theme.title
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
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: panel.shopper.handoffText
            color: Theme.inkMuted
            font.family: Theme.fontFamily
            font.pixelSize: Theme.body
        }
        CardButton {
            objectName: "handoffClose"
            anchors.horizontalCenter: parent.horizontalCenter
            text: panel.shopper.handoffClose
            color: Theme.ink
            onClicked: panel.shopper.closeHandoff()
        }
    }
}
