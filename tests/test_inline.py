"""The generated code's inline forms of issue 12's second round, each against what it replaces.

Every inline form decides plain text (or a list of plain dicts, or two dates of one zone) without
a call and hands anything else to the checker; each is held here to that checker on odd values
(non-str, str subclasses, non-ASCII digits and spaces, lone surrogates, huge values, white space)
and on hand-written values at its limits. tests/test_compiler.py holds every inline form to its
checker on its general odd values too, and the two backends to the same answers.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from _helpers import strict
from strategies import PlainMapping
from strategies import Text as _Str
from ua_validate import ValidationError, Validator, compiler, rules, types, valuetypes
from ua_validate.loader import default_spec
from ua_validate.spec import TypeSpec

SPEC = default_spec()
COMPILED = Validator()
REFERENCE = Validator(backend="marshmallow")
MANY = hypothesis_settings(max_examples=max(300, hypothesis_settings().max_examples))


def _inline(type_spec: TypeSpec, settings: rules.Settings | None = None) -> Callable[[Any], Any]:
    """The generated code's expression for ``type_spec``, as a function of one value."""
    writer = compiler._Writer(SPEC.operation("cdr.list"), settings or rules.Settings())
    expression = writer.check_call(type_spec, "x", "value")
    exec(compile("\n".join(writer.head), "<constants>", "exec"), writer.namespace)
    function: Callable[[Any], Any] = eval(f"lambda value: {expression}", writer.namespace)
    return function


def _param_type(op: str, name: str, item: str | None = None) -> TypeSpec:
    for _, check in SPEC.operation(op).walk():
        if getattr(check, "name", None) == name:
            if item is None:
                return check.type  # type: ignore[union-attr, no-any-return]
            for inner in check.item_checks:  # type: ignore[union-attr]
                if getattr(inner, "name", None) == item:
                    return inner.type  # type: ignore[no-any-return]
    raise LookupError((op, name, item))


def assert_inline_agrees(type_spec: TypeSpec, value: Any, settings: rules.Settings | None = None) -> None:
    expected = rules.checker_for(type_spec, settings or rules.Settings())(value)
    assert strict(_inline(type_spec, settings)(value)) == strict(expected), (type_spec, value)


