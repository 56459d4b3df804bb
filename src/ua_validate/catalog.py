"""The documented UnifiedAPI error table: the only place that builds an error body."""

from __future__ import annotations

from types import MappingProxyType

from ._record import Record

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, ClassVar, Final

__all__ = ["ENTRIES", "ROWS", "Entry", "entry", "is_known", "variants"]


class Entry(Record):  # a frozen record, not a dataclass: see spec.py
    """One documented error: its code, the variant naming its message, HTTP status, message.

    ``handler_only``: an error that only the application's handler can know of (a failed
    update), which no request validation produces although it stands among the 400s.
    """

    __slots__ = _fields = ("code", "variant", "status", "message", "handler_only")
    _defaults: ClassVar[dict[str, Any]] = {"handler_only": False}
    code: str
    variant: str | None
    status: int
    message: str
    handler_only: bool

    @property
    def body(self) -> dict[str, dict[str, str]]:
        """The documented response body, a fresh dict each call."""
        return {"error": {"code": self.code, "message": self.message}}

    @property
    def body_bytes(self) -> bytes:
        """The response body as compact JSON, rendered once (on first use: json is not imported
        at start-up)."""
        rendered = _BYTES.get(self)
        if rendered is None:
            import json

            rendered = _BYTES[self] = json.dumps(self.body, separators=(",", ":")).encode()
        return rendered


# The table exactly as documented, in its order, typos included (a test compares it with the
# verbatim copy in tests/). A variant names a message when one code has several; HANDLERS
# marks the entries only a handler raises (Entry.handler_only).
HANDLERS: Final = "handlers"
ROWS: Final[tuple[Entry, ...]] = tuple(
    Entry(code, variant, status, message, HANDLERS in marks)
    for status, code, variant, message, *marks in (
        (400, "cdr_start_date_invalid", None,
         "The start date parameter is invalid. The format should be ISO ISO 8601 YYYY-MM-DDThh:mm:ss."),
        (400, "cdr_end_date_invalid", None,
         "The end date parameter is invalid. The format should be ISO ISO 8601 YYYY-MM-DDThh:mm:ss."),
        (400, "cdr_source_invalid", None, "The source parameter is invalid."),
        (400, "cdr_destination_invalid", None, "The destination parameter is invalid."),
        (400, "cdr_flow_invalid", None, "The flow parameter is invalid."),
        (400, "cdr_disposition_invalid", None, "The disposition parameter is invalid."),
        (400, "cdr_save_start_date_invalid", None,
         "The save start date parameter is invalid. The format should be ISO ISO 8601 YYYY-MM-DDThh:mm:ss."),
        (400, "cdr_save_end_date_invalid", None,
         "The end start date parameter is invalid. The format should be ISO ISO 8601 YYYY-MM-DDThh:mm:ss."),
        (400, "cdr_invalid_date_parameters", None,
         "The start date parameter is greater than end date parameter."),
        (400, "cdr_invalid_filter_by_answered", None, "The filter by answered date parameter is invalid."),
        (400, "cdr_invalid_filter_by_published", None, "The filter by published date parameter is invalid."),
        (400, "cdr_invalid_filter_by_source", None, "The filter by source parameter is invalid."),
        (400, "cdr_invalid_filter_by_destination", None, "The filter by destination parameter is invalid."),
        (400, "fields_invalid", None, "Parameter fields is invalid."),
        (400, "count_invalid", None, "Parameter count is invalid."),
        (400, "filterby_invalid", None, "Parameter filterBy is invalid."),
        (400, "filterop_invalid", None, "Parameter filterOp is invalid."),
        (400, "filtervalue_invalid", "on_array", "Parameter filterValue for onArray operation is invalid."),
        (400, "filtervalue_invalid", "numbers", "Parameter filterValue contains invalid numbers."),
        (400, "filtervalue_invalid", "generic", "Parameter filterValue is invalid."),
        (400, "sortorder_invalid", None, "Parameter sortOrder is invalid."),
        (400, "startindex_invalid", None, "Parameter startIndex is invalid."),
        (400, "user_invalid", None, "The user Id parameter is invalid."),
        (400, "extension_invalid", None, "Invalid extension given in the URI-Fragment"),
        (400, "fx_recipients_invalid", None, "The recipients parmeter is invalid."),
        (400, "fx_approved_invalid", None, "The approved parameter is invalid."),
        (400, "fx_file_invalid", None, "One of the sent files are invalid."),
        (400, "fx_max_files_reached", None, "The number of files that can be sent has been exceeded."),
        (400, "extension_invalid", None, "Invalid extension given in the URI-Fragment"),
        (400, "fx_upload_identifier_invalid", None,
         "Invalid uploadIdentifier. Must be alphanumeric and maximum 32 characters."),
        (400, "pc_duration_invalid", None, "Parameter callDuration is invalid."),
        (400, "pc_source_invalid", None, "Parameter source is invalid."),
        (400, "pc_destination_invalid", None, "Parameter destination is invalid."),
        (400, "pc_timeout_invalid", None, "Parameter timeout is invalid."),
        (400, "pc_callerid_invalid", None, "Parameter callerId is not valid."),
        (400, "pc_transfer_invalid", None, "Parameter allowPublicTransfer is invalid."),
        (400, "pc_nonce_invalid", None, "Parameter nonce is invalid."),
        (400, "pc_calleriddestination_invalid", None, "Parameter callerIdDestination is not valid."),
        (400, "pc_calleecallerid_invalid", None, "Parameter callerIdDestination is not valid."),
        (400, "pc_video_invalid", None, "Parameter video is invalid."),
        (400, "pc_pin_invalid", None, "Parameter conferencePin is invalid."),
        (400, "pc_number_invalid", None, "Parameter conferencePin is invalid."),
        (400, "invalid_filter_by_published", None, "The filter by published date is invalid."),
        (400, "invalid_filter_by_phone_call_id", None, "The filter by phone call id is invalid."),
        (400, "pc_parktimeout_invalid", None, "Parameter maxinparking is invalid."),
        (400, "pc_phonecall_invalid", None, "The PhoneCall ID provided is invalid."),
        (400, "pc_phonecallview_invalid", None, "The PhoneCall View ID provided is invalid."),
        (400, "pc_recformat_invalid", None, "Parameter format is invalid."),
        (400, "pc_sendcallto_invalid", None, "Parameter sendCallTo is invalid."),
        (400, "pc_transfer_from_number_invalid", None, "Parameter transferFromNumber is invalid."),
        (400, "pc_transfer_number_invalid", None, "Parameter transferNumber is invalid."),
        (400, "pc_private_invalid", "private", "Parameter private is invalid."),
        (400, "pc_private_invalid", "phone_number", "The phone number is invalid."),
        (400, "pce_id_invalid", None, "The id of the event is not valid."),
        (400, "pce_type_invalid", None, "The type of the event is not valid."),
        (400, "pce_method_invalid", None, "The request method is invalid."),
        (400, "pce_note_invalid", None, "The note is invalid."),
        (400, "pce_url_invalid", None, "The URL is invalid."),
        (400, "pce_status_invalid", None, "The status is invalid."),
        (400, "status_invalid", None, "The type of action performed is invalid."),
        (400, "qag_agent_invalid", None, "The agent identifier is invalid."),
        (400, "qag_number_invalid", None, "The agent phone number is invalid."),
        (400, "qag_fail_update", None, "Failed to change the status.", HANDLERS),
        (400, "qag_fail_update_number", None, "Failed to change the agent number.", HANDLERS),
        (400, "qag_cannot_update_number", None, "Cannot modify the phone number for a local agent."),
        (401, "unauthorized", None, "Access unauthorized"),
        (401, "expired_token", None, "Token is expired or otherwise invalid."),
        (401, "access_denied", None, "The token is invalid."),
        (403, "pce_access_denied", None, "You are not allowed to manage Call Events."),
        (500, "internal_server_error", None,
         "An internal server error occurred. Please contact the administrator."),
        (500, "pce_fail_add", None, "Failed to add the event."),
        (500, "pce_fail_update", None, "Failed to update the event."),
        (500, "pce_fail_delete", None, "Failed to delete the event."),
        (501, "not_implemented", None, "The operation is not implemented."),
    )
)

