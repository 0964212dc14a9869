// The signed-in member, whether their try-ons are being saved, and the ways out.
import QtQuick
import Kiosk

Rectangle {
    id: badge
    required property ShopperPanel shopper
    property ForYouPanel forYou: null
    property real unit: Theme.unit

    visible: shopper.signedIn
    width: row.implicitWidth + Theme.unit * 3
    height: Math.max(Theme.minTouch, stop.height) + Theme.unit * 1.6
    radius: height / 2
    color: Theme.pill
    border.color: Theme.outline
    border.width: Theme.border
    Accessible.role: Accessible.Pane
    Accessible.name: shopper.memberBadge

    Row {
        id: row
        anchors.centerIn: parent
        spacing: Theme.gapS
        Column {
            anchors.verticalCenter: parent.verticalCenter
            Text {
                text: badge.shopper.memberBadge
                color: Theme.accent
                font.family: Theme.fontFamily
                font.pixelSize: Theme.label
            }
            Text {
                objectName: "memberTier"
                visible: text !== ""
                text: badge.forYou ? badge.forYou.membership : ""
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: Theme.caption
            }
        }
        CardButton {
            id: stop
            objectName: "stopSaving"
            visible: badge.shopper.recording
            anchors.verticalCenter: parent.verticalCenter
            text: badge.shopper.stopSavingText
            onClicked: badge.shopper.withdrawConsent()
        }
        CardButton {
            objectName: "signOut"
            anchors.verticalCenter: parent.verticalCenter
            text: badge.shopper.signOutText
            onClicked: badge.shopper.signOut()
        }
    }
}
