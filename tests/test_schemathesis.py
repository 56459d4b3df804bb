"""schemathesis, with its default checks, against the reference server: the document is exact.

`ua-validate serve` runs in a process of its own on a free loopback port. For every operation
of the OpenAPI document, schemathesis sends requests that fit it (positive) and requests that
do not (negative), and runs its default checks on every answer: not_a_server_error (the
documented 501 `not_implemented` of an unknown action is no server error), status code,
content type, response schema and headers conformance, negative_data_rejection and
positive_data_acceptance. So:

- no schema-invalid request is accepted: the document is never stricter than the engine;
- a schema-valid request is rejected only by a rule the document names in the operation's
  `x-ua-rules` (a rule JSON Schema cannot express), with the error that rule answers and one
  of its parameters in the request; any other rejection fails, so the document is never looser
  than the engine either;
- every 4xx/5xx body is a catalog entry, word for word.

Two exceptions, both where the server reads the request as something schemathesis cannot see:
parameters the document does not define are dropped (SPEC §7; schemathesis's own check already
leaves such cases alone), and on an operation whose body is optional a body that is not JSON
counts as a body without fields (SPEC §8; schemathesis sends such bytes as negative JSON, its
"syntax fuzzing"), so such a case is not held to negative_data_rejection.
"""

from __future__ import annotations

import copy
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
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import AcceptedNegativeData, Failure, FailureGroup
from schemathesis.core.mutations import OperatorKind
from schemathesis.openapi.checks import RejectedPositiveData

from ua_validate import catalog, openapi

pytestmark = pytest.mark.slow

