"""Presence (SPEC §2, §5, second release): the presence of an extension, or of every extension of a user."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _helpers import DEFAULTS, VALIDATOR, errors_of, raises, request_raises, validate, validate_request
from ua_validate import ValidationError
from ua_validate.testing import error_codes, invalid_requests, valid_requests

LIST = "presence.list"
SELF = {"userId": "@me", "extension": "@self"}
ONE = {"userId": "@me", "extension": "0003*210"}
URL = "/uapi/extensions/@me/@self/presence"


# === routing and the documented requests =======================================================

@pytest.mark.parametrize("url", [URL, f"{URL}/", URL.replace("/uapi/", "/unifiedapi/"),
                                 f"https://voip.example.com{URL}?"])
def test_every_extension_of_the_user(url: str) -> None:
    # What 4PSA's MCP server and Click2Conf send: the presence of every extension of the caller.
    assert validate_request("GET", url) == (LIST, {**SELF, **DEFAULTS})


def test_one_extension() -> None:
    assert validate_request("GET", "/uapi/extensions/@me/0003*210/presence") == (LIST, {**ONE, **DEFAULTS})
    assert validate_request("GET", "/uapi/extensions/12/0003%2A210/presence") == (
        LIST, {"userId": "12", "extension": "0003*210", **DEFAULTS})


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "HEAD", "PATCH"])
def test_only_get_is_an_operation(method: str) -> None:
    request_raises(method, URL, code="not_implemented")


# === userId and extension ======================================================================

@pytest.mark.parametrize("user", ["@me", "@viewer", "@owner", "1", "0000000001", "9999999999"])
def test_user_valid(user: str) -> None:
    assert validate(LIST, {"userId": user, "extension": "0003*210"})["userId"] == user


@pytest.mark.parametrize("user", ["@self", "@ME", "0", "00000000000", "12345678901", "u1", " 1", "", None, 1])
def test_user_invalid(user: Any) -> None:
    raises(LIST, {**SELF, "userId": user}, "user_invalid", param="userId")


@pytest.mark.parametrize("extension", ["@self", "0003*210", "210", "1", "1234567890*1234567890", "0*0"])
def test_extension_valid(extension: str) -> None:
    assert validate(LIST, {"userId": "@me", "extension": extension})["extension"] == extension


@pytest.mark.parametrize("extension", [
    pytest.param("@SELF", id="self-upper-case"),
    pytest.param("@me", id="user-keyword"),
    pytest.param("self", id="self-without-at"),
    pytest.param("0003*", id="empty-group"),
    pytest.param("1*2*3", id="two-stars"),
    pytest.param("12345678901", id="eleven-digits"),
    pytest.param("+40721234567", id="phone-number"),
    pytest.param("210 ", id="trailing-space"),
    pytest.param("\u0662\u0661\u0660", id="arabic-indic-digits"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(210, id="json-int"),
    pytest.param(["210", "211"], id="repeated"),
])
def test_extension_invalid(extension: Any) -> None:
    raises(LIST, {**SELF, "extension": extension}, "extension_invalid", param="extension")


def test_self_of_the_owner_is_invalid() -> None:
    # SPEC §5: @self together with userId @owner is extension_invalid.
    raises(LIST, {"userId": "@owner", "extension": "@self"}, "extension_invalid", param="extension")
    request_raises("GET", "/uapi/extensions/@owner/@self/presence", code="extension_invalid", param="extension")


@pytest.mark.parametrize(("user", "extension"), [
    ("@owner", "0003*210"), ("@owner", "210"), ("@me", "@self"), ("@viewer", "@self"), ("42", "@self"),
])
def test_self_and_owner_apart_are_valid(user: str, extension: str) -> None:
    assert validate(LIST, {"userId": user, "extension": extension}) == {
        "userId": user, "extension": extension, **DEFAULTS}


def test_the_owner_rule_waits_for_both_parameters_to_be_valid() -> None:
    assert errors_of(LIST, {"userId": "@owner", "extension": "@self", "count": "0"}) == [
        ("extension_invalid", None, "extension"),
        ("count_invalid", None, "count"),
    ]
    # Another user than @owner, invalid: the rule is not looked at, only the user fails.
    assert errors_of(LIST, {"userId": "@owner!", "extension": "@self"}) == [("user_invalid", None, "userId")]


# === the standard parameters ===================================================================

def test_defaults_and_unknown_parameters() -> None:
    assert validate(LIST, {**SELF, "status": "1", "registration": "x", "sortBy": "extension"}) == {
        **SELF, **DEFAULTS}


def test_every_standard_parameter_at_once() -> None:
    url = (f"{URL}?fields=extension,status,registration&count=5000&filterBy=extension&filterOp=inArray"
           "&filterValue=0003*210,0003*211,212&sortOrder=descending&startIndex=5000")
    assert validate_request("GET", url) == (LIST, {
        **SELF, "fields": ("extension", "status", "registration"), "count": 5000, "filterBy": "extension",
        "filterOp": "inArray", "filterValue": ("0003*210", "0003*211", "212"), "sortOrder": "desc",
        "startIndex": 5000,
    })


@pytest.mark.parametrize("fields", ["extension", "status", "registration", "registration,extension",
                                    "status,status"])
def test_fields_valid(fields: str) -> None:
    assert validate(LIST, {**SELF, "fields": fields})["fields"] == tuple(fields.split(","))


@pytest.mark.parametrize("fields", ["id", "extension,id", "Extension", "extension,", "extension, status",
                                    "presence", ""])
def test_fields_invalid(fields: str) -> None:
    raises(LIST, {**SELF, "fields": fields}, "fields_invalid", param="fields")


@pytest.mark.parametrize(("name", "code", "good", "bad"), [
    ("count", "count_invalid", [("1", 1), ("5000", 5000), (7, 7)], ["0", "5001", "x", "", True]),
    ("startIndex", "startindex_invalid", [("0", 0), ("5000", 5000)], ["-1", "5001", "x", ""]),
    ("sortOrder", "sortorder_invalid", [("asc", "asc"), ("ascending", "asc"), ("desc", "desc")],
     ["up", "ASC", ""]),
])
def test_count_start_index_sort_order_at_their_limits(name: str, code: str, good: list[tuple[Any, Any]],
                                                      bad: list[Any]) -> None:
    for value, cleaned in good:
        assert validate(LIST, {**SELF, name: value})[name] == cleaned
    for value in bad:
        raises(LIST, {**SELF, name: value}, code, param=name)


@pytest.mark.parametrize("by", ["status", "registration", "Extension", "number", ""])
def test_extension_is_the_only_filter_field(by: str) -> None:
    raises(LIST, {**SELF, "filterBy": by, "filterValue": "210"}, "filterby_invalid", param="filterBy")


@pytest.mark.parametrize("op", ["equals", "contains", "startsWith", "inArray"])
def test_the_four_operators(op: str) -> None:
    cleaned = validate(LIST, {**SELF, "filterBy": "extension", "filterOp": op, "filterValue": "0003*210"})
    assert cleaned["filterOp"] == op


@pytest.mark.parametrize("op", ["present", "greaterThan", "lessThan", "Equals", "onArray", ""])
def test_operators_outside_the_four(op: str) -> None:
    raises(LIST, {**SELF, "filterBy": "extension", "filterOp": op, "filterValue": "210"}, "filterop_invalid",
           param="filterOp")


def test_no_default_operator_is_filled_in() -> None:
    # SPEC §4/§5: without a default operator an absent filterOp is read as equals to check
    # filterValue, and left absent in the cleaned parameters.
    assert validate(LIST, {**SELF, "filterBy": "extension", "filterValue": "0003*210"}) == {
        **SELF, **DEFAULTS, "filterBy": "extension", "filterValue": "0003*210"}
    raises(LIST, {**SELF, "filterBy": "extension", "filterValue": "*21"}, "filtervalue_invalid", "generic",
           param="filterValue")


def test_filter_op_and_value_without_filter_by_are_ignored() -> None:
    assert validate(LIST, {**SELF, "filterOp": "present", "filterValue": "x"}) == {**SELF, **DEFAULTS}


# --- filterValue ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("op", "value", "expected"), [
    pytest.param("equals", "0003*210", "0003*210", id="equals-extended"),
    pytest.param("equals", "210", "210", id="equals-short"),
    pytest.param("equals", "1234567890*1234567890", "1234567890*1234567890", id="equals-longest"),
    pytest.param("contains", "*21", "*21", id="contains-star-and-digits"),
    pytest.param("contains", "*", "*", id="contains-star"),
    pytest.param("contains", "2", "2", id="contains-one-digit"),
    pytest.param("startsWith", "0003*", "0003*", id="starts-with-prefix"),
    pytest.param("startsWith", "**00", "**00", id="starts-with-any-run"),
    pytest.param("startsWith", "9" * 64, "9" * 64, id="part-of-64"),
    pytest.param("inArray", "210", ("210",), id="in-array-one"),
    pytest.param("inArray", ",".join(["0003*210"] * 100), ("0003*210",) * 100, id="in-array-100"),
    pytest.param("inArray", ",".join(["1234567890*1234567890"] * 100), ("1234567890*1234567890",) * 100,
                 id="in-array-100-longest"),
])
def test_filter_value_valid(op: str, value: str, expected: Any) -> None:
    cleaned = validate(LIST, {**SELF, "filterBy": "extension", "filterOp": op, "filterValue": value})
    assert cleaned["filterValue"] == expected


@pytest.mark.parametrize(("op", "value", "variant"), [
    # one Extension, never @self, never a phone number
    pytest.param("equals", "@self", "generic", id="equals-self"),
    pytest.param("equals", "+40721234567", "generic", id="equals-phone-number"),
    pytest.param("equals", "0003*", "generic", id="equals-empty-group"),
    pytest.param("equals", "12345678901", "generic", id="equals-eleven-digits"),
    pytest.param("equals", "9" * 21, "generic", id="equals-21-digits"),
    pytest.param("equals", "abc", "generic", id="equals-letters"),
    pytest.param("equals", 210, "generic", id="equals-json-int"),
    pytest.param("equals", True, "generic", id="equals-json-true"),
    pytest.param("equals", ["210", "211"], "generic", id="equals-repeated"),
    # a part of an extension: digits and `*` only, 1-64 of them; no '+', unlike other number fields
    pytest.param("contains", "+40", "generic", id="contains-plus"),
    pytest.param("startsWith", "+", "generic", id="starts-with-plus"),
    pytest.param("contains", "2-1", "generic", id="contains-dash"),
    pytest.param("contains", "21 ", "generic", id="contains-trailing-space"),
    pytest.param("startsWith", "9" * 65, "generic", id="part-of-65"),
    pytest.param("contains", "\uff12", "generic", id="contains-fullwidth-digit"),
    # empty or absent, with every operator
    pytest.param("equals", "", "generic", id="equals-empty"),
    pytest.param("contains", None, "generic", id="contains-absent"),
    pytest.param("inArray", "", "generic", id="in-array-empty"),
    # inArray: a malformed list, then a bad item
    pytest.param("inArray", ",".join(["210"] * 101), "on_array", id="in-array-101"),
    pytest.param("inArray", "210,,211", "on_array", id="in-array-empty-item"),
    pytest.param("inArray", ",210", "on_array", id="in-array-leading-comma"),
    pytest.param("inArray", "210, 211", "on_array", id="in-array-space"),
    pytest.param("inArray", "210,@self", "generic", id="in-array-self"),
    pytest.param("inArray", "210,+40721234567", "generic", id="in-array-phone-number"),
    pytest.param("inArray", "210,0003*", "generic", id="in-array-empty-group"),
])
def test_filter_value_invalid(op: str, value: Any, variant: str) -> None:
    params = {**SELF, "filterBy": "extension", "filterOp": op} | ({} if value is None else {"filterValue": value})
    raises(LIST, params, "filtervalue_invalid", variant, param="filterValue")


def test_a_part_with_plus_through_the_query() -> None:
    # %2B is a '+' in a query string: not part of an extension. A bare '+' is a space: not either.
    for value in ("%2B40", "+40"):
        request_raises("GET", f"{URL}?filterBy=extension&filterOp=startsWith&filterValue={value}",
                       code="filtervalue_invalid", variant="generic", param="filterValue")


def test_filter_value_never_has_the_numbers_variant() -> None:
    # extension is a text field, not a number field: its failures are generic or on_array.
    assert {v for c, v in error_codes(LIST) if c == "filtervalue_invalid"} == {"generic", "on_array"}


# === check order ===============================================================================

def test_check_order() -> None:
    params = {"startIndex": "x", "sortOrder": "x", "filterValue": "x", "filterOp": "x", "filterBy": "extension",
              "count": "x", "fields": "x", "extension": "@selfie", "userId": "@self"}
    assert errors_of(LIST, params) == [
        ("user_invalid", None, "userId"),
        ("extension_invalid", None, "extension"),
        ("fields_invalid", None, "fields"),
        ("count_invalid", None, "count"),
        ("filterop_invalid", None, "filterOp"),
        ("sortorder_invalid", None, "sortOrder"),
        ("startindex_invalid", None, "startIndex"),
    ]


def test_check_order_with_filter_value() -> None:
    params = {"startIndex": "x", "filterValue": "+1", "filterOp": "contains", "filterBy": "extension",
              "count": "0", "userId": "@owner", "extension": "@self"}
    assert errors_of(LIST, params) == [
        ("extension_invalid", None, "extension"),
        ("count_invalid", None, "count"),
        ("filtervalue_invalid", "generic", "filterValue"),
        ("startindex_invalid", None, "startIndex"),
    ]


# === the harness ===============================================================================

def test_the_harness_reaches_every_code_of_presence() -> None:
    assert error_codes(LIST) == {
        ("user_invalid", None), ("extension_invalid", None), ("fields_invalid", None), ("count_invalid", None),
        ("filterby_invalid", None), ("filterop_invalid", None), ("filtervalue_invalid", "on_array"),
        ("filtervalue_invalid", "generic"), ("sortorder_invalid", None), ("startindex_invalid", None),
    }


@settings(max_examples=50)
@given(valid_requests(LIST, validator=VALIDATOR))
def test_generated_valid_requests_validate(params: dict[str, Any]) -> None:
    cleaned = validate(LIST, params)
    assert (cleaned["userId"], cleaned["extension"]) != ("@owner", "@self")


@settings(max_examples=10)
@given(data=st.data())
@pytest.mark.parametrize(("code", "variant"), sorted(error_codes(LIST), key=str))
def test_generated_invalid_requests_fail_with_their_code(code: str, variant: str | None,
                                                         data: st.DataObject) -> None:
    params = data.draw(invalid_requests(LIST, code, variant, validator=VALIDATOR))
    with pytest.raises(ValidationError) as info:
        validate(LIST, params)
    assert (info.value.code, info.value.variant) == (code, variant)
