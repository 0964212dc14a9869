// Shade swatches in a horizontal, flickable row; a tap puts the shade on.
import QtQuick

ListView {
    id: list
    property real unit: 8
    signal picked(int index)

    readonly property real swatch: unit * 11
    height: swatch + unit * 8
    orientation: ListView.Horizontal
    spacing: unit * 2.2
    leftMargin: unit * 3
    rightMargin: unit * 3
    clip: true
    highlightFollowsCurrentItem: false
    boundsBehavior: Flickable.StopAtBounds
    onCurrentIndexChanged: positionViewAtIndex(currentIndex, ListView.Contain)

    delegate: Item {
        id: cell
        required property int index
        required property string name
        required property string color
        objectName: "shade_" + index
        width: list.swatch
        height: list.height
        readonly property bool selected: ListView.isCurrentItem

        Rectangle {
            id: disc
            width: list.swatch * (cell.selected ? 1.0 : 0.82)
            height: width
            radius: width / 2
            anchors.horizontalCenter: parent.horizontalCenter
            y: (list.swatch - height) / 2
            color: cell.color
            border.color: cell.selected ? "white" : "#66ffffff"
            border.width: cell.selected ? list.unit * 0.7 : list.unit * 0.25
            Behavior on width { NumberAnimation { duration: 120 } }
        }
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.top: disc.bottom
            anchors.topMargin: list.unit * 1.2
            width: list.swatch + list.spacing
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
            text: cell.name
            color: "white"
            style: Text.Raised
            styleColor: "#80000000"
            font.pixelSize: list.unit * 2.1
            font.weight: cell.selected ? Font.DemiBold : Font.Normal
        }
        TapHandler {
            onTapped: list.picked(cell.index)
        }
    }
}
