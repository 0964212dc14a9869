// The mirror: live frame underneath, calm status on top, the product card and the
// shelves at the bottom. A layout of components: each binds the bridge it shows (the
// window's required properties, given by kiosk/app.py) and raises intents on it.
import QtQuick
import QtQuick.Window
import Kiosk

Window {
    id: root
    required property KioskController controller
    required property LipstickCompositor compositor
    required property Shelves shelves
    required property GarmentShelf garments
    required property CardModel card
    required property StorePanel store
    required property ShopperPanel shopper
    required property PhotoPanel photo
    required property Translations i18n
    readonly property real unit: Math.min(width, height) / 100

    title: qsTr("Try-on mirror")
    color: "black"
    visible: true

    MirrorView {
        id: mirrorView
        anchors.fill: parent
        controller: root.controller
        compositor: root.compositor
    }

    CompareGrid {
        objectName: "compareGrid"
        anchors.fill: parent
        visible: root.compositor.enabled && root.controller.compareMode
        unit: root.unit
        controller: root.controller
        compositor: root.compositor
        texture: mirrorView.texture
    }

    BeforeAfter {
        objectName: "beforeAfter"
        anchors.fill: parent
        unit: root.unit
        compositor: root.compositor
        visible: root.compositor.enabled && !root.controller.compareMode
    }

    RoundButton {
        objectName: "compareButton"
        unit: root.unit
        //: A round button: show up to four shades side by side / leave that view
        label: root.controller.compareMode ? qsTr("Done") : qsTr("Compare")
        checked: root.controller.compareMode
        visible: root.compositor.enabled
        anchors.left: parent.left
        anchors.leftMargin: root.unit * 2
        anchors.top: parent.verticalCenter
        anchors.topMargin: root.unit * 14
        onClicked: root.controller.toggleCompare()
    }

    BottomScrim {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: shelfArea.height + root.unit * 22
    }

    StatusBanner {
        objectName: "status"
        unit: root.unit
        text: root.controller.statusText
        hint: root.controller.statusHint
        kind: root.controller.statusKind
        anchors.horizontalCenter: parent.horizontalCenter
        y: parent.height * 0.08
    }

    ProductCard {
        objectName: "productCard"
        unit: root.unit
        card: root.card
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: tabs.visible ? tabs.top : shelfArea.top
        anchors.bottomMargin: root.unit
    }

    ShelfTabs {
        id: tabs
        objectName: "shelfTabs"
        unit: root.unit
        shelves: root.shelves
        anchors.left: parent.left
        anchors.leftMargin: root.unit * 3
        anchors.bottom: shelfArea.top
        anchors.bottomMargin: root.unit
    }

    CardActions {
        objectName: "cardActions"
        unit: root.unit
        card: root.card
        anchors.right: parent.right
        anchors.rightMargin: root.unit * 2
        anchors.verticalCenter: tabs.verticalCenter
    }

    ShelfArea {
        id: shelfArea
        unit: root.unit
        shelves: root.shelves
        controller: root.controller
        garments: root.garments
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.bottomMargin: root.unit * 3
    }

    RoundButton {
        objectName: "photoButton"
        unit: root.unit
        //: A round button: take a photo of the current look
        label: qsTr("Photo")
        anchors.right: parent.right
        anchors.rightMargin: root.unit * 1.5
        anchors.bottom: intensitySlider.top
        anchors.bottomMargin: root.unit * 3
        visible: root.controller.faceFound
        onClicked: root.photo.take()
    }

    ReservationPanel {
        objectName: "reservationPanel"
        unit: root.unit
        screenWidth: root.width
        store: root.store
        anchors.centerIn: parent
    }

    MemberBadge {
        objectName: "memberBadge"
        unit: root.unit
        shopper: root.shopper
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: root.unit * 2
    }

    LanguageSwitch {
        objectName: "languageSwitch"
        unit: root.unit
        i18n: root.i18n
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.rightMargin: root.unit * 2
        anchors.topMargin: root.unit * 10
    }

    HandoffPanel {
        objectName: "handoffPanel"
        unit: root.unit
        shopper: root.shopper
        anchors.centerIn: parent
    }

    SignInPanel {
        objectName: "signInPanel"
        unit: root.unit
        shopper: root.shopper
        anchors.centerIn: parent
    }

    ConsentDialog {
        objectName: "consentDialog"
        unit: root.unit
        shopper: root.shopper
        anchors.centerIn: parent
    }

    Toast {
        objectName: "memberToast"
        unit: root.unit
        text: root.shopper.signInOpen || root.shopper.consentOpen ? "" : root.shopper.memberMessage
        anchors.horizontalCenter: parent.horizontalCenter
        y: parent.height * 0.26
    }

    IntensitySlider {
        id: intensitySlider
        objectName: "intensity"
        unit: root.unit
        value: root.controller.intensity
        anchors.right: parent.right
        anchors.rightMargin: root.unit * 2
        anchors.verticalCenter: parent.verticalCenter
        onMoved: (value) => root.controller.setIntensity(value)
    }

    PhotoDialog {
        objectName: "photoDialog"
        anchors.fill: parent
        unit: root.unit
        photo: root.photo
    }

    DebugOverlay {
        objectName: "debugOverlay"
        unit: root.unit
        visible: root.controller.overlayVisible
        text: root.controller.statsText
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.margins: root.unit * 2
    }

    // Any press anywhere tells the session someone is there. The handler only watches (a
    // passive grab): the press still reaches the control under it.
    Item {
        anchors.fill: parent
        z: 1000
        PointHandler {
            acceptedButtons: Qt.AllButtons
            onActiveChanged: if (active) root.controller.touched()
        }
    }

    KeyShortcuts {
        controller: root.controller
        window: root
    }
}
