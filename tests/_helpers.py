"""Assertions the operation tests share: the exact documented error, and cleaned results.

The expected messages are written out here, word for word from the documented table
(tests/http-return-codes.txt), instead of being read from the catalog: an operation test
must fail if the catalog and the documentation ever drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pytest

from ua_validate import UAError, ValidationError, Validator
from ua_validate.validator import default_validator

__all__ = [
    "BACKEND",
    "DEFAULTS",
    "MESSAGES",
    "VALIDATOR",
    "assert_error",
    "errors_of",
    "make_validator",
    "raises",
    "request_raises",
    "strict",
    "validate",
    "validate_request",
]

# The operation tests run on the Validator behind ua_validate.validate and validate_request;
# UA_VALIDATE_BACKEND=marshmallow (or compiled) runs the very same tests on that backend.
BACKEND: Any = os.environ.get("UA_VALIDATE_BACKEND") or None


def make_validator(**settings: Any) -> Validator:
    """A Validator with ``settings``, on the backend under test."""
    return Validator(**settings) if BACKEND is None else Validator(backend=BACKEND, **settings)


VALIDATOR = default_validator() if BACKEND is None else make_validator()


def validate(operation: str, params: Mapping[str, Any], *, all_errors: bool = False) -> dict[str, Any]:
    """``ua_validate.validate`` on the backend under test."""
    return VALIDATOR.validate(operation, params, all_errors=all_errors)


def validate_request(method: Any, url: Any, body: Any = None, *, all_errors: bool = False
                     ) -> tuple[str, dict[str, Any]]:
    """``ua_validate.validate_request`` on the backend under test."""
    return VALIDATOR.validate_request(method, url, body, all_errors=all_errors)

# The defaults every list operation fills in (SPEC §4).
DEFAULTS: Mapping[str, int] = {"count": 20, "startIndex": 0}

_DATE_HINT = "The format should be ISO ISO 8601 YYYY-MM-DDThh:mm:ss."

# (code, variant) -> (HTTP status, documented message). A code with one message has variant None.
MESSAGES: Mapping[tuple[str, str | None], tuple[int, str]] = {
    ("cdr_start_date_invalid", None): (400, f"The start date parameter is invalid. {_DATE_HINT}"),
    ("cdr_end_date_invalid", None): (400, f"The end date parameter is invalid. {_DATE_HINT}"),
    ("cdr_source_invalid", None): (400, "The source parameter is invalid."),
    ("cdr_destination_invalid", None): (400, "The destination parameter is invalid."),
    ("cdr_flow_invalid", None): (400, "The flow parameter is invalid."),
    ("cdr_disposition_invalid", None): (400, "The disposition parameter is invalid."),
    ("cdr_save_start_date_invalid", None): (
        400, f"The save start date parameter is invalid. {_DATE_HINT}"),
    ("cdr_save_end_date_invalid", None): (400, f"The end start date parameter is invalid. {_DATE_HINT}"),
    ("cdr_invalid_date_parameters", None): (
        400, "The start date parameter is greater than end date parameter."),
    ("cdr_invalid_filter_by_answered", None): (400, "The filter by answered date parameter is invalid."),
    ("cdr_invalid_filter_by_published", None): (400, "The filter by published date parameter is invalid."),
    ("cdr_invalid_filter_by_source", None): (400, "The filter by source parameter is invalid."),
    ("cdr_invalid_filter_by_destination", None): (400, "The filter by destination parameter is invalid."),
    ("fields_invalid", None): (400, "Parameter fields is invalid."),
    ("count_invalid", None): (400, "Parameter count is invalid."),
    ("filterby_invalid", None): (400, "Parameter filterBy is invalid."),
    ("filterop_invalid", None): (400, "Parameter filterOp is invalid."),
    ("filtervalue_invalid", "on_array"): (400, "Parameter filterValue for onArray operation is invalid."),
    ("filtervalue_invalid", "numbers"): (400, "Parameter filterValue contains invalid numbers."),
    ("filtervalue_invalid", "generic"): (400, "Parameter filterValue is invalid."),
    ("sortorder_invalid", None): (400, "Parameter sortOrder is invalid."),
    ("startindex_invalid", None): (400, "Parameter startIndex is invalid."),
    ("user_invalid", None): (400, "The user Id parameter is invalid."),
    ("extension_invalid", None): (400, "Invalid extension given in the URI-Fragment"),
    ("fx_recipients_invalid", None): (400, "The recipients parmeter is invalid."),
    ("fx_approved_invalid", None): (400, "The approved parameter is invalid."),
    ("fx_file_invalid", None): (400, "One of the sent files are invalid."),
    ("fx_max_files_reached", None): (400, "The number of files that can be sent has been exceeded."),
    ("fx_upload_identifier_invalid", None): (
        400, "Invalid uploadIdentifier. Must be alphanumeric and maximum 32 characters."),
    ("pc_duration_invalid", None): (400, "Parameter callDuration is invalid."),
    ("pc_source_invalid", None): (400, "Parameter source is invalid."),
    ("pc_destination_invalid", None): (400, "Parameter destination is invalid."),
    ("pc_timeout_invalid", None): (400, "Parameter timeout is invalid."),
    ("pc_callerid_invalid", None): (400, "Parameter callerId is not valid."),
    ("pc_transfer_invalid", None): (400, "Parameter allowPublicTransfer is invalid."),
    ("pc_nonce_invalid", None): (400, "Parameter nonce is invalid."),
    ("pc_calleriddestination_invalid", None): (400, "Parameter callerIdDestination is not valid."),
    ("pc_calleecallerid_invalid", None): (400, "Parameter callerIdDestination is not valid."),
    ("pc_video_invalid", None): (400, "Parameter video is invalid."),
    ("pc_pin_invalid", None): (400, "Parameter conferencePin is invalid."),
    ("pc_number_invalid", None): (400, "Parameter conferencePin is invalid."),
    ("invalid_filter_by_published", None): (400, "The filter by published date is invalid."),
    ("invalid_filter_by_phone_call_id", None): (400, "The filter by phone call id is invalid."),
    ("pc_parktimeout_invalid", None): (400, "Parameter maxinparking is invalid."),
    ("pc_phonecall_invalid", None): (400, "The PhoneCall ID provided is invalid."),
    ("pc_phonecallview_invalid", None): (400, "The PhoneCall View ID provided is invalid."),
    ("pc_recformat_invalid", None): (400, "Parameter format is invalid."),
    ("pc_sendcallto_invalid", None): (400, "Parameter sendCallTo is invalid."),
    ("pc_transfer_from_number_invalid", None): (400, "Parameter transferFromNumber is invalid."),
    ("pc_transfer_number_invalid", None): (400, "Parameter transferNumber is invalid."),
    ("pc_private_invalid", "private"): (400, "Parameter private is invalid."),
    ("pc_private_invalid", "phone_number"): (400, "The phone number is invalid."),
    ("pce_id_invalid", None): (400, "The id of the event is not valid."),
    ("pce_type_invalid", None): (400, "The type of the event is not valid."),
    ("pce_method_invalid", None): (400, "The request method is invalid."),
    ("pce_note_invalid", None): (400, "The note is invalid."),
    ("pce_url_invalid", None): (400, "The URL is invalid."),
    ("pce_status_invalid", None): (400, "The status is invalid."),
    ("status_invalid", None): (400, "The type of action performed is invalid."),
    ("qag_agent_invalid", None): (400, "The agent identifier is invalid."),
    ("qag_number_invalid", None): (400, "The agent phone number is invalid."),
    ("qag_cannot_update_number", None): (400, "Cannot modify the phone number for a local agent."),
    ("not_implemented", None): (501, "The operation is not implemented."),
}

_UNCHECKED: Any = object()


def assert_error(err: UAError, code: str, variant: str | None = None, *, param: Any = _UNCHECKED) -> None:
    """``err`` is the documented error ``code`` (message ``variant``), blaming ``param``.

    Checks code, variant, status, message and the exact response body; ``param`` (the name
    the failure reports, e.g. ``"phoneCallView[0].source"``) whenever it is given.
    """
    assert (code, variant) in MESSAGES, f"no documented message for {code!r} / {variant!r}"
    status, message = MESSAGES[code, variant]
    assert (err.code, err.variant) == (code, variant)
    assert err.status == status
    assert err.message == message
    assert err.body == {"error": {"code": code, "message": message}}
    if param is not _UNCHECKED:
        assert getattr(err, "param", None) == param


def raises(operation: str, params: Mapping[str, Any], code: str, variant: str | None = None, *,
           param: Any, validator: Validator | None = None) -> ValidationError:
    """Validating ``params`` for ``operation`` fails with exactly this documented error."""
    check = validator.validate if validator is not None else validate
    with pytest.raises(ValidationError) as info:
        check(operation, params)
    assert_error(info.value, code, variant, param=param)
    return info.value


def request_raises(method: str, url: str, body: Any = None, *, code: str, variant: str | None = None,
                   param: Any = _UNCHECKED) -> UAError:
    """The raw request fails with exactly this documented error."""
    with pytest.raises(UAError) as info:
        validate_request(method, url, body)
    assert_error(info.value, code, variant, param=param)
    return info.value


def errors_of(operation: str, params: Mapping[str, Any], *, validator: Validator | None = None
              ) -> list[tuple[str, str | None, str | None]]:
    """Every failure as (code, variant, param), in check order, with ``all_errors=True``.

    Also checks that the raised error itself is the first failure, and that validating
    without ``all_errors`` reports that same first failure alone.
    """
    check = validator.validate if validator is not None else validate
    with pytest.raises(ValidationError) as first:
        check(operation, params)
    with pytest.raises(ValidationError) as every:
        check(operation, params, all_errors=True)
    found = [(f.code, f.variant, f.param) for f in every.value.errors]
    assert len(first.value.errors) == 1
    assert (first.value.code, first.value.variant, first.value.param) == found[0]
    assert (every.value.code, every.value.variant, every.value.param) == found[0]
    assert every.value.body == first.value.body
    return found


def strict(value: Any) -> Any:
    """``value`` with its types spelled out, for comparing cleaned results exactly: True is not
    1, +01:00 is not Z, a tuple is not a list, and order counts."""
    if isinstance(value, dict):
        return ("dict", tuple((k, strict(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(strict(v) for v in value))
    if isinstance(value, datetime):
        return ("datetime", value.isoformat(), value.utcoffset())
    return (type(value).__name__, value)