DOCUMENT = openapi.document()
# Default checks, default expected statuses; 501 is the documented not_implemented (SPEC §2).
CONFIG: dict[str, Any] = {"checks": {"not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "501"]}}}
BODIES = {json.dumps(entry.body, sort_keys=True): entry for entry in catalog.ENTRIES}
EXAMPLES = 20  # per operation and mode: a bounded run, part of every `make test`


def _operations(document: dict[str, Any]) -> dict[str, Any]:
    schema = schemathesis.openapi.from_dict(document, config=SchemathesisConfig.from_dict(CONFIG))
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


OPERATIONS = _operations(DOCUMENT)


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
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    # The access log goes to a file: a pipe nobody reads fills up after a few hundred requests
    # and the server blocks writing its next line.
    log = tmp_path_factory.mktemp("server") / "stderr.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(_command(port), stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the reference server did not start: {log.read_text()[-2000:]!r}"
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


def _catalog_answer(response: Any) -> tuple[str, str] | None:
    """(code, message) of an error answer; it must be a catalog entry with its own status."""
    if response.status_code < 400:
        return None
    entry = BODIES.get(json.dumps(response.json(), sort_keys=True))
    assert entry is not None, f"{response.status_code} body is no catalog entry: {response.text[:300]}"
    assert entry.status == response.status_code, (entry, response.status_code)
    return entry.code, entry.message


def _sent(case: schemathesis.Case) -> set[str]:
    """The names of the parameters and top-level body fields the request carries."""
    names = set(case.path_parameters or {}) | set(case.query or {})
    if isinstance(case.body, dict):
        names |= set(case.body)
    return names


def _named_rule(case: schemathesis.Case, answer: tuple[str, str] | None) -> dict[str, Any] | None:
    """The operation's named rule (x-ua-rules) that answers ``answer``, with one of its
    parameters in the request; None when no named rule explains the rejection."""
    if answer is None:
        return None
    sent = _sent(case)
    for rule in case.operation.definition.raw["x-ua-rules"]:
        messages = {catalog.entry(e["code"], e.get("variant")).message for e in rule["errors"]}
        codes = {e["code"] for e in rule["errors"]}
        if answer[0] in codes and answer[1] in messages and \
                any(param.partition("[]")[0] in sent for param in rule["params"]):
            return dict(rule)
    return None


def _no_body_after_all(case: schemathesis.Case) -> bool:
    """A negative case whose only fault is a body that is not JSON, on an operation whose body
    is optional: the server reads it as no body (SPEC §8), a valid request."""
    meta = case.meta
    mutations = getattr(meta.phase.data, "mutations", ()) if meta is not None else ()
    body = case.operation.definition.raw.get("requestBody", {})
    return bool(mutations) and body.get("required") is False and \
        all(m.operator == OperatorKind.SYNTAX_FUZZING for m in mutations)


def _run(operation: Any, mode: GenerationMode, url: str, session: requests.Session,
         examples: int = EXAMPLES) -> tuple[list[str], dict[str, int]]:
    """Send ``examples`` cases; the failures of the default checks that no named rule explains,
    and how the cases went (sent, rejected, accepted, explained by a named rule)."""
    failures: list[str] = []
    tally = {"sent": 0, "rejected": 0, "accepted": 0, "named": 0}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        response = case.call(base_url=url, session=session, timeout=30)
        tally["sent"] += 1
        tally["rejected" if response.status_code >= 400 else "accepted"] += 1
        answer = _catalog_answer(response)
        excluded = [schemathesis.checks.negative_data_rejection] if _no_body_after_all(case) else []
        try:
            case.validate_response(response, excluded_checks=excluded)
        except FailureGroup as group:
            found: tuple[Failure, ...] = group.exceptions
        except Failure as failure:
            found = (failure,)
        else:
            found = ()
        for failure in found:
            if isinstance(failure, RejectedPositiveData) and _named_rule(case, answer) is not None:
                tally["named"] += 1
                continue
            failures.append(f"{type(failure).__name__}: {failure.title}; {case.method} {case.formatted_path} "
                            f"query={case.query!r} body={case.body!r} -> {response.status_code} {response.text[:200]}")

    run()
    return failures, tally


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_the_reference_server_answers_as_the_document_says(base_url: str, session: requests.Session, label: str,
                                                           mode: GenerationMode) -> None:
    failures, tally = _run(OPERATIONS[label], mode, base_url, session)
    assert not failures, "\n".join(failures[:10])
    assert tally["sent"] >= EXAMPLES // 2, tally
    if mode is GenerationMode.NEGATIVE:  # schema-invalid requests were sent, and refused
        assert tally["rejected"] > 0, tally


def test_every_operation_names_its_rules_and_says_so() -> None:
    for methods in DOCUMENT["paths"].values():
        for item in methods.values():
            for rule in item["x-ua-rules"]:
                assert rule["params"] and rule["errors"] and rule["description"], rule
                assert f"{rule['rule']} ({', '.join(rule['params'])})" in item["description"]
                for error in rule["errors"]:
                    catalog.entry(error["code"], error.get("variant"))  # a catalog entry


# --- the check can fail: a document stricter or looser than the engine is caught ------------------

def _altered(name: str, schema: dict[str, Any]) -> Any:
    """GET /uapi/cdr of a copy of the document with one parameter, ``name``, given ``schema``:
    every case schemathesis makes is about that parameter alone."""
    document = copy.deepcopy(DOCUMENT)
    item = document["paths"]["/uapi/cdr"]["get"]
    item["parameters"] = [{**p, "schema": schema} for p in item["parameters"] if p["name"] == name]
    return _operations(document)["GET /uapi/cdr"]


def test_a_document_stricter_than_the_engine_fails(base_url: str, session: requests.Session) -> None:
    # count up to 10: negative cases send 11 and more, which the engine accepts up to 5000.
    operation = _altered("count", {"type": "integer", "minimum": 1, "maximum": 10})
    failures, _ = _run(operation, GenerationMode.NEGATIVE, base_url, session)
    assert any(f.startswith(AcceptedNegativeData.__name__) for f in failures), failures


def test_a_document_looser_than_the_engine_fails(base_url: str, session: requests.Session) -> None:
    # count from 5001: positive cases send counts the engine refuses, and count_invalid is no
    # named rule of cdr.list.
    operation = _altered("count", {"type": "integer", "minimum": 5001, "maximum": 10**6})
    failures, _ = _run(operation, GenerationMode.POSITIVE, base_url, session)
    assert any(f.startswith(RejectedPositiveData.__name__) for f in failures), failures