def _odd(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """``text`` and what a framework or a JSON body may make of it: a str subclass, inside a
    list, or not text at all."""
    return st.one_of(text, text.map(_Str), st.lists(text, max_size=2), st.integers(), st.none(),
                     st.binary(max_size=4), st.floats())


# --- caller_id: one pattern ------------------------------------------------------------------------

_SPACES = " \t\n\x0b\x0c\r\x1c\x85\xa0\u1680\u2000\u2028\u3000\ufeff"
_NAME_CHARS = "aZ09 .'-_<>\"*+\x00\x1f\x7f\x9f\u00e9\u0661\ud800\U0001f600" + _SPACES
_CALLER = st.one_of(
    st.text("0123456789*+", max_size=34),
    st.builds("{}{}<{}>{}".format, st.text(_NAME_CHARS, max_size=70), st.sampled_from(["", " ", "  "]),
              st.text("0123456789*+", max_size=34), st.sampled_from(["", ">", " ", "x"])),
    st.builds(lambda n, size: "n" * n + " <" + "1" * size + ">", st.integers(0, 66), st.integers(0, 33)),
    st.text(_NAME_CHARS, max_size=12),
)


@MANY
@given(value=_odd(_CALLER))
def test_caller_id_pattern_answers_as_the_type_function(value: Any) -> None:
    assert_inline_agrees(TypeSpec("caller_id"), value)


@pytest.mark.parametrize("value", [
    "1", "*", "+1", "+" + "1" * 31, "+" + "1" * 32, "1" * 32, "1" * 33, "+", "", "1+2", "12*",
    "A <1>", "A<1>", "A  <1>", " A <1>", "A\u3000<1>", "\u3000A <1>", "A\u3000B <1>", "A\x85B <1>",
    "n" * 64 + " <" + "1" * 32 + ">", "n" * 65 + " <1>", "n" * 64 + "<+" + "1" * 31 + ">",
    "A <>", "<1>", " <1>", "A <1> ", "A <1>>", "A <<1>", 'A"B <1>', "A>B <1>", "A <1*+>", "A <+1*>",
    "John Doe <+40213456789>", "\ud800 <1>", "A\ud800B <1>", "x" * 100_000, "1" * 100_000,
])
def test_caller_id_pattern_at_the_limits(value: str) -> None:
    assert_inline_agrees(TypeSpec("caller_id"), value)
    assert_inline_agrees(TypeSpec("caller_id"), _Str(value))


def test_caller_id_pattern_is_the_documents() -> None:
    schema = valuetypes.json_schema(TypeSpec("caller_id"), rules.Settings(), "body")
    assert schema["pattern"] == f"^(?:{valuetypes._caller_id_pattern()})$"


# --- file_name: one pattern ------------------------------------------------------------------------

_FILE_NAME_TYPE = _param_type("faxes.create", "files", "name")
_SUFFIX_CHARS = ".jpegtifdxJPEGTIFDX\u0130\u0131\u212a\u017f"
_FILE_NAMES = st.one_of(
    st.builds("{}{}".format, st.text(_NAME_CHARS + "/\\", max_size=12),
              st.sampled_from([".pdf", ".PDF", ".Jpeg", ".tiff", ".TXT", ".jpg ", ".pdf\n", ".pd", "pdf"])),
    st.text(_SUFFIX_CHARS, max_size=8),
    st.builds("{}.{}".format, st.text("ab ", max_size=4), st.text(_SUFFIX_CHARS, max_size=5)),
    st.builds(lambda n, suffix: "a" * n + suffix, st.integers(248, 258), st.sampled_from([".pdf", ".jpeg"])),
)


@MANY
@given(value=_odd(_FILE_NAMES))
def test_file_name_pattern_answers_as_the_type_function(value: Any) -> None:
    assert_inline_agrees(_FILE_NAME_TYPE, value)


@pytest.mark.parametrize("value", [
    ".pdf", "a.pdf", "A.PdF", "a.jpeg", "a.JPG", "a.tif", "a.TIFF", "a.txt", ".", "..", "a.pdf.", "a.docx",
    " a.pdf", "a .pdf", "a.pdf ", "\u3000a.pdf", "a\u3000.pdf", "a/b.pdf", "a\\b.pdf", "a\x00.pdf", "a\x9f.pdf",
    "a.t\u0130f", "a.t\u0131f", "a.\u212apdf", "a.txt\u200b", "\ud800.pdf", "a" * 251 + ".pdf",
    "a" * 252 + ".pdf", "a" * 100_000 + ".pdf", "",
])
def test_file_name_pattern_at_the_limits(value: str) -> None:
    assert_inline_agrees(_FILE_NAME_TYPE, value)
    assert_inline_agrees(_FILE_NAME_TYPE, _Str(value))


# --- fields: split at once ---------------------------------------------------------------------------

_FIELDS_TYPE = _param_type("cdr.list", "fields")
_FIELD_NAMES = sorted(SPEC.operation("cdr.list").collection.fields)  # type: ignore[union-attr]
_FIELDS = st.one_of(
    st.lists(st.sampled_from([*_FIELD_NAMES, "", " id", "id ", "ID", "i\u0307d", "\ud800"]), min_size=0,
             max_size=6).map(",".join),
    st.builds(lambda n: ",".join(["id"] * n), st.integers(98, 102)),
    st.text(",id \t\u3000", max_size=12),
    st.lists(st.sampled_from(_FIELD_NAMES), max_size=3).map(tuple),
)


@MANY
@given(value=_odd(_FIELDS))
def test_fields_split_answers_as_the_checker(value: Any) -> None:
    assert_inline_agrees(_FIELDS_TYPE, value)


@pytest.mark.parametrize("value", [
    "id", "id,id", ",".join(["id"] * 100), ",".join(["id"] * 101), ",".join(["disposition"] * 100),
    ",".join(["disposition"] * 101), "id,", ",id", "id,,cost", "id, cost", " id", "", ",", "unknown",
    ("id", "cost"), (), ("id ",), "x" * 1201, "x" * 100_000,
])
def test_fields_split_at_the_limits(value: Any) -> None:
    assert_inline_agrees(_FIELDS_TYPE, value)
    if type(value) is str:
        assert_inline_agrees(_FIELDS_TYPE, _Str(value))


# --- ext_or_phone (no region setting): one pattern for both shapes ----------------------------------

@pytest.mark.parametrize("settings", [rules.Settings(), rules.Settings(phone_region="RO")], ids=["none", "RO"])
@pytest.mark.parametrize("value", [
    "1", "1" * 10, "1" * 11, "1" * 20, "1" * 21, "+1", "+40", "+40723456789", "+4072345678", "+" + "4" * 20,
    "+" + "4" * 21, "1*1", "1" * 10 + "*" + "1" * 10, "1" * 11 + "*1", "1*" + "1" * 11, "*1", "1*", "1**1",
    "+1*1", "\u0661\u0662", "\uff11\uff12", "", "+", "0723456789", "+12025550123", "1" * 100_000,
])
def test_ext_or_phone_pattern_at_the_limits(settings: rules.Settings, value: str) -> None:
    for type_spec in (TypeSpec("ext_or_phone"), TypeSpec("phone_number"), TypeSpec("extension")):
        assert_inline_agrees(type_spec, value, settings)
        assert_inline_agrees(type_spec, _Str(value), settings)


# --- dates: a shape without the calendar's alternations, fromisoformat for what it matches ------------

@MANY
@given(st.from_regex(valuetypes._DATE_SHAPE, fullmatch=True))
def test_the_date_shape_is_within_the_documented_pattern(text: str) -> None:
    # So the inline form's answer on it is types.date's: fromisoformat's, or None where it raises.
    assert re.fullmatch(types.DATE_PATTERN, text) is not None
    assert_inline_agrees(TypeSpec("date"), text)


@pytest.mark.parametrize("tail", ["", "Z", "z", ".1", ".123456", ".1234567", "+00:00", "-00:00", "+19:59",
                                  "+20:00", "-23:59", "+24:00", "+00:60", "+5:00", "+0500"])
@pytest.mark.parametrize("clock", ["00:00:00", "19:59:59", "20:00:00", "23:59:59", "24:00:00", "23:60:00",
                                   "23:59:60", "9:00:00"])
@pytest.mark.parametrize("day", ["0000-01-01", "0001-01-01", "2024-02-29", "2023-02-29", "2024-13-01",
                                 "2024-00-10", "2024-04-31", "2024-12-31", "9999-12-31", "2024-1-01"])
def test_dates_at_the_limits(day: str, clock: str, tail: str) -> None:
    text = f"{day}T{clock}{tail}"
    assert_inline_agrees(TypeSpec("date"), text)
    assert_inline_agrees(TypeSpec("date"), _Str(text))
    assert_inline_agrees(TypeSpec("date"), text.replace("T", " "))


# --- date_order: rules.later, and two dates of one zone compared inline --------------------------------

_ZONES = st.one_of(
    st.none(), st.just(UTC),
    st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda minutes: timezone(timedelta(minutes=minutes))),
)
_MOMENTS = st.builds(lambda moment, zone: moment.replace(tzinfo=zone),
                     st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999)),
                     _ZONES)


