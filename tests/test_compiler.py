"""The generated validators: the marshmallow backend's answers, readable source, tracebacks."""

from __future__ import annotations

import gc
import json
import linecache
import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from _helpers import strict
from strategies import Text as _Str
from strategies import arbitrary_params as _arbitrary_params
from strategies import date_texts as _dates
from ua_validate import ValidationError, Validator, compiler, rules, testing, types
from ua_validate.loader import default_spec
from ua_validate.spec import Operation, Param, Rule, TypeSpec

SPEC = default_spec()
OPERATIONS = [op.id for op in SPEC]
# Settings other than the defaults, so that the generated code is shown to read them.
CUSTOM = {"max_fax_files": 2, "max_fax_recipients": 3, "max_fax_file_size": 100, "phone_region": "RO"}
SETTINGS = {"default": {}, "custom": CUSTOM}
PAIRS = {
    name: (Validator(backend="compiled", **kw), Validator(backend="marshmallow", **kw))
    for name, kw in SETTINGS.items()
}


# --- comparing the two backends strictly ------------------------------------------------------

def _outcome(validator: Validator, op: str, params: Mapping[str, Any], all_errors: bool) -> Any:
    try:
        result = validator.validate(op, params, all_errors=all_errors)
    except ValidationError as err:
        return ("error", err.errors, err.code, err.variant, err.param, err.location, err.status)
    return ("ok", strict(result))


def assert_same(op: str, params: Mapping[str, Any], settings: str = "default") -> None:
    compiled, reference = PAIRS[settings]
    for all_errors in (False, True):
        expected = _outcome(reference, op, params, all_errors)
        assert _outcome(compiled, op, params, all_errors) == expected, (op, all_errors)


# --- arbitrary mappings with the operation's real names and nasty values -------------------------

def _walk_params(checks: tuple[Param | Rule, ...]) -> Iterator[Param]:
    for check in checks:
        if isinstance(check, Param):
            yield check


def _words(op: Operation) -> list[str]:
    """Every literal the operation's spec knows: enum values, fields, filters, operators, actions."""
    words: set[str] = set(op.actions)
    type_specs: list[TypeSpec] = []
    for _, check in op.walk():
        if isinstance(check, Param):
            type_specs.append(check.type)
    if op.collection is not None:
        words.update(op.collection.fields, op.collection.ops, op.collection.filters)
        type_specs.extend(flt.type for flt in op.collection.filters.values())
    for type_spec in type_specs:
        words.update(type_spec.get("values", ()) or ())
    return sorted(words)


# Values shaped like each documented type, valid and nearly valid, and plain nasty ones.
_CORPUS: tuple[Any, ...] = (
    "", " ", "0", "00", "1", "01", "7", "9", "10", "25", "99", "100", "3600", "3601", "5000", "5001",
    "86400", "9999999999", "99999999999", "-1", "+1", "1.5", "1e3", " 1", "1 ", "\u0661", "\u0663", "\uff13", "x",  # Unicode digits
    "@me", "@viewer", "@owner", "@self", "@ME", "0000", "0003*210", "210", "1*", "*1", "1**2",
    "12345678901*1", "+40213456789", "+40723456789", "+12025550123", "+4021345", "+999123456",
    "+0123", "+", "++1", "0213456789", "0723456789", "021345", "40213456789", "12",
    "123456789012345678901", "2024-01-01T00:00:00", "2024-02-01T00:00:00",
    "2023-12-31T23:59:59.999999Z", "2024-01-01T00:00:00+02:00", "2024-01-01T00:00:00-23:59",
    "2024-01-01T00:00:00+24:00", "2024-02-30T00:00:00", "2024-01-01t00:00:00", "2024-01-01",
    "0000-01-01T00:00:00", "2024-01-01T24:00:00", "2024-01-01T00:00:00.1234567",
    "true", "false", "TRUE", "False", "yes", "John Doe <4242425>", "John Doe<+4242*425>",
    "<123>", " John <1>", "Jo\x00hn <1>", "4242425", "http://example.com/x?y=1", "https://[::1]:80/",
    "ftp://example.com/", "http://", "http://exa mple.com/", "a.pdf", "A.JPEG", "a.tif", "x.txt",
    "a.pdf/", "..", ".", "image/jpeg", "application/pdf", "text/plain", "b817d2618fe6f1804333",
    "id,source", "id,,source", "id, source", "1,2,3", "1,", ",", "+40213456789,0003*210",
    "x" * 300, "9" * 300, "1\n", "a\tb",
    0, 1, 2, 4, 5, 10, 25, -1, 3600, 86400, 10**10, 10**30, True, False, None, 1.0, 0.5,
    float("nan"), b"123", [], ["210"], ["+40213456789", "0003*210"], ["x"], [None], {}, {"a": 1},
    ("210",),
)


