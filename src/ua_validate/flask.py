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

import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, ParamSpec, TypeVar

from flask import Flask, Response, current_app, g, has_app_context, has_request_context, request
from werkzeug.exceptions import ClientDisconnected, HTTPException, RequestEntityTooLarge
from werkzeug.routing import RequestRedirect

from . import _web
from ._web import Config, ConfigurationError, Verdict
from .errors import UAError
from .spec import Operation

__all__ = ["ConfigurationError", "UAValidate", "Verdict", "error_response", "operation"]

_EXTENSION = "ua_validate"
_MISPLACED = "_ua_operation_misplaced"  # set on a view that @operation wrapped: see _before

P = ParamSpec("P")
R = TypeVar("R")


class UAValidate(_web.Extension[Flask]):
    """The Flask extension: settings for the ``operation`` views, and the error handlers.

    The settings are the core's (``ua_validate._web.Extension``): ``validator``,
    ``verify_token``, ``max_json_body``, ``max_multipart_body``, ``prefixes``. Under the
    prefixes an unrouted path or method answers ``not_implemented``, and an unexpected
    exception ``internal_server_error`` (as it does in any ``operation`` view). In testing or
    debug mode (``PROPAGATE_EXCEPTIONS``) unexpected exceptions propagate, as Flask lets them.
    """

    def init_app(self, app: Flask) -> None:
        app.extensions[_EXTENSION] = self.config
        app.register_error_handler(UAError, error_response)
        app.register_error_handler(Exception, _unexpected)
        app.before_request(_before)
        # Flask logs "Exception on <path> [<method>]" for a failure outside the view (making
        # its response, an after_request hook): paths carry phone numbers. _unexpected logs it.
        app.logger.addFilter(_withhold_paths)


def error_response(err: UAError, debug: bool | None = None) -> Response:
    """The documented answer to ``err``: its status and body, exactly as the catalog has them.

    In debug or testing mode (``debug`` None: the current app's) the answer also carries the
    reason in the ``X-UA-Reason`` header, and the reason is logged (``_web.render``).
    """
    if debug is None:
        debug = has_app_context() and bool(current_app.debug or current_app.testing)
    status, body, headers = _web.render(err, debug)
    # "400 Bad Request", not Werkzeug's "400 BAD REQUEST": the reason phrase Django sends too
    return Response(body, f"{status} {HTTPStatus(status).phrase}", headers)


def _propagates() -> bool:
    """Whether Flask lets exceptions through (testing, debug, PROPAGATE_EXCEPTIONS)."""
    propagate = current_app.config.get("PROPAGATE_EXCEPTIONS")
    return bool(current_app.testing or current_app.debug) if propagate is None else bool(propagate)


def _in_api() -> bool:
    return g.get("_ua_operation") is not None or _config().under_api(request.path)


def _unexpected(exc: Exception) -> Response | HTTPException:
    if isinstance(exc, HTTPException):
        original = getattr(exc, "original_exception", None)
        if exc.code == 500 and isinstance(original, Exception) and _in_api():
            # A failure after the view (Flask's InternalServerError wrapping it): a documented 500.
            _web.log_unexpected(original, g.get("_ua_operation"))
            return error_response(UAError("internal_server_error", reason=_web.CRASHED))
        # Unrouted (no URL rule matched: 404, or 405 for a known path) under the API prefixes.
        if exc.code in (404, 405) and request.url_rule is None and _config().under_api(request.path):
            return error_response(UAError("not_implemented", reason=_web.UNROUTED))
        return exc
    if not _in_api() or _ADAPTER.debug():
        raise exc  # not an API request, or testing/debug: Flask's own handling
    _web.log_unexpected(exc, g.get("_ua_operation"))
    return error_response(UAError("internal_server_error", reason=_web.CRASHED))


def _withhold_paths(record: logging.LogRecord) -> bool:
    if has_request_context() and str(record.msg).startswith("Exception on ") and _in_api():
        return False
    return True


