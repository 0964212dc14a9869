// The mirror: live frame underneath, calm status on top, the product card and the
// shelves at the bottom. A layout of components: each binds the bridge it shows (the
// window's required properties, given by kiosk/app.py) and raises intents on it.
// Where things go follows the face-aware layout (`layout`, kiosk/ui/layout.py): the
// frame is placed so the face sits clear of the shelf, the edge buttons and the card;
// the card takes the slot above the shelf the face leaves free; panels open beside the
// face; the compare grid frames the face in every cell.
import QtQuick
import QtQuick.Window
import Kiosk

Window {
    id: root
    required property KioskController controller
    required property LipstickCompositor compositor
    required property Shelves shelves
    required property GarmentShelf garments
    required property MakeupShelf makeup
    required property CardModel card
    required property StorePanel store
    required property ShopperPanel shopper
    required property MirrorLayout layout
    required property PhotoPanel photo
    required property StaffPanel staff
    required property StylingPanel styling
    required property ForYouPanel forYou
    required property Translations i18n
    required property var presentation  // settings for Theme and the attract screen (app.py)
    readonly property real unit: Math.min(width, height) / 100
    // Nobody there: the attract screen; it gives way as soon as a face is seen (the session
    // itself starts once someone stays, kiosk.session.lifecycle).
    readonly property bool attract: root.controller.stage === "attract" && !root.controller.faceFound

    // A panel of `size` centred in `span` of the free area, kept on screen and, given `low`,
    // below it (the language and "Aa" row stays readable above every panel).
    function centreIn(start, span, size, limit, low) {
        return Math.max(low || 0, Math.min(limit - size, start + (span - size) / 2))
    }
    // The same, downwards: above the shelf and below the language row when the panel fits
    // there; a taller panel (a long consent text in landscape) may cover them, but never
    // leaves the screen: its buttons must stay in reach.
    function placeY(size) {
        const y = centreIn(layout.freeArea.y, layout.freeArea.height, size, layout.shelfTop,
                           chromeBottom)
        return Math.max(0, Math.min(height - size, y))
    }
    readonly property real chromeBottom: languageSwitch.y + languageSwitch.height + root.unit

    // What the layout must keep the face clear of (everything that stays put).
    Binding { target: root.layout; property: "viewSize"; value: Qt.size(root.width, root.height) }
    Binding { target: root.layout; property: "margin"; value: root.unit }
    Binding {
        target: root.layout
        property: "compareMode"
        value: root.compositor.enabled && root.controller.compareMode
    }
    // Nothing moves under a finger: while a panel is open the layout keeps still.
    Binding {
        target: root.layout
        property: "held"
        value: root.shopper.signInOpen || root.shopper.consentOpen || root.shopper.handoffOpen
               || root.store.reservationOpen || root.photo.open || root.staff.open
    }
    // The card's ways on sit beside the shelf's tabs; where every tab the kiosk may show
    // needs the width (portrait) they go on a row of their own above them, from the start,
    // so nothing moves when a made-for-you tab appears. The stylist's panel covers the band.
    readonly property bool actionsStacked: !root.styling.active
        && tabs.x + tabs.fullWidth + root.unit * 3 + cardActions.width > root.width - root.unit * 2
    readonly property real bandTop: actionsStacked && cardActions.visible ? cardActions.y : tabs.y
    Binding { target: root.layout; property: "shelfTop"; value: root.bandTop - root.unit }
    Binding { target: root.layout; property: "cardBottom"; value: root.bandTop - root.unit }
    Binding {
        target: root.layout
        property: "cardSize"
        value: Qt.size(productCard.width, productCard.height)
    }
    Binding {
        target: root.layout
        property: "fixedRects"
        value: [
            // the left column: before/after, hold and compare (BeforeAfter's buttons sit
            // above Compare, centred on the same line)
            Qt.rect(0, beforeAfter.height / 2 - root.unit * 20, compareButton.x + compareButton.width,
                    compareButton.y + compareButton.height - (beforeAfter.height / 2 - root.unit * 20)),
            Qt.rect(photoButton.x, photoButton.y, photoButton.width, photoButton.height),
            Qt.rect(intensitySlider.x, intensitySlider.y, intensitySlider.width, intensitySlider.height),
            memberBadge.visible
                ? Qt.rect(memberBadge.x, memberBadge.y, memberBadge.width, memberBadge.height)
                : Qt.rect(0, 0, 0, 0),
            Qt.rect(languageSwitch.x, languageSwitch.y, languageSwitch.width, languageSwitch.height),
            stylingSheet.visible
                ? Qt.rect(stylingSheet.x, stylingSheet.y, stylingSheet.width, stylingSheet.height)
                : Qt.rect(0, 0, 0, 0),
            Qt.rect(textSizeToggle.x, textSizeToggle.y, textSizeToggle.width, textSizeToggle.height)
        ]
    }

    //: The window's title (seen by staff in the task list, not by shoppers)
    title: qsTr("Try-on mirror")
    color: "black"
    visible: true
    // A store's mirror has no way out for a shopper: the window closes only as the app
    // shuts down (staff's Restart or Close, the service stopping it); a developer's closes.
    onClosing: (close) => close.accepted = root.controller.developerMode
                                           || root.staff.windowMayClose

    // The design system's inputs; Theme.qml derives every size, colour and duration.
    Binding { target: Theme; property: "unit"; value: root.unit }
    Binding { target: Theme; property: "screenDpi"; value: root.presentation.screenDpi }
    Binding { target: Theme; property: "reducedMotion"; value: root.presentation.reducedMotion }
    // "Aa" is something a shopper touched: the next one starts from the store's setting.
    function resetTextSize() {
        Theme.largeText = root.presentation.largeText
        Theme.highContrast = root.presentation.largeText
    }
    Component.onCompleted: resetTextSize()
    onAttractChanged: if (attract) resetTextSize()

    MirrorView {
        id: mirrorView
        anchors.fill: parent
        controller: root.controller
        compositor: root.compositor
        layout: root.layout
    }

    CompareGrid {
        objectName: "compareGrid"
        x: root.layout.compareArea.x
        y: root.layout.compareArea.y
        width: root.layout.compareArea.width
        height: root.layout.compareArea.height
        visible: root.compositor.enabled && root.controller.compareMode
        unit: root.unit
        controller: root.controller
        compositor: root.compositor
        layout: root.layout
        mirror: mirrorView.mirror
    }

    BeforeAfter {
        id: beforeAfter
        objectName: "beforeAfter"
        // Its buttons centre on the part above the shelf (in landscape too).
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: tabs.top
        anchors.bottomMargin: root.unit
        unit: root.unit
        compositor: root.compositor
        visible: root.compositor.enabled && !root.controller.compareMode
        applies: !root.attract && (root.controller.selectedIndex >= 0
                                   || root.garments.selectedIndex >= 0 || root.makeup.anyOn)
    }

    RoundButton {
        objectName: "compareButton"
        unit: root.unit
        label: root.controller.compareMode
               //: A round button: leave the side-by-side view of up to four shades
               ? qsTr("Done")
               //: A round button: show up to four shades side by side
               : qsTr("Compare")
        checked: root.controller.compareMode
        visible: root.compositor.enabled
        id: compareButton
        anchors.left: parent.left
        anchors.leftMargin: root.unit * 2
        anchors.top: beforeAfter.verticalCenter
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
        // A greeting ("Step closer", "Hello") has nothing to say over the compare grid, whose
        // cells it would cover: only the camera's and error lines show there.
        visible: text !== "" && !(root.controller.compareMode && kind === "idle")
        // Off the face, the card and the edge buttons (the layout decides where).
        readonly property point place: {
            root.layout.faceRect; root.layout.cardRect;
            return root.layout.statusPlace(parent.height * 0.08, width, height)
        }
        x: place.x
        y: place.y
    }

    ProductCard {
        id: productCard
        objectName: "productCard"
        unit: root.unit
        card: root.card
        // Nobody there: no card; a stylist at work: their panel says what is on.
        shopperPresent: !root.attract && !root.styling.active
        // The slot above the shelf that the face leaves free.
        x: root.layout.cardRect.x
        y: root.layout.cardRect.y
    }

    ShelfTabs {
        id: tabs
        objectName: "shelfTabs"
        unit: root.unit
        shelves: root.shelves
        // Beside the card's ways on, or the whole width when they sit above the tabs.
        maxWidth: root.actionsStacked ? root.width - root.unit * 6
                  : root.width - root.unit * 7 - cardActions.width
        anchors.left: parent.left
        anchors.leftMargin: root.unit * 3
        anchors.bottom: shelfArea.top
        anchors.bottomMargin: root.unit
    }

    CardActions {
        id: cardActions
        objectName: "cardActions"
        unit: root.unit
        card: root.card
        shopperPresent: !root.attract
        anchors.right: parent.right
        anchors.rightMargin: root.unit * 2
        y: root.actionsStacked ? tabs.y - height - root.unit : tabs.y + (tabs.height - height) / 2
    }

    ShelfArea {
        id: shelfArea
        unit: root.unit
        shelves: root.shelves
        controller: root.controller
        garments: root.garments
        makeup: root.makeup
        forYou: root.forYou
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.bottomMargin: root.unit * 3
    }

    RoundButton {
        id: photoButton
        objectName: "photoButton"
        unit: root.unit
        //: A round button: take a photo of the current look
        label: qsTr("Photo")
        anchors.right: parent.right
        anchors.rightMargin: root.unit * 1.5
        anchors.bottom: intensitySlider.top
        anchors.bottomMargin: root.unit * 3
        visible: root.controller.faceFound && root.photo.available
        onClicked: root.photo.take()
    }

    ReservationPanel {
        objectName: "reservationPanel"
        unit: root.unit
        screenWidth: root.width
        store: root.store
        x: root.centreIn(root.layout.freeArea.x, root.layout.freeArea.width, width, root.width)
        y: root.placeY(height)
    }

    MemberBadge {
        id: memberBadge
        objectName: "memberBadge"
        unit: root.unit
        shopper: root.shopper
        forYou: root.forYou
        // In landscape the Photo button and the slider hold the top right: the badge
        // keeps to their left.
        anchors.right: root.width > root.height ? photoButton.left : parent.right
        anchors.top: parent.top
        anchors.margins: root.unit * 2
    }

    LanguageSwitch {
        id: languageSwitch
        objectName: "languageSwitch"
        z: Theme.zChrome  // reachable on the attract screen too
        unit: root.unit
        i18n: root.i18n
        // Top left beside "Aa": the right edge holds the member badge, Photo and the
        // slider (in landscape the slider's column reaches the top).
        anchors.left: textSizeToggle.right
        anchors.verticalCenter: textSizeToggle.verticalCenter
        anchors.leftMargin: root.unit * 2
    }

    HandoffPanel {
        objectName: "handoffPanel"
        unit: root.unit
        shopper: root.shopper
        x: root.centreIn(root.layout.freeArea.x, root.layout.freeArea.width, width, root.width)
        y: root.placeY(height)
    }

    SignInPanel {
        objectName: "signInPanel"
        unit: root.unit
        shopper: root.shopper
        x: root.centreIn(root.layout.freeArea.x, root.layout.freeArea.width, width, root.width)
        y: root.placeY(height)
    }

    ConsentDialog {
        objectName: "consentDialog"
        unit: root.unit
        shopper: root.shopper
        x: root.centreIn(root.layout.freeArea.x, root.layout.freeArea.width, width, root.width)
        y: root.placeY(height)
    }

    Toast {
        objectName: "memberToast"
        unit: root.unit
        text: root.shopper.signInOpen || root.shopper.consentOpen ? "" : root.shopper.memberMessage
        x: root.centreIn(root.layout.freeArea.x, root.layout.freeArea.width, width, root.width)
        y: root.layout.freeArea.y + root.unit * 12
    }

    IntensitySlider {
        id: intensitySlider
        objectName: "intensity"
        unit: root.unit
        value: root.controller.intensity
        // Lipstick, and the eyes, cheeks, brows and looks: one strength for the whole face.
        applies: !root.attract && root.shelves.category !== "clothes"
                 && (root.controller.selectedIndex >= 0 || root.makeup.anyOn)
        anchors.right: parent.right
        anchors.rightMargin: root.unit * 2
        anchors.verticalCenter: beforeAfter.verticalCenter
        onMoved: (value) => root.controller.setIntensity(value)
    }

    PhotoDialog {
        objectName: "photoDialog"
        z: Theme.zModal
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
        anchors.top: textSizeToggle.bottom  // under "Aa" and the language switch
        anchors.margins: root.unit * 2
    }

    AttractScreen {
        objectName: "attractScreen"
        anchors.fill: parent
        shown: root.attract
        dimmed: root.controller.dimmed
        storeName: root.presentation.storeName
        logo: root.presentation.logo
        shades: root.controller.shades
    }

    AccessibilityToggle {
        id: textSizeToggle
        objectName: "textSizeToggle"
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
            onActiveChanged: if (active) {
                root.controller.touched()
                root.layout.touched()  // and the card stays where the finger expects it
            }
        }
    }

    // A raised hand being read (touchless control): a ring at the hand on the mirror.
    GestureCue {
        objectName: "gestureCue"
        anchors.fill: parent
        z: Theme.zModal - 1
        active: root.controller.handUp && !root.attract
        // The hand is in frame coordinates: through the layout's placement when it has one.
        readonly property rect frame: root.layout.frameRect.width > 0
            ? root.layout.frameRect : Qt.rect(0, 0, root.width, root.height)
        handX: frame.x + root.controller.handX * frame.width
        handY: frame.y + root.controller.handY * frame.height
        hold: root.controller.holdProgress
        swipe: root.controller.swipeProgress
    }

    Connections {
        target: root.shelves
        function onDetailsRequested() { productCard.toggleStock() }
    }

    // The stylist's panel: at the bottom in portrait, at the right in landscape; the face is
    // kept clear of it (fixedRects above).
    StylingSheet {
        id: stylingSheet
        objectName: "stylingSheet"
        unit: root.unit
        styling: root.styling
        comparing: root.controller.compareMode
        card: root.card
        z: Theme.zModal - 5  // over the shop's own controls, under every dialog
        readonly property bool wide: root.width > root.height
        x: wide ? root.width * 0.6 : root.unit * 1.5
        y: wide ? root.chromeBottom : root.height * 0.5
        width: wide ? root.width * 0.4 - root.unit * 1.5 : root.width - root.unit * 3
        height: root.height - y - root.unit * 1.5
        onFinished: root.staff.backToMenu()
        onTouched: root.staff.touched()
    }

    ClosedSign {
        objectName: "closedSign"
        anchors.fill: parent
        z: Theme.zClosed
        visible: root.staff.mirrorClosed
    }

    StaffCorner {
        objectName: "staffCorner"
        staff: root.staff
        z: Theme.zStaff + 1
        anchors.right: parent.right
        anchors.top: parent.top
        width: root.unit * 10
        height: root.unit * 10
    }

    StaffSignIn {
        objectName: "staffPanel"
        unit: root.unit
        staff: root.staff
        z: Theme.zStaff
        x: (root.width - width) / 2
        y: Math.max(0, (root.height - height) / 2)
    }

    KeyShortcuts {
        controller: root.controller
        window: root
    }
}
