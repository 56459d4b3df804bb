"""cdr.list with pydantic v2: a TypeAdapter over a TypedDict with the same rules.

Written as a pydantic user would: strict types, ``Field``/``StringConstraints`` for shapes
(pydantic-core's Rust regexes, anchored), ``AfterValidator`` for what a pattern cannot say
(calendar dates, possible numbers, all-zero ids), and one validator over the whole dict for
the rules across parameters (date order, filterValue), the defaults and the check order of
the output. Possible numbers (``+``) use the project's ``_phone`` check, as every contender
here does. ``validate_cdr(params)`` has the library's interface: the cleaned dict, or
``ua_validate.ValidationError`` with the documented code.

Where it differs: pydantic checks every field before the rules over the whole dict, so when
a request breaks a rule *and* a later parameter, pydantic reports the parameter. The
benchmark's requests break one rule at a time, where both agree (``run.py`` checks).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    with_config,
)
from pydantic import ValidationError as PydanticError
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

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


def _datetime(value: str) -> datetime:
    return datetime.fromisoformat(value)  # the pattern fixed the form; this checks the calendar


def _possible(value: str) -> str:
    if value[0] == "+" and not possible_international(value[1:]):
        raise ValueError("not a possible number")
    return value


def _not_all_zero(value: str) -> str:
    if not value.strip("0"):
        raise ValueError("user 0")
    return value


def _one_of(*allowed: int) -> AfterValidator:
    def check(value: int) -> int:
        if value not in allowed:
            raise ValueError("not allowed")
        return value

    return AfterValidator(check)


def _in_range(low: int, high: int) -> AfterValidator:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError("out of range")
        return value

    return AfterValidator(check)


def _field_names(value: str) -> tuple[str, ...]:
    names = tuple(value.split(","))
    if len(names) > 100 or not all(name in _FIELDS for name in names):
        raise ValueError("unknown field")
    return names


Text = Annotated[str, StringConstraints(strict=True)]
Date = Annotated[str, StringConstraints(strict=True, max_length=32, pattern=_DATE), AfterValidator(_datetime)]
ExtOrPhone = Annotated[str, StringConstraints(strict=True, max_length=21, pattern=_EXT_OR_PHONE),
                       AfterValidator(_possible)]
UserId = Annotated[str, StringConstraints(strict=True, pattern=r"^(?:@me|@viewer|@owner|[0-9]{1,10})$"),
                   AfterValidator(_not_all_zero)]
Digits = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]{1,10}$"), AfterValidator(int)]
Flow = Annotated[Annotated[Literal["2", "4", "8"], AfterValidator(int)] | StrictInt, _one_of(2, 4, 8)]
Disposition = Annotated[Annotated[Literal["0", "1", "2", "3", "4", "5"], AfterValidator(int)] | StrictInt,
                        _one_of(0, 1, 2, 3, 4, 5)]
Count = Annotated[Digits | StrictInt, _in_range(1, 5000)]
StartIndex = Annotated[Digits | StrictInt, _in_range(0, 5000)]
Fields = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=1200, pattern=r"^[^ ]+$"),
                   AfterValidator(_field_names)]
_SORT = {"asc": "asc", "desc": "desc", "ascending": "asc", "descending": "desc"}
SortOrder = Annotated[Literal["asc", "desc", "ascending", "descending"], AfterValidator(_SORT.__getitem__)]
FilterBy = Literal["source", "destination", "published", "answered"]
FilterOp = Literal["equals", "contains", "startsWith", "present", "greaterThan", "lessThan", "inArray"]


@with_config(ConfigDict(strict=True))
class CdrQuery(TypedDict, total=False):
    """The parameters of cdr.list, in check order."""

    userId: UserId
    startDate: Date
    endDate: Date
    source: ExtOrPhone
    destination: ExtOrPhone
    flow: Flow
    disposition: Disposition
    saveStartDate: Date
    saveEndDate: Date
    filterValue: Any  # checked with filterBy and filterOp, below
    fields: Fields
    count: Count
    filterBy: FilterBy
    filterOp: FilterOp
    sortOrder: SortOrder
    startIndex: StartIndex


_ORDER = tuple(CdrQuery.__annotations__)
_DATE_ORDER = (Failure("cdr_invalid_date_parameters", None, "startDate", "query"),)
_SAVE_ORDER = (Failure("cdr_invalid_date_parameters", None, "saveStartDate", "query"),)
_one_date: TypeAdapter[datetime] = TypeAdapter(Date)
_one_number: TypeAdapter[str] = TypeAdapter(ExtOrPhone)


def _drop_filter_op(data: Any) -> Any:
    """filterOp without filterBy is ignored (SPEC §4)."""
    if isinstance(data, dict) and "filterOp" in data and "filterBy" not in data:
        return {key: value for key, value in data.items() if key != "filterOp"}
    return data


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _filter_value(field: str, op: str, raw: Any) -> tuple[bool, Any]:
    if op == "present":
        return True, None
    if type(raw) is not str or raw == "":
        return False, None
    one = _one_date if field in ("published", "answered") else _one_number
    try:
        if op == "inArray":
            if len(raw) > 25600 or " " in raw or raw.count(",") >= 100 or "" in raw.split(","):
                return False, None
            return True, tuple(one.validate_python(part) for part in raw.split(","))
        if one is _one_number and op in ("contains", "startsWith"):
            ok = len(raw) <= 64 and raw.strip("0123456789*+") == ""
            return ok, raw if ok else None
        return True, one.validate_python(raw)
    except PydanticError:
        return False, None


def _across(data: dict[str, Any]) -> dict[str, Any]:
    """The rules across parameters, filterValue, the defaults and the check order."""
    if "startDate" in data and "endDate" in data and _utc(data["startDate"]) > _utc(data["endDate"]):
        raise ValidationError(_DATE_ORDER)
    if ("saveStartDate" in data and "saveEndDate" in data
            and _utc(data["saveStartDate"]) > _utc(data["saveEndDate"])):
        raise ValidationError(_SAVE_ORDER)
    raw = data.pop("filterValue", None)
    if "filterBy" in data:
        by = data["filterBy"]
        ok, value = _filter_value(by, data.get("filterOp", "equals"), raw)
        if not ok:
            raise ValidationError(_FILTER_FAIL[by])
        if value is not None:
            data["filterValue"] = value
    data.setdefault("count", 20)
    data.setdefault("startIndex", 0)
    return {name: data[name] for name in _ORDER if name in data}


_adapter: TypeAdapter[dict[str, Any]] = TypeAdapter(
    Annotated[CdrQuery, BeforeValidator(_drop_filter_op), AfterValidator(_across)]
)


def validate_cdr(params: Any) -> dict[str, Any]:
    """The cleaned parameters of a cdr.list request, or ValidationError (its first failure)."""
    try:
        return _adapter.validate_python(params)
    except PydanticError as err:
        # pydantic checks the fields in their order (the check order) and reports them all.
        first = err.errors(include_url=False, include_context=False, include_input=False)[0]
        raise ValidationError(_FAIL[first["loc"][0]]) from None
