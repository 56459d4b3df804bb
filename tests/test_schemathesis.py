"""schemathesis against the reference server, from the OpenAPI document: documented answers only.

`ua-validate serve` runs in a process of its own on a free loopback port. For every operation
of the document, schemathesis sends requests that fit it (positive) and requests that do not
(negative); every answer must be documented (status, content type, schema), no answer may be
a server error (501 only as the documented not_implemented), and every 4xx/5xx body must be a
catalog entry, word for word.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ua_validate import catalog, openapi

pytestmark = pytest.mark.slow

SCHEMA = schemathesis.openapi.from_dict(openapi.document())
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}
BODIES = {json.dumps(entry.body, sort_keys=True): entry for entry in catalog.ENTRIES}
EXAMPLES = 12  # per operation and mode: a bounded run, part of every `make test`


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _command(port: int) -> list[str]:
    script = shutil.which("ua-validate", path=str(Path(sys.executable).parent))
    head = [script] if script else [sys.executable, "-c", "import sys; from ua_validate.cli import main; "
                                                          "sys.exit(main(sys.argv[1:]))"]
    return [*head, "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", "4"]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(_command(port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the reference server did not start: {server.stderr.read()!r}"  # type: ignore[union-attr]
                                       ) from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as opened:
        opened.trust_env = False  # loopback only: no proxy from the environment
        yield opened


def _documented_answer(response: Any) -> None:
    """No server error but the documented 501, and every error body a catalog entry."""
    status = response.status_code
    assert status < 500 or status == 501, f"server error {status}: {response.text[:300]}"
    if status >= 400:
        entry = BODIES.get(json.dumps(response.json(), sort_keys=True))
        assert entry is not None, f"{status} body is no catalog entry: {response.text[:300]}"
        assert entry.status == status, (entry, status)
        assert status != 501 or entry.code == "not_implemented"


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_the_reference_server_answers_as_documented(base_url: str, session: requests.Session, label: str,
                                                    mode: GenerationMode) -> None:
    operation = OPERATIONS[label]
    statuses: list[int] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        response = case.call(base_url=base_url, session=session, timeout=30)
        statuses.append(response.status_code)
        _documented_answer(response)
        case.validate_response(response, checks=[status_code_conformance, content_type_conformance,
                                                 response_schema_conformance])

    run()
    assert statuses
