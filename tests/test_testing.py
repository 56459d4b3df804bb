"""ua_validate.testing: generated valid requests validate, generated invalid ones fail exactly so."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ua_validate import UAError, ValidationError, Validator, catalog, loader, testing, valuetypes
from ua_validate.spec import Param
from ua_validate.testing import (
    ErrorCase,
    RawRequest,
    assert_ua_error,
    error_cases,
    error_codes,
    invalid_raw_requests,
    invalid_requests,
    raw_request,
    requests_for,
    valid_raw_requests,
    valid_requests,
)

# Every generated request is validated by both backends: they must agree with the harness.
BACKENDS = {name: Validator(backend=name) for name in ("compiled", "marshmallow")}
SPEC = loader.default_spec()
OPERATIONS = [op.id for op in SPEC]
PAIRS = sorted({(c.operation, c.code, c.variant) for c in error_cases()}, key=str)
# One property per (operation, code, variant): a third of the profile's examples each keeps
# `make test` fast; the thorough profile still runs a thousand per property.
PER_CODE = settings(max_examples=max(10, settings.default.max_examples // 3))
HANDLER_CODES = {"qag_fail_update", "qag_fail_update_number"}


def failure(validator: Validator, op: str, params: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validator.validate(op, params)
    return info.value


def label(param: str | None) -> str:
    return re.sub(r"\[\d+\]", "[]", param or "")


# --- the strategies are derived from the Spec -----------------------------------------------

def test_every_value_type_has_a_strategy() -> None:
    # objects are built from their nested checks, filterValue from the collection's filters.
    assert {n for n, t in valuetypes.TYPES.items() if t.strategy} | {"objects", "filter_value"} == set(loader.TYPE_OPTIONS)


def test_every_rule_kind_and_failure_shape_has_error_cases() -> None:
    cases = error_cases()
    kinds = {c.kind for c in cases}
    assert {c.check.kind for c in cases if c.kind == "rule"} == set(loader.RULES)
    assert {"invalid", "missing", "required_unless", "alias_conflict", "too_many", "filter_empty",
            "filter_list", "filter_item", "filter_part", "filter_value"} <= kinds
    by_code = {(c.code, c.variant) for c in cases if c.kind.startswith("filter_")}
    assert {("filtervalue_invalid", v) for v in ("on_array", "numbers", "generic")} <= by_code
    assert {("cdr_invalid_filter_by_answered", None), ("cdr_invalid_filter_by_source", None),
            ("invalid_filter_by_phone_call_id", None), ("invalid_filter_by_published", None)} <= by_code


def test_validation_reaches_every_400_entry_and_not_implemented() -> None:
    wanted = {(e.code, e.variant) for e in catalog.ENTRIES if e.status == 400 and e.code not in HANDLER_CODES}
    assert error_codes() == wanted | {("not_implemented", None)}
    assert {c.operation for c in error_cases() if c.code == "not_implemented"} == {"phone_calls.update"}
    assert ("not_implemented", None) in error_codes("phone_calls.update")


def test_error_cases_follow_the_spec() -> None:
    cases = error_cases("cdr")  # an alias names the same operation
    assert cases == error_cases("cdr.list") == error_cases(SPEC.operation("cdr.list"))
    assert all(c.operation == "cdr.list" for c in cases)
    first = cases[0]
    assert (first.code, first.param, first.kind) == ("user_invalid", "userId", "invalid")
    rule = next(c for c in cases if c.kind == "rule")
    assert rule.params == ("startDate", "endDate") and rule.entry.code == "cdr_invalid_date_parameters"
    nested = next(c for c in error_cases("faxes.create") if c.kind == "rule")
    assert nested.params == ("files[].name", "files[].type") and nested.within is not None
    update = error_cases("phone_calls.update")
    assert {c.action for c in update} == {None, *SPEC.operation("phone_calls.update").actions}
    assert len(error_cases()) == sum(len(error_cases(op)) for op in OPERATIONS)


def test_an_operation_that_cannot_fail_so_is_refused() -> None:
    with pytest.raises(ValueError, match="never fails with count_invalid"):
        invalid_requests("faxes.create", "count_invalid")
    with pytest.raises(ValueError, match="numbers"):
        invalid_requests("cdr.list", "filtervalue_invalid", "numbers")
    with pytest.raises(ValueError, match="no action"):
        valid_requests("phone_calls.update", action="Dance")


# --- the properties: valid requests validate, invalid ones fail with exactly their code ------------

def _shaped_as_clients_send(op_id: str, params: dict[str, Any]) -> None:
    op = SPEC.operation(op_id)
    for param in op.params:
        for key in (param.name, *param.aliases):
            if key in params and param.location in ("path", "query"):
                assert type(params[key]) is str, (key, params[key])


@pytest.mark.parametrize("op_id", OPERATIONS)
@given(data=st.data())
def test_valid_requests_validate(op_id: str, data: st.DataObject) -> None:
    params = data.draw(valid_requests(op_id), label="params")
    _shaped_as_clients_send(op_id, params)
    cleaned = {name: validator.validate(op_id, params) for name, validator in BACKENDS.items()}
    assert cleaned["compiled"] == cleaned["marshmallow"]
    raw = raw_request(op_id, params)
    for validator in BACKENDS.values():
        assert validator.validate_request(raw.method, raw.url, raw.body) == (op_id, cleaned["compiled"])
        # ... and the same through JSON, as an HTTP client sends it.
        assert validator.validate_request(raw.method, raw.url, raw.content) == (op_id, cleaned["compiled"])


@pytest.mark.parametrize(("op_id", "code", "variant"), PAIRS)
@PER_CODE
@given(data=st.data())
def test_invalid_requests_fail_with_exactly_their_code(op_id: str, code: str, variant: str | None,
                                                        data: st.DataObject) -> None:
    params = data.draw(invalid_requests(op_id, code, variant), label="params")
    labels = {p for c in error_cases(op_id) if (c.code, c.variant) == (code, variant) for p in c.params}
    for validator in BACKENDS.values():
        err = failure(validator, op_id, params)
        assert (err.code, err.variant) == (code, variant), err.errors
        assert label(err.param) in labels
        # One check broken, and only one: every other check passes.
        with pytest.raises(ValidationError) as info:
            validator.validate(op_id, params, all_errors=True)
        assert info.value.errors == (err.failure,)
    raw = raw_request(op_id, params)
    for validator in BACKENDS.values():
        with pytest.raises(UAError) as info:
            validator.validate_request(raw.method, raw.url, raw.content)
        assert (info.value.code, info.value.variant) == (code, variant)


@pytest.mark.parametrize("op_id", ["cdr.list", "phone_calls.update", "queue_agents.list"])
@given(data=st.data())
def test_invalid_requests_without_a_variant_take_any_of_the_code(op_id: str, data: st.DataObject) -> None:
    code = data.draw(st.sampled_from(sorted({c for c, _ in error_codes(op_id)})), label="code")
    params = data.draw(invalid_requests(op_id, code), label="params")
    err = failure(BACKENDS["compiled"], op_id, params)
    assert err.code == code and (code, err.variant) in error_codes(op_id)


def test_every_case_of_a_code_is_generated() -> None:
    # invalid_requests draws from all the cases of its code: the first cases are not the only ones.
    cases = [c for c in error_cases("faxes.create") if c.code == "fx_file_invalid"]
    seen: set[str] = set()

    @settings(max_examples=150, database=None)
    @given(invalid_requests("faxes.create", "fx_file_invalid"))
    def collect(params: dict[str, Any]) -> None:
        seen.add(label(failure(BACKENDS["compiled"], "faxes.create", params).param))

    collect()
    assert seen == {c.param for c in cases}


@pytest.mark.parametrize("kind", ["rule", "required_unless", "alias_conflict", "too_many", "filter_part"])
def test_cases_of_each_kind_break_exactly_that(kind: str) -> None:
    cases = [c for c in error_cases() if c.kind == kind]
    assert cases

    @settings(max_examples=max(10, settings.default.max_examples // 3), database=None)
    @given(st.sampled_from(cases).flatmap(lambda c: st.tuples(st.just(c), requests_for(c))))
    def check(pair: tuple[ErrorCase, dict[str, Any]]) -> None:
        case, params = pair
        err = failure(BACKENDS["compiled"], case.operation, params)
        assert (err.code, err.variant, label(err.param)) == (case.code, case.variant, case.param)

    check()


# --- the Validator's settings and phone numbers ----------------------------------------------------

SMALL = Validator(max_fax_files=2, max_fax_recipients=3, max_fax_file_size=1000, phone_region="RO")


@given(data=st.data())
def test_requests_follow_other_settings_for_every_operation(data: st.DataObject) -> None:
    op_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    SMALL.validate(op_id, data.draw(valid_requests(op_id, validator=SMALL), label="valid"))
    case = data.draw(st.sampled_from(error_cases(op_id, validator=SMALL)), label="case")
    params = data.draw(requests_for(case, validator=SMALL), label="invalid")
    err = failure(SMALL, op_id, params)
    assert (err.code, err.variant, label(err.param)) == (case.code, case.variant, case.param)


@given(valid_requests("faxes.create", validator=SMALL))
def test_valid_requests_follow_the_validators_settings(params: dict[str, Any]) -> None:
    cleaned = SMALL.validate("faxes.create", params)
    assert len(cleaned["files"]) <= 2 and len(cleaned["recipients"]) <= 3
    assert all(f["size"] <= 1000 for f in cleaned["files"])


@given(invalid_requests("faxes.create", "fx_max_files_reached", validator=SMALL))
def test_too_many_files_is_counted_against_the_setting(params: dict[str, Any]) -> None:
    assert len(params["files"]) == 3
    assert failure(SMALL, "faxes.create", params).code == "fx_max_files_reached"
    BACKENDS["compiled"].validate("faxes.create", params)  # ten files are fine by default


@given(valid_requests("phone_calls.callback", validator=SMALL))
def test_numbers_without_plus_fit_the_validators_region(params: dict[str, Any]) -> None:
    SMALL.validate("phone_calls.callback", params)
    for party in ("source", "destination"):
        value = params["phoneCallView"][0][party]
        for number in value if isinstance(value, list) else [value]:
            region = None if number.startswith("+") else "RO"
            assert phonenumbers.is_possible_number(phonenumbers.parse(number, region))


@given(valid_requests("phone_calls.callback"))
def test_numbers_with_plus_are_possible_numbers(params: dict[str, Any]) -> None:
    view = params["phoneCallView"][0]
    for value in (view["source"], view["destination"]):
        for number in value if isinstance(value, list) else [value]:
            if number.startswith("+"):
                assert phonenumbers.is_possible_number(phonenumbers.parse(number))


def test_numbers_with_plus_come_from_many_countries() -> None:
    codes: set[int] = set()

    @settings(max_examples=200, database=None)
    @given(valid_requests("phone_calls.delete"))
    def collect(params: dict[str, Any]) -> None:
        number = params.get("phoneNumber", "")
        if number.startswith("+"):
            codes.add(phonenumbers.parse(number).country_code)

    collect()
    assert len(codes) >= 10


@pytest.mark.parametrize("action", sorted(SPEC.operation("phone_calls.update").actions))
@settings(max_examples=10)
@given(data=st.data())
def test_an_action_can_be_fixed(action: str, data: st.DataObject) -> None:
    params = data.draw(valid_requests("phone_calls.update", action=action))
    assert params["action"] == action
    BACKENDS["compiled"].validate("phone_calls.update", params)


# --- raw requests ------------------------------------------------------------------------------------

def test_raw_request_puts_each_parameter_in_its_place() -> None:
    raw = raw_request("phone_calls.conference_invite", {
        "userId": "@me", "extension": "0003*210", "conferencePin": "12", "waitForPickup": ["1", "2"],
        "phoneCallView": [{"source": "210", "destination": "+40721234567"}], "unknown": "dropped",
    })
    assert raw == RawRequest(
        "POST", "/uapi/phoneCalls/@me/conferenceInvite",
        (("waitForPickup", "1"), ("waitForPickup", "2"), ("conferencePin", "12")),
        {"extension": "0003*210", "phoneCallView": [{"source": "210", "destination": "+40721234567"}]},
    )
    assert raw.url == "/uapi/phoneCalls/@me/conferenceInvite?waitForPickup=1&waitForPickup=2&conferencePin=12"
    assert raw.content is not None and json.loads(raw.content) == raw.body
    assert str(raw).startswith("POST /uapi/phoneCalls/@me/conferenceInvite?")


def test_raw_request_encodes_what_a_url_cannot_carry() -> None:
    raw = raw_request("phone_calls.list", {"userId": "1", "extension": "..", "phoneCallId": "a b%/",
                                           "filterValue": "2024-01-01T00:00:00+02:00 &x=1"})
    assert raw.path == "/uapi/phoneCalls/1/%2E%2E/a%20b%25%2F"
    assert raw.query_string == "filterValue=2024-01-01T00:00:00%2B02:00%20%26x%3D1"
    assert raw.body is None
    assert raw_request("cdr", {}).url == "/uapi/cdr"
    assert raw_request("cdr", {"userId": "@me"}, prefix="/unifiedapi").url == "/unifiedapi/cdr/@me"


@pytest.mark.parametrize(("op_id", "params", "problem"), [
    ("phone_call_events.list", {"userId": "1", "extension": "1", "eventId": "a"}, "without eventType"),
    ("phone_calls.update", {"userId": "1", "extension": "1"}, "needs the path fragment phoneCallId"),
    ("cdr.list", {"userId": 12}, "must be text"),
    ("cdr.list", {"count": None}, "text or a list"),
])
def test_raw_request_refuses_what_cannot_travel(op_id: str, params: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        raw_request(op_id, params)


@given(valid_raw_requests("phone_call_events.list"))
def test_valid_raw_requests_route_to_their_operation(raw: RawRequest) -> None:
    assert BACKENDS["compiled"].validate_request(raw.method, raw.url)[0] == "phone_call_events.list"


@given(invalid_raw_requests("cdr.list", "cdr_invalid_date_parameters", prefix="/unifiedapi"))
def test_invalid_raw_requests_fail_with_their_code(raw: RawRequest) -> None:
    assert raw.path.startswith("/unifiedapi/cdr")
    with pytest.raises(UAError) as info:
        BACKENDS["compiled"].validate_request(raw.method, raw.url)
    assert info.value.code == "cdr_invalid_date_parameters"


# --- responses: assert_ua_error with Flask and Django test clients -----------------------------------

def _flask_app() -> Any:
    from flask import Flask

    from ua_validate.flask import UAValidate, operation

    app = Flask(__name__)
    UAValidate(app)

    @app.get("/uapi/cdr")
    @app.get("/uapi/cdr/<userId>")
    @operation("cdr.list")
    def cdr(params: dict[str, Any]) -> Any:
        return {"count": params["count"]}

    @app.get("/uapi/extensions/<userId>/<extension>/queue/agents")
    @operation("queue_agents.list")
    def agents(params: dict[str, Any]) -> Any:
        return {}

    @app.put("/uapi/extensions/<userId>/<extension>/queue/agents/<agent>")
    @operation("queue_agents.update")
    def agent(params: dict[str, Any]) -> Any:
        return {}

    return app


@pytest.fixture(scope="module")
def flask_client() -> Any:
    return _flask_app().test_client()


@pytest.mark.parametrize(("op_id", "code", "variant"),
                         [p for p in PAIRS if p[0] in ("cdr.list", "queue_agents.update")])
@settings(max_examples=8)
@given(data=st.data())
def test_flask_answers_generated_requests_as_documented(flask_client: Any, op_id: str, code: str,
                                                        variant: str | None, data: st.DataObject) -> None:
    raw = data.draw(invalid_raw_requests(op_id, code, variant))
    response = flask_client.open(raw.url, method=raw.method, json=raw.body)
    assert assert_ua_error(response, code, variant) == catalog.entry(code, variant)


def test_assert_ua_error_explains_a_mismatch(flask_client: Any) -> None:
    response = flask_client.get("/uapi/cdr?count=0")
    assert assert_ua_error(response, "count_invalid").code == "count_invalid"
    with pytest.raises(AssertionError, match=r"expected 400 .*startindex_invalid.*\n.*got 400"):
        assert_ua_error(response, "startindex_invalid")
    ok = flask_client.get("/uapi/cdr")
    with pytest.raises(AssertionError, match="got 200"):
        assert_ua_error(ok, "count_invalid")
    with pytest.raises(ValueError, match="no catalog entry"):
        assert_ua_error(response, "no_such_code")
    with pytest.raises(ValueError, match="no catalog entry"):
        assert_ua_error(response, "count_invalid", "numbers")


def test_assert_ua_error_shows_the_reason_an_app_in_testing_mode_gives() -> None:
    app = _flask_app()
    app.testing = True
    response = app.test_client().get("/uapi/cdr?count=0")
    assert response.headers["X-UA-Reason"] == "count must be an integer from 1 to 5000"
    with pytest.raises(AssertionError) as info:
        assert_ua_error(response, "startindex_invalid")
    assert str(info.value) == (
        'expected 400 {"error": {"code": "startindex_invalid", "message": "Parameter startIndex is invalid."}}\n'
        "     got 400 {'error': {'code': 'count_invalid', 'message': 'Parameter count is invalid.'}}\n"
        "  reason count must be an integer from 1 to 5000")
    with pytest.raises(AssertionError) as info:  # a module-level client: not in testing mode, no reason
        assert_ua_error(_flask_app().test_client().get("/uapi/cdr?count=0"), "startindex_invalid")
    assert "reason" not in str(info.value)


def test_assert_ua_error_takes_any_variant_unless_told(flask_client: Any) -> None:
    response = flask_client.get("/uapi/extensions/1/2/queue/agents?filterBy=status&filterValue=x")
    assert assert_ua_error(response, "filtervalue_invalid").variant == "numbers"
    assert_ua_error(response, "filtervalue_invalid", "numbers")
    with pytest.raises(AssertionError):
        assert_ua_error(response, "filtervalue_invalid", "generic")
    assert_ua_error(flask_client.delete("/uapi/cdr"), "not_implemented")  # no such route here


def test_assert_ua_error_with_django_responses(tmp_path: Path) -> None:
    # Django's settings are process-wide: configure them in a process of their own.
    script = textwrap.dedent("""
        import django
        from django.conf import settings
        settings.configure(DEFAULT_CHARSET="utf-8")
        django.setup()
        from django.http import HttpResponse, JsonResponse
        from ua_validate import UAError
        from ua_validate.testing import assert_ua_error
        err = UAError("filtervalue_invalid", variant="numbers")
        response = JsonResponse(err.body, status=err.status)
        assert assert_ua_error(response, "filtervalue_invalid").variant == "numbers"
        assert_ua_error(response, "filtervalue_invalid", "numbers")
        for args in (("filtervalue_invalid", "generic"), ("count_invalid",)):
            try:
                assert_ua_error(response, *args)
            except AssertionError:
                pass
            else:
                raise SystemExit("no AssertionError")
        text = HttpResponse(err.entry.body_bytes, status=400, content_type="text/plain")
        try:
            assert_ua_error(text, "filtervalue_invalid")
        except AssertionError as exc:
            assert "content type" in str(exc)
        else:
            raise SystemExit("a text/plain body passed")
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "ok", done.stderr


