// The live mirror: the camera frame as one texture, the makeup shader (eyes, cheeks,
// brows) and the lipstick shader over it (GPU compositing) and the garment blended on top; the before/after wipe uncovers the bare
// mirror left of its line. Every texture comes from an image source a bridge owns.
// The frame is drawn where the face-aware layout puts it (`layout.frameRect`): the
// camera, the lip mask and the garment layer all bind that one rect, so they align.
import QtQuick
import Kiosk

Item {
    id: view
    required property KioskController controller
    required property LipstickCompositor compositor
    required property MirrorLayout layout
    readonly property alias texture: mirrorTex  // the camera texture, for the compare grid
    readonly property alias mirror: mirror  // the camera item (compare cells crop it)

    FrameItem {
        id: mirror
        objectName: "mirror"
        anchors.fill: parent
        // Unclipped: the compare cells crop it where the frame overflows the view.
        source: view.controller.mirrorFrame
        frameRect: view.layout.frameRect
    }

    // The shader maps its uv onto frame pixels through the mirror's size.
    Binding {
        view.compositor.viewSize: Qt.size(mirror.width, mirror.height)
    }

    // GPU compositing: the per-pixel lip weights over the lip box, shown only through
    // the shader.
    LayerItem {
        id: lipMask
        objectName: "lipMask"
        anchors.fill: parent
        clip: true
        visible: view.compositor.enabled
        source: view.compositor.lipMask
        frameRect: view.layout.frameRect
    }

    ShaderEffectSource {
        id: mirrorTex
        sourceItem: mirror
        hideSource: view.compositor.enabled
    }

    // Eyes, cheeks and brows: their weights (two RGBA layers over the eyes and brows, a
    // grey one over the cheeks), the
    // makeup shader over the camera texture, and the lipstick shader over its output.
    // With nothing on them the pass is left out and the lips read the camera directly.
    // Each of the first two is the regions put together on the CPU, or the kept units the
    // scene graph moves itself (each over the box it was built on, moved by its motion:
    // nothing is warped or uploaded between builds), laid over it in their order.
    Item {
        id: makeupMaskA
        anchors.fill: parent
        visible: view.compositor.makeupOn
        LayerItem {
            anchors.fill: parent
            source: view.compositor.makeupMaskA
            frameRect: view.layout.frameRect
        }
        Repeater {
            model: view.compositor.makeupPartsA
            PartItem {
                required property var modelData
                anchors.fill: parent
                source: modelData
                frameRect: view.layout.frameRect
            }
        }
    }
    Item {
        id: makeupMaskB
        anchors.fill: parent
        visible: view.compositor.makeupOn
        LayerItem {
            anchors.fill: parent
            source: view.compositor.makeupMaskB
            frameRect: view.layout.frameRect
        }
        Repeater {
            model: view.compositor.makeupPartsB
            PartItem {
                required property var modelData
                anchors.fill: parent
                source: modelData
                frameRect: view.layout.frameRect
            }
        }
    }
    LayerItem {
        id: makeupMaskC
        anchors.fill: parent
        visible: view.compositor.makeupOn
        source: view.compositor.makeupMaskC
        frameRect: view.layout.frameRect
    }
    // What the frames of the glasses the face wears leave, on its face-space canvas, at
    // the canvas's own size (the shader maps frame pixels onto it).
    FrameItem {
        id: glassesGate
        width: view.compositor.glassesCanvas.width
        height: view.compositor.glassesCanvas.height
        visible: view.compositor.makeupOn
        source: view.compositor.makeupGlasses
    }
    MakeupEffect {
        id: makeupEffect
        anchors.fill: parent
        visible: view.compositor.makeupOn
        u: view.compositor.makeupUniforms
        source: mirrorTex
        maskA: ShaderEffectSource { sourceItem: makeupMaskA; hideSource: true }
        maskB: ShaderEffectSource { sourceItem: makeupMaskB; hideSource: true }
        maskC: ShaderEffectSource { sourceItem: makeupMaskC; hideSource: true }
        glassesKeep: ShaderEffectSource { sourceItem: glassesGate; hideSource: true }
        wipe: view.compositor.wipe
        fragmentShader: view.compositor.makeupShader
    }
    ShaderEffectSource {
        id: madeUpTex
        sourceItem: view.compositor.makeupOn ? makeupEffect : null
        hideSource: true
    }

    LipstickEffect {
        objectName: "lipstickEffect"
        anchors.fill: parent
        visible: view.compositor.enabled && !view.controller.compareMode
        u: view.compositor.uniforms
        source: view.compositor.makeupOn ? madeUpTex : mirrorTex
        mask: ShaderEffectSource { sourceItem: lipMask; hideSource: true }
        wipe: view.compositor.wipe
        fragmentShader: view.compositor.shader
    }

    // The garment, blended by the scene graph over the mirror, right of the wipe line.
    Item {
        id: garmentClip
        x: parent.width * view.compositor.wipe
        width: parent.width - x
        height: parent.height
        clip: true
        visible: view.compositor.enabled && !view.controller.compareMode
        LayerItem {
            objectName: "garmentLayer"
            x: -garmentClip.x
            width: view.width
            height: view.height
            source: view.compositor.garmentLayer
            frameRect: view.layout.frameRect
        }
    }
}
