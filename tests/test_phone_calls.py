"""Phone calls (SPEC §5): simple, callback and conference-invite calls, list, actions, hang-up."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest

from _helpers import DEFAULTS, errors_of, make_validator, raises, request_raises, validate, validate_request
from ua_validate import ValidationError

CREATE_OPS = ["phone_calls.simple", "phone_calls.callback", "phone_calls.conference_invite"]
# What each creation fills in when the query says nothing.
CREATE_DEFAULTS: dict[str, dict[str, Any]] = {
    "phone_calls.simple": {"waitForPickup": 25, "allowPublicTransfer": False, "video": False},
    "phone_calls.callback": {"waitForPickup": 25},
    "phone_calls.conference_invite": {"waitForPickup": 25},
}
# Public numbers: a valid source and destination for every creation, callback included.
VIEW = {"source": "3334444", "destination": "3235742879"}


def create(**extra: Any) -> dict[str, Any]:
    """A valid creation request with ``extra`` merged in; ``view`` replaces phoneCallView[0]'s keys."""
    view = {**VIEW, **extra.pop("view", {})}
    return {"userId": "@me", "extension": "210", "phoneCallView": [view], **extra}


def cleaned_view(op: str, **params: Any) -> dict[str, Any]:
    (view,) = validate(op, create(**params))["phoneCallView"]
    return dict(view)


# === creation: the documented examples ========================================================

DOC_SIMPLE_BODY = {
    "extension": "210",
    "phoneCallView": [{"source": ["5354353", "5302040"], "destination": ["5353535"],
                       "callerId": "John Doe <4242425>"}],
}


def test_doc_simple_call() -> None:
    assert validate_request("POST", "/uapi/phoneCalls/@me/simple", DOC_SIMPLE_BODY) == ("phone_calls.simple", {
        "userId": "@me",
        "extension": "210",
        "phoneCallView": ({"source": ("5354353", "5302040"), "destination": ("5353535",),
                           "callerId": "John Doe <4242425>"},),
        "waitForPickup": 25,
        "allowPublicTransfer": False,
        "video": False,
    })


@pytest.mark.parametrize("body", [
    pytest.param(DOC_SIMPLE_BODY, id="mapping"),
    pytest.param('{"extension":"210","phoneCallView":[{"source":["5354353","5302040"],'
                 '"destination":["5353535"],"callerId":"John Doe <4242425>"}]}', id="text"),
    pytest.param(b'{"extension":"210","phoneCallView":[{"source":["5354353","5302040"],'
                 b'"destination":["5353535"],"callerId":"John Doe <4242425>"}]}', id="bytes"),
])
def test_doc_simple_call_body_in_every_form(body: Any) -> None:
    op, params = validate_request("POST", "/uapi/phoneCalls/@me/simple", body)
    assert op == "phone_calls.simple"
    assert params["phoneCallView"][0]["source"] == ("5354353", "5302040")


def test_doc_simple_call_with_scalar_parties() -> None:
    # Samples send plain strings instead of arrays, and real servers accept them.
    body = {"extension": "0003*210", "phoneCallView": [{"source": "+40721234567", "destination": "+14155552671"}]}
    _, params = validate_request("POST", "/uapi/phoneCalls/@me/simple", body)
    assert params["phoneCallView"] == ({"source": "+40721234567", "destination": "+14155552671"},)


def test_doc_simple_call_telphin_query() -> None:
    body = {"extension": "210", "phoneCallView": [{"source": "210", "destination": "5353535",
                                                   "callerId": "Fumigator <4242425>"}]}
    op, params = validate_request("POST", "/uapi/phoneCalls/@owner/simple?allowPublicTransfer=true", body)
    assert (op, params["userId"], params["allowPublicTransfer"]) == ("phone_calls.simple", "@owner", True)


def test_doc_callback() -> None:
    body = {"extension": "212", "phoneCallView": [{"source": ["3334444"], "destination": ["3235742879"],
                                                   "callerId": "John Doe <4242425>"}]}
    assert validate_request("POST", "/uapi/phoneCalls/@me/callback", body) == ("phone_calls.callback", {
        "userId": "@me",
        "extension": "212",
        "phoneCallView": ({"source": ("3334444",), "destination": ("3235742879",),
                           "callerId": "John Doe <4242425>"},),
        "waitForPickup": 25,
    })


def test_doc_conference_invite() -> None:
    body = {"extension": "211", "phoneCallView": [{"source": ["211"], "destination": ["3235742879"],
                                                   "callerId": "John Doe <4242425>"}]}
    assert validate_request("POST", "/uapi/phoneCalls/@me/conferenceInvite?number=3&pin=2233", body) == (
        "phone_calls.conference_invite", {
            "userId": "@me",
            "extension": "211",
            "phoneCallView": ({"source": ("211",), "destination": ("3235742879",),
                               "callerId": "John Doe <4242425>"},),
            "waitForPickup": 25,
            "pin": "2233",
            "number": 3,
        })


# === creation: each row ========================================================================

@pytest.mark.parametrize("op", CREATE_OPS)
def test_minimal_creation_fills_in_defaults_and_drops_unknowns(op: str) -> None:
    params = create(foo="bar", sortOrder="asc", view={"callerDestination": "x", "extra": 1})
    assert validate(op, params) == {
        "userId": "@me", "extension": "210", "phoneCallView": (VIEW,), **CREATE_DEFAULTS[op],
    }


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("user", ["@me", "@viewer", "@owner", "12", "1234567890"])
def test_creation_user_valid(op: str, user: str) -> None:
    assert validate(op, create(userId=user))["userId"] == user


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("user", ["0", "@self", "@ME", "12345678901", "", None, 12, " 12"])
def test_creation_user_invalid(op: str, user: Any) -> None:
    raises(op, create(userId=user), "user_invalid", param="userId")


