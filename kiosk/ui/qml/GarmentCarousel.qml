// Garment cut-outs in a horizontal row; a tap puts the garment on, a second tap takes it off.
import QtQuick
import Kiosk

ListView {
    id: list
    property real unit: Theme.unit
    property int selected: -1
    signal picked(int index)

    readonly property real tile: unit * 13
    height: tile * 1.25 + Theme.unit + Theme.label * 2.6
    orientation: ListView.Horizontal
    spacing: unit * 2
    leftMargin: unit * 3
    rightMargin: unit * 3
    clip: true
    boundsBehavior: Flickable.StopAtBounds

    delegate: Item {
        id: cell
        required property int index
        required property string name
        required property string image
        objectName: "garment_" + index
        width: list.tile
        height: list.height
        readonly property bool worn: index === list.selected
        Accessible.role: Accessible.Button
        Accessible.name: qsTranslate("catalog", name)
        Accessible.selected: worn
        Accessible.onPressAction: list.picked(index)

        Rectangle {
            id: card
            width: list.tile
            height: list.tile * 1.25
            radius: list.unit * 1.5
            color: cell.worn ? Theme.light : "#d9f7f7f9"
            border.color: cell.worn ? Theme.accent : "transparent"
            border.width: list.unit * 0.5
            Image {
                anchors.fill: parent
                anchors.margins: list.unit
                source: cell.image
                fillMode: Image.PreserveAspectFit
                asynchronous: true
                smooth: true
            }
        }
        TileName {
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.top: card.bottom
            anchors.topMargin: list.unit
            width: list.tile + list.spacing * 0.6
            name: qsTranslate("catalog", cell.name)
            strong: cell.worn
        }
        TapHandler {
            onTapped: list.picked(cell.index)
        }
    }
}
