"""Issue 10's attacks on the reference server: time to answer each, and normal requests meanwhile.

    .venv/bin/python benchmarks/attacks_server.py

(The server section of the attacks benchmark; ``attacks.py`` covers the Flask and Django
adapters.) Starts ``ua-validate serve --quiet`` on 127.0.0.1, then for each attack runs
``COPIES`` of it at once while one client sends valid ``cdr.list`` requests in a loop, and
prints the slowest attack's time to its answer, and the median and slowest normal request
during it. Timings are wall-clock on a shared machine: read them as orders of magnitude.
"""

from __future__ import annotations

import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent
NORMAL = "/uapi/cdr/@me?count=100&sortOrder=desc"
FAX = "/uapi/faxes/@me/210"
COPIES = 8


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def exchange(port: int, data: bytes, timeout: float = 60) -> bytes:
    """Send ``data`` and read the answer head (and what came with it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
        except OSError:
            pass  # the server answered and closed before taking everything: that is the point
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


def post(path: str, content_type: str, payload: bytes) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode() + payload


def multipart_attacks() -> dict[str, bytes]:
    kind = "multipart/form-data; boundary=b"
    return {
        "1: boundary=b; x*=a; x*0=b": post(FAX, "multipart/form-data; boundary=b; x*=a; x*0=b", b"--b--"),
        "1: filename*=idna''a.pdf": post(FAX, kind, b"--b\r\nContent-Disposition: form-data; name=files; "
                                                  b"filename*=idna''a.pdf\r\n\r\nx\r\n--b--\r\n"),
        "2: 40,000 quoted ';'": post(FAX, kind, b'--b\r\nContent-Disposition: form-data; name="files"; filename="'
                                     + b";" * 40_000 + b'.pdf"\r\n\r\nx\r\n--b--\r\n'),
        "2: one 1 MiB part header": post(FAX, kind, b"--b\r\nContent-Disposition: form-data; name=files; x="
                                         + b"a" * (1 << 20) + b"\r\n\r\nx\r\n--b--\r\n"),
        "2: 1,000,000 empty parts": post(FAX, kind, b"--b\r\n\r\n\r\n" * 1_000_000 + b"--b--\r\n"),
        "6: declared 1 GiB, none sent": (f"POST {FAX} HTTP/1.1\r\nHost: x\r\nContent-Type: {kind}\r\n"
                                         f"Content-Length: {1 << 30}\r\n\r\n").encode(),
        "11: unknown Transfer-Encoding": b"POST /uapi/cdr HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: zz\r\n\r\n",
    }


def chunked_gigabyte(port: int) -> bytes:
    """Finding 6: a chunked body of up to 1 GiB, sent until the server answers."""
    head = (b"POST /uapi/phoneCalls/@me/simple HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (1 << 16, b" " * (1 << 16))
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head)
        try:
            for _ in range((1 << 30) >> 16):
                sock.sendall(chunk)
        except OSError:
            pass
        return sock.recv(65536)


def slowloris(port: int, seconds: float = 6.0, connections: int = 150) -> bytes:
    """Finding 5: connections sending one header line a second."""
    socks = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(connections)]
    try:
        for sock in socks:
            sock.sendall(b"GET /uapi/cdr HTTP/1.1\r\nHost: x\r\n")
        deadline = time.monotonic() + seconds
        line = 0
        while time.monotonic() < deadline:
            for sock in socks:
                sock.sendall(b"X-Slow-%d: 1\r\n" % line)
            line += 1
            time.sleep(1)
        return b"HTTP/1.1 (held open)"
    finally:
        for sock in socks:
            sock.close()


def measure(port: int, name: str, attack: Callable[[], bytes]) -> None:
    answers: list[tuple[float, bytes]] = []
    latencies: list[float] = []
    running = True

    def one() -> None:
        started = time.perf_counter()
        answer = attack()
        answers.append((time.perf_counter() - started, answer))

    def normal() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while running:
            started = time.perf_counter()
            conn.request("GET", NORMAL)
            response = conn.getresponse()
            response.read()
            latencies.append(time.perf_counter() - started)
            time.sleep(0.01)
        conn.close()

    copies = 1 if name.startswith("5") else COPIES
    watcher = threading.Thread(target=normal)
    watcher.start()
    attackers = [threading.Thread(target=one) for _ in range(copies)]
    for thread in attackers:
        thread.start()
    for thread in attackers:
        thread.join()
    running = False
    watcher.join()
    slowest, answer = max(answers)
    status = answer.split(b"\r\n", 1)[0].decode("latin-1")
    print(f"{name:<34}{copies:>3} x {status:<28} slowest {slowest:6.2f} s   normal: "
          f"{len(latencies):>4} requests, median {statistics.median(latencies) * 1000:5.1f} ms, "
          f"slowest {max(latencies) * 1000:6.1f} ms")


def main() -> None:
    port = free_port()
    server = subprocess.Popen([str(BIN / "ua-validate"), "serve", "--quiet", "--port", str(port)],
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                exchange(port, f"GET {NORMAL} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(), 2)
                break
            except OSError:
                time.sleep(0.1)
        print(f"ua-validate serve (uvicorn); {COPIES} copies of each attack at once (finding 5: one run of "
              "150 connections)")
        for name, data in multipart_attacks().items():
            measure(port, name, lambda data=data: exchange(port, data))  # type: ignore[misc]
        measure(port, "6: chunked, up to 1 GiB", lambda: chunked_gigabyte(port))
        measure(port, "5: 150 slow header senders", lambda: slowloris(port))
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
