"""cdr.list (SPEC §5): every row of its table, its check order, and the documented examples."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from _helpers import DEFAULTS, errors_of, raises, request_raises, validate, validate_request

OP = "cdr.list"
PLUS_2 = timezone(timedelta(hours=2))

CDR_FIELDS = ("id", "extension", "ownerId", "ownerName", "published", "answered", "source",
              "destination", "flow", "disposition", "duration", "cost", "callerId", "saved")


def clean(**params: Any) -> dict[str, Any]:
    return validate(OP, params)


# --- the operation as a whole -------------------------------------------------------------

def test_no_parameters_gives_only_the_defaults() -> None:
    assert clean() == {"count": 20, "startIndex": 0}


def test_cdr_is_an_alias_of_cdr_list() -> None:
    params = {"userId": "@me", "count": "100", "startDate": "2024-01-01T00:00:00"}
    assert validate("cdr", params) == validate(OP, params) == {
        "userId": "@me", "startDate": datetime(2024, 1, 1), "count": 100, "startIndex": 0,
    }


def test_unknown_parameters_are_dropped() -> None:
    assert clean(userId="33", sortBy="published", updatedSince="x", foo=["a", "b"]) == {
        "userId": "33", **DEFAULTS,
    }


def test_a_full_valid_request_is_cleaned_to_typed_values() -> None:
    assert clean(
        userId="33", startDate="2024-01-01T00:00:00Z", endDate="2024-01-31T23:59:59+02:00",
        source="0003*210", destination="+40721234567", flow="4", disposition="0",
        saveStartDate="2024-01-01T00:00:00", saveEndDate="2024-02-01T00:00:00.250",
        filterBy="answered", filterOp="greaterThan", filterValue="2024-01-15T12:00:00Z",
        fields="id,source,destination", count="0100", sortOrder="descending", startIndex="40",
    ) == {
        "userId": "33",
        "startDate": datetime(2024, 1, 1, tzinfo=UTC),
        "endDate": datetime(2024, 1, 31, 23, 59, 59, tzinfo=PLUS_2),
        "source": "0003*210",
        "destination": "+40721234567",
        "flow": 4,
        "disposition": 0,
        "saveStartDate": datetime(2024, 1, 1),
        "saveEndDate": datetime(2024, 2, 1, 0, 0, 0, 250000),
        "filterValue": datetime(2024, 1, 15, 12, tzinfo=UTC),
        "fields": ("id", "source", "destination"),
        "count": 100,
        "filterBy": "answered",
        "filterOp": "greaterThan",
        "sortOrder": "desc",
        "startIndex": 40,
    }


# --- userId (path, optional) --------------------------------------------------------------

@pytest.mark.parametrize("user", ["@me", "@viewer", "@owner", "33", "0012", "1234567890"])
def test_user_id_valid(user: str) -> None:
    assert clean(userId=user) == {"userId": user, **DEFAULTS}


def test_user_id_may_be_absent() -> None:
    assert "userId" not in clean()


@pytest.mark.parametrize("user", [
    pytest.param("0", id="zero"),
    pytest.param("0000", id="all-zeros"),
    pytest.param("12345678901", id="11-digits"),
    pytest.param("@self", id="extension-keyword"),
    pytest.param("@ME", id="keyword-case"),
    pytest.param("me", id="keyword-without-at"),
    pytest.param("@admin", id="unknown-keyword"),
    pytest.param("-1", id="negative"),
    pytest.param("\uff11\uff12", id="fullwidth-digits"),
    pytest.param("\u0663\u0663", id="arabic-indic-digits"),
    pytest.param(" 12", id="leading-space"),
    pytest.param("12 ", id="trailing-space"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(12, id="json-int"),
    pytest.param(["12", "13"], id="repeated"),
])
def test_user_id_invalid(user: Any) -> None:
    raises(OP, {"userId": user}, "user_invalid", param="userId")


# --- the four dates -------------------------------------------------------------------------

DATE_PARAMS = [
    ("startDate", "cdr_start_date_invalid"),
    ("endDate", "cdr_end_date_invalid"),
    ("saveStartDate", "cdr_save_start_date_invalid"),
    ("saveEndDate", "cdr_save_end_date_invalid"),
]

VALID_DATES = [
    pytest.param("2024-01-01T00:00:00", datetime(2024, 1, 1), id="naive"),
    pytest.param("2015-01-23T04:56:22Z", datetime(2015, 1, 23, 4, 56, 22, tzinfo=UTC), id="utc-Z"),
    pytest.param("2015-06-01T00:00:00+02:00", datetime(2015, 6, 1, tzinfo=PLUS_2), id="offset"),
    pytest.param("2024-02-29T23:59:59.123456-05:30",
                 datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
                 id="leap-day-fraction-negative-offset"),
    pytest.param("2024-06-01T12:00:00.5", datetime(2024, 6, 1, 12, 0, 0, 500000), id="naive-fraction"),
    pytest.param("0001-01-01T00:00:00", datetime(1, 1, 1), id="year-1"),
    pytest.param("9999-12-31T23:59:59+23:59",
                 datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=23, minutes=59))),
                 id="year-9999-largest-offset"),
]

INVALID_DATES = [
    pytest.param("2024-13-01T00:00:00", id="month-13"),
    pytest.param("2024-00-10T00:00:00", id="month-0"),
    pytest.param("2024-02-30T00:00:00", id="feb-30"),
    pytest.param("2023-02-29T00:00:00", id="feb-29-non-leap"),
    pytest.param("2024-01-01T24:00:00", id="hour-24"),
    pytest.param("2024-01-01T23:60:00", id="minute-60"),
    pytest.param("2024-01-01T00:00:60", id="second-60"),
    pytest.param("0000-01-01T00:00:00", id="year-0"),
    pytest.param("2024-01-01t00:00:00", id="lowercase-t"),
    pytest.param("2024-01-01T00:00:00z", id="lowercase-z"),
    pytest.param("2024-01-01 00:00:00", id="space-separator"),
    pytest.param("2024-01-01", id="date-only"),
    pytest.param("2024-1-01T00:00:00", id="one-digit-month"),
    pytest.param("2024-01-01T00:00", id="no-seconds"),
    pytest.param("2024-01-01T00:00:00.", id="empty-fraction"),
    pytest.param("2024-01-01T00:00:00.1234567", id="7-digit-fraction"),
    pytest.param("2024-01-01T00:00:00+24:00", id="offset-hour-24"),
    pytest.param("2024-01-01T00:00:00+02:60", id="offset-minute-60"),
    pytest.param("2024-01-01T00:00:00+0200", id="offset-without-colon"),
    pytest.param("2024-01-01T00:00:00UTC", id="zone-name"),
    pytest.param(" 2024-01-01T00:00:00", id="leading-space"),
    pytest.param("2024-01-01T00:00:00 ", id="trailing-space"),
    pytest.param("\uff12\uff10\uff12\uff14-01-01T00:00:00", id="fullwidth-digits"),
    pytest.param("yesterday", id="words"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(20240101, id="json-int"),
    pytest.param(["2024-01-01T00:00:00", "2024-01-02T00:00:00"], id="repeated"),
]


@pytest.mark.parametrize(("name", "code"), DATE_PARAMS, ids=[n for n, _ in DATE_PARAMS])
@pytest.mark.parametrize(("text", "expected"), VALID_DATES)
def test_date_valid(name: str, code: str, text: str, expected: datetime) -> None:
    cleaned = clean(**{name: text})[name]
    assert type(cleaned) is datetime
    assert cleaned == expected
    assert cleaned.utcoffset() == expected.utcoffset()  # aware with its offset, or naive


def test_date_without_zone_is_naive_and_with_zone_is_aware() -> None:
    cleaned = clean(startDate="2024-01-01T00:00:00", endDate="2024-01-01T00:00:00Z")
    assert cleaned["startDate"].tzinfo is None
    assert cleaned["endDate"].tzinfo is not None
    assert cleaned["endDate"].utcoffset() == timedelta(0)


@pytest.mark.parametrize(("name", "code"), DATE_PARAMS, ids=[n for n, _ in DATE_PARAMS])
@pytest.mark.parametrize("text", INVALID_DATES)
def test_date_invalid(name: str, code: str, text: Any) -> None:
    raises(OP, {name: text}, code, param=name)


# --- startDate > endDate, saveStartDate > saveEndDate ------------------------------------

@pytest.mark.parametrize(("start", "end"), [
    pytest.param("2024-01-01T00:00:00", "2024-01-01T00:00:00", id="equal"),
    pytest.param("2024-01-01T00:00:00", "2024-01-01T00:00:00.000001", id="one-microsecond-later"),
    pytest.param("2024-01-01T10:00:00+02:00", "2024-01-01T09:00:00", id="aware-start-naive-end-as-utc"),
    pytest.param("2024-01-01T09:00:00", "2024-01-01T11:30:00+02:00", id="naive-start-as-utc-aware-end"),
    pytest.param("2024-01-01T02:00:00+02:00", "2024-01-01T00:00:00Z", id="same-instant-other-offsets"),
])
@pytest.mark.parametrize("pair", [("startDate", "endDate"), ("saveStartDate", "saveEndDate")],
                         ids=["start-end", "save-start-end"])
def test_dates_in_order(pair: tuple[str, str], start: str, end: str) -> None:
    first, second = pair
    cleaned = clean(**{first: start, second: end})
    assert first in cleaned and second in cleaned


@pytest.mark.parametrize(("start", "end"), [
    pytest.param("2024-02-01T00:00:00", "2024-01-01T00:00:00", id="naive-later"),
    pytest.param("2024-01-01T00:00:00.000001", "2024-01-01T00:00:00", id="one-microsecond"),
    pytest.param("2024-01-01T10:00:00", "2024-01-01T11:00:00+02:00", id="naive-start-as-utc"),
    pytest.param("2024-01-01T12:00:00+02:00", "2024-01-01T09:59:59", id="naive-end-as-utc"),
    pytest.param("2024-01-01T00:00:00Z", "2024-01-01T01:00:00+02:00", id="both-aware"),
])
@pytest.mark.parametrize("pair", [("startDate", "endDate"), ("saveStartDate", "saveEndDate")],
                         ids=["start-end", "save-start-end"])
def test_dates_out_of_order(pair: tuple[str, str], start: str, end: str) -> None:
    first, second = pair
    raises(OP, {first: start, second: end}, "cdr_invalid_date_parameters", param=first)


def test_date_order_is_not_checked_across_the_two_pairs() -> None:
    cleaned = clean(startDate="2024-02-01T00:00:00", saveEndDate="2024-01-01T00:00:00",
                    saveStartDate="2023-12-01T00:00:00", endDate="2024-03-01T00:00:00")
    assert len(cleaned) == 6


def test_both_pairs_out_of_order_list_both_failures() -> None:
    assert errors_of(OP, {
        "startDate": "2024-02-01T00:00:00", "endDate": "2024-01-01T00:00:00",
        "saveStartDate": "2024-02-01T00:00:00", "saveEndDate": "2024-01-01T00:00:00",
    }) == [
        ("cdr_invalid_date_parameters", None, "startDate"),
        ("cdr_invalid_date_parameters", None, "saveStartDate"),
    ]


def test_date_order_is_not_checked_while_a_date_is_invalid() -> None:
    assert errors_of(OP, {"startDate": "2024-02-01T00:00:00", "endDate": "2024-13-01T00:00:00"}) == [
        ("cdr_end_date_invalid", None, "endDate"),
    ]


# --- source and destination -------------------------------------------------------------------

PARTIES = [("source", "cdr_source_invalid"), ("destination", "cdr_destination_invalid")]


@pytest.mark.parametrize(("name", "code"), PARTIES, ids=[n for n, _ in PARTIES])
@pytest.mark.parametrize("value", [
    pytest.param("210", id="short-extension"),
    pytest.param("0003*210", id="extended-extension"),
    pytest.param("1234567890*1234567890", id="longest-extension"),
    pytest.param("5354353", id="local-number"),
    pytest.param("+40721234567", id="ro-mobile"),
    pytest.param("+14155552671", id="us-number"),
    pytest.param("12345678901234567890", id="20-digits"),
])
def test_party_valid(name: str, code: str, value: str) -> None:
    assert clean(**{name: value}) == {name: value, **DEFAULTS}


@pytest.mark.parametrize(("name", "code"), PARTIES, ids=[n for n, _ in PARTIES])
@pytest.mark.parametrize("value", [
    pytest.param("+999123", id="unknown-country-code"),
    pytest.param("+1415", id="impossible-length"),
    pytest.param("+", id="plus-only"),
    pytest.param("*210", id="star-first"),
    pytest.param("0003*", id="star-last"),
    pytest.param("1*2*3", id="two-stars"),
    pytest.param("12345678901*1", id="11-digit-group"),
    pytest.param("123456789012345678901", id="21-digits"),
    pytest.param("40+721234567", id="plus-inside"),
    pytest.param("@self", id="self"),
    pytest.param("abc", id="letters"),
    pytest.param("\uff11\uff12\uff13", id="fullwidth-digits"),
    pytest.param("210 ", id="trailing-space"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(210, id="json-int"),
    pytest.param(["210", "211"], id="repeated"),
])
def test_party_invalid(name: str, code: str, value: Any) -> None:
    raises(OP, {name: value}, code, param=name)


# --- flow and disposition ---------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("2", 2), ("4", 4), ("8", 8), pytest.param(8, 8, id="json-int-8"),
])
def test_flow_valid(value: Any, expected: int) -> None:
    cleaned = clean(flow=value)["flow"]
    assert type(cleaned) is int and cleaned == expected


@pytest.mark.parametrize("value", [
    "0", "1", "3", "16", "02", "2 ", "two", "", pytest.param(None, id="null"),
    pytest.param(3, id="json-int-3"), pytest.param(True, id="json-true"),
    pytest.param(4.0, id="json-float"), pytest.param(["2", "4"], id="repeated"),
])
def test_flow_invalid(value: Any) -> None:
    raises(OP, {"flow": value}, "cdr_flow_invalid", param="flow")


@pytest.mark.parametrize(("value", "expected"), [
    ("0", 0), ("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5), pytest.param(0, 0, id="json-int-0"),
])
def test_disposition_valid(value: Any, expected: int) -> None:
    cleaned = clean(disposition=value)["disposition"]
    assert type(cleaned) is int and cleaned == expected


@pytest.mark.parametrize("value", [
    "6", "9", "-1", "00", "01", "", "answered", pytest.param(None, id="null"),
    pytest.param(6, id="json-int-6"), pytest.param(False, id="json-false"),
    pytest.param(["0", "1"], id="repeated"),
])
def test_disposition_invalid(value: Any) -> None:
    raises(OP, {"disposition": value}, "cdr_disposition_invalid", param="disposition")


# --- filterValue: CDR's own codes ---------------------------------------------------------------

FILTER_CODES = {
    "source": "cdr_invalid_filter_by_source",
    "destination": "cdr_invalid_filter_by_destination",
    "published": "cdr_invalid_filter_by_published",
    "answered": "cdr_invalid_filter_by_answered",
}


@pytest.mark.parametrize(("by", "op", "value", "expected"), [
    pytest.param("source", None, "0003*210", "0003*210", id="source-default-op"),
    pytest.param("source", "equals", "+40721234567", "+40721234567", id="source-equals-number"),
    pytest.param("destination", "equals", "210", "210", id="destination-equals-short"),
    pytest.param("source", "contains", "21*", "21*", id="source-contains-part"),
    pytest.param("destination", "startsWith", "+40", "+40", id="destination-startswith-plus"),
    pytest.param("destination", "contains", "+999123", "+999123", id="contains-any-number-part"),
    pytest.param("source", "inArray", "210,0003*211,+14155552671", ("210", "0003*211", "+14155552671"),
                 id="source-inarray"),
    pytest.param("destination", "greaterThan", "5354353", "5354353", id="destination-greaterthan"),
    pytest.param("published", None, "2024-01-01T00:00:00", datetime(2024, 1, 1), id="published-naive"),
    pytest.param("published", "greaterThan", "2015-01-23T04:56:22Z",
                 datetime(2015, 1, 23, 4, 56, 22, tzinfo=UTC), id="published-greaterthan-aware"),
    pytest.param("answered", "lessThan", "2015-06-01T00:00:00+02:00", datetime(2015, 6, 1, tzinfo=PLUS_2),
                 id="answered-lessthan-offset"),
    pytest.param("answered", "inArray", "2024-01-01T00:00:00,2024-01-02T00:00:00Z",
                 (datetime(2024, 1, 1), datetime(2024, 1, 2, tzinfo=UTC)), id="answered-inarray"),
])
def test_filter_value_valid(by: str, op: str | None, value: str, expected: Any) -> None:
    params = {"filterBy": by, "filterValue": value} | ({"filterOp": op} if op else {})
    cleaned = clean(**params)
    assert cleaned["filterValue"] == expected
    assert type(cleaned["filterValue"]) is type(expected)
    assert cleaned["filterBy"] == by
    if op is None:
        assert "filterOp" not in cleaned  # read as equals, not filled in


@pytest.mark.parametrize("by", list(FILTER_CODES))
@pytest.mark.parametrize("value", [None, "", "anything"], ids=["absent", "empty", "text"])
def test_filter_value_is_ignored_with_present(by: str, value: str | None) -> None:
    params = {"filterBy": by, "filterOp": "present"} | ({} if value is None else {"filterValue": value})
    assert clean(**params) == {"filterBy": by, "filterOp": "present", **DEFAULTS}


@pytest.mark.parametrize(("by", "op", "value"), [
    pytest.param("source", None, None, id="source-missing"),
    pytest.param("source", "equals", "", id="source-empty"),
    pytest.param("source", "equals", "abc", id="source-letters"),
    pytest.param("source", "equals", "+999123", id="source-impossible-number"),
    pytest.param("source", "contains", "21a", id="source-contains-letter"),
    pytest.param("source", "inArray", "210,,211", id="source-inarray-empty-item"),
    pytest.param("source", "inArray", "210, 211", id="source-inarray-space"),
    pytest.param("source", "inArray", ",".join(["210"] * 101), id="source-inarray-101-items"),
    pytest.param("source", "inArray", "210,abc", id="source-inarray-bad-item"),
    pytest.param("destination", None, None, id="destination-missing"),
    pytest.param("destination", "startsWith", "", id="destination-startswith-empty"),
    pytest.param("destination", "startsWith", "0003-", id="destination-startswith-dash"),
    pytest.param("destination", "lessThan", "@self", id="destination-self"),
    pytest.param("destination", "inArray", "210,", id="destination-inarray-trailing-comma"),
    pytest.param("published", None, None, id="published-missing"),
    pytest.param("published", "equals", "", id="published-empty"),
    pytest.param("published", "equals", "2024-13-01T00:00:00", id="published-month-13"),
    pytest.param("published", "greaterThan", "yesterday", id="published-words"),
    pytest.param("published", "contains", "2024", id="published-contains-part"),
    pytest.param("published", "inArray", "2024-01-01T00:00:00,,2024-01-02T00:00:00", id="published-inarray-gap"),
    pytest.param("answered", None, None, id="answered-missing"),
    pytest.param("answered", "lessThan", "2024-01-01", id="answered-date-only"),
    pytest.param("answered", "inArray", "x,y", id="answered-inarray-words"),
])
def test_filter_value_invalid_uses_the_cdr_code(by: str, op: str | None, value: str | None) -> None:
    params = {"filterBy": by} | ({"filterOp": op} if op else {}) | ({} if value is None else {"filterValue": value})
    raises(OP, params, FILTER_CODES[by], param="filterValue")


def test_filter_value_repeated_uses_the_cdr_code() -> None:
    raises(OP, {"filterBy": "source", "filterValue": ["210", "211"]}, "cdr_invalid_filter_by_source",
           param="filterValue")


def test_inarray_takes_up_to_100_items() -> None:
    values = [f"2{i:02}" for i in range(100)]
    assert clean(filterBy="source", filterOp="inArray", filterValue=",".join(values))["filterValue"] == tuple(values)


# --- the standard parameters, as CDR restricts them -------------------------------------------

@pytest.mark.parametrize("field", CDR_FIELDS)
def test_each_cdr_field_is_accepted(field: str) -> None:
    assert clean(fields=field)["fields"] == (field,)


def test_all_cdr_fields_at_once() -> None:
    assert clean(fields=",".join(CDR_FIELDS))["fields"] == CDR_FIELDS


@pytest.mark.parametrize("fields", ["nonce", "phoneCallView", "agentNumber", "url", "Id", "id,bogus"])
def test_fields_of_other_resources_are_invalid(fields: str) -> None:
    raises(OP, {"fields": fields}, "fields_invalid", param="fields")


@pytest.mark.parametrize("by", ["id", "flow", "disposition", "duration", "extension", "Source", ""])
def test_filter_by_outside_the_four_cdr_filters(by: str) -> None:
    raises(OP, {"filterBy": by, "filterValue": "1"}, "filterby_invalid", param="filterBy")


@pytest.mark.parametrize("op", ["equals", "contains", "startsWith", "present", "greaterThan", "lessThan",
                                "inArray"])
def test_every_documented_filter_op(op: str) -> None:
    assert clean(filterBy="source", filterOp=op, filterValue="210")["filterOp"] == op


# --- check order ----------------------------------------------------------------------------------

# One bad value for each independent row, in the table's check order.
ORDERED_FAILURES: list[tuple[str, Any, str]] = [
    ("userId", "@self", "user_invalid"),
    ("startDate", "2024-13-01T00:00:00", "cdr_start_date_invalid"),
    ("endDate", "2024-01-01", "cdr_end_date_invalid"),
    ("source", "abc", "cdr_source_invalid"),
    ("destination", "+1415", "cdr_destination_invalid"),
    ("flow", "3", "cdr_flow_invalid"),
    ("disposition", "9", "cdr_disposition_invalid"),
    ("saveStartDate", "", "cdr_save_start_date_invalid"),
    ("saveEndDate", "2024-02-30T00:00:00", "cdr_save_end_date_invalid"),
    ("fields", "bogus", "fields_invalid"),
    ("count", "6000", "count_invalid"),
    ("filterBy", "duration", "filterby_invalid"),
    ("filterOp", "onArray", "filterop_invalid"),
    ("sortOrder", "up", "sortorder_invalid"),
    ("startIndex", "-1", "startindex_invalid"),
]


def request_of(rows: list[tuple[str, Any, str]]) -> dict[str, Any]:
    """The bad values of ``rows``, last row first; filterOp is only read beside a filterBy."""
    params = {name: value for name, value, _ in reversed(rows)}
    if "filterOp" in params:
        params.setdefault("filterBy", "source")
    return params


@pytest.mark.parametrize(("earlier", "later"), list(itertools.combinations(ORDERED_FAILURES, 2)),
                         ids=lambda row: row[0])
def test_the_earlier_row_wins(earlier: tuple[str, Any, str], later: tuple[str, Any, str]) -> None:
    # The later parameter comes first in the mapping: the order of the request does not matter.
    assert errors_of(OP, request_of([earlier, later])) == [
        (earlier[2], None, earlier[0]), (later[2], None, later[0]),
    ]


def test_all_errors_lists_every_independent_failure_in_order() -> None:
    assert errors_of(OP, request_of(ORDERED_FAILURES)) == [
        (code, None, name) for name, _, code in ORDERED_FAILURES
    ]


def test_date_rule_then_filter_value_then_standard_parameters() -> None:
    params = {
        "count": "0", "filterValue": "x", "filterBy": "published",
        "endDate": "2024-01-01T00:00:00", "startDate": "2024-02-01T00:00:00",
    }
    assert errors_of(OP, params) == [
        ("cdr_invalid_date_parameters", None, "startDate"),
        ("cdr_invalid_filter_by_published", None, "filterValue"),
        ("count_invalid", None, "count"),
    ]


def test_filter_value_comes_before_fields() -> None:
    assert errors_of(OP, {"fields": "x", "filterBy": "source", "filterValue": "x"}) == [
        ("cdr_invalid_filter_by_source", None, "filterValue"),
        ("fields_invalid", None, "fields"),
    ]


def test_filter_value_is_not_checked_while_filter_op_is_invalid() -> None:
    assert errors_of(OP, {"filterBy": "source", "filterOp": "like", "filterValue": "x"}) == [
        ("filterop_invalid", None, "filterOp"),
    ]


# --- through validate_request: the documented examples ------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    pytest.param("/uapi/cdr/33", {"userId": "33", **DEFAULTS}, id="doc-1-list-cdr"),
    pytest.param("/uapi/cdr/", dict(DEFAULTS), id="user-from-token-trailing-slash"),
    pytest.param("/uapi/cdr", dict(DEFAULTS), id="user-from-token"),
    pytest.param("/uapi/cdr/@me?count=4000&startDate=2015-06-01T00%3A00%3A00%2B02%3A00"
                 "&endDate=2015-06-30T23%3A59%3A59%2B02%3A00",
                 {"userId": "@me", "count": 4000, "startIndex": 0,
                  "startDate": datetime(2015, 6, 1, tzinfo=PLUS_2),
                  "endDate": datetime(2015, 6, 30, 23, 59, 59, tzinfo=PLUS_2)},
                 id="doc-2-laravel-encoded-offsets"),
    pytest.param("/uapi/cdr/@me?count=100&sortOrder=desc",
                 {"userId": "@me", "count": 100, "sortOrder": "desc", "startIndex": 0},
                 id="spec-example"),
    pytest.param("/uapi/cdr/@me?filterBy=source&filterOp=inArray&filterValue=210%2C0003*211",
                 {"userId": "@me", **DEFAULTS, "filterBy": "source", "filterOp": "inArray",
                  "filterValue": ("210", "0003*211")}, id="inarray-encoded-comma"),
])
def test_documented_requests_are_valid(url: str, expected: dict[str, Any]) -> None:
    assert validate_request("GET", url) == (OP, expected)


@pytest.mark.parametrize(("url", "code", "param"), [
    pytest.param("/uapi/cdr/@me?count=6000", "count_invalid", "count", id="D1-count"),
    pytest.param("/uapi/cdr/@me?flow=3", "cdr_flow_invalid", "flow", id="D2-flow"),
    pytest.param("/uapi/cdr/@me?disposition=9", "cdr_disposition_invalid", "disposition", id="D3-disposition"),
    pytest.param("/uapi/cdr/@me?startDate=2024-13-01T00:00:00", "cdr_start_date_invalid", "startDate",
                 id="D4-start-date"),
    pytest.param("/uapi/cdr/@me?startDate=2024-02-01T00:00:00&endDate=2024-01-01T00:00:00",
                 "cdr_invalid_date_parameters", "startDate", id="D5-date-order"),
    pytest.param("/uapi/cdr/@me?filterBy=duration", "filterby_invalid", "filterBy", id="D6-filter-by"),
    pytest.param("/uapi/cdr/@me?startDate=2015-06-01T00:00:00+02:00", "cdr_start_date_invalid", "startDate",
                 id="unencoded-plus-is-a-space"),
    pytest.param("/uapi/cdr/@me?source=+40721234567", "cdr_source_invalid", "source",
                 id="unencoded-plus-number-is-a-space"),
    pytest.param("/uapi/cdr/@me?saveEndDate=2024-01-01T00:00:00&saveEndDate=2024-01-02T00:00:00",
                 "cdr_save_end_date_invalid", "saveEndDate", id="repeated-key"),
    pytest.param("/uapi/cdr/@none", "user_invalid", "userId", id="bad-user"),
])
def test_documented_failures(url: str, code: str, param: str) -> None:
    request_raises("GET", url, code=code, param=param)


def test_source_with_encoded_plus_is_a_number() -> None:
    assert validate_request("GET", "/uapi/cdr/@me?source=%2B40721234567")[1]["source"] == "+40721234567"
