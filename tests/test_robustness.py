# ruff: noqa: RUF001  # look-alike digits and letters are the point of these tests
"""No input makes validation raise anything but a documented error (SPEC §8).

For every operation, any mapping of any keys to any values either validates or raises UAError
with a catalog entry; validate_request takes any method, URL and body the same way. Only two
programming mistakes raise otherwise: params that are not a mapping (TypeError) and an unknown
operation id (UnknownOperationError, a LookupError).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ua_validate import (
    UAError,
    UnknownOperationError,
    ValidationError,
    Validator,
    catalog,
    validate,
    validate_request,
)
from ua_validate.loader import default_spec
from ua_validate.spec import Operation, Param

SPEC = default_spec()
OPERATIONS = [op.id for op in SPEC]
# Every backend answers the same way; each must hold on its own.
BACKENDS = {name: Validator(backend=name) for name in ("compiled", "marshmallow")}
MEGABYTE = 1_000_000
BIG_STRINGS = ["1" * MEGABYTE, "@" * MEGABYTE, "a" * MEGABYTE, "1," * (MEGABYTE // 2),
               "2024-01-01T00:00:00" * 50_000, "+" + "4" * MEGABYTE, "x <" + "1" * MEGABYTE + ">",
               "http://a/" + "b" * MEGABYTE]
HUGE_INTS = [2**63, -(2**63) - 1, 10**10, 9_999_999_999, 10**100]
# Built lazily: hypothesis cannot print a strategy holding an int of more than 4300 digits.
_HUGE = [10**4301, -(10**4301), 10**5000 - 1, 10**100_000]
huge_ints = st.integers(0, len(_HUGE) - 1).map(lambda index: _HUGE[index])
# Values that get past the first checks, so that arbitrary data reaches the later ones.
PLAUSIBLE = [
    "@me", "@self", "@viewer", "210", "0003*210", "+40721234567", "12", "0", "1", "2", "4", "25", "3600",
    "2024-01-01T00:00:00", "2024-02-01T00:00:00Z", "2023-12-31T23:59:59+02:00", "http://example.com/x",
    "fax.pdf", "pdf", "txt", "image/jpeg", "wav", "wav49", "asc", "descending", "source", "destination",
    "published", "answered", "id", "status", "method", "type", "modified", "agentNumber", "queue",
    "equals", "contains", "startsWith", "present", "inArray", "greaterThan", "210,211", "0,1,2",
    "John <210>", "abc123", "OnHold", "Park", "UnPark", "Transfer", "TransferToVoicemail", "Whisper",
    "StartRecording", "PickUp", "true", "false", "", " ", "٣", "５", "²", "\x00", "\ud800", "é",
]


def names_of(op: Operation) -> list[str]:
    """Every name a request to ``op`` may carry: parameters, aliases, nested object fields."""
    names: set[str] = set()
    for _, check in op.walk():
        if isinstance(check, Param):
            names.add(check.name)
            names.update(check.aliases)
    return sorted(names)


ALL_NAMES = sorted({name for op in SPEC for name in names_of(op)})


def assert_documented(err: UAError) -> None:
    """``err`` is a catalog entry, rendered exactly as the catalog renders it."""
    assert isinstance(err, UAError)
    assert catalog.is_known(err.code, err.variant)
    entry = catalog.entry(err.code, err.variant)
    assert (err.status, err.message, err.body) == (entry.status, entry.message, entry.body)
    assert err.status in (400, 501)
    if isinstance(err, ValidationError):
        assert err.errors and all(catalog.is_known(f.code, f.variant) for f in err.errors)
        assert (err.errors[0].code, err.errors[0].variant) == (err.code, err.variant)


def outcome(call: Any, *args: Any, **kwargs: Any) -> Any:
    """The result of ``call``, or the documented error it raised (anything else propagates)."""
    try:
        return call(*args, **kwargs)
    except UAError as err:
        assert_documented(err)
        return err


FILE = {"name": "fax.pdf", "type": "pdf", "size": 10}
VIEW = {"source": "210", "destination": "+40721234567"}
EXT = {"userId": "@me", "extension": "210"}
CALL = {**EXT, "phoneCallId": "abc"}
EVENT = {**EXT, "eventType": "1", "eventId": "abc"}
# A valid request of each operation (with an action that uses the most fields for updates).
VALID: dict[str, dict[str, Any]] = {
    "cdr.list": {},
    "phone_calls.simple": {**EXT, "phoneCallView": [VIEW]},
    "phone_calls.callback": {**EXT, "phoneCallView": [{"source": "+40721234567", "destination": "+40721234568"}]},
    "phone_calls.conference_invite": {**EXT, "phoneCallView": [VIEW]},
    "phone_calls.list": dict(EXT),
    "phone_calls.update": {**CALL, "action": "Transfer", "sendCallTo": "210", "transferFromNumber": "211"},
    "phone_calls.delete": dict(EXT),
    "faxes.create": {**EXT, "recipients": ["210"], "files": [FILE]},
    "queue_agents.list": dict(EXT),
    "queue_agents.update": {**EXT, "agent": "+40721234567", "status": "1"},
    "phone_call_events.create": {**EXT, "type": "0", "method": "0", "url": "http://example.com"},
    "phone_call_events.list": dict(EXT),
    "phone_call_events.update": dict(EVENT),
    "phone_call_events.delete": dict(EXT),
    "presence.list": {"userId": "@me", "extension": "@self"},
}


# --- strategies ------------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(HUGE_INTS),
    huge_ints,
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(st.characters(max_codepoint=127), max_size=30),
    st.text("0123456789*+@,-:.TZ ", max_size=30),
    st.sampled_from(PLAUSIBLE),
    st.integers(0, len(BIG_STRINGS) - 1).map(lambda index: BIG_STRINGS[index]),  # no megabyte repr
    st.binary(max_size=8),
)


def keys_for(names: list[str]) -> st.SearchStrategy[Any]:
    # Real names most of the time, so that the values reach the checkers.
    return st.one_of(
        st.sampled_from(names), st.sampled_from(names), st.sampled_from(names), st.sampled_from(names),
        st.text(max_size=10), st.integers(), st.none(), st.sampled_from(ALL_NAMES),
    )


def values_for(names: list[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=5),
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(keys_for(names), inner, max_size=6),
        ),
        max_leaves=15,
    )


@cache
def params_for(operation: str) -> st.SearchStrategy[dict[Any, Any]]:
    """Built once per operation: hypothesis validates and describes each strategy it is given."""
    names = names_of(SPEC.operation(operation))
    anything = st.dictionaries(keys_for(names), values_for(names), max_size=12)
    # Half the time over a valid request, so that the first checks pass and later ones run.
    return st.tuples(st.booleans(), anything).map(
        lambda pair: {**VALID[operation], **pair[1]} if pair[0] else pair[1])


# --- validate ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("operation", OPERATIONS)
@given(data=st.data())
def test_any_mapping_validates_or_raises_a_documented_error(operation: str, data: st.DataObject) -> None:
    op = SPEC.operation(operation)
    params = data.draw(params_for(operation), label="params")
    for validator in BACKENDS.values():
        result = outcome(validator.validate, operation, params)
        every = outcome(validator.validate, operation, params, all_errors=True)
        if isinstance(result, UAError):
            assert isinstance(every, UAError)
            assert (every.code, every.variant) == (result.code, result.variant)
        else:
            assert isinstance(result, dict) and result == every
            assert set(result) <= {p.name for p in op.params}


@pytest.mark.parametrize("operation", OPERATIONS)
@given(data=st.data())
def test_any_mapping_type_of_params(operation: str, data: st.DataObject) -> None:
    params = data.draw(params_for(operation), label="params")
    for mapping in (MappingProxyType(params), _Mapping(params)):
        for validator in BACKENDS.values():
            outcome(validator.validate, operation, mapping)


class _Mapping(Mapping[Any, Any]):
    """A Mapping that is not a dict."""

    def __init__(self, data: dict[Any, Any]) -> None:
        self._data = data

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Any:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


# --- validate_request ------------------------------------------------------------------------------

SEGMENTS = st.one_of(
    st.sampled_from(PLAUSIBLE[:30]),
    st.text(max_size=12),
    st.text(max_size=12).map(lambda s: quote(s, safe="")),
    st.sampled_from(["%", "%z", "%zz", "%ff", "%fe%ff", "%C3%28", "%E2%82", "%00", "%2F", "%2A", "%25",
                     "..", ".", "", "[", "]", "?", "#", "%5B"]),
)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(),
              st.sampled_from(PLAUSIBLE)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(ALL_NAMES) | st.text(max_size=5),
                                                                 inner, max_size=6),
    max_leaves=12,
)
bodies = st.one_of(
    st.none(),
    st.binary(max_size=40),
    st.text(max_size=40),
    json_values,
    json_values.map(json.dumps),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.sampled_from([
        "[" * 100_000, "{" * 100_000, '{"a":' * 100_000, '{"a":[' * 50_000, "]" * 100_000, "[" * 100_000 + "]" * 100_000,
        b"\xff\xfe\x00", b'{"extension": "\xff"}', '{"files":[{"size":1' + "0" * 5000 + "}]}",
        '{"recipients":[' + "1" * 5000 + "]}", "NaN", "Infinity", '{"status": NaN}', '{"status": 1e999}',
        '{"status": -0}', '{"action": "Park", "action": "OnHold"}', '{"\\ud800": "\\udfff"}', "\ufeff{}",
        '{"extension": "' + "1" * MEGABYTE + '"}', "1" * 5000, "",
    ]),
    st.sampled_from([bytearray(b'{"status": 1}'), memoryview(b'{"status": 1}'), 5, 1.5, ["x"], object()]),
)
methods = st.one_of(
    st.sampled_from(["GET", "POST", "PUT", "DELETE", "get", "Post", "HEAD", "OPTIONS", "PATCH", "", " GET"]),
    st.text(max_size=8),
)


@st.composite
def requests(draw: st.DrawFn) -> tuple[Any, str, Any]:
    """(method, URL, body): mostly an operation's route with odd segments, query and body."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(methods), draw(st.text()), draw(bodies)
    op = draw(st.sampled_from(list(SPEC)))
    valid = VALID[op.id]
    parts = []
    for name, variable, optional in op.segments:
        if optional and draw(st.booleans()):
            break
        if variable:
            parts.append(draw(st.sampled_from([quote(str(valid.get(name, "@me")), safe="@*")]) | SEGMENTS))
        else:
            parts.append(name)
    if draw(st.booleans()):
        parts[0] = "unifiedapi"
    path = "/" + "/".join(parts) + draw(st.sampled_from(["", "", "/", "//"]))
    names = names_of(op)
    pairs = draw(st.lists(st.tuples(st.sampled_from(names) | st.text(max_size=6),
                                    st.sampled_from(PLAUSIBLE[:40]) | SEGMENTS), max_size=6))
    query = "&".join(f"{k}={v}" for k, v in pairs) + draw(st.sampled_from(["", "", "&", "&&=", "=&", ";"]))
    url = path + ("?" + query if query or draw(st.booleans()) else "")
    if kind == 1:
        host = draw(st.sampled_from(["http://example.com", "https://[::1]", "http://[", "http://[::1",
                                     "http://a]b", "//x", "http://%zz", "http://:80", "HTTP://X:99999"]))
        url = host + url
    method = draw(st.sampled_from([op.method, op.method, op.method.lower()]) | methods)
    fields = {k: v for k, v in valid.items() if op.param(k).location == "body"}
    extra = draw(st.dictionaries(st.sampled_from(names), json_values, max_size=4))
    body = draw(st.sampled_from([json.dumps({**fields, **extra}), {**fields, **extra}]) | bodies)
    return method, url, body