def _later_by_definition(first: datetime, second: datetime) -> bool:
    return types.as_utc(first) > types.as_utc(second)


@MANY
@given(first=_MOMENTS, second=_MOMENTS)
def test_later_orders_as_utc_moments(first: datetime, second: datetime) -> None:
    assert rules.later(first, second) is _later_by_definition(first, second)
    assert rules.later(second, first) is _later_by_definition(second, first)


@MANY
@given(first=_MOMENTS, zone=_ZONES, shift=st.sampled_from([-1, 0, 1]))
def test_later_near_one_moment_in_two_zones(first: datetime, zone: timezone | None, shift: int) -> None:
    try:  # the same moment, or a microsecond apart, on another zone's clock (or UTC's, naive)
        second = (types.as_utc(first).astimezone(zone or UTC) + timedelta(microseconds=shift)).replace(tzinfo=zone)
    except OverflowError:
        assume(False)
    assert rules.later(first, second) is _later_by_definition(first, second)
    assert rules.later(second, first) is _later_by_definition(second, first)


_PLUS_1 = timezone(timedelta(hours=1))


@pytest.mark.parametrize(("first", "second"), [
    (datetime(2024, 1, 1, 12), datetime(2024, 1, 1, 12, tzinfo=UTC)),
    (datetime(2024, 1, 1, 12), datetime(2024, 1, 1, 13, tzinfo=_PLUS_1)),
    (datetime(2024, 1, 1, 12, 0, 0, 1), datetime(2024, 1, 1, 13, tzinfo=_PLUS_1)),
    (datetime(2024, 1, 1, 13, tzinfo=_PLUS_1), datetime(2024, 1, 1, 11, 59, 59, 999999)),
    (datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(0))), datetime(2024, 1, 1, 12, tzinfo=UTC)),
    (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))), datetime(1, 1, 1)),
    (datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=23, minutes=59))),
     datetime(9999, 12, 31, 23, 59, 59, 999999)),
    (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))),
     datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=23, minutes=59)))),
])
def test_later_at_the_limits(first: datetime, second: datetime) -> None:
    assert rules.later(first, second) is _later_by_definition(first, second)
    assert rules.later(second, first) is _later_by_definition(second, first)


