# look-alike digits and letters are the point of these tests
"""No input makes validation raise anything but a documented error (SPEC §8).

For every operation, any mapping of any keys to any values either validates or raises UAError
with a catalog entry; validate_request takes any method, URL and body the same way. Only two
programming mistakes raise otherwise: params that are not a mapping (TypeError) and an unknown
operation id (UnknownOperationError, a LookupError).
"""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import CALL, EXT, FILE, MEGABYTE, VALID, VIEW, PlainMapping, names_of, params_for, requests
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
from ua_validate.rules import Settings, checker_for, filter_value
from ua_validate.spec import Param

SPEC = default_spec()
OPERATIONS = [op.id for op in SPEC]
# Every backend answers the same way; each must hold on its own.
BACKENDS = {name: Validator(backend=name) for name in ("compiled", "marshmallow")}

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
    for mapping in (MappingProxyType(params), PlainMapping(params)):
        for validator in BACKENDS.values():
            outcome(validator.validate, operation, mapping)


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


# --- objects that pretend to be str, int, list or dict: any value gets a documented error ---------

class _StrLookAlike:
    """isinstance(x, str) is True (its __class__ says so), yet it is no str."""

    __class__ = property(lambda self: str)  # type: ignore[assignment]


class _DictLookAlike:
    __class__ = property(lambda self: dict)  # type: ignore[assignment]


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("a method of this value was called")


class _StrRaisingStr(str):
    """A real str subclass whose __str__ and __format__ raise."""

    __str__ = __format__ = _boom


class _StrRaisingEverything(str):
    """A real str subclass whose every method raises (but repr, for hypothesis' reports)."""

    __str__ = __format__ = __eq__ = __ne__ = __len__ = __getitem__ = __iter__ = _boom
    __contains__ = __add__ = __lt__ = __hash__ = lower = upper = isascii = isdigit = _boom  # type: ignore[assignment]
    strip = split = startswith = endswith = encode = find = count = replace = partition = _boom


class _IntRaisingEverything(int):
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __index__ = __int__ = __bool__ = _boom
    __hash__ = __str__ = __format__ = _boom  # type: ignore[assignment]


# label -> a fresh object each time (mocks record their calls)
ODD: dict[str, Any] = {
    "Mock(spec=str)": lambda: mock.Mock(spec=str),
    "NonCallableMock(spec=str)": lambda: mock.NonCallableMock(spec=str),
    "MagicMock(spec=str)": lambda: mock.MagicMock(spec=str),
    "str look-alike": _StrLookAlike,
    "str subclass, __str__ raises": lambda: _StrRaisingStr("210"),
    "str subclass, every method raises": lambda: _StrRaisingEverything("OnHold"),
    "int subclass, every method raises": lambda: _IntRaisingEverything(1),
    "Mock(spec=int)": lambda: mock.Mock(spec=int),
    "Mock(spec=bool)": lambda: mock.Mock(spec=bool),
    "Mock(spec=bytes)": lambda: mock.Mock(spec=bytes),
    "Mock(spec=list)": lambda: mock.Mock(spec=list),
    "MagicMock(spec=list)": lambda: mock.MagicMock(spec=list),
    "Mock(spec=dict)": lambda: mock.Mock(spec=dict),
    "MagicMock(spec=dict)": lambda: mock.MagicMock(spec=dict),
    "dict look-alike": _DictLookAlike,
    "Mock()": mock.Mock,
    "MagicMock()": mock.MagicMock,
}
odd_values = st.sampled_from(sorted(ODD)).map(lambda label: ODD[label]())


def _places(params: dict[str, Any]) -> list[tuple[Any, Any]]:
    """(container, key) of every value in a request: top level, in lists, in objects of lists."""
    places: list[tuple[Any, Any]] = [(params, key) for key in params]
    for value in params.values():
        if type(value) is list:
            places += [(value, index) for index in range(len(value))]
            places += [(item, key) for item in value if type(item) is dict for key in item]
    return places


