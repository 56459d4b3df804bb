"""Decorated views keep their own signatures for a type checker (issue 11: ParamSpec).

Runs mypy on a small application and reads what it reveals: the decorator is typed
``Callable[P, R] -> Callable[P, R]``, so each view keeps its parameters and return type.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

APP = '''
from typing import Any
from flask import Flask
from ua_validate.flask import operation
from ua_validate.django import operation as django_operation

app = Flask(__name__)

@app.get("/uapi/cdr/<userId>")
@operation("cdr.list")
def cdr(params: dict[str, Any]) -> dict[str, int]:
    return {"count": params["count"]}

@operation("cdr.list")
async def async_cdr(params: dict[str, Any]) -> list[str]:
    return []

@django_operation("cdr.list")
def django_cdr(request: object, params: dict[str, Any]) -> bytes:
    return b""

reveal_type(cdr)
reveal_type(async_cdr)
reveal_type(django_cdr)
'''


def test_decorated_views_keep_their_signatures(tmp_path: Path) -> None:
    source = tmp_path / "typed_app.py"
    source.write_text(APP)
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir",
                           str(tmp_path / "cache"), str(source)], capture_output=True, text=True, timeout=300)
    revealed = [line.split("Revealed type is ", 1)[1] for line in done.stdout.splitlines()
                if "Revealed type is" in line]
    assert revealed == [
        '"def (params: dict[str, Any]) -> dict[str, int]"',
        '"def (params: dict[str, Any]) -> typing.Coroutine[Any, Any, list[str]]"',
        '"def (request: object, params: dict[str, Any]) -> bytes"',
    ], done.stdout
    assert done.returncode == 0, done.stdout
