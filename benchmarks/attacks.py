"""Hostile requests (issue 10): the time to answer each, and normal requests while they run.

Adapter section (this file's ``flask_attacks`` and ``django_attacks``): the hostile multipart
bodies of finding 2 sent to a ``faxes.create`` view through Flask's and Django's own test
clients, in process, so the figures are the adapters' (the framework's parser plus the core),
not a server's. For each attack: the CPU time to answer it (median of 5), and the wall-clock
latency of a plain ``GET /uapi/cdr/@me`` sent from the main thread while two threads send the
attack in a loop (median and worst of 30). The baseline, ``before``, is the hand-written parser
the adapters had (``_old_multipart.py``) on the same bodies, smaller where it would take
minutes.

    .venv/bin/python benchmarks/attacks.py [--quick]
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
import types
from collections.abc import Callable
from typing import Any

FAX = "/uapi/faxes/@me/210"
TYPE = "multipart/form-data; boundary=b"
HEAD = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"; x="'

Send = Callable[[str, str, bytes, str], tuple[int, bytes]]


def attack_bodies(semicolons: int = 40_000, header: int = 1 << 20, parts: int = 100_000) -> dict[str, bytes]:
    """Finding 2's bodies: a quoted run of ``;``, one huge part header, many empty parts."""
    return {
        f"{semicolons:,} ';' in a Content-Disposition": HEAD + b";" * semicolons + b'"\r\n\r\nx\r\n--b--\r\n',
        f"one {header >> 10} KiB part header": HEAD + b";" * header + b'"\r\n\r\nx\r\n--b--\r\n',
        f"{parts:,} empty parts": b"--b\r\n\r\n\r\n" * parts + b"--b--\r\n",
    }


def _cpu_ms(work: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def _latency_during(send: Send, body: bytes, samples: int) -> tuple[float, float]:
    """(median, worst) ms of a plain GET while two threads send ``body`` in a loop."""
    stop = threading.Event()

    def attack() -> None:
        while not stop.is_set():
            send("POST", FAX, body, TYPE)

    threads = [threading.Thread(target=attack, daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    latencies = []
    try:
        for _ in range(samples):
            start = time.perf_counter()
            status, _ = send("GET", "/uapi/cdr/@me", b"", "")
            latencies.append((time.perf_counter() - start) * 1000)
            assert status == 200
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return statistics.median(latencies), max(latencies)


def _measure(name: str, send: Send, quick: bool) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for attack, body in attack_bodies().items():
        status, answer = send("POST", FAX, body, TYPE)
        assert status == 400 and b"fx_recipients_invalid" in answer, (status, answer)
        cpu = _cpu_ms(lambda body=body: send("POST", FAX, body, TYPE), 2 if quick else 5)
        median, worst = _latency_during(send, body, 5 if quick else 30)
        rows.append((name, attack, f"{cpu:.1f}", f"{median:.1f}", f"{worst:.1f}"))
    return rows


def flask_attacks(quick: bool = False) -> list[tuple[str, str, str, str, str]]:
    """The attacks through ``ua_validate.flask`` (Werkzeug's form parser)."""
    from flask import Flask

    from ua_validate.flask import UAValidate, operation

    app = Flask("attacks")
    UAValidate(app)
    app.add_url_rule("/uapi/faxes/<userId>/<extension>", "fax",
                     operation("faxes.create")(lambda params: {"files": len(params["files"])}), methods=["POST"])
    app.add_url_rule("/uapi/cdr/<userId>", "cdr", operation("cdr.list")(lambda params: {"count": params["count"]}))
    client = app.test_client()

    def send(method: str, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        response = client.open(path, method=method, data=body, content_type=content_type or None)
        return response.status_code, response.get_data()

    return _measure("flask", send, quick)


def django_attacks(quick: bool = False) -> list[tuple[str, str, str, str, str]]:
    """The attacks through ``ua_validate.django`` (Django's ``request.FILES``)."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(SECRET_KEY="attacks", ALLOWED_HOSTS=["testserver"], ROOT_URLCONF="attacks_urls",
                           MIDDLEWARE=["ua_validate.django.UAMiddleware"], LOGGING_CONFIG=None)
        django.setup()
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import path

    from ua_validate.django import operation

    module = types.ModuleType("attacks_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("uapi/faxes/<str:userId>/<str:extension>",
             operation("faxes.create")(lambda request, params: HttpResponse(str(len(params["files"]))))),
        path("uapi/cdr/<str:userId>", operation("cdr.list")(lambda request, params: HttpResponse("ok"))),
    ]
    sys.modules["attacks_urls"] = module
    client = Client()

    def send(method: str, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        response = client.generic(method, path, body, content_type)
        return response.status_code, response.content

    return _measure("django", send, quick)


def before(quick: bool = False) -> list[tuple[str, str, str, str, str]]:
    """The removed hand-written parser on the same bodies (smaller where it takes minutes)."""
    from _old_multipart import parts

    bodies = {**attack_bodies(semicolons=4_000, header=16 << 10), **attack_bodies(header=64 << 10)}
    if quick:
        bodies = attack_bodies(semicolons=4_000, header=16 << 10)
    return [("before", attack, f"{_cpu_ms(lambda body=body: parts(TYPE, body), 1):.1f}", "-", "-")
            for attack, body in bodies.items()]


def main() -> None:
    quick = "--quick" in sys.argv
    rows = [*before(quick), *flask_attacks(quick), *django_attacks(quick)]
    print("| adapter | attack | CPU ms to answer | GET ms during (median) | GET ms during (worst) |")
    print("|---|---|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
