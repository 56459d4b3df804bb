"""The README's FastAPI, Starlette and httpx examples run and answer as documented."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from .common import SIMPLE, body
from .test_starlette import caller

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COUNT_INVALID = b'{"error":{"code":"count_invalid","message":"Parameter count is invalid."}}'
NOT_IMPLEMENTED = b'{"error":{"code":"not_implemented","message":"The operation is not implemented."}}'


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"ua_validate_example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["fastapi_app", "starlette_app"])
def test_the_asgi_examples(name: str) -> None:
    call = caller(load(name).app)
    assert call("GET", "/uapi/cdr/@me?count=5").json() == {"user": "@me", "count": 5, "records": []}
    answer = call("GET", "/uapi/cdr/@me?count=x")
    assert (answer.status, answer.content_type, answer.body) == (400, "application/json", COUNT_INVALID)
    assert call("GET", "/uapi/nothing").body == NOT_IMPLEMENTED
    answer = call("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE), "application/json")
    assert answer.json() == {"calling": ["5353535"]}


def test_the_httpx_example() -> None:
    assert load("httpx_client").main() == ["sent: 200", "not sent: 400 count_invalid", "not sent: 501 not_implemented"]
