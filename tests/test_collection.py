"""The standard collection parameters (SPEC §4) on every list operation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from _helpers import DEFAULTS, errors_of, raises, request_raises, validate, validate_request

ALL_OPS = ("equals", "contains", "startsWith", "present", "greaterThan", "lessThan", "inArray")


@dataclass(frozen=True)
class Collection:
    op: str
    path: dict[str, str]
    url: str
    fields: tuple[str, ...]
    # filter field -> (a valid filterValue, its cleaned value)
    filters: dict[str, tuple[str, Any]]
    ops: tuple[str, ...] = ALL_OPS
    # CDR and phone calls answer every filterValue failure with a code of the filter field's own
    own_codes: dict[str, str] = field(default_factory=dict)
    fills_in_equals: bool = False

    def __str__(self) -> str:
        return self.op

    def filter_error(self, by: str, variant: str) -> tuple[str, str | None]:
        """The (code, variant) a bad filterValue for ``by`` answers with."""
        if by in self.own_codes:
            return self.own_codes[by], None
        return "filtervalue_invalid", variant

    def clean(self, **params: Any) -> dict[str, Any]:
        return validate(self.op, {**self.path, **params})

    def base(self) -> dict[str, Any]:
        return {**self.path, **DEFAULTS}


CDR = Collection(
    op="cdr.list", path={}, url="/uapi/cdr",
    fields=("id", "extension", "ownerId", "ownerName", "published", "answered", "source", "destination",
            "flow", "disposition", "duration", "cost", "callerId", "saved"),
    filters={"source": ("0003*210", "0003*210"), "destination": ("+40721234567", "+40721234567"),
             "published": ("2024-01-01T00:00:00", datetime(2024, 1, 1)),
             "answered": ("2024-01-01T00:00:00Z", datetime(2024, 1, 1, tzinfo=UTC))},
    own_codes={"source": "cdr_invalid_filter_by_source", "destination": "cdr_invalid_filter_by_destination",
               "published": "cdr_invalid_filter_by_published", "answered": "cdr_invalid_filter_by_answered"},
)
PHONE_CALLS = Collection(
    op="phone_calls.list", path={"userId": "@me", "extension": "@self"}, url="/uapi/phoneCalls/@me/@self",
    fields=("id", "nonce", "extension", "ownerId", "ownerName", "published", "answered", "phoneCallView"),
    filters={"id": ("b817d2618fe6f1804db1", "b817d2618fe6f1804db1"),
             "published": ("2012-06-27T16:08:55Z", datetime(2012, 6, 27, 16, 8, 55, tzinfo=UTC))},
    own_codes={"id": "invalid_filter_by_phone_call_id", "published": "invalid_filter_by_published"},
)
QUEUE_AGENTS = Collection(
    op="queue_agents.list", path={"userId": "@me", "extension": "0003*212"},
    url="/uapi/extensions/@me/0003*212/queue/agents",
    fields=("agentNumber", "status", "queue", "type", "identifier"),
    filters={"agentNumber": ("0003*210", "0003*210"), "status": ("1", 1), "queue": ("0003*212", "0003*212")},
    ops=("equals",), fills_in_equals=True,
)
EVENTS = Collection(
    op="phone_call_events.list", path={"userId": "@me", "extension": "0003*210"},
    url="/uapi/extensions/@me/0003*210/phoneCallEvents",
    fields=("id", "type", "method", "note", "url", "status", "modified"),
    filters={"id": ("MyPhoneCallEvent", "MyPhoneCallEvent"), "method": ("1", 1),
             "modified": ("2024-01-01T00:00:00+00:00", datetime(2024, 1, 1, tzinfo=UTC)),
             "note": ("awesome", "awesome"), "status": ("0", 0), "type": ("4", 4),
             "url": ("http://myevent.com/x", "http://myevent.com/x")},
)
COLLECTIONS = [CDR, PHONE_CALLS, QUEUE_AGENTS, EVENTS]
each = pytest.mark.parametrize("c", COLLECTIONS, ids=str)


def per_filter(make: Any) -> list[Any]:
    """Parameters ``(collection, filter field, *make(collection, field))`` for every filter field."""
    return [pytest.param(c, by, *make(c, by), id=f"{c.op}-{by}") for c in COLLECTIONS for by in c.filters]


# --- defaults and unknown parameters ---------------------------------------------------------

@each
def test_defaults_are_filled_in(c: Collection) -> None:
    assert c.clean() == c.base()


@each
def test_unknown_parameters_are_dropped(c: Collection) -> None:
    assert c.clean(sortBy="published", updatedSince="2024-01-01T00:00:00", sortOder="desc") == c.base()


@each
def test_every_parameter_at_once(c: Collection) -> None:
    by, (value, cleaned) = next(iter(c.filters.items()))
    assert c.clean(fields=c.fields[0], count="5", filterBy=by, filterOp="equals", filterValue=value,
                   sortOrder="ascending", startIndex="10") == {
        **c.path, "fields": (c.fields[0],), "count": 5, "filterBy": by, "filterOp": "equals",
        "filterValue": cleaned, "sortOrder": "asc", "startIndex": 10,
    }


# --- count and startIndex ------------------------------------------------------------------------

@each
@pytest.mark.parametrize(("value", "expected"), [
    ("1", 1), ("20", 20), ("5000", 5000), ("0100", 100), ("0000000020", 20),
    pytest.param(7, 7, id="json-int"), pytest.param(5000, 5000, id="json-int-5000"),
])
def test_count_valid(c: Collection, value: Any, expected: int) -> None:
    cleaned = c.clean(count=value)["count"]
    assert cleaned == expected and type(cleaned) is int


@each
@pytest.mark.parametrize("value", [
    pytest.param("0", id="zero"),
    pytest.param("5001", id="5001"),
    pytest.param("6000", id="doc-6000"),
    pytest.param("-1", id="negative"),
    pytest.param("+5", id="plus-sign"),
    pytest.param("1.5", id="decimal"),
    pytest.param("1e2", id="exponent"),
    pytest.param("abc", id="letters"),
    pytest.param(" 20", id="leading-space"),
    pytest.param("20 ", id="trailing-space"),
    pytest.param("\u0662\u0660", id="arabic-indic-digits"),
    pytest.param("\uff12\uff10", id="fullwidth-digits"),
    pytest.param("00000000020", id="eleven-characters"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(0, id="json-0"),
    pytest.param(True, id="json-true"),
    pytest.param(20.0, id="json-float"),
    pytest.param(["10", "20"], id="repeated"),
])
def test_count_invalid(c: Collection, value: Any) -> None:
    raises(c.op, {**c.path, "count": value}, "count_invalid", param="count")


@each
@pytest.mark.parametrize(("value", "expected"), [
    ("0", 0), ("1", 1), ("5000", 5000), ("007", 7), pytest.param(40, 40, id="json-int"),
])
def test_start_index_valid(c: Collection, value: Any, expected: int) -> None:
    cleaned = c.clean(startIndex=value)["startIndex"]
    assert cleaned == expected and type(cleaned) is int


@each
@pytest.mark.parametrize("value", [
    "5001", "-1", "x", "", " 0", "0.0", "\uff11",
    pytest.param(None, id="null"), pytest.param(-1, id="json-negative"), pytest.param(False, id="json-false"),
    pytest.param(["0", "0"], id="repeated"),
])
def test_start_index_invalid(c: Collection, value: Any) -> None:
    raises(c.op, {**c.path, "startIndex": value}, "startindex_invalid", param="startIndex")


# --- sortOrder ---------------------------------------------------------------------------------

@each
@pytest.mark.parametrize(("value", "expected"), [
    ("asc", "asc"), ("desc", "desc"), ("ascending", "asc"), ("descending", "desc"),
])
def test_sort_order_valid(c: Collection, value: str, expected: str) -> None:
    assert c.clean(sortOrder=value)["sortOrder"] == expected


@each
@pytest.mark.parametrize("value", [
    "ASC", "Desc", "DESCENDING", "up", "a", "asc ", "", "asc,desc",
    pytest.param(None, id="null"), pytest.param(1, id="json-int"), pytest.param(["asc", "asc"], id="repeated"),
])
def test_sort_order_invalid(c: Collection, value: Any) -> None:
    raises(c.op, {**c.path, "sortOrder": value}, "sortorder_invalid", param="sortOrder")


# --- fields --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("c", "name"), [pytest.param(c, f, id=f"{c.op}-{f}") for c in COLLECTIONS
                                         for f in c.fields])
def test_each_field_alone(c: Collection, name: str) -> None:
    assert c.clean(fields=name)["fields"] == (name,)


@each
def test_all_fields_in_order_given(c: Collection) -> None:
    assert c.clean(fields=",".join(reversed(c.fields)))["fields"] == tuple(reversed(c.fields))


@each
@pytest.mark.parametrize("value", [
    pytest.param("bogus", id="unknown"),
    pytest.param("", id="empty"),
    pytest.param(",", id="comma-only"),
    pytest.param("{0},", id="trailing-comma"),
    pytest.param(",{0}", id="leading-comma"),
    pytest.param("{0},,{0}", id="empty-item"),
    pytest.param("{0}, {0}", id="space-after-comma"),
    pytest.param(" {0}", id="leading-space"),
    pytest.param("{0},bogus", id="one-unknown"),
    pytest.param("{0};{0}", id="semicolon"),
    pytest.param("[{0}]", id="json-array-text"),
])
def test_fields_invalid(c: Collection, value: str) -> None:
    raises(c.op, {**c.path, "fields": value.format(c.fields[0])}, "fields_invalid", param="fields")


@each
def test_fields_upper_case_and_repeated_and_null(c: Collection) -> None:
    for value in (c.fields[0].upper(), [c.fields[0], c.fields[1]], None, 1):
        raises(c.op, {**c.path, "fields": value}, "fields_invalid", param="fields")


@each
def test_fields_take_at_most_100_names(c: Collection) -> None:
    # Duplicates are kept as sent; the list is bounded like an inArray filterValue.
    assert c.clean(fields=",".join([c.fields[0]] * 100))["fields"] == (c.fields[0],) * 100
    raises(c.op, {**c.path, "fields": ",".join([c.fields[0]] * 101)}, "fields_invalid", param="fields")


@pytest.mark.parametrize(("c", "other"), [
    (CDR, "phoneCallView"), (PHONE_CALLS, "source"), (QUEUE_AGENTS, "id"), (EVENTS, "agentNumber"),
], ids=str)
def test_fields_of_another_resource(c: Collection, other: str) -> None:
    raises(c.op, {**c.path, "fields": other}, "fields_invalid", param="fields")


# --- filterBy and filterOp ------------------------------------------------------------------------

@pytest.mark.parametrize(("c", "by", "value", "expected"), per_filter(lambda c, by: c.filters[by]))
def test_each_filter_field(c: Collection, by: str, value: str, expected: Any) -> None:
    cleaned = c.clean(filterBy=by, filterValue=value)
    assert cleaned["filterBy"] == by
    assert cleaned["filterValue"] == expected and type(cleaned["filterValue"]) is type(expected)
    if c.fills_in_equals:
        assert cleaned["filterOp"] == "equals"
    else:
        assert "filterOp" not in cleaned


@each
@pytest.mark.parametrize("by", ["bogus", "", "ID", "sortBy"])
def test_filter_by_invalid(c: Collection, by: str) -> None:
    raises(c.op, {**c.path, "filterBy": by, "filterValue": "1"}, "filterby_invalid", param="filterBy")


@each
def test_filter_by_repeated_or_null(c: Collection) -> None:
    by = next(iter(c.filters))
    for value in ([by, by], None, 1):
        raises(c.op, {**c.path, "filterBy": value}, "filterby_invalid", param="filterBy")


@pytest.mark.parametrize(("c", "op"), [pytest.param(c, op, id=f"{c.op}-{op}") for c in COLLECTIONS for op in c.ops])
def test_each_filter_op(c: Collection, op: str) -> None:
    by, (value, _) = next(iter(c.filters.items()))
    assert c.clean(filterBy=by, filterOp=op, filterValue=value)["filterOp"] == op


@each
@pytest.mark.parametrize("op", ["equal", "EQUALS", "onArray", "notEquals", "like", "", " equals"])
def test_filter_op_invalid(c: Collection, op: str) -> None:
    by, (value, _) = next(iter(c.filters.items()))
    raises(c.op, {**c.path, "filterBy": by, "filterOp": op, "filterValue": value}, "filterop_invalid",
           param="filterOp")


@each
def test_filter_op_repeated_or_null(c: Collection) -> None:
    by, (value, _) = next(iter(c.filters.items()))
    for op in (["equals", "equals"], None):
        raises(c.op, {**c.path, "filterBy": by, "filterOp": op, "filterValue": value}, "filterop_invalid",
               param="filterOp")


@pytest.mark.parametrize("op", ["contains", "startsWith", "present", "greaterThan", "lessThan", "inArray"])
def test_queue_agents_take_equals_only(op: str) -> None:
    raises(QUEUE_AGENTS.op, {**QUEUE_AGENTS.path, "filterBy": "status", "filterOp": op, "filterValue": "1"},
           "filterop_invalid", param="filterOp")


# --- filterOp and filterValue without filterBy -------------------------------------------------

@each
@pytest.mark.parametrize("extra", [
    pytest.param({"filterOp": "equals"}, id="valid-op"),
    pytest.param({"filterOp": "bogus"}, id="invalid-op"),
    pytest.param({"filterValue": "!!"}, id="invalid-value"),
    pytest.param({"filterOp": "inArray", "filterValue": ",,"}, id="invalid-both"),
    pytest.param({"filterOp": None, "filterValue": None}, id="nulls"),
    pytest.param({"filterOp": ["a", "b"], "filterValue": ["a", "b"]}, id="repeated"),
])
def test_filter_op_and_value_without_filter_by_are_ignored(c: Collection, extra: dict[str, Any]) -> None:
    assert c.clean(**extra) == c.base()


@each
def test_filter_value_is_not_checked_while_filter_by_is_invalid(c: Collection) -> None:
    assert errors_of(c.op, {**c.path, "filterBy": "bogus", "filterValue": ""}) == [
        ("filterby_invalid", None, "filterBy"),
    ]


@each
def test_invalid_filter_by_and_filter_op_are_both_reported(c: Collection) -> None:
    assert errors_of(c.op, {**c.path, "filterOp": "bogus", "filterBy": "bogus", "filterValue": ""}) == [
        ("filterby_invalid", None, "filterBy"),
        ("filterop_invalid", None, "filterOp"),
    ]


# --- filterValue: present, required, inArray --------------------------------------------------

PRESENT = [c for c in COLLECTIONS if "present" in c.ops]


@pytest.mark.parametrize(("c", "by"), [pytest.param(c, by, id=f"{c.op}-{by}") for c in PRESENT for by in c.filters])
@pytest.mark.parametrize("value", [None, "", "garbage,,!", ["a", "b"]], ids=["absent", "empty", "garbage", "repeated"])
def test_present_ignores_filter_value(c: Collection, by: str, value: Any) -> None:
    params = {"filterBy": by, "filterOp": "present"} | ({} if value is None else {"filterValue": value})
    assert c.clean(**params) == {**c.base(), "filterBy": by, "filterOp": "present"}


@pytest.mark.parametrize(("c", "by", "op"), [
    pytest.param(c, by, op, id=f"{c.op}-{by}-{op or 'no-op'}")
    for c in COLLECTIONS for by in c.filters for op in (None, *[o for o in c.ops if o != "present"])
])
@pytest.mark.parametrize("value", [None, ""], ids=["absent", "empty"])
def test_filter_value_required_for_every_other_operator(c: Collection, by: str, op: str | None,
                                                        value: str | None) -> None:
    params = {"filterBy": by} | ({"filterOp": op} if op else {}) | ({} if value is None else {"filterValue": value})
    raises(c.op, {**c.path, **params}, *c.filter_error(by, "generic"), param="filterValue")


@pytest.mark.parametrize(("c", "by"), [
    pytest.param(c, by, id=f"{c.op}-{by}") for c in COLLECTIONS if "inArray" in c.ops for by in c.filters
])
def test_filter_value_null_or_repeated(c: Collection, by: str) -> None:
    value, cleaned = c.filters[by]
    numeric = type(cleaned) is int
    raises(c.op, {**c.path, "filterBy": by, "filterValue": None}, *c.filter_error(by, "generic"),
           param="filterValue")
    # A repeated key is not a number: on a numeric field that is the `numbers` variant (issue 8).
    raises(c.op, {**c.path, "filterBy": by, "filterValue": [value, value]},
           *c.filter_error(by, "numbers" if numeric else "generic"), param="filterValue")
    if numeric:  # a JSON integer is that number on a numeric field (issue 8)
        assert c.clean(filterBy=by, filterValue=cleaned)["filterValue"] == cleaned
    else:
        raises(c.op, {**c.path, "filterBy": by, "filterValue": 1}, *c.filter_error(by, "generic"),
               param="filterValue")


INARRAY = [c for c in COLLECTIONS if "inArray" in c.ops]


@pytest.mark.parametrize(("c", "by"), [pytest.param(c, by, id=f"{c.op}-{by}") for c in INARRAY for by in c.filters])
@pytest.mark.parametrize("size", [1, 2, 100])
def test_in_array_of_1_to_100_items(c: Collection, by: str, size: int) -> None:
    value, cleaned = c.filters[by]
    result = c.clean(filterBy=by, filterOp="inArray", filterValue=",".join([value] * size))["filterValue"]
    assert result == (cleaned,) * size


@pytest.mark.parametrize(("c", "by"), [pytest.param(c, by, id=f"{c.op}-{by}") for c in INARRAY for by in c.filters])
@pytest.mark.parametrize("shape", [
    pytest.param("{0},,{0}", id="empty-item"),
    pytest.param(",{0}", id="leading-comma"),
    pytest.param("{0},", id="trailing-comma"),
    pytest.param(",", id="comma-only"),
    pytest.param("{0}, {0}", id="space"),
    pytest.param(",".join(["{0}"] * 101), id="101-items"),
])
def test_in_array_malformed(c: Collection, by: str, shape: str) -> None:
    value = shape.format(c.filters[by][0])
    raises(c.op, {**c.path, "filterBy": by, "filterOp": "inArray", "filterValue": value},
           *c.filter_error(by, "on_array"), param="filterValue")


# --- filterValue: the variants of filtervalue_invalid -------------------------------------------

@pytest.mark.parametrize(("by", "op", "value", "expected"), [
    pytest.param("method", "equals", "0", 0, id="method-equals"),
    pytest.param("type", "greaterThan", "2", 2, id="type-greaterthan"),
    pytest.param("status", "inArray", "0,1", (0, 1), id="status-inarray"),
    pytest.param("type", "inArray", "4,0,4", (4, 0, 4), id="type-inarray-duplicates"),
    pytest.param("id", "startsWith", "NqeyDR", "NqeyDR", id="id-startswith"),
    pytest.param("note", "contains", "awesome event", "awesome event", id="note-contains-with-space"),
    pytest.param("url", "contains", "https://example.com/hook", "https://example.com/hook", id="url-contains"),
    pytest.param("modified", "lessThan", "2024-06-01T12:30:00.5", datetime(2024, 6, 1, 12, 30, 0, 500000),
                 id="modified-naive"),
    pytest.param("modified", "inArray", "2024-01-01T00:00:00Z,2024-01-02T00:00:00",
                 (datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2)), id="modified-inarray"),
])
def test_events_filter_value_valid(by: str, op: str, value: str, expected: Any) -> None:
    assert EVENTS.clean(filterBy=by, filterOp=op, filterValue=value)["filterValue"] == expected


@pytest.mark.parametrize(("by", "op", "value", "variant"), [
    # numbers: a numeric field given something that is not a number
    pytest.param("method", "equals", "GET", "numbers", id="method-word"),
    pytest.param("status", "equals", "enabled", "numbers", id="status-word"),
    pytest.param("type", "equals", "1a", "numbers", id="type-digit-letter"),
    pytest.param("type", "equals", "-1", "numbers", id="type-negative"),
    pytest.param("status", "equals", "\uff11", "numbers", id="status-fullwidth-digit"),
    pytest.param("status", "inArray", "0,x", "numbers", id="status-inarray-word"),
    pytest.param("method", "contains", "P", "numbers", id="method-contains-letter"),
    # generic: a number outside the field's values, or a non-numeric field
    pytest.param("method", "equals", "2", "generic", id="method-out-of-range"),
    pytest.param("type", "equals", "5", "generic", id="type-out-of-range"),
    pytest.param("status", "equals", "00", "generic", id="status-leading-zero"),
    pytest.param("status", "inArray", "0,7", "generic", id="status-inarray-out-of-range"),
    pytest.param("id", "equals", "abc_def!", "generic", id="id-punctuation"),
    pytest.param("id", "equals", "a" * 256, "generic", id="id-too-long"),
    pytest.param("modified", "equals", "yesterday", "generic", id="modified-words"),
    pytest.param("modified", "greaterThan", "2024-02-30T00:00:00", "generic", id="modified-feb-30"),
    pytest.param("modified", "inArray", "2024-01-01T00:00:00,x", "generic", id="modified-inarray-bad"),
    pytest.param("url", "equals", "ftp://example.com", "generic", id="url-ftp"),
    pytest.param("note", "equals", "line\nbreak", "generic", id="note-control"),
    pytest.param("note", "equals", "n" * 256, "generic", id="note-too-long"),
    # a run of digits of any length is a number, outside the field's values (issue 8)
    pytest.param("status", "equals", "9" * 20, "generic", id="status-20-digits"),
    pytest.param("status", "equals", "9" * 21, "generic", id="status-21-digits"),
    pytest.param("type", "inArray", "1," + "0" * 21, "generic", id="type-inarray-21-digits"),
    pytest.param("status", "equals", "9" * 21 + "x", "numbers", id="status-21-digits-and-a-letter"),
    # not text: a numeric field's value is not a number (issue 8), a text field's is generic
    pytest.param("status", "equals", True, "numbers", id="status-json-true"),
    pytest.param("status", "equals", b"1", "numbers", id="status-bytes"),
    pytest.param("status", "equals", {"value": 1}, "numbers", id="status-object"),
    pytest.param("type", "equals", 1.0, "numbers", id="type-json-float"),
    pytest.param("type", "equals", -1, "numbers", id="type-json-negative"),
    pytest.param("type", "equals", 5, "generic", id="type-json-out-of-range"),
    pytest.param("note", "equals", True, "generic", id="note-json-true"),
    pytest.param("id", "equals", 1, "generic", id="id-json-int"),
    # on_array: the list itself is malformed, whatever its items
    pytest.param("status", "inArray", "0,,x", "on_array", id="status-inarray-gap-before-bad-item"),
    pytest.param("note", "inArray", "a, b", "on_array", id="note-inarray-space"),
    pytest.param("url", "inArray", ",".join(["http://a/"] * 101), "on_array", id="url-inarray-101-items"),
    pytest.param("url", "inArray", ",".join(["http://a/" + "x" * 2039] * 101), "on_array",
                 id="url-inarray-101-long-items"),
])
def test_events_filter_value_variants(by: str, op: str, value: Any, variant: str) -> None:
    raises(EVENTS.op, {**EVENTS.path, "filterBy": by, "filterOp": op, "filterValue": value},
           "filtervalue_invalid", variant, param="filterValue")


@pytest.mark.parametrize(("by", "op", "value", "expected"), [
    pytest.param("status", None, 1, 1, id="status-json-1"),
    pytest.param("status", "equals", 0, 0, id="status-json-0"),
    pytest.param("type", "greaterThan", 4, 4, id="type-json-4-greater-than"),
    pytest.param("method", "inArray", 1, (1,), id="method-json-1-inarray"),
])
def test_events_filter_value_json_integer_on_a_numeric_field(by: str, op: str | None, value: int,
                                                              expected: Any) -> None:
    # Issue 8: `filterBy=status` with the JSON integer 1 is valid and cleans to 1.
    cleaned = EVENTS.clean(filterBy=by, filterValue=value, **({"filterOp": op} if op else {}))
    assert cleaned["filterValue"] == expected and type(cleaned["filterValue"]) is type(expected)


def test_queue_agents_filter_value_json_integer() -> None:
    assert QUEUE_AGENTS.clean(filterBy="status", filterValue=1) == {
        **QUEUE_AGENTS.base(), "filterBy": "status", "filterOp": "equals", "filterValue": 1}


@pytest.mark.parametrize("size", [1, 13, 100])
def test_in_array_of_long_urls_is_limited_per_item(size: int) -> None:
    # SPEC §4 (changed): each item may be as long as its type allows; 13 of them were refused.
    url = "http://example.com/" + "x" * (2048 - len("http://example.com/"))
    assert len(url) == 2048
    cleaned = EVENTS.clean(filterBy="url", filterOp="inArray", filterValue=",".join([url] * size))
    assert cleaned["filterValue"] == (url,) * size
    raises(EVENTS.op, {**EVENTS.path, "filterBy": "url", "filterOp": "inArray",
                       "filterValue": ",".join([url] * (size - 1) + [url + "x"])},
           "filtervalue_invalid", "generic", param="filterValue")


@pytest.mark.parametrize(("by", "value", "variant"), [
    ("status", "paused", "numbers"),
    ("status", "9", "generic"),
    ("agentNumber", "agent7", "generic"),
    ("queue", "@self", "generic"),
])
def test_queue_agents_filter_value_variants(by: str, value: str, variant: str) -> None:
    raises(QUEUE_AGENTS.op, {**QUEUE_AGENTS.path, "filterBy": by, "filterValue": value}, "filtervalue_invalid",
           variant, param="filterValue")


@pytest.mark.parametrize(("c", "by", "bad"), [
    pytest.param(CDR, "source", "abc", id="cdr-source"),
    pytest.param(CDR, "destination", "+1415", id="cdr-destination"),
    pytest.param(CDR, "published", "GET", id="cdr-published"),
    pytest.param(CDR, "answered", "1", id="cdr-answered"),
    pytest.param(PHONE_CALLS, "id", "b817-d261", id="phone-calls-id"),
    pytest.param(PHONE_CALLS, "published", "x", id="phone-calls-published"),
], ids=str)
def test_cdr_and_phone_calls_use_their_own_codes_not_variants(c: Collection, by: str, bad: str) -> None:
    raises(c.op, {**c.path, "filterBy": by, "filterValue": bad}, c.own_codes[by], param="filterValue")


# --- check order of the standard parameters ---------------------------------------------------

@pytest.mark.parametrize("c", [PHONE_CALLS, QUEUE_AGENTS, EVENTS], ids=str)
def test_standard_parameters_in_check_order(c: Collection) -> None:
    params = {**c.path, "startIndex": "-1", "sortOrder": "up", "filterOp": "bogus", "filterBy": "bogus",
              "count": "0", "fields": "bogus"}
    assert errors_of(c.op, params) == [
        ("fields_invalid", None, "fields"),
        ("count_invalid", None, "count"),
        ("filterby_invalid", None, "filterBy"),
        ("filterop_invalid", None, "filterOp"),
        ("sortorder_invalid", None, "sortOrder"),
        ("startindex_invalid", None, "startIndex"),
    ]


@each
def test_filter_value_between_filter_op_and_sort_order(c: Collection) -> None:
    by = next(iter(c.filters))
    params = {**c.path, "startIndex": "-1", "sortOrder": "up", "filterValue": "", "filterBy": by, "count": "0"}
    failures = errors_of(c.op, params)
    code, variant = c.filter_error(by, "generic")
    if c is CDR:  # CDR's filterValue row stands before the standard parameters
        assert failures == [(code, variant, "filterValue"), ("count_invalid", None, "count"),
                            ("sortorder_invalid", None, "sortOrder"), ("startindex_invalid", None, "startIndex")]
    else:
        assert failures == [("count_invalid", None, "count"), (code, variant, "filterValue"),
                            ("sortorder_invalid", None, "sortOrder"), ("startindex_invalid", None, "startIndex")]


# --- through the query string -------------------------------------------------------------------

@each
def test_query_string_is_form_decoded(c: Collection) -> None:
    fields = ",".join(c.fields[:2]).replace(",", "%2C")
    _, params = validate_request("GET", f"{c.url}?fields={fields}&count=%32%30&sortOrder=desc&startIndex=0")
    assert params == {**c.path, "fields": c.fields[:2], "count": 20, "sortOrder": "desc", "startIndex": 0}


@each
@pytest.mark.parametrize(("query", "code", "param"), [
    pytest.param("count=1&count=2", "count_invalid", "count", id="repeated-count"),
    pytest.param("count=20&count=20", "count_invalid", "count", id="repeated-same-count"),
    pytest.param("count=+20", "count_invalid", "count", id="plus-is-a-space"),
    pytest.param("count", "count_invalid", "count", id="key-without-value"),
    pytest.param("count=", "count_invalid", "count", id="empty-value"),
    pytest.param("sortOrder=asc&sortOrder=desc", "sortorder_invalid", "sortOrder", id="repeated-sort-order"),
    pytest.param("startIndex=%FF", "startindex_invalid", "startIndex", id="undecodable-byte"),
    pytest.param("fields=a&fields=b", "fields_invalid", "fields", id="repeated-fields"),
    pytest.param("filterBy=x&filterBy=x", "filterby_invalid", "filterBy", id="repeated-filter-by"),
])
def test_query_failures(c: Collection, query: str, code: str, param: str) -> None:
    request_raises("GET", f"{c.url}?{query}", code=code, param=param)


@each
def test_repeated_filter_op_without_filter_by_is_ignored(c: Collection) -> None:
    assert validate_request("GET", f"{c.url}?filterOp=a&filterOp=b&filterValue=1&filterValue=2") == (c.op, c.base())


def test_plus_in_a_filter_value_is_a_space() -> None:
    url = f"{EVENTS.url}?filterBy=note&filterOp=contains&filterValue=John+Doe"
    assert validate_request("GET", url)[1]["filterValue"] == "John Doe"


def test_encoded_plus_in_a_filter_value_is_a_plus() -> None:
    url = f"{CDR.url}?filterBy=source&filterOp=startsWith&filterValue=%2B40"
    assert validate_request("GET", url)[1]["filterValue"] == "+40"
    request_raises("GET", f"{CDR.url}?filterBy=source&filterOp=startsWith&filterValue=+40",
                   code="cdr_invalid_filter_by_source", param="filterValue")


def test_repeated_filter_value_through_the_query() -> None:
    request_raises("GET", f"{EVENTS.url}?filterBy=status&filterValue=0&filterValue=1",
                   code="filtervalue_invalid", variant="numbers", param="filterValue")
    request_raises("GET", f"{EVENTS.url}?filterBy=note&filterValue=a&filterValue=b",
                   code="filtervalue_invalid", variant="generic", param="filterValue")