# One entry per (code, variant): the table repeats extension_invalid word for word.
ENTRIES: Final[tuple[Entry, ...]] = tuple(dict.fromkeys(ROWS))

_BY_KEY: Final = MappingProxyType({(e.code, e.variant): e for e in ENTRIES})
_variants: dict[str, list[str | None]] = {}
for _entry in ENTRIES:
    _variants.setdefault(_entry.code, []).append(_entry.variant)
_VARIANTS: Final = MappingProxyType({code: tuple(found) for code, found in _variants.items()})
del _variants, _entry
# A code with several messages, named without a variant, answers with its catch-all message.
_DEFAULT_VARIANT: Final = MappingProxyType({"filtervalue_invalid": "generic", "pc_private_invalid": "private"})
_BYTES: Final[dict[Entry, bytes]] = {}  # Entry.body_bytes, filled on first use


def is_known(code: str, variant: str | None = None) -> bool:
    """Whether the catalog holds ``code`` (and ``variant``, when given)."""
    if variant is None:
        return code in _VARIANTS
    return (code, variant) in _BY_KEY


def variants(code: str) -> tuple[str | None, ...]:
    """The variants of ``code``: ``(None,)`` for a code with one message."""
    try:
        return _VARIANTS[code]
    except KeyError:
        raise KeyError(f"no catalog entry with code {code!r}") from None


def entry(code: str, variant: str | None = None) -> Entry:
    """The catalog entry for ``code``; ``variant`` picks a message when the code has several."""
    if variant is None:
        variant = _DEFAULT_VARIANT.get(code)
    try:
        return _BY_KEY[code, variant]
    except (KeyError, TypeError):
        raise KeyError(f"no catalog entry with code {code!r} and variant {variant!r}") from None
