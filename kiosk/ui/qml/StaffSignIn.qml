// Staff sign-in and the staff menu (kiosk/ui/staff_panel.py): the staff number, then the
// PIN (checked at the hub), then what staff may do with the mirror itself. Opened by
// holding the hidden corner (StaffCorner.qml). Modal: the mirror dims behind it.
import QtQuick
import Kiosk

Rectangle {
    id: panel
    property real unit: Theme.unit
    required property var staff
    property string typed: ""
    readonly property string stage: staff.stage
    visible: staff.open
    onStageChanged: typed = ""
    width: Math.min(parent ? parent.width * 0.94 : 1e6, Theme.unit * 64)
    height: column.implicitHeight + Theme.unit * 6
    radius: Theme.radiusL
    color: Theme.surface
    border.color: Theme.outline
    border.width: Theme.border
    Accessible.role: Accessible.Dialog
    Accessible.name: heading.text

    ModalScrim { panel: panel }

    function press(key) {
        staff.touched()
        if (key === "⌫") typed = typed.slice(0, -1)
        else if (key === "OK") {
            if (stage === "number") staff.enterNumber(typed)
            else if (stage === "pin") staff.submit(typed)
        } else if (typed.length < (stage === "pin" ? 12 : 20)) typed += key
    }

    Column {
        id: column
        anchors.centerIn: parent
        width: panel.width - Theme.unit * 6
        spacing: Theme.gapM

        Text {
            id: heading
            objectName: "staffHeading"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: panel.stage === "menu"
                  //: Staff menu title; %1 is the signed-in staff member's name
                  ? qsTr("Staff: %1").arg(panel.staff.staffName)
                  //: Title of the staff sign-in panel (store staff only, opened by a hidden hold)
                  : qsTr("Staff sign-in")
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.title
            font.weight: Font.DemiBold
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            visible: text !== ""
            text: panel.stage === "number"
                  //: Staff sign-in, first step
                  ? qsTr("Type your staff number")
                  : panel.stage === "pin" || panel.stage === "checking"
                  //: Staff sign-in, second step; %1 is the staff number typed before
                  ? qsTr("Type the PIN for %1").arg(panel.staff.staffId)
                  : panel.staff.mirrorClosed
                  //: Staff menu, on a mirror that staff closed
                  ? qsTr("This mirror is closed. Open it again when shoppers may use it.")
                  //: Staff menu: what restarting or closing does to the shopper in front of the mirror
                  : qsTr("Restarting or closing ends the shopper's session on this mirror.")
            color: Theme.textMuted
            font.family: Theme.fontFamily
            font.pixelSize: Theme.body
        }

        // What has been typed: the staff number as is, the PIN as dots.
        Rectangle {
            visible: panel.stage === "number" || panel.stage === "pin"
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(parent.width, Theme.unit * 40)
            height: Math.max(Theme.minTouch, field.implicitHeight + Theme.unit * 2)
            radius: Theme.radiusS
            color: Theme.surfaceRaised
            border.color: Theme.outline
            border.width: Theme.border
            Text {
                id: field
                objectName: "staffField"
                anchors.centerIn: parent
                visible: !(panel.stage === "pin" && panel.typed !== "")
                text: panel.typed === ""
                      ? (panel.stage === "pin"
                         //: Placeholder in the empty PIN field
                         ? qsTr("PIN")
                         //: Placeholder in the empty staff number field
                         : qsTr("Staff number"))
                      : panel.typed
                color: panel.typed !== "" ? Theme.text : Theme.textMuted
                font.pixelSize: Theme.title * 0.9
                font.family: panel.typed !== "" ? Theme.monoFamily : Theme.fontFamily
            }
            // The PIN is never shown: a dot a digit.
            Row {
                objectName: "staffPinDots"
                anchors.centerIn: parent
                visible: !field.visible
                spacing: Theme.unit * 1.2
                Repeater {
                    model: panel.stage === "pin" ? panel.typed.length : 0
                    Rectangle {
                        width: Theme.unit * 1.6
                        height: width
                        radius: width / 2
                        color: Theme.text
                    }
                }
            }
        }

        Keypad {
            objectName: "staffNumberPad"
            visible: panel.stage === "number"
            anchors.horizontalCenter: parent.horizontalCenter
            columns: 8
            keyWidth: (column.width - spacing * (columns - 1)) / columns
            keys: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0",
                   "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
                   "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
                   "-", "⌫"]
            onPressed: (key) => panel.press(key)
        }
        Keypad {
            objectName: "staffPinPad"
            visible: panel.stage === "pin"
            anchors.horizontalCenter: parent.horizontalCenter
            columns: 3
            keys: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
            confirm: "OK"
            //: Staff sign-in key: check the PIN and sign in
            confirmText: qsTr("Sign in")
            onPressed: (key) => panel.press(key)
        }

        Text {
            objectName: "staffMessage"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            visible: text !== ""
            text: panel.stage === "checking"
                  //: Shown while the store system checks a staff PIN
                  ? qsTr("Checking…")
                  : panel.staff.problem === "wrong"
                  //: Staff sign-in refused
                  ? qsTr("That staff number and PIN do not match. Check both and try again.")
                  : panel.staff.problem === "locked"
                  //: Staff sign-in locked after too many wrong PINs; %n is minutes to wait
                  ? qsTr("Too many wrong PINs. Try again in %n minute(s).", "", panel.staff.waitMinutes)
                  : panel.staff.problem === "offline"
                  //: Staff sign-in: the hub that checks PINs cannot be reached
                  ? qsTr("The store system cannot be reached to check the PIN. Try again in a moment.")
                  : panel.staff.problem === "failed"
                  //: Staff sign-in failed for another reason
                  ? qsTr("Sign-in did not work. Try again, or call the store's IT support.")
                  : ""
            color: Theme.textNote
            font.family: Theme.fontFamily
            font.pixelSize: Theme.body
        }

        // The staff menu.
        Column {
            visible: panel.stage === "menu"
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: Theme.gapM
            CardButton {
                objectName: "staffStyle"
                visible: !panel.staff.mirrorClosed
                anchors.horizontalCenter: parent.horizontalCenter
                primary: true
                //: Staff menu: open the stylist's panel to style the shopper at the mirror
                text: qsTr("Style this shopper")
                onClicked: panel.staff.style()
            }
            CardButton {
                objectName: "staffOpenClose"
                anchors.horizontalCenter: parent.horizontalCenter
                text: panel.staff.mirrorClosed
                      //: Staff menu: open a mirror that staff closed (the camera comes back on)
                      ? qsTr("Open the mirror")
                      //: Staff menu: close the mirror (camera off, a closed sign) until staff open it
                      : qsTr("Close the mirror")
                primary: panel.staff.mirrorClosed
                onClicked: panel.staff.mirrorClosed ? panel.staff.openMirror()
                                                    : panel.staff.closeMirror()
            }
            CardButton {
                objectName: "staffRestart"
                anchors.horizontalCenter: parent.horizontalCenter
                text: panel.staff.supervised
                      //: Staff menu: restart the mirror app (back in a few seconds, fresh)
                      ? qsTr("Restart the mirror")
                      //: Staff menu on a mirror not run as a service: quit the app
                      : qsTr("Quit the app")
                onClicked: panel.staff.restartMirror()
            }
        }

        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: Theme.gapM
            CardButton {
                objectName: "staffBack"
                visible: panel.stage === "pin"
                //: Staff sign-in: back from the PIN to the staff number
                text: qsTr("Back")
                onClicked: panel.staff.back()
            }
            CardButton {
                objectName: "staffNext"
                visible: panel.stage === "number"
                primary: true
                enabled: panel.typed !== ""
                //: Staff sign-in: go on from the staff number to the PIN
                text: qsTr("Next")
                onClicked: panel.press("OK")
            }
            CardButton {
                objectName: "staffClose"
                text: panel.stage === "menu"
                      //: Staff menu: sign out and return to the mirror
                      ? qsTr("Sign out")
                      //: Closes the staff sign-in without signing in
                      : qsTr("Cancel")
                onClicked: panel.staff.cancel()
            }
        }
    }
}
