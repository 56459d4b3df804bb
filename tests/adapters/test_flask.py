"""The adapter contract on Flask's test client, in every view style, and Flask-only cases."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from typing import Any

import pytest
from flask import Flask, Response, abort
from flask.views import MethodView

from ua_validate import UAError, UnknownOperationError
from ua_validate.flask import UAValidate, operation

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


def _respond(op_id: str, style: str, params: dict[str, Any]) -> Response:
    status, data = view_result(op_id, style, params)
    return Response(data, status, mimetype=JSON) if data else Response(status=status)


def _function(op_id: str, style: str) -> Any:
    if style == "async":

        @operation(op_id)
        async def async_view(params: dict[str, Any]) -> Response:
            await asyncio.sleep(0)
            return _respond(op_id, style, params)

        return async_view

    @operation(op_id)
    def view(params: dict[str, Any]) -> Response:
        return _respond(op_id, style, params)

    return view


def _method(op_id: str, style: str) -> Any:
    if style == "async_class":

        @operation(op_id)
        async def async_handler(self: MethodView, params: dict[str, Any]) -> Response:
            assert isinstance(self, MethodView)
            await asyncio.sleep(0)
            return _respond(op_id, style, params)

        return async_handler

    @operation(op_id)
    def handler(self: MethodView, params: dict[str, Any]) -> Response:
        assert isinstance(self, MethodView)
        return _respond(op_id, style, params)

    return handler


def build(style: str, **settings: Any) -> Flask:
    """The contract's application: ROUTES as Flask rules, views in ``style``."""
    app = Flask(__name__)
    UAValidate(app, **settings)
    for index, (template, methods) in enumerate(ROUTES):
        rule = re.sub(r"\{(\w+)\}", r"<\1>", template)
        if style in ("function", "async"):
            for method, op_id in methods.items():
                app.add_url_rule(rule, f"route{index}_{method}", _function(op_id, style), methods=[method])
        else:
            handlers = {method.lower(): _method(op_id, style) for method, op_id in methods.items()}
            view_class = type(f"Route{index}", (MethodView,), handlers)
            app.add_url_rule(rule, view_func=view_class.as_view(f"route{index}"))
    return app


def caller(app: Flask) -> Call:
    client = app.test_client()

    def call(method: str, path: str, body: bytes = b"", content_type: str | None = None,
             headers: Mapping[str, str] | None = None) -> Answer:
        response = client.open(path, method=method, data=body, content_type=content_type,
                               headers=dict(headers or {}))
        return Answer(response.status_code, response.headers.get("Content-Type"), response.get_data(),
                      dict(response.headers))

    return call


_APPS: dict[tuple[str, bool], Flask] = {}


def _app(style: str, auth: bool) -> Flask:
    if (style, auth) not in _APPS:
        _APPS[style, auth] = build(style, **({"verify_token": verify_token} if auth else {}))
    return _APPS[style, auth]


@pytest.fixture
def call_small() -> Call:
    return caller(build("function", max_multipart_body=SMALL_LIMIT))


@pytest.fixture(params=STYLES)
def style(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def call(style: str) -> Call:
    return caller(_app(style, auth=False))


@pytest.fixture
def call_auth(style: str) -> Call:
    return caller(_app(style, auth=True))


class TestFlask(AdapterContract):
    """The shared contract."""

    # Werkzeug: RFC 2231 continuations and unknown charsets are decoded as far as they go, a
    # header that is not UTF-8 spoils the whole body, names are kept as sent.
    PARSER_ANSWERS = {"rfc2231-continuation": "fx_file_invalid", "idna-charset": None,
                      "non-utf8-name": "fx_recipients_invalid", "path-in-name": "fx_file_invalid",
                      "upper-case-type": None, "header-without-colon": None}


# --- Flask only ------------------------------------------------------------------------------

def test_the_decorator_answers_on_its_own_without_the_extension() -> None:
    app = Flask(__name__)

    @app.get("/uapi/cdr/<userId>")
    @operation("cdr.list")
    def cdr(params: dict[str, Any]) -> dict[str, Any]:
        if params["count"] == 7:
            raise UAError("pce_access_denied")
        return {"count": params["count"]}

    call = caller(app)
    assert_error(call("GET", "/uapi/cdr/@me?count=x"), "count_invalid")
    assert_error(call("GET", "/uapi/cdr/@me?count=7"), "pce_access_denied")
    assert call("GET", "/uapi/cdr/@me?count=3").status == 200


def test_smaller_body_limits_and_flasks_own_limit() -> None:
    limit = len(body(SIMPLE))
    call = caller(build("function", max_json_body=limit))
    assert call("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE), JSON).status == 200
    assert_error(call("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE) + b" ", JSON),
                 "extension_invalid")
    app = build("function")
    app.config["MAX_CONTENT_LENGTH"] = 64  # Flask's 413 becomes the documented answer
    assert_error(caller(app)("POST", "/uapi/phoneCalls/@me/simple", body(SIMPLE), JSON),
                 "extension_invalid")


def test_route_variables_the_operation_does_not_define_stay_keywords() -> None:
    app = Flask(__name__)
    UAValidate(app)

    @app.get("/tenants/<tenant>/uapi/cdr/<userId>")
    @operation("cdr.list")
    def cdr(params: dict[str, Any], tenant: str) -> dict[str, Any]:
        return {"tenant": tenant, "userId": params["userId"]}

    answer = caller(app)("GET", "/tenants/acme/uapi/cdr/@me")
    assert answer.json() == {"tenant": "acme", "userId": "@me"}


def test_an_http_exception_the_view_raises_is_its_own_answer() -> None:
    app = Flask(__name__)
    UAValidate(app)

    @app.get("/uapi/cdr/<userId>")
    @operation("cdr.list")
    def cdr(params: dict[str, Any]) -> Any:
        abort(404)

    assert caller(app)("GET", "/uapi/cdr/@me").status == 404


def test_outside_the_api_flask_handles_crashes_itself() -> None:
    app = Flask(__name__)
    UAValidate(app)

    @app.get("/page")
    def page() -> str:
        raise RuntimeError("page")

    answer = caller(app)("GET", "/page")
    assert answer.status == 500 and answer.content_type != JSON


def test_other_prefixes() -> None:
    app = Flask(__name__)
    UAValidate(app, prefixes=("/api",))
    call = caller(app)
    assert_error(call("GET", "/api/anything"), "not_implemented")
    assert call("GET", "/uapi/anything").status == 404


def test_head_follows_flask_routing() -> None:
    assert caller(_app("function", auth=False))("HEAD", "/uapi/cdr/@me").status == 200


def test_an_unknown_operation_fails_at_decoration() -> None:
    with pytest.raises(UnknownOperationError):
        operation("cdr.lists")


def test_settings_are_checked_when_the_extension_is_made() -> None:
    with pytest.raises(ValueError, match="max_json_body"):
        UAValidate(max_json_body=0)
    with pytest.raises(TypeError, match="verify_token"):
        UAValidate(verify_token="not callable")  # type: ignore[arg-type]
