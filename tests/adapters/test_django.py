"""The adapter contract on Django's test clients, in every view style, and Django-only cases.

Function and class-based views are called through ``Client`` (WSGI), the async ones through
``AsyncClient`` (ASGI), so the middleware runs in both of its modes.
"""

from __future__ import annotations

import asyncio
import re
import sys
import types
from collections.abc import Iterator, Mapping
from typing import Any

import django
import pytest
from asgiref.sync import async_to_sync
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="ua-validate-tests",
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF="ua_validate_test_urls_function",
        MIDDLEWARE=["ua_validate.django.UAMiddleware", "django.middleware.csrf.CsrfViewMiddleware"],
        INSTALLED_APPS=[],
        USE_TZ=True,
        LOGGING_CONFIG=None,
    )
    django.setup()

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.test import AsyncClient, Client, override_settings
from django.urls import path

from ua_validate import UAError, UnknownOperationError
from ua_validate.django import UAView, operation

from .common import (
    JSON,
    ROUTES,
    SIMPLE,
    SMALL_LIMIT,
    STYLES,
    AdapterContract,
    Answer,
    Call,
    assert_error,
    body,
    verify_token,
    view_result,
)


def _respond(op_id: str, style: str, params: dict[str, Any]) -> HttpResponse:
    status, data = view_result(op_id, style, params)
    return HttpResponse(data, status=status, content_type=JSON) if data else HttpResponse(status=status)


def _function(op_id: str, style: str) -> Any:
    if style == "async":

        @operation(op_id)
        async def async_view(request: HttpRequest, params: dict[str, Any]) -> HttpResponse:
            await asyncio.sleep(0)
            return _respond(op_id, style, params)

        return async_view

    @operation(op_id)
    def view(request: HttpRequest, params: dict[str, Any]) -> HttpResponse:
        return _respond(op_id, style, params)

    return view


def _method(op_id: str, style: str) -> Any:
    if style == "async_class":

        @operation(op_id)
        async def async_handler(self: UAView, request: HttpRequest, params: dict[str, Any]) -> HttpResponse:
            assert self.request is request
            await asyncio.sleep(0)
            return _respond(op_id, style, params)

        return async_handler

    @operation(op_id)
    def handler(self: UAView, request: HttpRequest, params: dict[str, Any]) -> HttpResponse:
        assert self.request is request
        return _respond(op_id, style, params)

    return handler


def _by_method(views: dict[str, Any], is_async: bool) -> Any:
    """One URL, several operations: a function view that picks by method."""
    if is_async:

        async def async_route(request: HttpRequest, **route: str) -> HttpResponse:
            view = views.get(request.method or "")
            if view is None:
                return HttpResponseNotAllowed(list(views))
            return await view(request, **route)  # type: ignore[no-any-return]

        return async_route

    def route(request: HttpRequest, **kwargs: str) -> HttpResponse:
        view = views.get(request.method or "")
        if view is None:
            return HttpResponseNotAllowed(list(views))
        return view(request, **kwargs)  # type: ignore[no-any-return]

    return route


def urlconf(style: str) -> str:
    """The name of a URLconf module holding ROUTES with views in ``style``."""
    name = f"ua_validate_test_urls_{style}"
    if name not in sys.modules:
        patterns = []
        for index, (template, methods) in enumerate(ROUTES):
            route = re.sub(r"\{(\w+)\}", r"<str:\1>", template.lstrip("/"))
            if style in ("function", "async"):
                views = {method: _function(op_id, style) for method, op_id in methods.items()}
                if len(views) == 1:  # the decorator itself answers other methods with 501
                    patterns.append(path(route, *views.values()))
                else:
                    patterns.append(path(route, _by_method(views, style == "async")))
            else:
                handlers = {method.lower(): _method(op_id, style) for method, op_id in methods.items()}
                view_class = type(f"Route{index}", (UAView,), handlers)
                patterns.append(path(route, view_class.as_view()))
        module = types.ModuleType(name)
        module.urlpatterns = patterns  # type: ignore[attr-defined]
        sys.modules[name] = module
    return name


def caller(style: str, **client_options: Any) -> Call:
    is_async = style.startswith("async")
    client: Any = AsyncClient(**client_options) if is_async else Client(**client_options)

    async def send_async(*args: Any, **kwargs: Any) -> Any:
        return await client.generic(*args, **kwargs)

    send = async_to_sync(send_async) if is_async else client.generic

    def call(method: str, path: str, body: bytes = b"", content_type: str | None = None,
             headers: Mapping[str, str] | None = None) -> Answer:
        # Django's clients always send a type with a body; an empty one stands for none.
        response = send(method, path, data=body, content_type=content_type or "",
                        headers=dict(headers or {}))
        return Answer(response.status_code, response.headers.get("Content-Type"), response.content,
                      dict(response.headers))

    return call