def arbitrary_params(op: Operation) -> st.SearchStrategy[Mapping[str, Any]]:
    """Mappings over the operation's real names, with values from the corpus and its words."""
    return _arbitrary_params(op, _words(op), _CORPUS)


@pytest.mark.parametrize("settings", sorted(SETTINGS))
@pytest.mark.parametrize("op", OPERATIONS)
def test_arbitrary_mappings(op: str, settings: str) -> None:
    @given(arbitrary_params(SPEC.operation(op)))
    def check(params: Mapping[str, Any]) -> None:
        assert_same(op, params, settings)

    check()


# --- the harness's valid and invalid requests (ua_validate.testing) -----------------------------

@pytest.mark.parametrize("op", OPERATIONS)
@given(data=st.data())
def test_valid_requests(op: str, data: st.DataObject) -> None:
    params = data.draw(testing.valid_requests(op))
    assert_same(op, params)


@pytest.mark.parametrize("op", OPERATIONS)
@given(data=st.data())
def test_invalid_requests(op: str, data: st.DataObject) -> None:
    case = data.draw(st.sampled_from(testing.error_cases(op)))
    params = data.draw(testing.requests_for(case))
    assert_same(op, params)


@pytest.mark.parametrize("op", ["faxes.create", "phone_calls.delete", "queue_agents.update", "cdr.list"])
@given(data=st.data())
def test_requests_under_custom_settings(op: str, data: st.DataObject) -> None:
    validator = PAIRS["custom"][1]
    case = data.draw(st.none() | st.sampled_from(testing.error_cases(op, validator=validator)))
    if case is None:
        params = data.draw(testing.valid_requests(op, validator=validator))
    else:
        params = data.draw(testing.requests_for(case, validator=validator))
    assert_same(op, params, "custom")


# --- examples worth keeping in sight ---------------------------------------------------------------

EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    ("cdr", {"count": "100", "startDate": "2024-01-01T00:00:00", "sortOrder": "descending"}),
    ("cdr", {"startDate": "2024-02-01T00:00:00", "endDate": "2024-01-01T00:00:00Z", "count": "x"}),
    ("cdr", {"filterBy": "source", "filterOp": "inArray", "filterValue": "1,2,+40213456789"}),
    ("cdr", {"filterOp": "nonsense", "filterValue": "x"}),  # no filterBy: both ignored
    ("cdr", {"filterBy": "answered", "filterOp": "bad", "filterValue": "x", "count": "0"}),
    ("queue_agents.list", {"userId": "1", "extension": "210", "filterBy": "status", "filterValue": "x"}),
    ("phone_call_events.list", {"userId": "1", "extension": "210", "filterBy": "type",
                                "filterOp": "inArray", "filterValue": "1,,2"}),
    ("phone_calls.simple", {"userId": "@me", "extension": "210", "phoneCallView": [
        {"source": ["5354353", "5302040"], "destination": "x", "callerId": "John <1"}], "video": "no"}),
    ("phone_calls.conference_invite", {"userId": "1", "extension": "210", "conferencePin": "12",
                                       "number": "1", "conferenceNumber": "2", "phoneCallView": [
                                           {"source": "210", "destination": "211"}]}),
    ("phone_calls.update", {"userId": "1", "extension": "@self", "phoneCallId": "ab", "action": "Whisper",
                            "phoneCallViewId": "01", "sendCallTo": "210", "private": 1}),
    ("phone_calls.update", {"userId": "1", "extension": "210", "phoneCallId": "ab", "action": _Str("Park")}),
    ("phone_calls.update", {"userId": "x", "extension": "210", "phoneCallId": "ab", "action": "Dance"}),
    ("faxes.create", {"userId": "1", "extension": "210", "recipients": ["210"], "files": [
        {"name": "a.pdf", "type": "pdf", "size": 10},
        {"name": "a.jpg", "type": "application/pdf", "size": 0, "uploadIdentifier": "-"}]}),
    ("faxes.create", {"userId": "1", "extension": "210", "recipients": ["210"],
                      "files": [{"name": "a.pdf", "type": "pdf", "size": 10}] * 11}),
    ("queue_agents.update", {"userId": "1", "extension": "212", "agent": "0003*210", "number": "+40213456789"}),
    ("queue_agents.update", {"userId": "1", "extension": "212", "agent": "0003*210"}),
    ("phone_call_events.create", {"userId": "1", "extension": "212", "eventType": "1", "type": 2,
                                  "method": 1, "url": "http://x.example/"}),
]


