// The product being worn: swatch, name, detail and price, and its stock in this store,
// nearby stores and online: one line, a tap for all. Every word comes from the card
// model (kiosk.session.card, in plain Python), for lipstick and garments alike.
import QtQuick
import Kiosk

Rectangle {
    id: panel
    required property CardModel card
    property real unit: 8

    visible: card.visible
    width: Math.max(head.implicitWidth, stock.implicitWidth) + unit * 6
    height: body.implicitHeight + unit * 2.4
    radius: unit * 2
    color: "#b3101014"
    border.color: "#33ffffff"
    Accessible.role: Accessible.Pane
    Accessible.name: card.name

    Column {
        id: body
        anchors.centerIn: parent
        spacing: panel.unit * 1.0

        Row {
            id: head
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: panel.unit * 2.5
            Rectangle {
                visible: panel.card.swatch !== ""
                width: panel.unit * 6.5
                height: width
                radius: width / 2
                color: panel.card.swatch !== "" ? panel.card.swatch : "transparent"
                border.color: "white"
                border.width: Math.max(1, panel.unit * 0.3)
                anchors.verticalCenter: parent.verticalCenter
            }
            Column {
                anchors.verticalCenter: parent.verticalCenter
                spacing: panel.unit * 0.2
                Text {
                    objectName: "productName"
                    text: panel.card.name
                    color: "white"
                    font.pixelSize: panel.unit * 3.4
                    font.weight: Font.DemiBold
                }
                Text {
                    objectName: "productDetail"
                    text: panel.card.detail
                    color: "#c8c8d0"
                    font.pixelSize: panel.unit * 2.4
                }
                Text {
                    objectName: "stockSummary"
                    visible: !stock.open && text !== ""
                    text: panel.card.stockSummary
                    color: panel.card.stockGood ? "#bfe8c9" : "#f0c2c7"
                    font.pixelSize: panel.unit * 2.0
                    Accessible.role: Accessible.Button
                    Accessible.name: text
                    Accessible.onPressAction: stock.open = true
                    TapHandler { onTapped: stock.open = true }
                }
            }
            Column {
                anchors.verticalCenter: parent.verticalCenter
                Text {
                    objectName: "productPrice"
                    anchors.right: parent.right
                    text: panel.card.price
                    color: "white"
                    font.pixelSize: panel.unit * 3.6
                }
                Text {
                    objectName: "priceNote"
                    anchors.right: parent.right
                    visible: text !== ""
                    text: panel.card.priceNote
                    color: "#ffc766"
                    font.pixelSize: panel.unit * 1.9
                }
            }
        }

        StockRows {
            id: stock
            objectName: "stockRows"
            anchors.horizontalCenter: parent.horizontalCenter
            unit: panel.unit
            card: panel.card
        }
    }
}
