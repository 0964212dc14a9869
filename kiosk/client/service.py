"""The one object the UI talks to for catalog, stock, reservations, hand-offs and members.

Never blocks: every method returns at once. One-shot calls give a
`concurrent.futures.Future` completed on the service's worker threads; `watch()` delivers
StockViews to a callback from the watcher thread. CALLBACKS AND FUTURE DONE-CALLBACKS RUN
ON SERVICE THREADS (or, for a done-callback added to a finished future, on the thread that
adds it): the Qt adapter must marshal them to the UI thread with a queued signal, and must
not touch widgets in them.

When the hub cannot be asked (down, slow, failing, circuit open, token revoked) the
service answers from its cache: the last catalog and the last stock per SKU, marked
`live=False` with their age (`as_of`) and a sentence saying why. It recovers by
itself: the circuit breaker lets a trial call through after `breaker_reset_s`.

With no hub URL configured the service starts the embedded hub (a child process on
loopback, see embedded.py) and talks to it over HTTP with the same client: one code path.
`hub_endpoint()` hands the same URL and token getters to the event recorder, so it follows
the embedded hub across restarts (new port) and re-issued tokens too.

Hand-offs, photos, member lookups and consent are never answered from the cache: a "Buy online" code
or a sign-in must be real, so while the hub is away they fail with HubUnavailable.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

import pydantic

from kiosk.client.backoff import Backoff
from kiosk.client.breaker import BreakerState, CircuitBreaker
from kiosk.client.cache import StoreCache
from kiosk.client.members import STAFF_AUTH_CODES
from kiosk.client.store_client import (
    HubAuthError,
    HubUnavailable,
    NotFound,
    StoreClient,
    StoreError,
)
from kiosk.client.views import (
    CatalogView,
    HandoffView,
    LookbookView,
    PhotoView,
    ReservationView,
    StockView,
    handoff_view,
    lookbook_view,
    photo_view,
    reservation_view,
    stock_view,
)
from kiosk.client.watcher import ErrorCallback, StockCallback, StockWatcher, Watch
from kiosk.storeapi.contract import (
    Consent,
    FleetConfig,
    Member,
    MemberHistory,
    MemberLooks,
    Membership,
    Product,
    ProductList,
    Reservation,
    StaffSession,
    StockReport,
    Suggestions,
    Variant,
    Wishlist,
    WishlistItem,
)

if TYPE_CHECKING:
    from kiosk.client.embedded import EmbeddedHub
    from kiosk.config import HubLinkSettings

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class ServiceStatus:
    """For a small status line or `kiosk doctor`: is the hub reachable, and which one."""

    embedded: bool
    url: str | None  # None while the embedded hub starts
    breaker: str  # "closed" | "open" | "half_open"
    online: bool  # the breaker is closed (the last calls worked)
    poll_rounds: int  # stock polling rounds done so far (it grows while the kiosk runs)


class StoreService:
    """Facade over client, cache, watcher and (optionally) the embedded hub."""

    def __init__(
        self,
        client: StoreClient,
        cache: StoreCache,
        *,
        poll_interval_s: float = 1.0,
        hub: EmbeddedHub | None = None,
        wall_clock: Callable[[], float] = time.time,
        workers: int = 2,
    ) -> None:
        self._client, self._cache, self._hub = client, cache, hub
        self._wall_clock = wall_clock
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="store-call")
        self._watcher = StockWatcher(self._fetch_stock, self._cached_stock, poll_interval_s)
        self._closed = False

    @classmethod
    def from_settings(
        cls,
        settings: HubLinkSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        hub: EmbeddedHub | None = None,
    ) -> StoreService:
        """Build the service the kiosk runs: remote hub if `settings.url`, else embedded.
        Returns at once; the embedded hub comes up on its own thread."""
        breaker = CircuitBreaker(settings.breaker_failures, settings.breaker_reset_s, clock)
        if not settings.url and hub is None:
            from kiosk.client.embedded import EmbeddedHub

            hub = EmbeddedHub(kiosk_id=settings.kiosk_id, store_id=settings.store_id or None)
        if hub is not None:
            hub.start()
        elif not settings.token:
            log.warning(
                "hub.url is %s but hub.token is empty: the hub will refuse this kiosk; issue a "
                "token with `kiosk hub token --kiosk %s` and set hub.token",
                settings.url,
                settings.kiosk_id,
            )
        client = StoreClient(
            hub.url if hub is not None else settings.url,
            hub.token if hub is not None else settings.token,
            connect_timeout_s=settings.connect_timeout_s,
            read_timeout_s=settings.read_timeout_s,
            retries=settings.retries,
            breaker=breaker,
            backoff=Backoff(),
        )
        cache = StoreCache(settings.resolved_cache_path(), clock=wall_clock)
        return cls(
            client, cache, poll_interval_s=settings.poll_interval_s, hub=hub,
            wall_clock=wall_clock,
        )  # fmt: skip

    # -- the UI's API ----------------------------------------------------------------------

    def catalog(self) -> Future[CatalogView]:
        """Every product and variant; the cached catalog (live=False) when the hub is down.
        Fails with HubUnavailable only when there is no cached catalog either."""
        return self._submit(self._load_catalog)

    def lookup_barcode(self, ean: str) -> Future[Variant]:
        """The Variant for a scanned EAN-13 (from the cached catalog when offline).
        Fails with NotFound (message for the shopper) for an unknown code."""
        return self._submit(lambda: self._lookup_barcode(ean))

    def stock(self, sku: str) -> Future[StockView]:
        """One stock answer (live, else cached). For the card on screen use watch()."""

        def once() -> StockView:
            item = self._fetch_stock(sku, retry=True)
            if isinstance(item, StoreError):
                raise item
            return item

        return self._submit(once)

    def watch(
        self, sku: str, on_stock: StockCallback, on_error: ErrorCallback | None = None
    ) -> Watch:
        """Keep `sku`'s stock fresh: `on_stock(view)` now (cached, if known) and whenever
        what it shows changes; polled every poll_interval_s with ETags. `on_error(err)` hears
        when there is nothing to show (unknown SKU; hub down with nothing cached).
        Call `.cancel()` on the result when the card goes away."""
        return self._watcher.subscribe(sku, on_stock, on_error)

    def reserve(
        self,
        sku: str,
        quantity: int = 1,
        location_id: str | None = None,
        *,
        hold_minutes: int | None = None,
        idempotency_key: str | None = None,
    ) -> Future[ReservationView]:
        """Hold units for pick-up (default: at this store). Call once per shopper tap: the
        idempotency key is made here, once, so the client's retries cannot hold twice.
        To let the shopper retry the same tap after a failure, pass the key of the failed
        attempt. Fails with OutOfStock, HubUnavailable (nothing is held) or RequestRejected."""
        key = idempotency_key or f"kiosk-{uuid.uuid4()}"

        def call() -> ReservationView:
            held = self._client.reserve(sku, quantity, key, location_id, hold_minutes)
            self._watcher.poll_now()  # the card shows the smaller count at once
            return self._reservation_view(held)

        return self._submit_hub(call)

    def reservation(self, reservation_id: str) -> Future[ReservationView]:
        return self._submit_hub(
            lambda: self._reservation_view(self._client.reservation(reservation_id))
        )

    def cancel(self, reservation_id: str) -> Future[ReservationView]:
        def call() -> ReservationView:
            held = self._client.cancel(reservation_id)
            self._watcher.poll_now()
            return self._reservation_view(held)

        return self._submit_hub(call)

    # -- hand-offs and members (issue 7) ----------------------------------------------------

    def create_handoff(
        self,
        items: Sequence[tuple[str, int]],
        session_id: str,
        member_id: str | None = None,
        staff_id: str | None = None,
    ) -> Future[HandoffView]:
        """A "Buy online" code for the cart [(sku, quantity), ...]: its `short_url` goes into
        the QR. One call per tap, never retried by itself (the hub takes no idempotency key
        for hand-offs): after a failure the shopper taps again. Fails with HubUnavailable,
        NotFound (a SKU the hub does not sell), MemberNotFound or RequestRejected."""
        cart = list(items)  # a copy: the caller may reuse its list meanwhile
        return self._submit_hub(
            lambda: handoff_view(self._client.create_handoff(cart, session_id, member_id, staff_id))
        )

    # -- the shopper's photo (issue 12) -------------------------------------------------------

    def upload_photo(self, jpeg: bytes) -> Future[PhotoView]:
        """Put the shopper's photo (JPEG bytes) on the hub for their phone: its `url` goes
        into the QR. Tried once (see StoreClient.upload_photo). Fails with HubUnavailable
        (nothing stored, or an unseen copy that expires) or RequestRejected (refused)."""
        return self._submit_hub(lambda: photo_view(self._client.upload_photo(jpeg)))

    def delete_photo(self, photo_id: str) -> Future[None]:
        """Delete the photo from the hub now (the shopper asked). Fails with NotFound,
        HubUnavailable (it still expires by itself)."""
        return self._submit_hub(lambda: self._client.delete_photo(photo_id))

    # -- lookbooks (issue 17) -----------------------------------------------------------------

    def create_lookbook(self, body: Mapping[str, object]) -> Future[LookbookView]:
        """Save the styling session's looks (`Styling.lookbook_request()`): to the member's
        account (`url` None), else as a link whose `url` goes into the QR. Tried once (see
        StoreClient.create_lookbook). Fails with RequestRejected (code `no_public_url`: no
        QR on this hub; `consent_required`; a refused body), MemberNotFound, HubUnavailable."""
        request = dict(body)  # a copy: the caller may change its own meanwhile
        return self._submit_hub(lambda: lookbook_view(self._client.create_lookbook(request)))

    def lookup_member(self, code: str | None = None, number: str | None = None) -> Future[Member]:
        """The member behind a scanned member code or a typed number (exactly one), with
        their latest consent (feed it to MemberSession.sign_in_from_lookup). Fails with
        MemberNotFound, MemberCodeExpired or RequestRejected, whose message is written for
        the shopper, or HubUnavailable. Raises ValueError at once unless exactly one is given."""
        if (code is None) == (number is None):
            raise ValueError("pass exactly one of code= or number=")
        return self._submit_hub(lambda: self._client.lookup_member(code=code, number=number))

    def set_consent(self, member_id: str, body: Mapping[str, object]) -> Future[Consent]:
        """Store the member's answer; `body` is `ConsentDecision.to_request()`. Call
        MemberSession.set_consent only once this future succeeded."""
        request = dict(body)
        return self._submit_hub(lambda: self._client.set_consent(member_id, request))

    def withdraw_consent(self, member_id: str, staff_id: str | None = None) -> Future[Consent]:
        """Staff withdraw the member's consent at the hub (granted=False from now on)."""
        return self._submit_hub(lambda: self._client.withdraw_consent(member_id, staff_id))

    def member_history(self, member_id: str) -> Future[MemberHistory]:
        """The member's try-ons recorded with consent, newest first (the staff panel)."""
        return self._submit_hub(lambda: self._client.member_history(member_id))

    # -- one shopper across channels (issue 18) -----------------------------------------------

    def wishlist(self, member_id: str, *, reason: str | None = None) -> Future[Wishlist]:
        """The signed-in member's wishlist from the app and the mirror ('From your
        wishlist'), newest first; each item's `try_on` is what to put on. Fails with
        RequestRejected code `consent_required` (no consent: show no shelf),
        MemberNotFound or HubUnavailable."""
        return self._submit_hub(lambda: self._client.wishlist(member_id, reason=reason))

    def add_to_wishlist(self, member_id: str, sku: str) -> Future[WishlistItem]:
        """'Add to wishlist' at the mirror (the member present and consenting). Fails with
        NotFound (a SKU the hub does not sell), RequestRejected (`consent_required`),
        HubUnavailable."""
        return self._submit_hub(lambda: self._client.add_to_wishlist(member_id, sku))

    def remove_from_wishlist(self, member_id: str, sku: str) -> Future[None]:
        return self._submit_hub(lambda: self._client.remove_from_wishlist(member_id, sku))

    def member_looks(
        self, member_id: str, channel: str | None = None, *, reason: str | None = None
    ) -> Future[MemberLooks]:
        """The member's saved looks ('Your looks from the app': `channel="online"`), newest
        first, each item with its finish, intensity or size. Fails like `wishlist`."""
        return self._submit_hub(
            lambda: self._client.member_looks(member_id, channel, reason=reason)
        )

    def membership(
        self, member_id: str, skus: Sequence[str] = (), *, reason: str | None = None
    ) -> Future[Membership]:
        """The member's tier, points and member prices for `skus` in this store (the same
        numbers as the online shop's; no consent needed). Fails with NotFound (a SKU the
        hub does not sell), MemberNotFound, HubUnavailable."""
        asked = list(skus)  # a copy: the caller may reuse its list meanwhile
        return self._submit_hub(lambda: self._client.membership(member_id, asked, reason=reason))

    def suggestions(
        self, member_id: str, k: int = 5, *, reason: str | None = None
    ) -> Future[Suggestions]:
        """Up to `k` products for the consenting member, each with its one-line reason in
        both languages (`reason_text`). Fails with RequestRejected code `consent_required`,
        MemberNotFound or HubUnavailable."""
        return self._submit_hub(lambda: self._client.suggestions(member_id, k, reason=reason))

    def open_staff_session(self, staff_id: str, pin: str) -> Future[StaffSession]:
        """Sign a staff member in on this kiosk with their PIN (checked at the hub); the
        member calls then carry their session. Fails with HubAuthError code
        staff_pin_wrong, TooManyAttempts (locked for a while) or HubUnavailable."""
        return self._submit_hub(lambda: self._client.open_staff_session(staff_id, pin))

    def close_staff_session(self) -> Future[None]:
        """End the staff session at the hub (forgotten here even when the hub is away)."""
        return self._submit_hub(self._client.close_staff_session)

    def fleet_config(self, etag: str | None = None) -> tuple[FleetConfig | None, str | None]:
        """This kiosk's settings overlays on the hub, blocking (kiosk.client.fleet polls it
        on a thread of its own)."""
        return self._client.fleet_config(etag)

    def hub_endpoint(self) -> tuple[Callable[[], str], Callable[[], str]]:
        """(current base URL, current token) getters for the event recorder:
        `Recorder.open(path, *service.hub_endpoint(), on_auth_failure=service.token_refused)`.
        Read at each send, so the recorder follows the embedded hub to a new port after a
        restart and picks up a re-issued token. They may block while the embedded hub
        (re)starts, and raise HubUnavailable when it is not up: call them off the UI thread."""
        if self._hub is not None:
            return self._hub.url, self._hub.token
        return self._client.hub_endpoint()

    def token_refused(self) -> None:
        """Someone else (the event sender) was refused with this kiosk's token: the embedded
        hub's token is re-issued at once; a remote hub's needs its operator (logged by the
        sender). Safe from any thread."""
        self._on_auth_failure(HubAuthError("the hub refused the token", "", code="unauthorized"))

    def refresh(self) -> None:
        """Poll every watched SKU now instead of at the next tick."""
        self._watcher.poll_now()

    def status(self) -> ServiceStatus:
        state = self._client.breaker.state
        url = self._client.fixed_url if self._hub is None else self._hub.current_url
        return ServiceStatus(
            embedded=self._hub is not None,
            url=url,
            breaker=state.value,
            online=state is BreakerState.CLOSED,
            poll_rounds=self._watcher.rounds,
        )

    def close(self) -> None:
        """Stop polling, finish or drop queued calls, stop the embedded hub. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._watcher.stop()
        self._client.interrupt()  # retry pauses end now
        if self._hub is not None:
            self._hub.close()  # in-flight calls to it fail fast instead of timing out
        self._watcher.close()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._client.close()
        self._cache.close()

    def __enter__(self) -> StoreService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- work done on service threads -------------------------------------------------------

    def _submit(self, work: Callable[[], T]) -> Future[T]:
        if self._closed:
            failed: Future[T] = Future()
            failed.set_exception(HubUnavailable("The store service is shut down.", ""))
            return failed
        return self._pool.submit(work)

    def _submit_hub(self, work: Callable[[], T]) -> Future[T]:
        """A call that has no cached answer: a refused embedded token is re-issued on the way
        out, so the shopper's next tap works."""

        def run() -> T:
            try:
                return work()
            except HubAuthError as exc:
                if exc.code not in STAFF_AUTH_CODES:  # a wrong PIN is not a bad token
                    self._on_auth_failure(exc)
                raise

        return self._submit(run)

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._wall_clock(), tz=UTC)

    def _load_catalog(self) -> CatalogView:
        try:
            products = self._client.products()
        except (HubUnavailable, HubAuthError) as exc:
            self._on_auth_failure(exc)
            cached = self._cache.load_catalog()
            if cached is None:
                raise HubUnavailable(
                    f"No catalog to show: {exc.message} The kiosk has no saved catalog yet.",
                    exc.fix,
                    code=exc.code,
                ) from None
            try:
                found = ProductList.model_validate_json(cached.payload)
            except pydantic.ValidationError:
                raise HubUnavailable(
                    f"No catalog to show: {exc.message} The saved catalog is from an older "
                    "version and cannot be read.",
                    exc.fix,
                    code=exc.code,
                ) from None
            return self._catalog_view(tuple(found.products), False, cached.fetched_at, exc.message)
        entry = self._cache.save_catalog(ProductList(products=products).model_dump_json())
        return self._catalog_view(tuple(products), True, entry.fetched_at, None)

    def _catalog_view(
        self, products: tuple[Product, ...], live: bool, as_of: datetime, problem: str | None
    ) -> CatalogView:
        return CatalogView(products, live, as_of, problem)

    def _lookup_barcode(self, ean: str) -> Variant:
        try:
            return self._client.variant_by_barcode(ean)
        except NotFound:
            raise NotFound(
                f"No product has the barcode {ean}.",
                "Scan the code on the product's label again, or choose it on the screen.",
                code="not_found",
                status=404,
            ) from None
        except (HubUnavailable, HubAuthError) as exc:
            self._on_auth_failure(exc)
            cached = self._cache.load_catalog()
            if cached is not None:
                try:
                    products = ProductList.model_validate_json(cached.payload).products
                except pydantic.ValidationError:
                    products = []
                for product in products:
                    for variant in product.variants:
                        if variant.barcode == ean:
                            return variant
            raise

    def _fetch_stock(self, sku: str, retry: bool = False) -> StockView | StoreError:
        """Live when the hub answers (a 304 confirms the cached report), else the cached
        report marked with why; a StoreError when there is nothing to show."""
        cached = self._cache.load_stock(sku)
        report = _parse_report(cached.payload) if cached else None
        etag = cached.etag if cached and report else None
        try:
            result = self._client.stock(sku, etag, retry=retry)
            if result.not_modified and report is None:  # a 304 we cannot use: ask in full
                result = self._client.stock(sku, None, retry=retry)
        except (HubUnavailable, HubAuthError) as exc:
            self._on_auth_failure(exc)
            if report is None or cached is None:
                return exc
            return self._stock_view(report, False, cached.fetched_at, exc.message, etag)
        except StoreError as exc:  # unknown SKU and the like: nothing to show
            return exc
        if result.report is None and report is not None:  # 304: still true, as of now
            entry = self._cache.touch_stock(sku)
            as_of = entry.fetched_at if entry else self._now()
            return self._stock_view(report, True, as_of, None, etag)
        if result.report is None:
            return HubUnavailable(
                "The store system answered a stock question with no stock report.",
                "Check that the hub and the kiosk run matching versions of the Store API.",
                code="malformed_response",
            )
        entry = self._cache.save_stock(sku, result.report.model_dump_json(), result.etag)
        return self._stock_view(result.report, True, entry.fetched_at, None, result.etag)

    def _cached_stock(self, sku: str) -> StockView | None:
        cached = self._cache.load_stock(sku)
        report = _parse_report(cached.payload) if cached else None
        if cached is None or report is None:
            return None
        return self._stock_view(
            report, False, cached.fetched_at, "Checking the store system…", cached.etag
        )

    def _stock_view(
        self,
        report: StockReport,
        live: bool,
        as_of: datetime,
        problem: str | None,
        etag: str | None,
    ) -> StockView:
        return stock_view(report, live=live, as_of=as_of, problem=problem, etag=etag)

    def _reservation_view(self, held: Reservation) -> ReservationView:
        name = None
        latest = self._watcher.latest(held.sku) or self._cached_stock(held.sku)
        if latest is not None:
            name = next(
                (r.location_name for r in latest.rows if r.location_id == held.location_id), None
            )
        return reservation_view(held, name)

    def _on_auth_failure(self, exc: StoreError) -> None:
        """The embedded hub is ours: a refused token is replaced at once. A remote hub's
        token comes from its operator (the error's fix says how)."""
        if isinstance(exc, HubAuthError) and self._hub is not None:
            self._hub.reissue_token()


def _parse_report(payload: str) -> StockReport | None:
    try:
        return StockReport.model_validate_json(payload)
    except pydantic.ValidationError:
        return None  # saved by an older version: as good as missing
