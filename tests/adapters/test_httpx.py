"""The validating httpx transports: nothing invalid is sent, everything else is sent untouched.

The inner transport is httpx's MockTransport (a stand-in for the network, recording what would
be sent) or the reference server itself, in process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from ua_validate import UAError, ValidationError, catalog
from ua_validate.httpx import AsyncValidatingTransport, ValidatingTransport
from ua_validate.server import create_app

from .common import FAX_REQUEST, PDF, SIMPLE, body, multipart
from .samples import ALL

BASE = "https://voipnow.example.com"


class Network:
    """What reached the network: every request the inner transport was handed, with its body."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, bytes]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, str(request.url), request.read()))
        return httpx.Response(299, content=b"upstream")


@pytest.fixture
def network() -> Network:
    return Network()


@pytest.fixture
def client(network: Network) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=BASE, transport=ValidatingTransport(httpx.MockTransport(network))) as made:
        yield made


def test_a_valid_request_is_sent_unchanged(client: httpx.Client, network: Network) -> None:
    response = client.post("/uapi/phoneCalls/@me/simple", params={"video": "1"}, content=body(SIMPLE),
                           headers={"Authorization": "Bearer t", "Content-Type": "application/json"})
    assert (response.status_code, response.content) == (299, b"upstream")
    assert network.sent == [("POST", f"{BASE}/uapi/phoneCalls/@me/simple?video=1", body(SIMPLE))]


def test_an_invalid_request_raises_and_is_not_sent(client: httpx.Client, network: Network) -> None:
    with pytest.raises(ValidationError) as raised:
        client.get("/uapi/cdr/@me", params={"count": "abc"})
    assert raised.value.body == catalog.entry("count_invalid").body
    with pytest.raises(ValidationError) as raised:
        client.post("/uapi/phoneCalls/@me/simple", json={**SIMPLE, "extension": "@self"})
    assert raised.value.code == "extension_invalid"
    assert network.sent == []


def test_an_unknown_route_under_the_api_raises_not_implemented(client: httpx.Client, network: Network) -> None:
    for method, path in [("GET", "/uapi/nothing"), ("PATCH", "/uapi/cdr/@me"), ("GET", "/unifiedapi")]:
        with pytest.raises(UAError) as raised:
            client.request(method, path)
        assert raised.value.code == "not_implemented" and not isinstance(raised.value, ValidationError)
    assert network.sent == []


def test_other_requests_pass_through_untouched(client: httpx.Client, network: Network) -> None:
    for path in ["/", "/uapix/cdr/0", "/api/uapi/cdr/0", "/login?count=abc"]:
        assert client.post(path, content=b"{not json").status_code == 299
    assert [sent[1] for sent in network.sent] == [f"{BASE}{p}" for p in
                                                  ["/", "/uapix/cdr/0", "/api/uapi/cdr/0", "/login?count=abc"]]


def test_a_multipart_fax_is_validated(client: httpx.Client, network: Network) -> None:
    request = {"request": (None, FAX_REQUEST[3], "application/json")}
    assert client.post("/uapi/faxes/@me/210", files={**request, "files": ("r.pdf", PDF, "application/pdf")}
                       ).status_code == 299
    with pytest.raises(ValidationError) as raised:
        client.post("/uapi/faxes/@me/210", files={**request, "files": ("r.png", b"png", "image/png")})
    assert raised.value.code == "fx_file_invalid"
    raw, content_type = multipart([FAX_REQUEST, ("files[]", "a.jpg", "image/jpeg", b"\xff\xd8")])
    assert client.post("/uapi/faxes/@me/210", content=raw, headers={"Content-Type": content_type}).status_code == 299
    assert len(network.sent) == 2 and network.sent[1][2] == raw


def test_a_streamed_body_is_validated_and_still_sent_whole(client: httpx.Client, network: Network) -> None:
    payload = body(SIMPLE)

    def pieces() -> Iterator[bytes]:
        yield payload[:10]
        yield payload[10:]

    assert client.post("/uapi/phoneCalls/@me/simple", content=pieces()).status_code == 299
    assert network.sent[0][2] == payload


def test_the_async_transport(network: Network) -> None:
    async def go() -> None:
        async with httpx.AsyncClient(base_url=BASE,
                                     transport=AsyncValidatingTransport(httpx.MockTransport(network))) as client:
            assert (await client.get("/uapi/cdr/@me?count=5")).status_code == 299
            with pytest.raises(ValidationError):
                await client.get("/uapi/cdr/0")

    asyncio.run(go())
    assert [sent[1] for sent in network.sent] == [f"{BASE}/uapi/cdr/@me?count=5"]


def test_the_transport_agrees_with_the_reference_server() -> None:
    """In front of the reference server: what it refuses, the transport refuses first, the same way."""
    async def go() -> None:
        transport = AsyncValidatingTransport(httpx.ASGITransport(app=create_app()))
        async with httpx.AsyncClient(base_url="http://server", transport=transport) as client:
            for sample in ALL:
                request = client.build_request(sample.method, sample.url, content=sample.body or b"",
                                               headers={"Content-Type": "application/json"})
                request.url = request.url.copy_with(raw_path=sample.url.encode())
                expected = sample.expected()
                if not sample.url.startswith(("/uapi", "/unifiedapi")):
                    assert (await client.send(request)).status_code == expected[0] == 501  # passed through
                    continue
                try:
                    response = await client.send(request)
                except UAError as err:
                    assert (err.status, "application/json", err.entry.body_bytes) == expected, sample
                else:
                    assert (response.status_code, response.headers.get("content-type"),
                            response.content) == expected, sample
                    assert expected[0] in (200, 204)

    asyncio.run(go())

