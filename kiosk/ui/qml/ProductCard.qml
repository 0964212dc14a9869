// The shade being worn: swatch, name, finish and price.
import QtQuick

Rectangle {
    id: card
    property real unit: 8
    property string name: ""
    property string finish: ""
    property string price: ""
    property string swatch: "#000000"

    width: row.implicitWidth + unit * 6
    height: unit * 11
    radius: unit * 2
    color: "#b3101014"
    border.color: "#33ffffff"

    Row {
        id: row
        anchors.centerIn: parent
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
            spacing: card.unit * 0.4
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
        }
        Text {
            objectName: "productPrice"
            anchors.verticalCenter: parent.verticalCenter
            text: card.price
            color: "white"
            font.pixelSize: card.unit * 3.6
        }
    }
}