def _before() -> None:
    """Checks before any view runs: misplaced decorators, merged slashes, OPTIONS tokens."""
    view = current_app.view_functions.get(request.endpoint or "")
    misplaced = getattr(view, _MISPLACED, None)
    if misplaced is not None:
        raise ConfigurationError(
            f"@operation({misplaced!r}) sits above the route decorator of "
            f"{getattr(view, '__qualname__', view)!r}, so the route serves the view unvalidated: "
            "put @operation below the route decorator")
    config = _config()
    if not config.under_api(request.path):
        return
    if isinstance(request.routing_exception, RequestRedirect) and "//" in request.path:
        raise UAError("not_implemented", reason=_web.UNROUTED)  # "//": an empty segment, as validate_request reads it
    if request.method == "OPTIONS" and request.url_rule is not None and config.verify_token is not None:
        _web.authorize(request.headers.get("Authorization"), config.verify_token)


def _config() -> Config:
    return _web.configured(current_app.extensions.get(_EXTENSION))


def _read(size: int) -> bytes:
    try:
        return request.stream.read(size)
    except RequestEntityTooLarge:  # the app's MAX_CONTENT_LENGTH, when smaller than ours
        raise _web.TooLarge from None
    except ClientDisconnected:
        return b""


def _form(limit: int) -> _web.Form:
    """The multipart body by Werkzeug's form parser, within ``limit`` and Flask's own limits.

    Flask's MAX_FORM_MEMORY_SIZE bounds each text part and each part's headers,
    MAX_FORM_PARTS the number of parts; a chunked body stops at ``limit``.
    """
    app_limit = request.max_content_length
    request.max_content_length = limit if app_limit is None else min(limit, app_limit)
    try:
        files = request.files
        fields = request.form
    except RequestEntityTooLarge:
        raise _web.TooLarge from None
    except ClientDisconnected:
        raise _web.Malformed from None
    uploads = []
    for part, storage in files.items(multi=True):
        stream = storage.stream
        stream.seek(0, 2)
        uploads.append(_web.Upload(part, storage.filename or "", storage.content_type, stream.tell()))
    return _web.Form(list(fields.items(multi=True)), uploads)


class _Flask(_web.Adapter):
    def config(self, args: tuple[Any, ...]) -> Config:
        return _config()

    def incoming(self, op: Operation, args: tuple[Any, ...], path: Mapping[str, str]) -> _web.Incoming:
        g._ua_operation = op.id
        return _web.Incoming(
            method=request.method,
            authorization=request.headers.get("Authorization"),
            path=path,
            query=request.query_string,
            content_type=request.headers.get("Content-Type"),
            content_length=request.content_length,
            read=_read,
            form=_form,
        )

    def respond(self, err: UAError, args: tuple[Any, ...]) -> Response:
        return error_response(err)

    def finish(self, op: Operation, result: Any) -> Any:
        # Made here, not by Flask after the view: a failure (a set in a returned dict) is then
        # this operation's documented 500, and no log line names the path.
        return current_app.make_response(result)

    def debug(self) -> bool:
        return _propagates()

    def decorated(self, wrapped: Callable[..., Any], view: Callable[..., Any], name: str) -> None:
        # Only the undecorated view carries the mark (wraps() copied its attributes before), so
        # a route that serves it has @operation above the route decorator.
        try:
            setattr(view, _MISPLACED, name)
        except AttributeError:  # a callable that takes no attributes: no check
            pass


_ADAPTER = _Flask()


def operation(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Validate the request for operation ``name`` before the view runs.

    Each parameter is read from its documented location only: route variables named as in
    SPEC, the query string (a repeated key stays repeated, and so fails), the JSON body (or a
    multipart upload where the operation's schema accepts one, parsed by Werkzeug). The view
    gets the cleaned parameters as its last positional argument (after ``self`` on a
    ``MethodView``), and keeps any route variable the operation does not define as a keyword
    (it must name it as a parameter). An invalid request, and any UAError the view raises, is
    answered with its documented status and body. Plain, ``MethodView`` and ``async def``
    views alike. The decorated view keeps the view's own type for type checkers.

    The id is checked here against the default Spec (or a custom Spec an extension was made
    with) and on each request against the app's Validator.
    """
    return _web.decorator(_ADAPTER, name)
