"""Why a check failed, for the developer: ``Failure.reason``, the one home of its text.

A reason states the rule a request broke: the parameter's name, its type, its bounds or
allowed values, the other parameter of a rule across two. It never holds a request value
(phone numbers are personal data), so it is the same for every request that fails the same
way, and a backend can attach it to a Failure it builds once (``because``): the text is
written on first access only, so the hot path never pays for it. Both backends attach the
same ``because`` for the same check, so they give the same reason.

Facts come from the Spec and the registry of value types (bounds, enum values, the settings'
limits, file suffixes), never from a second copy; the wording is here. Every value type of
the registry has a description (``DESCRIPTIONS``; a test holds them together) and every rule
kind of ``rules.rule_holds`` a sentence (``_RULES``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from . import types
from .spec import Collection, Filter, Param, Rule, TypeSpec
from .valuetypes import FILE_SUFFIXES, bounds, checker_for, enum_tables, longest_accepted

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, Final, TypeAlias

    from .errors import Failure
    from .rules import Settings

__all__ = ["DESCRIPTIONS", "Why", "because", "describe", "reason"]

# Written as text: the names exist at run time without importing typing.
Why: TypeAlias = "Callable[[Failure], str]"
Describe: TypeAlias = "Callable[[TypeSpec, Settings, str], str]"

# Runs of this many digits or more may be phone numbers (the audit's masking rule): a number
# in a reason is written with separators from here on, so that no reason looks like one.
_GROUPED_FROM: Final = 1_000_000
_WHERE: Final = {"path": " in the path", "body": " in the body", "query": ""}


def _n(number: int) -> str:
    return f"{number:,}" if number >= _GROUPED_FROM else str(number)


def _one_of(values: Any) -> str:
    listed = [str(v) for v in values]
    if len(listed) == 1:
        return listed[0]
    return ", ".join(listed[:-1]) + " or " + listed[-1]


def _setting(ts: TypeSpec) -> str:
    setting = ts.get("max_setting")
    return f" (the {setting} setting)" if setting else ""


def _range(ts: TypeSpec, settings: Settings, unit: str) -> str:
    low, high = bounds(ts, settings)
    return f"{_n(low)} to {_n(high)} {unit}" if high is not None else f"at least {_n(low)} {unit}"


# --- what a value of each type must be ---------------------------------------------------------

def _user_id(ts: TypeSpec, settings: Settings, where: str) -> str:
    return f"{_one_of(types.USER_KEYWORDS)}, or 1 to 10 digits, not all zero"


_EXTENSION: Final = "an extension (210, or 0003*210: groups of 1 to 10 digits)"
_POSSIBLE: Final = "with +, a possible number for its country code"


def _extension(ts: TypeSpec, settings: Settings, where: str) -> str:
    return _EXTENSION + (" or @self" if ts.get("allow_self") else "")


def _region(settings: Settings) -> str:
    return f"; without +, a possible number of {settings.phone_region}" if settings.phone_region else ""


def _phone_number(ts: TypeSpec, settings: Settings, where: str) -> str:
    return f"a phone number (2 to 20 digits, optionally after +; {_POSSIBLE}{_region(settings)})"


def _ext_or_phone(ts: TypeSpec, settings: Settings, where: str) -> str:
    return (f"{_EXTENSION} or a phone number (2 to 20 digits, optionally after +; "
            f"{_POSSIBLE}{_region(settings)})")


def _caller_id(ts: TypeSpec, settings: Settings, where: str) -> str:
    return ('a caller id, NUMBER or Name <NUMBER> (NUMBER: 1 to 32 digits and *, optionally after +; '
            'Name: 1 to 64 characters without <, >, " or control characters, no space at either end)')


def _date(ts: TypeSpec, settings: Settings, where: str) -> str:
    return ("a date and time YYYY-MM-DDThh:mm:ss, optionally with a fraction (.f, 1 to 6 digits) and "
            "Z or +hh:mm / -hh:mm, a real calendar date and time")


def _int(ts: TypeSpec, settings: Settings, where: str) -> str:
    low, high = bounds(ts, settings)
    text = "an integer" if where != "body" else "an integer (a JSON number or its digits)"
    return f"{text} from {_n(low)} to {_n(high or 0)}{_setting(ts)}"


def _bool(ts: TypeSpec, settings: Settings, where: str) -> str:
    extra = ", or a JSON true, false, 1 or 0" if where == "body" else ""
    return f"true or false (any letter case), 1 or 0{extra}"


def _enum(ts: TypeSpec, settings: Settings, where: str) -> str:
    strings, numbers, _ = enum_tables(ts)
    extra = " (text or a JSON number)" if numbers and where == "body" else ""
    return f"{'' if len(strings) == 2 else 'one of '}{_one_of(strings)}{extra}"


def _fields(ts: TypeSpec, settings: Settings, where: str) -> str:
    strings, _, _ = enum_tables(ts)
    return (f"a comma list (no spaces, no empty item) of 1 to {types.LIST_MAX} of these names: "
            f"{_one_of(strings)}")


def _alnum(ts: TypeSpec, settings: Settings, where: str) -> str:
    return f"1 to {longest_accepted(checker_for(ts, settings), 'a')} ASCII letters and digits"


def _url(ts: TypeSpec, settings: Settings, where: str) -> str:
    check = checker_for(ts, settings)
    head = "http://a/"
    longest = len(head) + longest_accepted(lambda v: check(head + v), "a", 1 << 16)
    return (f"an absolute http or https URL with a host, up to {_n(longest)} characters, "
            "RFC 3986 characters only")


def _note(ts: TypeSpec, settings: Settings, where: str) -> str:
    longest = longest_accepted(checker_for(ts, settings), "a")
    return f"text of up to {_n(longest)} characters, no control characters, no white space at either end"


def _digits(ts: TypeSpec, settings: Settings, where: str) -> str:
    return f"{_range(ts, settings, 'ASCII digits')} (text)"


def _visible(ts: TypeSpec, settings: Settings, where: str) -> str:
    return f"{_range(ts, settings, 'visible ASCII characters')} (no space)"


def _suffixes() -> str:
    return _one_of(suffix for group in FILE_SUFFIXES.values() for suffix in group)


def _file_name(ts: TypeSpec, settings: Settings, where: str) -> str:
    check = checker_for(ts, settings)
    longest = longest_accepted(lambda v: check(v + ".pdf"), "a") + len(".pdf")
    return (f"a file name of 1 to {longest} characters without /, \\ or control characters, "
            f"not . or .., ending in {_suffixes()} (any letter case)")


def _item(ts: TypeSpec) -> TypeSpec:
    return TypeSpec(ts.get("item"))


def _party(ts: TypeSpec, settings: Settings, where: str) -> str:
    item = describe(_item(ts), settings, where)
    return f"{item}, or a list of 1 to {_n(ts.get('max'))} of them"


def _list(ts: TypeSpec, settings: Settings, where: str) -> str:
    item = describe(_item(ts), settings, where)
    return f"a list of {_range(ts, settings, 'items')}{_setting(ts)}, each {item}"


def _objects(ts: TypeSpec, settings: Settings, where: str) -> str:
    low, high = ts.get("min", 0), ts.get("max")
    if high is not None and low == high:
        return f"a list of exactly {_n(low)} object{'s' if low != 1 else ''}"
    if high is not None:
        return f"a list of {_n(low)} to {_n(high)} objects"
    return "a non-empty list of objects" if low == 1 else f"a list of at least {_n(low)} objects"


def _filter_value(ts: TypeSpec, settings: Settings, where: str) -> str:
    return "a value of the filterBy field's type"  # the reason itself names the field (_filter)


DESCRIPTIONS: Final[Mapping[str, Describe]] = {
    "user_id": _user_id, "extension": _extension, "phone_number": _phone_number,
    "ext_or_phone": _ext_or_phone, "caller_id": _caller_id, "date": _date, "int": _int, "bool": _bool,
    "enum": _enum, "filter_by": _enum, "filter_op": _enum, "fields": _fields, "object_id": _alnum,
    "event_id": _alnum, "upload_id": _alnum, "url": _url, "note": _note, "digits": _digits,
    "visible": _visible, "file_name": _file_name, "party": _party, "list": _list, "objects": _objects,
    "filter_value": _filter_value,
}


def describe(ts: TypeSpec, settings: Settings, where: str = "query") -> str:
    """What a value of ``ts`` must be, as a noun phrase ("an integer from 1 to 5000")."""
    return DESCRIPTIONS[ts.name](ts, settings, where)


# --- the reasons -------------------------------------------------------------------------------

def _prefix(label: str) -> str:
    """``files[2].`` for ``files[2].name``: where the other parameter of a rule in an item is."""
    head, dot, _ = label.rpartition(".")
    return head + dot if "[" in head else ""


def _param(param: Param, settings: Settings, label: str) -> str:
    where = _WHERE[param.location] if "[" not in label else ""
    name = label
    if param.aliases:
        name += f" (or {_one_of(param.aliases)}, not both)"
    must = describe(param.type, settings, param.location)
    if param.required:
        return f"{name} is required{where} and must be {must}"
    if param.required_unless:
        return f"{name}{where} must be {must}; give {label}, {param.required_unless} or both"
    return f"{name}{where} must be {must}"


def _too_many(param: Param, settings: Settings, label: str) -> str:
    high = bounds(param.type, settings)[1]
    return f"{label} must hold at most {_n(high or 0)} items{_setting(param.type)}"


def _date_order(first: str, second: str) -> str:
    return f"{first} must not be later than {second} (a date without a zone is taken as UTC)"


def _equal(first: str, second: str) -> str:
    return f"{first} must equal {second} when both are given"


def _local_agent_number(first: str, second: str) -> str:
    return (f"{first} cannot be given when {second} is a local agent "
            "(an extension: it holds * or has 1 to 5 digits)")


def _file_suffix(first: str, second: str) -> str:
    endings = "; ".join(f"{' or '.join(group)} for {kind}" for kind, group in FILE_SUFFIXES.items())
    return f"{first} must end as {second} says ({endings}; any letter case)"


def _self_not_of_owner(first: str, second: str) -> str:
    return f"{first} cannot be @self when {second} is @owner"


# One sentence per rule kind of rules.rule_holds: (the blamed parameter, the other one).
_RULES: Final[Mapping[str, Callable[[str, str], str]]] = {
    "date_order": _date_order, "equal": _equal, "local_agent_number": _local_agent_number,
    "file_suffix": _file_suffix, "self_not_of_owner": _self_not_of_owner,
}


def _rule(rule: Rule, label: str, where: Mapping[str, str]) -> str:
    first, second = rule.params
    other = _prefix(label) + second
    return _RULES[rule.kind](label + where.get(first, ""), other + where.get(second, ""))


def _filter(collection: Collection, flt: Filter, variant: str | None, settings: Settings, label: str) -> str:
    field = f"{label} for filterBy={flt.name}"
    if variant == "on_array":
        return (f"{field} with filterOp=inArray must be a comma list (no spaces, no empty item) of "
                f"1 to {types.LIST_MAX} items")
    must = describe(flt.type, settings)
    if variant == "numbers":
        return f"{field} must be a number: {must}"
    ops = collection.ops
    parts = [f"{field} must be {must}"]
    if flt.number_like and ("contains" in ops or "startsWith" in ops):
        chars = "digits and *" if flt.type.name == "extension" else "digits, * and +"
        parts.append(f"with contains or startsWith, a part of one (1 to {types.PART_MAX} {chars})")
    if "inArray" in ops:
        parts.append(f"with inArray, a comma list of 1 to {types.LIST_MAX} of them")
    parts.append("not empty, unless filterOp is present" if "present" in ops else "not empty")
    return "; ".join(parts)


def reason(check: Param | Rule, code: str, variant: str | None, settings: Settings, label: str, *,
           flt: Filter | None = None, collection: Collection | None = None,
           where: Mapping[str, str] | None = None) -> str:
    """The reason of a failure (``code``, ``variant``) of ``check``, named ``label`` in the request.

    ``flt`` and ``collection``: the filter field and the collection of a filterValue failure;
    ``where``: the locations of a rule's parameters, by name (top level only).
    """
    if isinstance(check, Rule):
        locations = {name: _WHERE[location] for name, location in (where or {}).items()}
        return _rule(check, label, locations if "[" not in label else {})
    if check.type.name == "filter_value":
        assert flt is not None and collection is not None, "a filterValue reason names its field"
        return _filter(collection, flt, variant, settings, label)
    if code == check.too_many_code and code != check.code:
        return _too_many(check, settings, label)
    return _param(check, settings, label)


def _explain(check: Param | Rule, code: str, variant: str | None, settings: Settings, flt: Filter | None,
             collection: Collection | None, where: Mapping[str, str] | None, failure: Failure) -> str:
    return reason(check, code, variant, settings, failure.param or "", flt=flt, collection=collection,
                  where=where)


def because(check: Param | Rule, code: str, variant: str | None, settings: Settings, *,
            flt: Filter | None = None, collection: Collection | None = None,
            checks: tuple[Param | Rule, ...] = ()) -> Why:
    """The reason of a failure of ``check``, to attach to it (``errors.explained``): written
    from the failure's own label when first asked for.

    ``checks``: the checks the rule stands among, which say where its parameters travel.
    """
    where = None
    if isinstance(check, Rule):
        where = {c.name: c.location for c in checks if isinstance(c, Param) and c.name in check.params}
    return partial(_explain, check, code, variant, settings, flt, collection, where)
