"""FastAPI integration: one dependency per endpoint, and documented answers for every error.

    from fastapi import Depends, FastAPI
    from ua_validate.fastapi import UAValidate, operation

    app = FastAPI()
    UAValidate(app)  # documented answers for errors, crashes (500) and unknown /uapi routes (501)

    @app.get("/uapi/cdr/{userId}")
    async def call_records(params: dict = Depends(operation("cdr.list"))):
        return {"user": params["userId"], "count": params["count"]}

FastAPI is Starlette underneath: the extension is ``ua_validate.starlette``'s, with FastAPI's
own answer kept for HTTP errors outside the API. ``async def`` and plain endpoints alike.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from starlette.exceptions import HTTPException

from . import _web
from . import starlette as _starlette
from ._web import Verdict

__all__ = ["UAValidate", "Verdict", "error_response", "operation"]

error_response = _starlette.error_response


class UAValidate(_starlette.UAValidate):
    """The FastAPI extension (see ``ua_validate.starlette.UAValidate`` for the settings)."""

    def init_app(self, app: FastAPI) -> None:  # type: ignore[override]
        if HTTPException not in app.exception_handlers:
            app.exception_handlers[HTTPException] = http_exception_handler
        super().init_app(app)


def operation(name: str) -> Callable[[Request], Awaitable[dict[str, Any]]]:
    """A dependency giving the cleaned parameters of operation ``name``: ``Depends(operation(name))``.

    An invalid request raises its UAError, which ``UAValidate(app)`` answers as documented.
    The id is checked here as ``ua_validate.starlette.operation`` checks it, and the request
    is read and validated by the same adapter.
    """
    _web.check_known(name)  # an unknown id fails here, at import time
    parser = _web.Parser(_starlette.ADAPTER, name)

    async def cleaned_parameters(request: Request) -> dict[str, Any]:
        return (await parser.parse_async((request,), {}))[1]

    cleaned_parameters.__name__ = f"ua_validate_{name.replace('.', '_')}"
    return cleaned_parameters
