"""The adapter contract on Starlette's test client, in every endpoint style, and Starlette-only cases."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, ClassVar

import pytest
from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from ua_validate import UAError, UnknownOperationError
from ua_validate.starlette import UAValidate, operation

from .common import (
    JSON,
    ROUTES,
    AdapterContract,
    Answer,
    Call,
    assert_error,
    contract_fixtures,
    view_result,
)


def respond(op_id: str, style: str, params: dict[str, Any]) -> Response:
    status, data = view_result(op_id, style, params)
    return Response(data, status, media_type=JSON) if data else Response(status_code=status)


def _function(op_id: str, style: str) -> Any:
    if style == "async":

        @operation(op_id)
        async def async_endpoint(request: Request, params: dict[str, Any]) -> Response:
            assert isinstance(request, Request)
            await asyncio.sleep(0)
            return respond(op_id, style, params)

        return async_endpoint

    @operation(op_id)
    def endpoint(request: Request, params: dict[str, Any]) -> Response:
        assert isinstance(request, Request)
        return respond(op_id, style, params)

    return endpoint


def _method(op_id: str, style: str) -> Any:
    if style == "async_class":

        @operation(op_id)
        async def async_handler(self: HTTPEndpoint, request: Request, params: dict[str, Any]) -> Response:
            assert isinstance(self, HTTPEndpoint)
            await asyncio.sleep(0)
            return respond(op_id, style, params)

        return async_handler

    @operation(op_id)
    def handler(self: HTTPEndpoint, request: Request, params: dict[str, Any]) -> Response:
        assert isinstance(self, HTTPEndpoint)
        return respond(op_id, style, params)

    return handler


def build(style: str, **settings: Any) -> Starlette:
    """The contract's application: ROUTES as Starlette routes, endpoints in ``style``."""
    routes = []
    for index, (template, methods) in enumerate(ROUTES):
        if style in ("function", "async"):
            routes.extend(Route(template, _function(op_id, style), methods=[method])
                          for method, op_id in methods.items())
        else:
            handlers = {method.lower(): _method(op_id, style) for method, op_id in methods.items()}
            routes.append(Route(template, type(f"Route{index}", (HTTPEndpoint,), handlers)))
    app = Starlette(routes=routes)
    UAValidate(app, **settings)
    return app


def caller(app: Any) -> Call:
    client = TestClient(app, raise_server_exceptions=True)

    def call(method: str, path: str, body: bytes = b"", content_type: str | None = None,
             headers: Mapping[str, str] | None = None) -> Answer:
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        response = client.request(method, path, content=body, headers=all_headers)
        return Answer(response.status_code, response.headers.get("content-type"), response.content,
                      response.headers)  # httpx.Headers: case-insensitive

    return call


def debug(app: Starlette) -> None:
    app.debug = True


_app, style, call, call_auth, call_small, call_debug = contract_fixtures(build, caller, debug)


class TestStarlette(AdapterContract):
    """The shared contract."""
    # python-multipart (the parser Starlette uses) reads no RFC 2231 extended names beyond what
    # ua_validate._multipart decodes (UTF-8, ISO-8859-1), keeps a path in a file name (which the
    # file-name rule refuses), stops at a header line without a colon, and reads no preamble.
    PARSER_ANSWERS: ClassVar[Mapping[str, str | None]] = {
        "rfc2231-continuation": "fx_file_invalid", "idna-charset": "fx_file_invalid", "non-utf8-name": None,
        "path-in-name": "fx_file_invalid", "upper-case-type": None, "header-without-colon": "fx_recipients_invalid",
        "preamble-epilogue-padding": "fx_recipients_invalid"}


# --- Starlette only ------------------------------------------------------------------------------

def test_the_decorator_answers_on_its_own_without_the_extension() -> None:
    @operation("cdr.list")
    async def cdr(request: Request, params: dict[str, Any]) -> JSONResponse:
        if params["count"] == 7:
            raise UAError("pce_access_denied")
        return JSONResponse({"count": params["count"]})

    call = caller(Starlette(routes=[Route("/uapi/cdr/{userId}", cdr)]))
    assert_error(call("GET", "/uapi/cdr/@me?count=x"), "count_invalid")
    assert_error(call("GET", "/uapi/cdr/@me?count=7"), "pce_access_denied")
    assert call("GET", "/uapi/cdr/@me?count=3").json() == {"count": 3}


def test_path_parameters_the_operation_does_not_define_stay_in_the_request() -> None:
    @operation("cdr.list")
    async def cdr(request: Request, params: dict[str, Any]) -> JSONResponse:
        return JSONResponse({"tenant": request.path_params["tenant"], "userId": params["userId"]})

    app = Starlette(routes=[Route("/tenants/{tenant}/uapi/cdr/{userId}", cdr)])
    UAValidate(app)
    assert caller(app)("GET", "/tenants/acme/uapi/cdr/@me").json() == {"tenant": "acme", "userId": "@me"}


def test_outside_the_api_starlette_handles_crashes_itself() -> None:
    async def page(request: Request) -> Response:
        raise RuntimeError("page")

    app = Starlette(routes=[Route("/page", page)])
    UAValidate(app)
    answer = caller_without_raising(app)("GET", "/page")
    assert answer.status == 500 and answer.content_type != JSON


def caller_without_raising(app: Any) -> Call:
    client = TestClient(app, raise_server_exceptions=False)

    def call(method: str, path: str, **kwargs: Any) -> Answer:
        response = client.request(method, path, **kwargs)
        return Answer(response.status_code, response.headers.get("content-type"), response.content,
                      dict(response.headers))

    return call


def test_other_prefixes() -> None:
    app = Starlette(routes=[])
    UAValidate(app, prefixes=("/api",))
    call = caller(app)
    assert_error(call("GET", "/api/anything"), "not_implemented")
    assert call("GET", "/uapi/anything").status == 404


def test_head_follows_starlette_routing() -> None:
    answer = caller(_app("function", auth=False))("HEAD", "/uapi/cdr/@me")
    assert (answer.status, answer.body) == (200, b"")


def test_an_unknown_operation_fails_at_decoration() -> None:
    with pytest.raises(UnknownOperationError):
        operation("cdr.lists")


def test_an_operation_only_a_custom_spec_knows() -> None:
    # The core's id check, as in Flask and Django: the extension is made first, with the Spec
    from ua_validate import Validator

    from .test_web import things

    app = Starlette()
    UAValidate(app, validator=Validator(spec=things()))

    @operation("things.create")
    async def create(request: Request, params: dict[str, Any]) -> JSONResponse:
        return JSONResponse({"recipients": params["recipients"]})

    app.add_route("/uapi/things/{userId}", create, methods=["POST"])
    call = caller(app)
    assert call("POST", "/uapi/things/@me", b'{"recipients": ["210"]}', JSON).json() == {"recipients": ["210"]}
    assert_error(call("POST", "/uapi/things/@me", b"{}", JSON), "fx_recipients_invalid")
