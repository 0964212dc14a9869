// The mirror: live frame underneath, calm status on top, shades at the bottom.
import QtQuick
import QtQuick.Window
import Kiosk

Window {
    id: root
    required property KioskController controller
    required property LipstickCompositor compositor
    required property GarmentShelf shelf
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
        readonly property bool clothes: root.shelfTab === "clothes"
        visible: clothes ? root.shelf.selectedIndex >= 0 : root.controller.selectedIndex >= 0
        name: clothes ? root.shelf.selectedName : root.controller.productName
        finish: clothes ? (root.shelf.sizeText || "Measuring for your size…")
                        : root.controller.productFinish
        price: clothes ? root.shelf.selectedPrice : root.controller.productPrice
        swatch: clothes ? "transparent" : root.controller.productColor
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: root.shelf.available ? tabs.top : shelves.top
        anchors.bottomMargin: root.unit * 2
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
