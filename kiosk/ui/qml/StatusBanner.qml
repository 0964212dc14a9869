// A calm status line ("Camera reconnecting…"): steady words on an opaque pill, never a
// pulse. A camera or system problem stays above the attract screen so staff see it.
import QtQuick
import Kiosk

Rectangle {
    id: banner
    property real unit: Theme.unit
    property string text: ""
    property string hint: ""
    property string kind: "ok"
    property real maxWidth: Theme.unit * 90
    readonly property bool alert: kind === "camera" || kind === "error"

    visible: text !== ""
    z: alert ? Theme.zAlert : 0
    width: Math.min(maxWidth, Math.max(title.implicitWidth,
                                       detail.visible ? detail.implicitWidth : 0) + Theme.unit * 8)
    height: column.implicitHeight + Theme.unit * 3
    radius: Theme.radiusL
    color: Theme.pill
    border.color: alert ? Theme.textBad : Theme.outline
    border.width: Theme.border
    Accessible.role: Accessible.StatusBar
    Accessible.name: hint !== "" ? text + ". " + hint : text

    Column {
        id: column
        anchors.centerIn: parent
        width: banner.width - Theme.unit * 6
        spacing: Theme.gapXs
        Text {
            id: title
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: banner.text
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headline * 0.8
        }
        Text {
            id: detail
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            visible: banner.hint !== ""
            text: banner.hint
            color: Theme.textMuted
            font.family: Theme.fontFamily
            font.pixelSize: Theme.body
        }
    }
}
