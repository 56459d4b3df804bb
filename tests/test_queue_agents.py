"""Queue agents (SPEC §5): list a queue's agents, log them in or out, pause them, renumber them."""

from __future__ import annotations

from typing import Any

import pytest

from _helpers import DEFAULTS, errors_of, raises, request_raises, validate, validate_request

LIST = "queue_agents.list"
UPDATE = "queue_agents.update"
QUEUE = {"userId": "@me", "extension": "0003*212"}
AGENTS_URL = "/uapi/extensions/@me/0003*212/queue/agents"


# === list ======================================================================================

def test_doc_list_one_agent() -> None:
    assert validate_request("GET", f"{AGENTS_URL}/0003*210") == (LIST, {**QUEUE, "agent": "0003*210", **DEFAULTS})


@pytest.mark.parametrize("url", [AGENTS_URL, f"{AGENTS_URL}/", AGENTS_URL.replace("/uapi/", "/unifiedapi/")])
def test_list_every_agent(url: str) -> None:
    assert validate_request("GET", url) == (LIST, {**QUEUE, **DEFAULTS})


def test_list_a_remote_agent_by_number_in_the_path() -> None:
    # In a path '+' is itself; only query strings are form-decoded.
    assert validate_request("GET", f"{AGENTS_URL}/+40721234567")[1]["agent"] == "+40721234567"
    assert validate_request("GET", f"{AGENTS_URL}/%2B14155552671")[1]["agent"] == "+14155552671"


@pytest.mark.parametrize("agent", ["0003*210", "210", "1", "40721234567", "+40721234567", "+14155552671"])
def test_list_agent_valid(agent: str) -> None:
    assert validate(LIST, {**QUEUE, "agent": agent})["agent"] == agent


