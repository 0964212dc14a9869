"""The shopper's photo through the kiosk's client and StoreService, against the real hub on
loopback (SQLite and PostgreSQL): upload, follow the URL as a phone would, delete; the
hub's refusals and a dead hub map onto the client's error types."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from kiosk.client.cache import StoreCache
from kiosk.client.service import StoreService
from kiosk.client.store_client import HubUnavailable, NotFound, RequestRejected, StoreClient
from kiosk.client.views import PhotoView
from tests.client.faultproxy import LOSE, FaultProxy
from tests.helpers import TESTDATA
from tests.hub_server import RunningHub

DEADLINE_S = 15.0
FACE = TESTDATA / "lips" / "celebamask_1.jpg"  # a real JPEG, read in place


@pytest.fixture(scope="module")
def hub(backend_hub: RunningHub) -> RunningHub:
    return backend_hub


@pytest.fixture
def client(hub: RunningHub) -> Iterator[StoreClient]:
    with StoreClient(hub.url, hub.token, sleep=lambda s: None) as c:
        yield c


def test_upload_follow_and_delete(client: StoreClient, hub: RunningHub) -> None:
    jpeg = FACE.read_bytes()
    photo = client.upload_photo(jpeg)
    assert photo.url.startswith(f"{hub.url}/p/")
    left = photo.expires_at - datetime.now(UTC)
    assert timedelta(hours=23, minutes=58) < left <= timedelta(hours=24)
    assert httpx.get(f"{photo.url}/photo.jpg").content == jpeg  # the phone gets it
    client.delete_photo(photo.photo_id)
    assert httpx.get(f"{photo.url}/photo.jpg").status_code == 410
    client.delete_photo(photo.photo_id)  # retried or repeated: still fine


def test_refusals_map_to_the_client_errors(client: StoreClient, hub: RunningHub) -> None:
    with pytest.raises(RequestRejected) as not_jpeg:
        client.upload_photo(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert not_jpeg.value.status == 415 and not_jpeg.value.code == "not_a_jpeg"
    with pytest.raises(RequestRejected) as too_big:
        client.upload_photo(FACE.read_bytes() + b"\x00" * (4 * 1_048_576))
    assert too_big.value.status == 413
    with pytest.raises(NotFound):
        client.delete_photo("not-a-photo-of-mine")
    theirs = hub.issue_token("other-store-kiosk", "SH-XINTIANDI")
    with StoreClient(hub.url, theirs, sleep=lambda s: None) as other:
        photo = client.upload_photo(FACE.read_bytes())
        with pytest.raises(NotFound):
            other.delete_photo(photo.photo_id)
    assert httpx.get(photo.url).status_code == 200


def test_upload_is_tried_once_and_a_dead_hub_is_hub_unavailable(hub: RunningHub) -> None:
    with (
        FaultProxy(("127.0.0.1", hub.port)) as proxy,
        StoreClient(proxy.url, hub.token, sleep=lambda s: None, retries=2) as client,
    ):
        proxy.set_mode(LOSE, times=1)
        with pytest.raises(HubUnavailable):
            client.upload_photo(FACE.read_bytes())
        assert proxy.requests == 1  # not repeated blindly: a second copy would be stored
    nowhere = StoreClient("http://127.0.0.1:9", hub.token, sleep=lambda s: None)
    with nowhere, pytest.raises(HubUnavailable):
        nowhere.upload_photo(FACE.read_bytes())


def test_service_uploads_and_deletes_on_its_threads(hub: RunningHub, tmp_path: Path) -> None:
    client = StoreClient(hub.url, hub.token, sleep=lambda s: None)
    with StoreService(client, StoreCache(tmp_path / "cache.sqlite")) as service:
        threads: list[str] = []
        done = threading.Event()
        future = service.upload_photo(FACE.read_bytes())
        future.add_done_callback(
            lambda f: (threads.append(threading.current_thread().name), done.set())
        )
        assert done.wait(DEADLINE_S) and threads[0].startswith("store-call")
        view = future.result()
        assert isinstance(view, PhotoView) and view.url.startswith(f"{hub.url}/p/")
        assert httpx.get(view.url).status_code == 200
        assert service.delete_photo(view.photo_id).result(DEADLINE_S) is None
        assert httpx.get(view.url).status_code == 410
        failed = service.upload_photo(b"not a jpeg").exception(DEADLINE_S)
        assert isinstance(failed, RequestRejected)