@given(requests())
def test_any_request_is_answered_with_a_documented_error_or_validates(request: tuple[Any, str, Any]) -> None:
    method, url, body = request
    for validator in BACKENDS.values():
        result = outcome(validator.validate_request, method, url, body)
        if not isinstance(result, UAError):
            op_id, params = result
            assert op_id in SPEC.operations and isinstance(params, dict)
        again = outcome(validator.validate_request, method, url, body, all_errors=True)
        assert type(again) is type(result)


@given(st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text())), st.one_of(st.none(), st.integers(),
                                                                                       st.binary()))
def test_method_and_url_that_are_not_text_are_not_implemented(method: Any, url: Any) -> None:
    with pytest.raises(UAError) as info:
        validate_request(method, url)
    assert info.value.code == "not_implemented"
    with pytest.raises(UAError):
        validate_request("GET", url)


@pytest.mark.parametrize("url", [
    "/uapi/cdr/%ff", "/uapi/cdr/%zz", "/uapi/cdr/%", "/uapi/cdr/%C3%28", "/uapi/cdr/@me?count=%ff",
    "/uapi/cdr/@me?count=%zz", "/uapi/cdr/@me?%ff=%fe", "http://[/uapi/cdr/@me", "http://[::1/uapi/cdr",
    "http://[::1]/uapi/cdr/@me", "//[/uapi/cdr", "/uapi/cdr/@me?" + "&" * 100_000,
    "/uapi/cdr/@me?count=" + "1" * MEGABYTE, "/uapi/cdr/" + "1" * MEGABYTE,
    "/uapi/" + "/".join(["x"] * 10_000), "/" * 100_000, "\x00", "/uapi/cdr/\n", "/uapi/cdr/@me#frag",
])
def test_awkward_urls(url: str) -> None:
    for validator in BACKENDS.values():
        outcome(validator.validate_request, "GET", url)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("body", ["[" * 100_000, "{" * 100_000, '{"a":' * 100_000, b"[" * 100_000])
