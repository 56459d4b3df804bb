"""The reference application in process (httpx over ASGI): it answers what the library answers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ua_validate import validate_request
from ua_validate.server import ReferenceApp, create_app, mask_path

from .common import FAX_REQUEST, PDF, multipart, verify_token
from .samples import ALL, INVALID_PER_OPERATION, ROUTING, VALID, Sample


class Client:
    """A synchronous face on httpx's ASGI transport: one event loop for the module."""

    def __init__(self, app: ReferenceApp) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://server")

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            request = self.client.build_request(method, url, **kwargs)
            # the path as given, not normalised: the server reads the raw path
            request.url = request.url.copy_with(raw_path=url.encode())
            return await self.client.send(request)

        return self.loop.run_until_complete(go())

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    running = Client(create_app())
    yield running
    running.close()


def answer(response: httpx.Response) -> tuple[int, str | None, bytes]:
    return response.status_code, response.headers.get("content-type"), response.content


@pytest.mark.parametrize("sample", ALL, ids=[f"{s.method} {s.url}"[:60] for s in ALL])
def test_the_server_answers_what_validate_request_answers(client: Client, sample: Sample) -> None:
    headers = {"Content-Type": "application/json"} if sample.body is not None else {}
    response = client.request(sample.method, sample.url, content=sample.body or b"", headers=headers)
    assert answer(response) == sample.expected()


@pytest.mark.parametrize("url", ["/uapi/cdr/%0A", "//x/uapi/cdr/0", "/uapi/cdr/%0D%0A", "/uapi/cdr/%FF",
                                 "/uapi//cdr", "/unifiedapi/cdr/@me?count=%0A", "/uapi/cdr/a%2Fb"])
def test_odd_paths_get_what_validate_request_answers(client: Client, url: str) -> None:
    assert answer(client.request("GET", url)) == Sample("GET", url).expected()


def test_the_samples_cover_every_operation_valid_and_invalid() -> None:
    from ua_validate.validator import default_validator

    operations = {op.id for op in default_validator().spec}
    assert {validate_request(s.method, s.url, s.body)[0] for s in VALID} == operations
    assert all(s.expected()[0] >= 400 for s in INVALID_PER_OPERATION)
    assert any(s.expected()[0] == 501 for s in ROUTING)


def test_a_lone_surrogate_in_the_body_is_echoed_escaped(client: Client) -> None:
    response = client.request("PUT", "/uapi/extensions/@me/210/phoneCallEvents/2/abc", content=b'{"note": "\\ud800"}',
                              headers={"Content-Type": "application/json"})
    assert response.status_code == 200 and b'"\\ud800"' in response.content
    assert json.loads(response.content)["params"]["note"] == "\ud800"


def test_head_is_not_implemented(client: Client) -> None:
    response = client.request("HEAD", "/uapi/cdr/@me")
    assert (response.status_code, response.headers["Content-Type"]) == (501, "application/json")


def test_every_answer_has_its_length(client: Client) -> None:
    for sample in VALID[:3] + INVALID_PER_OPERATION[:3]:
        response = client.request(sample.method, sample.url, content=sample.body or b"")
        assert int(response.headers["content-length"]) == len(response.content) > 0
    response = client.request("DELETE", "/uapi/phoneCalls/@me/210")
    assert response.status_code == 204 and "content-type" not in response.headers


def test_a_multipart_fax(client: Client) -> None:
    raw, content_type = multipart([FAX_REQUEST, ("files", "r.pdf", "application/pdf", PDF)])
    response = client.request("POST", "/uapi/faxes/@me/210", content=raw, headers={"Content-Type": content_type})
    assert response.status_code == 200
    assert response.json()["params"]["files"] == [{"name": "r.pdf", "type": "pdf", "size": len(PDF)}]


def test_the_openapi_document() -> None:
    from ua_validate.openapi import document

    running = Client(create_app())
    try:
        response = running.request("GET", "/openapi.json")
    finally:
        running.close()
    assert (response.status_code, response.headers["content-type"]) == (200, "application/json")
    assert response.json() == json.loads(json.dumps(document()))


def test_settings_reach_the_core() -> None:
    running = Client(create_app(verify_token=verify_token, max_json_body=10))
    try:
        response = running.request("GET", "/uapi/cdr/@me")
        assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"
        response = running.request("POST", "/uapi/phoneCalls/@me/simple", content=b" " * 11,
                                   headers={"Content-Type": "application/json", "Authorization": "Bearer good"})
        assert response.json()["error"]["code"] == "extension_invalid"
        # an unknown route is 501 before any token is asked for
        assert running.request("GET", "/uapi/nothing").status_code == 501
    finally:
        running.close()


def test_the_access_log_masks_numbers_and_keeps_no_query() -> None:
    lines: list[str] = []
    running = Client(create_app(access_log=lines.append))
    try:
        running.request("PUT", "/uapi/extensions/@me/0003*212/queue/agents/%2B40721234567?x=0040721234567",
                        content=b"{}", headers={"Content-Type": "application/json"})
        running.request("GET", "/uapi/cdr/@me?count=5")
        running.request("GET", "/uapi/cdr/%0Aforged 200 -")
    finally:
        running.close()
    method, path, status, code, duration = lines[0].split(" ")
    assert (method, path, status, code) == ("PUT", "/uapi/extensions/@me/0003*212/queue/agents/#####", "400",
                                            "status_invalid")
    assert duration.endswith("ms") and float(duration[:-2]) >= 0
    assert lines[1].startswith("GET /uapi/cdr/@me 200 - ")
    assert lines[2].startswith("GET /uapi/cdr/\\x0aforged 200 - 400 user_invalid ")
    assert not any("0721234567" in line or "count" in line for line in lines)


@pytest.mark.parametrize(("raw", "shown"), [
    (b"/uapi/cdr/+40 721 234 567", "/uapi/cdr/#####"),
    (b"/uapi/cdr/%30%30%34%30%37%32%31%32%33", "/uapi/cdr/#####"),
    (b"/uapi/phoneCalls/@me/0003*210/1234", "/uapi/phoneCalls/@me/0003*210/1234"),
    (b"/x/" + b"a" * 1000, "/x/" + "a" * 297 + "..."),
])
def test_mask_path(raw: bytes, shown: str) -> None:
    assert mask_path(raw) == shown
