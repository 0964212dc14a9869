// The product's stock by channel: this store, nearby stores nearest first, online, one
// worded row each (from the card model), wrapped to the card's width so nothing is cut
// off; `open` shows them, a tap on "less" folds them.
import QtQuick
import Kiosk

Column {
    id: stock
    required property CardModel card
    property real unit: Theme.unit
    property bool open: false
    readonly property real dot: Theme.unit * 1.4
    // The width the rows would like, for the card to size itself (capped by the card).
    readonly property real naturalWidth: Theme.unit * 60

    visible: card.actionsVisible && (open || stockNote.text !== "")
    spacing: Theme.gapS

    Repeater {
        model: stock.open ? stock.card.rows : null
        Row {
            id: row
            required property string label
            required property string detail
            required property bool inStock
            width: stock.width
            spacing: Theme.gapS
            Accessible.role: Accessible.ListItem
            Accessible.name: label + ": " + detail
            Rectangle {
                y: (rowLabel.implicitHeight - height) / 2
                width: stock.dot
                height: width
                radius: width / 2
                color: row.inStock ? Theme.dotGood : Theme.dotBad
            }
            Column {
                width: row.width - stock.dot - row.spacing
                Text {
                    id: rowLabel
                    width: parent.width
                    wrapMode: Text.WordWrap
                    text: row.label
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.body
                    font.weight: Font.DemiBold
                }
                Text {
                    width: parent.width
                    wrapMode: Text.WordWrap
                    visible: text !== ""
                    text: row.detail
                    color: row.inStock ? Theme.textGood : Theme.textBad
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.body
                }
            }
        }
    }
    Rectangle {
        objectName: "stockLess"
        visible: stock.open
        anchors.horizontalCenter: parent.horizontalCenter
        width: Math.max(Theme.minTouch * 1.6, lessLabel.implicitWidth + Theme.unit * 4)
        height: Math.max(Theme.minTouch, lessLabel.implicitHeight + Theme.unit * 2)
        radius: height / 2
        color: Theme.control
        border.color: Theme.outline
        border.width: Theme.border
        property alias text: lessLabel.text
        Accessible.role: Accessible.Button
        Accessible.name: lessLabel.text
        Accessible.onPressAction: stock.open = false
        // No handler of its own: the tap reaches the card's, which folds the rows.
        Text {
            id: lessLabel
            anchors.centerIn: parent
            text: stock.card.stockLess
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.label
        }
    }
    Text {
        id: stockNote
        objectName: "stockNote"
        visible: text !== ""
        width: parent.width
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
        text: stock.card.stockNote
        color: Theme.textMuted
        font.family: Theme.fontFamily
        font.pixelSize: Theme.caption
    }
}
