// Garment cut-outs in a horizontal row; a tap puts the garment on, a second tap takes it off.
import QtQuick

ListView {
    id: list
    property real unit: 8
    property int selected: -1
    signal picked(int index)

    readonly property real tile: unit * 13
    height: tile * 1.25 + unit * 6
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

        Rectangle {
            id: card
            width: list.tile
            height: list.tile * 1.25
            radius: list.unit * 1.5
            color: cell.worn ? "#f2ffffff" : "#b3ffffff"
            border.color: cell.worn ? "white" : "transparent"
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
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.top: card.bottom
            anchors.topMargin: list.unit
            width: list.tile + list.spacing
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
            text: cell.name
            color: "white"
            style: Text.Raised
            styleColor: "#80000000"
            font.pixelSize: list.unit * 2
            font.weight: cell.worn ? Font.DemiBold : Font.Normal
        }
        TapHandler {
            onTapped: list.picked(cell.index)
        }
    }
}
