// The mirror: live frame underneath, calm status on top, shades at the bottom.
import QtQuick
import QtQuick.Window
import Kiosk

Window {
    id: root
    required property KioskController controller
    required property LipstickCompositor compositor
    required property GarmentShelf shelf
    required property StorePanel store
    required property ShopperPanel shopper
    property string shelfTab: "lips"  // which shelf is open: "lips" or "clothes"
    readonly property real unit: Math.min(width, height) / 100

    title: "Try-on mirror"
    color: "black"
    visible: true

    FrameItem {
        id: mirror
        objectName: "mirror"
        anchors.fill: parent
        clip: true
    }

    // GPU compositing: the per-pixel lip weights, shown only through the shader.
    FrameItem {
        id: lipMask
        objectName: "lipMask"
        anchors.fill: parent
        clip: true
        visible: root.compositor.enabled
    }

    ShaderEffectSource {
        id: mirrorTex
        sourceItem: mirror
        hideSource: root.compositor.enabled
    }

    LipstickEffect {
        id: lipstick
        objectName: "lipstickEffect"
        anchors.fill: parent
        visible: root.compositor.enabled && !root.controller.compareMode
        u: root.compositor.uniforms
        source: mirrorTex
        mask: ShaderEffectSource { sourceItem: lipMask; hideSource: true }
        wipe: root.compositor.wipe
        fragmentShader: root.compositor.shader
    }

    // The garment, blended by the scene graph over the mirror; the before/after
    // wipe (and hold-to-compare) uncovers the mirror without it, left of the line.
    Item {
        id: garmentClip
        x: parent.width * root.compositor.wipe
        width: parent.width - x
        height: parent.height
        clip: true
        visible: root.compositor.enabled && !root.controller.compareMode
        LayerItem {
            objectName: "garmentLayer"
            x: -garmentClip.x
            width: root.width
            height: root.height
        }
    }

    // Compare: up to four shades on the same live image, one tracking pass.
    Grid {
        id: compareGrid
        objectName: "compareGrid"
        anchors.fill: parent
        columns: 2
        visible: root.compositor.enabled && root.controller.compareMode
        Repeater {
            model: 4
            Item {
                id: cell
                required property int index
                width: compareGrid.width / 2
                height: compareGrid.height / 2
                clip: true
                // This cell's lip weights, at the whole mirror's size so the
                // texture lines up with the camera texture.
                FrameItem {
                    id: cellMask
                    objectName: "compareMask" + cell.index
                    width: compareGrid.width
                    height: compareGrid.height
                    clip: true
                }
                LipstickEffect {
                    objectName: "compareCell" + cell.index
                    anchors.fill: parent
                    u: root.compositor.compareUniforms[cell.index] ?? ({})
                    source: mirrorTex
                    mask: ShaderEffectSource {
                        sourceItem: cellMask
                        hideSource: true
                    }
                    fragmentShader: root.compositor.shader
                }
                // The garment on in every cell, scaled with the mirror into the cell.
                Item {
                    width: compareGrid.width
                    height: compareGrid.height
                    scale: 0.5
                    transformOrigin: Item.TopLeft
                    LayerItem {
                        objectName: "compareGarment" + cell.index
                        anchors.fill: parent
                    }
                }
                Rectangle {
                    anchors.fill: parent
                    color: "transparent"
                    border.color: "#80ffffff"
                    border.width: 1
                }
                Text {
                    anchors.horizontalCenter: parent.horizontalCenter
                    anchors.top: parent.top
                    anchors.topMargin: root.unit * 2
                    text: root.controller.compareNames[cell.index] ?? "Tap a shade to add"
                    color: "white"
                    style: Text.Raised
                    styleColor: "#a0000000"
                    font.pixelSize: root.unit * 2.6
                }
            }
        }
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
        label: root.controller.compareMode ? "Done" : "Compare"
        checked: root.controller.compareMode
        visible: root.compositor.enabled
        anchors.left: parent.left
        anchors.leftMargin: root.unit * 2
        anchors.top: parent.verticalCenter
        anchors.topMargin: root.unit * 14
        onClicked: root.controller.toggleCompare()
    }

    // A soft scrim under the shelf so swatch names read on any background.
    Rectangle {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: shelves.height + root.unit * 22
        gradient: Gradient {
            GradientStop { position: 0.0; color: "#00000000" }
            GradientStop { position: 0.45; color: "#73000000" }
            GradientStop { position: 1.0; color: "#d9000000" }
        }
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
        // (not named "clothes": that id is the garment carousel's, and ids win)
        readonly property bool showsClothes: root.shelfTab === "clothes"
        visible: showsClothes ? root.shelf.selectedIndex >= 0 : root.controller.selectedIndex >= 0
        name: showsClothes ? root.shelf.selectedName : root.controller.productName
        finish: showsClothes ? (root.shelf.sizeText || "Measuring for your size…")
                        : root.controller.productFinish
        price: showsClothes ? root.shelf.selectedPrice : root.controller.productPrice
        swatch: showsClothes ? "transparent" : root.controller.productColor
        store: root.store
        // The variant on the card (a garment in the suggested size): its stock is watched.
        readonly property string cardSku: showsClothes ? root.shelf.selectedSku : root.controller.productSku
        function tell() {
            root.store.show(cardSku)
            root.shopper.showing(cardSku, showsClothes ? "" : root.controller.productName,
                                 showsClothes ? root.shelf.selectedSize : "")
        }
        onCardSkuChanged: tell()
        Component.onCompleted: tell()
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: root.shelf.available ? tabs.top : shelves.top
        anchors.bottomMargin: root.unit
    }

    Row {
        id: tabs
        objectName: "shelfTabs"
        visible: root.shelf.available
        spacing: root.unit * 1.5
        anchors.left: parent.left
        anchors.leftMargin: root.unit * 3
        anchors.bottom: shelves.top
        anchors.bottomMargin: root.unit
        Repeater {
            model: [["lips", "Lipstick"], ["clothes", "Clothes"]]
            Rectangle {
                required property var modelData
                objectName: "tab_" + modelData[0]
                readonly property bool open: root.shelfTab === modelData[0]
                width: tabLabel.implicitWidth + root.unit * 5
                height: root.unit * 6
                radius: height / 2
                color: open ? "#f0ffffff" : "#80000000"
                Text {
                    id: tabLabel
                    anchors.centerIn: parent
                    text: parent.modelData[1]
                    color: parent.open ? "#202028" : "white"
                    font.pixelSize: root.unit * 2.4
                }
                TapHandler { onTapped: root.shelfTab = parent.modelData[0] }
            }
        }
    }

    // The ways on for the product on the card, beside the shelf tabs.
    Row {
        id: actions
        objectName: "cardActions"
        visible: root.store.enabled && root.store.sku !== ""
        spacing: root.unit * 1.2
        anchors.right: parent.right
        anchors.rightMargin: root.unit * 2
        anchors.verticalCenter: tabs.verticalCenter
        CardButton {
            objectName: "reserveButton"
            unit: root.unit * 0.9
            text: root.store.reserving ? "Reserving…" : "Reserve here"
            enabled: root.store.known && root.store.availableHere > 0 && !root.store.reserving
            onClicked: root.store.reserve()
        }
        CardButton {
            objectName: "buyOnlineButton"
            unit: root.unit * 0.9
            text: "Buy online"
            enabled: root.store.known
            onClicked: root.shopper.buyOnline()
        }
        CardButton {
            objectName: "saveButton"
            unit: root.unit * 0.9
            text: root.shopper.recording ? "Save look" : "Save to my account"
            onClicked: root.shopper.saveToAccount()
        }
    }

    Item {
        id: shelves
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.bottomMargin: root.unit * 3
        height: root.shelfTab === "lips" ? carousel.height : clothes.height

        GarmentCarousel {
            id: clothes
            objectName: "garmentCarousel"
            visible: root.shelfTab === "clothes"
            unit: root.unit
            model: root.shelf.garments
            selected: root.shelf.selectedIndex
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            onPicked: (index) => root.shelf.select(index)
        }
    ShadeCarousel {
        id: carousel
        objectName: "carousel"
        visible: root.shelfTab === "lips"
        unit: root.unit
        model: root.controller.shades
        currentIndex: root.controller.selectedIndex
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        onPicked: (index) => root.controller.selectShade(index)
    }
    }

    RoundButton {
        objectName: "photoButton"
        unit: root.unit
        label: "Photo"
        anchors.right: parent.right
        anchors.rightMargin: root.unit * 1.5
        anchors.bottom: intensitySlider.top
        anchors.bottomMargin: root.unit * 3
        visible: root.controller.faceFound
        onClicked: root.controller.takePhoto()
    }

    // Reserve here: the hold and its pickup code, until the shopper closes it.
    Rectangle {
        id: held
        objectName: "reservationPanel"
        visible: root.store.reservationText !== ""
        width: Math.min(parent.width * 0.86, heldColumn.implicitWidth + root.unit * 8)
        height: heldColumn.implicitHeight + root.unit * 6
        anchors.centerIn: parent
        radius: root.unit * 2.5
        color: "#f2101014"
        border.color: "#66ffffff"
        Column {
            id: heldColumn
            anchors.centerIn: parent
            spacing: root.unit * 2
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: root.store.pickupCode !== "" ? "Reserved" : "Not reserved"
                color: "white"
                font.pixelSize: root.unit * 3.6
                font.weight: Font.DemiBold
            }
            Text {
                objectName: "reservationText"
                anchors.horizontalCenter: parent.horizontalCenter
                width: Math.min(implicitWidth, root.width * 0.75)
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                text: root.store.reservationText
                color: "#d8d8e0"
                font.pixelSize: root.unit * 2.4
            }
            Text {
                objectName: "pickupCode"
                visible: root.store.pickupCode !== ""
                anchors.horizontalCenter: parent.horizontalCenter
                text: root.store.pickupCode
                color: "white"
                font.pixelSize: root.unit * 7
                font.letterSpacing: root.unit * 0.8
                font.family: "DejaVu Sans Mono"
            }
            Text {
                visible: root.store.pickupCode !== ""
                anchors.horizontalCenter: parent.horizontalCenter
                text: "Show this code at the counter to collect it"
                color: "#b8b8c4"
                font.pixelSize: root.unit * 2.1
            }
            CardButton {
                objectName: "reservationDone"
                anchors.horizontalCenter: parent.horizontalCenter
                unit: root.unit
                primary: true
                text: "Done"
                onClicked: root.store.dismissReservation()
            }
        }
    }

    // The signed-in member, and whether their try-ons are being saved.
    Rectangle {
        objectName: "memberBadge"
        visible: root.shopper.signedIn
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: root.unit * 2
        width: badgeRow.implicitWidth + root.unit * 3
        height: root.unit * 6
        radius: height / 2
        color: "#b3101014"
        Row {
            id: badgeRow
            anchors.centerIn: parent
            spacing: root.unit * 1.5
            Text {
                anchors.verticalCenter: parent.verticalCenter
                text: root.shopper.memberName + (root.shopper.recording ? " · saving try-ons" : "")
                color: "white"
                font.pixelSize: root.unit * 2.2
            }
            CardButton {
                objectName: "stopSaving"
                visible: root.shopper.recording
                anchors.verticalCenter: parent.verticalCenter
                unit: root.unit * 0.8
                text: "Stop saving"
                onClicked: root.shopper.withdrawConsent()
            }
            CardButton {
                objectName: "signOut"
                anchors.verticalCenter: parent.verticalCenter
                unit: root.unit * 0.8
                text: "Sign out"
                onClicked: root.shopper.signOut()
            }
        }
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

    Toast {
        objectName: "photoToast"
        unit: root.unit
        text: root.controller.photoMessage
        anchors.horizontalCenter: parent.horizontalCenter
        y: parent.height * 0.2
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

    DebugOverlay {
        objectName: "debugOverlay"
        unit: root.unit
        visible: root.controller.overlayVisible
        text: root.controller.statsText
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.margins: root.unit * 2
    }

    Shortcut {
        sequence: "D"
        context: Qt.ApplicationShortcut
        onActivated: root.controller.toggleOverlay()
    }
    Shortcut {
        sequence: "F11"
        enabled: root.controller.developerMode
        onActivated: root.visibility = (root.visibility === Window.FullScreen ? Window.Windowed : Window.FullScreen)
    }
    Shortcut {
        sequences: ["Esc", "Ctrl+Q"]
        enabled: root.controller.developerMode
        onActivated: Qt.quit()
    }
}
