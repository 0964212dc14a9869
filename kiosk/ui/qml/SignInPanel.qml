// Save to my account: show the member code from the brand's app to the mirror,
// or type the member number on the keypad.
import QtQuick

Rectangle {
    id: panel
    property real unit: 8
    property var shopper
    property string digits: ""
    visible: shopper.signInOpen
    onVisibleChanged: digits = ""
    width: unit * 52
    height: column.implicitHeight + unit * 6
    radius: unit * 2.5
    color: "#f2101014"
    border.color: "#66ffffff"

    Column {
        id: column
        anchors.centerIn: parent
        spacing: panel.unit * 1.5
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            text: "Save to my account"
            color: "white"
            font.pixelSize: panel.unit * 3.4
            font.weight: Font.DemiBold
        }
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            width: panel.width - panel.unit * 6
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: "Hold your member code from our app up to the mirror, or type your member number"
            color: "#c8c8d0"
            font.pixelSize: panel.unit * 2.2
        }
        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            width: panel.unit * 36
            height: panel.unit * 6
            radius: panel.unit
            color: "#26ffffff"
            Text {
                objectName: "memberNumber"
                anchors.centerIn: parent
                text: panel.digits !== "" ? panel.digits : "Member number"
                color: panel.digits !== "" ? "white" : "#80ffffff"
                font.pixelSize: panel.unit * 3
                font.family: "DejaVu Sans Mono"
            }
        }
        Grid {
            anchors.horizontalCenter: parent.horizontalCenter
            columns: 3
            spacing: panel.unit
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
                Rectangle {
                    required property string modelData
                    objectName: "key_" + modelData
                    width: panel.unit * 11
                    height: panel.unit * 7
                    radius: panel.unit
                    color: modelData === "OK" ? "#f0ffffff" : "#33ffffff"
                    Text {
                        anchors.centerIn: parent
                        text: parent.modelData
                        color: parent.modelData === "OK" ? "#202028" : "white"
                        font.pixelSize: panel.unit * 3
                    }
                    TapHandler {
                        onTapped: {
                            const key = parent.modelData
                            if (key === "⌫") panel.digits = panel.digits.slice(0, -1)
                            else if (key === "OK") panel.shopper.submitNumber(panel.digits)
                            else if (panel.digits.length < 20) panel.digits += key
                        }
                    }
                }
            }
        }
        Text {
            objectName: "signInMessage"
            anchors.horizontalCenter: parent.horizontalCenter
            width: panel.width - panel.unit * 6
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            visible: text !== ""
            text: panel.shopper.memberBusy ? "Looking you up…" : panel.shopper.memberMessage
            color: "#ffc766"
            font.pixelSize: panel.unit * 2.2
        }
        CardButton {
            objectName: "signInClose"
            anchors.horizontalCenter: parent.horizontalCenter
            unit: panel.unit
            text: "Cancel"
            onClicked: panel.shopper.closeSignIn()
        }
    }
}
