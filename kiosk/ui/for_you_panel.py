"""The made-for-you shelves' bridge: asks the hub for a signed-in member's wishlist, app
looks, suggestions and membership, takes the shopper's skin reading, and shows the open
made-for-you shelf's tiles; a tap puts the tile's products on.

What the member's shelves hold comes from the hub only for a member who consented (the
hub refuses otherwise, and this asks only then); the membership (tier, points, member
prices) for any signed-in member: it is theirs and records nothing. Everything is asked
under the session's ticket and forgotten at its end (`wipe`) or a sign-out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import Property, QObject, QUrl, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.money import Money
from kiosk.session.for_you import FOR_YOU, ForYou, Pick
from kiosk.session.lifecycle import Lifecycle, Timings
from kiosk.session.member import MemberSession, field_of
from kiosk.session.wording import Wording
from kiosk.ui.list_model import TupleListModel
from kiosk.ui.mailbox import Mailbox

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
log = logging.getLogger(__name__)
SUGGESTIONS = 6


def reason(words: Wording, pick: Pick) -> str:
    """The pick's one-line reason in the screen's language."""
    if pick.why == "together" and pick.about:
        return words.text("foryou.together", product=words.product_name(pick.about[0]))
    if pick.why == "tone" and len(pick.about) == 3:
        match, depth, undertone = pick.about  # suits | near | undertone
        depth_word, undertone_word = words.text(f"tone.{depth}"), words.text(f"tone.{undertone}")
        return words.text(f"foryou.tone_{match}", depth=depth_word, undertone=undertone_word)
    return words.text(f"foryou.{pick.why}")


@QmlElement
class PickListModel(TupleListModel):
    """The open made-for-you shelf's tiles."""

    ROLES = ("key", "name", "swatch", "image", "reason")

    def __init__(self, words: Wording, parent: Any = None) -> None:
        super().__init__((), parent)
        self.words = words

    def values(self, item: Any) -> tuple[Any, ...]:
        p: Pick = item
        image = QUrl.fromLocalFile(p.image).toString() if p.image else ""
        name = self.words.product_name(p.name)  # the catalog's words for it (zh-CN)
        if p.more:
            name = self.words.text("foryou.and_more", product=name, n=p.more)
        return (p.key, name, p.swatch, image, reason(self.words, p))


