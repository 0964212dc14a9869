// The mirror at rest, while nobody is in front of it: the store's name and logo, a few
// shades from the shelf drifting slowly (still when motion is reduced), and one clear
// invitation, legible at 2 m. After session.dim_after_s with nobody it dims. It takes every
// touch, so the shop behind it (card, buttons) cannot be pressed with nobody there.
import QtQuick
import Kiosk

Item {
    id: attract
    property bool shown: true
    property bool dimmed: false       // the session says nobody has been here a while
    property string storeName: ""
    property string logo: ""
    property var shades               // the lipstick shelf's model (name, color)
    readonly property bool resting: shown && dimmed

    z: Theme.zAttract
    enabled: shown  // while it fades out, touches already reach the mirror
    opacity: shown ? 1 : 0
    visible: opacity > 0
    Behavior on opacity { NumberAnimation { duration: Theme.slow } }
    Accessible.role: Accessible.Pane
    Accessible.name: invitation.text

    // An opaque brand backdrop: the shop behind (card, shelf, buttons) is not shown at all.
    Rectangle {
        anchors.fill: parent
        gradient: Gradient {
            GradientStop { position: 0.0; color: Theme.attractTop }
            GradientStop { position: 1.0; color: Theme.attractBottom }
        }
    }
    MouseArea {
        anchors.fill: parent
        acceptedButtons: Qt.AllButtons
        preventStealing: true
    }

    Column {
        id: content
        anchors.centerIn: parent
        width: parent.width * 0.88
        spacing: Theme.gapXl

        Column {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: Theme.gapM
            Image {
                objectName: "brandLogo"
                anchors.horizontalCenter: parent.horizontalCenter
                visible: status === Image.Ready
                source: attract.logo
                width: Theme.unit * 20
                height: width
                sourceSize.width: width
                sourceSize.height: height
                fillMode: Image.PreserveAspectFit
                smooth: true
            }
            Text {
                objectName: "storeName"
                anchors.horizontalCenter: parent.horizontalCenter
                text: attract.storeName
                color: Theme.accent
                font.family: Theme.fontFamily
                font.pixelSize: Theme.headline * 1.2
                font.letterSpacing: Theme.unit * 0.4
            }
        }

        // A few shades from the shelf, drifting gently side to side.
        Item {
            width: parent.width
            height: shelf.height
            Row {
                id: shelf
                objectName: "attractShades"
                anchors.horizontalCenter: parent.horizontalCenter
                anchors.horizontalCenterOffset: drift
                spacing: Theme.gapL
                property real drift: 0
                SequentialAnimation on drift {
                    running: attract.visible && !Theme.reducedMotion && !attract.resting
                    loops: Animation.Infinite
                    NumberAnimation { to: Theme.unit * 3; duration: Theme.ambient / 2; easing.type: Easing.InOutSine }
                    NumberAnimation { to: -Theme.unit * 3; duration: Theme.ambient / 2; easing.type: Easing.InOutSine }
                }
                Repeater {
                    model: attract.shades
                    Column {
                        id: sample
                        required property int index
                        required property string name
                        required property string color
                        visible: index < 5
                        spacing: Theme.gapS
                        Rectangle {
                            anchors.horizontalCenter: parent.horizontalCenter
                            width: Theme.unit * 11
                            height: width
                            radius: width / 2
                            color: sample.color
                            border.color: Theme.light
                            border.width: Math.max(2, Theme.unit * 0.3)
                        }
                        Text {
                            anchors.horizontalCenter: parent.horizontalCenter
                            width: Theme.unit * 14
                            horizontalAlignment: Text.AlignHCenter
                            wrapMode: Text.WordWrap
                            text: qsTranslate("catalog", sample.name)
                            color: Theme.text
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.caption
                        }
                    }
                }
            }
        }

        Column {
            width: parent.width
            spacing: Theme.gapM
            Text {
                id: invitation
                objectName: "invitation"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                //: The attract screen's invitation, read from 2 m away: come close to the mirror
                text: qsTr("Step closer to try on")
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: Theme.display
                font.weight: Font.DemiBold
            }
            Text {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                //: The attract screen's second line: what the mirror does, no app or touch needed
                text: qsTr("See lipstick shades and clothes on you, live in the mirror")
                color: Theme.textMuted
                font.family: Theme.fontFamily
                font.pixelSize: Theme.title
            }
        }
    }

    // Resting: the whole screen darkens after a while with nobody there.
    Rectangle {
        objectName: "dimLayer"
        anchors.fill: parent
        color: Theme.dimScrim
        opacity: attract.resting ? 1 : 0
        visible: opacity > 0
        Behavior on opacity { NumberAnimation { duration: Theme.reducedMotion ? 0 : 2000 } }
    }
}
