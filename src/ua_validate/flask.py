"""Flask integration: one decorator per view, and documented answers for every error.

    from flask import Flask
    from ua_validate.flask import UAValidate, operation

    app = Flask(__name__)
    UAValidate(app)  # UAError -> its documented answer; crashes -> 500, unknown /uapi/ routes -> 501

    @app.get("/uapi/cdr/<userId>")
    @operation("cdr.list")
    def cdr(params):
        return {"count": params["count"]}

Route variables carry the names of SPEC §2 (``userId``, ``extension``, ``phoneCallId``,
``agent``, ``eventType``, ``eventId``) with Flask's default string converter.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import ClientDisconnected, HTTPException, RequestEntityTooLarge

from . import _web
from ._web import Config, Verdict, Verifier
from .errors import UAError
from .validator import Validator, default_validator

__all__ = ["UAValidate", "Verdict", "error_response", "operation"]

_EXTENSION = "ua_validate"
_DEFAULT: Config | None = None

View = Callable[..., Any]


class UAValidate:
    """The Flask extension: settings for the ``operation`` views, and the error handlers.

    ``verify_token(token)`` returns ``True`` (or ``Verdict.VALID``) to let a request through,
    ``Verdict.EXPIRED`` for ``expired_token`` and ``False`` (or ``Verdict.DENIED``) for
    ``access_denied``; without it no ``Authorization`` header is asked for. The body limits are
    in bytes. Under ``prefixes`` an unrouted path or method answers ``not_implemented``, and
    an unexpected exception ``internal_server_error`` (as it does in any ``operation`` view).
    """

    def __init__(
        self,
        app: Flask | None = None,
        *,
        validator: Validator | None = None,
        verify_token: Verifier | None = None,
        max_json_body: int = _web.DEFAULT_MAX_JSON_BODY,
        max_multipart_body: int = _web.DEFAULT_MAX_MULTIPART_BODY,
        prefixes: tuple[str, ...] = _web.PREFIXES,
    ) -> None:
        self.config = Config(validator or default_validator(), verify_token, max_json_body,
                             max_multipart_body, prefixes)
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        app.extensions[_EXTENSION] = self.config
        app.register_error_handler(UAError, error_response)
        app.register_error_handler(Exception, _unexpected)


def error_response(err: UAError) -> Response:
    """The documented answer to ``err``: its status and body, exactly as the catalog has them."""
    status, body, headers = _web.render(err)
    # "400 Bad Request", not Werkzeug's "400 BAD REQUEST": the reason phrase Django sends too
    return Response(body, f"{status} {HTTPStatus(status).phrase}", headers)


def _unexpected(exc: Exception) -> Response | HTTPException:
    if isinstance(exc, HTTPException):
        # Unrouted (no URL rule matched: 404, or 405 for a known path) under the API prefixes.
        if exc.code in (404, 405) and request.url_rule is None and _config().under_api(request.path):
            return error_response(UAError("not_implemented"))
        return exc
    op_id = g.get("_ua_operation")
    if op_id is None and not _config().under_api(request.path):
        raise exc  # not an API request: Flask's own handling
    _web.log_unexpected(exc, op_id)
    return error_response(UAError("internal_server_error"))


def _config() -> Config:
    global _DEFAULT
    config = current_app.extensions.get(_EXTENSION)
    if isinstance(config, Config):
        return config
    if _DEFAULT is None:
        _DEFAULT = Config()
    return _DEFAULT


def _read(size: int) -> bytes:
    try:
        return request.stream.read(size)
    except RequestEntityTooLarge:  # the app's MAX_CONTENT_LENGTH, when smaller than ours
        raise _web.TooLarge from None
    except ClientDisconnected:
        return b""


def _clean(name: str, route: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(cleaned parameters, route variables the operation does not define); raises UAError."""
    config = _config()
    op = config.validator.operation(name)
    g._ua_operation = op.id
    path_names = {param.name for param in op.params if param.location == "path"}
    path = {key: value for key, value in route.items() if key in path_names}
    others = {key: value for key, value in route.items() if key not in path_names}
    incoming = _web.Incoming(
        method=request.method,
        authorization=request.headers.get("Authorization"),
        path=path,
        query=request.query_string,
        content_type=request.headers.get("Content-Type"),
        content_length=request.content_length,
        read=_read,
    )
    return _web.handle(op, config, incoming), others


def operation(name: str) -> Callable[[View], View]:
    """Validate the request for operation ``name`` before the view runs.

    Each parameter is read from its documented location only: route variables named as in
    SPEC, the query string (a repeated key stays repeated, and so fails), the JSON body (or a
    multipart fax upload for ``faxes.create``). The view gets the cleaned parameters as its
    last positional argument (after ``self`` on a ``MethodView``), and keeps any route
    variable the operation does not define as a keyword. An invalid request, and any UAError
    the view raises, is answered with its documented status and body. Plain, ``MethodView``
    and ``async def`` views alike.
    """
    default_validator().operation(name)  # an unknown id fails here, at import time

    def decorate(view: View) -> View:
        if inspect.iscoroutinefunction(view):

            @functools.wraps(view)
            async def run_async(*args: Any, **route: Any) -> Any:
                try:
                    params, others = _clean(name, route)
                    return await view(*args, params, **others)
                except UAError as err:
                    return error_response(err)

            return run_async

        @functools.wraps(view)
        def run(*args: Any, **route: Any) -> Any:
            try:
                params, others = _clean(name, route)
                return view(*args, params, **others)
            except UAError as err:
                return error_response(err)

        return run

    return decorate
