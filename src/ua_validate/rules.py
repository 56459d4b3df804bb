"""Checkers built from a TypeSpec, and the rules across parameters, shared by every backend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from . import types, valuetypes
from ._record import Record
from .spec import Filter
from .valuetypes import Checker, bounds, checker_for, enum_tables

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, ClassVar, Final

__all__ = ["FILE_SUFFIXES", "Checker", "Settings", "bounds", "checker_for", "enum_tables", "filter_kinds",
           "filter_value", "later", "rule_holds"]

# The value types' facts live in the registry (valuetypes): these names are kept here, where
# the backends have always found them.
FILE_SUFFIXES: Final = valuetypes.FILE_SUFFIXES


class Settings(Record):  # a frozen record, not a dataclass: see spec.py
    """The settings of a Validator: fax limits and the region for numbers without ``+``."""

    __slots__ = _fields = ("max_fax_files", "max_fax_recipients", "max_fax_file_size", "phone_region")
    _defaults: ClassVar[dict[str, Any]] = {"max_fax_files": 10, "max_fax_recipients": 50, "max_fax_file_size": 25_000_000,
                 "phone_region": None}
    max_fax_files: int
    max_fax_recipients: int
    max_fax_file_size: int
    phone_region: str | None

    def __post_init__(self) -> None:
        for name in ("max_fax_files", "max_fax_recipients", "max_fax_file_size"):
            value = getattr(self, name)
            if type(value) is not int or value < 1:
                raise ValueError(f"{name} must be a whole number, 1 or more")
        if self.phone_region is not None:
            import phonenumbers

            if not isinstance(self.phone_region, str) or self.phone_region not in phonenumbers.SUPPORTED_REGIONS:
                raise ValueError(f"phone_region {self.phone_region!r} is not a region phonenumbers knows")


def rule_holds(kind: str, first: Any, second: Any) -> bool:
    """Whether a rule over two valid cleaned values holds; a broken rule blames ``first``."""
    if kind == "date_order":
        return not later(first, second)
    if kind == "equal":
        return bool(first == second)
    if kind == "local_agent_number":  # first: the new number; second: the agent
        return not types.is_local_agent(second)
    if kind == "file_suffix":
        return bool(first.lower().endswith(FILE_SUFFIXES[second]))
    if kind == "self_not_of_owner":  # first: the extension; second: the user
        return not (first == "@self" and second == "@owner")
    raise ValueError(f"unknown rule {kind!r}")


def later(first: datetime, second: datetime) -> bool:
    """Whether date ``first`` comes after ``second`` (the date_order rule broken); a naive date
    is taken as UTC (``types.as_utc``)."""
    zone, other = first.tzinfo, second.tzinfo
    if zone is other:  # both naive, or one zone object (Z and Z): the fields compare as they are
        return first > second
    if zone is not None and other is not None:
        # Aware in two zones: ordered by their UTC moments, which their difference is; on 3.11
        # subtracting costs a third of comparing, which also asks each zone's offset for fold.
        return first - second > _NO_TIME
    # Naive (as UTC) against aware: each as its distance from the epoch, exact; replace(tzinfo=)
    # on the naive one cost ~1 µs (its keyword parsing) and the comparison after it ~1.3 µs more.
    if zone is None:
        return first - _EPOCH > second - _EPOCH_UTC
    return first - _EPOCH_UTC > second - _EPOCH


_NO_TIME: Final = timedelta(0)
_EPOCH: Final = datetime(1970, 1, 1)
_EPOCH_UTC: Final = datetime(1970, 1, 1, tzinfo=UTC)


def filter_kinds(flt: Filter, op: str) -> tuple[str, ...]:
    """The ways a filterValue can break ``filter_value`` for field ``flt`` under operator ``op``.

    ``filter_empty`` (missing or empty), ``filter_list`` (a malformed inArray list),
    ``filter_item`` (an inArray item the field's type refuses), ``filter_part`` (not a part of
    a number, for contains/startsWith on a number field), ``filter_value`` (a value the
    field's type refuses); none with ``present``, which ignores the value.
    """
    if op == "present":
        return ()
    if op == "inArray":
        return ("filter_empty", "filter_list", "filter_item")
    if op in ("contains", "startsWith") and flt.number_like:
        return ("filter_empty", "filter_part")
    return ("filter_empty", "filter_value")


def filter_value(flt: Filter, op: str, raw: Any, check: Checker) -> tuple[bool, Any]:
    """Check filterValue against filter field ``flt`` under operator ``op`` (SPEC §4).

    ``check`` cleans one value of the field's type; ``raw`` is None when filterValue is absent.
    Returns ``(True, cleaned)``, or ``(False, variant)`` naming the filtervalue_invalid message
    for fields without a code of their own. With ``present`` the value is ignored and the
    cleaned value is None.
    """
    if op == "present":
        return True, None
    if type(raw) is not str:
        text = types.as_text(raw)  # a str subclass is read as its text; a look-alike is no text
        if text is None:
            return _not_text(flt, op, raw, check)
        raw = text
    if raw == "":
        return False, "generic"
    if op == "inArray":
        # Limited by its items, not by its length (SPEC §4: 100 Urls of 2,048 characters are a
        # valid list): the commas are counted before anything is split, so at most 100 items
        # are, and each item's checker bounds its own length. A few linear scans in C, no more.
        parts = types.comma_list_shape(raw, 100, len(raw))
        if parts is None:
            return False, "on_array"
        return _each_item(flt, parts, check, _bad_value_variant)
    if op in ("contains", "startsWith") and flt.number_like:
        # A part of a number; an extension holds no '+', so neither does a part of one.
        number = types.number_part(raw, flt.type.name != "extension")
        return (True, number) if number is not None else (False, "generic")
    good = check(raw)
    if good is None:
        return False, _bad_value_variant(flt, raw)
    return True, good


def _not_text(flt: Filter, op: str, raw: Any, check: Checker) -> tuple[bool, Any]:
    """filterValue given as something other than text (through ``validate`` with a mapping).

    A cleaned value is accepted as it is cleaned (docs/decisions.md, idempotence): with
    ``inArray`` a tuple of the field's cleaned values, otherwise one of them (a ``datetime``
    for a Date field, an int for a numeric one); never a list, which is what a repeated
    ``filterValue`` key gives.
    """
    if raw is None:  # absent, or JSON null
        return False, "generic"
    if type(raw) is tuple:
        return _cleaned_list(flt, op, raw, check)
    if not flt.numeric:
        if type(raw) not in _CLEANED_SCALARS or (op in ("contains", "startsWith") and flt.number_like):
            return False, "generic"  # not a cleaned value; a part of a number is text
        good = check(raw)  # a Date field takes a datetime; a text type refuses it
        if good is None:
            return False, "generic"
        return True, ((good,) if op == "inArray" else good)
    if type(raw) is int:  # a JSON integer on a numeric field: that number (never a bool)
        good = check(raw)
        if good is not None:
            return True, ((good,) if op == "inArray" else good)
        return False, "numbers" if raw < 0 else "generic"  # as its digits, or "-" and digits, would
    return False, "numbers"  # True, 1.5, bytes, a dict, a repeated key: not a number


# The cleaned values of a text (not numeric) filter field that are not text: a Date's, a Bool's.
_CLEANED_SCALARS: Final = frozenset({datetime, bool})


def _cleaned_list(flt: Filter, op: str, raw: tuple[Any, ...], check: Checker) -> tuple[bool, Any]:
    """An ``inArray`` filterValue as cleaned: a tuple of 1-100 of the field's cleaned values."""
    if op != "inArray":
        return False, "numbers" if flt.numeric else "generic"
    parts = types.comma_list_shape(raw, 100, _NO_LENGTH_LIMIT)
    if parts is None:
        return False, "on_array"
    return _each_item(flt, parts, check, _bad_item_variant)


