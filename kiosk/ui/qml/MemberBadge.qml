// The signed-in member, whether their try-ons are being saved, and the ways out.
import QtQuick
import Kiosk

Rectangle {
    id: badge
    required property ShopperPanel shopper
    property real unit: 8

    visible: shopper.signedIn
    width: row.implicitWidth + unit * 3
    height: unit * 6
    radius: height / 2
    color: "#b3101014"
    Accessible.role: Accessible.Pane
    Accessible.name: shopper.memberBadge

    Row {
        id: row
        anchors.centerIn: parent
        spacing: badge.unit * 1.5
        Text {
            anchors.verticalCenter: parent.verticalCenter
            text: badge.shopper.memberBadge
            color: "white"
            font.pixelSize: badge.unit * 2.2
        }
        CardButton {
            objectName: "stopSaving"
            visible: badge.shopper.recording
            anchors.verticalCenter: parent.verticalCenter
            unit: badge.unit * 0.8
            text: badge.shopper.stopSavingText
            onClicked: badge.shopper.withdrawConsent()
        }
        CardButton {
            objectName: "signOut"
            anchors.verticalCenter: parent.verticalCenter
            unit: badge.unit * 0.8
            text: badge.shopper.signOutText
            onClicked: badge.shopper.signOut()
        }
    }
}
