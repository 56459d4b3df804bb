"""The validating proxy for real: ``ua-validate serve --upstream`` in front of a local stand-in."""

from __future__ import annotations

import http.client
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from adapters.common import FAX_REQUEST, PDF, SIMPLE, body, multipart
from adapters.samples import Sample
from test_server_live import Server, _free_port, running, send
from ua_validate import catalog

pytestmark = pytest.mark.slow

SLOW_SECONDS = 4.0


class Seen(NamedTuple):
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


class Upstream(NamedTuple):
    url: str
    seen: list[Seen]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[Seen]

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        payload = self.rfile.read(length) if length else b""
        self.seen.append(Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, payload))
        if "count=7" in self.path:
            time.sleep(SLOW_SECONDS)  # longer than the proxy waits
        answer = json.dumps({"upstream": self.command, "path": self.path}).encode()
        try:
            self.send_response(207, "Upstream Status")
            self.send_header("Content-Type", "application/x-upstream")
            self.send_header("X-Upstream", "yes")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the slow answer: the proxy stopped waiting and closed the connection, as tested

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def upstream() -> Iterator[Upstream]:
    seen: list[Seen] = []
    handler = type("Handler", (_Handler,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Upstream(f"http://127.0.0.1:{server.server_address[1]}", seen)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def proxy_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("proxy") / "stderr.log"


@pytest.fixture(scope="module")
def proxy(upstream: Upstream, proxy_log: Path) -> Iterator[Server]:
    with running(proxy_log, "--upstream", upstream.url, "--upstream-timeout", "1", ready=207) as started:
        yield started


def test_an_invalid_request_is_answered_here_and_never_forwarded(proxy: Server, upstream: Upstream) -> None:
    before = len(upstream.seen)
    for sample in (Sample("GET", "/uapi/cdr/0"), Sample("POST", "/uapi/phoneCalls/@me/simple", b"{}"),
                   Sample("GET", "/uapi/nothing"), Sample("HEAD", "/uapi/cdr")):
        status, kind, answer = send(proxy.port, sample)
        expected = sample.expected()
        assert (status, kind) == expected[:2] and answer == (b"" if sample.method == "HEAD" else expected[2])
    assert len(upstream.seen) == before


def test_a_valid_request_is_forwarded_unchanged_and_the_answer_returned_as_it_is(
    proxy: Server, upstream: Upstream
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
    try:
        conn.request("POST", "/uapi/phoneCalls/@me/simple?video=1&x=%2B1", body=body(SIMPLE),
                     headers={"Authorization": "Bearer secret", "Content-Type": "application/json",
                              "X-Client": "c"})
        response = conn.getresponse()
        answer = response.read()
    finally:
        conn.close()
    assert (response.status, response.reason, response.getheader("Content-Type"), response.getheader("X-Upstream")) == (
        207, "Multi-Status", "application/x-upstream", "yes")
    assert json.loads(answer) == {"upstream": "POST", "path": "/uapi/phoneCalls/@me/simple?video=1&x=%2B1"}
    seen = upstream.seen[-1]
    assert (seen.method, seen.target, seen.body) == ("POST", "/uapi/phoneCalls/@me/simple?video=1&x=%2B1",
                                                     body(SIMPLE))
    assert seen.headers["authorization"] == "Bearer secret" and seen.headers["x-client"] == "c"
    assert seen.headers["content-length"] == str(len(body(SIMPLE))) and "transfer-encoding" not in seen.headers
    send(proxy.port, Sample("GET", "/uapi/cdr/@me?count=5"))
    assert "transfer-encoding" not in upstream.seen[-1].headers and upstream.seen[-1].body == b""


def test_a_multipart_fax_is_forwarded_byte_for_byte(proxy: Server, upstream: Upstream) -> None:
    raw, content_type = multipart([FAX_REQUEST, ("files", "r.pdf", "application/pdf", PDF)])
    status, _, _ = send(proxy.port, Sample("POST", "/uapi/faxes/@me/0003%2A210", raw), content_type=content_type)
    assert status == 207
    assert (upstream.seen[-1].target, upstream.seen[-1].body) == ("/uapi/faxes/@me/0003%2A210", raw)


def test_a_slow_upstream_is_the_catalog_500_within_the_timeout(proxy: Server, proxy_log: Path) -> None:
    started = time.monotonic()
    status, kind, answer = send(proxy.port, Sample("GET", "/uapi/cdr/@me?count=7"))
    assert (status, kind, answer) == (500, "application/json", catalog.entry("internal_server_error").body_bytes)
    assert time.monotonic() - started < SLOW_SECONDS  # the proxy gave up first (its timeout is 1 s)
    time.sleep(0.2)
    assert "GET /uapi/cdr/@me 500 internal_server_error (upstream: timeout) " in proxy_log.read_text()


def test_an_unreachable_upstream_is_the_catalog_500(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{_free_port()}"
    with running(tmp_path / "stderr.log", "--upstream", closed, "--upstream-timeout", "2", ready=500) as alone:
        assert send(alone.port, Sample("GET", "/uapi/cdr/@me")) == (
            500, "application/json", catalog.entry("internal_server_error").body_bytes)
        assert send(alone.port, Sample("GET", "/uapi/cdr/0"))[0] == 400  # still validates
    assert "500 internal_server_error (upstream: ConnectError)" in (tmp_path / "stderr.log").read_text()


def test_report_only_forwards_everything_and_logs_violations(upstream: Upstream, tmp_path: Path) -> None:
    log = tmp_path / "stderr.log"
    with running(log, "--upstream", upstream.url, "--report-only", ready=207) as reporting:
        for sample in (Sample("GET", "/uapi/cdr/+40721234567?count=abc"), Sample("GET", "/uapi/nothing")):
            assert send(reporting.port, sample)[0] == 207
            assert upstream.seen[-1].target == sample.url
    text = log.read_text()
    assert "violation user_invalid (400) on GET /uapi/cdr/#####" in text
    assert "violation not_implemented (501) on GET /uapi/nothing" in text
    assert "40721234567" not in text
