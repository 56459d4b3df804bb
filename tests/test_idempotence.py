"""Idempotence (issue 11): what ``validate`` returns validates to itself, on both backends.

``validate(op, validate(op, p)) == validate(op, p)``: the cleaned values (a ``datetime`` for a
Date, an int for an Int or a numeric Enum, a bool, tuples for lists, comma lists and an inArray
filterValue, the cleaned objects of a list of objects, defaults filled in) are accepted as
input and clean to themselves. What a client sends over HTTP is judged as before (SPEC §3): a
bool is never an Int, a float never an Int, and a list, which is what a repeated query
parameter arrives as, is never a comma list (docs/decisions.md, "Cleaned values as input").
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _helpers import assert_error
from ua_validate import ValidationError, Validator, loader
from ua_validate.testing import valid_requests

BACKENDS = ("compiled", "marshmallow")
VALIDATORS = {name: Validator(backend=name) for name in BACKENDS}
OPERATIONS = sorted(loader.default_spec().operations)

CDR = {"userId": "@me"}
EVENTS = {"userId": "@me", "extension": "0003*210"}
SIMPLE = {"userId": "@me", "extension": "0003*210",
          "phoneCallView": [{"source": "210", "destination": "0721234567"}]}


@pytest.fixture(params=BACKENDS)
def validator(request: pytest.FixtureRequest) -> Validator:
    return VALIDATORS[request.param]


def _raises(validator: Validator, op: str, params: dict[str, Any], code: str, variant: str | None = None,
            *, param: str) -> None:
    with pytest.raises(ValidationError) as info:
        validator.validate(op, params)
    assert_error(info.value, code, variant, param=param)


def _fixed_point(validator: Validator, op: str, params: dict[str, Any]) -> dict[str, Any]:
    """The cleaned value of ``params``, having checked that it cleans to itself."""
    once = validator.validate(op, params)
    twice = validator.validate(op, once)
    assert twice == once
    assert [type(value) for value in twice.values()] == [type(value) for value in once.values()]
    return once


# --- the property: every operation, every valid request, both backends ---------------------------

@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("op", OPERATIONS)
@settings(max_examples=25)
@given(data=st.data())
def test_validate_is_idempotent(op: str, backend: str, data: st.DataObject) -> None:
    validator = VALIDATORS[backend]
    params = data.draw(valid_requests(op, validator=validator))
    once = validator.validate(op, params)
    assert validator.validate(op, once) == once
    # And once more, through the other backend: both read the cleaned values alike.
    other = VALIDATORS[BACKENDS[1 - BACKENDS.index(backend)]]
    assert other.validate(op, once) == once


# --- Date: a datetime, naive or with a fixed offset in whole minutes --------------------------------

@pytest.mark.parametrize("moment", [
    pytest.param(datetime(2024, 1, 2, 3, 4, 5), id="naive"),
    pytest.param(datetime(2024, 1, 2, 3, 4, 5, 678901), id="naive-fraction"),
    pytest.param(datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), id="utc"),
    pytest.param(datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5, minutes=-30))), id="offset"),
    pytest.param(datetime(2024, 1, 2, tzinfo=timezone(timedelta(hours=23, minutes=59))), id="largest-offset"),
    pytest.param(datetime.min, id="year-1"),
    pytest.param(datetime.max, id="year-9999"),
])
def test_a_datetime_is_a_date(validator: Validator, moment: datetime) -> None:
    cleaned = _fixed_point(validator, "cdr.list", {**CDR, "startDate": moment})
    assert cleaned["startDate"] is moment
    # the very value the text gives
    text = moment.isoformat()
    assert validator.validate("cdr.list", {**CDR, "startDate": text})["startDate"] == moment


@pytest.mark.parametrize("value", [
    pytest.param(datetime(2024, 1, 2, tzinfo=timezone(timedelta(seconds=30))), id="offset-seconds"),
    pytest.param(datetime(2024, 1, 2, tzinfo=timezone(timedelta(minutes=1, microseconds=1))),
                 id="offset-microseconds"),
    pytest.param(datetime(2024, 1, 2, tzinfo=ZoneInfo("Europe/Bucharest")), id="zoneinfo"),
    pytest.param(type("Moment", (datetime,), {})(2024, 1, 2), id="datetime-subclass"),
    pytest.param(datetime(2024, 1, 2).date(), id="date"),
    pytest.param(datetime(2024, 1, 2).timestamp(), id="timestamp"),
    pytest.param(1704153600, id="int"),
    pytest.param((datetime(2024, 1, 2),), id="tuple"),
])
def test_other_moments_are_no_date(validator: Validator, value: Any) -> None:
    _raises(validator, "cdr.list", {**CDR, "startDate": value}, "cdr_start_date_invalid", param="startDate")


def test_dates_as_datetimes_keep_their_order_rule(validator: Validator) -> None:
    start = datetime(2024, 1, 2, 12, 0, tzinfo=timezone(timedelta(hours=2)))  # 10:00 UTC
    _fixed_point(validator, "cdr.list", {**CDR, "startDate": start, "endDate": datetime(2024, 1, 2, 10, 0)})
    _raises(validator, "cdr.list", {**CDR, "startDate": start, "endDate": datetime(2024, 1, 2, 9, 59)},
            "cdr_invalid_date_parameters", param="startDate")


# --- Int, Bool, numeric Enum: the cleaned value; never a bool or a float for a number ---------------

def test_an_int_count(validator: Validator) -> None:
    assert _fixed_point(validator, "cdr.list", {**CDR, "count": 5000})["count"] == 5000
    for value in (True, False, 5.0, 0, 5001, -1):
        _raises(validator, "cdr.list", {**CDR, "count": value}, "count_invalid", param="count")


def test_a_bool_allow_public_transfer(validator: Validator) -> None:
    for value in (True, False):
        assert _fixed_point(validator, "phone_calls.simple",
                            {**SIMPLE, "allowPublicTransfer": value})["allowPublicTransfer"] is value
    for value in (2, 1.0, "yes", (True,)):
        _raises(validator, "phone_calls.simple", {**SIMPLE, "allowPublicTransfer": value},
                "pc_transfer_invalid", param="allowPublicTransfer")


def test_a_numeric_enum_int(validator: Validator) -> None:
    assert _fixed_point(validator, "cdr.list", {**CDR, "flow": 8})["flow"] == 8
    assert validator.validate("cdr.list", {**CDR, "flow": "8"})["flow"] == 8
    for value in (True, 8.0, 3, (8,)):
        _raises(validator, "cdr.list", {**CDR, "flow": value}, "cdr_flow_invalid", param="flow")


# --- CommaList (fields): a tuple of the names; a list is a repeated parameter ----------------------

def test_a_tuple_of_fields(validator: Validator) -> None:
    cleaned = _fixed_point(validator, "cdr.list", {**CDR, "fields": "id,published,id"})
    assert cleaned["fields"] == ("id", "published", "id")
    assert validator.validate("cdr.list", {**CDR, "fields": ("id",)})["fields"] == ("id",)
    hundred = ("id",) * 100
    assert validator.validate("cdr.list", {**CDR, "fields": hundred})["fields"] == hundred


@pytest.mark.parametrize("value", [
    pytest.param(["id", "published"], id="list"),  # fields=id&fields=published
    pytest.param((), id="empty"),
    pytest.param(("id",) * 101, id="101-names"),
    pytest.param(("id,published",), id="comma-inside"),
    pytest.param(("",), id="empty-name"),
    pytest.param(("id ",), id="space"),
    pytest.param(("bogus",), id="unknown"),
    pytest.param(("id", 1), id="int-item"),
    pytest.param(("id", None), id="null-item"),
    pytest.param(("id", ["published"]), id="nested"),
])
def test_other_sequences_are_no_fields(validator: Validator, value: Any) -> None:
    _raises(validator, "cdr.list", {**CDR, "fields": value}, "fields_invalid", param="fields")


def test_a_repeated_fields_query_parameter_stays_invalid(validator: Validator) -> None:
    with pytest.raises(ValidationError) as info:
        validator.validate_request("GET", "/uapi/cdr/@me?fields=id&fields=published")
    assert_error(info.value, "fields_invalid", param="fields")


# --- filterValue: a tuple for inArray, a datetime for a Date field, an int for a numeric one -------

def _filter(by: str, op: str, value: Any) -> dict[str, Any]:
    return {"filterBy": by, "filterOp": op, "filterValue": value}


def test_in_array_tuples(validator: Validator) -> None:
    dates = (datetime(2024, 1, 2), datetime(2024, 1, 3, tzinfo=UTC))
    cleaned = _fixed_point(validator, "cdr.list", {**CDR, **_filter("published", "inArray", "2024-01-02T00:00:00,"
                                                                    "2024-01-03T00:00:00Z")})
    assert cleaned["filterValue"] == dates
    assert validator.validate("cdr.list", {**CDR, **_filter("published", "inArray", dates)})["filterValue"] == dates
    numbers = _fixed_point(validator, "phone_call_events.list", {**EVENTS, **_filter("status", "inArray", "0,1")})
    assert numbers["filterValue"] == (0, 1)
    texts = _fixed_point(validator, "cdr.list", {**CDR, **_filter("source", "inArray", "210,0003*210")})
    assert texts["filterValue"] == ("210", "0003*210")


def test_one_cleaned_filter_value(validator: Validator) -> None:
    moment = datetime(2024, 1, 2, tzinfo=timezone(timedelta(hours=3)))
    for op in ("equals", "greaterThan", "lessThan"):
        assert _fixed_point(validator, "cdr.list", {**CDR, **_filter("published", op, moment)})["filterValue"] \
            is moment
    # a bare datetime with inArray is a list of that one date, as its text would be
    assert validator.validate("cdr.list", {**CDR, **_filter("published", "inArray", moment)})["filterValue"] \
        == (moment,)
    assert _fixed_point(validator, "phone_call_events.list", {**EVENTS, **_filter("type", "equals", 4)}
                        )["filterValue"] == 4


@pytest.mark.parametrize(("op", "by", "value", "code", "variant"), [
    # a list is what a repeated filterValue key gives: never a list of values
    ("cdr.list", "published", [datetime(2024, 1, 2)], "cdr_invalid_filter_by_published", None),
    ("phone_call_events.list", "status", [0, 1], "filtervalue_invalid", "numbers"),
    # a malformed tuple, as a malformed comma list
    ("phone_call_events.list", "status", (), "filtervalue_invalid", "on_array"),
    ("phone_call_events.list", "status", (0,) * 101, "filtervalue_invalid", "on_array"),
    ("cdr.list", "source", ("210,211",), "cdr_invalid_filter_by_source", None),
    ("cdr.list", "source", ("",), "cdr_invalid_filter_by_source", None),
    # an item the field's type refuses, with the variant its text would have
    ("phone_call_events.list", "status", (0, 5), "filtervalue_invalid", "generic"),
    ("phone_call_events.list", "status", (0, -1), "filtervalue_invalid", "numbers"),
    ("phone_call_events.list", "status", (0, True), "filtervalue_invalid", "numbers"),
    ("phone_call_events.list", "status", (0, "x"), "filtervalue_invalid", "numbers"),
    ("phone_call_events.list", "status", (0, "7"), "filtervalue_invalid", "generic"),
    ("phone_call_events.list", "id", ("abc", 1), "filtervalue_invalid", "generic"),
    ("cdr.list", "published", (datetime(2024, 1, 2), "2024-13-01T00:00:00"), "cdr_invalid_filter_by_published", None),
    ("cdr.list", "published", (datetime(2024, 1, 2).date(),), "cdr_invalid_filter_by_published", None),
])
def test_bad_in_array_tuples(validator: Validator, op: str, by: str, value: Any, code: str,
                             variant: str | None) -> None:
    path = CDR if op == "cdr.list" else EVENTS
    _raises(validator, op, {**path, **_filter(by, "inArray", value)}, code, variant, param="filterValue")


@pytest.mark.parametrize(("op", "by", "filter_op", "value", "code", "variant"), [
    # a tuple is an inArray list only
    ("phone_call_events.list", "status", "equals", (1,), "filtervalue_invalid", "numbers"),
    ("cdr.list", "published", "equals", (datetime(2024, 1, 2),), "cdr_invalid_filter_by_published", None),
    # a part of a number is text
    ("cdr.list", "source", "contains", ("210",), "cdr_invalid_filter_by_source", None),
    ("cdr.list", "source", "startsWith", 210, "cdr_invalid_filter_by_source", None),
    # a datetime for a field of another type
    ("phone_call_events.list", "note", "equals", datetime(2024, 1, 2), "filtervalue_invalid", "generic"),
    ("phone_call_events.list", "status", "equals", datetime(2024, 1, 2), "filtervalue_invalid", "numbers"),
    ("cdr.list", "published", "equals", datetime(2024, 1, 2, tzinfo=timezone(timedelta(seconds=1))),
     "cdr_invalid_filter_by_published", None),
])
def test_other_cleaned_values_as_filter_values(validator: Validator, op: str, by: str, filter_op: str, value: Any,
                                               code: str, variant: str | None) -> None:
    path = CDR if op == "cdr.list" else EVENTS
    _raises(validator, op, {**path, **_filter(by, filter_op, value)}, code, variant, param="filterValue")


# --- objects, lists and defaults ------------------------------------------------------------------

def test_cleaned_objects_and_defaults(validator: Validator) -> None:
    cleaned = _fixed_point(validator, "phone_calls.simple", SIMPLE)
    assert cleaned["phoneCallView"] == ({"source": "210", "destination": "0721234567"},)
    assert cleaned["allowPublicTransfer"] is False  # a default, filled in and then accepted
    listed = _fixed_point(validator, "cdr.list", {**CDR, "sortOrder": "descending"})
    assert (listed["sortOrder"], listed["count"], listed["startIndex"]) == ("desc", 20, 0)
