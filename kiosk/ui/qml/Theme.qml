// The design system: one place for the type scale, colours, spacing, radii, touch size
// and motion, so every component reads the same at 1-2 m and a mode switch (large text,
// high contrast, reduced motion) changes the whole screen at once.
//
// Main.qml binds the inputs (unit from the window, screenDpi and the modes from the
// window's `presentation`); everything else derives from them. `pairs` lists every
// text/background colour pair a component uses, so tests/ui/test_theme.py can check each
// against WCAG AA (4.5:1) in both modes, composited over white and black video.
pragma Singleton
import QtQuick

QtObject {
    id: theme

    // ---- inputs (bound by Main.qml) -----------------------------------------------------
    property real unit: 8                 // 1 % of the window's shorter side, in px
    property real screenDpi: 51           // records.screen_dpi
    property bool largeText: false        // the on-screen "Aa" mode: bigger words...
    property bool highContrast: false     // ...on opaque, higher-contrast surfaces
    property bool reducedMotion: false    // kiosk.reduced_motion: no movement but fades of 0 ms

    // ---- physical sizes -------------------------------------------------------------------
    function mm(millimetres) { return millimetres * screenDpi / 25.4 }
    // The smallest thing a finger may be asked to hit: 9 mm at the screen's real DPI, and
    // never under 6 units (a hand at arm's length on a big panel).
    readonly property real minTouch: Math.max(Math.ceil(mm(9)), unit * 6)

    // ---- type scale (pixel sizes; one step ~1.2x) ------------------------------------------
    readonly property real textScale: largeText ? 1.3 : 1.0
    readonly property real caption: unit * 2.0 * textScale    // fine print, stock notes
    readonly property real body: unit * 2.4 * textScale       // sentences, list rows
    readonly property real label: unit * 2.5 * textScale      // buttons, tabs, swatch names
    readonly property real title: unit * 3.4 * textScale      // panel titles, product name
    readonly property real headline: unit * 4.4 * textScale   // status line
    readonly property real display: unit * 7.5 * textScale    // attract invitation, codes
    // CJK first: the bundled-by-the-system WenQuanYi Micro Hei (see README "Typeface"),
    // then Noto/Source Han if a store installs them; Qt falls back per glyph after that.
    readonly property string fontFamily: {
        const installed = Qt.fontFamilies()
        const chain = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                       "DejaVu Sans"]
        for (let i = 0; i < chain.length; ++i)
            if (installed.indexOf(chain[i]) >= 0) return chain[i]
        return Qt.application.font.family
    }
    readonly property string monoFamily: "DejaVu Sans Mono"

    // ---- spacing and radii ---------------------------------------------------------------
    readonly property real gapXs: unit * 0.5
    readonly property real gapS: unit * 1.0
    readonly property real gapM: unit * 2.0
    readonly property real gapL: unit * 3.0
    readonly property real gapXl: unit * 5.0
    readonly property real radiusS: unit * 1.0
    readonly property real radiusM: unit * 2.0
    readonly property real radiusL: unit * 3.0
    readonly property real border: Math.max(1, unit * (highContrast ? 0.4 : 0.2))

    // ---- colours ---------------------------------------------------------------------------
    // Dark glass over the live mirror: near-opaque so text reads on any shop floor.
    readonly property color surface: highContrast ? "#ff000000" : "#eb141418"
    readonly property color panelOpaque: highContrast ? "#ff000000" : "#ff141418"  // a docked panel
    readonly property color surfaceRaised: highContrast ? "#ff000000" : "#f2202026"
    readonly property color pill: highContrast ? "#ff000000" : "#cc101014"  // text over video
    readonly property color scrimShelf: highContrast ? "#e6000000" : "#b3000000"
    readonly property color modalScrim: highContrast ? "#e6000000" : "#b3000000"
    readonly property color dimScrim: "#d9000000"  // the screen resting with nobody there
    readonly property color attractTop: "#ff221a1f"     // the attract backdrop (opaque): warm...
    readonly property color attractBottom: "#ff0b0b0e"  // ...to near black
    readonly property color text: "#ffffff"
    readonly property color textMuted: highContrast ? "#ffffff" : "#cfcfd8"
    readonly property color textGood: highContrast ? "#b6ffc8" : "#a6e8b8"
    readonly property color textBad: highContrast ? "#ffd0d4" : "#ffb8bf"
    readonly property color textNote: highContrast ? "#ffe680" : "#ffd58c"
    readonly property color accent: highContrast ? "#ffe680" : "#f3c5cf"  // brand rose
    readonly property color outline: highContrast ? "#ffffff" : "#66ffffff"
    // Light controls (the chosen / primary one): dark words on near-white.
    readonly property color light: "#f7f7f9"
    readonly property color ink: "#1b1b22"
    readonly property color inkMuted: highContrast ? "#1b1b22" : "#4a4a55"
    readonly property color control: highContrast ? "#ff000000" : "#d9202028"
    readonly property color dotGood: "#5ad17a"
    readonly property color dotBad: "#e0616d"
    readonly property real disabledOpacity: 0.45  // WCAG exempts inactive controls
    readonly property color debugText: "#7dff9a"
    readonly property color debugSurface: "#d9000000"

    // Every text/background pair on screen, [text, background, where]; a translucent
    // background is judged over both white and black video (tests/ui/test_theme.py).
    readonly property var pairs: [
        ["text", "surface", "panels, card"],
        ["textMuted", "surface", "panel sentences, card detail"],
        ["textGood", "surface", "in stock"],
        ["textBad", "surface", "sold out"],
        ["textNote", "surface", "notes and messages"],
        ["accent", "surface", "brand, member"],
        ["text", "surfaceRaised", "keypad, fields"],
        ["textMuted", "surfaceRaised", "placeholder"],
        ["text", "pill", "status, toast, badge"],
        ["textMuted", "pill", "status hint"],
        ["text", "scrimShelf", "swatch names over video"],
        ["text", "control", "round buttons, tabs"],
        ["ink", "light", "chosen tab, primary button"],
        ["inkMuted", "light", "QR hint on white"],
        ["text", "modalScrim", "text over a dimmed mirror"],
        ["text", "attractTop", "attract invitation"],
        ["textMuted", "attractBottom", "attract second line"],
        ["accent", "attractTop", "attract store name"],
        ["debugText", "debugSurface", "developer overlay"]
    ]

    // ---- motion ----------------------------------------------------------------------------
    readonly property int fast: reducedMotion ? 0 : 150
    readonly property int normal: reducedMotion ? 0 : 250
    readonly property int slow: reducedMotion ? 0 : 600
    readonly property int ambient: 9000  // one calm attract cycle (not run when reduced)

    // ---- stacking --------------------------------------------------------------------------
    readonly property real zModal: 100    // panels and their dim layer: above the shop
    readonly property real zAttract: 200  // the attract screen: above everything but...
    readonly property real zChrome: 300   // ...language and "Aa", always reachable
    readonly property real zAlert: 400    // camera / error status for staff
    readonly property real zClosed: 500   // a mirror closed by staff: over all of the above
    readonly property real zStaff: 600    // staff's sign-in and menu, and their hidden corner
}
