// Shade swatches in a horizontal, flickable row; a tap puts the shade on.
import QtQuick
import Kiosk

ListView {
    id: list
    property real unit: Theme.unit
    signal picked(int index)

    readonly property real swatch: Math.max(Theme.minTouch, Theme.unit * 11)
    height: swatch + Theme.unit * 2.2 + Theme.label * 2.6
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
        Accessible.role: Accessible.Button
        Accessible.name: qsTranslate("catalog", name)
        Accessible.selected: selected
        Accessible.onPressAction: list.picked(index)

        Rectangle {
            id: disc
            width: list.swatch * (cell.selected ? 1.0 : 0.82)
            height: width
            radius: width / 2
            anchors.horizontalCenter: parent.horizontalCenter
            y: (list.swatch - height) / 2
            color: cell.color
            border.color: cell.selected ? Theme.light : Theme.outline
            border.width: cell.selected ? list.unit * 0.7 : list.unit * 0.25
            Behavior on width { NumberAnimation { duration: Theme.fast } }
        }
        TileName {
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.top: disc.bottom
            anchors.topMargin: list.unit * 1.2
            width: list.swatch + list.spacing * 0.6
            name: qsTranslate("catalog", cell.name)
            strong: cell.selected
        }
        TapHandler {
            onTapped: list.picked(cell.index)
        }
    }
}
