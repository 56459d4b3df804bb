"""cdr.list with msgspec: ``msgspec.convert`` into a Struct with the same rules.

Written as a msgspec user would: one ``Struct`` whose fields are the parameters in check
order, constrained types for shapes (``Meta`` patterns and lengths, ``Literal`` values,
``int`` with bounds), and the checks a constraint cannot say (calendar dates, possible
numbers, an all-zero user id, digit strings in range, field names) in one function after
``convert``, with the rules across parameters (date order, filterValue), the defaults and the
order of the output. Possible numbers (``+``) use the project's ``_phone`` check, as every
contender here does. ``validate_cdr(params)`` has the library's interface: the cleaned dict,
or ``ua_validate.ValidationError`` with the documented code.

Where it differs: msgspec checks the fields in the order the request's mapping holds them and
stops at the first bad one, and the checks after ``convert`` come after every shape check,
so when a request breaks two parameters msgspec may report another one than the library.
The benchmark's requests break one rule at a time, where all agree (``run.py`` checks).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from _cdr_failures import FAIL as _FAIL
from _cdr_failures import FILTER_FAIL as _FILTER_FAIL
from ua_validate._phone import possible_international
from ua_validate.errors import Failure, ValidationError

__all__ = ["validate_cdr"]

_DATE = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
         r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?$")
_EXT_OR_PHONE = r"^(?:[0-9]{1,10}(?:\*[0-9]{1,10})?|\+?[0-9]{2,20})$"
_FIELDS = frozenset({"id", "extension", "ownerId", "ownerName", "published", "answered", "source",
                     "destination", "flow", "disposition", "duration", "cost", "callerId", "saved"})
_SORT = {"asc": "asc", "desc": "desc", "ascending": "asc", "descending": "desc"}

UserId = Annotated[str, Meta(pattern=r"^(?:@me|@viewer|@owner|[0-9]{1,10})$")]
Date = Annotated[str, Meta(max_length=32, pattern=_DATE)]
ExtOrPhone = Annotated[str, Meta(max_length=21, pattern=_EXT_OR_PHONE)]
Digits = Annotated[str, Meta(pattern=r"^[0-9]{1,10}$")]
Flow = Literal["2", "4", "8", 2, 4, 8]
Disposition = Literal["0", "1", "2", "3", "4", "5", 0, 1, 2, 3, 4, 5]
Fields = Annotated[str, Meta(min_length=1, max_length=1200, pattern=r"^[^ ]+$")]
FilterBy = Literal["source", "destination", "published", "answered"]
FilterOp = Literal["equals", "contains", "startsWith", "present", "greaterThan", "lessThan", "inArray"]
SortOrder = Literal["asc", "desc", "ascending", "descending"]


class CdrQuery(Struct):
    """The parameters of cdr.list, in check order; unknown parameters are ignored."""

    userId: UserId | UnsetType = UNSET
    startDate: Date | UnsetType = UNSET
    endDate: Date | UnsetType = UNSET
    source: ExtOrPhone | UnsetType = UNSET
    destination: ExtOrPhone | UnsetType = UNSET
    flow: Flow | UnsetType = UNSET
    disposition: Disposition | UnsetType = UNSET
    saveStartDate: Date | UnsetType = UNSET
    saveEndDate: Date | UnsetType = UNSET
    filterValue: Any = UNSET  # checked with filterBy and filterOp, below
    fields: Fields | UnsetType = UNSET
    count: Digits | Annotated[int, Meta(ge=1, le=5000)] | UnsetType = UNSET
    filterBy: FilterBy | UnsetType = UNSET
    filterOp: FilterOp | UnsetType = UNSET
    sortOrder: SortOrder | UnsetType = UNSET
    startIndex: Digits | Annotated[int, Meta(ge=0, le=5000)] | UnsetType = UNSET


_ORDER = CdrQuery.__struct_fields__
_DATE_ORDER = (Failure("cdr_invalid_date_parameters", None, "startDate", "query"),)
_SAVE_ORDER = (Failure("cdr_invalid_date_parameters", None, "saveStartDate", "query"),)
_NUMBER_PART = frozenset("0123456789*+")


def _date(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)  # the pattern fixed the form; this checks the calendar
    except ValueError:
        return None


def _possible(value: str) -> bool:
    return value[0] != "+" or possible_international(value[1:])


def _in_range(value: str | int, low: int, high: int) -> int | None:
    number = int(value)
    return number if low <= number <= high else None


def _one(field: str, raw: str) -> Any:
    """One filterValue item of ``field``: a date or an extension/number, or None."""
    if field in ("published", "answered"):
        try:
            return _date(msgspec.convert(raw, type=Date))
        except msgspec.ValidationError:
            return None
    try:
        number = msgspec.convert(raw, type=ExtOrPhone)
    except msgspec.ValidationError:
        return None
    return number if _possible(number) else None


def _filter_value(field: str, op: str, raw: Any) -> tuple[bool, Any]:
    if op == "present":
        return True, None
    if type(raw) is not str or raw == "":
        return False, None
    if op == "inArray":
        if len(raw) > 25600 or " " in raw or raw.count(",") >= 100 or "" in raw.split(","):
            return False, None
        items = tuple(_one(field, part) for part in raw.split(","))
        return None not in items, items
    if op in ("contains", "startsWith") and field in ("source", "destination"):
        ok = len(raw) <= 64 and _NUMBER_PART.issuperset(raw)
        return ok, raw if ok else None
    value = _one(field, raw)
    return value is not None, value


def _finish(query: CdrQuery) -> dict[str, Any]:
    """The checks no constraint says, in check order; the rules across parameters; the output."""
    out: dict[str, Any] = {}
    if query.userId is not UNSET:
        if not query.userId.strip("0"):
            raise ValidationError(_FAIL["userId"])
        out["userId"] = query.userId
    for name in ("startDate", "endDate"):
        raw = getattr(query, name)
        if raw is not UNSET:
            if (moment := _date(raw)) is None:
                raise ValidationError(_FAIL[name])
            out[name] = moment
    for name in ("source", "destination"):
        raw = getattr(query, name)
        if raw is not UNSET:
            if not _possible(raw):
                raise ValidationError(_FAIL[name])
            out[name] = raw
    for name in ("flow", "disposition"):
        raw = getattr(query, name)
        if raw is not UNSET:
            out[name] = int(raw)
    for name in ("saveStartDate", "saveEndDate"):
        raw = getattr(query, name)
        if raw is not UNSET:
            if (moment := _date(raw)) is None:
                raise ValidationError(_FAIL[name])
            out[name] = moment
    if "startDate" in out and "endDate" in out and _later(out["startDate"], out["endDate"]):
        raise ValidationError(_DATE_ORDER)
    if "saveStartDate" in out and "saveEndDate" in out and _later(out["saveStartDate"], out["saveEndDate"]):
        raise ValidationError(_SAVE_ORDER)
    if query.filterBy is not UNSET:
        op = "equals" if query.filterOp is UNSET else query.filterOp
        ok, value = _filter_value(query.filterBy, op, query.filterValue)
        if not ok:
            raise ValidationError(_FILTER_FAIL[query.filterBy])
        if value is not None:
            out["filterValue"] = value
    if query.fields is not UNSET:
        names = tuple(query.fields.split(","))
        if len(names) > 100 or not _FIELDS.issuperset(names):
            raise ValidationError(_FAIL["fields"])
        out["fields"] = names
    count = 20 if query.count is UNSET else _in_range(query.count, 1, 5000)
    if count is None:
        raise ValidationError(_FAIL["count"])
    out["count"] = count
    if query.filterBy is not UNSET:
        out["filterBy"] = query.filterBy
        if query.filterOp is not UNSET:
            out["filterOp"] = query.filterOp
    if query.sortOrder is not UNSET:
        out["sortOrder"] = _SORT[query.sortOrder]
    start = 0 if query.startIndex is UNSET else _in_range(query.startIndex, 0, 5000)
    if start is None:
        raise ValidationError(_FAIL["startIndex"])
    out["startIndex"] = start
    return {name: out[name] for name in _ORDER if name in out}


def _later(first: datetime, second: datetime) -> bool:
    # Both naive or both aware: as they are; naive against aware: the naive one as UTC.
    if (first.tzinfo is None) is (second.tzinfo is None):
        return first > second
    first = first.replace(tzinfo=UTC) if first.tzinfo is None else first
    second = second.replace(tzinfo=UTC) if second.tzinfo is None else second
    return first > second


def validate_cdr(params: Any) -> dict[str, Any]:
    """The cleaned parameters of a cdr.list request, or ValidationError (its first failure)."""
    if "filterOp" in params and "filterBy" not in params:  # filterOp without filterBy is ignored
        params = {key: value for key, value in params.items() if key != "filterOp"}
    try:
        query = msgspec.convert(params, type=CdrQuery)
    except msgspec.ValidationError as err:
        # "Expected ... - at `$.count`": the parameter that failed first.
        raise ValidationError(_FAIL[str(err).rpartition("`$.")[2].rstrip("`")]) from None
    return _finish(query)
