// A made-for-you shelf's tiles (what suits the shopper, their wishlist, their app looks):
// a shade's swatch or a garment's picture, its name, and one line saying why it is there.
// A tap puts it on; the shelf stays open.
import QtQuick
import Kiosk

ListView {
    id: list
    property real unit: Theme.unit
    signal picked(int index)

    readonly property real tile: Math.max(Theme.minTouch * 1.8, unit * 19)
    readonly property real art: Math.max(Theme.minTouch, unit * 10)
    height: art + unit * 1.6 + Theme.label * 1.4 + Theme.caption * 2.8
    orientation: ListView.Horizontal
    spacing: unit * 1.6
    leftMargin: unit * 3
    rightMargin: unit * 3
    clip: true
    boundsBehavior: Flickable.StopAtBounds

    delegate: Item {
        id: cell
        required property int index
        required property string key
        required property string name
        required property string swatch
        required property string image
        required property string reason
        objectName: "pick_" + index
        width: list.tile
        height: list.height
        Accessible.role: Accessible.Button
        Accessible.name: name
        Accessible.description: reason
        Accessible.onPressAction: list.picked(index)

        Rectangle {
            id: art
            width: list.art
            height: list.art
            anchors.horizontalCenter: parent.horizontalCenter
            radius: cell.swatch !== "" ? width / 2 : list.unit * 1.2
            color: cell.swatch !== "" ? cell.swatch : "#d9f7f7f9"
            border.color: Theme.outline
            border.width: list.unit * 0.25
            Image {
                visible: cell.image !== ""
                anchors.fill: parent
                anchors.margins: list.unit * 0.6
                source: cell.image
                fillMode: Image.PreserveAspectFit
                asynchronous: true
                smooth: true
            }
        }
        Text {
            id: title
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.top: art.bottom
            anchors.topMargin: list.unit * 0.8
            width: list.tile
            horizontalAlignment: Text.AlignHCenter
            elide: Text.ElideRight
            text: cell.name
            color: Theme.text
            style: Text.Outline
            styleColor: "#000000"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.label
            font.weight: Font.DemiBold
        }
        Text {
            objectName: "pickReason_" + cell.index
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.top: title.bottom
            width: list.tile
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
            text: cell.reason
            color: Theme.text
            style: Text.Outline
            styleColor: "#000000"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.caption
        }
        TapHandler {
            onTapped: list.picked(cell.index)
        }
    }
}
