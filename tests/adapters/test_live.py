"""The Django example under waitress on 127.0.0.1, over raw sockets: framing (issue 10 finding 4).

Every answer carries a correct Content-Length, HEAD answers carry no body, and pipelined
requests on one connection all get their answers, in order.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ua_validate.catalog import entry

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SERVE = (
    "import sys\n"
    f"sys.path.insert(0, {str(EXAMPLES)!r})\n"
    "import django_app\n"
    "from waitress import create_server\n"
    "server = create_server(django_app.application, host='127.0.0.1', port=0, threads=2)\n"
    "print(server.effective_port, flush=True)\n"
    "server.run()\n"
)


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    process = subprocess.Popen([sys.executable, "-c", SERVE], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield int(process.stdout.readline())
    finally:
        process.terminate()
        process.wait(10)


class Reader:
    """HTTP/1.1 answers read one by one from a socket, framed by their Content-Length only."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise AssertionError("the connection closed before the answer")
        self.buffer += chunk

    def answer(self, head: bool = False) -> tuple[int, dict[str, str], bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        raw, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status_line, *lines = raw.decode("latin-1").split("\r\n")
        headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in lines)}
        assert "transfer-encoding" not in headers, headers
        length = int(headers["content-length"])
        if head:
            return int(status_line.split()[1]), headers, b""
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return int(status_line.split()[1]), headers, body


def exchange(port: int, *requests: tuple[str, str]) -> list[tuple[int, dict[str, str], bytes]]:
    """Send every (method, target) at once on one connection; read each answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"".join(f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
                              for method, target in requests))
        reader = Reader(sock)
        answers = [reader.answer(head=method == "HEAD") for method, _ in requests]
        sock.settimeout(0.5)
        try:
            extra = reader.buffer + sock.recv(65536)
        except TimeoutError:
            extra = reader.buffer
        assert extra == b"", extra  # nothing after the last answer: no HEAD body anywhere
        return answers


def records(count: int) -> bytes:
    return b'{"user": "@me", "count": %d, "records": []}' % count


COUNT_INVALID = entry("count_invalid").body_bytes
NOT_IMPLEMENTED = entry("not_implemented").body_bytes


def test_every_answer_carries_its_length(port: int) -> None:
    answers = exchange(port, ("GET", "/uapi/cdr/@me?count=5"), ("GET", "/uapi/cdr/@me?count=x"),
                       ("GET", "/uapi/nothing"))
    assert [(status, body) for status, _, body in answers] == [
        (200, records(5)), (400, COUNT_INVALID), (501, NOT_IMPLEMENTED)]
    for _, headers, body in answers:
        assert headers["content-length"] == str(len(body))


def test_head_answers_carry_no_body(port: int) -> None:
    answers = exchange(port, ("HEAD", "/uapi/cdr/@me?count=x"), ("HEAD", "/uapi/cdr/@me"),
                       ("GET", "/uapi/cdr/@me?count=7"))
    assert [status for status, _, _ in answers] == [400, 200, 200]
    assert answers[0][1]["content-length"] == str(len(COUNT_INVALID))  # the length GET would have
    assert answers[2][2] == records(7)  # read right after two HEAD answers: they had no body


def test_seven_pipelined_requests_all_get_answers(port: int) -> None:
    counts = ["1", "0", "2", "x", "5000", "5001", "3"]
    answers = exchange(port, *[("GET", f"/uapi/cdr/@me?count={count}") for count in counts])
    assert [(status, body) for status, _, body in answers] == [
        (200, records(1)), (400, COUNT_INVALID), (200, records(2)), (400, COUNT_INVALID),
        (200, records(5000)), (400, COUNT_INVALID), (200, records(3))]
