// Reserve here: the hold and its pickup code (or why nothing was held), until the
// shopper closes it. Every word comes from the store panel (kiosk.session.panels). Modal.
import QtQuick
import Kiosk

Rectangle {
    id: panel
    required property StorePanel store
    property real unit: Theme.unit
    property real screenWidth: parent ? parent.width : 1000  // long texts wrap within it

    visible: store.reservationOpen
    z: Theme.zModal
    width: Math.min(screenWidth * 0.92,
                    Math.max(heading.implicitWidth, code.implicitWidth, Theme.unit * 50)
                    + Theme.unit * 8)
    height: column.implicitHeight + Theme.unit * 6
    radius: Theme.radiusL
    color: Theme.surface
    border.color: Theme.outline
    border.width: Theme.border
    Accessible.role: Accessible.Dialog
    Accessible.name: store.reservationTitle

    ModalScrim { panel: panel }

    Column {
        id: column
        anchors.centerIn: parent
        width: panel.width - Theme.unit * 6
        spacing: Theme.gapM
        Text {
            id: heading
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: panel.store.reservationTitle
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.title
            font.weight: Font.DemiBold
        }
        Text {
            objectName: "reservationText"
            width: parent.width
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            text: panel.store.reservationText
            color: Theme.textMuted
            font.family: Theme.fontFamily
            font.pixelSize: Theme.body
        }
        Text {
            id: code
            objectName: "pickupCode"
            visible: text !== ""
            anchors.horizontalCenter: parent.horizontalCenter
            text: panel.store.pickupCode
            color: Theme.accent
            font.pixelSize: Theme.display
            font.letterSpacing: Theme.unit * 0.8
            font.family: Theme.monoFamily
            Accessible.role: Accessible.StaticText
            Accessible.name: text.split("").join(" ")  // read out letter by letter
        }
        Text {
            visible: text !== ""
            width: parent.width
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            text: panel.store.pickupHint
            color: Theme.textMuted
            font.family: Theme.fontFamily
            font.pixelSize: Theme.body
        }
        CardButton {
            objectName: "reservationDone"
            anchors.horizontalCenter: parent.horizontalCenter
            primary: true
            text: panel.store.reservationDone
            onClicked: panel.store.dismissReservation()
        }
    }
}
