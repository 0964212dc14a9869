// The first time a member signs in at a mirror: what will be recorded and why, in
// English or Chinese, and a plain yes or no. Modal: the mirror dims behind it.
import QtQuick
import Kiosk

Rectangle {
    id: dialog
    property real unit: Theme.unit
    property var shopper
    visible: shopper.consentOpen
    z: Theme.zModal
    width: Math.min(parent ? parent.width * 0.92 : 1e6, Theme.unit * 70)
    // Never taller than the screen: a long text (a tall CJK font, large text, landscape)
    // scrolls, and the yes and no stay in reach.
    readonly property real maxHeight: parent ? parent.height - Theme.unit * 2 : 1e6
    height: Math.min(column.implicitHeight + Theme.unit * 6, maxHeight)
    radius: Theme.radiusL
    color: Theme.surface
    border.color: Theme.outline
    border.width: Theme.border
    Accessible.role: Accessible.Dialog
    Accessible.name: dialog.shopper.consentTitle

    ModalScrim { panel: dialog }

    Column {
        id: column
        anchors.centerIn: parent
        width: dialog.width - Theme.unit * 6
        spacing: Theme.gapM
        Row {
            id: languages
            anchors.right: parent.right
            spacing: Theme.gapS
            Repeater {
                // Each language names itself, so it is never translated.
                model: [["en", "English"], ["zh-CN", "中文"]]
                Rectangle {
                    id: lang
                    required property var modelData
                    objectName: "consentLang_" + modelData[0]
                    readonly property bool on: dialog.shopper.consentLocale === modelData[0]
                    width: Math.max(Theme.minTouch * 1.4, langLabel.implicitWidth + Theme.unit * 3)
                    height: Math.max(Theme.minTouch, langLabel.implicitHeight + Theme.unit * 2)
                    radius: height / 2
                    color: on ? Theme.light : Theme.control
                    border.color: Theme.outline
                    border.width: Theme.border
                    Accessible.role: Accessible.Button
                    Accessible.name: modelData[1]
                    Accessible.checkable: true
                    Accessible.checked: on
                    Accessible.onPressAction: dialog.shopper.setConsentLocale(modelData[0])
                    Text {
                        id: langLabel
                        anchors.centerIn: parent
                        text: lang.modelData[1]
                        color: lang.on ? Theme.ink : Theme.text
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.label
                    }
                    TapHandler { onTapped: dialog.shopper.setConsentLocale(lang.modelData[0]) }
                }
            }
        }
        Text {
            id: title
            objectName: "consentTitle"
            width: parent.width
            wrapMode: Text.WordWrap
            text: dialog.shopper.consentTitle
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.title
            font.weight: Font.DemiBold
        }
        Flickable {
            id: bodyScroll
            objectName: "consentBodyScroll"
            width: parent.width
            // What the rest of the dialog leaves of the screen (no binding through the column).
            readonly property real others: languages.height + title.height + answers.height
                + (note.visible ? note.height + Theme.gapM : 0) + Theme.gapM * 3
            height: Math.max(Theme.unit * 8,
                             Math.min(body.implicitHeight, dialog.maxHeight - Theme.unit * 6 - others))
            contentHeight: body.implicitHeight
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            Text {
                id: body
                objectName: "consentBody"
                width: bodyScroll.width
                wrapMode: Text.WordWrap
                text: dialog.shopper.consentBody
                color: Theme.textMuted
                font.family: Theme.fontFamily
                font.pixelSize: Theme.body
                lineHeight: 1.2
            }
            // More to read below: the text fades out at the bottom edge.
            Rectangle {
                visible: bodyScroll.contentY + bodyScroll.height < bodyScroll.contentHeight - 1
                anchors.left: parent.left
                anchors.right: parent.right
                y: bodyScroll.contentY + bodyScroll.height - height
                height: Theme.unit * 5
                gradient: Gradient {
                    GradientStop { position: 0.0; color: "transparent" }
                    GradientStop { position: 1.0; color: Theme.surface }
                }
            }
        }
        Flow {
            id: answers
            width: parent.width
            layoutDirection: Qt.RightToLeft
            spacing: Theme.gapM
            CardButton {
                objectName: "consentYes"
                primary: true
                text: dialog.shopper.consentAccept
                onClicked: dialog.shopper.decideConsent(true)
            }
            CardButton {
                objectName: "consentNo"
                text: dialog.shopper.consentDecline
                onClicked: dialog.shopper.decideConsent(false)
            }
        }
        Text {
            id: note
            width: parent.width
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            visible: dialog.shopper.memberBusy || (dialog.shopper.memberMessage !== "")
            text: dialog.shopper.memberBusy ? "…" : dialog.shopper.memberMessage
            color: Theme.textNote
            font.family: Theme.fontFamily
            font.pixelSize: Theme.body
        }
    }
}
