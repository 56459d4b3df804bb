"""cdr.list validated by hand: the rules of SPEC §3-§5 as one straight-line Python function.

What a careful engineer would write without a schema: module-level regexes and tables, a
helper per repeated type, the error records built once. Same interface as the library:
``validate_cdr(params)`` returns the cleaned dict (typed values, defaults, check order) or
raises ``ua_validate.ValidationError`` with the same first failure. Possible numbers (``+``)
use the project's ``_phone`` check, as every contender here does.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from _cdr_failures import FAIL as _FAIL
from _cdr_failures import FILTER_FAIL as _FILTER_FAIL
from ua_validate._phone import possible_international
from ua_validate.errors import Failure, ValidationError

__all__ = ["validate_cdr"]

_M: Any = object()
# The documented shape with the clock pinned (hh <= 23, mm and ss <= 59, offset <= 23:59);
# fromisoformat then judges the calendar.
_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]{1,6})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
)
_EXTENSION = re.compile(r"[0-9]{1,10}(?:\*[0-9]{1,10})?")
_PHONE = re.compile(r"\+?[0-9]{2,20}")
_NUMBER_PART = re.compile(r"[0-9*+]+")
_USERS = frozenset({"@me", "@viewer", "@owner"})
_FLOW = {"2": 2, "4": 4, "8": 8}
_DISPOSITION = {str(n): n for n in range(6)}
_FIELDS = frozenset({"id", "extension", "ownerId", "ownerName", "published", "answered", "source",
                     "destination", "flow", "disposition", "duration", "cost", "callerId", "saved"})
_FILTERS = frozenset({"source", "destination", "published", "answered"})
_OPS = frozenset({"equals", "contains", "startsWith", "present", "greaterThan", "lessThan", "inArray"})
_SORT = {"asc": "asc", "desc": "desc", "ascending": "asc", "descending": "desc"}

_USER, _START_DATE, _END_DATE, _SOURCE, _DESTINATION, _FLOW_FAIL, _DISPOSITION_FAIL = (
    _FAIL[name] for name in ("userId", "startDate", "endDate", "source", "destination", "flow",
                             "disposition"))
_SAVE_START_DATE, _SAVE_END_DATE, _FIELDS_FAIL, _COUNT, _FILTER_BY, _FILTER_OP, _SORT_ORDER = (
    _FAIL[name] for name in ("saveStartDate", "saveEndDate", "fields", "count", "filterBy",
                             "filterOp", "sortOrder"))
_START_INDEX = _FAIL["startIndex"]
_DATE_ORDER = (Failure("cdr_invalid_date_parameters", None, "startDate", "query"),)
_SAVE_ORDER = (Failure("cdr_invalid_date_parameters", None, "saveStartDate", "query"),)


def _text(value: Any) -> str | None:
    if type(value) is str:
        return value
    return str.__str__(value) if isinstance(value, str) else None


def _date(value: Any) -> datetime | None:
    value = _text(value)
    if value is None or len(value) > 32 or _DATE.fullmatch(value) is None:
        return None
    try:
        return datetime.fromisoformat(value)  # the calendar: month 13, Feb 30, year 0
    except ValueError:
        return None


def _ext_or_phone(value: Any) -> str | None:
    value = _text(value)
    if value is None or len(value) > 21:
        return None
    if value[:1] != "+" and _EXTENSION.fullmatch(value):
        return value
    if not _PHONE.fullmatch(value):
        return None
    if value[0] == "+" and not possible_international(value[1:]):
        return None
    return value


def _int(value: Any, low: int, high: int) -> int | None:
    if type(value) is not int:
        value = _text(value)
        if value is None or not (0 < len(value) <= 10 and value.isascii() and value.isdigit()):
            return None
        value = int(value)
    return value if low <= value <= high else None


def _number(value: Any, table: dict[str, int]) -> int | None:
    if type(value) is int:
        return value if value in table.values() else None
    value = _text(value)
    return table.get(value) if value is not None and len(value) <= 1 else None


def _word(value: Any, words: frozenset[str]) -> str | None:
    value = _text(value)
    return value if value is not None and len(value) <= 11 and value in words else None


def _later(first: datetime, second: datetime) -> bool:
    if first.tzinfo is None:
        first = first.replace(tzinfo=UTC)
    if second.tzinfo is None:
        second = second.replace(tzinfo=UTC)
    return first > second


def _filter_value(field: str, op: str, raw: Any) -> tuple[bool, Any]:
    if op == "present":
        return True, None
    if type(raw) is not str or raw == "":
        return False, None
    check = _date if field in ("published", "answered") else _ext_or_phone
    if op == "inArray":
        if len(raw) > 25600 or " " in raw or raw.count(",") >= 100:
            return False, None
        items = []
        for part in raw.split(","):
            good = check(part) if part else None
            if good is None:
                return False, None
            items.append(good)
        return True, tuple(items)
    if check is _ext_or_phone and op in ("contains", "startsWith"):
        good = raw if len(raw) <= 64 and _NUMBER_PART.fullmatch(raw) else None
    else:
        good = check(raw)
    return good is not None, good


def validate_cdr(params: Any) -> dict[str, Any]:
    """The cleaned parameters of a cdr.list request, or ValidationError (its first failure)."""
    if type(params) is not dict:
        params = dict(params)
    out: dict[str, Any] = {}

    value = params.get("userId", _M)
    if value is not _M:
        text = _text(value)
        if text is None or len(text) > 10 or not (
            text in _USERS or (text and text.isascii() and text.isdigit() and text.strip("0"))
        ):
            raise ValidationError(_USER)
        out["userId"] = text

    start = end = save_start = save_end = None
    value = params.get("startDate", _M)
    if value is not _M:
        start = _date(value)
        if start is None:
            raise ValidationError(_START_DATE)
        out["startDate"] = start
    value = params.get("endDate", _M)
    if value is not _M:
        end = _date(value)
        if end is None:
            raise ValidationError(_END_DATE)
        out["endDate"] = end
    value = params.get("source", _M)
    if value is not _M:
        source = _ext_or_phone(value)
        if source is None:
            raise ValidationError(_SOURCE)
        out["source"] = source
    value = params.get("destination", _M)
    if value is not _M:
        destination = _ext_or_phone(value)
        if destination is None:
            raise ValidationError(_DESTINATION)
        out["destination"] = destination
    value = params.get("flow", _M)
    if value is not _M:
        flow = _number(value, _FLOW)
        if flow is None:
            raise ValidationError(_FLOW_FAIL)
        out["flow"] = flow
    value = params.get("disposition", _M)
    if value is not _M:
        disposition = _number(value, _DISPOSITION)
        if disposition is None:
            raise ValidationError(_DISPOSITION_FAIL)
        out["disposition"] = disposition
    value = params.get("saveStartDate", _M)
    if value is not _M:
        save_start = _date(value)
        if save_start is None:
            raise ValidationError(_SAVE_START_DATE)
        out["saveStartDate"] = save_start
    value = params.get("saveEndDate", _M)
    if value is not _M:
        save_end = _date(value)
        if save_end is None:
            raise ValidationError(_SAVE_END_DATE)
        out["saveEndDate"] = save_end
    if start is not None and end is not None and _later(start, end):
        raise ValidationError(_DATE_ORDER)
    if save_start is not None and save_end is not None and _later(save_start, save_end):
        raise ValidationError(_SAVE_ORDER)

    # filterValue sits before filterBy and filterOp in the check order, and depends on them;
    # filterOp without filterBy is ignored.
    raw_by = params.get("filterBy", _M)
    by = _word(raw_by, _FILTERS) if raw_by is not _M else None
    raw_op = params.get("filterOp", _M) if raw_by is not _M else _M
    op = _word(raw_op, _OPS) if raw_op is not _M else None
    if by is not None and (raw_op is _M or op is not None):
        ok, value = _filter_value(by, op or "equals", params.get("filterValue", _M))
        if not ok:
            raise ValidationError(_FILTER_FAIL[by])
        if value is not None:
            out["filterValue"] = value

    value = params.get("fields", _M)
    if value is not _M:
        text = _text(value)
        if text is None or not 0 < len(text) <= 1200 or " " in text or text.count(",") >= 100:
            raise ValidationError(_FIELDS_FAIL)
        names = tuple(text.split(","))
        if not all(name in _FIELDS for name in names):
            raise ValidationError(_FIELDS_FAIL)
        out["fields"] = names

    value = params.get("count", _M)
    count = 20 if value is _M else _int(value, 1, 5000)
    if count is None:
        raise ValidationError(_COUNT)
    out["count"] = count

    if raw_by is not _M:
        if by is None:
            raise ValidationError(_FILTER_BY)
        out["filterBy"] = by
    if raw_op is not _M:
        if op is None:
            raise ValidationError(_FILTER_OP)
        out["filterOp"] = op

    value = params.get("sortOrder", _M)
    if value is not _M:
        text = _text(value)
        order = _SORT.get(text) if text is not None and len(text) <= 10 else None
        if order is None:
            raise ValidationError(_SORT_ORDER)
        out["sortOrder"] = order

    value = params.get("startIndex", _M)
    index = 0 if value is _M else _int(value, 0, 5000)
    if index is None:
        raise ValidationError(_START_INDEX)
    out["startIndex"] = index
    return out
