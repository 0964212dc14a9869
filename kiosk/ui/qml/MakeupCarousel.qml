// Eye, cheek and brow products (or complete looks) in a horizontal, flickable row: each
// tile shows the product's colours (a palette's one to three, a look's products') as
// slices of a disc, its name under it; a ring marks what is on. A tap puts it on, or takes
// it off when it is on.
import QtQuick
import Kiosk

ListView {
    id: list
    property real unit: Theme.unit
    signal picked(string sku)

    readonly property real swatch: Math.max(Theme.minTouch, Theme.unit * 11)
    height: swatch + Theme.unit * 2.2 + Theme.label * 2.6
    orientation: ListView.Horizontal
    spacing: unit * 2.2
    leftMargin: unit * 3
    rightMargin: unit * 3
    clip: true
    boundsBehavior: Flickable.StopAtBounds

    delegate: Item {
        id: cell
        required property int index
        required property string sku
        required property string name
        required property var colors
        required property bool worn
        objectName: "makeup_" + sku
        width: list.swatch
        height: list.height
        Accessible.role: Accessible.Button
        Accessible.name: qsTranslate("catalog", name)
        Accessible.selected: worn
        Accessible.onPressAction: list.picked(sku)

        // The colours as slices of a round swatch (one colour: a whole disc).
        Canvas {
            id: disc
            width: list.swatch * (cell.worn ? 1.0 : 0.82)
            height: width
            anchors.horizontalCenter: parent.horizontalCenter
            y: (list.swatch - height) / 2
            Behavior on width { NumberAnimation { duration: Theme.fast } }
            onWidthChanged: requestPaint()
            property var shown: cell.colors
            onShownChanged: requestPaint()
            onPaint: {
                const ctx = getContext("2d")
                ctx.reset()
                const n = Math.max(1, cell.colors.length)
                const r = width / 2
                for (let i = 0; i < n; ++i) {
                    ctx.beginPath()
                    ctx.moveTo(r, r)
                    ctx.arc(r, r, r, -Math.PI / 2 + 2 * Math.PI * i / n,
                            -Math.PI / 2 + 2 * Math.PI * (i + 1) / n, false)
                    ctx.closePath()
                    ctx.fillStyle = cell.colors.length > 0 ? cell.colors[i] : Theme.outline
                    ctx.fill()
                }
            }
        }
        // The round outline over the bands (the Row itself is square).
        Rectangle {
            width: disc.width
            height: width
            radius: width / 2
            anchors.centerIn: disc
            color: "transparent"
            border.color: cell.worn ? Theme.light : Theme.outline
            border.width: cell.worn ? list.unit * 0.7 : list.unit * 0.25
        }
        TileName {
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.top: disc.bottom
            anchors.topMargin: list.unit * 1.2
            width: list.swatch + list.spacing * 0.6
            name: qsTranslate("catalog", cell.name)
            strong: cell.worn
        }
        TapHandler {
            onTapped: list.picked(cell.sku)
        }
    }
}