@pytest.mark.parametrize("settings", sorted(SETTINGS))
@pytest.mark.parametrize(("op", "params"), EXAMPLES)
def test_examples(op: str, params: dict[str, Any], settings: str) -> None:
    assert_same(op, params, settings)


def test_all_errors_in_check_order() -> None:
    params = {"userId": "0", "filterBy": "source", "filterValue": "", "count": "x",
              "files": "ignored: unknown to cdr.list"}
    with pytest.raises(ValidationError) as info:
        Validator().validate("cdr", params, all_errors=True)
    assert [(f.code, f.param) for f in info.value.errors] == [
        ("user_invalid", "userId"), ("cdr_invalid_filter_by_source", "filterValue"),
        ("count_invalid", "count")]
    assert info.value.code == "user_invalid"


def test_item_labels() -> None:
    params = {"userId": "1", "extension": "210", "recipients": ["210"], "files": [
        {"name": "a.pdf", "type": "pdf", "size": 1}, {"name": "a.jpg", "type": "pdf", "size": 1}]}
    with pytest.raises(ValidationError) as info:
        Validator().validate("faxes.create", params)
    assert (info.value.code, info.value.param) == ("fx_file_invalid", "files[1].name")


# --- settings ------------------------------------------------------------------------------------------

def _fax(files: int = 1, recipients: int = 1, size: int = 10) -> dict[str, Any]:
    return {"userId": "1", "extension": "210", "recipients": ["210"] * recipients,
            "files": [{"name": "a.pdf", "type": "pdf", "size": size}] * files}


def test_settings_are_honoured() -> None:
    small = Validator(max_fax_files=2, max_fax_recipients=3, max_fax_file_size=100, phone_region="RO")
    assert len(small.validate("faxes.create", _fax(files=2))["files"]) == 2
    for params, code, param in [
        (_fax(files=3), "fx_max_files_reached", "files"),
        (_fax(recipients=4), "fx_recipients_invalid", "recipients"),
        (_fax(size=101), "fx_file_invalid", "files[0].size"),
    ]:
        with pytest.raises(ValidationError) as info:
            small.validate("faxes.create", params)
        assert (info.value.code, info.value.param) == (code, param)
    # Numbers without + are held to Romania's possible lengths only under phone_region="RO".
    short = {"userId": "1", "extension": "210", "phoneNumber": "0213"}
    assert Validator().validate("phone_calls.delete", short)["phoneNumber"] == "0213"
    with pytest.raises(ValidationError, match="phone number"):
        small.validate("phone_calls.delete", short)
    assert small.validate("phone_calls.delete", {**short, "phoneNumber": "0213456789"})


def test_settings_appear_in_the_source() -> None:
    text = compiler.source("faxes.create", rules.Settings(max_fax_files=3, max_fax_file_size=77))
    assert "if len(c_files) > 3:" in text
    assert "_integer(r, 1, 77)" in text
    assert "'RO'" in compiler.source("phone_calls.delete", rules.Settings(phone_region="RO"))


# --- the specialised checker calls agree with rules.checker_for ----------------------------------------

def _type_specs() -> Iterator[TypeSpec]:
    for op in SPEC:
        for _, check in op.walk():
            if isinstance(check, Param) and check.type.name != "filter_value":
                yield check.type
        if op.collection is not None:
            yield from (flt.type for flt in op.collection.filters.values())


@pytest.mark.parametrize("settings", [rules.Settings(), rules.Settings(**CUSTOM)])
def test_checker_calls_agree_with_checker_for(settings: rules.Settings) -> None:
    words = sorted({w for op in SPEC for w in _words(op)})
    corpus = [*_CORPUS, *words, *map(_Str, words), object()]
    for type_spec in set(_type_specs()):
        writer = compiler._Writer(SPEC.operation("cdr.list"), settings)
        expression = writer.check_call(type_spec, "x", "value")
        exec(compile("\n".join(writer.head), "<constants>", "exec"), writer.namespace)
        generated = eval(f"lambda value: {expression}", writer.namespace)
        reference = rules.checker_for(type_spec, settings)
        for value in corpus:
            assert strict(generated(value)) == strict(reference(value)), (type_spec, value)