@st.composite
def requests_with_odd_values(draw: st.DrawFn, operation: str) -> dict[str, Any]:
    """A valid request of ``operation`` with odd objects in one to three places."""
    params = json.loads(json.dumps(VALID[operation]))  # a deep copy
    op = SPEC.operation(operation)
    if op.collection is not None and draw(st.booleans()):
        # filterValue is only read under a filterBy and filterOp.
        params["filterBy"] = draw(st.sampled_from(sorted(op.collection.filters)))
        params["filterOp"] = draw(st.sampled_from(["equals", "contains", "inArray", "present"]))
        params["filterValue"] = "210"
    names = names_of(op)
    for _ in range(draw(st.integers(1, 3))):
        places = _places(params)
        if places and draw(st.booleans()):
            container, key = draw(st.sampled_from(places))
            container[key] = draw(odd_values)
        else:
            params[draw(st.sampled_from(names))] = draw(odd_values | st.lists(odd_values, max_size=2))
    return params


@pytest.mark.parametrize("operation", OPERATIONS)
@given(data=st.data())
def test_objects_pretending_to_be_values_get_a_documented_error(operation: str, data: st.DataObject) -> None:
    params = data.draw(requests_with_odd_values(operation), label="params")
    for validator in BACKENDS.values():
        result = outcome(validator.validate, operation, params)
        assert isinstance(result, (dict, UAError))
        assert isinstance(outcome(validator.validate, operation, params, all_errors=True), (dict, UAError))


def _as_read(value: Any) -> Any:
    """What a checker must read ``value`` as: a real str subclass is its text; anything else here
    (an int subclass, whatever a __class__ says) is no valid value of any type."""
    return str.__str__(value) if issubclass(type(value), str) else None


@pytest.mark.parametrize("label", sorted(ODD))
def test_every_checker_and_filter_answers_an_odd_object(label: str) -> None:
    settings_ = Settings()
    for op in SPEC:
        for _, check in op.walk():
            if isinstance(check, Param) and check.type.name != "filter_value":
                check_value = checker_for(check.type, settings_)
                odd = ODD[label]()
                text = _as_read(odd)
                assert check_value(odd) == (None if text is None else check_value(text)), (op.id, check.name)
        if op.collection is not None:
            for flt in op.collection.filters.values():
                for filter_op in ("equals", "contains", "startsWith", "inArray", "greaterThan"):
                    odd = ODD[label]()
                    text = _as_read(odd)
                    # Not text: on a numeric field a value that is no number (SPEC §4, issue 8's
                    # edges), elsewhere a value of the wrong type.
                    refused = (False, "numbers" if flt.numeric else "generic")
                    expected = refused if text is None else filter_value(flt, filter_op, text, _same)
                    assert filter_value(flt, filter_op, odd, _same) == expected


def _same(value: Any) -> Any:
    return value



@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("label", [
    label for label in sorted(ODD)])
def test_odd_method_of_a_request(backend: str, label: str) -> None:
    with pytest.raises(UAError) as info:
        BACKENDS[backend].validate_request(ODD[label](), "/uapi/cdr/@me")
    assert_documented(info.value)
    assert info.value.code == "not_implemented"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("label", sorted(ODD))
def test_odd_url_and_body_of_a_request(backend: str, label: str) -> None:
    validator = BACKENDS[backend]
    with pytest.raises(UAError) as info:  # the real subclasses' texts are no absolute paths
        validator.validate_request("GET", ODD[label]())
    assert_documented(info.value)
    assert info.value.code == "not_implemented"
    # A body that only pretends to be a mapping, text or bytes is a body without fields.
    with pytest.raises(ValidationError) as error:
        validator.validate_request("POST", "/uapi/faxes/@me/210", ODD[label]())
    assert (error.value.code, error.value.param) == ("fx_recipients_invalid", "recipients")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_str_subclass_url_and_body_are_read_as_their_text(backend: str) -> None:
    validator = BACKENDS[backend]
    url = _StrRaisingEverything("/uapi/faxes/@me/210?x=1")
    body = _StrRaisingEverything(json.dumps({"recipients": ["211"], "files": [FILE]}))
    assert validator.validate_request("POST", url, body)[1]["recipients"] == ("211",)


@pytest.mark.parametrize("backend", ["marshmallow", "compiled"])
@pytest.mark.parametrize("label", ["Mock(spec=str)", "str look-alike"])
def test_a_look_alike_action_is_no_action(backend: str, label: str) -> None:
    with pytest.raises(UAError) as info:
        BACKENDS[backend].validate("phone_calls.update", {**CALL, "action": ODD[label]()})
    assert (info.value.code, info.value.variant) == ("not_implemented", None)


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