@pytest.mark.parametrize("op", CREATE_OPS)
def test_creation_user_missing(op: str) -> None:
    params = create()
    del params["userId"]
    raises(op, params, "user_invalid", param="userId")


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("extension", ["210", "0003*210", "1", "1234567890*1234567890"])
def test_creation_extension_valid(op: str, extension: str) -> None:
    assert validate(op, create(extension=extension))["extension"] == extension


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("extension", [
    pytest.param("@self", id="self-not-allowed"),
    pytest.param("0003*", id="empty-group"),
    pytest.param("0003**210", id="two-stars"),
    pytest.param("+40721234567", id="phone-number"),
    pytest.param("12345678901", id="11-digits"),
    pytest.param("abc", id="letters"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(210, id="json-int"),
    pytest.param(["210"], id="list"),
])
def test_creation_extension_invalid(op: str, extension: Any) -> None:
    raises(op, create(extension=extension), "extension_invalid", param="extension")


@pytest.mark.parametrize("op", CREATE_OPS)
def test_creation_extension_missing(op: str) -> None:
    params = create()
    del params["extension"]
    raises(op, params, "extension_invalid", param="extension")


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("view", [
    pytest.param([], id="empty-array"),
    pytest.param([VIEW, VIEW], id="two-objects"),
    pytest.param(VIEW, id="object-not-array"),
    pytest.param(["x"], id="array-of-text"),
    pytest.param([None], id="array-of-null"),
    pytest.param([[VIEW]], id="nested-array"),
    pytest.param("x", id="text"),
    pytest.param(None, id="null"),
])
def test_phone_call_view_invalid(op: str, view: Any) -> None:
    raises(op, create(phoneCallView=view), "pc_phonecallview_invalid", param="phoneCallView")


@pytest.mark.parametrize("op", CREATE_OPS)
def test_phone_call_view_missing(op: str) -> None:
    params = create()
    del params["phoneCallView"]
    raises(op, params, "pc_phonecallview_invalid", param="phoneCallView")


@pytest.mark.parametrize("op", CREATE_OPS)
def test_phone_call_view_is_a_tuple_of_one_cleaned_object(op: str) -> None:
    views = validate(op, create(view={"source": ["3334444", "5302040"]}))["phoneCallView"]
    assert type(views) is tuple and len(views) == 1
    assert views[0] == {"source": ("3334444", "5302040"), "destination": "3235742879"}


PARTY_FIELDS = [("source", "pc_source_invalid"), ("destination", "pc_destination_invalid")]


@pytest.mark.parametrize(("field", "code"), PARTY_FIELDS, ids=["source", "destination"])
@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize(("value", "expected"), [
    pytest.param("5354353", "5354353", id="scalar-number"),
    pytest.param("+40721234567", "+40721234567", id="scalar-ro-mobile"),
    pytest.param(["+14155552671"], ("+14155552671",), id="array-of-one"),
    pytest.param(["5354353", "5302040"], ("5354353", "5302040"), id="array-of-two"),
    pytest.param(["5354353"] * 10, ("5354353",) * 10, id="array-of-ten"),
])
def test_party_valid_for_every_creation(field: str, code: str, op: str, value: Any, expected: Any) -> None:
    assert cleaned_view(op, view={field: value})[field] == expected


@pytest.mark.parametrize(("field", "code"), PARTY_FIELDS, ids=["source", "destination"])
@pytest.mark.parametrize("op", ["phone_calls.simple", "phone_calls.conference_invite"])
@pytest.mark.parametrize(("value", "expected"), [
    pytest.param("210", "210", id="short-extension"),
    pytest.param("0003*210", "0003*210", id="extended-extension"),
    pytest.param(["0003*210", "+40721234567"], ("0003*210", "+40721234567"), id="mixed-array"),
])
def test_party_may_be_an_extension_except_for_callback(field: str, code: str, op: str, value: Any,
                                                       expected: Any) -> None:
    assert cleaned_view(op, view={field: value})[field] == expected


@pytest.mark.parametrize(("field", "code"), PARTY_FIELDS, ids=["source", "destination"])
@pytest.mark.parametrize("value", [
    pytest.param("0003*210", id="extended-extension"),
    pytest.param(["3334444", "0003*210"], id="array-with-extension"),
])
def test_callback_party_is_a_phone_number_only(field: str, code: str, value: Any) -> None:
    raises("phone_calls.callback", create(view={field: value}), code, param=f"phoneCallView[0].{field}")


@pytest.mark.parametrize(("field", "code"), PARTY_FIELDS, ids=["source", "destination"])
@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("value", [
    pytest.param("+999123", id="unknown-country-code"),
    pytest.param("+1415", id="impossible-length"),
    pytest.param("@self", id="self"),
    pytest.param("abc", id="letters"),
    pytest.param("", id="empty"),
    pytest.param(" 5354353", id="leading-space"),
    pytest.param(None, id="null"),
    pytest.param(5354353, id="json-int"),
    pytest.param([], id="empty-array"),
    pytest.param(["5354353"] * 11, id="eleven-items"),
    pytest.param(["5354353", "abc"], id="array-with-bad-item"),
    pytest.param(["5354353", None], id="array-with-null"),
    pytest.param([["5354353"]], id="nested-array"),
    pytest.param({"number": "5354353"}, id="object"),
])
def test_party_invalid(field: str, code: str, op: str, value: Any) -> None:
    raises(op, create(view={field: value}), code, param=f"phoneCallView[0].{field}")


@pytest.mark.parametrize(("field", "code"), PARTY_FIELDS, ids=["source", "destination"])
@pytest.mark.parametrize("op", CREATE_OPS)
def test_party_missing(field: str, code: str, op: str) -> None:
    params = create()
    del params["phoneCallView"][0][field]
    raises(op, params, code, param=f"phoneCallView[0].{field}")


VALID_CALLER_IDS = [
    pytest.param("John Doe <4242425>", id="name-space-number"),
    pytest.param("John Doe<4242425>", id="name-no-space"),
    pytest.param("Whisper To Me <42420042>", id="doc-whisper"),
    pytest.param("4242425", id="bare-number"),
    pytest.param("+40721234567", id="bare-plus-number"),
    pytest.param("0003*210", id="bare-extension"),
    pytest.param("Front Desk <0003*210>", id="name-extension"),
    pytest.param("José Müller <+40721234567>", id="non-ascii-name"),
    pytest.param("a" * 64 + " <1>", id="64-character-name"),
    pytest.param("1" * 32, id="32-digit-number"),
    pytest.param("+" + "1" * 31, id="32-characters-with-plus"),
    pytest.param("x <" + "1" * 32 + ">", id="32-digit-number-in-brackets"),
]

INVALID_CALLER_IDS = [
    pytest.param("<4242425>", id="brackets-without-name"),
    pytest.param("John Doe <>", id="empty-number"),
    pytest.param("John Doe", id="name-only"),
    pytest.param("John Doe  <4242425>", id="two-spaces-before-bracket"),
    pytest.param(" John <4242425>", id="leading-space"),
    pytest.param("John <4242425> ", id="trailing-space"),
    pytest.param('John "JD" Doe <4242425>', id="quote-in-name"),
    pytest.param("John <Doe> <4242425>", id="bracket-in-name"),
    pytest.param("John\tDoe <4242425>", id="control-character-in-name"),
    pytest.param("John <42+42425>", id="plus-inside-number"),
    pytest.param("42+42425", id="bare-plus-inside"),
    pytest.param("John <42-42425>", id="dash-in-number"),
    pytest.param("a" * 65 + " <1>", id="65-character-name"),
    pytest.param("1" * 33, id="33-digit-number"),
    pytest.param("+" + "1" * 32, id="33-characters-with-plus"),
    pytest.param("x <" + "1" * 33 + ">", id="33-digit-number-in-brackets"),
    pytest.param("+", id="plus-only"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(4242425, id="json-int"),
]


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("caller_id", VALID_CALLER_IDS)
def test_caller_id_valid(op: str, caller_id: str) -> None:
    assert cleaned_view(op, view={"callerId": caller_id})["callerId"] == caller_id


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("caller_id", INVALID_CALLER_IDS)
def test_caller_id_invalid(op: str, caller_id: Any) -> None:
    raises(op, create(view={"callerId": caller_id}), "pc_callerid_invalid", param="phoneCallView[0].callerId")


def test_caller_id_destination_on_simple_calls() -> None:
    assert cleaned_view("phone_calls.simple", view={"callerIdDestination": "Jane Roe <5353535>"}) == {
        **VIEW, "callerIdDestination": "Jane Roe <5353535>",
    }
    raises("phone_calls.simple", create(view={"callerIdDestination": "<5353535>"}),
           "pc_calleriddestination_invalid", param="phoneCallView[0].callerIdDestination")


def test_callee_caller_id_on_callbacks() -> None:
    assert cleaned_view("phone_calls.callback", view={"calleeCallerId": "Jane Roe <5353535>"}) == {
        **VIEW, "calleeCallerId": "Jane Roe <5353535>",
    }
    raises("phone_calls.callback", create(view={"calleeCallerId": "Jane Roe"}),
           "pc_calleecallerid_invalid", param="phoneCallView[0].calleeCallerId")


@pytest.mark.parametrize(("op", "field"), [
    ("phone_calls.simple", "calleeCallerId"),
    ("phone_calls.callback", "callerIdDestination"),
    ("phone_calls.conference_invite", "callerIdDestination"),
    ("phone_calls.conference_invite", "calleeCallerId"),
])
def test_caller_id_fields_of_other_creations_are_ignored(op: str, field: str) -> None:
    assert cleaned_view(op, view={field: "<not valid>"}) == VIEW


# --- query parameters of the creations -------------------------------------------------------------

@pytest.mark.parametrize("op", ["phone_calls.simple", "phone_calls.callback"])
@pytest.mark.parametrize(("value", "expected"), [
    ("1", 1), ("86400", 86400), ("00060", 60), pytest.param(60, 60, id="json-int"),
])
def test_call_duration_valid(op: str, value: Any, expected: int) -> None:
    assert validate(op, create(callDuration=value))["callDuration"] == expected


@pytest.mark.parametrize("op", ["phone_calls.simple", "phone_calls.callback"])
@pytest.mark.parametrize("value", [
    "0", "86401", "-1", "1e3", "60.0", " 60", "", "12345678901",
    pytest.param(None, id="null"), pytest.param(True, id="json-true"),
    pytest.param(60.0, id="json-float"), pytest.param(["60", "70"], id="repeated"),
])
def test_call_duration_invalid(op: str, value: Any) -> None:
    raises(op, create(callDuration=value), "pc_duration_invalid", param="callDuration")


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize(("value", "expected"), [
    ("1", 1), ("3600", 3600), ("25", 25), ("020", 20), pytest.param(30, 30, id="json-int"),
])
def test_wait_for_pickup_valid(op: str, value: Any, expected: int) -> None:
    assert validate(op, create(waitForPickup=value))["waitForPickup"] == expected


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("value", [
    "0", "3601", "-5", "abc", "", "\uff12\uff15", pytest.param(None, id="null"),
    pytest.param(False, id="json-false"), pytest.param(["20", "30"], id="repeated"),
])
def test_wait_for_pickup_invalid(op: str, value: Any) -> None:
    raises(op, create(waitForPickup=value), "pc_timeout_invalid", param="waitForPickup")


BOOL_VALID = [
    ("true", True), ("TRUE", True), ("True", True), ("tRuE", True), ("1", True),
    ("false", False), ("FALSE", False), ("0", False),
    pytest.param(True, True, id="json-true"), pytest.param(False, False, id="json-false"),
    pytest.param(1, True, id="json-1"), pytest.param(0, False, id="json-0"),
]
BOOL_INVALID = [
    "yes", "no", "t", "f", "2", "-1", "", " true", "true ", "truee",
    pytest.param(None, id="null"), pytest.param(2, id="json-2"), pytest.param(1.0, id="json-float"),
    pytest.param(["true", "false"], id="repeated"),
]


@pytest.mark.parametrize(("name", "code"), [("allowPublicTransfer", "pc_transfer_invalid"),
                                            ("video", "pc_video_invalid")])
@pytest.mark.parametrize(("value", "expected"), BOOL_VALID)
def test_simple_bool_valid(name: str, code: str, value: Any, expected: bool) -> None:
    cleaned = validate("phone_calls.simple", create(**{name: value}))[name]
    assert type(cleaned) is bool and cleaned is expected


@pytest.mark.parametrize(("name", "code"), [("allowPublicTransfer", "pc_transfer_invalid"),
                                            ("video", "pc_video_invalid")])
@pytest.mark.parametrize("value", BOOL_INVALID)
def test_simple_bool_invalid(name: str, code: str, value: Any) -> None:
    raises("phone_calls.simple", create(**{name: value}), code, param=name)


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("nonce", ["a", "abc123", "x-Y_z.~!#$%&()*+,/:;<=>?@[]^`{|}", "a" * 255,
                                   "YWJjZGVmZ2hpams="])
def test_nonce_valid(op: str, nonce: str) -> None:
    assert validate(op, create(nonce=nonce))["nonce"] == nonce


@pytest.mark.parametrize("op", CREATE_OPS)
@pytest.mark.parametrize("nonce", [
    pytest.param("", id="empty"),
    pytest.param("a b", id="space"),
    pytest.param(" a", id="leading-space"),
    pytest.param("a" * 256, id="256-characters"),
    pytest.param("é", id="non-ascii"),
    pytest.param("a\tb", id="tab"),
    pytest.param("a\x7f", id="delete-character"),
    pytest.param(None, id="null"),
    pytest.param(12345, id="json-int"),
])
def test_nonce_invalid(op: str, nonce: Any) -> None:
    raises(op, create(nonce=nonce), "pc_nonce_invalid", param="nonce")


@pytest.mark.parametrize(("params", "expected"), [
    pytest.param({"pin": "2233"}, {"pin": "2233"}, id="pin"),
    pytest.param({"pin": "0000"}, {"pin": "0000"}, id="pin-leading-zeros-kept"),
    pytest.param({"pin": "1" * 16}, {"pin": "1" * 16}, id="pin-16-digits"),
    pytest.param({"conferencePin": "2233"}, {"pin": "2233"}, id="alias-conferencePin"),
    pytest.param({"number": "3"}, {"number": 3}, id="number"),
    pytest.param({"number": "9999999999"}, {"number": 9999999999}, id="number-largest"),
    pytest.param({"number": 42}, {"number": 42}, id="number-json-int"),
    pytest.param({"conferenceNumber": "007"}, {"number": 7}, id="alias-conferenceNumber"),
    pytest.param({"conferencePin": "1", "conferenceNumber": "1"}, {"pin": "1", "number": 1}, id="both-aliases"),
])
def test_conference_pin_and_number_valid(params: dict[str, Any], expected: dict[str, Any]) -> None:
    cleaned = validate("phone_calls.conference_invite", create(**params))
    assert {k: cleaned[k] for k in expected} == expected
    assert "conferencePin" not in cleaned and "conferenceNumber" not in cleaned


@pytest.mark.parametrize(("params", "code", "param"), [
    pytest.param({"pin": ""}, "pc_pin_invalid", "pin", id="pin-empty"),
    pytest.param({"pin": "1" * 17}, "pc_pin_invalid", "pin", id="pin-17-digits"),
    pytest.param({"pin": "12a4"}, "pc_pin_invalid", "pin", id="pin-letter"),
    pytest.param({"pin": "\uff11\uff12"}, "pc_pin_invalid", "pin", id="pin-fullwidth"),
    pytest.param({"pin": 2233}, "pc_pin_invalid", "pin", id="pin-json-int"),
    pytest.param({"conferencePin": "12 "}, "pc_pin_invalid", "pin", id="alias-pin-trailing-space"),
    pytest.param({"pin": "1", "conferencePin": "1"}, "pc_pin_invalid", "pin", id="pin-and-alias"),
    pytest.param({"number": "0"}, "pc_number_invalid", "number", id="number-zero"),
    pytest.param({"number": "10000000000"}, "pc_number_invalid", "number", id="number-11-digits"),
    pytest.param({"number": "-3"}, "pc_number_invalid", "number", id="number-negative"),
    pytest.param({"number": "three"}, "pc_number_invalid", "number", id="number-words"),
    pytest.param({"conferenceNumber": ""}, "pc_number_invalid", "number", id="alias-number-empty"),
    pytest.param({"number": "3", "conferenceNumber": "3"}, "pc_number_invalid", "number",
                 id="number-and-alias"),
])
def test_conference_pin_and_number_invalid(params: dict[str, Any], code: str, param: str) -> None:
    raises("phone_calls.conference_invite", create(**params), code, param=param)


@pytest.mark.parametrize(("op", "ignored"), [
    ("phone_calls.callback", {"allowPublicTransfer": "x", "video": "x", "pin": "x", "number": "x"}),
    ("phone_calls.conference_invite", {"callDuration": "x", "allowPublicTransfer": "x", "video": "x"}),
    ("phone_calls.simple", {"pin": "x", "conferencePin": "x", "number": "x", "conferenceNumber": "x"}),
])
def test_parameters_of_other_creations_are_ignored(op: str, ignored: dict[str, Any]) -> None:
    assert validate(op, create(**ignored)) == validate(op, create())


# --- query and body stay apart -------------------------------------------------------------

def test_query_parameters_are_not_read_from_the_body() -> None:
    body = {**DOC_SIMPLE_BODY, "callDuration": "x", "video": "maybe", "waitForPickup": 0, "userId": "0"}
    _, params = validate_request("POST", "/uapi/phoneCalls/@me/simple?callDuration=60&video=1", body)
    assert (params["userId"], params["callDuration"], params["video"], params["waitForPickup"]) == (
        "@me", 60, True, 25)


def test_body_fields_are_not_read_from_the_query() -> None:
    body = {"phoneCallView": DOC_SIMPLE_BODY["phoneCallView"]}
    request_raises("POST", "/uapi/phoneCalls/@me/simple?extension=210&nonce=abc", body,
                   code="extension_invalid", param="extension")


@pytest.mark.parametrize(("query", "code", "param"), [
    ("callDuration=60&callDuration=60", "pc_duration_invalid", "callDuration"),
    ("video=true&video=true", "pc_video_invalid", "video"),
    ("allowPublicTransfer=1&allowPublicTransfer=0", "pc_transfer_invalid", "allowPublicTransfer"),
    ("waitForPickup=20&waitForPickup=", "pc_timeout_invalid", "waitForPickup"),
    ("allowPublicTransfer=+true", "pc_transfer_invalid", "allowPublicTransfer"),
])
def test_simple_query_failures(query: str, code: str, param: str) -> None:
    request_raises("POST", f"/uapi/phoneCalls/@me/simple?{query}", DOC_SIMPLE_BODY, code=code, param=param)


@pytest.mark.parametrize(("query", "code", "param"), [
    ("pin=1&conferencePin=2", "pc_pin_invalid", "pin"),
    ("pin=1&pin=1", "pc_pin_invalid", "pin"),
    ("conferenceNumber=3&number=3", "pc_number_invalid", "number"),
    ("number=%2B3", "pc_number_invalid", "number"),
])
def test_conference_query_failures(query: str, code: str, param: str) -> None:
    body = {"extension": "211", "phoneCallView": [{"source": "211", "destination": "3235742879"}]}
    request_raises("POST", f"/uapi/phoneCalls/@me/conferenceInvite?{query}", body, code=code, param=param)


def test_conference_aliases_through_the_query() -> None:
    body = {"extension": "211", "phoneCallView": [{"source": "211", "destination": "3235742879"}]}
    _, params = validate_request("POST", "/uapi/phoneCalls/@me/conferenceInvite?conferenceNumber=3"
                                         "&conferencePin=2233", body)
    assert (params["pin"], params["number"]) == ("2233", 3)


# --- creation: check order ------------------------------------------------------------------

# (where, name, bad value, code): where is "top" for the request, "view" for phoneCallView[0].
CREATE_ORDER: dict[str, list[tuple[str, str, Any, str]]] = {
    "phone_calls.simple": [
        ("top", "userId", "@self", "user_invalid"),
        ("top", "extension", "@self", "extension_invalid"),
        ("view", "source", "abc", "pc_source_invalid"),
        ("view", "destination", [], "pc_destination_invalid"),
        ("view", "callerId", "<1>", "pc_callerid_invalid"),
        ("view", "callerIdDestination", "x <y>", "pc_calleriddestination_invalid"),
        ("top", "callDuration", "0", "pc_duration_invalid"),
        ("top", "waitForPickup", "3601", "pc_timeout_invalid"),
        ("top", "allowPublicTransfer", "yes", "pc_transfer_invalid"),
        ("top", "nonce", "a b", "pc_nonce_invalid"),
        ("top", "video", "2", "pc_video_invalid"),
    ],
    "phone_calls.callback": [
        ("top", "userId", "0", "user_invalid"),
        ("top", "extension", "", "extension_invalid"),
        ("view", "source", "0003*210", "pc_source_invalid"),
        ("view", "destination", "210*1", "pc_destination_invalid"),
        ("view", "callerId", "", "pc_callerid_invalid"),
        ("view", "calleeCallerId", "x", "pc_calleecallerid_invalid"),
        ("top", "callDuration", "86401", "pc_duration_invalid"),
        ("top", "waitForPickup", "0", "pc_timeout_invalid"),
        ("top", "nonce", "", "pc_nonce_invalid"),
    ],
    "phone_calls.conference_invite": [
        ("top", "userId", "me", "user_invalid"),
        ("top", "extension", "a", "extension_invalid"),
        ("view", "source", "+999123", "pc_source_invalid"),
        ("view", "destination", "+1415", "pc_destination_invalid"),
        ("view", "callerId", "John <>", "pc_callerid_invalid"),
        ("top", "waitForPickup", "x", "pc_timeout_invalid"),
        ("top", "nonce", "é", "pc_nonce_invalid"),
        ("top", "pin", "x", "pc_pin_invalid"),
        ("top", "number", "0", "pc_number_invalid"),
    ],
}


def creation_with(rows: list[tuple[str, str, Any, str]]) -> dict[str, Any]:
    top = {name: value for where, name, value, _ in reversed(rows) if where == "top"}
    view = {name: value for where, name, value, _ in reversed(rows) if where == "view"}
    return {**create(view=view), **top}


def expected_failures(rows: list[tuple[str, str, Any, str]]) -> list[tuple[str, None, str]]:
    return [(code, None, name if where == "top" else f"phoneCallView[0].{name}")
            for where, name, _, code in rows]


@pytest.mark.parametrize(("op", "earlier", "later"), [
    pytest.param(op, a, b, id=f"{op.split('.')[1]}-{a[1]}-{b[1]}")
    for op, rows in CREATE_ORDER.items() for a, b in itertools.combinations(rows, 2)
])
def test_creation_earlier_row_wins(op: str, earlier: tuple[str, str, Any, str],
                                   later: tuple[str, str, Any, str]) -> None:
    assert errors_of(op, creation_with([earlier, later])) == expected_failures([earlier, later])


@pytest.mark.parametrize("op", CREATE_OPS)
def test_creation_all_errors_in_check_order(op: str) -> None:
    rows = CREATE_ORDER[op]
    assert errors_of(op, creation_with(rows)) == expected_failures(rows)


@pytest.mark.parametrize("op", CREATE_OPS)
def test_a_bad_phone_call_view_hides_its_fields_but_not_later_rows(op: str) -> None:
    params = {**create(), "phoneCallView": [], "nonce": "", "waitForPickup": "0"}
    assert errors_of(op, params) == [
        ("pc_phonecallview_invalid", None, "phoneCallView"),
        ("pc_timeout_invalid", None, "waitForPickup"),
        ("pc_nonce_invalid", None, "nonce"),
    ]


# === phone_calls.list ==========================================================================

LIST = "phone_calls.list"
LIST_FIELDS = ("id", "nonce", "extension", "ownerId", "ownerName", "published", "answered", "phoneCallView")


def listing(**params: Any) -> dict[str, Any]:
    return validate(LIST, {"userId": "12", "extension": "0003*210", **params})


def test_doc_list_one_phone_call() -> None:
    assert validate_request("GET", "/uapi/phoneCalls/12/0003*210/b817d2618fe6f1804db1") == (LIST, {
        "userId": "12", "extension": "0003*210", "phoneCallId": "b817d2618fe6f1804db1", **DEFAULTS,
    })


@pytest.mark.parametrize("url", ["/uapi/phoneCalls/@me/@self", "/uapi/phoneCalls/@me/@self/",
                                 "/unifiedapi/phoneCalls/@me/@self"])
def test_list_without_phone_call_id(url: str) -> None:
    assert validate_request("GET", url) == (LIST, {"userId": "@me", "extension": "@self", **DEFAULTS})


@pytest.mark.parametrize("extension", ["@self", "210", "0003*210"])
def test_list_extension_valid(extension: str) -> None:
    assert listing(extension=extension)["extension"] == extension


@pytest.mark.parametrize("extension", ["@SELF", "self", "@me", "", "0003**210", "+40721234567", None])
def test_list_extension_invalid(extension: Any) -> None:
    raises(LIST, {"userId": "12", "extension": extension}, "extension_invalid", param="extension")


@pytest.mark.parametrize("call_id", ["b817d2618fe6f1804db1", "1", "A" * 64, "AbC123"])
def test_phone_call_id_valid(call_id: str) -> None:
    assert listing(phoneCallId=call_id)["phoneCallId"] == call_id


@pytest.mark.parametrize("call_id", [
    pytest.param("a" * 65, id="65-characters"),
    pytest.param("b817d261-8fe6", id="dash"),
    pytest.param("abc_def", id="underscore"),
    pytest.param("é1", id="non-ascii"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(444444, id="json-int"),
])
def test_phone_call_id_invalid(call_id: Any) -> None:
    raises(LIST, {"userId": "12", "extension": "210", "phoneCallId": call_id}, "pc_phonecall_invalid",
           param="phoneCallId")


@pytest.mark.parametrize(("by", "op", "value", "expected"), [
    pytest.param("id", None, "b817d2618fe6f1804db1", "b817d2618fe6f1804db1", id="id-equals"),
    pytest.param("id", "contains", "b817", "b817", id="id-contains"),
    pytest.param("id", "inArray", "b817d2618fe6f1804db1,b817d2618fe6f1804333",
                 ("b817d2618fe6f1804db1", "b817d2618fe6f1804333"), id="id-inarray"),
    pytest.param("published", "greaterThan", "2012-06-27T16:08:55+03:00",
                 datetime.fromisoformat("2012-06-27T16:08:55+03:00"), id="published-greaterthan"),
    pytest.param("published", "lessThan", "2015-01-23T04:56:22Z", datetime(2015, 1, 23, 4, 56, 22, tzinfo=UTC),
                 id="published-lessthan"),
])
def test_list_filter_value_valid(by: str, op: str | None, value: str, expected: Any) -> None:
    params = {"filterBy": by, "filterValue": value} | ({"filterOp": op} if op else {})
    assert listing(**params)["filterValue"] == expected


@pytest.mark.parametrize(("by", "op", "value", "code"), [
    pytest.param("id", None, None, "invalid_filter_by_phone_call_id", id="id-missing"),
    pytest.param("id", "equals", "", "invalid_filter_by_phone_call_id", id="id-empty"),
    pytest.param("id", "equals", "abc_def", "invalid_filter_by_phone_call_id", id="id-underscore"),
    pytest.param("id", "startsWith", "b8-17", "invalid_filter_by_phone_call_id", id="id-startswith-dash"),
    pytest.param("id", "inArray", "a1,,b2", "invalid_filter_by_phone_call_id", id="id-inarray-gap"),
    pytest.param("id", "inArray", ",".join(["a"] * 101), "invalid_filter_by_phone_call_id",
                 id="id-inarray-101"),
    pytest.param("published", None, None, "invalid_filter_by_published", id="published-missing"),
    pytest.param("published", "greaterThan", "2024-02-30T00:00:00", "invalid_filter_by_published",
                 id="published-feb-30"),
    pytest.param("published", "equals", "today", "invalid_filter_by_published", id="published-words"),
    pytest.param("published", "inArray", "2024-01-01T00:00:00,x", "invalid_filter_by_published",
                 id="published-inarray-bad-item"),
])
def test_list_filter_value_invalid(by: str, op: str | None, value: str | None, code: str) -> None:
    params = {"filterBy": by} | ({"filterOp": op} if op else {}) | ({} if value is None else {"filterValue": value})
    raises(LIST, {"userId": "12", "extension": "210", **params}, code, param="filterValue")


@pytest.mark.parametrize("by", ["nonce", "extension", "answered", "source", "ID", ""])
def test_list_filter_by_outside_id_and_published(by: str) -> None:
    raises(LIST, {"userId": "12", "extension": "210", "filterBy": by, "filterValue": "x"}, "filterby_invalid",
           param="filterBy")


def test_list_fields() -> None:
    assert listing(fields=",".join(LIST_FIELDS))["fields"] == LIST_FIELDS
    raises(LIST, {"userId": "12", "extension": "210", "fields": "id,flow"}, "fields_invalid", param="fields")


def test_list_check_order() -> None:
    params = {"startIndex": "x", "sortOrder": "x", "filterBy": "x", "count": "x", "fields": "x",
              "phoneCallId": "_", "extension": "x", "userId": "x"}
    assert errors_of(LIST, params) == [
        ("user_invalid", None, "userId"),
        ("extension_invalid", None, "extension"),
        ("pc_phonecall_invalid", None, "phoneCallId"),
        ("fields_invalid", None, "fields"),
        ("count_invalid", None, "count"),
        ("filterby_invalid", None, "filterBy"),
        ("sortorder_invalid", None, "sortOrder"),
        ("startindex_invalid", None, "startIndex"),
    ]


def test_list_filter_value_between_filter_op_and_sort_order() -> None:
    params = {"userId": "12", "extension": "210", "sortOrder": "x", "filterValue": "x_y", "filterBy": "id",
              "count": "0"}
    assert errors_of(LIST, params) == [
        ("count_invalid", None, "count"),
        ("invalid_filter_by_phone_call_id", None, "filterValue"),
        ("sortorder_invalid", None, "sortOrder"),
    ]


# === phone_calls.update (actions) ==============================================================

UPDATE = "phone_calls.update"
PATH = {"userId": "12", "extension": "0003*210", "phoneCallId": "b817d2618fe6f1804333"}
UPDATE_URL = "/uapi/phoneCalls/12/0003*210/b817d2618fe6f1804333"

# A valid raw value and its cleaned value for every action field.
GOOD: dict[str, tuple[Any, Any]] = {
    "phoneCallViewId": ("01", "01"),
    "sendCallTo": ("0003*024", "0003*024"),
    "transferFromNumber": ("0003*024", "0003*024"),
    "transferNumber": ("0003*210", "0003*210"),
    "callerId": ("John Doe <42420042>", "John Doe <42420042>"),
    "waitForPickup": ("20", 20),
    "maxInParking": ("30", 30),
    "format": ("wav49", "wav49"),
    "private": ("1", 1),
}
CODES = {
    "phoneCallViewId": ("pc_phonecallview_invalid", None),
    "sendCallTo": ("pc_sendcallto_invalid", None),
    "transferFromNumber": ("pc_transfer_from_number_invalid", None),
    "transferNumber": ("pc_transfer_number_invalid", None),
    "callerId": ("pc_callerid_invalid", None),
    "waitForPickup": ("pc_timeout_invalid", None),
    "maxInParking": ("pc_parktimeout_invalid", None),
    "format": ("pc_recformat_invalid", None),
    "private": ("pc_private_invalid", "private"),
}
# The table's field order is the check order.
FIELD_ORDER = list(CODES)
DIALING = ["UnPark", "PickUp", "BargeIn", "Whisper", "Monitor"]
# action -> (required fields, optional fields), straight from SPEC's table.
ACTIONS: dict[str, tuple[list[str], list[str]]] = {
    "OnHold": ([], ["phoneCallViewId"]),
    "OffHold": ([], ["phoneCallViewId"]),
    "StartRecording": (["phoneCallViewId"], ["format"]),
    "StopRecording": (["phoneCallViewId"], []),
    "PickUp": (["phoneCallViewId", "sendCallTo"], ["callerId", "waitForPickup"]),
    "BargeIn": (["phoneCallViewId", "sendCallTo"], ["callerId", "waitForPickup"]),
    "Park": (["phoneCallViewId"], ["maxInParking"]),
    "UnPark": (["phoneCallViewId", "sendCallTo"], ["callerId", "waitForPickup"]),
    "Whisper": (["phoneCallViewId", "sendCallTo"], ["callerId", "waitForPickup", "private"]),
    # SPEC (changed): transferFromNumber is optional for Transfer too; 4PSA's samples leave it out.
    "Transfer": (["sendCallTo"], ["phoneCallViewId", "transferFromNumber", "transferNumber"]),
    "TransferToVoicemail": (["sendCallTo", "transferNumber"], ["phoneCallViewId", "transferFromNumber"]),
    "Monitor": (["phoneCallViewId", "sendCallTo"], ["callerId", "waitForPickup"]),
}
DEFAULTS_FOR = {"waitForPickup": 25, "format": "wav", "private": 0}

# Bad values for each field; every one of them fails with the field's code in every action using it.
BAD: dict[str, list[Any]] = {
    "phoneCallViewId": ["", "10000", "0a", "\u0660\u0661", " 01", 1, None],
    "sendCallTo": ["", "@self", "abc", "0003*", "210 ", None, 210],
    "transferFromNumber": ["", "+999123", "@self", "abc", None],
    "transferNumber": ["", "+1415", "1*2*3", "abc", None],
    "callerId": ["", "<42420042>", "John Doe", "John <42-42>", None],
    "waitForPickup": ["0", "3601", "", "x", None, True, 20.0],
    "maxInParking": ["9", "3601", "0", "", "thirty", None, 30.5],
    "format": ["mp3", "WAV", "wav ", "", None, 0],
    "private": ["2", "-1", "yes", "", "true", None, 2, True, 1.0],
}


def action_request(action: str, fields: list[str], **overrides: Any) -> dict[str, Any]:
    return {**PATH, "action": action, **{f: GOOD[f][0] for f in fields}, **overrides}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_with_required_fields_only(action: str) -> None:
    required, optional = ACTIONS[action]
    expected = {**PATH, "action": action, **{f: GOOD[f][1] for f in required},
                **{f: DEFAULTS_FOR[f] for f in optional if f in DEFAULTS_FOR}}
    assert validate(UPDATE, action_request(action, required)) == expected


@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_with_every_field_it_uses(action: str) -> None:
    required, optional = ACTIONS[action]
    expected = {**PATH, "action": action, **{f: GOOD[f][1] for f in required + optional}}
    assert validate(UPDATE, action_request(action, required + optional)) == expected


@pytest.mark.parametrize("action", list(ACTIONS))
def test_fields_the_action_does_not_use_are_ignored(action: str) -> None:
    required, optional = ACTIONS[action]
    unused = [f for f in FIELD_ORDER if f not in required + optional]
    params = action_request(action, required, **{f: BAD[f][0] for f in unused}, nonce="x", extra=[1])
    cleaned = validate(UPDATE, params)
    assert set(cleaned).isdisjoint([*unused, "nonce", "extra"])


@pytest.mark.parametrize(("action", "field"), [
    pytest.param(action, field, id=f"{action}-{field}")
    for action, (required, _) in ACTIONS.items() for field in required
])
def test_required_field_missing(action: str, field: str) -> None:
    required, _ = ACTIONS[action]
    params = action_request(action, required)
    del params[field]
    code, variant = CODES[field]
    raises(UPDATE, params, code, variant, param=field)


@pytest.mark.parametrize(("action", "field", "value"), [
    pytest.param(action, field, value, id=f"{action}-{field}-{value!r}")
    for action, (required, optional) in ACTIONS.items() for field in required + optional
    for value in BAD[field]
])
def test_field_invalid(action: str, field: str, value: Any) -> None:
    required, _ = ACTIONS[action]
    code, variant = CODES[field]
    raises(UPDATE, action_request(action, required, **{field: value}), code, variant, param=field)


@pytest.mark.parametrize(("action", "field", "value", "expected"), [
    pytest.param("Park", "phoneCallViewId", "0", "0", id="view-id-one-digit"),
    pytest.param("Park", "phoneCallViewId", "9999", "9999", id="view-id-four-digits"),
    pytest.param("Park", "maxInParking", "10", 10, id="park-10"),
    pytest.param("Park", "maxInParking", 3600, 3600, id="park-3600-json-int"),
    pytest.param("StartRecording", "format", "wav", "wav", id="format-wav"),
    pytest.param("Whisper", "private", "0", 0, id="private-text-0"),
    pytest.param("Whisper", "private", 0, 0, id="private-json-0"),
    pytest.param("Whisper", "private", 1, 1, id="private-json-1"),
    pytest.param("PickUp", "waitForPickup", "1", 1, id="wait-1"),
    pytest.param("Monitor", "waitForPickup", 3600, 3600, id="wait-3600-json-int"),
    pytest.param("BargeIn", "callerId", "42420042", "42420042", id="bare-caller-id"),
    pytest.param("UnPark", "sendCallTo", "210", "210", id="short-extension"),
    pytest.param("Transfer", "sendCallTo", "3334444", "3334444", id="transfer-to-number"),
    pytest.param("Transfer", "sendCallTo", "+40721234567", "+40721234567", id="transfer-to-ro-mobile"),
    pytest.param("Transfer", "sendCallTo", "+14155552671", "+14155552671", id="transfer-to-us-number"),
    pytest.param("Transfer", "transferFromNumber", "+40721234567", "+40721234567", id="transfer-from-number"),
    pytest.param("TransferToVoicemail", "transferNumber", "5354353", "5354353", id="voicemail-number"),
])
def test_field_valid(action: str, field: str, value: Any, expected: Any) -> None:
    required, _ = ACTIONS[action]
    cleaned = validate(UPDATE, action_request(action, required, **{field: value}))[field]
    assert cleaned == expected and type(cleaned) is type(expected)


@pytest.mark.parametrize("action", [a for a in ACTIONS if "sendCallTo" in ACTIONS[a][0] and a != "Transfer"])
@pytest.mark.parametrize("number", ["+40721234567", "+14155552671"])
def test_send_call_to_is_an_extension_except_for_transfer(action: str, number: str) -> None:
    raises(UPDATE, action_request(action, ACTIONS[action][0], sendCallTo=number), "pc_sendcallto_invalid",
           param="sendCallTo")


def test_transfer_without_transfer_from_number_as_4psa_samples_send_it() -> None:
    # SPEC §5 (changed): the request of 4PSA's samples in Python, PHP, Perl and Ruby, exactly.
    body = {"action": "Transfer", "sendCallTo": "0003*211", "phoneCallViewId": "01"}
    assert validate_request("PUT", UPDATE_URL, body) == (UPDATE, {**PATH, **body})
    assert validate(UPDATE, {**PATH, **body}) == {**PATH, **body}


def test_transfer_with_an_invalid_transfer_from_number_still_fails() -> None:
    body = {"action": "Transfer", "sendCallTo": "0003*211", "phoneCallViewId": "01", "transferFromNumber": "x"}
    raises(UPDATE, {**PATH, **body}, "pc_transfer_from_number_invalid", param="transferFromNumber")


@pytest.mark.parametrize("number", ["+999123", "+1415", "@self", "0003*"])
def test_transfer_send_call_to_invalid(number: str) -> None:
    raises(UPDATE, action_request("Transfer", ACTIONS["Transfer"][0], sendCallTo=number),
           "pc_sendcallto_invalid", param="sendCallTo")


@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_fields_in_check_order(action: str) -> None:
    required, optional = ACTIONS[action]
    used = [f for f in FIELD_ORDER if f in required + optional]
    params = {**PATH, "action": action, **{f: BAD[f][0] for f in reversed(used)}}
    assert errors_of(UPDATE, params) == [(*CODES[f], f) for f in used]


@pytest.mark.parametrize("action", [
    pytest.param(None, id="missing"),
    pytest.param("Hangup", id="unknown"),
    pytest.param("park", id="wrong-case"),
    pytest.param("PARK", id="upper-case"),
    pytest.param(" Park", id="leading-space"),
    pytest.param("", id="empty"),
    pytest.param(1, id="json-int"),
    pytest.param(["Park"], id="array"),
    pytest.param({"name": "Park"}, id="object"),
])
def test_missing_or_unknown_action_is_not_implemented(action: Any) -> None:
    params = {**PATH, "phoneCallViewId": "01"} | ({} if action is None else {"action": action})
    raises(UPDATE, params, "not_implemented", param="action")


def test_null_action_is_not_implemented() -> None:
    raises(UPDATE, {**PATH, "action": None}, "not_implemented", param="action")


@pytest.mark.parametrize(("path", "code", "param"), [
    ({"userId": "@self"}, "user_invalid", "userId"),
    ({"extension": "0003**210"}, "extension_invalid", "extension"),
    ({"phoneCallId": "b817-d261"}, "pc_phonecall_invalid", "phoneCallId"),
])
def test_path_comes_before_the_action(path: dict[str, str], code: str, param: str) -> None:
    assert errors_of(UPDATE, {**PATH, **path, "action": "Dance"}) == [
        (code, None, param), ("not_implemented", None, "action"),
    ]
    assert errors_of(UPDATE, {**PATH, **path, "action": "Park"}) == [
        (code, None, param), ("pc_phonecallview_invalid", None, "phoneCallViewId"),
    ]


def test_update_extension_may_be_self() -> None:
    cleaned = validate(UPDATE, {**PATH, "extension": "@self", "action": "OnHold"})
    assert cleaned == {**PATH, "extension": "@self", "action": "OnHold"}


def test_update_phone_call_id_is_required() -> None:
    params = {**PATH, "action": "OnHold"}
    del params["phoneCallId"]
    raises(UPDATE, params, "pc_phonecall_invalid", param="phoneCallId")


# --- the documented action requests ----------------------------------------------------------

@pytest.mark.parametrize(("url", "body", "expected"), [
    pytest.param(UPDATE_URL, {"action": "Park", "maxInParking": "30", "phoneCallViewId": "01"},
                 {"action": "Park", "phoneCallViewId": "01", "maxInParking": 30}, id="doc-9-park"),
    pytest.param(UPDATE_URL, {"action": "UnPark", "sendCallTo": "0003*024", "callerId": "John Doe <42420042>",
                              "waitForPickup": "20", "phoneCallViewId": "01"},
                 {"action": "UnPark", "phoneCallViewId": "01", "sendCallTo": "0003*024",
                  "callerId": "John Doe <42420042>", "waitForPickup": 20}, id="doc-10-unpark"),
    pytest.param(UPDATE_URL, {"action": "Transfer", "sendCallTo": "3334444", "transferFromNumber": "0003*024",
                              "transferNumber": "0003*210"},
                 {"action": "Transfer", "sendCallTo": "3334444", "transferFromNumber": "0003*024",
                  "transferNumber": "0003*210"}, id="doc-11-transfer"),
    pytest.param("/uapi/phoneCalls/12/0003*210/444444", {"action": "StartRecording", "format": "wav",
                                                          "phoneCallViewId": "01"},
                 {"phoneCallId": "444444", "action": "StartRecording", "phoneCallViewId": "01", "format": "wav"},
                 id="doc-12-start-recording"),
    pytest.param("/uapi/phoneCalls/12/0003*210/444444", {"action": "StopRecording", "phoneCallViewId": "01"},
                 {"phoneCallId": "444444", "action": "StopRecording", "phoneCallViewId": "01"},
                 id="doc-13-stop-recording"),
    pytest.param("/uapi/phoneCalls/12/0003*210/444444",
                 {"action": "Whisper", "sendCallTo": "0003*024", "private": 0,
                  "callerId": "Whisper To Me <42420042>", "waitForPickup": "20", "phoneCallViewId": "01"},
                 {"phoneCallId": "444444", "action": "Whisper", "phoneCallViewId": "01", "sendCallTo": "0003*024",
                  "callerId": "Whisper To Me <42420042>", "waitForPickup": 20, "private": 0},
                 id="doc-14-whisper-repaired-json"),
    pytest.param("/uapi/phoneCalls/@me/@self/b817d2618fe6f1804333",
                 {"action": "BargeIn", "sendCallTo": "0003*024", "callerId": "John Doe <42420042>",
                  "waitForPickup": "20", "phoneCallViewId": "00"},
                 {"userId": "@me", "extension": "@self", "action": "BargeIn", "phoneCallViewId": "00",
                  "sendCallTo": "0003*024", "callerId": "John Doe <42420042>", "waitForPickup": 20},
                 id="doc-15-barge-in"),
    pytest.param("/unifiedapi/phoneCalls/@me/@self/b817d2618fe6f1804333", {"action": "Park", "phoneCallViewId": "01"},
                 {"userId": "@me", "extension": "@self", "action": "Park", "phoneCallViewId": "01"},
                 id="doc-17-park-legacy-prefix"),
])
def test_documented_actions(url: str, body: dict[str, Any], expected: dict[str, Any]) -> None:
    assert validate_request("PUT", url, body) == (UPDATE, {**PATH, **expected})


def test_doc_14_whisper_as_printed_is_not_json_so_the_action_is_missing() -> None:
    printed = ('{\'action":"Whisper","sendCallTo":"0003*024*,"private":0,"callerId":"Whisper To Me <42420042>",'
               '"waitForPickup":"20","phoneCallViewId":"01"}')
    request_raises("PUT", UPDATE_URL, printed, code="not_implemented", param="action")


def test_doc_d7_unknown_recording_format() -> None:
    request_raises("PUT", UPDATE_URL, {"action": "StartRecording", "format": "mp3", "phoneCallViewId": "01"},
                   code="pc_recformat_invalid", param="format")


def test_action_in_the_query_is_not_read() -> None:
    request_raises("PUT", UPDATE_URL + "?action=Park&phoneCallViewId=01", None, code="not_implemented",
                   param="action")


def test_update_body_as_bytes() -> None:
    op, params = validate_request("PUT", UPDATE_URL, b'{"action":"Whisper","sendCallTo":"0003*024",'
                                                     b'"phoneCallViewId":"01","private":"1"}')
    assert (op, params["private"], params["waitForPickup"]) == (UPDATE, 1, 25)


# === phone_calls.delete ========================================================================

DELETE = "phone_calls.delete"


def test_doc_hang_up_one_party() -> None:
    url = "/uapi/phoneCalls/@me/0003*210/7d280cc4feae3255a497?phoneNumber=8887777"
    assert validate_request("DELETE", url) == (DELETE, {
        "userId": "@me", "extension": "0003*210", "phoneCallId": "7d280cc4feae3255a497", "phoneNumber": "8887777",
    })


@pytest.mark.parametrize("url", ["/uapi/phoneCalls/@me/@self", "/uapi/phoneCalls/@me/@self/",
                                 "/unifiedapi/phoneCalls/@me/@self"])
def test_hang_up_every_call_of_an_extension(url: str) -> None:
    assert validate_request("DELETE", url) == (DELETE, {"userId": "@me", "extension": "@self"})


@pytest.mark.parametrize("number", ["8887777", "12", "+40721234567", "+14155552671", "12345678901234567890"])
def test_delete_phone_number_valid(number: str) -> None:
    assert validate(DELETE, {**PATH, "phoneNumber": number})["phoneNumber"] == number


@pytest.mark.parametrize("number", [
    pytest.param("+999123", id="unknown-country-code"),
    pytest.param("+1415", id="impossible-length"),
    pytest.param("1", id="one-digit"),
    pytest.param("+", id="plus-only"),
    pytest.param("0003*210", id="extension"),
    pytest.param("123456789012345678901", id="21-digits"),
    pytest.param(" 40721234567", id="leading-space"),
    pytest.param("888-7777", id="dash"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(8887777, id="json-int"),
    pytest.param(["8887777", "8887778"], id="repeated"),
])
def test_delete_phone_number_invalid(number: Any) -> None:
    raises(DELETE, {**PATH, "phoneNumber": number}, "pc_private_invalid", "phone_number", param="phoneNumber")


def test_delete_phone_number_with_unencoded_plus_is_a_space() -> None:
    request_raises("DELETE", "/uapi/phoneCalls/@me/0003%2A210?phoneNumber=+40721234567",
                   code="pc_private_invalid", variant="phone_number", param="phoneNumber")
    _, params = validate_request("DELETE", "/uapi/phoneCalls/@me/0003%2A210?phoneNumber=%2B40721234567")
    assert params == {"userId": "@me", "extension": "0003*210", "phoneNumber": "+40721234567"}


def test_delete_phone_number_with_a_region_setting() -> None:
    ro = make_validator(phone_region="RO")
    assert ro.validate(DELETE, {**PATH, "phoneNumber": "0721234567"})["phoneNumber"] == "0721234567"
    raises(DELETE, {**PATH, "phoneNumber": "07212"}, "pc_private_invalid", "phone_number", param="phoneNumber",
           validator=ro)
    # Without the setting only the shape of a number without '+' is checked.
    assert validate(DELETE, {**PATH, "phoneNumber": "07212"})["phoneNumber"] == "07212"


def test_delete_check_order() -> None:
    params = {"phoneNumber": "x", "phoneCallId": "-", "extension": "@me", "userId": "@self"}
    assert errors_of(DELETE, params) == [
        ("user_invalid", None, "userId"),
        ("extension_invalid", None, "extension"),
        ("pc_phonecall_invalid", None, "phoneCallId"),
        ("pc_private_invalid", "phone_number", "phoneNumber"),
    ]


def test_delete_ignores_a_body_and_unknown_query_parameters() -> None:
    _, params = validate_request("DELETE", "/uapi/phoneCalls/@me/210?count=x&action=Park",
                                 {"phoneNumber": "x", "action": "Park"})
    assert params == {"userId": "@me", "extension": "210"}


def test_validation_error_is_a_ua_error() -> None:
    with pytest.raises(ValidationError) as info:
        validate(DELETE, {**PATH, "phoneNumber": "+1415"})
    assert info.value.location == "query"