# The plain-text case inline (valuetypes._text_first): the same answer as the type function on any
# value, odd ones first: non-str, str subclasses, huge text, non-ASCII digits, lone surrogates.

_ODD_CHARS = "0123456789*+@ -:.TZz<>\u0661\u0663\uff13\u00b2\u0130\u212a\ud800\udfff\x00\x7f"
_SHAPED = [*(v for v in _CORPUS if type(v) is str), "@me", "@self", "0003*210", "+40723456789", "+12025550123", "2024-02-29T23:59:59Z"]
_ODD_VALUES = st.one_of(
    st.text(_ODD_CHARS, max_size=40),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=30),  # surrogates included
    st.sampled_from(_SHAPED),
    st.builds(lambda base, times: base * times, st.sampled_from(["1", "9*", "+4", "a", "\u0661"]),
              st.sampled_from([11, 21, 33, 300, 100_000])),  # past every bound
    st.builds(lambda text, tail: text + tail, st.sampled_from(_SHAPED), st.text(_ODD_CHARS, max_size=3)),
    st.text("0123456789\u0661\u0663\uff13\u00b2", min_size=1, max_size=12),  # digits, some not ASCII
    st.builds(lambda n, width: str(n).zfill(width), st.integers(0, 10**6), st.integers(1, 14)),  # zeros first
    st.builds(lambda digits, letters: digits + "*" + letters, st.text("0123456789", max_size=12),
              st.text("0123456789", max_size=12)),
    _dates, _dates.map(_Str),
    st.builds("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}{}".format, st.integers(0, 9999), st.integers(0, 13),
              st.integers(0, 32), st.integers(0, 24), st.integers(0, 60), st.integers(0, 60),
              st.sampled_from(["", ".5", ".123456", ".1234567"]),
              st.sampled_from(["", "Z", "z", "+02:00", "-23:59", "+24:00", "+00:60"])),  # clocks mostly right
    st.sampled_from(_SHAPED).map(_Str),
    st.text(_ODD_CHARS, max_size=12).map(_Str),
    st.integers(-10, 10**11), st.booleans(), st.none(), st.floats(), st.binary(max_size=8),
    st.sampled_from([[], {}, ("1",), object()]),
    st.lists(st.one_of(st.sampled_from(_SHAPED), st.text(_ODD_CHARS, max_size=6), st.integers(0, 99), st.none()),
             max_size=5),
    st.lists(st.sampled_from(["210", "+40723456789", "0003*210", "2024-01-01T00:00:00"]), max_size=60).map(tuple),
)


def _inline_types() -> list[TypeSpec]:
    from ua_validate.valuetypes import TYPES

    return sorted({ts for ts in _type_specs() if TYPES[ts.name].inline is not None}, key=repr)


_SETTINGS_BY_NAME = {"default": rules.Settings(), "custom": rules.Settings(**CUSTOM)}


def test_the_common_types_have_an_inline_form() -> None:
    assert {ts.name for ts in _inline_types()} >= {"user_id", "extension", "ext_or_phone", "phone_number", "int",
                                                   "bool", "digits", "visible", "object_id", "enum", "party",
                                                   "list", "date"}


@pytest.mark.parametrize("settings", sorted(_SETTINGS_BY_NAME))
@pytest.mark.parametrize("type_spec", _inline_types(), ids=repr)
@hypothesis_settings(max_examples=max(300, hypothesis_settings().max_examples))
@given(value=_ODD_VALUES)
def test_inline_text_checks_answer_as_the_type_functions(settings: str, type_spec: TypeSpec, value: Any) -> None:
    writer = compiler._Writer(SPEC.operation("cdr.list"), _SETTINGS_BY_NAME[settings])
    expression = writer.check_call(type_spec, "x", "value")
    exec(compile("\n".join(writer.head), "<constants>", "exec"), writer.namespace)
    generated = eval(f"lambda value: {expression}", writer.namespace)
    reference = rules.checker_for(type_spec, _SETTINGS_BY_NAME[settings])
    assert strict(generated(value)) == strict(reference(value))