@given(first=_MOMENTS.filter(lambda m: 2 <= m.year <= 9998), second=_MOMENTS.filter(lambda m: 2 <= m.year <= 9998))
def test_cdr_date_order_in_the_generated_code(first: datetime, second: datetime) -> None:
    params = {"startDate": first.isoformat(), "endDate": second.isoformat()}
    try:
        COMPILED.validate("cdr.list", params)
        broken = False
    except ValidationError as err:
        assert err.code == "cdr_invalid_date_parameters"
        broken = True
    first, second = datetime.fromisoformat(params["startDate"]), datetime.fromisoformat(params["endDate"])
    assert broken is _later_by_definition(first, second)
    # and as cleaned values (the same datetime objects, zones shared or not)
    assert_backends_agree("cdr.list", {"startDate": first, "endDate": second})


# --- lists of objects, and lists of values, one or two items at a time ------------------------------

def assert_backends_agree(op: str, params: Mapping[str, Any]) -> None:
    for all_errors in (False, True):
        answers = []
        for validator in (COMPILED, REFERENCE):
            try:
                answers.append(("ok", strict(validator.validate(op, params, all_errors=all_errors))))
            except ValidationError as err:
                answers.append(("error", err.errors))
        assert answers[0] == answers[1], (op, params, all_errors)


_VIEW = {"source": "+40723456789", "destination": ["210", "+12025550123"], "callerId": "Ana <1>"}
_BAD_VIEW = {"source": "x", "destination": ["210", "y"], "callerId": "Ana < 1>"}
_OBJECTS = st.lists(st.sampled_from([_VIEW, _BAD_VIEW, OrderedDict(_VIEW), PlainMapping(_VIEW), {}, "x", None,
                                     [_VIEW]]), max_size=4)


@MANY
@given(views=st.one_of(_OBJECTS, _OBJECTS.map(tuple), st.sampled_from([None, "x", {}, _VIEW])),
       destination=st.one_of(st.lists(st.sampled_from(["210", "+40723456789", "x", "", None, 7, "+1"]), max_size=12),
                             st.sampled_from(["210", 210, None, ()])))
def test_objects_and_items_one_or_two_at_a_time(views: Any, destination: Any) -> None:
    if isinstance(views, list):
        views = [dict(v, destination=destination) if type(v) is dict and v else v for v in views]
    params = {"userId": "1", "extension": "210", "phoneCallView": views}
    assert_backends_agree("phone_calls.simple", params)
    assert_inline_agrees(_param_type("phone_calls.simple", "phoneCallView"), views)
    assert_inline_agrees(_param_type("phone_calls.simple", "phoneCallView", "destination"), destination)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 10, 11])
def test_lists_of_objects_by_size(count: int) -> None:
    views = [dict(_VIEW, callerId=f"N{at} <{at}>") for at in range(count)]
    for spoiled in range(count + 1):  # none spoiled, or the one at ``spoiled``
        given_views = [(_BAD_VIEW if at == spoiled else view) for at, view in enumerate(views)]
        assert_backends_agree("phone_calls.simple", {"userId": "1", "extension": "210", "phoneCallView": given_views})
    recipients = ["+40723456789", "210"] * count
    for spoiled in range(len(recipients) + 1):
        given = [("x" if at == spoiled else number) for at, number in enumerate(recipients)]
        fax = {"userId": "1", "extension": "210", "recipients": given,
               "files": [{"name": "a.pdf", "type": "pdf", "size": 1, "uploadIdentifier": "u"}] * min(count, 12)}
        assert_backends_agree("faxes.create", fax)


# --- filterValue: the field type's inline check under the operators that only check it -----------------

