"""TLS for the hub clients: none for a plain-HTTP hub, one shared verifying context for
https, and verification still refuses a certificate nobody vouches for."""

from __future__ import annotations

import http.server
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kiosk.client.errors import HubUnavailable
from kiosk.client.store_client import StoreClient
from kiosk.client.tls import shared_context, verify_for
from kiosk.records.events import EventFactory
from kiosk.records.outbox import Outbox
from kiosk.records.sender import EventSender


def outbox_kept(folder: Path) -> int:
    """Events still waiting in the outbox at `folder` (opened afresh)."""
    outbox = Outbox(folder / "outbox.sqlite")
    try:
        return outbox.pending()
    finally:
        outbox.close()


def test_plain_http_gets_no_context_https_and_getters_share_one() -> None:
    assert verify_for("http://127.0.0.1:8000") is False
    context = verify_for("https://hub.example.com")
    assert isinstance(context, ssl.SSLContext) and context is shared_context()
    assert verify_for(lambda: "http://127.0.0.1:1") is context  # a getter may be either
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0  # the CA bundle is loaded


@pytest.fixture()
def self_signed_https(tmp_path: Path) -> Iterator[str]:
    """An https server on loopback whose certificate nobody signed."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_shared_context_still_refuses_an_unvouched_certificate(
    self_signed_https: str,
) -> None:
    with (
        httpx.Client(verify=verify_for(self_signed_https)) as client,
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.get(self_signed_https + "/")
    store = StoreClient(self_signed_https, "token", retries=0)
    try:
        with pytest.raises(HubUnavailable) as refused:
            store.health()
    finally:
        store.close()
    # IT is told it is the certificate (and what to do), not "cannot reach".
    assert refused.value.code == "untrusted_certificate"
    assert "certificate this kiosk does not trust (self-signed certificate)" in str(refused.value)
    assert "SSL_CERT_FILE" in refused.value.fix


def test_the_event_sender_names_an_untrusted_certificate(
    self_signed_https: str, tmp_path: Path
) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite")
    outbox.append(EventFactory("SH-JINGAN", "k-1").product_tried("s-1", "LIP-001", 1500))
    sender = EventSender.connect(outbox, self_signed_https, "token")
    try:
        result = sender.send_once()
    finally:
        sender.close()
        outbox.close()
    assert result.sent == 0 and outbox_kept(tmp_path) == 1
    assert result.error.startswith("hub certificate not trusted (self-signed certificate)")
