"""The adapter contract on Flask's test client, in every view style, and Flask-only cases."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from typing import Any, ClassVar

import pytest
from flask import Flask, Response, abort
from flask.views import MethodView

from ua_validate import UAError, UnknownOperationError, Validator, validate_request
from ua_validate.catalog import entry
from ua_validate.flask import ConfigurationError, UAValidate, operation

from .common import (
    FAX,
    JSON,
    ROUTES,
    SIMPLE,
    STYLES,
    AdapterContract,
    Answer,
    Call,
    assert_error,
    body,
    contract_fixtures,
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


def _debug(app: Flask) -> None:
    app.testing = True  # testing or debug: both show reasons (test_debug_mode_shows_reasons_too)


_app, style, call, call_auth, call_small, call_debug = contract_fixtures(build, caller, _debug)


class TestFlask(AdapterContract):
    """The shared contract."""

    # Werkzeug: RFC 2231 continuations and unknown charsets are decoded as far as they go, a
    # header that is not UTF-8 spoils the whole body, names are kept as sent.
    PARSER_ANSWERS: ClassVar[Mapping[str, str | None]] = {"rfc2231-continuation": "fx_file_invalid", "idna-charset": None,
                      "non-utf8-name": "fx_recipients_invalid", "path-in-name": "fx_file_invalid",
                      "upper-case-type": None, "header-without-colon": None,
                      "preamble-epilogue-padding": None}


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


# --- issue 10 and 11: framing, logs, misconfiguration, debugging ------------------------------

def _app_with(**settings: Any) -> Flask:
    app = Flask(__name__)
    UAValidate(app, **settings)
    return app


def test_a_failure_after_the_view_returns_is_the_documented_500_without_request_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Issue 10 finding 7: a set in the returned dict fails in Flask's make_response
    app = _app_with()

    @app.put("/uapi/extensions/<userId>/<extension>/queue/agents/<agent>")
    @operation("queue_agents.update")
    def update(params: dict[str, Any]) -> Any:
        return {"agents": {params["agent"]}}

    caplog.set_level(logging.DEBUG)
    answer = caller(app)("PUT", "/uapi/extensions/@me/210/queue/agents/+40721234567", b'{"status": 1}', JSON)
    assert_error(answer, "internal_server_error")
    assert "40721234567" not in caplog.text and "Exception on" not in caplog.text
    logged = [r.getMessage() for r in caplog.records if r.name == "ua_validate.web"]
    assert len(logged) == 1 and logged[0].startswith("unexpected TypeError in operation queue_agents.update\n")


def test_a_failure_in_an_after_request_hook_under_the_api(caplog: pytest.LogCaptureFixture) -> None:
    app = _app_with()

    @app.get("/uapi/cdr/<userId>")
    @operation("cdr.list")
    def cdr(params: dict[str, Any]) -> Any:
        return {"count": params["count"]}

    @app.after_request
    def spoil(response: Response) -> Response:
        raise RuntimeError("after " + response.get_data(as_text=True))

    caplog.set_level(logging.DEBUG)
    assert_error(caller(app)("GET", "/uapi/cdr/+40721234567"), "internal_server_error")
    assert "40721234567" not in caplog.text and "Exception on" not in caplog.text
    assert "unexpected RuntimeError in operation cdr.list" in caplog.text


@pytest.mark.parametrize("mode", ["testing", "debug", "propagate"])
def test_in_testing_and_debug_mode_exceptions_reach_the_test(mode: str) -> None:
    # Issue 11: the exception propagates, as Flask lets it, in the view and after it
    app = _app_with()
    if mode == "testing":
        app.testing = True
    elif mode == "debug":
        app.debug = True
    else:
        app.config["PROPAGATE_EXCEPTIONS"] = True

    @app.get("/uapi/cdr/<userId>")
    @operation("cdr.list")
    def cdr(params: dict[str, Any]) -> Any:
        if params["count"] == 1:
            raise LookupError("in the view")
        return {"set": {1}}

    with pytest.raises(LookupError, match="in the view"):
        caller(app)("GET", "/uapi/cdr/@me?count=1")
    with pytest.raises(TypeError):
        caller(app)("GET", "/uapi/cdr/@me?count=2")
    assert_error(caller(app)("GET", "/uapi/cdr/@me?count=x"), "count_invalid")  # documented ones still answer


def test_options_needs_the_token_when_a_verifier_is_configured() -> None:
    # Issue 10 finding 8: decision: the token first, then Flask's own answer (200 and Allow)
    for style in STYLES:
        call = caller(_app(style, auth=True))
        answer = call("OPTIONS", "/uapi/cdr/@me")
        assert_error(answer, "unauthorized")
        assert_error(call("OPTIONS", "/uapi/cdr/@me", headers={"Authorization": "Bearer wrong"}), "access_denied")
        answer = call("OPTIONS", "/uapi/cdr/@me", headers={"Authorization": "Bearer good"})
        assert (answer.status, answer.body) == (200, b"") and "GET" in answer.headers["Allow"]
        assert_error(call("OPTIONS", "/uapi/nothing"), "not_implemented")  # no route: nothing to authorize
    assert caller(_app("function", auth=False))("OPTIONS", "/uapi/cdr/@me").status == 200


def test_merged_slashes_answer_what_validate_request_answers() -> None:
    # Issue 10 finding 7: Werkzeug redirects /uapi/cdr//@me (308); the library reads an
    # empty segment, which no operation has: 501
    call = caller(_app("function", auth=False))
    with pytest.raises(UAError) as core:
        validate_request("GET", "/uapi/cdr//@me")
    assert_error(call("GET", "/uapi/cdr//@me"), core.value.code)
    app = Flask(__name__)
    app.add_url_rule("/other/<x>", "other", lambda x: x)
    UAValidate(app)
    assert caller(app)("GET", "/other//y").status == 308  # outside the API: Werkzeug's own


def test_a_route_variable_that_is_no_path_parameter_is_a_configuration_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Issue 11: /uapi/cdr/<user> would serve an unvalidated userId
    app = _app_with()

    @app.get("/uapi/cdr/<user>")
    @operation("cdr.list")
    def cdr(params: dict[str, Any], **route: str) -> Any:
        return {"count": params["count"]}

    assert_error(caller(app)("GET", "/uapi/cdr/@me"), "internal_server_error")
    assert "route variables ['user'] of the view 'test_a_route_variable_that_is_no_path_parameter_is_a_configuration_error.<locals>.cdr' are not path parameters of cdr.list (['userId'])" in caplog.text
    app.testing = True
    with pytest.raises(ConfigurationError, match=r"\['user'\]"):
        caller(app)("GET", "/uapi/cdr/@me")


def test_operation_above_the_route_decorator_is_a_configuration_error() -> None:
    app = _app_with()
    app.testing = True

    @operation("cdr.list")
    @app.get("/uapi/cdr/<userId>")
    def cdr(**route: str) -> Any:
        return {"unvalidated": True}

    with pytest.raises(ConfigurationError, match=r"@operation\('cdr.list'\) sits above the route decorator"):
        caller(app)("GET", "/uapi/cdr/@me?count=x")


def test_an_operation_only_a_custom_spec_knows() -> None:
    from .test_web import things

    validator = Validator(spec=things())
    app = _app_with(validator=validator)  # made first, so the id is known when the view is decorated

    @app.post("/uapi/things/<userId>")
    @operation("things.create")
    def create(params: dict[str, Any]) -> Any:
        return {"recipients": params["recipients"]}

    call = caller(app)
    assert call("POST", "/uapi/things/@me", b'{"recipients": ["210"]}', JSON).json() == {"recipients": ["210"]}
    assert_error(call("POST", "/uapi/things/@me", b"{}", JSON), "fx_recipients_invalid")
    # a default id served by an app whose Validator does not know it: checked on the request
    other = _app_with(validator=validator)
    other.testing = True

    @other.get("/uapi/cdr/<userId>")
    @operation("cdr.list")
    def cdr(params: dict[str, Any]) -> Any:
        return {}

    with pytest.raises(ConfigurationError, match=r"'cdr.list' is not in the spec of the configured Validator"):
        caller(other)("GET", "/uapi/cdr/@me")


def test_a_declared_length_over_the_limit_is_never_read() -> None:
    # Issue 10 finding 6: refused on Content-Length; a chunked body stops at the limit
    read: list[int] = []

    class Endless:
        def read(self, size: int = -1) -> bytes:
            size = 65536 if size is None or size < 0 else size
            read.append(size)
            return b"x" * size

        def readline(self, size: int = -1) -> bytes:
            return self.read(size)

    from werkzeug.test import create_environ, run_wsgi_app

    def send(**environ: Any) -> tuple[str, bytes]:
        base = create_environ(FAX, method="POST", content_type="multipart/form-data; boundary=b")
        base.pop("CONTENT_LENGTH", None)
        base.update({"wsgi.input": Endless(), **environ})
        body, status, _ = run_wsgi_app(_app("function", auth=False), base, buffered=True)
        return status, b"".join(body)

    expected = ("400 Bad Request", entry("fx_recipients_invalid").body_bytes)
    assert send(CONTENT_LENGTH=str((30 << 20) + 1)) == expected
    assert read == []
    assert send(**{"wsgi.input_terminated": True}) == expected
    assert 0 < sum(read) <= (30 << 20) + (1 << 17)  # the limit, and at most a buffer more


def test_debug_mode_shows_reasons_too() -> None:
    # the contract runs in testing mode (call_debug); debug mode alone shows them as well
    app = build("function")
    app.debug = True
    answer = caller(app)("GET", "/uapi/cdr/@me?count=0")
    assert_error(answer, "count_invalid")
    assert answer.headers["X-UA-Reason"] == "count must be an integer from 1 to 5000"
