"""The adapter contract on Django's test clients, in every view style, and Django-only cases.

Function and class-based views are called through ``Client`` (WSGI), the async ones through
``AsyncClient`` (ASGI), so the middleware runs in both of its modes.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import types
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

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
from ua_validate.catalog import entry as catalog_entry
from ua_validate.django import ConfigurationError, UAView, operation

from .common import (
    FAX,
    FAX_REQUEST,
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
    multipart,
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
def call_debug(style: str) -> Iterator[Call]:
    with override_settings(ROOT_URLCONF=urlconf(style), UA_VALIDATE={}, DEBUG=True):
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
    PARSER_ANSWERS: ClassVar[Mapping[str, str | None]] = {"rfc2231-continuation": "fx_recipients_invalid", "idna-charset": "fx_file_invalid",
                      "non-utf8-name": "fx_file_invalid", "path-in-name": None,
                      "upper-case-type": "fx_recipients_invalid", "header-without-colon": None,
                      "preamble-epilogue-padding": None}


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


# --- issue 10 and 11: OPTIONS, DEBUG, misconfiguration, oversize bodies ------------------------

def test_options_on_a_uaview_needs_the_token_when_a_verifier_is_configured() -> None:
    # Issue 10 finding 8: decision: the token first, then Django's own answer (200 and Allow)
    for style in ("class", "async_class"):
        with override_settings(ROOT_URLCONF=urlconf(style), UA_VALIDATE={"verify_token": verify_token}):
            call = caller(style)
            answer = call("OPTIONS", "/uapi/cdr/@me")
            assert_error(answer, "unauthorized")
            assert answer.headers["WWW-Authenticate"] == "Bearer"
            assert_error(call("OPTIONS", "/uapi/cdr/@me", headers={"Authorization": "Bearer old"}), "expired_token")
            answer = call("OPTIONS", "/uapi/cdr/@me", headers={"Authorization": "Bearer good"})
            assert answer.status == 200 and "GET" in answer.headers["Allow"]
        with override_settings(ROOT_URLCONF=urlconf(style), UA_VALIDATE={}):
            assert caller(style)("OPTIONS", "/uapi/cdr/@me").status == 200


def test_options_on_a_function_view_is_another_method() -> None:
    with override_settings(ROOT_URLCONF=urlconf("function"), UA_VALIDATE={"verify_token": verify_token}):
        assert_error(caller("function")("OPTIONS", "/uapi/cdr/@me"), "not_implemented")


def test_a_url_kwarg_that_is_no_path_parameter_is_a_configuration_error(caplog: pytest.LogCaptureFixture) -> None:
    @operation("cdr.list")
    def cdr(request: HttpRequest, params: dict[str, Any], **route: str) -> HttpResponse:
        return HttpResponse("unvalidated")

    with override_settings(ROOT_URLCONF=_only(path("uapi/cdr/<str:user>", cdr))):
        assert_error(caller("function")("GET", "/uapi/cdr/@me"), "internal_server_error")
        assert "are not path parameters of cdr.list (['userId'])" in caplog.text
    with override_settings(ROOT_URLCONF=_only(path("uapi/cdr/<str:user>", cdr)), DEBUG=True), \
            pytest.raises(ConfigurationError, match=r"route variables \['user'\]"):
        caller("function")("GET", "/uapi/cdr/@me")


def test_an_operation_only_a_custom_spec_knows() -> None:
    from ua_validate import Validator

    from .test_web import things

    with override_settings(UA_VALIDATE={"validator": Validator(spec=things())}):
        @operation("things.create")  # the settings' Spec knows it when the view is decorated
        def create(request: HttpRequest, params: dict[str, Any]) -> HttpResponse:
            return HttpResponse(",".join(params["recipients"]))

        with override_settings(ROOT_URLCONF=_only(path("uapi/things/<str:userId>", create))):
            call = caller("function")
            assert call("POST", "/uapi/things/@me", b'{"recipients": ["210"]}', JSON).body == b"210"
            assert_error(call("POST", "/uapi/things/@me", b"{}", JSON), "fx_recipients_invalid")


def test_a_declared_length_over_the_limit_is_never_read() -> None:
    # Issue 10 finding 6: refused on Content-Length, before Django's parser reads anything
    from django.test import RequestFactory

    class Unreadable:
        def read(self, size: int = -1) -> bytes:
            raise AssertionError("read")

        readline = read

    @operation("faxes.create")
    def create(request: HttpRequest, params: dict[str, Any]) -> HttpResponse:
        return HttpResponse("accepted")

    request = RequestFactory().generic("POST", FAX, b"", "multipart/form-data; boundary=b",
                                       CONTENT_LENGTH=str((30 << 20) + 1))
    request.environ["wsgi.input"] = Unreadable()
    request._stream = Unreadable()
    answer = create(request, userId="@me", extension="0003*210")
    assert (answer.status_code, answer.content) == (400, catalog_entry("fx_recipients_invalid").body_bytes)


def test_django_limits_on_fields_and_files_are_oversize_answers() -> None:
    with override_settings(ROOT_URLCONF=urlconf("function"), UA_VALIDATE={}, DATA_UPLOAD_MAX_NUMBER_FILES=2):
        raw, content_type = multipart([FAX_REQUEST, *[(f"f{n}", f"{n}.pdf", None, b"1") for n in range(3)]])
        assert_error(caller("function")("POST", FAX, raw, content_type), "fx_recipients_invalid")
        raw, content_type = multipart([FAX_REQUEST, *[(f"f{n}", f"{n}.pdf", None, b"1") for n in range(2)]])
        assert caller("function")("POST", FAX, raw, content_type).status == 200


def test_a_view_that_returns_no_response_is_the_documented_500_without_request_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    @operation("queue_agents.update")
    def update(request: HttpRequest, params: dict[str, Any], **route: str) -> Any:
        return {"agent": params["agent"]}

    caplog.set_level(logging.DEBUG)
    urls = _only(path("uapi/extensions/<str:userId>/<str:extension>/queue/agents/<str:agent>", update))
    with override_settings(ROOT_URLCONF=urls):
        answer = caller("function")("PUT", "/uapi/extensions/@me/210/queue/agents/+40721234567", b'{"status": 1}',
                                    JSON)
    assert_error(answer, "internal_server_error")
    assert "40721234567" not in caplog.text
    assert "unexpected TypeError in operation queue_agents.update" in caplog.text
