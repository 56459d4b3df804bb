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
from collections.abc import Awaitable, Callable
from typing import Any, Final

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp

from . import _asgi, _web
from ._asgi import Message, Receive, Scope, Send, Settings
from ._web import Config, Verdict, Verifier
from .errors import UAError
from .validator import Validator, default_validator

__all__ = ["UAValidate", "Verdict", "error_response", "operation"]

_OPERATION_KEY: Final = "ua_validate.operation"  # in the scope: the operation a request reached
_STATE_KEY: Final = "ua_validate"
_DEFAULT: Settings | None = None

Endpoint = Callable[..., Any]
ExceptionHandler = Callable[[Request, Exception], Any]


class UAValidate:
    """The settings of the ``operation`` endpoints, the error handlers and the crash guard.

    ``verify_token(token)`` returns ``True`` (or ``Verdict.VALID``) to let a request through,
    ``Verdict.EXPIRED`` for ``expired_token`` and ``False`` (or ``Verdict.DENIED``) for
    ``access_denied``; without it no ``Authorization`` header is asked for. The body limits are
    in bytes. Under ``prefixes`` an unrouted path or method answers ``not_implemented``, and
    an unexpected exception ``internal_server_error`` (as it does in any ``operation`` endpoint).
    """

    def __init__(
        self,
        app: Starlette | None = None,
        *,
        validator: Validator | None = None,
        verify_token: Verifier | None = None,
        max_json_body: int = _web.DEFAULT_MAX_JSON_BODY,
        max_multipart_body: int = _web.DEFAULT_MAX_MULTIPART_BODY,
        prefixes: tuple[str, ...] = _web.PREFIXES,
    ) -> None:
        self.config = Config(validator or default_validator(), verify_token, max_json_body,
                             max_multipart_body, prefixes)
        self.settings = Settings.of(self.config)
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Starlette) -> None:
        setattr(app.state, _STATE_KEY, self.settings)
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


def _debug(request: Request) -> bool:
    """The application's debug mode (Starlette(debug=True), FastAPI(debug=True))."""
    return "app" in request.scope and bool(getattr(request.app, "debug", False))


def _answer(err: UAError, request: Request) -> Response:
    response = error_response(err, _debug(request))
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
        return error_response(UAError("not_implemented", reason=_web.UNROUTED), _debug(request))
    answer = previous(request, exc)
    return await answer if inspect.isawaitable(answer) else answer


class _CrashGuard:
    """Answers an unexpected exception in an API request with the catalog's 500, logged safely.

    Starlette's ServerErrorMiddleware would log the exception with its message (which may
    quote request values) and raise it again; this middleware sits inside it and stops it.
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
            _web.log_unexpected(exc, op_id)
            debug = bool(getattr(scope.get("app"), "debug", False))
            crashed = UAError("internal_server_error", reason=_web.CRASHED)
            await error_response(crashed, debug)(scope, receive, send)


def _settings(request: Request) -> Settings:
    global _DEFAULT
    found = getattr(request.app.state, _STATE_KEY, None) if "app" in request.scope else None
    if isinstance(found, Settings):
        return found
    if _DEFAULT is None:
        _DEFAULT = Settings.of(Config())
    return _DEFAULT


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


async def clean(name: str, request: Request) -> dict[str, Any]:
    """The cleaned parameters of ``request`` for operation ``name``; raises UAError."""
    settings = _settings(request)
    op = settings.config.validator.operation(name)
    request.scope[_OPERATION_KEY] = op.id
    names = {param.name for param in op.params if param.location == "path"}
    path = {key: value for key, value in request.path_params.items() if key in names}
    return await _asgi.clean(op, settings, request.scope, _receive(request), path)


def operation(name: str) -> Callable[[Endpoint], Callable[..., Awaitable[Any]]]:
    """Validate the request for operation ``name`` before the endpoint runs.

    The endpoint gets the cleaned parameters after the request: ``endpoint(request, params)``
    (``self`` first on an ``HTTPEndpoint`` method). Each parameter is read from its documented
    location only. An invalid request, and any UAError the endpoint raises, is answered with
    its documented status and body. ``async def`` and plain endpoints alike (plain ones run in
    the thread pool, as Starlette runs them).
    """
    default_validator().operation(name)  # an unknown id fails here, at import time

    def decorate(endpoint: Endpoint) -> Callable[..., Awaitable[Any]]:
        is_async = inspect.iscoroutinefunction(endpoint)

        @functools.wraps(endpoint)
        async def run(*args: Any) -> Any:
            request = args[-1]
            try:
                params = await clean(name, request)
                if is_async:
                    return await endpoint(*args, params)
                return await run_in_threadpool(endpoint, *args, params)
            except UAError as err:
                return _answer(err, request)

        return run

    return decorate
