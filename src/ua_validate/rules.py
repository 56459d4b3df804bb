"""Checkers built from a TypeSpec, and the rules across parameters, shared by every backend."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar, Final

from . import types
from ._record import Record
from .spec import Filter, TypeSpec

__all__ = ["FILE_SUFFIXES", "Settings", "checker_for", "filter_value", "rule_holds"]

Checker = Callable[[Any], Any]

# The endings a fax file name may have for each cleaned file type.
FILE_SUFFIXES: Final[Mapping[str, tuple[str, ...]]] = {
    "jpg": (".jpg", ".jpeg"),
    "tif": (".tif", ".tiff"),
    "pdf": (".pdf",),
    "txt": (".txt",),
}
_ALL_SUFFIXES: Final = tuple(s for group in FILE_SUFFIXES.values() for s in group)


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


def bounds(type_spec: TypeSpec, settings: Settings) -> tuple[int, int | None]:
    """The (min, max) of a sized type, the max read from the settings where it says so."""
    setting = type_spec.get("max_setting")
    high = getattr(settings, setting) if setting else type_spec.get("max")
    return type_spec.get("min", 0), high


def _sized(type_spec: TypeSpec, settings: Settings) -> tuple[int, int]:
    """``bounds`` of a type whose maximum the loader made sure of (int, digits, visible)."""
    low, high = bounds(type_spec, settings)
    assert high is not None, type_spec
    return low, high


def enum_tables(type_spec: TypeSpec) -> tuple[dict[str, Any], dict[int, Any] | None, int]:
    """The cleaned value of each accepted string, of each accepted JSON integer, the longest."""
    values: tuple[str, ...] = type_spec.get("values")
    mapping = dict(type_spec.get("map", ()))
    if type_spec.get("numeric"):
        strings = {v: int(v) for v in values}
        return strings, {int(v): int(v) for v in values}, max(map(len, values))
    return {v: mapping.get(v, v) for v in values}, None, max(map(len, values))


def checker_for(type_spec: TypeSpec, settings: Settings) -> Checker:
    """The function that cleans a value of ``type_spec``, or returns None when it is invalid.

    Lists of objects are checked here for their shape only; their items have checks of their
    own, and a settable maximum is a rule of its own (``Param.too_many_code``).
    """
    name = type_spec.name
    region = settings.phone_region
    if name == "user_id":
        return types.user_id
    if name == "extension":
        if type_spec.get("allow_self"):
            return lambda value: types.extension(value, True)
        return types.extension
    if name in ("phone_number", "ext_or_phone"):
        check = types.phone_number if name == "phone_number" else types.ext_or_phone
        return check if region is None else (lambda value: check(value, region))
    if name == "caller_id":
        return types.caller_id
    if name == "date":
        return types.date
    if name == "int":
        low, most = _sized(type_spec, settings)
        return lambda value: types.integer(value, low, most)
    if name == "bool":
        return types.boolean
    if name in ("enum", "filter_by", "filter_op"):
        strings, numbers, longest = enum_tables(type_spec)
        return lambda value: types.enum(value, strings, numbers, longest)
    if name == "fields":
        strings, _, longest = enum_tables(type_spec)
        field = lambda value: types.enum(value, strings, None, longest)  # noqa: E731
        return lambda value: types.comma_list(value, field, 100, 100 * (longest + 1))
    if name in ("object_id", "event_id", "upload_id"):
        longest = {"object_id": 64, "event_id": 255, "upload_id": 32}[name]
        return lambda value: types.alnum(value, 1, longest)
    if name == "url":
        return types.url
    if name == "note":
        return types.note
    if name == "digits":
        low, most = _sized(type_spec, settings)
        return lambda value: types.digits(value, low, most)
    if name == "visible":
        low, most = _sized(type_spec, settings)
        return lambda value: types.visible_ascii(value, low, most)
    if name == "file_name":
        return lambda value: types.fax_file_name(value, _ALL_SUFFIXES)
    if name == "party":
        item = checker_for(TypeSpec(type_spec.get("item")), settings)
        most = type_spec.get("max")
        return lambda value: _party(value, item, most)
    if name == "list":
        item = checker_for(TypeSpec(type_spec.get("item")), settings)
        low, high = bounds(type_spec, settings)
        return lambda value: _items(value, item, low, high)
    if name == "objects":
        low, _ = bounds(type_spec, settings)
        fixed = None if type_spec.get("max_setting") else type_spec.get("max")
        return lambda value: _objects(value, low, fixed)
    raise ValueError(f"type {name!r} has no checker of its own")


def _party(value: Any, item: Checker, most: int) -> Any:
    if type(value) is list or type(value) is tuple:
        return _items(value, item, 1, most)
    return item(value)


def _items(value: Any, item: Checker, low: int, high: int | None) -> tuple[Any, ...] | None:
    if type(value) is not list and type(value) is not tuple:
        return None
    if len(value) < low or (high is not None and len(value) > high):
        return None
    cleaned = []
    for element in value:
        good = item(element)
        if good is None:
            return None
        cleaned.append(good)
    return tuple(cleaned)


def _objects(value: Any, low: int, high: int | None) -> list[Mapping[str, Any]] | None:
    if type(value) is not list and type(value) is not tuple:
        return None
    if len(value) < low or (high is not None and len(value) > high):
        return None
    if not all(isinstance(element, Mapping) for element in value):
        return None
    return list(value)


def rule_holds(kind: str, first: Any, second: Any) -> bool:
    """Whether a rule over two valid cleaned values holds; a broken rule blames ``first``."""
    if kind == "date_order":
        return not _later(first, second)
    if kind == "equal":
        return bool(first == second)
    if kind == "local_agent_number":  # first: the new number; second: the agent
        return not types.is_local_agent(second)
    if kind == "file_suffix":
        return bool(first.lower().endswith(FILE_SUFFIXES[second]))
    if kind == "self_not_of_owner":  # first: the extension; second: the user
        return not (first == "@self" and second == "@owner")
    raise ValueError(f"unknown rule {kind!r}")


def _later(first: datetime, second: datetime) -> bool:
    # Both naive, or both aware (Python orders aware values by their UTC moment, whatever their
    # offsets): compared as they are. Only naive against aware needs the naive one as UTC.
    if (first.tzinfo is None) is (second.tzinfo is None):
        return first > second
    return types.as_utc(first) > types.as_utc(second)


def filter_value(flt: Filter, op: str, raw: Any, check: Checker) -> tuple[bool, Any]:
    """Check filterValue against filter field ``flt`` under operator ``op`` (SPEC §4).

    ``check`` cleans one value of the field's type; ``raw`` is None when filterValue is absent.
    Returns ``(True, cleaned)``, or ``(False, variant)`` naming the filtervalue_invalid message
    for fields without a code of their own. With ``present`` the value is ignored and the
    cleaned value is None.
    """
    if op == "present":
        return True, None
    if isinstance(raw, str):
        raw = str.__str__(raw)  # a str subclass is read as its text
    if type(raw) is not str:
        return _not_text(flt, op, raw, check)
    if raw == "":
        return False, "generic"
    if op == "inArray":
        # Limited by its items, not by its length (SPEC §4: 100 Urls of 2,048 characters are a
        # valid list): the commas are counted before anything is split, so at most 100 items
        # are, and each item's checker bounds its own length. A few linear scans in C, no more.
        parts = types.comma_list_shape(raw, 100, len(raw))
        if parts is None:
            return False, "on_array"
        cleaned = []
        for part in parts:
            good = check(part)
            if good is None:
                return False, _bad_value_variant(flt, part)
            cleaned.append(good)
        return True, tuple(cleaned)
    if op in ("contains", "startsWith") and flt.number_like:
        # A part of a number; an extension holds no '+', so neither does a part of one.
        number = types.number_part(raw, flt.type.name != "extension")
        return (True, number) if number is not None else (False, "generic")
    good = check(raw)
    if good is None:
        return False, _bad_value_variant(flt, raw)
    return True, good


def _not_text(flt: Filter, op: str, raw: Any, check: Checker) -> tuple[bool, Any]:
    """filterValue given as something other than text (through ``validate`` with a mapping)."""
    if raw is None or not flt.numeric:  # absent, null, or a non-text value for a text field
        return False, "generic"
    if type(raw) is int:  # a JSON integer on a numeric field: that number (never a bool)
        good = check(raw)
        if good is not None:
            return True, ((good,) if op == "inArray" else good)
        return False, "numbers" if raw < 0 else "generic"  # as its digits, or "-" and digits, would
    return False, "numbers"  # True, 1.5, bytes, a dict, a repeated key: not a number


def _bad_value_variant(flt: Filter, value: str) -> str:
    # A run of ASCII digits of any length is a number, outside the field's values: generic.
    # isascii() is a flag test; on a long run, bytes.isdigit is the fast scan (str.isdigit
    # consults the Unicode tables character by character).
    if not flt.numeric:
        return "generic"
    if value.isascii() and (value.isdigit() if len(value) <= 64 else value.encode("ascii").isdigit()):
        return "generic"
    return "numbers"
