// The first time a member signs in at a mirror: what will be recorded and why,
// in English or Chinese, and a plain yes or no.
import QtQuick

Rectangle {
    id: dialog
    property real unit: 8
    property var shopper
    visible: shopper.consentOpen
    width: unit * 60
    height: column.implicitHeight + unit * 6
    radius: unit * 2.5
    color: "#f7101014"
    border.color: "#66ffffff"

    Column {
        id: column
        anchors.centerIn: parent
        width: dialog.width - dialog.unit * 6
        spacing: dialog.unit * 1.6
        Row {
            anchors.right: parent.right
            spacing: dialog.unit
            Repeater {
                model: [["en", "English"], ["zh-CN", "中文"]]
                Rectangle {
                    required property var modelData
                    objectName: "consentLang_" + modelData[0]
                    readonly property bool on: dialog.shopper.consentLocale === modelData[0]
                    width: langLabel.implicitWidth + dialog.unit * 3
                    height: dialog.unit * 4.5
                    radius: height / 2
                    color: on ? "#f0ffffff" : "#33ffffff"
                    Text {
                        id: langLabel
                        anchors.centerIn: parent
                        text: parent.modelData[1]
                        color: parent.on ? "#202028" : "white"
                        font.pixelSize: dialog.unit * 2
                    }
                    TapHandler { onTapped: dialog.shopper.setConsentLocale(parent.modelData[0]) }
                }
            }
        }
        Text {
            objectName: "consentTitle"
            width: parent.width
            wrapMode: Text.WordWrap
            text: dialog.shopper.consentTitle
            color: "white"
            font.pixelSize: dialog.unit * 3.2
            font.weight: Font.DemiBold
        }
        Text {
            objectName: "consentBody"
            width: parent.width
            wrapMode: Text.WordWrap
            text: dialog.shopper.consentBody
            color: "#d8d8e0"
            font.pixelSize: dialog.unit * 2.1
            lineHeight: 1.15
        }
        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: dialog.unit * 2
            CardButton {
                objectName: "consentNo"
                unit: dialog.unit
                text: dialog.shopper.consentDecline
                onClicked: dialog.shopper.decideConsent(false)
            }
            CardButton {
                objectName: "consentYes"
                unit: dialog.unit
                primary: true
                text: dialog.shopper.consentAccept
                onClicked: dialog.shopper.decideConsent(true)
            }
        }
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            visible: dialog.shopper.memberBusy || (dialog.shopper.memberMessage !== "")
            text: dialog.shopper.memberBusy ? "…" : dialog.shopper.memberMessage
            color: "#ffc766"
            font.pixelSize: dialog.unit * 2
        }
    }
}
