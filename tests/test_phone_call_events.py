"""Phone call events (SPEC §5): create, list, update and delete, path and body in check order."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from _helpers import DEFAULTS, errors_of, raises, request_raises, validate, validate_request

CREATE = "phone_call_events.create"
LIST = "phone_call_events.list"
UPDATE = "phone_call_events.update"
DELETE = "phone_call_events.delete"
EXT = {"userId": "@me", "extension": "0003*210"}
EVENTS_URL = "/uapi/extensions/@me/0003*210/phoneCallEvents"
NEW = {"type": "0", "method": "0", "url": "http://myevent.com/SaveMyPhoneCallDetails"}
EVENT_PATH = {**EXT, "eventType": "0", "eventId": "MyPhoneCallEvent"}


def created(**body: Any) -> dict[str, Any]:
    return validate(CREATE, {**EXT, **NEW, **body})


# === documented requests ========================================================================

def test_doc_create_event() -> None:
    body = {"type": "0", "method": "0", "note": "My phone call event is awesome",
            "url": "http://myevent.com/SaveMyPhoneCallDetails", "status": "1"}
    assert validate_request("POST", EVENTS_URL, body) == (CREATE, {
        **EXT, "type": 0, "method": 0, "note": "My phone call event is awesome",
        "url": "http://myevent.com/SaveMyPhoneCallDetails", "status": 1,
    })


def test_doc_v5_create_event_with_the_type_in_the_path() -> None:
    body = {"method": 1, "url": "https://example.com/hook"}
    assert validate_request("POST", f"{EVENTS_URL}/3", body) == (CREATE, {
        **EXT, "eventType": 3, "method": 1, "url": "https://example.com/hook",
    })


def test_doc_update_event() -> None:
    body = {"method": "1", "note": "I want to use POST for my event"}
    assert validate_request("PUT", f"{EVENTS_URL}/0/MyPhoneCallEvent", body) == (UPDATE, {
        **EXT, "eventType": 0, "eventId": "MyPhoneCallEvent", "method": 1, "note": "I want to use POST for my event",
    })


@pytest.mark.parametrize(("method", "op", "expected"), [
    ("GET", LIST, {**EXT, "eventType": 0, "eventId": "NqeyDRqo4FtabmFj8gNWq3hsiGNYyq", **DEFAULTS}),
    ("DELETE", DELETE, {**EXT, "eventType": 0, "eventId": "NqeyDRqo4FtabmFj8gNWq3hsiGNYyq"}),
])
def test_doc_list_and_delete_one_event(method: str, op: str, expected: dict[str, Any]) -> None:
    assert validate_request(method, f"{EVENTS_URL}/0/NqeyDRqo4FtabmFj8gNWq3hsiGNYyq") == (op, expected)


def test_doc_d8_self_is_not_an_extension_here() -> None:
    request_raises("POST", "/uapi/extensions/@me/@self/phoneCallEvents", NEW, code="extension_invalid",
                   param="extension")


def test_doc_d9_event_id_with_punctuation() -> None:
    request_raises("PUT", f"{EVENTS_URL}/0/abc_def!", {"method": "1"}, code="pce_id_invalid", param="eventId")


@pytest.mark.parametrize(("url", "op", "expected"), [
    pytest.param(EVENTS_URL, LIST, {**EXT, **DEFAULTS}, id="list-all"),
    pytest.param(f"{EVENTS_URL}/", LIST, {**EXT, **DEFAULTS}, id="list-all-slash"),
    pytest.param(f"{EVENTS_URL}/4", LIST, {**EXT, "eventType": 4, **DEFAULTS}, id="list-one-type"),
    pytest.param(f"{EVENTS_URL}/4/", LIST, {**EXT, "eventType": 4, **DEFAULTS}, id="list-one-type-slash"),
])
def test_list_optional_segments(url: str, op: str, expected: dict[str, Any]) -> None:
    assert validate_request("GET", url) == (op, expected)


@pytest.mark.parametrize(("url", "expected"), [
    pytest.param(EVENTS_URL, dict(EXT), id="delete-all"),
    pytest.param(f"{EVENTS_URL}/2", {**EXT, "eventType": 2}, id="delete-one-type"),
    pytest.param(f"{EVENTS_URL}/2/abc", {**EXT, "eventType": 2, "eventId": "abc"}, id="delete-one"),
])
def test_delete_optional_segments(url: str, expected: dict[str, Any]) -> None:
    assert validate_request("DELETE", url, NEW) == (DELETE, expected)


# === path ========================================================================================

ALL_OPS = [CREATE, LIST, UPDATE, DELETE]


def request_for(op: str, **path: Any) -> dict[str, Any]:
    body = dict(NEW) if op == CREATE else {}
    return {**EVENT_PATH, **body, **path} if op != CREATE else {**EXT, **body, **path}


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("extension", ["@self", "", "0003*", "+40721234567", None])
def test_extension_invalid(op: str, extension: Any) -> None:
    raises(op, request_for(op, extension=extension), "extension_invalid", param="extension")


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize(("value", "expected"), [
    ("0", 0), ("1", 1), ("2", 2), ("3", 3), ("4", 4),
])
def test_event_type_valid(op: str, value: str, expected: int) -> None:
    params = request_for(op, eventType=value)
    params.pop("type", None)
    assert validate(op, params)["eventType"] == expected


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("value", [
    "5", "-1", "00", "dialin", "", " 0", pytest.param(None, id="null"), pytest.param(5, id="json-int-5"),
])
def test_event_type_invalid(op: str, value: Any) -> None:
    raises(op, request_for(op, eventType=value), "pce_type_invalid", param="eventType")


@pytest.mark.parametrize("op", [LIST, UPDATE, DELETE])
@pytest.mark.parametrize("value", ["MyPhoneCallEvent", "NqeyDRqo4FtabmFj8gNWq3hsiGNYyq", "1", "a" * 255])
def test_event_id_valid(op: str, value: str) -> None:
    assert validate(op, request_for(op, eventId=value))["eventId"] == value


@pytest.mark.parametrize("op", [LIST, UPDATE, DELETE])
@pytest.mark.parametrize("value", [
    pytest.param("abc_def!", id="punctuation"),
    pytest.param("abc-def", id="dash"),
    pytest.param("my event", id="space"),
    pytest.param("évènement", id="non-ascii"),
    pytest.param("a" * 256, id="256-characters"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(7, id="json-int"),
])
def test_event_id_invalid(op: str, value: Any) -> None:
    raises(op, request_for(op, eventId=value), "pce_id_invalid", param="eventId")


@pytest.mark.parametrize(("missing", "code"), [("eventType", "pce_type_invalid"), ("eventId", "pce_id_invalid")])
def test_update_needs_event_type_and_id(missing: str, code: str) -> None:
    params = dict(EVENT_PATH)
    del params[missing]
    raises(UPDATE, params, code, param=missing)


@pytest.mark.parametrize("url", [EVENTS_URL, f"{EVENTS_URL}/0", f"{EVENTS_URL}/0/"])
def test_update_route_needs_both_segments(url: str) -> None:
    request_raises("PUT", url, {"method": "1"}, code="not_implemented")


@pytest.mark.parametrize("url", [f"{EVENTS_URL}/0/abc", f"{EVENTS_URL}/0/abc/x"])
def test_create_route_takes_no_event_id(url: str) -> None:
    request_raises("POST", url, NEW, code="not_implemented")


# === body: create ================================================================================

@pytest.mark.parametrize(("field", "code"), [
    ("type", "pce_type_invalid"), ("method", "pce_method_invalid"), ("url", "pce_url_invalid"),
])
def test_create_required_field_missing(field: str, code: str) -> None:
    params = {**EXT, **NEW}
    del params[field]
    raises(CREATE, params, code, param=field)


def test_create_type_may_come_from_the_path_alone() -> None:
    params = {**EXT, "eventType": "2", "method": "0", "url": NEW["url"]}
    assert validate(CREATE, params) == {**EXT, "eventType": 2, "method": 0, "url": NEW["url"]}


@pytest.mark.parametrize("value", ["3", 3])
def test_create_type_equal_to_the_path(value: Any) -> None:
    cleaned = validate(CREATE, {**EXT, **NEW, "eventType": "3", "type": value})
    assert (cleaned["eventType"], cleaned["type"]) == (3, 3)


def test_create_type_different_from_the_path() -> None:
    raises(CREATE, {**EXT, **NEW, "eventType": "3", "type": "4"}, "pce_type_invalid", param="type")


def test_update_type_different_from_the_path() -> None:
    raises(UPDATE, {**EVENT_PATH, "type": "1"}, "pce_type_invalid", param="type")
    assert validate(UPDATE, {**EVENT_PATH, "type": 0})["type"] == 0


def test_create_minimal_and_full() -> None:
    assert created() == {**EXT, "type": 0, "method": 0, "url": NEW["url"]}
    assert created(type=4, method=1, note="", status=0, extra="x") == {
        **EXT, "type": 4, "method": 1, "note": "", "url": NEW["url"], "status": 0,
    }


ENUM_FIELDS: list[tuple[str, list[str], str]] = [
    ("type", ["0", "1", "2", "3", "4"], "pce_type_invalid"),
    ("method", ["0", "1"], "pce_method_invalid"),
    ("status", ["0", "1"], "pce_status_invalid"),
]


@pytest.mark.parametrize("op", [CREATE, UPDATE])
@pytest.mark.parametrize(("field", "value"), [
    pytest.param(field, value, id=f"{field}-{value!r}")
    for field, values, _ in ENUM_FIELDS for value in values + [int(v) for v in values]
])
def test_body_enum_valid(op: str, field: str, value: Any) -> None:
    params = {**EXT, **NEW, field: value} if op == CREATE else {**EVENT_PATH, "eventType": str(value), field: value}
    cleaned = validate(op, params)[field]
    assert cleaned == int(value) and type(cleaned) is int


@pytest.mark.parametrize("op", [CREATE, UPDATE])
@pytest.mark.parametrize(("field", "value", "code"), [
    pytest.param(field, value, code, id=f"{field}-{value!r}")
    for field, values, code in ENUM_FIELDS
    for value in [str(len(values)), "-1", "01", "GET" if field == "method" else "on", "", " 1", None, True,
                  1.0, ["1"]]
])
def test_body_enum_invalid(op: str, field: str, value: Any, code: str) -> None:
    params = {**EXT, **NEW, field: value} if op == CREATE else {**EVENT_PATH, field: value}
    raises(op, params, code, param=field)


VALID_URLS = [
    pytest.param("http://myevent.com/SaveMyPhoneCallDetails", id="doc"),
    pytest.param("https://example.com:8443/hook?id=1&x=%20y#frag", id="port-query-escape-fragment"),
    pytest.param("HTTPS://EXAMPLE.COM", id="upper-case-scheme"),
    pytest.param("http://user:pass@example.com/", id="user-info"),
    pytest.param("http://[2001:db8::1]:8080/cb", id="ipv6-host"),
    pytest.param("http://192.168.0.1/cb", id="ipv4-host"),
    pytest.param("https://" + "a" * 2040, id="2048-characters"),
]

INVALID_URLS = [
    pytest.param("ftp://example.com/cb", id="ftp"),
    pytest.param("javascript:alert(1)", id="javascript"),
    pytest.param("myevent.com/SaveMyPhoneCallDetails", id="no-scheme"),
    pytest.param("//example.com/cb", id="scheme-relative"),
    pytest.param("http://", id="no-host"),
    pytest.param("http:///cb", id="empty-host"),
    pytest.param("http://exa mple.com", id="space-in-host"),
    pytest.param("http://example.com/a b", id="space-in-path"),
    pytest.param(" http://example.com", id="leading-space"),
    pytest.param("http://example.com/\t", id="control-character"),
    pytest.param("https://example.com/é", id="non-ascii"),
    pytest.param("http://example.com/%zz", id="bad-escape"),
    pytest.param("http://example.com:99999/", id="port-too-big"),
    pytest.param("https://" + "a" * 2041, id="2049-characters"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(["http://example.com"], id="array"),
]


@pytest.mark.parametrize("op", [CREATE, UPDATE])
@pytest.mark.parametrize("url", VALID_URLS)
def test_url_valid(op: str, url: str) -> None:
    params = {**EXT, **NEW, "url": url} if op == CREATE else {**EVENT_PATH, "url": url}
    assert validate(op, params)["url"] == url


@pytest.mark.parametrize("op", [CREATE, UPDATE])
@pytest.mark.parametrize("url", INVALID_URLS)
def test_url_invalid(op: str, url: Any) -> None:
    params = {**EXT, **NEW, "url": url} if op == CREATE else {**EVENT_PATH, "url": url}
    raises(op, params, "pce_url_invalid", param="url")


@pytest.mark.parametrize("op", [CREATE, UPDATE])
@pytest.mark.parametrize("note", [
    pytest.param("", id="empty"),
    pytest.param("My phone call event is awesome", id="doc"),
    pytest.param("Événement ☎ — 通知", id="non-ascii"),
    pytest.param("inner  spaces", id="inner-spaces"),
    pytest.param("n" * 255, id="255-characters"),
])
def test_note_valid(op: str, note: str) -> None:
    params = {**EXT, **NEW, "note": note} if op == CREATE else {**EVENT_PATH, "note": note}
    assert validate(op, params)["note"] == note


@pytest.mark.parametrize("op", [CREATE, UPDATE])
@pytest.mark.parametrize("note", [
    pytest.param("n" * 256, id="256-characters"),
    pytest.param(" padded ", id="leading-and-trailing-space"),
    pytest.param("trailing\u00a0", id="trailing-no-break-space"),
    pytest.param("line\nbreak", id="newline"),
    pytest.param("tab\there", id="tab"),
    pytest.param("nul\x00", id="nul"),
    pytest.param("del\x7f", id="delete"),
    pytest.param("c1\x9b", id="c1-control"),
    pytest.param(None, id="null"),
    pytest.param(5, id="json-int"),
])
def test_note_invalid(op: str, note: Any) -> None:
    params = {**EXT, **NEW, "note": note} if op == CREATE else {**EVENT_PATH, "note": note}
    raises(op, params, "pce_note_invalid", param="note")


def test_update_with_no_body_fields() -> None:
    assert validate(UPDATE, EVENT_PATH) == {**EXT, "eventType": 0, "eventId": "MyPhoneCallEvent"}


@pytest.mark.parametrize("body", [None, b"", b"not json", "[]", b'"x"', b"\xff\xfe"])
def test_update_body_that_is_not_an_object_has_no_fields(body: Any) -> None:
    assert validate_request("PUT", f"{EVENTS_URL}/0/MyPhoneCallEvent", body) == (UPDATE, {
        **EXT, "eventType": 0, "eventId": "MyPhoneCallEvent",
    })


@pytest.mark.parametrize("body", [None, b"", b"{", "[1]"])
def test_create_body_that_is_not_an_object_lacks_its_type(body: Any) -> None:
    request_raises("POST", EVENTS_URL, body, code="pce_type_invalid", param="type")


# === check order =================================================================================

CREATE_ORDER: list[tuple[str, Any, str]] = [
    ("userId", "@self", "user_invalid"),
    ("extension", "@self", "extension_invalid"),
    ("eventType", "9", "pce_type_invalid"),
    ("type", "9", "pce_type_invalid"),
    ("method", "2", "pce_method_invalid"),
    ("note", "\x00", "pce_note_invalid"),
    ("url", "ftp://x", "pce_url_invalid"),
    ("status", "2", "pce_status_invalid"),
]


@pytest.mark.parametrize(("earlier", "later"), list(itertools.combinations(CREATE_ORDER, 2)),
                         ids=lambda row: row[0])
def test_create_earlier_row_wins(earlier: tuple[str, Any, str], later: tuple[str, Any, str]) -> None:
    params = {**EXT, **NEW, later[0]: later[1], earlier[0]: earlier[1]}
    assert errors_of(CREATE, params) == [(earlier[2], None, earlier[0]), (later[2], None, later[0])]


def test_create_all_errors_in_order() -> None:
    params = {name: value for name, value, _ in reversed(CREATE_ORDER)}
    assert errors_of(CREATE, params) == [(code, None, name) for name, _, code in CREATE_ORDER]


def test_create_type_rule_sits_between_type_and_method() -> None:
    params = {**EXT, "url": "x", "method": "x", "type": "1", "eventType": "2"}
    assert errors_of(CREATE, params) == [
        ("pce_type_invalid", None, "type"),
        ("pce_method_invalid", None, "method"),
        ("pce_url_invalid", None, "url"),
    ]


def test_create_missing_fields_in_order() -> None:
    assert errors_of(CREATE, {"userId": "@me", "extension": "210", "status": "3"}) == [
        ("pce_type_invalid", None, "type"),
        ("pce_method_invalid", None, "method"),
        ("pce_url_invalid", None, "url"),
        ("pce_status_invalid", None, "status"),
    ]


def test_update_all_errors_in_order() -> None:
    params = {"status": "x", "url": "x", "note": "\n", "method": "x", "type": "x", "eventId": "_",
              "eventType": "x", "extension": "x", "userId": "x"}
    assert errors_of(UPDATE, params) == [
        ("user_invalid", None, "userId"),
        ("extension_invalid", None, "extension"),
        ("pce_type_invalid", None, "eventType"),
        ("pce_id_invalid", None, "eventId"),
        ("pce_type_invalid", None, "type"),
        ("pce_method_invalid", None, "method"),
        ("pce_note_invalid", None, "note"),
        ("pce_url_invalid", None, "url"),
        ("pce_status_invalid", None, "status"),
    ]


def test_delete_all_errors_in_order() -> None:
    params = {"eventId": "-", "eventType": "-", "extension": "-", "userId": "-"}
    assert errors_of(DELETE, params) == [
        ("user_invalid", None, "userId"),
        ("extension_invalid", None, "extension"),
        ("pce_type_invalid", None, "eventType"),
        ("pce_id_invalid", None, "eventId"),
    ]


def test_delete_and_list_ignore_body_fields() -> None:
    assert validate(DELETE, {**EVENT_PATH, "url": "x", "method": "x"}) == {
        **EXT, "eventType": 0, "eventId": "MyPhoneCallEvent",
    }


def test_list_check_order() -> None:
    params = {"startIndex": "x", "sortOrder": "x", "filterValue": "x", "filterBy": "method", "count": "x",
              "fields": "x", "eventId": "-", "eventType": "-", "extension": "-", "userId": "-"}
    assert errors_of(LIST, params) == [
        ("user_invalid", None, "userId"),
        ("extension_invalid", None, "extension"),
        ("pce_type_invalid", None, "eventType"),
        ("pce_id_invalid", None, "eventId"),
        ("fields_invalid", None, "fields"),
        ("count_invalid", None, "count"),
        ("filtervalue_invalid", "numbers", "filterValue"),
        ("sortorder_invalid", None, "sortOrder"),
        ("startindex_invalid", None, "startIndex"),
    ]
