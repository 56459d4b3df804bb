"""Every limit of SPEC §3-§5 at its edges, each verdict written out by hand from SPEC.

The generated and property tests judge values with the engine's own checkers, so a limit
changed in the engine (count 5000 -> 5001, maxInParking 10 -> 9, a date order ``>`` -> ``>=``)
changes the oracle too and survives them. Here nothing is computed: each row says what SPEC
says of one value just inside and one just outside a limit, and the cleaned value or the
exact documented error (tests/_helpers.py) it must give. ``make mutation`` relies on this
table to kill the mutants of ``types.py``, ``rules.py`` and the schema files' limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

import pytest

from _helpers import VALIDATOR, make_validator, raises
from ua_validate import Validator


class Ok(NamedTuple):
    """The value is valid; the cleaned result holds ``cleaned`` at ``path``."""

    path: tuple[str | int, ...]
    cleaned: Any


class Fails(NamedTuple):
    """The request fails with exactly this documented error, blaming ``param``."""

    code: str
    param: str
    variant: str | None = None


def ok(path: str | tuple[str | int, ...], cleaned: Any) -> Ok:
    return Ok(path if isinstance(path, tuple) else (path,), cleaned)


def row(name: str, operation: str, params: Mapping[str, Any], expected: Ok | Fails,
        settings: Mapping[str, int] | None = None, marks: Any = ()) -> Any:
    return pytest.param(operation, dict(params), expected, dict(settings or {}), id=name, marks=marks)


# --- valid requests that each row changes in one place -----------------------------------------

CDR = "cdr.list"
SIMPLE = "phone_calls.simple"
CALLBACK = "phone_calls.callback"
CONFERENCE = "phone_calls.conference_invite"
PC_LIST = "phone_calls.list"
UPDATE = "phone_calls.update"
DELETE = "phone_calls.delete"
FAX = "faxes.create"
AGENTS = "queue_agents.list"
AGENT_UPDATE = "queue_agents.update"
EVENT = "phone_call_events.create"
EVENTS = "phone_call_events.list"

FILE = {"name": "a.pdf", "type": "pdf", "size": 1}


def cdr(**params: Any) -> dict[str, Any]:
    return {"userId": "@me", **params}


def call(view: Mapping[str, Any] | None = None, **params: Any) -> dict[str, Any]:
    """A phone call creation; ``view`` replaces keys of phoneCallView[0]."""
    return {"userId": "@me", "extension": "210",
            "phoneCallView": [{"source": "3334444", "destination": "3235742879", **(view or {})}], **params}


def action(name: str, **fields: Any) -> dict[str, Any]:
    return {"userId": "@me", "extension": "210", "phoneCallId": "abc", "action": name, **fields}


def hangup(**params: Any) -> dict[str, Any]:
    return {"userId": "@me", "extension": "210", **params}


def fax(**params: Any) -> dict[str, Any]:
    return {"userId": "@me", "extension": "210", "recipients": ["210"], "files": [dict(FILE)], **params}


def fax_file(**fields: Any) -> dict[str, Any]:
    return fax(files=[{**FILE, **fields}])


def event(**params: Any) -> dict[str, Any]:
    return {"userId": "@me", "extension": "210", "type": "0", "method": "0", "url": "http://a.example/",
            **params}


def listing(**params: Any) -> dict[str, Any]:
    return {"userId": "@me", "extension": "210", **params}


VIEW_SOURCE = ("phoneCallView", 0, "source")
VIEW_CALLER = ("phoneCallView", 0, "callerId")
URL_HEAD = "http://a.example/"  # 17 characters
NAMES_100 = ",".join(["id"] * 100)
ITEMS_100 = ",".join(["210"] * 100)


def naive(*parts: int) -> datetime:
    return datetime(*parts)


def aware(*parts: int, hours: int = 0, minutes: int = 0) -> datetime:
    return datetime(*parts, tzinfo=timezone(timedelta(hours=hours, minutes=minutes)))


LIMITS = [
    # §4 count: Int(1..5000), at most 10 digits, leading zeros allowed; default 20.
    row("count absent is 20", CDR, cdr(), ok("count", 20)),
    row("count 0", CDR, cdr(count="0"), Fails("count_invalid", "count")),
    row("count 1", CDR, cdr(count="1"), ok("count", 1)),
    row("count 5000", CDR, cdr(count="5000"), ok("count", 5000)),
    row("count 5001", CDR, cdr(count="5001"), Fails("count_invalid", "count")),
    row("count JSON 5000", CDR, cdr(count=5000), ok("count", 5000)),
    row("count JSON 5001", CDR, cdr(count=5001), Fails("count_invalid", "count")),
    row("count JSON 0", CDR, cdr(count=0), Fails("count_invalid", "count")),
    row("count 10 digits", CDR, cdr(count="0000005000"), ok("count", 5000)),
    row("count 11 digits", CDR, cdr(count="00000000001"), Fails("count_invalid", "count")),
    row("count -1", CDR, cdr(count="-1"), Fails("count_invalid", "count")),
    row("count on events", EVENTS, listing(count="5001"), Fails("count_invalid", "count")),
    # §4 startIndex: Int(0..5000); default 0.
    row("startIndex absent is 0", CDR, cdr(), ok("startIndex", 0)),
    row("startIndex -1", CDR, cdr(startIndex="-1"), Fails("startindex_invalid", "startIndex")),
    row("startIndex JSON -1", CDR, cdr(startIndex=-1), Fails("startindex_invalid", "startIndex")),
    row("startIndex 0", CDR, cdr(startIndex="0"), ok("startIndex", 0)),
    row("startIndex 5000", CDR, cdr(startIndex="5000"), ok("startIndex", 5000)),
    row("startIndex 5001", CDR, cdr(startIndex="5001"), Fails("startindex_invalid", "startIndex")),
    row("startIndex JSON 5001", CDR, cdr(startIndex=5001), Fails("startindex_invalid", "startIndex")),
    # §4 fields: at most 100 names (docs/decisions.md).
    row("fields 100 names", CDR, cdr(fields=NAMES_100), ok("fields", ("id",) * 100)),
    row("fields 101 names", CDR, cdr(fields=NAMES_100 + ",id"), Fails("fields_invalid", "fields")),
    # §4 inArray: 1-100 items.
    row("inArray 100 items (CDR)", CDR, cdr(filterBy="source", filterOp="inArray", filterValue=ITEMS_100),
        ok("filterValue", ("210",) * 100)),
    row("inArray 101 items (CDR)", CDR,
        cdr(filterBy="source", filterOp="inArray", filterValue=ITEMS_100 + ",210"),
        Fails("cdr_invalid_filter_by_source", "filterValue")),
    row("inArray 100 items", EVENTS, listing(filterBy="id", filterOp="inArray", filterValue=",".join(["a"] * 100)),
        ok("filterValue", ("a",) * 100)),
    row("inArray 101 items", EVENTS, listing(filterBy="id", filterOp="inArray", filterValue=",".join(["a"] * 101)),
        Fails("filtervalue_invalid", "filterValue", "on_array")),
    row("inArray 1 item", EVENTS, listing(filterBy="type", filterOp="inArray", filterValue="4"),
        ok("filterValue", (4,))),
    # §4 contains/startsWith on a number field: a part of a number, 1-64 characters (decisions.md).
    row("number part 64", CDR, cdr(filterBy="source", filterOp="contains", filterValue="+" + "1" * 63),
        ok("filterValue", "+" + "1" * 63)),
    row("number part 65", CDR, cdr(filterBy="source", filterOp="startsWith", filterValue="*" * 65),
        Fails("cdr_invalid_filter_by_source", "filterValue")),
    # §4 filterValue variants on numeric filter fields: not digits -> numbers; digits -> generic.
    row("numeric filter: not a number", AGENTS, listing(filterBy="status", filterValue="x"),
        Fails("filtervalue_invalid", "filterValue", "numbers")),
    row("numeric filter: 3", AGENTS, listing(filterBy="status", filterValue="3"),
        Fails("filtervalue_invalid", "filterValue", "generic")),
    row("numeric filter: 2", AGENTS, listing(filterBy="status", filterValue="2"), ok("filterValue", 2)),
    row("numeric filter: 20 digits", AGENTS, listing(filterBy="status", filterValue="1" * 20),
        Fails("filtervalue_invalid", "filterValue", "generic")),
    row("numeric filter: 21 digits", AGENTS, listing(filterBy="status", filterValue="1" * 21),
        Fails("filtervalue_invalid", "filterValue", "generic")),
    row("numeric filter: 20 digits (events)", EVENTS, listing(filterBy="method", filterValue="0" * 20),
        Fails("filtervalue_invalid", "filterValue", "generic")),

    # §3 UserId: keywords or 1-10 ASCII digits, not all zero.
    row("userId 10 digits", CDR, cdr(userId="1234567890"), ok("userId", "1234567890")),
    row("userId 11 digits", CDR, cdr(userId="12345678901"), Fails("user_invalid", "userId")),
    row("userId 0", CDR, cdr(userId="0"), Fails("user_invalid", "userId")),
    row("userId 10 zeros", CDR, cdr(userId="0000000000"), Fails("user_invalid", "userId")),
    row("userId 9 zeros and 1", CDR, cdr(userId="0000000001"), ok("userId", "0000000001")),
    row("userId 1", SIMPLE, call(userId="1"), ok("userId", "1")),
    row("userId @owner", SIMPLE, call(userId="@owner"), ok("userId", "@owner")),
    row("userId @self", SIMPLE, call(userId="@self"), Fails("user_invalid", "userId")),

    # §3 Extension: D+ or D+*D+, each group 1-10 digits.
    row("extension 10 digits", FAX, fax(extension="1" * 10), ok("extension", "1" * 10)),
    row("extension 11 digits", FAX, fax(extension="1" * 11), Fails("extension_invalid", "extension")),
    row("extension 10*10", FAX, fax(extension="1" * 10 + "*" + "2" * 10), ok("extension", "1" * 10 + "*" + "2" * 10)),
    row("extension 11*1", FAX, fax(extension="1" * 11 + "*2"), Fails("extension_invalid", "extension")),
    row("extension 1*11", FAX, fax(extension="1*" + "2" * 11), Fails("extension_invalid", "extension")),
    row("extension 1*1", FAX, fax(extension="1*2"), ok("extension", "1*2")),
    row("extension two stars", FAX, fax(extension="1*2*3"), Fails("extension_invalid", "extension")),
    row("extension empty group", FAX, fax(extension="1*"), Fails("extension_invalid", "extension")),
    row("extension @self refused", FAX, fax(extension="@self"), Fails("extension_invalid", "extension")),
    row("extension @self allowed", PC_LIST, listing(extension="@self"), ok("extension", "@self")),

    # §3 PhoneNumber: optional +, then 2-20 ASCII digits.
    row("phone 1 digit", DELETE, hangup(phoneNumber="1"),
        Fails("pc_private_invalid", "phoneNumber", "phone_number")),
    row("phone 2 digits", DELETE, hangup(phoneNumber="12"), ok("phoneNumber", "12")),
    row("phone 20 digits", DELETE, hangup(phoneNumber="1" * 20), ok("phoneNumber", "1" * 20)),
    row("phone 21 digits", DELETE, hangup(phoneNumber="1" * 21),
        Fails("pc_private_invalid", "phoneNumber", "phone_number")),
    row("phone + possible", DELETE, hangup(phoneNumber="+40721234567"), ok("phoneNumber", "+40721234567")),
    row("phone + too short", DELETE, hangup(phoneNumber="+4072123"),
        Fails("pc_private_invalid", "phoneNumber", "phone_number")),
    # ExtOrPhone: 11-20 digits are a phone number, 21 are nothing.
    row("source 20 digits", CDR, cdr(source="1" * 20), ok("source", "1" * 20)),
    row("source 21 digits", CDR, cdr(source="1" * 21), Fails("cdr_source_invalid", "source")),
    row("callback source 2 digits", CALLBACK, call({"source": "12"}), ok(VIEW_SOURCE, "12")),
    row("callback source 1 digit", CALLBACK, call({"source": "1"}),
        Fails("pc_source_invalid", "phoneCallView[0].source")),

    # §3 CallerId: NUMBER 1-32 characters ('+' counts), Name 1-64 characters.
    row("callerId 32 digits", SIMPLE, call({"callerId": "1" * 32}), ok(VIEW_CALLER, "1" * 32)),
    row("callerId 33 digits", SIMPLE, call({"callerId": "1" * 33}),
        Fails("pc_callerid_invalid", "phoneCallView[0].callerId")),
    row("callerId + and 31", SIMPLE, call({"callerId": "+" + "1" * 31}), ok(VIEW_CALLER, "+" + "1" * 31)),
    row("callerId + and 32", SIMPLE, call({"callerId": "+" + "1" * 32}),
        Fails("pc_callerid_invalid", "phoneCallView[0].callerId")),
    row("callerId + alone", SIMPLE, call({"callerId": "+"}),
        Fails("pc_callerid_invalid", "phoneCallView[0].callerId")),
    row("callerId 1 star", SIMPLE, call({"callerId": "*"}), ok(VIEW_CALLER, "*")),
    row("callerId name 64", SIMPLE, call({"callerId": "n" * 64 + " <210>"}), ok(VIEW_CALLER, "n" * 64 + " <210>")),
    row("callerId name 65", SIMPLE, call({"callerId": "n" * 65 + " <210>"}),
        Fails("pc_callerid_invalid", "phoneCallView[0].callerId")),
    row("callerId name 64, no space", SIMPLE, call({"callerId": "n" * 64 + "<210>"}),
        ok(VIEW_CALLER, "n" * 64 + "<210>")),
    row("callerId name 65, no space", SIMPLE, call({"callerId": "n" * 65 + "<210>"}),
        Fails("pc_callerid_invalid", "phoneCallView[0].callerId")),
    row("callerId name 1", SIMPLE, call({"callerId": "n<210>"}), ok(VIEW_CALLER, "n<210>")),
    row("callerId name 0", SIMPLE, call({"callerId": "<210>"}),
        Fails("pc_callerid_invalid", "phoneCallView[0].callerId")),
    row("callerId longest", SIMPLE, call({"callerId": "n" * 64 + " <+" + "1" * 31 + ">"}),
        ok(VIEW_CALLER, "n" * 64 + " <+" + "1" * 31 + ">")),
    row("callerId name 64, number 33", SIMPLE, call({"callerId": "n" * 64 + " <" + "1" * 33 + ">"}),
        Fails("pc_callerid_invalid", "phoneCallView[0].callerId")),
    row("callerId name 1, number 33", SIMPLE, call({"callerId": "n <" + "1" * 33 + ">"}),
        Fails("pc_callerid_invalid", "phoneCallView[0].callerId")),
    row("callerId name 1, + and 32", SIMPLE, call({"callerId": "n <+" + "1" * 32 + ">"}),
        Fails("pc_callerid_invalid", "phoneCallView[0].callerId")),
    row("callerIdDestination 33", SIMPLE, call({"callerIdDestination": "1" * 33}),
        Fails("pc_calleriddestination_invalid", "phoneCallView[0].callerIdDestination")),
    row("calleeCallerId 32", CALLBACK, call({"calleeCallerId": "1" * 32}),
        ok(("phoneCallView", 0, "calleeCallerId"), "1" * 32)),

    # §3 ObjectId 1-64, EventId 1-255, UploadId 1-32 ASCII letters and digits.
    row("phoneCallId 64", PC_LIST, listing(phoneCallId="a" * 64), ok("phoneCallId", "a" * 64)),
    row("phoneCallId 65", PC_LIST, listing(phoneCallId="a" * 65), Fails("pc_phonecall_invalid", "phoneCallId")),
    row("phoneCallId 1", UPDATE, action("OnHold", phoneCallId="a"), ok("phoneCallId", "a")),
    row("phoneCallId 0", UPDATE, action("OnHold", phoneCallId=""), Fails("pc_phonecall_invalid", "phoneCallId")),
    row("eventId 255", EVENTS, listing(eventType="0", eventId="e" * 255), ok("eventId", "e" * 255)),
    row("eventId 256", EVENTS, listing(eventType="0", eventId="e" * 256), Fails("pce_id_invalid", "eventId")),
    row("eventId 0", EVENTS, listing(eventType="0", eventId=""), Fails("pce_id_invalid", "eventId")),
    row("uploadIdentifier 32", FAX, fax_file(uploadIdentifier="u" * 32),
        ok(("files", 0, "uploadIdentifier"), "u" * 32)),
    row("uploadIdentifier 33", FAX, fax_file(uploadIdentifier="u" * 33),
        Fails("fx_upload_identifier_invalid", "files[0].uploadIdentifier")),
    row("uploadIdentifier 0", FAX, fax_file(uploadIdentifier=""),
        Fails("fx_upload_identifier_invalid", "files[0].uploadIdentifier")),
    row("filter id 64", PC_LIST, listing(filterBy="id", filterValue="a" * 64), ok("filterValue", "a" * 64)),
    row("filter id 65", PC_LIST, listing(filterBy="id", filterValue="a" * 65),
        Fails("invalid_filter_by_phone_call_id", "filterValue")),

    # §3 Url: 1-2048 characters.
    row("url 2048", EVENT, event(url=URL_HEAD + "a" * 2031), ok("url", URL_HEAD + "a" * 2031)),
    row("url 2049", EVENT, event(url=URL_HEAD + "a" * 2032), Fails("pce_url_invalid", "url")),
    row("url port 65535", EVENT, event(url="http://a.example:65535/"), ok("url", "http://a.example:65535/")),
    row("url port 65536", EVENT, event(url="http://a.example:65536/"), Fails("pce_url_invalid", "url")),
    row("url [IPv6]:port", EVENT, event(url="http://[::1]:65535/x"), ok("url", "http://[::1]:65535/x")),
    row("url [IPv6]:port 65536", EVENT, event(url="http://[::1]:65536/x"), Fails("pce_url_invalid", "url")),
    # §3 Note: 0-255 characters.
    row("note 255", EVENT, event(note="n" * 255), ok("note", "n" * 255)),
    row("note 256", EVENT, event(note="n" * 256), Fails("pce_note_invalid", "note")),
    row("note 0", EVENT, event(note=""), ok("note", "")),

    # §5 phone call creation.
    row("phoneCallView 0 objects", SIMPLE, call(phoneCallView=[]),
        Fails("pc_phonecallview_invalid", "phoneCallView")),
    row("phoneCallView 2 objects", SIMPLE,
        call(phoneCallView=[{"source": "210", "destination": "211"}] * 2),
        Fails("pc_phonecallview_invalid", "phoneCallView")),
    row("source list 10", SIMPLE, call({"source": ["210"] * 10}), ok(VIEW_SOURCE, ("210",) * 10)),
    row("source list 11", SIMPLE, call({"source": ["210"] * 11}),
        Fails("pc_source_invalid", "phoneCallView[0].source")),
    row("source list 0", SIMPLE, call({"source": []}), Fails("pc_source_invalid", "phoneCallView[0].source")),
    row("destination list 10", CONFERENCE, call({"destination": ["210"] * 10}),
        ok(("phoneCallView", 0, "destination"), ("210",) * 10)),
    row("destination list 11", CONFERENCE, call({"destination": ["210"] * 11}),
        Fails("pc_destination_invalid", "phoneCallView[0].destination")),
    row("callback source list 11", CALLBACK, call({"source": ["3334444"] * 11}),
        Fails("pc_source_invalid", "phoneCallView[0].source")),
    row("callDuration 0", SIMPLE, call(callDuration="0"), Fails("pc_duration_invalid", "callDuration")),
    row("callDuration 1", SIMPLE, call(callDuration="1"), ok("callDuration", 1)),
    row("callDuration 86400", CALLBACK, call(callDuration="86400"), ok("callDuration", 86400)),
    row("callDuration 86401", CALLBACK, call(callDuration="86401"), Fails("pc_duration_invalid", "callDuration")),
    row("waitForPickup absent is 25", SIMPLE, call(), ok("waitForPickup", 25)),
    row("waitForPickup 0", SIMPLE, call(waitForPickup="0"), Fails("pc_timeout_invalid", "waitForPickup")),
    row("waitForPickup 1", SIMPLE, call(waitForPickup="1"), ok("waitForPickup", 1)),
    row("waitForPickup 3600", CONFERENCE, call(waitForPickup="3600"), ok("waitForPickup", 3600)),
    row("waitForPickup 3601", CONFERENCE, call(waitForPickup="3601"), Fails("pc_timeout_invalid", "waitForPickup")),
    row("nonce 255", SIMPLE, call(nonce="~" * 255), ok("nonce", "~" * 255)),
    row("nonce 256", SIMPLE, call(nonce="~" * 256), Fails("pc_nonce_invalid", "nonce")),
    row("nonce 1", CALLBACK, call(nonce="!"), ok("nonce", "!")),
    row("nonce 0", CALLBACK, call(nonce=""), Fails("pc_nonce_invalid", "nonce")),
    row("nonce space", CALLBACK, call(nonce="a b"), Fails("pc_nonce_invalid", "nonce")),
    row("pin 16", CONFERENCE, call(pin="0" * 16), ok("pin", "0" * 16)),
    row("pin 17", CONFERENCE, call(pin="0" * 17), Fails("pc_pin_invalid", "pin")),
    row("pin 1", CONFERENCE, call(pin="0"), ok("pin", "0")),
    row("pin 0", CONFERENCE, call(pin=""), Fails("pc_pin_invalid", "pin")),
    row("conference number 0", CONFERENCE, call(number="0"), Fails("pc_number_invalid", "number")),
    row("conference number 1", CONFERENCE, call(number="1"), ok("number", 1)),
    row("conference number 9999999999", CONFERENCE, call(number="9999999999"), ok("number", 9999999999)),
    row("conference number JSON 10000000000", CONFERENCE, call(number=10000000000),
        Fails("pc_number_invalid", "number")),

    # §5 phone_calls.update.
    row("phoneCallViewId 4 digits", UPDATE, action("Park", phoneCallViewId="9999"), ok("phoneCallViewId", "9999")),
    row("phoneCallViewId 5 digits", UPDATE, action("Park", phoneCallViewId="00001"),
        Fails("pc_phonecallview_invalid", "phoneCallViewId")),
    row("phoneCallViewId 1 digit", UPDATE, action("OnHold", phoneCallViewId="0"), ok("phoneCallViewId", "0")),
    row("phoneCallViewId 0 digits", UPDATE, action("OnHold", phoneCallViewId=""),
        Fails("pc_phonecallview_invalid", "phoneCallViewId")),
    row("maxInParking 9", UPDATE, action("Park", phoneCallViewId="1", maxInParking="9"),
        Fails("pc_parktimeout_invalid", "maxInParking")),
    row("maxInParking 10", UPDATE, action("Park", phoneCallViewId="1", maxInParking="10"), ok("maxInParking", 10)),
    row("maxInParking 3600", UPDATE, action("Park", phoneCallViewId="1", maxInParking=3600),
        ok("maxInParking", 3600)),
    row("maxInParking 3601", UPDATE, action("Park", phoneCallViewId="1", maxInParking="3601"),
        Fails("pc_parktimeout_invalid", "maxInParking")),
    row("action waitForPickup absent is 25", UPDATE, action("PickUp", phoneCallViewId="1", sendCallTo="210"),
        ok("waitForPickup", 25)),
    row("action waitForPickup 0", UPDATE, action("PickUp", phoneCallViewId="1", sendCallTo="210", waitForPickup=0),
        Fails("pc_timeout_invalid", "waitForPickup")),
    row("action waitForPickup 1", UPDATE, action("Monitor", phoneCallViewId="1", sendCallTo="210", waitForPickup="1"),
        ok("waitForPickup", 1)),
    row("action waitForPickup 3600", UPDATE,
        action("BargeIn", phoneCallViewId="1", sendCallTo="210", waitForPickup=3600), ok("waitForPickup", 3600)),
    row("action waitForPickup 3601", UPDATE,
        action("UnPark", phoneCallViewId="1", sendCallTo="210", waitForPickup="3601"),
        Fails("pc_timeout_invalid", "waitForPickup")),
    row("action callerId 33", UPDATE, action("Whisper", phoneCallViewId="1", sendCallTo="210", callerId="1" * 33),
        Fails("pc_callerid_invalid", "callerId")),
    row("sendCallTo 10*10", UPDATE, action("PickUp", phoneCallViewId="1", sendCallTo="1" * 10 + "*" + "1" * 10),
        ok("sendCallTo", "1" * 10 + "*" + "1" * 10)),
    row("sendCallTo 11 digits", UPDATE, action("PickUp", phoneCallViewId="1", sendCallTo="1" * 11),
        Fails("pc_sendcallto_invalid", "sendCallTo")),
    row("transferNumber 20 digits", UPDATE, action("TransferToVoicemail", sendCallTo="210", transferNumber="1" * 20),
        ok("transferNumber", "1" * 20)),
    row("transferNumber 21 digits", UPDATE, action("TransferToVoicemail", sendCallTo="210", transferNumber="1" * 21),
        Fails("pc_transfer_number_invalid", "transferNumber")),

    # §5 faxes.create, at the default settings.
    row("recipients 50", FAX, fax(recipients=["210"] * 50), ok("recipients", ("210",) * 50)),
    row("recipients 51", FAX, fax(recipients=["210"] * 51), Fails("fx_recipients_invalid", "recipients")),
    row("recipients 0", FAX, fax(recipients=[]), Fails("fx_recipients_invalid", "recipients")),
    row("recipient 21 digits", FAX, fax(recipients=["1" * 21]), Fails("fx_recipients_invalid", "recipients")),
    row("files 10", FAX, fax(files=[FILE] * 10), ok("files", (FILE,) * 10)),
    row("files 11", FAX, fax(files=[FILE] * 11), Fails("fx_max_files_reached", "files")),
    row("files 0", FAX, fax(files=[]), Fails("fx_file_invalid", "files")),
    row("file size 0", FAX, fax_file(size=0), Fails("fx_file_invalid", "files[0].size")),
    row("file size 1", FAX, fax_file(size="1"), ok(("files", 0, "size"), 1)),
    row("file size 25000000", FAX, fax_file(size=25_000_000), ok(("files", 0, "size"), 25_000_000)),
    row("file size 25000001", FAX, fax_file(size=25_000_001), Fails("fx_file_invalid", "files[0].size")),
    row("file name 255", FAX, fax_file(name="f" * 251 + ".pdf"), ok(("files", 0, "name"), "f" * 251 + ".pdf")),
    row("file name 256", FAX, fax_file(name="f" * 252 + ".pdf"), Fails("fx_file_invalid", "files[0].name")),
    row("file name suffix only", FAX, fax_file(name=".pdf"), ok(("files", 0, "name"), ".pdf")),
    row("second file size 25000001", FAX, fax(files=[FILE, {**FILE, "size": 25_000_001}]),
        Fails("fx_file_invalid", "files[1].size")),
    # ... and at custom settings.
    row("recipients 3 of 3", FAX, fax(recipients=["210"] * 3), ok("recipients", ("210",) * 3),
        settings={"max_fax_recipients": 3}),
    row("recipients 4 of 3", FAX, fax(recipients=["210"] * 4), Fails("fx_recipients_invalid", "recipients"),
        settings={"max_fax_recipients": 3}),
    row("recipients 51 of 60", FAX, fax(recipients=["210"] * 51), ok("recipients", ("210",) * 51),
        settings={"max_fax_recipients": 60}),
    row("files 2 of 2", FAX, fax(files=[FILE] * 2), ok("files", (FILE,) * 2), settings={"max_fax_files": 2}),
    row("files 3 of 2", FAX, fax(files=[FILE] * 3), Fails("fx_max_files_reached", "files"),
        settings={"max_fax_files": 2}),
    row("files 11 of 12", FAX, fax(files=[FILE] * 11), ok("files", (FILE,) * 11), settings={"max_fax_files": 12}),
    row("file size 100 of 100", FAX, fax_file(size=100), ok(("files", 0, "size"), 100),
        settings={"max_fax_file_size": 100}),
    row("file size 101 of 100", FAX, fax_file(size=101), Fails("fx_file_invalid", "files[0].size"),
        settings={"max_fax_file_size": 100}),
    row("file size 25000001 of 25000001", FAX, fax_file(size=25_000_001), ok(("files", 0, "size"), 25_000_001),
        settings={"max_fax_file_size": 25_000_001}),

    # §5 queue_agents.update: a local agent is an extension: holds '*' or has 1-5 digits.
    row("agent 5 digits is local", AGENT_UPDATE, listing(agent="12345", number="3334444"),
        Fails("qag_cannot_update_number", "number")),
    row("agent 6 digits is not local", AGENT_UPDATE, listing(agent="123456", number="3334444"),
        ok("number", "3334444")),
    row("agent 1*1 is local", AGENT_UPDATE, listing(agent="1*1", number="3334444"),
        Fails("qag_cannot_update_number", "number")),
]

# Found by `make mutation` (docs/mutation.md): edges the rows above did not reach.
URL_1012 = URL_HEAD + "u" * (1012 - len(URL_HEAD))
URLS_25600 = ",".join([URL_HEAD + "u" * 2031] * 12 + [URL_1012])  # 12 * 2048 + 1012 + 12 commas
LIMITS += [
    # fields: 100 names of the longest length (the list's length bound is 100 * (longest + 1)).
    row("fields 100 longest names", CDR, cdr(fields=",".join(["destination"] * 100)),
        ok("fields", ("destination",) * 100)),
    # A filterValue list of exactly 25,600 characters (100 items of 256 on average).
    row("inArray of 25600 characters", EVENTS, listing(filterBy="url", filterOp="inArray", filterValue=URLS_25600),
        ok("filterValue", (URL_HEAD + "u" * 2031,) * 12 + (URL_1012,))),
    # CommaList: no spaces, even where the item type allows them (a note).
    row("inArray with a space", EVENTS, listing(filterBy="note", filterOp="inArray", filterValue="a b,c"),
        Fails("filtervalue_invalid", "filterValue", "on_array")),
    row("inArray of notes", EVENTS, listing(filterBy="note", filterOp="inArray", filterValue="a,b"),
        ok("filterValue", ("a", "b"))),
    # contains/startsWith take a part of a number on number fields only; equals takes a whole value.
    row("startsWith a part of a number", CDR, cdr(filterBy="source", filterOp="startsWith", filterValue="+4"),
        ok("filterValue", "+4")),
    row("equals a part of a number", CDR, cdr(filterBy="source", filterOp="equals", filterValue="+4"),
        Fails("cdr_invalid_filter_by_source", "filterValue")),
    row("equals a star", CDR, cdr(filterBy="destination", filterValue="*"),
        Fails("cdr_invalid_filter_by_destination", "filterValue")),
    row("contains on a date field", PC_LIST, listing(filterBy="published", filterOp="contains", filterValue="2024"),
        Fails("invalid_filter_by_published", "filterValue")),
    # Lists of objects may be tuples (the cleaned values of an earlier validation).
    row("phoneCallView as a tuple", SIMPLE, call(phoneCallView=({"source": "210", "destination": "211"},)),
        ok(("phoneCallView", 0, "source"), "210")),
    row("files as a tuple", FAX, fax(files=(FILE,)), ok("files", (FILE,))),
    # phone_region holds numbers without '+' to that country, as ExtOrPhone too; 11 digits are
    # no extension, and no possible Romanian number.
    row("source 11 digits, no region", CDR, cdr(source="07212345678"), ok("source", "07212345678")),
    row("source 11 digits, region RO", CDR, cdr(source="07212345678"), Fails("cdr_source_invalid", "source"),
        settings={"phone_region": "RO"}),
    row("source national number, region RO", CDR, cdr(destination="+40721234567", source="0721234567"),
        ok("source", "0721234567"), settings={"phone_region": "RO"}),
    row("recipient 11 digits, region RO", FAX, fax(recipients=["07212345678"]),
        Fails("fx_recipients_invalid", "recipients"), settings={"phone_region": "RO"}),
    # The smallest settings: 1 is allowed, and then the limit.
    row("files 1 of 1", FAX, fax(), ok("files", (FILE,)), settings={"max_fax_files": 1}),
    row("files 2 of 1", FAX, fax(files=[FILE] * 2), Fails("fx_max_files_reached", "files"),
        settings={"max_fax_files": 1}),
    row("recipients 2 of 1", FAX, fax(recipients=["210"] * 2), Fails("fx_recipients_invalid", "recipients"),
        settings={"max_fax_recipients": 1}),
    row("file size 1 of 1", FAX, fax_file(size=1), ok(("files", 0, "size"), 1), settings={"max_fax_file_size": 1}),
    row("file size 2 of 1", FAX, fax_file(size=2), Fails("fx_file_invalid", "files[0].size"),
        settings={"max_fax_file_size": 1}),
]

# Enumerations: every listed value is accepted, and its neighbours are not.
ENUMS = [
    # (name, operation, request builder, parameter, code, variant, accepted, refused)
    ("flow", CDR, cdr, "flow", "cdr_flow_invalid", None, ["2", "4", "8"], ["1", "3", "5", "7", "9"]),
    ("disposition", CDR, cdr, "disposition", "cdr_disposition_invalid", None,
     ["0", "1", "2", "3", "4", "5"], ["-1", "6"]),
    ("queue status", AGENT_UPDATE, lambda **p: listing(agent="3334444", **p), "status", "status_invalid", None,
     ["0", "1", "2"], ["-1", "3"]),
    ("event type", EVENT, event, "type", "pce_type_invalid", None, ["0", "1", "2", "3", "4"], ["-1", "5"]),
    ("event method", EVENT, event, "method", "pce_method_invalid", None, ["0", "1"], ["-1", "2"]),
    ("event status", EVENT, event, "status", "pce_status_invalid", None, ["0", "1"], ["-1", "2"]),
    ("path eventType", EVENTS, listing, "eventType", "pce_type_invalid", None, ["0", "1", "2", "3", "4"],
     ["-1", "5"]),
    ("private", UPDATE, lambda **p: action("Whisper", phoneCallViewId="1", sendCallTo="210", **p), "private",
     "pc_private_invalid", "private", ["0", "1"], ["-1", "2"]),
]
for name, operation, build, param, code, variant, accepted, refused in ENUMS:
    LIMITS += [row(f"{name} {value}", operation, build(**{param: value}), ok(param, int(value)))
               for value in accepted]
    LIMITS += [row(f"{name} {value}", operation, build(**{param: value}), Fails(code, param, variant))
               for value in refused]
# The numeric filter fields: a listed value, a number that is not listed (generic), and a
# value that is not a number (numbers).
FILTER_ENUMS = [
    (EVENTS, "method", ["0", "1"], ["2"]),
    (EVENTS, "status", ["0", "1"], ["2"]),
    (EVENTS, "type", ["0", "1", "2", "3", "4"], ["5"]),
    (AGENTS, "status", ["0", "1", "2"], ["3"]),
]
for operation, field, accepted, refused in FILTER_ENUMS:
    name = f"{operation.split('.')[0]} filter {field}"
    LIMITS += [row(f"{name} {value}", operation, listing(filterBy=field, filterValue=value),
                   ok("filterValue", int(value))) for value in accepted]
    LIMITS += [row(f"{name} {value}", operation, listing(filterBy=field, filterValue=value),
                   Fails("filtervalue_invalid", "filterValue", "generic")) for value in refused]
    LIMITS += [row(f"{name} -1", operation, listing(filterBy=field, filterValue="-1"),
                   Fails("filtervalue_invalid", "filterValue", "numbers"))]
LIMITS += [
    row("format wav", UPDATE, action("StartRecording", phoneCallViewId="1", format="wav"), ok("format", "wav")),
    row("format wav49", UPDATE, action("StartRecording", phoneCallViewId="1", format="wav49"), ok("format", "wav49")),
    row("format wav48", UPDATE, action("StartRecording", phoneCallViewId="1", format="wav48"),
        Fails("pc_recformat_invalid", "format")),
    row("format wav50", UPDATE, action("StartRecording", phoneCallViewId="1", format="wav50"),
        Fails("pc_recformat_invalid", "format")),
]

# §3 Date: YYYY-MM-DDThh:mm:ss[.f{1,6}][Z|±hh:mm], year 0001-9999, hh <= 23 and mm <= 59 in the offset.
START_BAD = Fails("cdr_start_date_invalid", "startDate")
DATES = [
    ("year 0001", "0001-01-01T00:00:00", naive(1, 1, 1)),
    ("year 9999", "9999-12-31T23:59:59", naive(9999, 12, 31, 23, 59, 59)),
    ("year 0000", "0000-01-01T00:00:00", START_BAD),
    ("month 12", "2024-12-01T00:00:00", naive(2024, 12, 1)),
    ("month 13", "2024-13-01T00:00:00", START_BAD),
    ("month 00", "2024-00-01T00:00:00", START_BAD),
    ("day 31", "2024-01-31T00:00:00", naive(2024, 1, 31)),
    ("day 32", "2024-01-32T00:00:00", START_BAD),
    ("day 00", "2024-01-00T00:00:00", START_BAD),
    ("April 30", "2024-04-30T00:00:00", naive(2024, 4, 30)),
    ("April 31", "2024-04-31T00:00:00", START_BAD),
    ("Feb 29 leap", "2024-02-29T00:00:00", naive(2024, 2, 29)),
    ("Feb 29 common", "2023-02-29T00:00:00", START_BAD),
    ("Feb 29 in 2000", "2000-02-29T00:00:00", naive(2000, 2, 29)),
    ("Feb 29 in 1900", "1900-02-29T00:00:00", START_BAD),
    ("hour 23", "2024-01-01T23:00:00", naive(2024, 1, 1, 23)),
    ("hour 24", "2024-01-01T24:00:00", START_BAD),
    ("minute 59", "2024-01-01T00:59:00", naive(2024, 1, 1, 0, 59)),
    ("minute 60", "2024-01-01T00:60:00", START_BAD),
    ("second 59", "2024-01-01T00:00:59", naive(2024, 1, 1, 0, 0, 59)),
    ("second 60", "2024-01-01T00:00:60", START_BAD),
    ("fraction 1 digit", "2024-01-01T00:00:00.5", naive(2024, 1, 1, 0, 0, 0, 500000)),
    ("fraction 6 digits", "2024-01-01T00:00:00.000001", naive(2024, 1, 1, 0, 0, 0, 1)),
    ("fraction 7 digits", "2024-01-01T00:00:00.0000001", START_BAD),
    ("fraction 0 digits", "2024-01-01T00:00:00.", START_BAD),
    ("Z", "2024-01-01T00:00:00Z", aware(2024, 1, 1)),
    ("offset +23:59", "2024-01-01T00:00:00+23:59", aware(2024, 1, 1, hours=23, minutes=59)),
    ("offset -23:59", "2024-01-01T00:00:00-23:59", aware(2024, 1, 1, hours=-23, minutes=-59)),
    ("offset +24:00", "2024-01-01T00:00:00+24:00", START_BAD),
    ("offset +00:60", "2024-01-01T00:00:00+00:60", START_BAD),
    ("offset -00:00", "2024-01-01T00:00:00-00:00", aware(2024, 1, 1)),
    ("longest", "9999-12-31T23:59:59.999999+23:59",
     aware(9999, 12, 31, 23, 59, 59, 999999, hours=23, minutes=59)),
    ("longest, one more digit", "9999-12-31T23:59:59.9999999+23:59", START_BAD),
    ("lower-case t", "2024-01-01t00:00:00", START_BAD),
    ("lower-case z", "2024-01-01T00:00:00z", START_BAD),
    ("no seconds", "2024-01-01T00:00", START_BAD),
]
LIMITS += [row(f"date {name}", CDR, cdr(startDate=text), expected if isinstance(expected, Fails)
               else ok("startDate", expected)) for name, text, expected in DATES]
LIMITS += [
    row("filter published 9999", PC_LIST, listing(filterBy="published", filterValue="9999-12-31T23:59:59"),
        ok("filterValue", naive(9999, 12, 31, 23, 59, 59))),
    row("filter published 0000", PC_LIST, listing(filterBy="published", filterValue="0000-12-31T23:59:59"),
        Fails("invalid_filter_by_published", "filterValue")),
    row("filter answered hour 24", CDR, cdr(filterBy="answered", filterValue="2024-01-01T24:00:00"),
        Fails("cdr_invalid_filter_by_answered", "filterValue")),
    row("filter modified second 60", EVENTS, listing(filterBy="modified", filterValue="2024-01-01T00:00:60"),
        Fails("filtervalue_invalid", "filterValue", "generic")),
]

# §5 cdr.list: startDate > endDate (saveStartDate > saveEndDate) fails; equal is fine. A naive
# date is taken as UTC when it is compared with an aware one (SPEC §3).
ORDER_BAD = Fails("cdr_invalid_date_parameters", "startDate")
ORDERS = [
    ("equal", "2024-01-01T00:00:00", "2024-01-01T00:00:00", None),
    ("start a second later", "2024-01-01T00:00:01", "2024-01-01T00:00:00", ORDER_BAD),
    ("start a microsecond later", "2024-01-01T00:00:00.000001", "2024-01-01T00:00:00", ORDER_BAD),
    ("start a microsecond earlier", "2024-01-01T00:00:00", "2024-01-01T00:00:00.000001", None),
    ("naive start = Z end", "2024-01-01T00:00:00", "2024-01-01T00:00:00Z", None),
    ("naive start 1 s after Z end", "2024-01-01T00:00:01", "2024-01-01T00:00:00Z", ORDER_BAD),
    ("naive start = +02:00 end", "2024-01-01T00:00:00", "2024-01-01T02:00:00+02:00", None),
    ("naive start 1 s after +02:00 end", "2024-01-01T00:00:01", "2024-01-01T02:00:00+02:00", ORDER_BAD),
    ("+01:00 start = naive end", "2024-01-01T00:00:00+01:00", "2023-12-31T23:00:00", None),
    ("+01:00 start 1 s after naive end", "2024-01-01T00:00:00+01:00", "2023-12-31T22:59:59", ORDER_BAD),
    ("-05:00 start 1 s after naive end", "2024-01-01T00:00:00-05:00", "2024-01-01T04:59:59", ORDER_BAD),
    ("-05:00 start = naive end", "2024-01-01T00:00:00-05:00", "2024-01-01T05:00:00", None),
    ("aware, equal moments", "2024-01-01T01:00:00+01:00", "2024-01-01T00:00:00Z", None),
    ("aware, start 1 s later", "2024-01-01T01:00:01+01:00", "2024-01-01T00:00:00Z", ORDER_BAD),
]
for name, start, end, failure in ORDERS:
    LIMITS.append(row(f"order {name}", CDR, cdr(startDate=start, endDate=end),
                      failure or ok("endDate", datetime.fromisoformat(end))))
LIMITS += [
    row("order save equal", CDR, cdr(saveStartDate="2024-01-01T00:00:00Z", saveEndDate="2024-01-01T00:00:00"),
        ok("saveEndDate", naive(2024, 1, 1))),
    row("order save 1 s later", CDR, cdr(saveStartDate="2024-01-01T00:00:01Z", saveEndDate="2024-01-01T00:00:00"),
        Fails("cdr_invalid_date_parameters", "saveStartDate")),
    row("order start/save independent", CDR,
        cdr(startDate="2024-01-02T00:00:00", saveEndDate="2024-01-01T00:00:00"), ok("startDate", naive(2024, 1, 2))),
]


def _at(cleaned: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        cleaned = cleaned[key]
    return cleaned


def check_row(validator: Validator, operation: str, params: dict[str, Any], expected: Ok | Fails) -> None:
    """``validator`` gives the row's verdict (tools/mutate_schemas.py runs this on mutated specs)."""
    if isinstance(expected, Fails):
        raises(operation, params, expected.code, expected.variant, param=expected.param, validator=validator)
        return
    cleaned = validator.validate(operation, params)
    assert _at(cleaned, expected.path) == expected.cleaned
    assert type(_at(cleaned, expected.path)) is type(expected.cleaned)


@pytest.mark.parametrize(("operation", "params", "expected", "settings"), LIMITS)
def test_limit(operation: str, params: dict[str, Any], expected: Ok | Fails, settings: dict[str, int]) -> None:
    check_row(make_validator(**settings) if settings else VALIDATOR, operation, params, expected)


@pytest.mark.parametrize("setting", ["max_fax_files", "max_fax_recipients", "max_fax_file_size"])
def test_a_fax_setting_is_a_whole_number_from_1(setting: str) -> None:
    assert getattr(make_validator(**{setting: 1}).settings, setting) == 1
    for bad in (0, -1, 1.0, True, "2"):
        with pytest.raises(ValueError, match=f"^{setting} must be a whole number, 1 or more$"):
            make_validator(**{setting: bad})


def test_phone_region_is_a_region_phonenumbers_knows() -> None:
    assert make_validator(phone_region="RO").settings.phone_region == "RO"
    for bad in ("XX", "ro", "", 40):
        with pytest.raises(ValueError, match=f"^phone_region {bad!r} is not a region phonenumbers knows$"):
            make_validator(phone_region=bad)


def test_every_row_has_its_own_name() -> None:
    names = [case.id for case in LIMITS]
    assert len(names) == len(set(names))