@pytest.fixture(params=STYLES)
def style(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def call(style: str) -> Iterator[Call]:
    with override_settings(ROOT_URLCONF=urlconf(style), UA_VALIDATE={}):
        yield caller(style)


@pytest.fixture
def call_auth(style: str) -> Iterator[Call]:
    with override_settings(ROOT_URLCONF=urlconf(style), UA_VALIDATE={"verify_token": verify_token}):
        yield caller(style)


@pytest.fixture
def call_small() -> Iterator[Call]:
    with override_settings(ROOT_URLCONF=urlconf("function"), UA_VALIDATE={"max_multipart_body": SMALL_LIMIT}):
        yield caller("function")


class TestDjango(AdapterContract):
    """The shared contract."""

    # Django: a header it cannot parse is skipped (so is a part without a usable file name),
    # names are reduced to their last path segment, and the media type is matched in lower
    # case only.
    PARSER_ANSWERS = {"rfc2231-continuation": "fx_recipients_invalid", "idna-charset": "fx_file_invalid",
                      "non-utf8-name": "fx_file_invalid", "path-in-name": None,
                      "upper-case-type": "fx_recipients_invalid", "header-without-colon": None}


# --- Django only -----------------------------------------------------------------------------

def _only(*patterns: Any) -> str:
    name = f"ua_validate_test_urls_extra_{len(sys.modules)}"
    module = types.ModuleType(name)
    module.urlpatterns = list(patterns)  # type: ignore[attr-defined]
    sys.modules[name] = module
    return name


@pytest.mark.parametrize("style", ["function", "class"])
def test_csrf_checks_do_not_stop_api_requests(style: str) -> None:
    with override_settings(ROOT_URLCONF=urlconf(style)):
        call = caller(style, enforce_csrf_checks=True)
        assert call("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE), JSON).status == 200


def test_the_decorator_answers_on_its_own_without_the_middleware() -> None:
    @operation("cdr.list")
    def cdr(request: HttpRequest, params: dict[str, Any]) -> HttpResponse:
        if params["count"] == 7:
            raise UAError("pce_access_denied")
        return HttpResponse(str(params["count"]))

    with override_settings(ROOT_URLCONF=_only(path("uapi/cdr/<str:userId>", cdr)), MIDDLEWARE=[]):
        call = caller("function")
        assert_error(call("GET", "/uapi/cdr/@me?count=x"), "count_invalid")
        assert_error(call("GET", "/uapi/cdr/@me?count=7"), "pce_access_denied")
        assert call("GET", "/uapi/cdr/@me?count=3").body == b"3"


def test_url_kwargs_the_operation_does_not_define_stay_keywords() -> None:
    @operation("cdr.list")
    def cdr(request: HttpRequest, params: dict[str, Any], tenant: str) -> HttpResponse:
        return HttpResponse(f"{tenant} {params['userId']}")

    with override_settings(ROOT_URLCONF=_only(path("t/<str:tenant>/uapi/cdr/<str:userId>", cdr))):
        assert caller("function")("GET", "/t/acme/uapi/cdr/@me").body == b"acme @me"


def test_http404_raised_by_a_view_is_its_own_answer() -> None:
    @operation("cdr.list")
    def cdr(request: HttpRequest, params: dict[str, Any]) -> HttpResponse:
        raise Http404

    with override_settings(ROOT_URLCONF=_only(path("uapi/cdr/<str:userId>", cdr))):
        assert caller("function")("GET", "/uapi/cdr/@me").status == 404


def test_settings_verifier_by_dotted_path_and_limits() -> None:
    options = {"verify_token": "tests.adapters.common.verify_token", "max_json_body": len(body(SIMPLE))}
    with override_settings(ROOT_URLCONF=urlconf("function"), UA_VALIDATE=options):
        call = caller("function")
        auth = {"Authorization": "Bearer good"}
        assert call("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE), JSON, auth).status == 200
        assert_error(call("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE) + b" ", JSON, auth),
                     "extension_invalid")
        assert_error(call("GET", "/uapi/cdr"), "unauthorized")


def test_other_prefixes() -> None:
    with override_settings(ROOT_URLCONF=urlconf("function"), UA_VALIDATE={"prefixes": ("/api",)}):
        call = caller("function")
        assert_error(call("GET", "/api/anything"), "not_implemented")
        assert call("GET", "/uapi/anything").status == 404


def test_bad_settings_are_improperly_configured() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from ua_validate.django import _config

    for bad in ({"verify": None}, {"max_json_body": -1}):
        with override_settings(UA_VALIDATE=bad), pytest.raises(ImproperlyConfigured, match="UA_VALIDATE"):
            _config()


def test_an_unknown_operation_fails_at_decoration() -> None:
    with pytest.raises(UnknownOperationError):
        operation("cdr.lists")


def test_a_view_without_a_request_is_a_programming_error() -> None:
    @operation("cdr.list")
    def view(params: dict[str, Any]) -> None: ...

    with pytest.raises(TypeError, match="HttpRequest"):
        view()
