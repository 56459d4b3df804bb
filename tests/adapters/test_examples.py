"""The README's examples run and answer as documented."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ua_validate import UAError, validate_request

from .common import SIMPLE, body

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COUNT_INVALID = b'{"error":{"code":"count_invalid","message":"Parameter count is invalid."}}'
NOT_IMPLEMENTED = b'{"error":{"code":"not_implemented","message":"The operation is not implemented."}}'
ODD_PATHS = ("/uapi/cdr//@me", "/uapi//cdr/@me")


def expected(path: str) -> tuple[int, bytes]:
    """What validate_request answers for a GET of ``path`` (an error, for these paths)."""
    with pytest.raises(UAError) as raised:
        validate_request("GET", path)
    return raised.value.status, raised.value.entry.body_bytes


def test_the_flask_example() -> None:
    spec = importlib.util.spec_from_file_location("ua_validate_example_flask", EXAMPLES / "flask_app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    client = module.app.test_client()
    assert client.get("/uapi/cdr/@me?count=5").get_json() == {"user": "@me", "count": 5, "records": []}
    answer = client.get("/uapi/cdr/@me?count=x")
    assert (answer.status_code, answer.content_type, answer.data) == (400, "application/json", COUNT_INVALID)
    assert client.get("/uapi/nothing").data == NOT_IMPLEMENTED
    answer = client.post("/uapi/phoneCalls/@me/simple", data=body(SIMPLE), content_type="application/json")
    assert answer.get_json() == {"calling": ["5353535"]}
    # issue 10 finding 7: an empty segment is what validate_request reads, not a redirect (308)
    for path in ODD_PATHS:
        answer = client.get(path)
        assert (answer.status_code, answer.data) == expected(path)


def test_the_django_example() -> None:
    # Django settings are per process: the example configures its own, so it runs in a new one.
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(EXAMPLES)!r})\n"
        "import django_app\n"
        "from django.test import Client\n"
        "client = Client()\n"
        f"answers = [client.get(p) for p in ('/uapi/cdr/@me?count=5', '/uapi/cdr/@me?count=x', '/uapi/x', *{ODD_PATHS!r})]\n"
        "print(json.dumps([[a.status_code, a['Content-Type'], a.content.decode()] for a in answers]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [
        [200, "application/json", '{"user": "@me", "count": 5, "records": []}'],
        [400, "application/json", COUNT_INVALID.decode()],
        [501, "application/json", NOT_IMPLEMENTED.decode()],
        *([*expected(path)[:1], "application/json", expected(path)[1].decode()] for path in ODD_PATHS),
    ]