_FILTER_OPS = [op for op in SPEC if op.collection is not None]
_FILTER_VALUES = st.one_of(
    st.sampled_from(["", "210", "0003*210", "+40723456789", "+4", "1,2", "2024-02-29T00:00:00", "2023-02-29T00:00:00",
                     "2024-01-01T00:00:00+20:00", "0", "1", "7", "abc", "https://example.com/x", " x", "x ", "01"]),
    st.text("0123456789*+,-:TZ .\u0661\ud800", max_size=24),
    st.text(max_size=8).map(_Str), st.integers(-2, 9), st.none(), st.booleans(),
    st.just((1, 2)), st.just(datetime(2024, 1, 1, tzinfo=UTC)),
)


@MANY
@given(data=st.data())
def test_filter_value_fast_path_answers_as_the_reference(data: st.DataObject) -> None:
    op = data.draw(st.sampled_from(_FILTER_OPS))
    assert op.collection is not None
    params: dict[str, Any] = {"userId": "1", "extension": "210", "agent": "210", "eventType": "0"}
    params["filterBy"] = data.draw(st.sampled_from([*op.collection.filters, "nope"]))
    operator = data.draw(st.sampled_from([*op.collection.ops, None, "nope"]))
    if operator is not None:
        params["filterOp"] = operator
    value = data.draw(_FILTER_VALUES)
    if value is not None or data.draw(st.booleans()):
        params["filterValue"] = value
    assert_backends_agree(op.id, params)


# --- ids and visible text: str flag scans instead of a pattern ----------------------------------------

_ID_TYPES = [_param_type("phone_calls.delete", "phoneCallId"), _param_type("phone_call_events.delete", "eventId"),
             _param_type("faxes.create", "files", "uploadIdentifier"), _param_type("phone_calls.simple", "nonce"),
             _param_type("phone_calls.conference_invite", "pin")]
_ASCII_EDGES = "aZ09!~ \x7f\x1f\t\u00e9\u00df\u0661\uff21\u2163\u00b2\ud800"


@pytest.mark.parametrize("type_spec", _ID_TYPES, ids=repr)
@MANY
@given(value=_odd(st.one_of(st.text(_ASCII_EDGES, max_size=12),
                            st.builds(lambda c, n: c * n, st.sampled_from("a~0é "), st.integers(0, 300)))))
def test_ids_and_visible_text_answer_as_the_type_functions(type_spec: TypeSpec, value: Any) -> None:
    assert_inline_agrees(type_spec, value)


@pytest.mark.parametrize("type_spec", _ID_TYPES, ids=repr)
@pytest.mark.parametrize("value", [
    "", "a", "~", "!", " ", "a b", "a\x7f", "\x7f", "a\t", "\u00e9", "\u00df", "\u0661", "\uff21", "\u2163", "\u00b2",
    "a" * 4, "a" * 6, "a" * 32, "a" * 33, "a" * 64, "a" * 65, "a" * 255, "a" * 256, "~" * 255, "~" * 256,
    "1" * 4, "1" * 6, "1" * 100_000, "\ud800",
])
def test_ids_and_visible_text_at_the_limits(type_spec: TypeSpec, value: str) -> None:
    assert_inline_agrees(type_spec, value)
    assert_inline_agrees(type_spec, _Str(value))


def test_filter_value_without_any_plain_operator() -> None:
    # A Spec whose operators all need more than a check of the value (inArray, present; inArray
    # also when filterOp is absent): no fast path is written, and the code answers as the reference.
    from ua_validate.engine import MarshmallowBackend
    from ua_validate.spec import Collection, Operation

    op = SPEC.operation("cdr.list")
    assert op.collection is not None
    given = {f: getattr(op.collection, f) for f in op.collection._fields}
    collection = Collection(**given | {"ops": ("present", "inArray"), "op_default": "inArray"})
    custom = Operation(**{f: getattr(op, f) for f in op._fields} | {"collection": collection})
    assert "_PLAIN_FILTERS" not in compiler.generate(custom).text
    compiled, reference = compiler.CompiledBackend(rules.Settings()), MarshmallowBackend(rules.Settings())
    for operator in ("inArray", "present", None):
        for value in ("210,+40723456789", "210,", "", None, "2024-01-01T00:00:00"):
            params = {"filterBy": "source", **({"filterOp": operator} if operator else {}), "filterValue": value}
            answers = []
            for backend in (compiled, reference):
                try:
                    answers.append(strict(backend.validate(custom, params, True)))
                except ValidationError as err:
                    answers.append(err.errors)
            assert answers[0] == answers[1], params
