// The open shelf's carousel: lipstick shades or garments (the shelf is Python's state).
import QtQuick
import Kiosk

Item {
    id: area
    required property Shelves shelves
    required property KioskController controller
    required property GarmentShelf garments
    property real unit: 8

    height: shelves.category === "clothes" ? clothes.height : carousel.height

    GarmentCarousel {
        id: clothes
        objectName: "garmentCarousel"
        visible: area.shelves.category === "clothes"
        unit: area.unit
        model: area.garments.garments
        selected: area.garments.selectedIndex
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        onPicked: (index) => area.garments.select(index)
    }
    ShadeCarousel {
        id: carousel
        objectName: "carousel"
        visible: area.shelves.category === "lips"
        unit: area.unit
        model: area.controller.shades
        currentIndex: area.controller.selectedIndex
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        onPicked: (index) => area.controller.selectShade(index)
    }
}