# --- the pytest plugin -------------------------------------------------------------------------------

def test_the_plugin_gives_fixtures(ua_strategies: testing.RequestStrategies, ua_validator: Validator,
                                   assert_ua_error: Any) -> None:
    assert ua_strategies.validator is ua_validator
    assert ua_strategies.codes("cdr") == error_codes("cdr")
    assert ua_strategies.cases("cdr") == error_cases("cdr")
    assert assert_ua_error is testing.assert_ua_error

    @settings(max_examples=5)
    @given(ua_strategies.invalid("cdr", "count_invalid"), ua_strategies.valid_raw("cdr"))
    def check(params: dict[str, Any], raw: RawRequest) -> None:
        assert failure(ua_validator, "cdr", params).code == "count_invalid"
        assert ua_validator.validate_request(raw.method, raw.url)[0] == "cdr.list"
        assert ua_strategies.raw("cdr", params).method == "GET"

    check()
    assert "RequestStrategies(" in repr(ua_strategies)


PLUGIN_USER = """
import pytest

def test_plain():
    assert True

def test_fixture(ua_strategies):
    pass
"""


def test_the_plugin_does_not_need_hypothesis(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(PLUGIN_USER)
    blocked = tmp_path / "blocked" / "hypothesis"
    blocked.mkdir(parents=True)  # a hypothesis that is not there: importing it fails
    (blocked / "__init__.py").write_text("raise ImportError('No module named hypothesis')\n")
    env = {**os.environ, "PYTHONPATH": str(blocked.parent)}
    command = [sys.executable, "-m", "pytest", str(tmp_path / "test_user.py"), "-q", "-rA",
               "-p", "no:hypothesispytest", "-p", "no:schemathesis", "-p", "no:cacheprovider"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert "1 passed" in done.stdout and "1 error" in done.stdout, done.stdout + done.stderr
    assert "ua-validate[testing]" in done.stdout


def test_importing_the_package_and_its_tools_does_not_import_hypothesis() -> None:
    script = ("import sys, ua_validate, ua_validate.openapi, ua_validate.conformance, "
              "ua_validate.pytest_plugin; sys.exit('hypothesis' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", script], timeout=60).returncode == 0


def test_error_case_records() -> None:
    case = next(c for c in error_cases("faxes.create") if c.kind == "too_many")
    assert (case.code, case.param, case.entry.status) == ("fx_max_files_reached", "files", 400)
    assert "check" not in repr(case) and "fx_max_files_reached" in repr(case)
    assert isinstance(case.check, Param)