def test_inline_date_answers_as_the_type_function_on_every_calendar_day() -> None:
    # The inline form reads days 01-28 itself and leaves the rest to types.date: every month's
    # last days, Feb 29 of leap and common years, year 0000, month 00 and 13, day 00 and 32.
    writer = compiler._Writer(SPEC.operation("cdr.list"), rules.Settings())
    expression = writer.check_call(TypeSpec("date"), "x", "value")
    generated = eval(f"lambda value: {expression}", writer.namespace)
    for year in (0, 1, 1900, 2000, 2023, 2024, 9999):
        for month in range(14):
            for day in range(33):
                for tail in ("", "Z", ".5+02:00"):
                    text = f"{year:04d}-{month:02d}-{day:02d}T23:59:59{tail}"
                    assert strict(generated(text)) == strict(types.date(text)), text


# --- source, tracebacks, compiling ---------------------------------------------------------------------

def test_source_is_readable_python() -> None:
    text = compiler.source("cdr")
    compile(text, "<test>", "exec")
    assert text.startswith("# Generated by ua_validate.compiler for cdr.list (GET /uapi/cdr[/{userId}])")
    assert "def validate_cdr_list(params, errs=None):" in text
    assert "# startDate: query; date; cdr_start_date_invalid" in text
    assert "# (date_order) startDate, endDate; cdr_invalid_date_parameters" in text
    assert "_F_count = _explained(Failure('count_invalid', None, 'count', 'query'), _why_count)" in text
    update = compiler.source("phone_calls.update")
    for action in (*SPEC.operation("phone_calls.update").actions, "no_action"):
        assert f"def validate_phone_calls_update__{action}(params, errs=None):" in update


def test_command_line_prints_the_source(capsys: pytest.CaptureFixture[str]) -> None:
    compiler.main(["cdr.list"])
    assert capsys.readouterr().out == compiler.source("cdr.list")
    done = subprocess.run([sys.executable, "-m", "ua_validate.compiler", "faxes.create",
                           "--max-fax-files", "4"], capture_output=True, text=True, check=True)
    assert "if len(c_files) > 4:" in done.stdout


def test_tracebacks_show_the_generated_line() -> None:
    with pytest.raises(ValidationError) as info:
        Validator().validate("cdr.list", {"count": "many"})
    frames = traceback.extract_tb(info.value.__traceback__)
    # "<ua_validate generated cdr.list>", numbered when other settings compiled it first
    generated = [f for f in frames if f.filename.startswith("<ua_validate generated cdr.list")]
    assert generated and generated[-1].line == "raise ValidationError(_E_count)"
    assert linecache.getline(generated[-1].filename, generated[-1].lineno).strip() == "raise ValidationError(_E_count)"
    assert generated[-1].filename in "".join(traceback.format_exception(info.value))


# A process that has not imported linecache when it compiles: tracebacks formatted later show
# the generated lines all the same (linecache asks the function's globals), and the text is
# released with the last function that uses it.
_LAZY_SOURCE = """
import gc, json, sys
from ua_validate import ValidationError, Validator

def failure(validator, operation, params):
    try:
        validator.validate(operation, params)
    except ValidationError as err:
        return err
    raise AssertionError("valid")

validator = Validator(max_fax_files=7)
error = failure(validator, "cdr.list", {"count": "many"})
before = "linecache" in sys.modules
import inspect, linecache, traceback
shown = "".join(traceback.format_exception(error))
lazy = validator._function("cdr.list").__code__.co_filename
fax = validator._function("faxes.create")  # compiled with linecache loaded: put in it at once
name = fax.__code__.co_filename
source = inspect.getsource(fax)
served = "".join(linecache.getlines(name))
del validator, fax, error
gc.collect()
print(json.dumps([before, shown, name, source, served, [lazy in linecache.cache, name in linecache.cache]]))
"""


def test_tracebacks_show_the_generated_line_when_linecache_comes_later() -> None:
    done = subprocess.run([sys.executable, "-c", _LAZY_SOURCE], capture_output=True, text=True, check=True,
                          timeout=60)
    before, shown, name, source, served, kept = json.loads(done.stdout)
    assert before is False  # validating imported no linecache
    assert 'File "<ua_validate generated cdr.list>.py", line ' in shown
    assert "    raise ValidationError(_E_count)\n" in shown
    assert name == "<ua_validate generated faxes.create>.py"
    assert source.startswith("def validate_faxes_create(params, errs=None):")  # inspect finds it
    assert "if len(c_files) > 7:" in served
    assert kept == [False, False]  # both released with their Validator, the lazy one too


