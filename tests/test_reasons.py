"""Reasons: why a request failed, for the developer, the same on both backends, never a value."""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ua_validate import Failure, UAError, ValidationError, Validator, loader, valuetypes
from ua_validate._reasons import _RULES, DESCRIPTIONS
from ua_validate.testing import ErrorCase, error_cases, requests_for, valid_requests

BACKENDS = {name: Validator(backend=name) for name in ("compiled", "marshmallow")}
SPEC = loader.default_spec()
CASES = error_cases()
# A run of this many digits may be a phone number (the audit's masking rule): no reason has one.
LONG_DIGITS = re.compile(r"[0-9]{7,}")


def failure_of(backend: str, op: str, params: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        BACKENDS[backend].validate(op, params)
    return info.value


def reasons(op: str, params: dict[str, Any]) -> str:
    """The reason of a request on both backends, which must agree."""
    found = {name: failure_of(name, op, params).reason for name in BACKENDS}
    assert found["compiled"] == found["marshmallow"], found
    return found["compiled"]


FAX = {"userId": "@me", "extension": "210", "recipients": ["210"]}
PDF = {"name": "a.pdf", "type": "pdf", "size": 1}
EVENTS = {"userId": "@me", "extension": "210"}
DATE = ("a date and time YYYY-MM-DDThh:mm:ss, optionally with a fraction (.f, 1 to 6 digits) and Z or "
        "+hh:mm / -hh:mm, a real calendar date and time")
EXTENSION = "an extension (210, or 0003*210: groups of 1 to 10 digits)"
PHONE = "a phone number (2 to 20 digits, optionally after +; with +, a possible number for its country code)"

# Hand-written: what a developer reads for representative failures.
EXPECTED = [
    ("cdr.list", {"count": "abc"}, "count must be an integer from 1 to 5000"),
    ("cdr.list", {"count": "1", "startIndex": "5001"}, "startIndex must be an integer from 0 to 5000"),
    ("cdr.list", {"startDate": "2024-02-01T00:00:00", "endDate": "2024-01-01T00:00:00"},
     "startDate must not be later than endDate (a date without a zone is taken as UTC)"),
    ("cdr.list", {"saveStartDate": "2024-02-01T00:00:00", "saveEndDate": "2024-01-01T00:00:00Z"},
     "saveStartDate must not be later than saveEndDate (a date without a zone is taken as UTC)"),
    ("cdr.list", {"startDate": "2024-02-30T00:00:00"}, f"startDate must be {DATE}"),
    ("cdr.list", {"flow": "3"}, "flow must be one of 2, 4 or 8"),
    ("cdr.list", {"sortOrder": "up"}, "sortOrder must be one of asc, desc, ascending or descending"),
    ("cdr.list", {"userId": "0"}, "userId in the path must be @me, @viewer or @owner, or 1 to 10 digits, not all zero"),
    ("cdr.list", {"filterBy": "source", "filterOp": "startsWith", "filterValue": "x"},
     f"filterValue for filterBy=source must be {EXTENSION} or a phone number (2 to 20 digits, optionally "
     "after +; with +, a possible number for its country code); with contains or startsWith, a part of one "
     "(1 to 64 digits, * and +); with inArray, a comma list of 1 to 100 of them; not empty, unless filterOp "
     "is present"),
    ("phone_calls.delete", {"userId": "@me", "extension": "210", "phoneNumber": "+999123456789"},
     f"phoneNumber must be {PHONE}"),
    ("phone_calls.simple", {"userId": "@me"}, f"extension is required in the body and must be {EXTENSION}"),
    ("phone_calls.simple", {"userId": "@me", "extension": "@self"},
     f"extension is required in the body and must be {EXTENSION}"),
    ("phone_calls.simple", {"userId": "@me", "extension": "210", "phoneCallView": [{}, {}]},
     "phoneCallView is required in the body and must be a list of exactly 1 object"),
    ("phone_calls.callback", {"userId": "@me", "extension": "210", "phoneCallView": [{"source": "0003*210"}]},
     f"phoneCallView[0].source is required and must be {PHONE}, or a list of 1 to 10 of them"),
    ("phone_calls.conference_invite", {"userId": "@me", "extension": "210",
                                       "phoneCallView": [{"source": "210", "destination": "211"}],
                                       "pin": "1", "conferencePin": "2"},
     "pin (or conferencePin, not both) must be 1 to 16 ASCII digits (text)"),
    ("phone_calls.update", {"userId": "@me", "extension": "210", "phoneCallId": "a1", "action": "Dance"},
     "action is required in the body and must be one of OnHold, OffHold, StartRecording, StopRecording, "
     "PickUp, BargeIn, Park, UnPark, Whisper, Transfer, TransferToVoicemail or Monitor"),
    ("phone_call_events.list", {**EVENTS, "filterBy": "status", "filterValue": "x"},
     "filterValue for filterBy=status must be a number: 0 or 1"),
    ("phone_call_events.list", {**EVENTS, "filterBy": "status", "filterValue": "7"},
     "filterValue for filterBy=status must be 0 or 1; with inArray, a comma list of 1 to 100 of them; "
     "not empty, unless filterOp is present"),
    ("phone_call_events.list", {**EVENTS, "filterBy": "type", "filterOp": "inArray", "filterValue": "1,,2"},
     "filterValue for filterBy=type with filterOp=inArray must be a comma list (no spaces, no empty item) "
     "of 1 to 100 items"),
    ("phone_call_events.create", {**EVENTS, "eventType": "1", "type": "2"},
     "type in the body must equal eventType in the path when both are given"),
    ("presence.list", {"userId": "@owner", "extension": "@self"},
     "extension in the path cannot be @self when userId in the path is @owner"),
    ("queue_agents.update", {"userId": "@me", "extension": "210", "agent": "211"},
     "status in the body must be one of 0, 1 or 2 (text or a JSON number); give status, number or both"),
    ("queue_agents.update", {"userId": "@me", "extension": "210", "agent": "211", "number": "+40213001000"},
     "number in the body cannot be given when agent in the path is a local agent (an extension: it holds * "
     "or has 1 to 5 digits)"),
    ("faxes.create", {**FAX, "files": []}, "files is required in the body and must be a non-empty list of objects"),
    ("faxes.create", {**FAX, "files": [PDF] * 11}, "files must hold at most 10 items (the max_fax_files setting)"),
    ("faxes.create", {**FAX, "files": [PDF, {**PDF, "type": "jpg"}]},
     "files[1].name must end as files[1].type says (.jpg or .jpeg for jpg; .tif or .tiff for tif; .pdf for pdf; "
     ".txt for txt; any letter case)"),
    ("faxes.create", {**FAX, "files": [{**PDF, "size": 0}]},
     "files[0].size is required and must be an integer (a JSON number or its digits) from 1 to 25,000,000 "
     "(the max_fax_file_size setting)"),
    ("faxes.create", {**FAX, "files": [{**PDF, "name": "a/b.pdf"}]},
     "files[0].name is required and must be a file name of 1 to 255 characters without /, \\ or control "
     "characters, not . or .., ending in .jpg, .jpeg, .tif, .tiff, .pdf or .txt (any letter case)"),
    ("faxes.create", {**FAX, "recipients": []},
     f"recipients is required in the body and must be a list of 1 to 50 items (the max_fax_recipients "
     f"setting), each {EXTENSION} or a phone number (2 to 20 digits, optionally after +; with +, a possible "
     "number for its country code)"),
]


@pytest.mark.parametrize(("op", "params", "expected"), EXPECTED)
def test_the_reason_states_the_rule(op: str, params: dict[str, Any], expected: str) -> None:
    assert reasons(op, params) == expected


def test_settings_show_in_the_reason() -> None:
    strict = Validator(max_fax_files=2, max_fax_file_size=5000, phone_region="RO")
    with pytest.raises(ValidationError) as info:
        strict.validate("faxes.create", {**FAX, "files": [PDF] * 3})
    assert info.value.reason == "files must hold at most 2 items (the max_fax_files setting)"
    with pytest.raises(ValidationError) as info:
        strict.validate("faxes.create", {**FAX, "files": [{**PDF, "size": 5001}]})
    assert info.value.reason.endswith("from 1 to 5000 (the max_fax_file_size setting)")
    with pytest.raises(ValidationError) as info:
        strict.validate("phone_calls.delete", {"userId": "@me", "extension": "210", "phoneNumber": "12"})
    assert info.value.reason == ("phoneNumber must be a phone number (2 to 20 digits, optionally after +; with +, "
                                 "a possible number for its country code; without +, a possible number of RO)")


def test_every_failure_with_all_errors_has_its_reason() -> None:
    params = {"count": "0", "startIndex": "-1", "flow": "1"}
    for backend in BACKENDS.values():
        with pytest.raises(ValidationError) as info:
            backend.validate("cdr.list", params, all_errors=True)
        assert [f.reason for f in info.value.errors] == [
            "flow must be one of 2, 4 or 8",
            "count must be an integer from 1 to 5000",
            "startIndex must be an integer from 0 to 5000",
        ]


# --- every failure the harness can produce ------------------------------------------------------

def _digit_runs(value: Any) -> Iterator[str]:
    """Every run of 7 or more digits in the request's values (where phone numbers are)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _digit_runs(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _digit_runs(item)
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        yield from LONG_DIGITS.findall(str(value))


@pytest.mark.parametrize("case", CASES, ids=[f"{c.operation}-{c.param}-{c.kind}-{c.code}-{c.variant}-"
                                              f"{c.action}-{c.filter_by}-{c.filter_op}" for c in CASES])
@settings(max_examples=3)
@given(data=st.data())
def test_every_failure_has_a_specific_reason(case: ErrorCase, data: st.DataObject) -> None:
    params = data.draw(requests_for(case), label="params")
    found = {name: failure_of(name, case.operation, params).failure for name in BACKENDS}
    failure = found["compiled"]
    assert (failure.code, failure.variant) == (case.code, case.variant)
    reason = failure.reason
    assert reason == found["marshmallow"].reason  # one home for the text: both backends agree
    # specific: not the text of a Failure without a reason, and it names the parameter
    assert reason != Failure(failure.code, failure.variant, failure.param, failure.location).reason
    assert reason.startswith(failure.param or "?"), reason
    if case.kind == "rule":
        for name in case.params:
            assert name.rpartition("].")[2].rpartition(".")[2] in reason
    if case.filter_by is not None and failure.param == "filterValue":
        assert f"filterBy={case.filter_by}" in reason
    # never a request value: no phone number's digits, nothing a header cannot carry
    assert LONG_DIGITS.search(reason) is None, reason
    for run in _digit_runs(params):
        assert run not in reason
    assert reason.isascii() and reason.isprintable()


# --- the reason never holds the value -------------------------------------------------------------

PHONE_LIKE = st.from_regex(r"\+?[0-9]{2,24}", fullmatch=True)
ANY_VALUE = st.one_of(st.text(max_size=40), PHONE_LIKE, st.integers(), st.none(), st.booleans(),
                      st.lists(PHONE_LIKE, max_size=3), st.floats(allow_nan=False))
# (operation, parameter) pairs where any value may stand, with a valid request around it.
TARGETS = [("cdr.list", "source"), ("cdr.list", "count"), ("phone_calls.delete", "phoneNumber"),
           ("queue_agents.update", "number"), ("phone_calls.simple", "phoneCallView"),
           ("faxes.create", "recipients"), ("phone_call_events.create", "note"),
           ("phone_call_events.list", "filterValue"), ("queue_agents.update", "agent")]


def _reference(op: str, name: str, base: dict[str, Any]) -> Failure | None:
    try:
        BACKENDS["compiled"].validate(op, {**base, name: None})
    except ValidationError as err:
        return err.failure if err.param == name else None
    return None


@pytest.mark.parametrize(("op", "name"), TARGETS)
@given(data=st.data(), value=ANY_VALUE)
def test_a_reason_is_the_same_whatever_the_value(op: str, name: str, data: st.DataObject, value: Any) -> None:
    base = data.draw(valid_requests(op), label="base")
    expected = _reference(op, name, base)
    for backend in BACKENDS.values():
        try:
            backend.validate(op, {**base, name: value})
        except ValidationError as err:
            if err.param != name:
                continue
            if expected is not None and err.failure == expected:
                assert err.reason == expected.reason  # the same text as for a null: none of the value
            for run in _digit_runs(value):
                assert run not in err.reason
            assert LONG_DIGITS.search(err.reason) is None


# --- the registry and the rules all have their text --------------------------------------------

def test_every_value_type_and_rule_kind_has_its_text() -> None:
    assert set(DESCRIPTIONS) == set(valuetypes.TYPES)
    assert set(_RULES) == set(loader.RULES)


# --- repr, pickling, UAError -----------------------------------------------------------------------

def test_repr_shows_the_reason_and_no_value() -> None:
    err = failure_of("compiled", "phone_calls.delete", {"userId": "@me", "extension": "210",
                                                         "phoneNumber": "+99912345678"})
    assert repr(err) == ("ValidationError('pc_private_invalid', variant='phone_number', param='phoneNumber', "
                         f"reason='phoneNumber must be {PHONE}')")
    assert repr(err.failure) == ("Failure(code='pc_private_invalid', variant='phone_number', param='phoneNumber', "
                                 f"location='query', reason='phoneNumber must be {PHONE}')")
    assert "12345678" not in repr(err) + repr(err.errors) + str(err)
    assert str(err) == "The phone number is invalid."  # the message stays the documented one
    assert err.body == {"error": {"code": "pc_private_invalid", "message": "The phone number is invalid."}}


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_the_reason_survives_pickling(backend: str) -> None:
    err = failure_of(backend, "faxes.create", {**FAX, "files": [{**PDF, "size": 0}]})
    again = pickle.loads(pickle.dumps(err))
    assert again.reason == err.reason and again.errors == err.errors
    assert again.errors[0].reason == err.errors[0].reason


def test_a_handler_error_has_a_reason_only_when_given_one() -> None:
    plain = UAError("pce_fail_add")
    assert plain.reason is None and repr(plain) == "UAError('pce_fail_add')"
    told = UAError("qag_fail_update", reason="the queue refused the agent")
    assert told.reason == "the queue refused the agent"
    assert repr(told) == "UAError('qag_fail_update', reason='the queue refused the agent')"
    assert pickle.loads(pickle.dumps(told)).reason == told.reason
    assert told.body == UAError("qag_fail_update").body  # never in the body
    variant = UAError("filtervalue_invalid", "numbers", reason="x")
    assert (variant.variant, variant.reason) == ("numbers", "x")


def test_a_failure_built_by_hand_names_its_code() -> None:
    assert Failure("count_invalid", param="count").reason == "count_invalid on count"
    assert Failure("filtervalue_invalid", "numbers").reason == "filtervalue_invalid (numbers)"
    assert ValidationError(Failure("count_invalid", param="count")).reason == "count_invalid on count"
