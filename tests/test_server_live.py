"""The reference server for real: ``ua-validate serve`` in a subprocess, spoken to over HTTP."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from adapters.common import FAX_REQUEST, PDF, SIMPLE, body, multipart
from adapters.samples import ALL, INVALID_PER_OPERATION, VALID, Sample

pytestmark = pytest.mark.slow

STARTUP_SECONDS = 20.0


class Server(NamedTuple):
    port: int
    process: subprocess.Popen[str]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _command(port: int, *options: str) -> list[str]:
    script = Path(sys.executable).with_name("ua-validate")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "ua_validate.cli"]
    return [*base, "serve", "--host", "127.0.0.1", "--port", str(port), *options]


def _wait_until_up(server: Server, log: Path, ready: int = 200) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log.read_text()}")
        try:
            status, _, _ = send(server.port, Sample("GET", "/uapi/cdr"), headers={"Authorization": "Bearer t"})
        except OSError:
            time.sleep(0.05)
            continue
        if status == ready:
            return
    raise RuntimeError("the server did not answer in time")


@contextlib.contextmanager
def running(log: Path, *options: str, ready: int = 200) -> Iterator[Server]:
    """``ua-validate serve`` with ``options``, its standard error in ``log``; stopped, exit 0 checked."""
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("w") as errors:
        process = subprocess.Popen(_command(port, *options), stdout=subprocess.DEVNULL, stderr=errors,
                                   text=True, env=env)
    server = Server(port, process)
    try:
        _wait_until_up(server, log, ready)
        yield server
    finally:
        process.terminate()
        try:
            code = process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        banner = log.read_text()
        assert code == 0, f"the server did not stop cleanly ({code}):\n{banner[-2000:]}"
        assert f"http://127.0.0.1:{port}/uapi/" in banner


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("server") / "stderr.log"


@pytest.fixture(scope="module")
def server(server_log: Path) -> Iterator[Server]:
    with running(server_log) as started:
        yield started


def send(port: int, sample: Sample, connection: http.client.HTTPConnection | None = None,
         content_type: str = "application/json", headers: dict[str, str] | None = None
         ) -> tuple[int, str | None, bytes]:
    """(status, Content-Type, body) of one request, on ``connection`` or a new one."""
    own = connection is None
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        all_headers = dict(headers or {})
        if sample.body is not None:
            all_headers.setdefault("Content-Type", content_type)
        conn.request(sample.method, sample.url, body=sample.body, headers=all_headers)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        if own:
            conn.close()


def test_every_operation_valid_and_invalid(server: Server) -> None:
    for sample in VALID + INVALID_PER_OPERATION:
        assert send(server.port, sample) == sample.expected(), sample


def test_routing_corner_cases(server: Server) -> None:
    for sample in ALL:
        assert send(server.port, sample) == sample.expected(), sample


def test_head_and_unknown_methods_are_not_implemented(server: Server) -> None:
    not_implemented = b'{"error":{"code":"not_implemented","message":"The operation is not implemented."}}'
    assert send(server.port, Sample("FOO", "/uapi/cdr")) == (501, "application/json", not_implemented)
    status, content_type, _ = send(server.port, Sample("HEAD", "/uapi/cdr"))
    assert (status, content_type) == (501, "application/json")


def test_a_multipart_fax_upload(server: Server) -> None:
    raw, content_type = multipart([FAX_REQUEST, ("files", "r.pdf", "application/pdf", PDF),
                                   ("files", "n.txt", None, b"hi")])
    status, kind, answer = send(server.port, Sample("POST", "/uapi/faxes/@me/210", raw), content_type=content_type)
    assert (status, kind) == (200, "application/json")
    assert json.loads(answer)["params"]["files"] == [{"name": "r.pdf", "type": "pdf", "size": len(PDF)},
                                                     {"name": "n.txt", "type": "txt", "size": 2}]


def test_a_chunked_body_is_read_and_limited(server: Server) -> None:
    def chunked(payload: bytes) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            parts = (payload[i:i + 4096] for i in range(0, len(payload), 4096))
            conn.request("POST", "/uapi/phoneCalls/@me/simple", body=parts, encode_chunked=True,
                         headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    assert chunked(body(SIMPLE))[0] == 200
    status, answer = chunked(body(SIMPLE) + b" " * (1 << 20))
    assert status == 400 and json.loads(answer)["error"]["code"] == "extension_invalid"


def test_an_oversize_body_is_a_documented_400(server: Server) -> None:
    sample = Sample("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE) + b" " * (1 << 20))
    status, _, answer = send(server.port, sample)
    assert status == 400 and json.loads(answer)["error"]["code"] == "extension_invalid"


def test_concurrent_clients_all_get_the_right_answer(server: Server) -> None:
    threads, total = 8, 2000
    samples = [ALL[i % len(ALL)] for i in range(total)]  # valid, invalid and 501s, interleaved
    expected = {sample: sample.expected() for sample in set(samples)}
    wrong: list[tuple[Sample, object]] = []
    done = [0] * threads

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)  # one keep-alive each
        try:
            for sample in samples[index::threads]:
                try:
                    got: object = send(server.port, sample, conn)
                except (OSError, http.client.HTTPException) as err:
                    got = repr(err)
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                if got != expected[sample]:
                    wrong.append((sample, got))
                done[index] += 1
        finally:
            conn.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    print(f"\nconcurrency: {total} requests, {threads} threads, {elapsed:.2f} s, {total / elapsed:.0f} req/s")
    assert sum(done) == total
    assert not wrong, wrong[:5]
    statuses = {expected[s][0] for s in samples}
    assert {200, 204, 400, 501} <= statuses


def test_workers_and_a_token(tmp_path: Path) -> None:
    """Issue 9: two worker processes, a required token; each kind of answer; a clean stop."""
    with running(tmp_path / "stderr.log", "--workers", "2", "--token", "t", "--token", "u") as workers:
        good = {"Authorization": "Bearer t"}
        for headers, code in [({}, "unauthorized"), ({"Authorization": "Basic dDp0"}, "access_denied"),
                              ({"Authorization": "Bearer x"}, "access_denied"),
                              ({"Authorization": "Bearer tt"}, "access_denied")]:
            status, _, answer = send(workers.port, Sample("GET", "/uapi/cdr/@me"), headers=headers)
            assert (status, json.loads(answer)["error"]["code"]) == (401, code)
        for sample in (VALID[0], INVALID_PER_OPERATION[0], Sample("DELETE", "/uapi/phoneCalls/@me/210"),
                       Sample("GET", "/uapi/nothing")):
            assert send(workers.port, sample, headers=good) == sample.expected(), sample
        assert send(workers.port, VALID[0], headers={"Authorization": "Bearer u"})[0] == 200
    log = (tmp_path / "stderr.log").read_text()
    assert "GET /uapi/cdr/@me 401 unauthorized " in log and "GET /uapi/nothing 501 not_implemented " in log
    assert "DELETE /uapi/phoneCalls/@me/210 204 - " in log


def test_quiet_writes_no_access_log(tmp_path: Path) -> None:
    with running(tmp_path / "stderr.log", "--quiet") as quiet:
        assert send(quiet.port, VALID[0]) == VALID[0].expected()
    assert "GET /uapi/cdr" not in (tmp_path / "stderr.log").read_text()


def test_the_access_log_has_no_phone_number(server: Server, server_log: Path) -> None:
    agent = Sample("PUT", "/uapi/extensions/@me/210/queue/agents/%2B40721234567", b'{"status": 1}')
    assert send(server.port, agent)[0] == 200
    send(server.port, Sample("DELETE", "/uapi/phoneCalls/@me/210?phoneNumber=0040721234567"))
    time.sleep(0.2)
    log = server_log.read_text()
    assert "PUT /uapi/extensions/@me/210/queue/agents/##### 200 - " in log
    assert "721234567" not in log and "phoneNumber" not in log


def _exchange(port: int, method: str, url: str, payload: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, url, body=payload, headers={"Content-Type": "application/json"} if payload else {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_debug_mode_says_why_and_keeps_the_bodies(tmp_path: Path) -> None:
    """`serve --debug`: each error answer carries X-UA-Reason, and standard error the reason;
    the bodies are the catalog's, byte for byte, and no request value is written out."""
    from ua_validate import catalog

    simple = json.dumps({"extension": "210", "phoneCallView": [
        {"source": "+40721234567", "destination": "0040721234567x"}]}).encode()
    with running(tmp_path / "stderr.log", "--debug") as debug:
        status, headers, answer = _exchange(debug.port, "GET", "/uapi/cdr/@me?count=0")
        assert (status, answer) == (400, catalog.entry("count_invalid").body_bytes)
        assert headers["x-ua-reason"] == "count must be an integer from 1 to 5000"
        status, headers, answer = _exchange(debug.port, "POST", "/uapi/phoneCalls/@me/simple", simple)
        assert (status, answer) == (400, catalog.entry("pc_destination_invalid").body_bytes)
        assert headers["x-ua-reason"].startswith("phoneCallView[0].destination is required and must be an extension")
        status, headers, answer = _exchange(debug.port, "GET", "/uapi/nothing")
        assert (status, answer) == (501, catalog.entry("not_implemented").body_bytes)
        assert headers["x-ua-reason"] == "no route of the application answers this method and path"
        status, headers, _ = _exchange(debug.port, "GET", "/uapi/cdr/@me?count=5")
        assert status == 200 and "x-ua-reason" not in headers
    log = (tmp_path / "stderr.log").read_text()
    assert "debug: reasons in X-UA-Reason" in log
    assert "400 count_invalid: count must be an integer from 1 to 5000" in log
    assert "400 pc_destination_invalid: phoneCallView[0].destination is required" in log
    assert "721234567" not in log


def test_without_debug_no_reason_is_sent(server: Server) -> None:
    status, headers, answer = _exchange(server.port, "GET", "/uapi/cdr/@me?count=0")
    assert (status, answer) == (400, b'{"error":{"code":"count_invalid","message":"Parameter count is invalid."}}')
    assert "x-ua-reason" not in headers
