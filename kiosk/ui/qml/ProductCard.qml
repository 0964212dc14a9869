// The product being worn: swatch, name, detail and price, and its stock in this
// store, nearby stores and online (from the StorePanel): one line, a tap for all.
import QtQuick

Rectangle {
    id: card
    property real unit: 8
    property string name: ""
    property string finish: ""
    property string price: ""
    property string swatch: "#000000"
    property var store: null          // the StorePanel; null: no stock shown

    readonly property bool hasStock: store !== null && store.known

    width: Math.max(head.implicitWidth, stock.implicitWidth) + unit * 6
    height: body.implicitHeight + unit * 2.4
    radius: unit * 2
    color: "#b3101014"
    border.color: "#33ffffff"

    Column {
        id: body
        anchors.centerIn: parent
        spacing: card.unit * 1.0

        Row {
            id: head
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: card.unit * 2.5
            Rectangle {
                visible: card.swatch !== "transparent"
                width: card.unit * 6.5
                height: width
                radius: width / 2
                color: card.swatch
                border.color: "white"
                border.width: Math.max(1, card.unit * 0.3)
                anchors.verticalCenter: parent.verticalCenter
            }
            Column {
                anchors.verticalCenter: parent.verticalCenter
                spacing: card.unit * 0.2
                Text {
                    objectName: "productName"
                    text: card.name
                    color: "white"
                    font.pixelSize: card.unit * 3.4
                    font.weight: Font.DemiBold
                }
                Text {
                    objectName: "productDetail"
                    text: card.finish.charAt(0).toUpperCase() + card.finish.slice(1)
                    color: "#c8c8d0"
                    font.pixelSize: card.unit * 2.4
                }
                Text {
                    objectName: "stockSummary"
                    visible: !stock.open && text !== ""
                    text: card.hasStock ? card.store.summary + "  ▾" : ""
                    color: card.hasStock && card.store.availableHere > 0 ? "#bfe8c9" : "#f0c2c7"
                    font.pixelSize: card.unit * 2.0
                    TapHandler { onTapped: stock.open = true }
                }
            }
            Column {
                anchors.verticalCenter: parent.verticalCenter
                Text {
                    objectName: "productPrice"
                    anchors.right: parent.right
                    // The hub's price when known: one price in every channel.
                    text: card.hasStock && card.store.priceText !== "" ? card.store.priceText : card.price
                    color: "white"
                    font.pixelSize: card.unit * 3.6
                }
                Text {
                    objectName: "priceNote"
                    anchors.right: parent.right
                    visible: card.hasStock && card.store.priceDiffers
                    text: card.hasStock ? "Price differs: " + card.store.priceNote : ""
                    color: "#ffc766"
                    font.pixelSize: card.unit * 1.9
                }
            }
        }

        // Stock: one line (here, the nearest store that has it, online); a tap opens
        // every channel: this store, nearby stores nearest first, online.
        Column {
            id: stock
            objectName: "stockRows"
            property bool open: false
            visible: card.store !== null && card.store.enabled && (open || stockNote.text !== "")
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: card.unit * 0.5
            Repeater {
                model: stock.open && card.store !== null ? card.store.rows : null
                Row {
                    required property string label
                    required property string availableText
                    required property string pickup
                    required property bool inStock
                    spacing: card.unit * 1.2
                    Rectangle {
                        width: card.unit * 1.4
                        height: width
                        radius: width / 2
                        anchors.verticalCenter: parent.verticalCenter
                        color: inStock ? "#5ad17a" : "#e0616d"
                    }
                    Text {
                        width: card.unit * 34
                        text: label
                        elide: Text.ElideRight
                        color: "white"
                        font.pixelSize: card.unit * 2.1
                    }
                    Text {
                        width: card.unit * 30
                        text: availableText + (pickup !== "" && inStock ? " · " + pickup : "")
                        elide: Text.ElideRight
                        color: inStock ? "#dfe9e2" : "#f0b3b9"
                        font.pixelSize: card.unit * 2.1
                    }
                }
            }
            Text {
                visible: stock.open
                anchors.horizontalCenter: parent.horizontalCenter
                text: "▴ less"
                color: "#b8b8c4"
                font.pixelSize: card.unit * 2.0
                TapHandler { onTapped: stock.open = false }
            }
            Text {
                id: stockNote
                objectName: "stockNote"
                visible: text !== ""
                anchors.horizontalCenter: parent.horizontalCenter
                text: card.store !== null ? card.store.note : ""
                color: "#b8b8c4"
                font.pixelSize: card.unit * 2.0
            }
        }
    }
}