def test_deeply_nested_json_is_a_body_without_fields(backend: str, body: str | bytes) -> None:
    with pytest.raises(ValidationError) as info:
        BACKENDS[backend].validate_request("POST", "/uapi/faxes/@me/210", body)
    assert (info.value.code, info.value.param) == ("fx_recipients_invalid", "recipients")


# --- a megabyte value is rejected with its own code -----------------------------------------------

def test_every_operation_has_a_valid_example() -> None:
    assert set(VALID) == set(OPERATIONS)
    for operation, params in VALID.items():
        for validator in BACKENDS.values():
            validator.validate(operation, params)


def megabyte_cases() -> list[Any]:
    cases = []
    for op in SPEC:
        checks = op.checks_for(VALID[op.id].get("action"))
        for check in checks:
            if not isinstance(check, Param):
                continue
            params = dict(VALID[op.id])
            code, variant = check.code, check.variant
            if check.type.name in ("filter_value", "filter_op"):  # both are ignored without filterBy
                params["filterBy"] = next(iter(op.collection.filters))  # type: ignore[union-attr]
            if check.type.name == "filter_value":
                flt = op.collection.filters[params["filterBy"]]  # type: ignore[union-attr]
                code, variant = (flt.code, None) if flt.code else ("filtervalue_invalid", "generic")
            if check.name == "action":
                code, variant = "not_implemented", None
            for big in ("1" * MEGABYTE, "a" * MEGABYTE):
                cases.append(pytest.param(op.id, {**params, check.name: big}, code, variant, check.name,
                                          id=f"{op.id}-{check.name}-{big[0]}"))
    cases += [
        pytest.param("phone_calls.simple", {**EXT, "phoneCallView": [{**VIEW, "source": "1" * MEGABYTE}]},
                     "pc_source_invalid", None, "phoneCallView[0].source", id="view-source"),
        pytest.param("phone_calls.simple", {**EXT, "phoneCallView": [{**VIEW, "callerId": "a <1" * MEGABYTE}]},
                     "pc_callerid_invalid", None, "phoneCallView[0].callerId", id="view-callerid"),
        pytest.param("faxes.create", {**EXT, "recipients": ["210"], "files": [{**FILE, "name": "a" * MEGABYTE}]},
                     "fx_file_invalid", None, "files[0].name", id="file-name"),
        pytest.param("faxes.create", {**EXT, "recipients": ["1" * MEGABYTE], "files": [FILE]},
                     "fx_recipients_invalid", None, "recipients", id="recipient"),
        pytest.param("cdr.list", {"filterBy": "source", "filterOp": "inArray", "filterValue": "1," * MEGABYTE},
                     "cdr_invalid_filter_by_source", None, "filterValue", id="filter-in-array"),
        pytest.param("phone_call_events.list", {**EXT, "filterBy": "note", "filterOp": "inArray",
                                                "filterValue": "a," * MEGABYTE},
                     "filtervalue_invalid", "on_array", "filterValue", id="events-filter-in-array"),
        pytest.param("cdr.list", {"count": 10**(MEGABYTE // 1000)}, "count_invalid", None, "count",
                     id="huge-int"),
    ]
    return cases


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("operation", "params", "code", "variant", "param"), megabyte_cases())
def test_a_megabyte_value_is_rejected_with_its_code(backend: str, operation: str, params: dict[str, Any],
                                                   code: str, variant: str | None, param: str) -> None:
    with pytest.raises(UAError) as info:
        BACKENDS[backend].validate(operation, params)
    assert (info.value.code, info.value.variant) == (code, variant)
    assert getattr(info.value, "param", param) == param


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_megabyte_query_value_through_a_request(backend: str) -> None:
    validator = BACKENDS[backend]
    with pytest.raises(ValidationError) as info:
        validator.validate_request("GET", "/uapi/cdr/@me?startDate=" + "2" * MEGABYTE)
    assert info.value.code == "cdr_start_date_invalid"
    with pytest.raises(ValidationError) as info:
        validator.validate_request("POST", "/uapi/faxes/@me/210", json.dumps({"recipients": ["1" * MEGABYTE]}))
    assert info.value.code == "fx_recipients_invalid"


# --- programming mistakes ----------------------------------------------------------------------------

@pytest.mark.parametrize("params", [None, [("count", "1")], "count=1", b"count=1", 5, {"count"},
                                    (("count", "1"),)], ids=repr)
def test_params_that_are_not_a_mapping_are_a_type_error(params: Any) -> None:
    with pytest.raises(TypeError):
        validate("cdr", params)
    with pytest.raises(TypeError):
        Validator().validate("cdr", params)


@pytest.mark.parametrize("operation", ["nope", "", "CDR", "cdr.List", "cdr ", "phone_calls", None, 5,
                                       ["cdr"], ("cdr",), b"cdr"], ids=repr)
def test_unknown_operation_id_is_a_lookup_error(operation: Any) -> None:
    with pytest.raises(UnknownOperationError) as info:
        validate(operation, {})
    assert isinstance(info.value, LookupError) and not isinstance(info.value, UAError)
    with pytest.raises(LookupError):
        Validator().operation(operation)


def test_unknown_operation_comes_before_the_params_check() -> None:
    with pytest.raises(UnknownOperationError):
        validate("nope", None)  # type: ignore[arg-type]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_and_alias_is_known(operation: str) -> None:
    assert Validator().operation(operation).id == operation
    assert Validator().operation("cdr").id == "cdr.list"


@pytest.mark.parametrize("backend", BACKENDS)
def test_str_subclass_action_is_read_as_its_text(backend: str) -> None:
    class Text(str):
        pass

    validator = BACKENDS[backend]
    with pytest.raises(ValidationError) as info:
        validator.validate("phone_calls.update", {**CALL, "action": Text("Park")})
    assert (info.value.code, info.value.param) == ("pc_phonecallview_invalid", "phoneCallViewId")
    assert validator.validate("phone_calls.update", {**CALL, "action": Text("OnHold")})["action"] == "OnHold"
    cleaned = validator.validate("cdr", {"filterBy": Text("source"), "filterValue": Text("210,211"),
                                         "filterOp": Text("inArray")})
    assert cleaned["filterValue"] == ("210", "211")


# --- Validator settings ------------------------------------------------------------------------------

def fax(files: int = 1, recipients: int = 1, size: int = 10) -> dict[str, Any]:
    return {**EXT, "recipients": ["210"] * recipients, "files": [{**FILE, "size": size}] * files}


def test_default_fax_limits() -> None:
    validate("faxes.create", fax(files=10, recipients=50, size=25_000_000))
    for params, code in ((fax(files=11), "fx_max_files_reached"), (fax(recipients=51), "fx_recipients_invalid"),
                         (fax(size=25_000_001), "fx_file_invalid")):
        with pytest.raises(ValidationError) as info:
            validate("faxes.create", params)
        assert info.value.code == code


@pytest.mark.parametrize("backend", BACKENDS)
def test_fax_limits_are_settings(backend: str) -> None:
    strict = Validator(max_fax_files=2, max_fax_recipients=3, max_fax_file_size=100, backend=backend)
    strict.validate("faxes.create", fax(files=2, recipients=3, size=100))
    for params, code, param in ((fax(files=3), "fx_max_files_reached", "files"),
                                (fax(recipients=4), "fx_recipients_invalid", "recipients"),
                                (fax(size=101), "fx_file_invalid", "files[0].size")):
        with pytest.raises(ValidationError) as info:
            strict.validate("faxes.create", params)
        assert (info.value.code, info.value.param) == (code, param)
    generous = Validator(max_fax_files=20, max_fax_recipients=100, max_fax_file_size=50_000_000,
                         backend=backend)
    generous.validate("faxes.create", fax(files=20, recipients=100, size=50_000_000))
    # The module-level functions keep the defaults.
    with pytest.raises(ValidationError):
        validate("faxes.create", fax(files=20))


@pytest.mark.parametrize("backend", BACKENDS)
def test_phone_region_checks_numbers_without_plus(backend: str) -> None:
    romania = Validator(phone_region="RO", backend=backend)
    agent = {**EXT, "agent": "+40721234567"}
    assert validate("queue_agents.update", {**agent, "number": "12"})["number"] == "12"
    with pytest.raises(ValidationError) as info:
        romania.validate("queue_agents.update", {**agent, "number": "12"})
    assert (info.value.code, info.value.param) == ("qag_number_invalid", "number")
    assert romania.validate("queue_agents.update", {**agent, "number": "0721234567"})["number"] == "0721234567"
    assert romania.validate("queue_agents.update", {**agent, "number": "+14155552671"})["number"] == "+14155552671"
    with pytest.raises(ValidationError) as info:
        romania.validate("phone_calls.delete", {**EXT, "phoneNumber": "123"})
    assert (info.value.code, info.value.variant) == ("pc_private_invalid", "phone_number")
    # An extension stays an extension: ExtOrPhone takes 12 as one.
    assert romania.validate("phone_calls.simple", {**EXT, "phoneCallView": [{"source": "12", "destination": "13"}]})
    _, params = romania.validate_request("DELETE", "/uapi/phoneCalls/@me/210?phoneNumber=0212345678")
    assert params["phoneNumber"] == "0212345678"


@pytest.mark.parametrize("settings_", [
    {"max_fax_files": 0}, {"max_fax_files": -1}, {"max_fax_files": True}, {"max_fax_files": 1.5},
    {"max_fax_files": "10"}, {"max_fax_files": None}, {"max_fax_recipients": 0}, {"max_fax_recipients": False},
    {"max_fax_file_size": 0}, {"max_fax_file_size": 2.5e7}, {"phone_region": "XX"}, {"phone_region": ""},
    {"phone_region": "ROU"}, {"phone_region": "ro"}, {"phone_region": 40}, {"backend": "nope"},
], ids=repr)
def test_bad_settings_are_a_value_error(settings_: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Validator(**settings_)


def test_settings_are_keyword_only_and_shown() -> None:
    with pytest.raises(TypeError):
        Validator(5)  # type: ignore[misc]
    shown = repr(Validator(max_fax_files=3, phone_region="RO"))
    assert "max_fax_files=3" in shown and "'RO'" in shown


@settings(max_examples=30)
@given(st.integers(1, 30), st.integers(1, 30))
def test_max_fax_files_is_the_boundary(limit: int, files: int) -> None:
    for backend in BACKENDS:
        check_fax_limit(Validator(max_fax_files=limit, backend=backend), limit, files)


def check_fax_limit(validator: Validator, limit: int, files: int) -> None:
    result = outcome(validator.validate, "faxes.create", fax(files=files))
    if files <= limit:
        assert isinstance(result, dict) and len(result["files"]) == files
    else:
        assert isinstance(result, UAError) and result.code == "fx_max_files_reached"


def test_a_phone_region_that_is_not_text_is_a_value_error():
    with pytest.raises(ValueError):
        Validator(phone_region=["RO"])  # type: ignore[arg-type]
