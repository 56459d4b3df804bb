"""Requests per second and server CPU µs per request, in the same run, for four HTTP servers.

    .venv/bin/python benchmarks/server.py [--requests 4000] [--connections 4] [--rounds 3]

Servers, each a separate process on 127.0.0.1 (port from the OS), all answering a valid
``cdr.list`` request (``GET /uapi/cdr/@me?count=100&startDate=...&sortOrder=desc``):

- ``ua-validate serve --quiet`` (the reference server: uvicorn + h11, the library's router,
  validation and the JSON echo); also without ``--quiet`` (one access-log line per request);
- a bare Flask app on waitress (8 threads) that validates nothing and answers ``{}``;
- a bare Starlette app on uvicorn (its default HTTP parser) that validates nothing;
- a FastAPI app on uvicorn whose endpoint calls ``ua_validate.validate``.

This process is the load: ``--connections`` keep-alive connections in threads. The server's
CPU is read from ``/proc/<pid>/stat`` (user + system ticks) before and after the timed
requests, so the client's own CPU does not count. Rounds alternate between servers; each
figure is the best round. The machine may be shared: absolute figures move, read the ratios.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

TARGET = "/uapi/cdr/@me?count=100&startDate=2024-01-01T00:00:00&sortOrder=desc"
BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK")

FLASK = """
from flask import Flask
from waitress import serve
app = Flask(__name__)
@app.get("/uapi/cdr/<userId>")
def cdr(userId):
    return {}
serve(app, host="127.0.0.1", port=PORT, threads=8, _quiet=True)
"""
STARLETTE = """
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
async def cdr(request):
    return JSONResponse({})
app = Starlette(routes=[Route("/uapi/cdr/{userId}", cdr)])
uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning", access_log=False)
"""
FASTAPI = """
import uvicorn
from fastapi import FastAPI, Request
from ua_validate import UAError, validate
from fastapi.responses import JSONResponse, Response
app = FastAPI()
@app.get("/uapi/cdr/{userId}")
async def cdr(userId: str, request: Request):
    try:
        params = validate("cdr.list", {**request.query_params, "userId": userId})
    except UAError as err:
        return Response(err.entry.body_bytes, err.status, media_type="application/json")
    return {"operation": "cdr.list", "count": params["count"]}
uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


class Server:
    def __init__(self, name: str, command: list[str], port: int) -> None:
        self.name = name
        self.port = port
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(port, http.client.HTTPConnection("127.0.0.1", port, timeout=5)) == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{name} did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def get(port: int, conn: http.client.HTTPConnection) -> int:
    conn.request("GET", TARGET)
    response = conn.getresponse()
    response.read()
    return response.status


def load(server: Server, requests: int, connections: int) -> tuple[float, float]:
    """(requests per second, server CPU µs per request) of one round."""
    per_connection = requests // connections
    conns = [http.client.HTTPConnection("127.0.0.1", server.port, timeout=30) for _ in range(connections)]
    for conn in conns:
        get(server.port, conn)  # connected and warm
    failures: list[int] = []

    def client(conn: http.client.HTTPConnection) -> None:
        for _ in range(per_connection):
            status = get(server.port, conn)
            if status != 200:
                failures.append(status)

    threads = [threading.Thread(target=client, args=(conn,)) for conn in conns]
    cpu_before = cpu_seconds(server.process.pid)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(server.process.pid) - cpu_before
    for conn in conns:
        conn.close()
    if failures:
        raise RuntimeError(f"{server.name}: {len(failures)} answers were not 200")
    total = per_connection * connections
    return total / elapsed, cpu / total * 1e6


def start_all() -> list[Server]:
    servers = []
    port = free_port()
    servers.append(Server("ua-validate serve", [str(BIN / "ua-validate"), "serve", "--quiet", "--port", str(port)],
                          port))
    port = free_port()
    servers.append(Server("ua-validate serve (access log)", [str(BIN / "ua-validate"), "serve", "--port",
                                                             str(port)], port))
    for name, source in [("bare Flask on waitress", FLASK), ("bare Starlette on uvicorn", STARLETTE),
                         ("FastAPI + validate on uvicorn", FASTAPI)]:
        port = free_port()
        code = textwrap.dedent(source).replace("PORT", str(port))
        servers.append(Server(name, [sys.executable, "-c", code], port))
    return servers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    servers = start_all()
    best: dict[str, tuple[float, float]] = {}
    try:
        for _ in range(args.rounds):
            for server in servers:
                rate, cpu = load(server, args.requests, args.connections)
                previous = best.get(server.name)
                best[server.name] = (max(rate, previous[0]) if previous else rate,
                                     min(cpu, previous[1]) if previous else cpu)
    finally:
        for server in servers:
            server.stop()
    baseline = best["bare Flask on waitress"][1]
    print(f"{args.requests} valid cdr.list requests per round, {args.connections} keep-alive connections, "
          f"best of {args.rounds} rounds; load average {os.getloadavg()[0]:.2f}")
    print(f"{'server':<34}{'req/s':>8}{'CPU µs/req':>12}{'vs Flask CPU':>13}")
    for name, (rate, cpu) in best.items():
        print(f"{name:<34}{rate:>8.0f}{cpu:>12.0f}{cpu / baseline:>13.2f}")


if __name__ == "__main__":
    main()
