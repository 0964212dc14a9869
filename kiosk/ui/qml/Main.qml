// The mirror: live frame underneath, calm status on top, shades at the bottom.
import QtQuick
import QtQuick.Window
import Kiosk

Window {
    id: root
    required property KioskController controller
    required property LipstickCompositor compositor
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

    ShaderEffect {
        id: lipstick
        objectName: "lipstickEffect"
        readonly property var u: root.compositor.uniforms
        anchors.fill: parent
        visible: root.compositor.enabled
        property var source: ShaderEffectSource {
            sourceItem: mirror
            hideSource: lipstick.visible
        }
        property var mask: ShaderEffectSource {
            sourceItem: lipMask
            hideSource: true
        }
        property real strength: u.strength
        property real wipe: root.compositor.wipe
        property vector4d lipMean: u.lipMean ?? Qt.vector4d(0, 0, 0, 1)
        property vector4d target: u.target ?? Qt.vector4d(0, 0, 0, 0)
        property vector4d innerLab: u.innerLab ?? Qt.vector4d(0, 0, 0, 0)
        property vector4d linerLab: u.linerLab ?? Qt.vector4d(0, 0, 0, 0)
        property vector4d specColor: u.specColor ?? Qt.vector4d(0, 0, 0, 0)
        property vector4d glintColor: u.glintColor ?? Qt.vector4d(0, 0, 0, 0)
        property vector4d profile: u.profile ?? Qt.vector4d(1, 1, 0.5, 0.35)
        property vector4d frameRow0: u.frameRow0 ?? Qt.vector4d(0, 0, 0, 0)
        property vector4d frameRow1: u.frameRow1 ?? Qt.vector4d(0, 0, 0, 0)
        property vector4d uvToPixel: u.uvToPixel ?? Qt.vector4d(1, 1, 0, 0)
        fragmentShader: root.compositor.shader
    }

    BeforeAfter {
        objectName: "beforeAfter"
        anchors.fill: parent
        unit: root.unit
        compositor: root.compositor
        visible: root.compositor.enabled
    }

    // A soft scrim under the shelf so swatch names read on any background.
    Rectangle {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: carousel.height + root.unit * 16
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
        visible: root.controller.selectedIndex >= 0
        name: root.controller.productName
        finish: root.controller.productFinish
        price: root.controller.productPrice
        swatch: root.controller.productColor
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: carousel.top
        anchors.bottomMargin: root.unit * 2
    }

    ShadeCarousel {
        id: carousel
        objectName: "carousel"
        unit: root.unit
        model: root.controller.shades
        currentIndex: root.controller.selectedIndex
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.bottomMargin: root.unit * 3
        onPicked: (index) => root.controller.selectShade(index)
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
