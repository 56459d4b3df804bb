"""Starlette integration: one decorator per endpoint, and documented answers for every error.

    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from ua_validate.starlette import UAValidate, operation

    @operation("cdr.list")
    async def cdr(request, params):
        return JSONResponse({"count": params["count"]})

    app = Starlette(routes=[Route("/uapi/cdr/{userId}", cdr)])
    UAValidate(app)  # UAError -> its documented answer; crashes -> 500, unknown /uapi/ routes -> 501

Path parameters carry the names of SPEC §2 (``userId``, ``extension``, ``phoneCallId``,
``agent``, ``eventType``, ``eventId``). Bodies are read as the reference server reads them
(``ua_validate._asgi``): bounded, multipart fax uploads by python-multipart.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final, cast

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp

from . import _asgi, _web
from ._asgi import Message, Receive, Scope, Send
from ._web import Config, ConfigurationError, Verdict
from .errors import UAError
from .spec import Operation

__all__ = ["ConfigurationError", "UAValidate", "Verdict", "error_response", "operation"]

_OPERATION_KEY: Final = "ua_validate.operation"  # in the scope: the operation a request reached
_STATE_KEY: Final = "ua_validate"

ExceptionHandler = Callable[[Request, Exception], Any]


class UAValidate(_web.Extension[Starlette]):
    """The settings of the ``operation`` endpoints, the error handlers and the crash guard.

    The settings are the core's (``ua_validate._web.Extension``): ``validator``,
    ``verify_token``, ``max_json_body``, ``max_multipart_body``, ``prefixes``. Under the
    prefixes an unrouted path or method answers ``not_implemented``, and an unexpected
    exception ``internal_server_error`` (as it does in any ``operation`` endpoint).
    """

    def init_app(self, app: Starlette) -> None:
        setattr(app.state, _STATE_KEY, self.config)
        previous = app.exception_handlers.get(HTTPException, _http_exception)
        app.add_exception_handler(UAError, _uaerror_handler)
        app.add_exception_handler(HTTPException, functools.partial(_unrouted, self.config, previous))
        app.add_middleware(_CrashGuard, config=self.config)


def error_response(err: UAError, debug: bool = False) -> Response:
    """The documented answer to ``err``: its status and body, exactly as the catalog has them.

    With ``debug`` the answer also carries the reason in the ``X-UA-Reason`` header, and the
    reason is logged (``_web.render``); the integration passes the application's ``debug``.
    """
    status, body, headers = _web.render(err, debug)
    return Response(body, status, headers=dict(headers))


def _debug(scope: Scope) -> bool:
    """The application's debug mode (Starlette(debug=True), FastAPI(debug=True))."""
    return bool(getattr(scope.get("app"), "debug", False))


def _answer(err: UAError, request: Request) -> Response:
    response = error_response(err, _debug(request.scope))
    if request.scope.get(_asgi.UNREAD_KEY):
        response.headers["Connection"] = "close"  # or the server would read the rest of the body
    return response


async def _uaerror_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UAError)
    return _answer(exc, request)


def _http_exception(request: Request, exc: Exception) -> Response:
    """Starlette's own answer to an HTTPException (its ExceptionMiddleware's default)."""
    assert isinstance(exc, HTTPException)
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)


async def _unrouted(config: Config, previous: ExceptionHandler, request: Request, exc: Exception) -> Any:
    """Under the prefixes, routing's 404 (no route) and 405 (not this method) are ``not_implemented``."""
    assert isinstance(exc, HTTPException)
    scope = request.scope
    unrouted = (exc.status_code == 404 and "endpoint" not in scope) or (
        exc.status_code == 405 and _OPERATION_KEY not in scope)
    if unrouted and config.under_api(request.url.path):
        return error_response(UAError("not_implemented", reason=_web.UNROUTED), _debug(request.scope))
    answer = previous(request, exc)
    return await answer if inspect.isawaitable(answer) else answer


class _CrashGuard:
    """Answers an unexpected exception in an API request with the catalog's 500, logged safely.

    Starlette's ServerErrorMiddleware would log the exception with its message (which may
    quote request values) and raise it again; this middleware sits inside it and stops it.
    In the application's debug mode the exception goes on to Starlette's own handling.
    """

    def __init__(self, app: ASGIApp, config: Config) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            op_id = scope.get(_OPERATION_KEY)
            if started or (op_id is None and not self.config.under_api(scope["path"])):
                raise  # not an API request, or too late for an answer: the framework's own handling
            if _debug(scope):
                raise  # debug mode: Starlette's traceback page, the test client raises it (as Flask, Django)
            _web.log_unexpected(exc, op_id)
            await error_response(UAError("internal_server_error", reason=_web.CRASHED))(scope, receive, send)


def _config(request: Request) -> Config:
    return _web.configured(getattr(request.app.state, _STATE_KEY, None) if "app" in request.scope else None)


def _receive(request: Request) -> Receive:
    """The body as ASGI messages, from Starlette's stream (which knows a body already read)."""
    stream = request.stream().__aiter__()

    async def receive() -> Message:
        try:
            chunk = await stream.__anext__()
        except (StopAsyncIteration, ClientDisconnect):
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    return receive


class _Starlette(_web.AsyncAdapter):
    """The request is the endpoint's last positional argument (after ``self`` on a method)."""

    def config(self, args: tuple[Any, ...]) -> Config:
        return _config(args[-1])

    def route(self, args: tuple[Any, ...], keywords: Mapping[str, Any]) -> Mapping[str, Any]:
        request: Request = args[-1]
        return request.path_params

    async def incoming_async(self, op: Operation, config: Config, args: tuple[Any, ...],
                             path: Mapping[str, str]) -> _web.AsyncIncoming:
        request: Request = args[-1]
        request.scope[_OPERATION_KEY] = op.id
        return _asgi.incoming(config, request.scope, _receive(request), path)

    def respond(self, err: UAError, args: tuple[Any, ...]) -> Response:
        return _answer(err, args[-1])

    async def run_sync(self, view: Callable[..., Any], *args: Any, **keywords: Any) -> Any:
        return await run_in_threadpool(view, *args, **keywords)


ADAPTER: Final = _Starlette()


def operation(name: str) -> Callable[[Callable[..., Any]], Callable[..., Awaitable[Any]]]:
    """Validate the request for operation ``name`` before the endpoint runs.

    The endpoint gets the cleaned parameters after the request: ``endpoint(request, params)``
    (``self`` first on an ``HTTPEndpoint`` method). Each parameter is read from its documented
    location only. An invalid request, and any UAError the endpoint raises, is answered with
    its documented status and body. ``async def`` and plain endpoints alike (plain ones run in
    the thread pool, as Starlette runs them).
    """
    return cast(Callable[[Callable[..., Any]], Callable[..., Awaitable[Any]]], _web.decorator(ADAPTER, name))
