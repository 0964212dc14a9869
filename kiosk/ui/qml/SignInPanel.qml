// Save to my account: show the member code from the brand's app to the mirror,
// or type the code the app shows on the keypad. Modal: the mirror dims behind it.
import QtQuick
import Kiosk

Rectangle {
    id: panel
    property real unit: Theme.unit
    property var shopper
    property string digits: ""
    visible: shopper.signInOpen
    onVisibleChanged: digits = ""
    z: Theme.zModal
    width: Math.min(parent ? parent.width * 0.92 : 1e6, Theme.unit * 60)
    height: column.implicitHeight + Theme.unit * 6
    radius: Theme.radiusL
    color: Theme.surface
    border.color: Theme.outline
    border.width: Theme.border
    Accessible.role: Accessible.Dialog
    Accessible.name: heading.text

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
            //: Title of the sign-in panel (member account, to keep the shades tried)
            text: qsTr("Save to my account")
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.title
            font.weight: Font.DemiBold
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            //: Sign-in instructions: the member QR code in the brand's phone app, or the short code the app shows under it
            text: qsTr("Hold the member code in our app up to the mirror, or type the code shown in your member app")
            color: Theme.textMuted
            font.family: Theme.fontFamily
            font.pixelSize: Theme.body
        }
        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(parent.width, Theme.unit * 40)
            height: Math.max(Theme.minTouch, number.implicitHeight + Theme.unit * 2)
            radius: Theme.radiusS
            color: Theme.surfaceRaised
            border.color: Theme.outline
            border.width: Theme.border
            Text {
                id: number
                objectName: "memberNumber"
                anchors.centerIn: parent
                //: Placeholder in the empty field for the code from the member app
                text: panel.digits !== "" ? panel.digits : qsTr("Code from your app")
                color: panel.digits !== "" ? Theme.text : Theme.textMuted
                font.pixelSize: Theme.title * 0.9
                font.family: panel.digits !== "" ? Theme.monoFamily : Theme.fontFamily
            }
        }
        Keypad {
            anchors.horizontalCenter: parent.horizontalCenter
            columns: 3
            keyName: "key_"
            keys: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
            confirm: "OK"
            //: Keypad key that confirms the typed member code
            confirmText: qsTr("OK")
            onPressed: (key) => {
                if (key === "⌫") panel.digits = panel.digits.slice(0, -1)
                else if (key === "OK") panel.shopper.submitNumber(panel.digits)
                else if (panel.digits.length < 12) panel.digits += key
            }
        }
        Text {
            objectName: "signInMessage"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            visible: text !== ""
            //: Shown while the store system looks up the member code
            text: panel.shopper.memberBusy ? qsTr("Looking you up…") : panel.shopper.memberMessage
            color: Theme.textNote
            font.family: Theme.fontFamily
            font.pixelSize: Theme.body
        }
        CardButton {
            objectName: "signInClose"
            anchors.horizontalCenter: parent.horizontalCenter
            //: Closes the sign-in panel without signing in
            text: qsTr("Cancel")
            onClicked: panel.shopper.closeSignIn()
        }
    }
}