AGENT_INVALID = [
    pytest.param("@self", id="self"),
    pytest.param("+999123", id="unknown-country-code"),
    pytest.param("+1415", id="impossible-length"),
    pytest.param("0003*", id="empty-group"),
    pytest.param("agent7", id="letters"),
    pytest.param(" 210", id="leading-space"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(210, id="json-int"),
]


@pytest.mark.parametrize("agent", AGENT_INVALID)
def test_list_agent_invalid(agent: Any) -> None:
    raises(LIST, {**QUEUE, "agent": agent}, "qag_agent_invalid", param="agent")


@pytest.mark.parametrize("op", [LIST, UPDATE])
@pytest.mark.parametrize("extension", ["@self", "", "queue", "0003*212*1", None])
def test_queue_extension_invalid(op: str, extension: Any) -> None:
    raises(op, {**QUEUE, "extension": extension, "agent": "210", "status": "1"}, "extension_invalid",
           param="extension")


@pytest.mark.parametrize(("by", "value", "expected"), [
    pytest.param("status", "0", 0, id="status-logged-out"),
    pytest.param("status", "1", 1, id="status-online"),
    pytest.param("status", "2", 2, id="status-paused"),
    pytest.param("agentNumber", "0003*210", "0003*210", id="agent-extension"),
    pytest.param("agentNumber", "+40721234567", "+40721234567", id="agent-number"),
    pytest.param("queue", "0003*212", "0003*212", id="queue-extension"),
])
def test_filter_value_valid_and_filter_op_defaults_to_equals(by: str, value: str, expected: Any) -> None:
    cleaned = validate(LIST, {**QUEUE, "filterBy": by, "filterValue": value})
    assert cleaned == {**QUEUE, **DEFAULTS, "filterBy": by, "filterOp": "equals", "filterValue": expected}
    assert type(cleaned["filterValue"]) is type(expected)


@pytest.mark.parametrize(("by", "value", "variant"), [
    pytest.param("status", "online", "numbers", id="status-word"),
    pytest.param("status", "1a", "numbers", id="status-digit-and-letter"),
    pytest.param("status", "-1", "numbers", id="status-negative"),
    pytest.param("status", "\u0661", "numbers", id="status-arabic-indic-digit"),
    pytest.param("status", "3", "generic", id="status-out-of-range"),
    pytest.param("status", "01", "generic", id="status-leading-zero"),
    pytest.param("status", "", "generic", id="status-empty"),
    pytest.param("status", None, "generic", id="status-missing"),
    pytest.param("agentNumber", "abc", "generic", id="agent-letters"),
    pytest.param("agentNumber", "+999123", "generic", id="agent-impossible-number"),
    pytest.param("queue", "@self", "generic", id="queue-self"),
    pytest.param("queue", "+40721234567", "generic", id="queue-phone-number"),
])
def test_filter_value_invalid(by: str, value: str | None, variant: str) -> None:
    params = {**QUEUE, "filterBy": by} | ({} if value is None else {"filterValue": value})
    raises(LIST, params, "filtervalue_invalid", variant, param="filterValue")


@pytest.mark.parametrize("op", ["contains", "startsWith", "present", "inArray", "greaterThan", "Equals", ""])
def test_only_equals_is_an_operator(op: str) -> None:
    raises(LIST, {**QUEUE, "filterBy": "status", "filterOp": op, "filterValue": "1"}, "filterop_invalid",
           param="filterOp")


@pytest.mark.parametrize("by", ["type", "identifier", "agent", "Status", ""])
def test_filter_by_outside_the_three(by: str) -> None:
    raises(LIST, {**QUEUE, "filterBy": by, "filterValue": "1"}, "filterby_invalid", param="filterBy")


def test_filter_op_is_not_filled_in_without_filter_by() -> None:
    assert validate(LIST, {**QUEUE, "filterOp": "contains", "filterValue": "x"}) == {**QUEUE, **DEFAULTS}


def test_list_fields() -> None:
    fields = ("agentNumber", "status", "queue", "type", "identifier")
    assert validate(LIST, {**QUEUE, "fields": ",".join(fields)})["fields"] == fields
    raises(LIST, {**QUEUE, "fields": "agentNumber,id"}, "fields_invalid", param="fields")


def test_doc_list_query() -> None:
    url = f"{AGENTS_URL}?filterBy=status&filterValue=1&sortOrder=asc&count=50&fields=agentNumber,status"
    assert validate_request("GET", url) == (LIST, {
        **QUEUE, "fields": ("agentNumber", "status"), "count": 50, "filterBy": "status", "filterOp": "equals",
        "filterValue": 1, "sortOrder": "asc", "startIndex": 0,
    })


def test_list_check_order() -> None:
    params = {"startIndex": "x", "sortOrder": "x", "filterValue": "x", "filterBy": "status", "count": "x",
              "fields": "x", "agent": "x", "extension": "@self", "userId": "@self"}
    assert errors_of(LIST, params) == [
        ("user_invalid", None, "userId"),
        ("extension_invalid", None, "extension"),
        ("qag_agent_invalid", None, "agent"),
        ("fields_invalid", None, "fields"),
        ("count_invalid", None, "count"),
        ("filtervalue_invalid", "numbers", "filterValue"),
        ("sortorder_invalid", None, "sortOrder"),
        ("startindex_invalid", None, "startIndex"),
    ]


# === update ====================================================================================

REMOTE = {**QUEUE, "agent": "+40721234567"}
LOCAL = {**QUEUE, "agent": "0003*210"}


def test_doc_log_an_agent_in() -> None:
    assert validate_request("PUT", f"{AGENTS_URL}/0003*210", {"status": "1"}) == (UPDATE, {**LOCAL, "status": 1})


def test_doc_d11_unknown_status() -> None:
    request_raises("PUT", f"{AGENTS_URL}/0003*210", {"status": "3"}, code="status_invalid", param="status")


@pytest.mark.parametrize(("value", "expected"), [
    ("0", 0), ("1", 1), ("2", 2),
    pytest.param(0, 0, id="json-0"), pytest.param(1, 1, id="json-1"), pytest.param(2, 2, id="json-2"),
])
def test_status_valid(value: Any, expected: int) -> None:
    cleaned = validate(UPDATE, {**LOCAL, "status": value})
    assert cleaned == {**LOCAL, "status": expected} and type(cleaned["status"]) is int


@pytest.mark.parametrize("value", [
    "3", "-1", "01", "", "online", " 1",
    pytest.param(None, id="null"), pytest.param(3, id="json-3"), pytest.param(True, id="json-true"),
    pytest.param(1.0, id="json-float"), pytest.param(["1"], id="array"),
])
def test_status_invalid(value: Any) -> None:
    raises(UPDATE, {**LOCAL, "status": value}, "status_invalid", param="status")


@pytest.mark.parametrize("body", [
    pytest.param({}, id="empty-object"),
    pytest.param({"state": "1"}, id="unknown-field-only"),
    pytest.param(b"", id="no-body"),
    pytest.param(b'"1"', id="json-text"),
    pytest.param(b"[1]", id="json-array"),
    pytest.param(b"status=1", id="form-body"),
])
def test_status_and_number_both_absent(body: Any) -> None:
    request_raises("PUT", f"{AGENTS_URL}/0003*210?status=1", body, code="status_invalid", param="status")


@pytest.mark.parametrize(("agent", "number"), [
    ("+40721234567", "+40721234568"),
    ("+14155552671", "+14155552672"),
    ("40721234567", "0721234567"),
    ("123456", "5354353"),
])
def test_number_of_a_remote_agent(agent: str, number: str) -> None:
    assert validate(UPDATE, {**QUEUE, "agent": agent, "number": number}) == {**QUEUE, "agent": agent,
                                                                              "number": number}


def test_status_and_number_together() -> None:
    assert validate(UPDATE, {**REMOTE, "status": "2", "number": "+14155552671"}) == {
        **REMOTE, "status": 2, "number": "+14155552671",
    }


@pytest.mark.parametrize("number", [
    pytest.param("+999123", id="unknown-country-code"),
    pytest.param("+1415", id="impossible-length"),
    pytest.param("0003*210", id="extension"),
    pytest.param("1", id="one-digit"),
    pytest.param("abc", id="letters"),
    pytest.param("", id="empty"),
    pytest.param(None, id="null"),
    pytest.param(40721234568, id="json-int"),
])
def test_number_invalid(number: Any) -> None:
    raises(UPDATE, {**REMOTE, "number": number}, "qag_number_invalid", param="number")


@pytest.mark.parametrize("agent", ["0003*210", "210", "12345", "1", "1*2"])
def test_a_local_agent_has_no_number_to_change(agent: str) -> None:
    raises(UPDATE, {**QUEUE, "agent": agent, "number": "+40721234567"}, "qag_cannot_update_number",
           param="number")
    assert validate(UPDATE, {**QUEUE, "agent": agent, "status": "1"})["status"] == 1


@pytest.mark.parametrize("agent", AGENT_INVALID)
def test_update_agent_invalid(agent: Any) -> None:
    raises(UPDATE, {**QUEUE, "agent": agent, "status": "1"}, "qag_agent_invalid", param="agent")


def test_update_agent_is_required() -> None:
    raises(UPDATE, {**QUEUE, "status": "1"}, "qag_agent_invalid", param="agent")


def test_update_check_order() -> None:
    params = {"number": "+1415", "status": "9", "agent": "x", "extension": "@self", "userId": "@me!"}
    assert errors_of(UPDATE, params) == [
        ("user_invalid", None, "userId"),
        ("extension_invalid", None, "extension"),
        ("qag_agent_invalid", None, "agent"),
        ("status_invalid", None, "status"),
        ("qag_number_invalid", None, "number"),
    ]


def test_local_agent_rule_comes_last() -> None:
    assert errors_of(UPDATE, {**LOCAL, "status": "9", "number": "+40721234567"}) == [
        ("status_invalid", None, "status"),
        ("qag_cannot_update_number", None, "number"),
    ]


def test_local_agent_rule_waits_for_a_valid_number() -> None:
    assert errors_of(UPDATE, {**LOCAL, "number": "+1415"}) == [("qag_number_invalid", None, "number")]


def test_unknown_body_fields_and_query_parameters_are_ignored() -> None:
    _, params = validate_request("PUT", f"{AGENTS_URL}/+40721234567?number=x&count=0",
                                 {"status": 0, "identifier": "x", "number": "+40721234568"})
    assert params == {**REMOTE, "status": 0, "number": "+40721234568"}