@QmlElement
@QmlUncreatable("The kiosk creates its made-for-you shelves; QML receives them as a property.")
class ForYouPanel(QObject):  # type: ignore[operator]
    changed = Signal()

    def __init__(
        self,
        catalog: Catalog,
        service: Any,  # kiosk.client.service.StoreService | None
        shelves: Any,  # kiosk.ui.shelves.Shelves: set_for_you, wear, category
        members: Callable[[], MemberSession],
        *,
        set_intensity: Callable[[float], None] = lambda _v: None,
        words: Wording | None = None,
        lifecycle: Lifecycle | None = None,
    ) -> None:
        super().__init__()
        self._catalog, self._service, self._shelves = catalog, service, shelves
        self._members, self._set_intensity = members, set_intensity
        self._words = words or Wording()
        self._lifecycle = lifecycle or Lifecycle(Timings(), 0.0)
        self._state = ForYou()
        self._model = PickListModel(self._words, self)
        self._tiles: tuple[Pick, ...] = ()  # what the model shows
        self._asked_for: str | None = None  # the member whose shelves were asked for
        self._membership: Any = None
        self._member_prices: dict[str, Money] = {}
        self._asked_prices: set[str] = set()
        self._tone = False  # the shopper's skin was read (this session)
        self._mail = Mailbox(self)
        shelves.categoryChanged.connect(self._show)

    # ---- what QML shows --------------------------------------------------------------------
    @Property(QObject, constant=True)
    def picks(self) -> PickListModel:
        """The open made-for-you shelf's tiles (empty on a product shelf)."""
        return self._model

    @Property(str, notify=changed)
    def caption(self) -> str:
        """One line over the open made-for-you shelf: where its tiles come from."""
        category = self._shelves.category
        if category not in FOR_YOU:
            return ""
        if category == "suits" and self._tone:
            member = bool(self._state.member_suggestions)
            return self._words.text("foryou.caption_both" if member else "foryou.caption_tone")
        return self._words.text(f"foryou.caption_{category}")

    @Property(str, notify=changed)
    def membership(self) -> str:
        """ "Gold · 1,280 points" for the signed-in member; "" before the hub answers."""
        m = self._membership
        if m is None:
            return ""
        names = field_of(m, "tier_name")
        said = field_of(names, "zh_CN" if self._words.language == "zh-CN" else "en", "")
        tier = str(said or field_of(m, "tier", ""))
        points = int(field_of(m, "points", 0))
        return self._words.text("member.tier_points", tier=tier, points=f"{points:,}")

    def member_price(self, sku: str) -> Money | None:
        """The signed-in member's price for `sku` (asked for once; None until it is known)."""
        if self._membership is None or not sku:
            return None
        if sku not in self._member_prices and sku not in self._asked_prices:
            self._ask_membership((sku,))
        return self._member_prices.get(sku)

    # ---- intents ---------------------------------------------------------------------------
    @Slot(int)
    def wear(self, index: int) -> None:
        """Put tile `index`'s products on (a look: its shade at its strength, its garment)."""
        shelf = self._state.shelf(self._shelves.category)
        if not 0 <= index < len(shelf):
            return
        for item in shelf[index].wears:
            if self._shelves.wear(item.sku, item.kind) and item.intensity is not None:
                self._set_intensity(item.intensity)

    # ---- inputs ----------------------------------------------------------------------------
    def set_words(self, words: Wording) -> None:
        self._words = words
        self._model.words = words
        self._show(reword=True)

    def member_changed(self) -> None:
        """The shopper's sign-in or consent moved: ask for the member's shelves once they
        consented, forget them at a sign-out."""
        session = self._members()
        member = session.member
        if member is None:
            if self._asked_for is not None or self._membership is not None:
                self._asked_for, self._membership = None, None
                self._member_prices, self._asked_prices = {}, set()
                self._state.forget_member()
                self._publish()
            return
        if self._service is None:
            return
        if self._membership is None and not self._asked_prices:
            self._ask_membership(())
        member_id = session.recordable_id  # only with consent
        if member_id is None or self._asked_for == member_id:
            return
        self._asked_for = member_id
        ticket = self._lifecycle.ticket()
        self._mail.deliver(self._service.wishlist(member_id), self._on_wishlist, ticket)
        looks = self._service.member_looks(member_id, channel="online")
        self._mail.deliver(looks, self._on_looks, ticket)
        found = self._service.suggestions(member_id, k=SUGGESTIONS)
        self._mail.deliver(found, self._on_suggestions, ticket)

    def set_tone(self, matches: tuple[tuple[str, tuple[str, str, str]], ...]) -> None:
        """Shades matched to the shopper's skin reading: (SKU, (how it matches: suits |
        near | undertone, the reading's depth, its undertone)) each."""
        self._tone = bool(matches)
        self._state.set_tone_suggestions(self._catalog, matches)
        self._publish()

    def wipe(self) -> None:
        """The session ended: nothing about this shopper stays."""
        self._state.forget()
        self._asked_for, self._membership, self._tone = None, None, False
        self._member_prices, self._asked_prices = {}, set()
        self._publish()

    # ---- answers ---------------------------------------------------------------------------
    def _answer(self, done: Future[Any], what: str) -> Any | None:
        try:
            return done.result()
        except Exception as exc:  # the shelf stays empty; the mirror goes on
            log.info("%s not shown: %s", what, getattr(exc, "code", "") or type(exc).__name__)
            return None

    def _still(self, answer: Any) -> bool:
        return answer is not None and self._asked_for is not None

    def _on_wishlist(self, done: Future[Any]) -> None:
        answer = self._answer(done, "wishlist")
        if self._still(answer):
            self._state.set_wishlist(self._catalog, field_of(answer, "items", []))
            self._publish()

    def _on_looks(self, done: Future[Any]) -> None:
        answer = self._answer(done, "app looks")
        if self._still(answer):
            self._state.set_app_looks(self._catalog, field_of(answer, "looks", []))
            self._publish()

    def _on_suggestions(self, done: Future[Any]) -> None:
        answer = self._answer(done, "suggestions")
        if self._still(answer):
            self._state.set_member_suggestions(self._catalog, field_of(answer, "items", []))
            self._publish()

    def _ask_membership(self, skus: tuple[str, ...]) -> None:
        member = self._members().member
        if self._service is None or member is None:
            return
        self._asked_prices.update(skus or ("",))
        future = self._service.membership(member.member_id, list(skus))
        self._mail.deliver(future, self._on_membership, self._lifecycle.ticket())

    def _on_membership(self, done: Future[Any]) -> None:
        answer = self._answer(done, "membership")
        if answer is None or self._members().member is None:
            return
        self._membership = answer
        for quote in field_of(answer, "prices", []):
            price = field_of(quote, "member_price")
            try:
                money = Money.of(field_of(price, "amount"), str(field_of(price, "currency")))
            except ValueError:
                continue  # a price the kiosk cannot read is not shown
            self._member_prices[str(field_of(quote, "sku"))] = money
        self._publish()

    def _publish(self) -> None:
        self._shelves.set_for_you(self._state.available())
        self._show()

    def _show(self, reword: bool = False) -> None:
        """The open shelf's tiles; unchanged tiles are left alone (an answer for another
        shelf must not rebuild the one under the shopper's finger)."""
        tiles = self._state.shelf(self._shelves.category)
        if reword or tiles != self._tiles:
            self._tiles = tiles
            self._model.set_items(tiles)
        self.changed.emit()
