"""The value types of the UnifiedAPI (SPEC §3): one pure function per rule.

Every checker takes a value of any Python type and returns the cleaned value, or ``None`` when
the value is invalid (``None`` is never a valid value, so it can mark failure without an
exception). Each checker bounds its work by the length its type allows before parsing
anything, so a megabyte of text costs no more than a short one. Every backend (the
marshmallow schemas, the generated validators) calls these functions; none restates a rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime, timezone

from . import _cache, _phone

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, Final, TypeAlias

__all__ = [
    "alnum",
    "as_text",
    "boolean",
    "caller_id",
    "comma_list",
    "date",
    "digits",
    "enum",
    "ext_or_phone",
    "extension",
    "fax_file_name",
    "integer",
    "is_local_agent",
    "note",
    "number_part",
    "phone_number",
    "read_date",
    "url",
    "user_id",
    "visible_ascii",
]

Checker: TypeAlias = "Callable[[Any], Any]"

# The patterns of the text types, as text: the checkers below compile them, and the OpenAPI
# document (``valuetypes``) writes the same text into its JSON Schema patterns.
USER_KEYWORDS: Final = ("@me", "@viewer", "@owner")
EXTENSION_PATTERN: Final = r"[0-9]{1,10}(?:\*[0-9]{1,10})?"
PHONE_PATTERN: Final = r"\+?[0-9]{2,20}"
# 1-32 characters in all, a leading '+' included (SPEC §3 CallerId).
CALLER_NUMBER_PATTERN: Final = r"\+[0-9*]{1,31}|[0-9*]{1,32}"
# C0 and C1 control characters, as a character range.
CONTROL_RANGE: Final = r"\x00-\x1f\x7f-\x9f"
LIST_MAX: Final = 100  # items of a comma list (fields, an inArray filterValue)
PART_MAX: Final = 64  # characters of a part of a number (contains, startsWith)



class _Pattern:
    """A module-level pattern compiled on first use (a first validation needs few of them).

    The first attribute read compiles it and puts the compiled pattern in its place among this
    module's globals, so every later use is the plain ``re.Pattern``: the checkers pay nothing.
    """

    __slots__ = ("name", "pattern")

    def __init__(self, name: str, pattern: str) -> None:
        self.name, self.pattern = name, pattern

    def __getattr__(self, attribute: str) -> Any:
        compiled = _cache.pattern(self.pattern)
        globals()[self.name] = compiled
        return getattr(compiled, attribute)


def _pattern(name: str, pattern: str) -> re.Pattern[str]:
    """The module global ``name``: ``pattern``, compiled on first use (``_Pattern``)."""
    return _Pattern(name, pattern)  # type: ignore[return-value]  # it stands for the pattern


_USER_KEYWORDS: Final = frozenset(USER_KEYWORDS)
_EXTENSION = _pattern("_EXTENSION", EXTENSION_PATTERN)
_PHONE = _pattern("_PHONE", PHONE_PATTERN)
_CALLER_NUMBER = _pattern("_CALLER_NUMBER", CALLER_NUMBER_PATTERN)
_NUMBER_PART = _pattern("_NUMBER_PART", r"[0-9*+]+")
_EXTENSION_PART = _pattern("_EXTENSION_PART", r"[0-9*]+")  # an extension holds no '+'; nor its parts
_ALNUM = _pattern("_ALNUM", r"[A-Za-z0-9]+")
_VISIBLE = _pattern("_VISIBLE", r"[!-~]+")
_DATE = _pattern(
    "_DATE",
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]{1,6}))?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_DATE_MAX_LEN: Final = len("9999-12-31T23:59:59.999999+23:59")
# The same shape with the clock judged too (hour <= 23, minute and second <= 59, offset at most
# 23:59), so that no Python's reading of T24:00 or of an offset minute 60 can change a verdict;
# without groups it is also the faster pattern.
DATE_DAY_PATTERN: Final = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
DATE_CLOCK_PATTERN: Final = (
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]{1,6})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
)
DATE_PATTERN: Final = DATE_DAY_PATTERN + DATE_CLOCK_PATTERN
# The days fromisoformat accepts after DATE_DAY_PATTERN (years 0001-9999, months 01-12, the
# days of each month, February 29 in leap years), written out for the OpenAPI document: the
# checker asks fromisoformat, and a test holds the two to the same verdict.
_YEAR: Final = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_LEAP_YEAR: Final = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
CALENDAR_DAY_PATTERN: Final = (
    rf"{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    rf"|02-(?:0[1-9]|1[0-9]|2[0-8]))|{_LEAP_YEAR}-02-29"
)
_DATE_CLOCK = _pattern("_DATE_CLOCK", DATE_PATTERN)
# RFC 3986: unreserved, reserved and percent-encoded octets; nothing else may appear. One
# character class and a search for a "%" not followed by two hex digits: an alternation per
# character was ~15 times slower on a 2,048-character Url (100 of them make an inArray list).
_URL_CHARS = _pattern("_URL_CHARS", r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_BAD_ESCAPE = _pattern("_BAD_ESCAPE", r"%(?![0-9A-Fa-f]{2})")
_URL_HEAD = _pattern("_URL_HEAD", r"(?i:https?)://([^/?#]*)")
HOST_PATTERN: Final = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+"
_HOST = _pattern("_HOST", HOST_PATTERN)
# RFC 3986 IP-literal: "[" IPv6address / IPvFuture "]". The IPv6 text (at most 45 characters,
# an IPv4 tail included) is judged by ipaddress; a zone id ("%25eth0", RFC 6874) is no part of
# RFC 3986, and "%" is not among these characters.
IPV6_TEXT_PATTERN: Final = r"[0-9A-Fa-f:.]{2,45}"
IP_FUTURE_PATTERN: Final = r"[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+"
_IPV6_TEXT = _pattern("_IPV6_TEXT", IPV6_TEXT_PATTERN)
_IP_FUTURE = _pattern("_IP_FUTURE", IP_FUTURE_PATTERN)
# C0 and C1 control characters: what "no control character" forbids in names and notes.
_CONTROL = _pattern("_CONTROL", f"[{CONTROL_RANGE}]")
_CALLER_NAME_FORBIDDEN = _pattern("_CALLER_NAME_FORBIDDEN", f'[<>"{CONTROL_RANGE}]')
# A Bool's text, lower-cased: its value (the generated code's inline form reads it too).
BOOL_TEXT: Final = {"true": True, "1": True, "false": False, "0": False}


def user_id(value: Any) -> str | None:
    """``@me``, ``@viewer``, ``@owner``, or 1-10 ASCII digits, not all zero."""
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if len(value) > 10:
        return None
    if value in _USER_KEYWORDS:
        return value
    if value and value.isascii() and value.isdigit() and value.strip("0"):
        return value
    return None


def extension(value: Any, allow_self: bool = False) -> str | None:
    """Extended ``D+*D+`` or short ``D+`` (1-10 digits a group); ``@self`` when allowed."""
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if len(value) <= 21 and _EXTENSION.fullmatch(value):
        return value
    if allow_self and value == "@self":
        return value
    return None


def phone_number(value: Any, region: str | None = None) -> str | None:
    """Optional ``+`` then 2-20 ASCII digits; with ``+``, a possible number for its country.

    ``region`` (a setting) also holds numbers without ``+`` to that country's possible lengths.
    """
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if len(value) > 21 or not _PHONE.fullmatch(value):
        return None
    if value[0] == "+":
        return value if _phone.possible_international(value[1:]) else None
    if region is not None and not _phone.possible_national(value, region):
        return None
    return value


def ext_or_phone(value: Any, region: str | None = None) -> str | None:
    """An extension (never ``@self``) or a phone number."""
    if type(value) is str and value[:1] == "+":  # no extension starts with +
        return phone_number(value, region)
    return extension(value) or phone_number(value, region)


def is_local_agent(agent: str) -> bool:
    """A queue agent named by an extension number: it holds ``*`` or has 1-5 digits."""
    return "*" in agent or (len(agent) <= 5 and agent.isdigit())


def caller_id(value: Any) -> str | None:
    """``Name <NUMBER>`` or a bare ``NUMBER`` (1-32 of digits, ``*``, ``+`` first only)."""
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if len(value) > 99:  # 64 name characters, one space, <, 32 number characters, >
        return None
    if value[-1:] != ">":
        return value if _CALLER_NUMBER.fullmatch(value) else None
    start = value.find("<")
    if start < 1 or not _CALLER_NUMBER.fullmatch(value, start + 1, len(value) - 1):
        return None
    name = value[: start - 1] if value[start - 1] == " " else value[:start]
    if not 0 < len(name) <= 64 or name[0].isspace() or name[-1].isspace():
        return None
    if _CALLER_NAME_FORBIDDEN.search(name):
        return None
    return value


def date(value: Any) -> datetime | None:
    """``YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm]``, a real calendar date and time; or a cleaned
    Date, a ``datetime`` naive or with a fixed offset in whole minutes (``_moment``)."""
    if type(value) is not str:
        if type(value) is datetime:
            return _moment(value)
        value = _as_str(value)
        if value is None:
            return None
    if len(value) > _DATE_MAX_LEN or _DATE_CLOCK.fullmatch(value) is None:
        return None
    return read_date(value)


# Bound once: each read of datetime.fromisoformat is a new method object.
_FROMISOFORMAT: Final = datetime.fromisoformat


def read_date(text: str) -> datetime | None:
    """``datetime.fromisoformat(text)``, None where it raises: date's last step, for text of
    its shape (the generated code's inline form calls it too). What is left to judge then is
    the calendar (month 13, Feb 30, year 0): fromisoformat, in C, is several times faster than
    building the datetime from the groups."""
    try:
        return _FROMISOFORMAT(text)
    except ValueError:
        return None


def _moment(value: datetime) -> datetime | None:
    """A ``datetime`` as a Date's cleaned value: itself, when some Date text cleans to it.

    Its year is 1-9999 (as every datetime's); naive, or aware with a ``timezone`` offset in
    whole minutes (what ``±hh:mm`` and ``Z`` give). Another tzinfo (zoneinfo, a class of the
    caller's own, whose ``utcoffset`` may raise) is refused rather than asked."""
    zone = value.tzinfo
    if zone is None:
        return value
    if type(zone) is not timezone:
        return None
    offset = zone.utcoffset(None)
    return value if offset.seconds % 60 == 0 and offset.microseconds == 0 else None


def as_utc(moment: datetime) -> datetime:
    """An aware datetime for ordering: a naive value is taken as UTC (docs/decisions.md)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def integer(value: Any, low: int, high: int) -> int | None:
    """ASCII digits (at most 10, leading zeros allowed) or a JSON integer, in ``low..high``."""
    if type(value) is str:
        if not (0 < len(value) <= 10 and value.isascii() and value.isdigit()):
            return None
        number = int(value)
    elif type(value) is int:
        number = value
    elif isinstance(value, str):
        return integer(_as_str(value), low, high)
    else:
        return None
    return number if low <= number <= high else None


def boolean(value: Any) -> bool | None:
    """``true``/``false`` in any letter case, ``1``/``0``, a JSON bool, or JSON 0/1."""
    if type(value) is str:
        return BOOL_TEXT.get(value.lower()) if len(value) <= 5 else None
    if type(value) is bool:
        return value
    if type(value) is int and (value == 0 or value == 1):
        return bool(value)
    if isinstance(value, str):
        return boolean(_as_str(value))
    return None


def enum(value: Any, values: Mapping[str, Any], numbers: Mapping[int, Any] | None = None,
         longest: int = 32) -> Any:
    """One of the listed strings, case-sensitive; ``numbers`` maps the JSON integers accepted.

    ``values`` maps each accepted string to its cleaned value (an int for numeric enums);
    ``longest`` is the length of the longest, so that a long value is not even hashed.
    """
    if type(value) is str:
        return values.get(value) if len(value) <= longest else None
    if numbers is not None and type(value) is int:
        return numbers.get(value)
    if isinstance(value, str):
        return enum(_as_str(value), values, numbers, longest)
    return None


def alnum(value: Any, low: int, high: int) -> str | None:
    """``low``-``high`` ASCII letters and digits (object, event and upload ids)."""
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if low <= len(value) <= high and (not value or _ALNUM.fullmatch(value)):
        return value
    return None


def digits(value: Any, low: int, high: int) -> str | None:
    """``low``-``high`` ASCII digits, kept as text (leading zeros matter)."""
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if low <= len(value) <= high and value.isascii() and value.isdigit():
        return value
    return None


def visible_ascii(value: Any, low: int, high: int) -> str | None:
    """``low``-``high`` visible ASCII characters, no space."""
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if low <= len(value) <= high and _VISIBLE.fullmatch(value):
        return value
    return None


def url(value: Any, high: int = 2048) -> str | None:
    """An absolute ``http``/``https`` URL with a host, RFC 3986 characters only."""
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if not 0 < len(value) <= high or not _URL_CHARS.fullmatch(value):
        return None
    if "%" in value and _BAD_ESCAPE.search(value):
        return None
    head = _URL_HEAD.match(value)
    if head is None:
        return None
    authority = head.group(1).rpartition("@")[2]
    host, port = authority, ""
    if not authority.endswith("]") and ":" in authority:
        host, _, port = authority.rpartition(":")
    elif "]:" in authority:
        host, _, port = authority.rpartition(":")
    if host[:1] == "[" and host[-1:] == "]":
        if not _ip_literal(host[1:-1]):
            return None
    elif not _HOST.fullmatch(host):
        return None
    if port and not (len(port) <= 5 and port.isdigit() and int(port) <= 65535):
        return None
    return value


def _ip_literal(text: str) -> bool:
    """The inside of a bracketed host: an IPv6 address (no zone id) or ``v<hex>.<chars>``."""
    if _IP_FUTURE.fullmatch(text):
        return True
    if not _IPV6_TEXT.fullmatch(text):
        return False
    # Imported here: bracketed hosts are rare, and the module costs ≈ 2.5 ms of start-up.
    from ipaddress import IPv6Address

    try:
        IPv6Address(text)
    except ValueError:
        return False
    return True


def note(value: Any, high: int = 255) -> str | None:
    """0-``high`` characters, no control character, no white space at either end."""
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if len(value) > high or _CONTROL.search(value):
        return None
    if value and (value[0].isspace() or value[-1].isspace()):  # free text is not trimmed either
        return None
    return value


def comma_list(value: Any, item: Checker, high: int = LIST_MAX, max_len: int = LIST_MAX * 256) -> tuple[Any, ...] | None:
    """Comma-separated items, none empty, no spaces, 1-``high`` of them, each ``item``; or a
    tuple of such items, as this cleans them (``comma_list_shape``)."""
    parts = comma_list_shape(value, high, max_len)
    if parts is None:
        return None
    cleaned = []
    for part in parts:  # none is empty: comma_list_shape refuses an empty item
        good = item(part)
        if good is None:
            return None
        cleaned.append(good)
    return tuple(cleaned)


def comma_list_shape(value: Any, high: int = LIST_MAX, max_len: int = LIST_MAX * 256) -> tuple[Any, ...] | None:
    """The items of a well-formed comma list (none empty, no spaces, 1-``high``), unchecked.

    A ``tuple`` (a comma list as cleaned) is its items, when its text items are ones a comma
    list could hold and all of them joined fit in ``max_len``; a ``list`` is not one (a
    repeated query parameter arrives as a list, and stays invalid: SPEC §3)."""
    if type(value) is not str:
        if type(value) is tuple:
            return _cleaned_items(value, high, max_len)
        value = _as_str(value)
        if value is None:
            return None
    if not 0 < len(value) <= max_len or " " in value or value.count(",") >= high:
        return None
    parts = tuple(value.split(","))
    return None if "" in parts else parts


# The cleaned values a tuple of comma list items may hold besides text (Int, Date, Bool and
# numeric Enum items): every one hashable, none read as text.
_CLEANED_ITEM_TYPES: Final = frozenset({int, bool, datetime})


def _cleaned_items(value: tuple[Any, ...], high: int, max_len: int) -> tuple[Any, ...] | None:
    """A tuple of comma list items, as ``comma_list_shape`` reads the text they would join to.

    1-``high`` items; a text item is non-empty, with no comma or space, the text items and
    their commas at most ``max_len`` characters; any other item is of a cleaned value's type,
    for the item's checker to judge."""
    if not 0 < len(value) <= high:
        return None
    items = []
    length = len(value) - 1  # the commas that would join them
    for element in value:
        if type(element) is not str:
            if type(element) in _CLEANED_ITEM_TYPES:
                items.append(element)
                continue
            element = _as_str(element)
            if element is None:
                return None
        if element == "" or "," in element or " " in element:
            return None
        length += len(element)
        if length > max_len:
            return None
        items.append(element)
    return tuple(items)


def number_part(value: Any, plus: bool = True) -> str | None:
    """A part of a number, as ``contains``/``startsWith`` filters take: digits, ``*`` and ``+``
    (without ``plus``, a part of an extension: digits and ``*``)."""
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if len(value) > PART_MAX or not (_NUMBER_PART if plus else _EXTENSION_PART).fullmatch(value):
        return None
    return value


def fax_file_name(value: Any, suffixes: Collection[str]) -> str | None:
    """A file name of 1-255 characters, no path separator or control character, not ``.``
    or ``..``, ending in one of ``suffixes`` (compared in any letter case)."""
    if type(value) is not str:
        value = _as_str(value)
        if value is None:
            return None
    if not 0 < len(value) <= 255 or value in (".", ".."):
        return None
    if value[0].isspace() or value[-1].isspace():
        return None
    if "/" in value or "\\" in value or _CONTROL.search(value):
        return None
    lowered = value.lower()
    if not any(lowered.endswith(suffix) for suffix in suffixes):
        return None
    return value


def _as_str(value: Any) -> str | None:
    """A ``str`` subclass as plain text; anything else is not text."""
    # Each checker tests ``type(value) is str`` inline and calls this only when that fails:
    # one more call per value would be paid by every request on the hot path.
    # The real type, not isinstance: a mock with spec=str says it is a str and is not one.
    return str.__str__(value) if issubclass(type(value), str) else None


# The public name of _as_str, for the modules that read a value as text outside the checkers.
as_text = _as_str