def test_a_text_keeps_its_file_name_when_a_lower_one_is_freed() -> None:
    # Validators of other settings come and go in any order (the garbage collector's):
    # one text is never served under two names.
    first, second = "# settings one\n", "# settings two\n"
    a = compiler._register("unit.test", first)
    b = compiler._register("unit.test", second)
    assert (a, b) == ("<ua_validate generated unit.test>.py", "<ua_validate generated unit.test #2>.py")
    compiler._release(a)
    assert compiler._register("unit.test", second) == b
    assert compiler._register("unit.test", first) == a  # free again: the lowest number
    for name in (a, b, b):
        compiler._release(name)
    assert not {a, b} & set(compiler._FILE_NAMES) and not {first, second} & set(compiler._NAMED)


def test_generated_functions_name_no_module_of_the_package() -> None:
    # inspect.getsource would otherwise read the text of that module's file for them
    function = Validator()._function("cdr.list")
    assert function.__module__ == compiler.GENERATED_MODULE and function.__module__ not in sys.modules


def test_other_settings_get_their_own_file_name() -> None:
    with pytest.raises(ValidationError) as info:
        Validator(max_fax_files=1).validate("faxes.create", _fax(files=2))
    frame = [f for f in traceback.extract_tb(info.value.__traceback__)
             if f.filename.startswith("<ua_validate generated faxes.create")][-1]
    assert "if len(c_files) > 1:" in "".join(linecache.getlines(frame.filename))
    assert frame.line == "raise ValidationError(_E_files_fx_max_files_reached)"


def test_actions_compile_on_first_use() -> None:
    backend = compiler.CompiledBackend(rules.Settings())
    op = SPEC.operation("phone_calls.update")
    function = backend.function(op)
    assert backend.function(op) is function
    base = {"userId": "1", "extension": "210", "phoneCallId": "ab", "phoneCallViewId": "1"}
    assert function({**base, "action": "Park"})["action"] == "Park"
    with pytest.raises(ValidationError) as info:
        function({**base, "action": "Dance"})
    assert (info.value.code, info.value.param) == ("not_implemented", "action")


def test_compiled_is_the_default_and_marshmallow_stays_selectable() -> None:
    assert Validator().backend_name == "compiled"
    assert Validator(backend="marshmallow").validate("cdr", {}) == {"count": 20, "startIndex": 0}
    with pytest.raises(ValueError, match="unknown backend"):
        Validator(backend="nope")  # type: ignore[arg-type]


def test_validating_does_not_import_marshmallow() -> None:
    code = ("import sys, ua_validate\n"
            "ua_validate.validate('cdr', {'source': '+40213456789'})\n"
            "ua_validate.validate_request('PUT', '/uapi/phoneCalls/1/210/ab', {'action': 'Park', "
            "'phoneCallViewId': '1'})\n"
            "assert 'marshmallow' not in sys.modules, 'marshmallow imported'\n"
            "assert 'argparse' not in sys.modules, 'argparse imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


# --- types.date reads with datetime.fromisoformat: the same verdicts as building it field by field

def _date_by_fields(text: str) -> datetime | None:
    """types.date as it was before it used fromisoformat: the oracle."""
    match = types._DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    tz = None
    if zone is not None:
        if zone == "Z":
            tz = UTC
        else:
            hours, minutes = int(zone[1:3]), int(zone[4:6])
            if hours > 23 or minutes > 59:
                return None
            offset = timedelta(hours=hours, minutes=minutes)
            tz = timezone(-offset if zone[0] == "-" else offset)
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                        int(fraction.ljust(6, "0")) if fraction else 0, tz)
    except ValueError:
        return None


@given(_dates)
def test_date_agrees_with_building_it_field_by_field(text: str) -> None:
    assert strict(types.date(text)) == strict(_date_by_fields(text))


def _sources_with(text: str) -> list[str]:
    return [name for name, entry in list(linecache.cache.items())
            if name.startswith("<ua_validate generated") and text in "".join(entry[2])]


def test_generated_source_is_released_with_its_validator() -> None:
    settings = "max_fax_files=7, max_fax_recipients=9"
    first, second = Validator(max_fax_files=7, max_fax_recipients=9), Validator(max_fax_files=7, max_fax_recipients=9)
    with pytest.raises(ValidationError):
        first.validate("faxes.create", _fax(files=8))
    with pytest.raises(ValidationError):
        second.validate("faxes.create", _fax(files=8))
    (name,) = _sources_with(settings)  # one file name for one text, however many validators
    del first
    gc.collect()
    assert _sources_with(settings) == [name]  # the second still uses it
    assert "if len(c_files) > 7:" in "".join(linecache.getlines(name))
    del second
    gc.collect()
    assert _sources_with(settings) == []
    assert linecache.getlines(name) == []
