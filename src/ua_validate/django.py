"""Django integration: one decorator per view, and middleware for documented 500s and 501s.

    # settings.py
    MIDDLEWARE = ["ua_validate.django.UAMiddleware", ...]
    UA_VALIDATE = {"verify_token": "myapp.auth.verify"}  # optional, see below

    # views.py
    from django.http import JsonResponse
    from ua_validate.django import operation

    @operation("cdr.list")
    def cdr(request, params):
        return JsonResponse({"count": params["count"]})

    # urls.py
    urlpatterns = [path("uapi/cdr/<userId>", cdr)]

Route variables carry the names of SPEC §2 (``userId``, ``extension``, ``phoneCallId``,
``agent``, ``eventType``, ``eventId``) with the ``str`` path converter.

``UA_VALIDATE`` holds the same settings as the Flask extension, in lower case:
``validator`` (a ``Validator``), ``verify_token`` (a callable or its dotted path: it gets the
bearer token and returns ``True``/``Verdict.VALID``, ``Verdict.EXPIRED`` or
``False``/``Verdict.DENIED``), ``max_json_body`` and ``max_multipart_body`` (bytes) and
``prefixes``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings  # type: ignore[import-untyped, unused-ignore]
from django.core.exceptions import (  # type: ignore[import-untyped, unused-ignore]
    BadRequest,
    ImproperlyConfigured,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.signals import request_started  # type: ignore[import-untyped, unused-ignore]
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase  # type: ignore[import-untyped, unused-ignore]
from django.http.multipartparser import MultiPartParserError  # type: ignore[import-untyped, unused-ignore]
from django.utils.http import parse_header_parameters  # type: ignore[import-untyped, unused-ignore]
from django.utils.module_loading import import_string  # type: ignore[import-untyped, unused-ignore]
from django.views import View  # type: ignore[import-untyped, unused-ignore]

from . import _web
from ._web import Config, ConfigurationError, Verdict
from .errors import UAError
from .spec import Operation
from .validator import Validator

__all__ = ["ConfigurationError", "UAMiddleware", "UAView", "Verdict", "error_response", "operation"]

P = ParamSpec("P")
R = TypeVar("R")
_SETTING = "UA_VALIDATE"
_KEYS = _web.SETTINGS
_cached: tuple[object, Config] | None = None
# Exceptions Django itself turns into an answer (404, 403, 400): a view raises them on purpose.
_CHOSEN_ANSWERS = (Http404, PermissionDenied, BadRequest, SuspiciousOperation)
# Django's own limits on a multipart body: DATA_UPLOAD_MAX_NUMBER_FIELDS, _NUMBER_FILES, _MEMORY_SIZE.
_OVER_LIMITS = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def error_response(err: UAError, debug: bool | None = None) -> HttpResponse:
    """The documented answer to ``err``: its status and body, exactly as the catalog has them.

    With ``DEBUG`` (``debug`` None: the settings') the answer also carries the reason in the
    ``X-UA-Reason`` header, and the reason is logged (``_web.render``).
    """
    if debug is None:
        debug = bool(settings.configured and settings.DEBUG)
    status, body, headers = _web.render(err, debug)
    response = HttpResponse(body, status=status, headers=dict(headers))
    # Servers need the length to frame the answer (HEAD, pipelined requests); Django adds it
    # only with CommonMiddleware.
    response["Content-Length"] = str(len(body))
    # Django would log the request path, which carries extensions and phone numbers: personal
    # data. Unexpected exceptions are logged by operation id instead (see UAMiddleware).
    response._has_been_logged = True  # type: ignore[attr-defined, unused-ignore]
    return response


def _config() -> Config:
    """The Config of ``settings.UA_VALIDATE`` (a dict of Config's fields, in lower case)."""
    global _cached
    raw = getattr(settings, _SETTING, None)
    if _cached is not None and _cached[0] is raw:
        return _cached[1]
    values = dict(raw or {})
    unknown = set(values) - _KEYS
    if unknown:
        raise ImproperlyConfigured(f"{_SETTING}: unknown keys {sorted(unknown)}; known: {sorted(_KEYS)}")
    if isinstance(values.get("verify_token"), str):
        values["verify_token"] = import_string(values["verify_token"])
    try:
        config = Config(**values)
    except (TypeError, ValueError) as err:
        raise ImproperlyConfigured(f"{_SETTING}: {err}") from None
    _cached = (raw, config)
    return config


def _parses(content_type: str) -> bool:
    try:
        parse_header_parameters(content_type)
    except Exception:  # TypeError from Python's email helpers, for one
        return False
    return True


def _unparseable_type_is_a_wrong_type(sender: object, environ: Any = None, scope: Any = None,
                                      **kwargs: Any) -> None:
    """Drop the parameters of a Content-Type Django cannot parse, before Django reads it.

    Django builds every request's ``content_type`` with Python's email helpers, which raise
    TypeError on some RFC 2231 parameters (``boundary=b; x*=a; x*0=b``, issue 10 finding 1)
    before any middleware runs: a 500 (and a logged path) no view could prevent. Such a type
    keeps its media type only, as the core reads it: a multipart body without its boundary
    is then malformed, so it counts as empty.
    """
    if isinstance(environ, dict):
        value = environ.get("CONTENT_TYPE")
        if isinstance(value, str) and value and not _parses(value):
            environ["CONTENT_TYPE"] = value.split(";", 1)[0]
    elif isinstance(scope, dict) and scope.get("type") == "http":
        headers = list(scope.get("headers") or ())
        for index, (name, value) in enumerate(headers):
            if name.lower() == b"content-type" and not _parses(value.decode("latin-1")):
                headers[index] = (name, value.split(b";", 1)[0])
                scope["headers"] = headers


request_started.connect(_unparseable_type_is_a_wrong_type, dispatch_uid="ua_validate.django.content_type")


def _raw_query(request: HttpRequest) -> bytes:
    scope = getattr(request, "scope", None)
    if isinstance(scope, Mapping):  # ASGI: the query string as the client sent it
        raw = scope.get("query_string", b"")
        return raw if isinstance(raw, bytes) else str(raw).encode()
    environ = getattr(request, "environ", None)
    if isinstance(environ, Mapping):  # WSGI: bytes decoded as ISO-8859-1 (PEP 3333)
        return str(environ.get("QUERY_STRING", "")).encode("iso-8859-1", "replace")
    return str(request.META.get("QUERY_STRING", "")).encode()


def _content_length(request: HttpRequest) -> int | None:
    value = str(request.META.get("CONTENT_LENGTH") or "")
    return int(value) if value.isascii() and value.isdigit() else None


def _reader(request: HttpRequest) -> Callable[[int], bytes]:
    def read(size: int) -> bytes:
        try:
            return bytes(request.read(size))
        except OSError:  # UnreadablePostError: the client went away
            return b""

    return read


def _form_of(request: HttpRequest) -> Callable[[int], _web.Form]:
    def form(limit: int) -> _web.Form:
        # Django reads no more than the declared Content-Length, which the core has held to
        # ``limit`` (a body without one is empty under WSGI); Django's DATA_UPLOAD_* settings
        # bound the fields, the files and the text kept in memory.
        try:
            files = request.FILES
            fields = request.POST
        except _OVER_LIMITS:
            raise _web.TooLarge from None
        except (MultiPartParserError, SuspiciousOperation, OSError, ValueError, TypeError):
            # TypeError: Python's email helpers, which Django's header parser calls, fail so on
            # some RFC 2231 parameters (``filename*=a; filename*0=b``).
            raise _web.Malformed from None
        uploads = [_web.Upload(part, upload.name or "", upload.content_type, upload.size)
                   for part, upload in files.lists() for upload in upload]
        return _web.Form([(key, value) for key, values in fields.lists() for value in values], uploads)

    return form


def _request_of(args: tuple[Any, ...]) -> HttpRequest:
    for arg in args[:2]:  # (request, ...) for a function, (self, request, ...) for a method
        if isinstance(arg, HttpRequest):
            return arg
    raise TypeError("an @operation view takes the HttpRequest as its first argument (after self)")


class _Django(_web.Adapter):
    def config(self, args: tuple[Any, ...]) -> Config:
        return _config()

    def incoming(self, op: Operation, args: tuple[Any, ...], path: Mapping[str, str]) -> _web.Incoming:
        request = _request_of(args)
        request._ua_operation = op.id  # type: ignore[attr-defined, unused-ignore]
        return _web.Incoming(
            method=request.method or "",
            authorization=request.META.get("HTTP_AUTHORIZATION"),
            path=path,
            query=_raw_query(request),
            content_type=request.META.get("CONTENT_TYPE"),
            content_length=_content_length(request),
            read=_reader(request),
            form=_form_of(request),
        )

    def respond(self, err: UAError, args: tuple[Any, ...]) -> HttpResponse:
        return error_response(err)

    def finish(self, op: Operation, result: Any) -> Any:
        # Django's own check of a view's result raises outside the middleware's reach, and its
        # log line names the path (phone numbers): a view that returns no response is this
        # operation's documented 500 here, logged by operation id (with DEBUG, Django's check).
        if isinstance(result, HttpResponseBase) or settings.DEBUG:
            return result
        raise TypeError(f"the view returned {type(result).__name__}, not a response")

    def debug(self) -> bool:
        return bool(settings.DEBUG)

    def is_async(self, view: Callable[..., Any]) -> bool:
        return bool(iscoroutinefunction(view))

    def decorated(self, wrapped: Callable[..., Any], view: Callable[..., Any], name: str) -> None:
        wrapped.csrf_exempt = True  # type: ignore[attr-defined]


_ADAPTER = _Django()


def operation(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Validate the request for operation ``name`` before the view runs.

    Works on function views, on the handler methods (``get``, ``post``, ...) of class-based
    views, and on ``async def`` views. Each parameter is read from its documented location
    only: URL kwargs named as in SPEC, the query string (a repeated key stays repeated, and so
    fails), the JSON body (or a multipart upload where the operation's schema accepts one,
    parsed by Django's ``request.FILES``). The view gets the cleaned parameters after the
    request; URL kwargs the operation does not define stay keywords (the view must name
    them). An invalid request, and any UAError the view raises, is answered with its
    documented status and body. Function views are exempt from CSRF checks: the UnifiedAPI
    authenticates with bearer tokens, not cookies (for class-based views, see ``UAView``).

    The id is checked here against the default Spec or the Spec of ``UA_VALIDATE``'s
    validator (when settings are configured), and on each request against the latter.
    """
    if settings.configured:  # a custom Spec in the settings makes its ids known
        validator = (getattr(settings, _SETTING, None) or {}).get("validator")
        if isinstance(validator, Validator):
            _web.know_ids_of(validator)
    return _web.decorator(_ADAPTER, name)


class UAView(View):  # type: ignore[misc, unused-ignore]
    """A class-based view for ``@operation`` handlers, exempt from CSRF checks like them."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return super().dispatch(request, *args, **kwargs)

    dispatch.csrf_exempt = True  # type: ignore[attr-defined]  # as_view() copies it

    def options(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        """Django's answer (200 with ``Allow``), behind the token like every other method."""
        config = _config()
        if config.verify_token is None:
            return super().options(request, *args, **kwargs)
        try:
            _web.authorize(request.META.get("HTTP_AUTHORIZATION"), config.verify_token)
        except UAError as err:
            response = error_response(err)
            if not self.view_is_async:
                return response

            async def answer() -> HttpResponse:
                return response

            return answer()
        return super().options(request, *args, **kwargs)


class UAMiddleware:
    """Documented answers outside the views' own: UAError anywhere, 500 and 501.

    Any UAError a view raises gets its documented answer. Every answer of an ``@operation``
    view or under the prefixes carries its Content-Length, and no body for HEAD. In any
    ``@operation`` view, and
    under the prefixes (``UA_VALIDATE["prefixes"]``, by default ``/uapi`` and the legacy
    ``/unifiedapi``), an unexpected exception is answered with ``internal_server_error``
    (logged by operation id, without request values); under the prefixes, a path that no URL
    pattern matches, or a method the view does not handle (405), with ``not_implemented``.
    With ``DEBUG`` an unexpected exception goes to Django's own handling instead (the debug
    page; the test client raises it). Put it first in ``MIDDLEWARE``. Works under WSGI and
    ASGI.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if self.is_async:
            return self.__acall__(request)
        return self._finish(request, self.get_response(request))

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        return self._finish(request, await self.get_response(request))

    @staticmethod
    def _finish(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        in_api = getattr(request, "_ua_operation", None) is not None or _config().under_api(request.path_info)
        if not in_api:
            return response
        unrouted = response.status_code == 404 and getattr(request, "resolver_match", None) is None
        if unrouted or response.status_code == 405:
            response = error_response(UAError("not_implemented", reason=_web.UNROUTED))
        if not response.streaming:
            # Framing for any server (issue 10 finding 4): a length on every answer, so that
            # the connection stays usable for pipelined requests, and no body for HEAD
            # (Django leaves both to CommonMiddleware and the server).
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            if request.method == "HEAD":
                response.content = b""
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, UAError):
            return error_response(exc)
        op_id = getattr(request, "_ua_operation", None)
        if op_id is None and not _config().under_api(request.path_info):
            return None  # not an API request: Django's own handling
        if isinstance(exc, _CHOSEN_ANSWERS):
            return None  # Http404, PermissionDenied, BadRequest...: the view chose that answer
        if _ADAPTER.debug():
            return None  # DEBUG: Django's own handling (its debug page, the test client raises)
        _web.log_unexpected(exc, op_id)
        return error_response(UAError("internal_server_error", reason=_web.CRASHED))