def _each_item(flt: Filter, parts: tuple[Any, ...], check: Checker,
               variant: Callable[[Filter, Any], str]) -> tuple[bool, Any]:
    """The items of an ``inArray`` list, each cleaned by ``check``; a bad one names its variant."""
    cleaned = []
    for part in parts:
        good = check(part)
        if good is None:
            return False, variant(flt, part)
        cleaned.append(good)
    return True, tuple(cleaned)


# An inArray list is limited by its items (each bounded by its type), not by its length.
_NO_LENGTH_LIMIT: Final = 1 << 62


def _bad_item_variant(flt: Filter, item: Any) -> str:
    """The variant for an item of a cleaned inArray tuple that the field's type refuses."""
    if type(item) is str:
        return _bad_value_variant(flt, item)
    if type(item) is int and flt.numeric:
        return "numbers" if item < 0 else "generic"  # as its text would
    return "numbers" if flt.numeric else "generic"


def _bad_value_variant(flt: Filter, value: str) -> str:
    # A run of ASCII digits of any length is a number, outside the field's values: generic.
    # isascii() is a flag test; on a long run, bytes.isdigit is the fast scan (str.isdigit
    # consults the Unicode tables character by character).
    if not flt.numeric:
        return "generic"
    if value.isascii() and (value.isdigit() if len(value) <= 64 else value.encode("ascii").isdigit()):
        return "generic"
    return "numbers"
