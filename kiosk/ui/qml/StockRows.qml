// The product's stock by channel: this store, nearby stores nearest first, online, one
// worded line each (from the card model); `open` shows them, a tap on "less" folds them.
import QtQuick
import Kiosk

Column {
    id: stock
    required property CardModel card
    property real unit: 8
    property bool open: false

    visible: card.actionsVisible && (open || stockNote.text !== "")
    spacing: unit * 0.5

    Repeater {
        model: stock.open ? stock.card.rows : null
        Row {
            required property string label
            required property string detail
            required property bool inStock
            spacing: stock.unit * 1.2
            Accessible.role: Accessible.ListItem
            Accessible.name: label + ": " + detail
            Rectangle {
                width: stock.unit * 1.4
                height: width
                radius: width / 2
                anchors.verticalCenter: parent.verticalCenter
                color: parent.inStock ? "#5ad17a" : "#e0616d"
            }
            Text {
                width: stock.unit * 34
                text: parent.label
                elide: Text.ElideRight
                color: "white"
                font.pixelSize: stock.unit * 2.1
            }
            Text {
                width: stock.unit * 30
                text: parent.detail
                elide: Text.ElideRight
                color: parent.inStock ? "#dfe9e2" : "#f0b3b9"
                font.pixelSize: stock.unit * 2.1
            }
        }
    }
    Text {
        objectName: "stockLess"
        visible: stock.open
        anchors.horizontalCenter: parent.horizontalCenter
        text: stock.card.stockLess
        color: "#b8b8c4"
        font.pixelSize: stock.unit * 2.0
        Accessible.role: Accessible.Button
        Accessible.name: text
        Accessible.onPressAction: stock.open = false
        TapHandler { onTapped: stock.open = false }
    }
    Text {
        id: stockNote
        objectName: "stockNote"
        visible: text !== ""
        anchors.horizontalCenter: parent.horizontalCenter
        text: stock.card.stockNote
        color: "#b8b8c4"
        font.pixelSize: stock.unit * 2.0
    }
}
