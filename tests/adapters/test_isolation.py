"""The core never imports a web framework; each adapter imports only its own."""

from __future__ import annotations

import subprocess
import sys

import pytest

FRAMEWORKS = ("flask", "werkzeug", "django", "waitress", "asgiref", "fastapi", "starlette", "uvicorn",
              "python_multipart", "httpx", "anyio")


def loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in out.split()} | set(out.split())


def test_the_core_imports_no_framework() -> None:
    loaded = loaded_after("import ua_validate; ua_validate.validate('cdr', {})")
    assert not loaded & {*FRAMEWORKS, "ua_validate.flask", "ua_validate.django", "ua_validate.server",
                         "ua_validate._web", "ua_validate._asgi", "ua_validate._multipart",
                         "ua_validate.fastapi", "ua_validate.starlette", "ua_validate.httpx",
                         "ua_validate._proxy"}


@pytest.mark.parametrize(("adapter", "foreign"), [
    ("ua_validate.flask", {"django", "waitress"}),
    ("ua_validate.django", {"flask", "werkzeug", "waitress"}),
    ("ua_validate.starlette", {"flask", "werkzeug", "django", "fastapi", "uvicorn", "httpx"}),
    ("ua_validate.fastapi", {"flask", "werkzeug", "django", "uvicorn", "httpx"}),
    ("ua_validate.server", {"flask", "werkzeug", "django", "waitress", "starlette", "fastapi", "uvicorn"}),
    ("ua_validate.httpx", {"flask", "werkzeug", "django", "waitress", "starlette", "fastapi", "uvicorn"}),
])
def test_each_adapter_imports_only_its_framework(adapter: str, foreign: set[str]) -> None:
    assert not loaded_after(f"import {adapter}") & foreign
