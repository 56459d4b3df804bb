"""The adapter contract on FastAPI's test client, sync and async endpoints, and FastAPI-only cases."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import pytest
from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import Response

from ua_validate import UnknownOperationError
from ua_validate.fastapi import UAValidate, operation

from . import test_starlette
from .common import JSON, ROUTES, AdapterContract, Call, assert_error, contract_fixtures
from .test_starlette import caller, debug, respond

STYLES = ("function", "async")  # FastAPI has no class-based endpoints of its own


def _endpoint(op_id: str, style: str) -> Any:
    if style == "async":

        async def async_endpoint(params: dict[str, Any] = Depends(operation(op_id))) -> Response:
            await asyncio.sleep(0)
            return respond(op_id, style, params)

        return async_endpoint

    def endpoint(params: dict[str, Any] = Depends(operation(op_id))) -> Response:
        return respond(op_id, style, params)

    return endpoint


def build(style: str, **settings: Any) -> FastAPI:
    """The contract's application: ROUTES as FastAPI path operations, endpoints in ``style``."""
    app = FastAPI()
    UAValidate(app, **settings)
    for template, methods in ROUTES:
        for method, op_id in methods.items():
            app.add_api_route(template, _endpoint(op_id, style), methods=[method])
    return app


_app, style, call, call_auth, call_small, call_debug = contract_fixtures(build, caller, debug, STYLES)


class TestFastAPI(AdapterContract):
    """The shared contract; FastAPI's own 404 outside the API is JSON."""

    PARSER_ANSWERS: ClassVar = test_starlette.TestStarlette.PARSER_ANSWERS  # the same parser: python-multipart

    def test_other_paths_keep_the_frameworks_own_404(self, call: Call) -> None:
        answer = call("GET", "/elsewhere")
        assert (answer.status, answer.content_type, answer.body) == (404, JSON, b'{"detail":"Not Found"}')


# --- FastAPI only ------------------------------------------------------------------------------------

def test_the_issue_example() -> None:
    app = FastAPI()
    UAValidate(app)

    @app.get("/uapi/cdr/{userId}")
    async def call_records(params: dict = Depends(operation("cdr.list"))) -> dict[str, Any]:  # type: ignore[type-arg]
        return {"user": params["userId"], "count": params["count"]}

    call = caller(app)
    assert call("GET", "/uapi/cdr/@me?count=5").json() == {"user": "@me", "count": 5}
    assert_error(call("GET", "/uapi/cdr/@me?count=x"), "count_invalid")
    assert_error(call("GET", "/uapi/nothing"), "not_implemented")


def test_an_http_exception_the_endpoint_raises_keeps_fastapis_answer() -> None:
    app = FastAPI()
    UAValidate(app)

    @app.get("/uapi/cdr/{userId}")
    def cdr(params: dict = Depends(operation("cdr.list"))) -> None:  # type: ignore[type-arg]
        raise HTTPException(404, "no such records")

    answer = caller(app)("GET", "/uapi/cdr/@me")
    assert (answer.status, answer.body) == (404, b'{"detail":"no such records"}')


def test_the_path_parameter_may_also_be_declared() -> None:
    app = FastAPI()
    UAValidate(app)

    @app.get("/uapi/cdr/{userId}")
    def cdr(userId: str, params: dict = Depends(operation("cdr.list"))) -> dict[str, Any]:  # type: ignore[type-arg]
        return {"raw": userId, "clean": params["userId"]}

    assert caller(app)("GET", "/uapi/cdr/%40me").json() == {"raw": "@me", "clean": "@me"}


def test_an_unknown_operation_fails_when_the_dependency_is_made() -> None:
    with pytest.raises(UnknownOperationError):
        operation("cdr.lists")


def test_an_operation_only_a_custom_spec_knows() -> None:
    from ua_validate import Validator

    from .test_web import things

    app = FastAPI()
    UAValidate(app, validator=Validator(spec=things()))

    @app.post("/uapi/things/{userId}")
    async def create(params: dict = Depends(operation("things.create"))) -> dict[str, Any]:  # type: ignore[type-arg]
        return {"recipients": params["recipients"]}

    call = caller(app)
    assert call("POST", "/uapi/things/@me", b'{"recipients": ["210"]}', JSON).json() == {"recipients": ["210"]}
    assert_error(call("POST", "/uapi/things/@me", b"{}", JSON), "fx_recipients_invalid")
