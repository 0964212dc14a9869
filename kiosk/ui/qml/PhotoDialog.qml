// The photo, only on an explicit yes: ask, count down, send, show the QR that opens it on
// the shopper's phone. Modal (dims the mirror and takes the touches) except while counting
// down, when the shopper poses. The flow is the PhotoPanel bridge (kiosk/ui/photo_panel.py).
import QtQuick
import Kiosk

Item {
    id: dialog
    required property PhotoPanel photo
    property real unit: 8
    readonly property string stage: photo.stage

    visible: photo.open

    // The dim behind the card; it also keeps touches off the mirror's controls.
    Rectangle {
        anchors.fill: parent
        visible: dialog.stage !== "countdown"
        color: "#b3000000"
        MouseArea { anchors.fill: parent }
    }

    // Counting down: only a big number, so the shopper sees themselves to pose.
    Rectangle {
        objectName: "photoCountdown"
        visible: dialog.stage === "countdown"
        anchors.horizontalCenter: parent.horizontalCenter
        y: parent.height * 0.12
        width: dialog.unit * 16
        height: width
        radius: width / 2
        color: "#99000000"
        border.color: "white"
        border.width: Math.max(2, dialog.unit * 0.4)
        Accessible.role: Accessible.StaticText
        Accessible.name: count.text
        Text {
            id: count
            anchors.centerIn: parent
            text: dialog.photo.countdown
            color: "white"
            font.pixelSize: dialog.unit * 9
            font.weight: Font.DemiBold
        }
    }

    Rectangle {
        id: card
        objectName: "photoCard"
        visible: dialog.stage !== "countdown"
        anchors.centerIn: parent
        width: Math.min(parent.width - dialog.unit * 6,
                        Math.max(dialog.unit * 64, dialog.photo.qrSize + dialog.unit * 8))
        height: column.implicitHeight + dialog.unit * 7
        radius: dialog.unit * 2.5
        color: "white"
        Accessible.role: Accessible.Dialog
        Accessible.name: title.text

        Column {
            id: column
            anchors.centerIn: parent
            width: card.width - dialog.unit * 6
            spacing: dialog.unit * 2

            Text {
                id: title
                objectName: "photoTitle"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                color: "#202028"
                font.pixelSize: dialog.unit * 3.6
                font.weight: Font.DemiBold
                text: dialog.stage === "confirm"
                      //: Photo dialog title: asks before any photo is taken
                      ? qsTr("Take a photo?")
                      : dialog.stage === "working"
                        //: Photo dialog title while the photo is sent to the store system
                        ? qsTr("Sending your photo…")
                        : dialog.stage === "ready"
                          //: Photo dialog title when the QR code for the photo is shown
                          ? qsTr("Your photo is ready")
                          //: Photo dialog title when no photo could be sent
                          : qsTr("No photo this time")
            }

            QrItem {
                objectName: "photoQr"
                anchors.horizontalCenter: parent.horizontalCenter
                visible: dialog.stage === "ready"
                width: dialog.photo.qrSize
                height: width
                source: dialog.photo.qr
                Accessible.role: Accessible.Graphic
                //: Accessible name of the QR code that opens the photo on a phone
                Accessible.name: qsTr("QR code for your photo")
            }

            Text {
                objectName: "photoText"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                color: "#303038"
                font.pixelSize: dialog.unit * 2.6
                text: {
                    if (dialog.stage === "confirm")
                        //: Photo dialog: what happens to the photo; %1 is a number of hours (24)
                        return qsTr("We send it to your phone by QR code. It is deleted after %1 hours.").arg(dialog.photo.keepHours)
                    if (dialog.stage === "working")
                        //: Photo dialog: shown for a moment while the photo is sent
                        return qsTr("One moment, please.")
                    if (dialog.stage === "ready")
                        //: Photo dialog: %1 is a date and time, e.g. "1 Dec 14:02"
                        return qsTr("Scan with your phone to save your photo. It is deleted on %1.").arg(dialog.photo.expiresText)
                    if (dialog.photo.problem === "offline")
                        //: Photo dialog: the store system is away; nothing was kept
                        return qsTr("We can't send photos right now, so none was kept. Please try again in a moment.")
                    if (dialog.photo.problem === "no_picture")
                        //: Photo dialog: the camera had no picture of the shopper
                        return qsTr("We couldn't see you just now. Stand in front of the mirror and try again.")
                    //: Photo dialog: any other failure; nothing was kept
                    return qsTr("Something went wrong, so no photo was kept. Please try again.")
                }
            }

            Row {
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: dialog.unit * 2
                visible: dialog.stage !== "working"

                PhotoButton {
                    objectName: "photoYes"
                    visible: dialog.stage === "confirm"
                    unit: dialog.unit
                    primary: true
                    //: Photo dialog button: yes, take the photo
                    text: qsTr("Yes, take it")
                    onClicked: dialog.photo.confirm()
                }
                PhotoButton {
                    objectName: "photoNo"
                    visible: dialog.stage === "confirm"
                    unit: dialog.unit
                    //: Photo dialog button: no photo
                    text: qsTr("No, thanks")
                    onClicked: dialog.photo.cancel()
                }
                PhotoButton {
                    objectName: "photoRetry"
                    visible: dialog.stage === "failed"
                    unit: dialog.unit
                    primary: true
                    //: Photo dialog button: ask again for a photo after a failure
                    text: qsTr("Try again")
                    onClicked: dialog.photo.take()
                }
                PhotoButton {
                    objectName: "photoClose"
                    visible: dialog.stage === "ready" || dialog.stage === "failed"
                    unit: dialog.unit
                    //: Photo dialog button: close the dialog
                    text: qsTr("Close")
                    onClicked: dialog.photo.close()
                }
            }
        }
    }

    component PhotoButton: Rectangle {
        id: button
        property real unit: 8
        property string text: ""
        property bool primary: false
        signal clicked()

        width: Math.max(label.implicitWidth + unit * 6, unit * 22)
        height: unit * 8
        radius: height / 2
        color: primary ? "#202028" : "white"
        border.color: "#202028"
        border.width: Math.max(1, unit * 0.3)
        Accessible.role: Accessible.Button
        Accessible.name: text
        Accessible.onPressAction: button.clicked()
        Text {
            id: label
            anchors.centerIn: parent
            text: button.text
            color: button.primary ? "white" : "#202028"
            font.pixelSize: button.unit * 2.8
        }
        TapHandler { onTapped: button.clicked() }
    }
}
