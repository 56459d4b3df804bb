"""The registry of value types (SPEC §3): one record per type, every fact about it side by side.

A ``ValueType`` holds what each part of the project needs to know about one type:

- ``options`` and ``required``: the options a schema file may give it (the loader's check);
  ``prepare``, the checks and completion of the options given (an enum's values, a
  collection type's values from its collection), raising ``OptionError``; ``default``,
  whether a value is a cleaned value of the type, as a schema's ``default`` must be;
  ``item``, whether it may be the items of a list;
- ``checker``: ``(TypeSpec, Settings) -> checker``, the function that cleans a value or
  returns None (``rules.checker_for``; every backend calls it);
- ``inline``: ``(writer, TypeSpec, hint, value) -> expression``, the generated code's direct
  call of the type function (``compiler``); without one the generated code calls the checker;
- ``schema``: ``(TypeSpec, Settings, location) -> JSON Schema`` (``openapi``), its patterns
  the very text ``types`` compiles;
- ``strategy``, ``invalid`` and ``probes``: the hypothesis harness's values the checker
  accepts, extra proposals of values it refuses, and fixed values to try (``testing``).

Adding a type touches this module (and ``types`` for its function). The registry imports no
hypothesis: the harness passes the ``hypothesis.strategies`` module and its own context to
each strategy builder, so that ``import ua_validate`` stays light.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache

from . import _cache, _phone, types
from .spec import Collection, TypeSpec

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, Final, Protocol, TypeAlias, TypeGuard

    class Settings(Protocol):
        """What the registry reads of a Validator's settings (``rules.Settings``)."""

        @property
        def phone_region(self) -> str | None: ...

    class Writer(Protocol):
        """What an inline emitter uses of the code generator."""

        @property
        def settings(self) -> Settings: ...

        def bind(self, value: Any, name: str) -> str: ...
        def check_call(self, type_spec: TypeSpec, hint: str, value: str) -> str: ...
        def constant(self, text: str, name: str) -> str: ...
        def literal(self, table: Mapping[Any, Any]) -> str: ...

    class Harness(Protocol):
        """What a strategy builder uses of the hypothesis harness (``ua_validate.testing``)."""

        @property
        def settings(self) -> Settings: ...

        def check(self, type_spec: TypeSpec) -> Checker: ...
        def valid(self, type_spec: TypeSpec, location: str) -> Any: ...
        def invalid(self, type_spec: TypeSpec, location: str) -> Any: ...
        def mutated(self, base: Any) -> Any: ...
        def json_values(self) -> Any: ...

__all__ = ["FILE_SUFFIXES", "TYPES", "OptionError", "ValueType", "bounds", "checker_for", "enum_tables", "is_str_list",
           "json_schema", "longest_accepted"]

# Written as text: the names exist at run time without importing typing.
Checker: TypeAlias = "Callable[[Any], Any]"
JsonSchema: TypeAlias = "dict[str, Any]"
CheckerFactory: TypeAlias = "Callable[[TypeSpec, Settings], Checker]"
Inline: TypeAlias = "Callable[[Writer, TypeSpec, str, str], str]"
SchemaBuilder: TypeAlias = "Callable[[TypeSpec, Settings, str], JsonSchema]"
StrategyBuilder: TypeAlias = "Callable[[Any, Harness, TypeSpec, str], Any]"  # (hypothesis.strategies, ...)
ProbeBuilder: TypeAlias = "Callable[[Harness, TypeSpec, str], tuple[Any, ...]]"
Prepare: TypeAlias = "Callable[[dict[str, Any], Collection | None], None]"  # (options given, the operation's collection)
DefaultCheck: TypeAlias = "Callable[[TypeSpec, Any], bool]"

# The endings a fax file name may have for each cleaned file type.
FILE_SUFFIXES: Final[Mapping[str, tuple[str, ...]]] = {
    "jpg": (".jpg", ".jpeg"),
    "tif": (".tif", ".tiff"),
    "pdf": (".pdf",),
    "txt": (".txt",),
}
_ALL_SUFFIXES: Final = tuple(s for group in FILE_SUFFIXES.values() for s in group)
# The key under which a type's JSON Schema names the checks of its checker that the schema does
# not express (``openapi`` lists them among the operation's rules), and those checks.
UNEXPRESSED: Final = "x-ua-unexpressed"
_POSSIBLE_NUMBER: Final = "possible_number"  # with +, possible for its country code (phonenumbers)
_IP_LITERAL: Final = "ip_literal"  # a bracketed host's IPv6 address (ipaddress)
# A JSON number written as an integer: JSON Schema's "integer" is also 401.0, which is a float.
_INTEGER_LITERAL: Final = "integer_literal"
# What each of those checks requires, as the OpenAPI document names it.
UNEXPRESSED_CHECKS: Final = {
    _POSSIBLE_NUMBER: "with +, a possible number for its country code (phonenumbers)",
    _IP_LITERAL: "a bracketed URL host is a valid IPv6 address (ipaddress)",
    _INTEGER_LITERAL: "a JSON number is written as an integer (401, never 401.0 or 4.01e2)",
}
_DIGITS: Final = "0123456789"
_ALNUM: Final = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" + _DIGITS


class OptionError(Exception):
    """An option a schema file gives a type is wrong; the loader names the file and the key."""

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(option, problem)
        self.option = option
        self.problem = problem


class ValueType:
    """Every fact about one value type; see the module docstring for each field."""

    __slots__ = ("checker", "default", "inline", "invalid", "item", "name", "needs_max", "options", "prepare",
                 "probes", "required", "schema", "strategy")

    def __init__(self, name: str, *, options: tuple[str, ...] = (), required: tuple[str, ...] = (),
                 needs_max: bool = False, prepare: Prepare | None = None, default: DefaultCheck | None = None,
                 item: bool = False, checker: CheckerFactory | None = None, inline: Inline | None = None,
                 schema: SchemaBuilder | None = None, strategy: StrategyBuilder | None = None,
                 invalid: StrategyBuilder | None = None, probes: ProbeBuilder | None = None) -> None:
        self.name = name
        self.options = frozenset(options)
        self.required = frozenset(required)
        self.needs_max = needs_max  # needs "max" or "max_setting" besides its required options
        self.prepare = prepare
        self.default = default
        self.item = item
        self.checker = checker
        self.inline = inline
        self.schema = schema
        self.strategy = strategy
        self.invalid = invalid
        self.probes = probes

    def __repr__(self) -> str:
        return f"<ValueType {self.name}>"


TYPES: dict[str, ValueType] = {}


def _define(*names: str, **facts: Any) -> None:
    for name in names:
        TYPES[name] = ValueType(name, **facts)


def _of_collection(name: str, values: Callable[[Collection], tuple[str, ...]] | None = None) -> Prepare:
    """The ``prepare`` of a type that belongs to a collection operation (and takes its values)."""

    def prepare(given: dict[str, Any], collection: Collection | None) -> None:
        if collection is None:
            raise OptionError("type", f"type {name} belongs to a collection operation")
        if values is not None:
            given["values"] = values(collection)

    return prepare


# --- shared by the records -------------------------------------------------------------------------

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
    record = TYPES.get(type_spec.name)
    if record is None or record.checker is None:
        raise ValueError(f"type {type_spec.name!r} has no checker of its own")
    return record.checker(type_spec, settings)


def json_schema(type_spec: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    """The JSON Schema of a value of ``type_spec`` sent in ``location``."""
    record = TYPES.get(type_spec.name)
    if record is None or record.schema is None:
        raise ValueError(f"type {type_spec.name!r} has no JSON Schema")
    return record.schema(type_spec, settings, location)


def longest_accepted(check: Checker, unit: str, cap: int = 1 << 14) -> int:
    """The longest run of ``unit`` the checker accepts: the engine itself says how long a
    value may be (each type bounds its length), for the document and for the strategies."""
    low, high = 0, cap
    while low < high:
        middle = (low + high + 1) // 2
        if check(unit * middle) is not None:
            low = middle
        else:
            high = middle - 1
    return low


def _text_first(value: str, text: str, other: str) -> str:
    """The generated code's check: ``text`` (an expression deciding a value of type ``str``
    exactly, the common case, without a call) for plain text, ``other`` (the type function,
    which also judges str subclasses, numbers, None) for anything else. ``text`` gives the type
    function's answer on every str; tests/test_compiler.py holds them equal."""
    return f"(({text}) if type({value}) is str else {other})"


@cache
def _fullmatch(pattern: str) -> Callable[[str], Any]:
    """``pattern``'s compiled fullmatch, bound once for the generated code to call directly;
    compiled when the first generated validator needs it, not on import."""
    return _cache.pattern(pattern).fullmatch


_EXT_OR_PHONE_PATTERN: Final = f"{types.EXTENSION_PATTERN}|{types.PHONE_PATTERN}"


def _plain(function: Checker) -> tuple[CheckerFactory, Inline]:
    """A type whose checker is its type function as it is: the generated code calls it by name."""
    def checker(ts: TypeSpec, settings: Settings) -> Checker:
        return function

    def inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
        return f"{w.bind(function, '_' + function.__name__)}({value})"

    return checker, inline


def _pattern(body: str) -> str:
    return f"^(?:{body})$"


def _case_pattern(text: str) -> str:
    """A pattern matching ``text`` in any letter case."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in text)


def _any_digits(count: int) -> str:
    return "" if count == 0 else "[0-9]" if count == 1 else f"[0-9]{{{count}}}"


case_pattern = _case_pattern  # public for openapi's patterns


def _padded_range(low: str, high: str) -> str:
    """A pattern of the strings of ``len(low)`` digits from ``low`` to ``high`` (as wide)."""
    if not low:
        return ""
    rest = len(low) - 1
    if low[0] == high[0]:
        return re.escape(low[0]) + _padded_range(low[1:], high[1:])
    if low[1:] == "0" * rest and high[1:] == "9" * rest:
        return f"[{low[0]}-{high[0]}]" + _any_digits(rest)
    options = [low[0] + _padded_range(low[1:], "9" * rest)]
    if int(high[0]) - int(low[0]) > 1:
        options.append(f"[{int(low[0]) + 1}-{int(high[0]) - 1}]" + _any_digits(rest))
    options.append(high[0] + _padded_range("0" * rest, high[1:]))
    return "(?:" + "|".join(options) + ")"


def digits_in_range(low: int, high: int, width: int) -> str:
    """A pattern of the runs of 1-``width`` ASCII digits (leading zeros allowed) whose value is
    ``low``-``high``: the text form of an Int (``types.integer``) or of a port."""
    options = []
    for size in range(1, width + 1):
        top = min(high, 10**size - 1)
        if low <= top:
            options.append(_padded_range(str(low).zfill(size), str(top).zfill(size)))
    return "|".join(options)


def _string(pattern: str, description: str = "", **extra: Any) -> JsonSchema:
    schema: JsonSchema = {"type": "string", "pattern": _pattern(pattern), **extra}
    if description:
        schema["description"] = description
    return schema


def _item_type(ts: TypeSpec) -> TypeSpec:
    return TypeSpec(ts.get("item"))


# Strategy helpers: ``st`` is the hypothesis.strategies module, given by the harness.

@cache
def _composite(st: Any, function: Callable[..., Any]) -> Any:
    """``st.composite(function)``, decorated once: hypothesis reads and parses the function's
    source to decorate it (about 2 ms), which a strategy built per type and location repeated."""
    return st.composite(function)


def _digit_text(st: Any, low: int, high: int) -> Any:
    return st.text(_DIGITS, min_size=low, max_size=high)


def _any_case(st: Any, words: tuple[str, ...]) -> Any:
    """One of ``words`` with any letters in upper case (a bit mask says which)."""
    return st.builds(
        lambda word, mask: "".join(c.upper() if mask >> i & 1 else c for i, c in enumerate(word)),
        st.sampled_from(words), st.integers(0, (1 << max(map(len, words))) - 1),
    )


def _as_location(st: Any, values: Any, location: str) -> Any:
    return st.one_of(values, values.map(str)) if location == "body" else values.map(str)


# --- user_id ----------------------------------------------------------------------------------------

def _user_id_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    keywords = "|".join(types.USER_KEYWORDS)
    return _string(f"{keywords}|0*[1-9][0-9]*", "@me, @viewer, @owner, or 1-10 digits not all zero.",
                   maxLength=10)


def _user_id_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    return st.one_of(st.sampled_from(types.USER_KEYWORDS), _digit_text(st, 1, 10))


def _user_id_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    keywords = w.bind(types._USER_KEYWORDS, "_USER_KEYWORDS")
    text = (f"{value} if len({value}) <= 10 and ({value} in {keywords} or ({value}.isascii() and "
            f"{value}.isdigit() and {value}.strip('0'))) else None")
    return _text_first(value, text, f"{w.bind(types.user_id, '_user_id')}({value})")


_check, _ = _plain(types.user_id)
_define("user_id", checker=_check, inline=_user_id_inline, schema=_user_id_schema, strategy=_user_id_values)


# --- extension ----------------------------------------------------------------------------------

def _extension_checker(ts: TypeSpec, settings: Settings) -> Checker:
    if ts.get("allow_self"):
        return lambda value: types.extension(value, True)
    return types.extension


def _extension_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    allow_self = bool(ts.get("allow_self"))
    extra = ", True" if allow_self else ""
    match = w.bind(_fullmatch(types.EXTENSION_PATTERN), "_match_extension")
    # No length test first: the pattern's own bounds stop it within 21 characters.
    text = f"{match}({value})" + (f" or {value} == '@self'" if allow_self else "")
    return _text_first(value, f"{value} if {text} else None",
                       f"{w.bind(types.extension, '_extension')}({value}{extra})")


def _extension_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    if ts.get("allow_self"):
        return _string(f"{types.EXTENSION_PATTERN}|@self", "An extension (0003*210 or 210), or @self.")
    return _string(types.EXTENSION_PATTERN, "An extension: extended 0003*210 or short 210.")


def _extension_text(st: Any) -> Any:
    group = _digit_text(st, 1, 10)
    return st.one_of(group, st.builds(lambda a, b: f"{a}*{b}", group, group))


def _extension_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    if ts.get("allow_self"):
        return st.one_of(_extension_text(st), st.just("@self"))
    return _extension_text(st)


_define("extension", options=("allow_self",), item=True, checker=_extension_checker, inline=_extension_inline,
        schema=_extension_schema, strategy=_extension_values)


# --- phone_number, ext_or_phone -------------------------------------------------------------------

def _number_checker(function: Callable[..., Any]) -> CheckerFactory:
    def checker(ts: TypeSpec, settings: Settings) -> Checker:
        region = settings.phone_region
        return function if region is None else (lambda value: function(value, region))

    return checker


def _number_inline(function: Callable[..., Any]) -> Inline:
    def inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
        region = w.settings.phone_region
        extra = "" if region is None else f", {region!r}"
        # types.phone_number on a str: the shape, then with + a possible number of its country
        # (without +, of the region setting when there is one)
        international = f"{w.bind(_phone.possible_international, '_possible_international')}({value}[1:])"
        if region is None:
            possible = f"({value}[0] != '+' or {international})"
        else:
            national = f"{w.bind(_phone.possible_national, '_possible_national')}({value}, {region!r})"
            possible = f"({international} if {value}[0] == '+' else {national})"
        phone = f"{w.bind(_fullmatch(types.PHONE_PATTERN), '_match_phone')}({value}) and {possible}"
        if function is types.ext_or_phone and region is None:
            # An extension (which never starts with +) or a number: one pattern for both shapes,
            # and only a + number has more to pass.
            phone = f"{w.bind(_fullmatch(_EXT_OR_PHONE_PATTERN), '_match_ext_or_phone')}({value}) and {possible}"
        elif function is types.ext_or_phone:  # an extension, or a number of the region
            phone = f"({w.bind(_fullmatch(types.EXTENSION_PATTERN), '_match_extension')}({value}) or {phone})"
        # No length test first: every pattern here stops within 21 characters.
        text = f"{value} if {phone} else None"
        return _text_first(value, text, f"{w.bind(function, '_' + function.__name__)}({value}{extra})")

    return inline


def _phone_number_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    region = f" Without +, a possible number of {settings.phone_region}." if settings.phone_region else ""
    return _string(types.PHONE_PATTERN, "A phone number: with +, a possible number for its country code "
                                        "(phonenumbers)." + region, **{UNEXPRESSED: [_POSSIBLE_NUMBER]})


def _ext_or_phone_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    return _string(_EXT_OR_PHONE_PATTERN,
                   "An extension or a phone number (with +, a possible number for its country code).",
                   **{UNEXPRESSED: [_POSSIBLE_NUMBER]})


@cache
def _international_sources() -> tuple[tuple[str, int], ...]:
    """Every region phonenumbers knows (code 0), and every calling code of no country (region
    ``001``): where the international seeds come from, each looked up on its first draw."""
    import phonenumbers

    return (*((region, 0) for region in sorted(phonenumbers.SUPPORTED_REGIONS)),
            *(("001", code) for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS)))


@cache
def _international_seed(region: str, code: int) -> tuple[str, str] | None:
    """(country code, national number) of phonenumbers' example number of a region, or of a
    calling code of no country; None if it has none."""
    import phonenumbers

    number = (phonenumbers.example_number_for_non_geo_entity(code) if code
              else phonenumbers.example_number(region))
    if number is None:
        return None
    return str(number.country_code), phonenumbers.national_significant_number(number)


@cache
def _national_seeds(region: str) -> tuple[str, ...]:
    """Numbers of ``region`` as dialled there: example numbers of each type, with and without
    the national prefix."""
    import phonenumbers

    found: dict[str, None] = {}
    for kind in sorted(vars(phonenumbers.PhoneNumberType).values(), key=str):
        if not isinstance(kind, int):
            continue
        number = phonenumbers.example_number_for_type(region, kind)
        if number is None:
            continue
        found[phonenumbers.national_significant_number(number)] = None
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        found["".join(c for c in national if c in _DIGITS)] = None
    return tuple(found)


def _changes(st: Any) -> Any:
    """Up to four replacements, each a position (0-31) and a digit in one number: one choice
    per replacement instead of two (hypothesis's cost is per choice)."""
    return st.lists(st.integers(0, 32 * 10 - 1), max_size=4)


def _changed(draw: Callable[[Any], Any], digits: str, keep: int, changes: Any) -> str:
    """``digits`` with some of those after the first ``keep`` replaced."""
    if len(digits) <= keep:
        return digits
    out = list(digits)
    for change in draw(changes):
        index, digit = divmod(change, 10)
        out[keep + index % (len(digits) - keep)] = _DIGITS[digit]
    return "".join(out)


def _varied_draw(draw: Callable[[Any], Any], pool: Any, changes: Any, lead: str) -> str:
    seed, keep = draw(pool)
    return lead + _changed(draw, seed, keep, changes)


def _varied(st: Any, seeds: list[tuple[str, int]], lead: str) -> Any:
    """One of ``seeds`` (digits, how many to keep) with some digits after the kept ones replaced,
    after ``lead``. One strategy for all the seeds (a flatmap would build new strategies at
    every draw, which hypothesis pays for in time)."""
    return _composite(st, _varied_draw)(st.sampled_from(seeds), _changes(st), lead)


def _international_draw(draw: Callable[[Any], Any], sources: Any, changes: Any, check: Checker,
                        fallback: tuple[str, str]) -> str:
    seed = _international_seed(*draw(sources))
    if seed is None or check(f"+{seed[0]}{seed[1]}") is None:
        seed = fallback  # a region without an example number, or one the checker refuses
    code, national = seed
    return "+" + _changed(draw, code + national, len(code), changes)


def _international(st: Any, h: Harness) -> Any:
    """``+`` numbers from phonenumbers' example numbers of every region and calling code, some
    digits of the national number replaced. A seed's metadata is loaded on its first draw, not
    all of them when the strategy is built (0.4 s, and thousands of objects every garbage
    collection then walks)."""
    check = h.check(TypeSpec("phone_number"))
    sources = _international_sources()
    seeds = (_international_seed(region, code) for region, code in sources)
    fallback = next((seed for seed in seeds if seed is not None and check(f"+{seed[0]}{seed[1]}") is not None),
                    None)
    if fallback is None:
        return None
    return _composite(st, _international_draw)(st.sampled_from(sources), _changes(st), check, fallback)


def _phone_number_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    region = h.settings.phone_region
    options: list[Any] = []
    international = _international(st, h)
    if international is not None:
        options.append(international)
    if region is None:
        options.append(_digit_text(st, 2, 20))
    else:
        check = h.check(TypeSpec("phone_number"))
        seeds = [seed for seed in _national_seeds(region) if check(seed) is not None]
        if seeds:
            options.append(_varied(st, [(seed, 1) for seed in seeds], ""))
    return st.one_of(options)


def _ext_or_phone_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    # The phone numbers' proposals, not their checked values: the ext_or_phone checker judges
    # them, and one strategy fewer is drawn per value.
    return st.one_of(_extension_text(st), _phone_number_values(st, h, TypeSpec("phone_number"), location))


_define("phone_number", item=True, checker=_number_checker(types.phone_number),
        inline=_number_inline(types.phone_number), schema=_phone_number_schema, strategy=_phone_number_values)
_define("ext_or_phone", item=True, checker=_number_checker(types.ext_or_phone),
        inline=_number_inline(types.ext_or_phone), schema=_ext_or_phone_schema, strategy=_ext_or_phone_values)


# --- caller_id ----------------------------------------------------------------------------------

def _caller_id_pattern() -> str:
    """``types.caller_id``'s verdict on text as one pattern: a bare number, or a name of 1-64
    characters (none of ``<>"`` or a control character, no white space at either end: Python's
    ``\\s`` is ``str.isspace``), an optional space, and the number in angle brackets."""
    number = f"(?:{types.CALLER_NUMBER_PATTERN})"
    end = f'[^<>"\\s{types.CONTROL_RANGE}]'
    name = f'{end}(?:[^<>"{types.CONTROL_RANGE}]{{0,62}}{end})?'
    return f"{number}|{name} ?<{number}>"


def _caller_id_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    return _string(_caller_id_pattern(), "Name <NUMBER> or NUMBER; the name has no leading or trailing space.",
                   maxLength=99)


def _caller_id_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    # One fullmatch decides text (at most 99 characters: the pattern's bounds), instead of the
    # type function's find, slices and three patterns.
    match = w.bind(_fullmatch(_caller_id_pattern()), "_match_caller_id")
    return _text_first(value, f"{value} if {match}({value}) else None",
                       f"{w.bind(types.caller_id, '_caller_id')}({value})")


def _caller_id_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    number = st.one_of(
        st.text(_DIGITS + "*", min_size=1, max_size=32),
        st.text(_DIGITS + "*", min_size=1, max_size=31).map(lambda n: "+" + n),
    )
    name = st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters='<>"'),
                   min_size=1, max_size=64)
    return st.one_of(
        number,
        st.builds(lambda n, v: f"{n} <{v}>", name, number),
        st.builds(lambda n, v: f"{n}<{v}>", name, number),
    )


_check, _ = _plain(types.caller_id)
_define("caller_id", checker=_check, inline=_caller_id_inline, schema=_caller_id_schema,
        strategy=_caller_id_values)


# --- date ---------------------------------------------------------------------------------------

def _date_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    return _string(f"(?:{types.CALENDAR_DAY_PATTERN}){types.DATE_CLOCK_PATTERN}",
                   "YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm], a real calendar date and time; without a zone, UTC.")


_DAY: Final = 86_400
_ZONE_MINUTES: Final = 24 * 60


def _date_parts(moment: int, fraction: str, zone: int) -> str:
    # A mixed-radix count of seconds with 31 days in every month and 12 months in every year
    # (the checker drops the days a month does not have); zone 0 is none, 1 is Z, the rest an
    # offset of up to 23:59 either way.
    days, seconds = divmod(moment, _DAY)
    years, days = divmod(days, 12 * 31)
    month, day = divmod(days, 31)
    text = (f"{years + 1:04d}-{month + 1:02d}-{day + 1:02d}"
            f"T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}")
    if fraction:
        text += "." + fraction
    if zone == 1:
        text += "Z"
    elif zone > 1:
        sign, minutes = divmod(zone - 2, _ZONE_MINUTES)
        text += f"{'+-'[sign]}{minutes // 60:02d}:{minutes % 60:02d}"
    return text


def _date_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    # Three draws per date: generating many dates per request stays cheap.
    recent = (1999 * 12 * 31 * _DAY, 2030 * 12 * 31 * _DAY - 1)  # 2000-2030, as most requests are
    moment = st.one_of(st.integers(0, 9999 * 12 * 31 * _DAY - 1), st.integers(*recent))
    return st.builds(_date_parts, moment, _digit_text(st, 0, 6), st.integers(0, 1 + 2 * _ZONE_MINUTES))


# A subset of types.DATE_PATTERN without its costliest alternations (the pattern's cost is in
# them: ~0.7 µs against ~0.35 µs): digits where the date's digits go, month 0x-1x, day 0x-3x, the
# clock as strict as types.DATE_PATTERN's, offsets up to 19:59. Text it matches matches
# types.DATE_PATTERN, so types.date's answer on it is fromisoformat's (None where that raises:
# month 00 or 13-19, day 00 or past the month's end, year 0000); text it does not match (offsets
# of 20-23 hours, anything else) goes to types.date.
_DATE_SHAPE: Final = (r"[0-9]{4}-[01][0-9]-[0-3][0-9]T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
                      r"(?:\.[0-9]{1,6})?(?:Z|[+-][01][0-9]:[0-5][0-9])?")


def _date_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    read = w.bind(types.read_date, "_read_date")
    match = w.bind(_fullmatch(_DATE_SHAPE), "_match_date_shape")
    return (f"({read}({value}) if type({value}) is str and len({value}) <= {types._DATE_MAX_LEN!r} "
            f"and {match}({value}) else {w.bind(types.date, '_date')}({value}))")


_check, _ = _plain(types.date)
_define("date", checker=_check, inline=_date_inline, schema=_date_schema, strategy=_date_values)


# --- int ----------------------------------------------------------------------------------------

def _int_checker(ts: TypeSpec, settings: Settings) -> Checker:
    low, most = _sized(ts, settings)
    return lambda value: types.integer(value, low, most)


def _int_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    low, high = bounds(ts, w.settings)
    # n_: the number, converted once (the condition reads it, the value is it)
    text = (f"n_ if 0 < len({value}) <= 10 and {value}.isascii() and {value}.isdigit() "
            f"and {low!r} <= (n_ := int({value})) <= {high!r} else None")
    return _text_first(value, text, f"{w.bind(types.integer, '_integer')}({value}, {low!r}, {high!r})")


def _int_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    low, high = bounds(ts, settings)
    number: JsonSchema = {"type": "integer", "minimum": low, "maximum": high}
    if ts.get("max_setting"):
        number["x-maximum-setting"] = ts.get("max_setting")
    if location != "body":
        return number
    number[UNEXPRESSED] = [_INTEGER_LITERAL]
    digits = _string(digits_in_range(*_sized(ts, settings), 10), "The same number as decimal digits (at most 10).")
    return {"anyOf": [number, digits]}


def _int_text(st: Any, low: int, high: int) -> Any:
    zeros = tuple(st.integers(0, n) for n in range(11))  # how many, by how many digits are free
    return _composite(st, _int_text_draw)(st.integers(low, high), st.booleans(), zeros)


def _int_text_draw(draw: Callable[[Any], Any], number: Any, padded: Any, zeros: tuple[Any, ...]) -> str:
    text = str(draw(number))
    if draw(padded):  # leading zeros, as far as the ten digits allow
        text = "0" * draw(zeros[max(0, 10 - len(text))]) + text
    return text


def _int_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    low, high = _sized(ts, h.settings)
    if location == "body":
        return st.one_of(st.integers(low, high), _int_text(st, low, high))
    return _int_text(st, low, high)


def _int_invalid(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    low, high = _sized(ts, h.settings)
    beyond = st.one_of(st.integers(high + 1, high + 10**11), st.integers(-(10**11), low - 1))
    options = [_as_location(st, beyond, location), st.integers(0, 10**11).map(lambda n: str(n).zfill(11))]
    if location == "body":
        options.append(st.floats(low, high, allow_nan=False))
        options.append(st.booleans())
    return st.one_of(options)


def _int_probes(h: Harness, ts: TypeSpec, location: str) -> tuple[Any, ...]:
    low, high = _sized(ts, h.settings)
    found: list[Any] = [str(high + 1)]
    if low > 0:
        found.append(str(low - 1))
    return tuple(found)


def _int_default(ts: TypeSpec, default: Any) -> bool:
    high = ts.get("max")  # None under a max_setting: the settings bound it later
    return type(default) is int and ts.get("min") <= default and (high is None or default <= high)


_define("int", options=("min", "max", "max_setting"), required=("min",), needs_max=True, default=_int_default,
        checker=_int_checker, inline=_int_inline, schema=_int_schema, strategy=_int_values,
        invalid=_int_invalid, probes=_int_probes)


# --- bool ---------------------------------------------------------------------------------------

def _bool_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    if location != "body":
        return {"type": "boolean", "description": "true/false in any letter case, or 1/0."}
    words = "|".join((_case_pattern("true"), _case_pattern("false"), "1", "0"))
    return {"anyOf": [{"type": "boolean"}, {"enum": [0, 1], UNEXPRESSED: [_INTEGER_LITERAL]}, _string(words)]}


def _bool_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    text = st.one_of(st.sampled_from(("true", "false", "1", "0")), _any_case(st, ("true", "false")))
    if location == "body":
        return st.one_of(st.booleans(), st.sampled_from((0, 1)), text)
    return text


def _bool_invalid(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    words = st.sampled_from(("yes", "no", "on", "off", "t", "f", "2", "-1", "truee"))
    return st.one_of(words, st.integers(2, 100), st.floats(0, 1)) if location == "body" else words


def _bool_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    table = w.bind(types.BOOL_TEXT, "_BOOL_TEXT")
    text = f"{table}.get({value}.lower()) if len({value}) <= 5 else None"
    return _text_first(value, text, f"{w.bind(types.boolean, '_boolean')}({value})")


_check, _ = _plain(types.boolean)
_define("bool", default=lambda ts, default: type(default) is bool, checker=_check, inline=_bool_inline,
        schema=_bool_schema, strategy=_bool_values, invalid=_bool_invalid)


# --- enum, filter_by, filter_op (the last two take their values from the collection) -------------

def _enum_checker(ts: TypeSpec, settings: Settings) -> Checker:
    strings, numbers, longest = enum_tables(ts)
    return lambda value: types.enum(value, strings, numbers, longest)


def _enum_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    strings, numbers, longest = enum_tables(ts)
    table = w.constant(w.literal(strings), f"_VALUES_{hint}")
    ints = "None" if numbers is None else w.constant(w.literal(numbers), f"_NUMBERS_{hint}")
    # The common case inline: text no longer than the longest value (types.enum's own guard,
    # so a long value is never hashed) is looked up; anything else goes to types.enum, which
    # refuses long text and judges JSON numbers and str subclasses.
    return (f"({table}.get({value}) if type({value}) is str and len({value}) <= {longest!r} "
            f"else {w.bind(types.enum, '_enum')}({value}, {table}, {ints}, {longest!r}))")


def _enum_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    strings, numbers, _ = enum_tables(ts)
    text: JsonSchema = {"type": "string", "enum": list(strings)}
    if location == "body" and numbers:
        return {"anyOf": [text, {"type": "integer", "enum": list(numbers), UNEXPRESSED: [_INTEGER_LITERAL]}]}
    return text


def _enum_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    strings, numbers, _ = enum_tables(ts)
    if location == "body" and numbers:
        return st.one_of(st.sampled_from(tuple(strings)), st.sampled_from(tuple(numbers)))
    return st.sampled_from(tuple(strings))


def _enum_invalid(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    strings, _, _ = enum_tables(ts)
    options = [h.mutated(st.sampled_from(tuple(strings)))]
    if location == "body":
        options.append(st.integers(-10, 10**6))
        options.append(st.booleans())
    return st.one_of(options)


def is_str_list(value: Any, empty: bool = False) -> TypeGuard[list[str]]:
    """Whether ``value`` is a list of non-empty strings (``empty``: the list may be empty)."""
    return isinstance(value, list) and (empty or bool(value)) and all(isinstance(v, str) and v for v in value)


def _enum_options(given: dict[str, Any], collection: Collection | None) -> None:
    values = given["values"]
    if not is_str_list(values):
        raise OptionError("values", "must be a list of non-empty strings")
    mapping = given.get("map", {})
    if not isinstance(mapping, Mapping):
        raise OptionError("map", "must be a table")
    if not set(mapping) <= set(values):
        raise OptionError("map", "maps only listed values")
    if given.get("numeric") and not all(v.isascii() and v.isdigit() for v in values):
        raise OptionError("values", "a numeric enum lists digit strings")
    given["map"] = tuple(sorted(mapping.items()))
    given["values"] = tuple(values)


def _enum_default(ts: TypeSpec, default: Any) -> bool:
    values = ts.get("values")
    return (str(default) in values) if ts.get("numeric") else default in values


_ENUM: Final[dict[str, Any]] = {"checker": _enum_checker, "inline": _enum_inline, "schema": _enum_schema,
                                "strategy": _enum_values, "invalid": _enum_invalid}
_define("enum", options=("values", "numeric", "map"), required=("values",), prepare=_enum_options,
        default=_enum_default, **_ENUM)
_define("filter_by", prepare=_of_collection("filter_by", lambda c: tuple(c.filters)), **_ENUM)
def _filter_op_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    # judged only with a filterBy: its values are a named rule of the operation
    return {"type": "string", "description": "One of the values of the filter_op rule (x-ua-rules)."}


_define("filter_op", prepare=_of_collection("filter_op", lambda c: c.ops), **{**_ENUM, "schema": _filter_op_schema})


# --- fields: a comma list of the collection's field names ----------------------------------------

def _fields_checker(ts: TypeSpec, settings: Settings) -> Checker:
    strings, _, longest = enum_tables(ts)
    field = lambda value: types.enum(value, strings, None, longest)  # noqa: E731
    return lambda value: types.comma_list(value, field, 100, 100 * (longest + 1))


def _fields_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    # The checker's comma list of enum items, with the table's own lookup per item: the items
    # of a comma list are str, and no key is longer than the longest value.
    strings, _, longest = enum_tables(ts)
    if all(key == cleaned for key, cleaned in strings.items()):
        # Every item cleans to itself: the well-formed list (comma_list_shape, the same shape
        # and bounds) is the answer when its items are a subset of the values, one C-level set
        # test instead of a lookup call per item.
        known = w.constant(f"frozenset({sorted(strings)!r})", f"_FIELDS_{hint}")
        shape = w.bind(types.comma_list_shape, "_comma_list_shape")
        most = 100 * (longest + 1)
        other = f"(f_ if (f_ := {shape}({value}, 100, {most!r})) is not None and {known}.issuperset(f_) else None)"
        if any(key == "" or " " in key or "," in key for key in strings):
            return other
        # Text: split at once. No name is empty or holds a space or a comma, so items that are
        # all names are the well-formed list's (no empty item, no space); 100 items at most is
        # comma_list_shape's "fewer than 100 commas".
        text = f"f_ if 0 < len({value}) <= {most!r} and len(f_ := tuple({value}.split(','))) <= 100 and {known}.issuperset(f_) else None"
        return _text_first(value, text, other)
    table = w.constant(w.literal(strings), f"_VALUES_{hint}")
    comma_list = w.bind(types.comma_list, "_comma_list")
    return f"{comma_list}({value}, {table}.get, {types.LIST_MAX!r}, {types.LIST_MAX * (longest + 1)!r})"


def _fields_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    strings, _, _ = enum_tables(ts)
    return {"type": "array", "items": {"type": "string", "enum": list(strings)}, "minItems": 1,
            "maxItems": types.LIST_MAX}


def _fields_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    strings, _, _ = enum_tables(ts)
    return st.lists(st.sampled_from(tuple(strings)), min_size=1, max_size=8).map(",".join)


_define("fields", prepare=_of_collection("fields", lambda c: c.fields), checker=_fields_checker,
        inline=_fields_inline, schema=_fields_schema, strategy=_fields_values)


# --- object_id, event_id, upload_id -------------------------------------------------------------

def _alnum_checker(longest: int) -> CheckerFactory:
    def checker(ts: TypeSpec, settings: Settings) -> Checker:
        return lambda value: types.alnum(value, 1, longest)

    return checker


def _alnum_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    longest = longest_accepted(checker_for(ts, settings), "a")
    return _string(f"[A-Za-z0-9]{{1,{longest}}}", maxLength=longest)


def _alnum_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    return st.text(_ALNUM, min_size=1, max_size=longest_accepted(h.check(ts), "a"))


def _alnum_inline(longest: int) -> Inline:
    def inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
        # ASCII letters and digits: what isalnum() accepts of ASCII text (two flag scans in C,
        # cheaper than the pattern's call)
        text = f"{value} if 1 <= len({value}) <= {longest!r} and {value}.isascii() and {value}.isalnum() else None"
        return _text_first(value, text, f"{w.bind(types.alnum, '_alnum')}({value}, 1, {longest!r})")

    return inline


for _name, _longest in (("object_id", 64), ("event_id", 255), ("upload_id", 32)):
    _define(_name, checker=_alnum_checker(_longest), inline=_alnum_inline(_longest), schema=_alnum_schema,
            strategy=_alnum_values)


# --- url ----------------------------------------------------------------------------------------

def _url_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    check = checker_for(ts, settings)
    head = "http://a/"
    longest = len(head) + longest_accepted(lambda v: check(head + v), "a", 1 << 16)
    escaped = "%[0-9A-Fa-f]{2}"
    sub = "!$&'()*+,;="
    userinfo = f"(?:[A-Za-z0-9\\-._~{sub}:@\\[\\]]|{escaped})*@"
    host = types.HOST_PATTERN
    literal = f"\\[(?:{types.IPV6_TEXT_PATTERN}|{types.IP_FUTURE_PATTERN})\\]"
    port = f":(?:{digits_in_range(0, 65535, 5)})?"
    rest = f"[/?#](?:[A-Za-z0-9\\-._~:/?#\\[\\]@{sub}]|{escaped})*"
    return _string(f"{_case_pattern('http')}[sS]?://(?:{userinfo})?(?:{host}|{literal})(?:{port})?(?:{rest})?",
                   "An absolute http or https URL with a host, RFC 3986 characters only; a bracketed "
                   "host is an IPv6 address or v<hex>.<chars>.", maxLength=longest,
                   **{UNEXPRESSED: [_IP_LITERAL]})


_URL_CHARS: Final = _ALNUM + "-._~!$&'()*+,;=:@"
_HOST_CHARS: Final = "abcdefghijklmnopqrstuvwxyz" + _DIGITS + "-."
_HEX_HIGH: Final = "0123456789ABCDEFabcdef"
_HEX_LOW: Final = "0123456789ABCDEF"


def _url_draw(draw: Callable[[Any], Any], scheme: Any, host: Any, port: Any, tail: Any,
              escapes: Any) -> str:
    # Few choices per URL (hypothesis's cost is per choice): the host one text, an IPv4 address
    # one number; path, query and fragment one text whose first character starts the part it
    # is ("/", "?" or "#"); each percent escape one number (its place and its two digits).
    rest = draw(tail)
    if rest and rest[0] not in "/?#":
        rest = "/" + rest
    for escape in draw(escapes):
        at, code = divmod(escape, len(_HEX_HIGH) * len(_HEX_LOW))
        high, low = divmod(code, len(_HEX_LOW))
        if not rest:
            rest = "/"
        at = 1 + at % len(rest)
        rest = f"{rest[:at]}%{_HEX_HIGH[high]}{_HEX_LOW[low]}{rest[at:]}"
    return f"{draw(scheme)}://{draw(host)}{draw(port)}{rest}"


def _url_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    # The parts are built once, outside the draw: strategies built at every draw (from_regex
    # above all) cost hypothesis far more than drawing from them.
    scheme = _any_case(st, ("http", "https"))
    host = st.one_of(
        st.text(_HOST_CHARS, min_size=1, max_size=24),
        st.integers(0, (1 << 32) - 1).map(lambda n: ".".join(str(n >> shift & 255) for shift in (24, 16, 8, 0))),
        st.sampled_from(("[::1]", "[2001:db8::7]", "localhost")),
    )
    port = st.one_of(st.just(""), st.integers(0, 65535).map(lambda p: f":{p}"))
    tail = st.text(_URL_CHARS + "/?#", max_size=32)
    escapes = st.lists(st.integers(0, 64 * len(_HEX_HIGH) * len(_HEX_LOW) - 1), max_size=2)
    return _composite(st, _url_draw)(scheme, host, port, tail, escapes)


_check, _inline = _plain(types.url)
_define("url", checker=_check, inline=_inline, schema=_url_schema, strategy=_url_values)


# --- note ---------------------------------------------------------------------------------------

def _note_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    longest = longest_accepted(checker_for(ts, settings), "a")
    inner, end = f"[^{types.CONTROL_RANGE}]", f"[^\\s{types.CONTROL_RANGE}]"
    return _string(f"(?:{end}(?:{inner}*{end})?)?",
                   "Free text without control characters or white space at either end.", maxLength=longest)


def _note_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    return st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=longest_accepted(h.check(ts), "a"))


_check, _inline = _plain(types.note)
_define("note", checker=_check, inline=_inline, schema=_note_schema, strategy=_note_values)


# --- digits, visible ----------------------------------------------------------------------------

def _sized_text(function: Callable[[Any, int, int], Any]) -> tuple[CheckerFactory, Inline]:
    def checker(ts: TypeSpec, settings: Settings) -> Checker:
        low, most = _sized(ts, settings)
        return lambda value: function(value, low, most)

    def inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
        low, high = bounds(ts, w.settings)
        if function is types.digits:
            shape = f"{value}.isascii() and {value}.isdigit()"
        else:  # [!-~]+: ASCII that isprintable() accepts (0x20-0x7e) but the space; never empty
            shape = f"{value}.isascii() and {value}.isprintable() and ' ' not in {value}"
            low = max(low, 1)
        text = f"{value} if {low!r} <= len({value}) <= {high!r} and {shape} else None"
        return _text_first(value, text, f"{w.bind(function, '_' + function.__name__)}({value}, {low!r}, {high!r})")

    return checker, inline


def _digits_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    low, high = bounds(ts, settings)
    return _string(f"[0-9]{{{low},{high}}}")


def _digits_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    low, high = _sized(ts, h.settings)
    return _digit_text(st, low, high)


def _visible_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    low, high = bounds(ts, settings)
    return _string(f"[!-~]{{{low},{high}}}", "Visible ASCII characters, no space.")


def _visible_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    low, high = bounds(ts, h.settings)
    return st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=low, max_size=high)


_check, _inline = _sized_text(types.digits)
_define("digits", options=("min", "max"), required=("min", "max"), checker=_check, inline=_inline,
        schema=_digits_schema, strategy=_digits_values)
_check, _inline = _sized_text(types.visible_ascii)
_define("visible", options=("min", "max"), required=("min", "max"), checker=_check, inline=_inline,
        schema=_visible_schema, strategy=_visible_values)


# --- file_name ----------------------------------------------------------------------------------

def _file_name_checker(ts: TypeSpec, settings: Settings) -> Checker:
    return lambda value: types.fax_file_name(value, _ALL_SUFFIXES)


def _file_name_pattern() -> str:
    """``types.fax_file_name``'s verdict on text of 1-255 characters as one pattern: no path
    separator or control character, no white space first (nor last: a suffix ends it), and a
    suffix in any ASCII letter case (no other character lower-cases to one of its letters,
    which ``str.lower`` would compare: only U+0130 and U+212A lower-case to ASCII, to i + U+0307
    and k). Neither "." nor ".." ends with a suffix."""
    suffixes = "|".join(_case_pattern(s) for s in _ALL_SUFFIXES)
    return f"(?:[^/\\\\\\s{types.CONTROL_RANGE}][^/\\\\{types.CONTROL_RANGE}]*)?({suffixes})"


def _file_name_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    check = checker_for(ts, settings)
    longest = longest_accepted(lambda v: check(v + ".pdf"), "a") + len(".pdf")
    return _string(_file_name_pattern(), "A file name without path; its extension matches the file's type.",
                   maxLength=longest)


def _file_name_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    match = w.bind(_fullmatch(_file_name_pattern()), "_match_file_name")
    suffixes = w.bind(_ALL_SUFFIXES, "_FILE_SUFFIXES")
    return _text_first(value, f"{value} if 0 < len({value}) <= 255 and {match}({value}) else None",
                       f"{w.bind(types.fax_file_name, '_fax_file_name')}({value}, {suffixes})")


def _file_name_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    stem = st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="/\\"), max_size=24)
    return st.builds(lambda a, b: a + b, stem, _any_case(st, _ALL_SUFFIXES))


_define("file_name", checker=_file_name_checker, inline=_file_name_inline, schema=_file_name_schema,
        strategy=_file_name_values)


# --- party, list: one or several items of an item type; objects: a list of JSON objects ----------

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


def _party(value: Any, item: Checker, most: int) -> Any:
    if type(value) is list or type(value) is tuple:
        return _items(value, item, 1, most)
    return item(value)


def _objects(value: Any, low: int, high: int | None) -> list[Mapping[str, Any]] | None:
    if type(value) is not list and type(value) is not tuple:
        return None
    if len(value) < low or (high is not None and len(value) > high):
        return None
    # The real type: an object whose __class__ says dict (a mock with spec=dict) is no mapping.
    if not all(issubclass(type(element), Mapping) for element in value):
        return None
    return list(value)


def _party_checker(ts: TypeSpec, settings: Settings) -> Checker:
    item = checker_for(_item_type(ts), settings)
    most = ts.get("max")
    return lambda value: _party(value, item, most)


def _list_checker(ts: TypeSpec, settings: Settings) -> Checker:
    item = checker_for(_item_type(ts), settings)
    low, high = bounds(ts, settings)
    return lambda value: _items(value, item, low, high)


def _objects_checker(ts: TypeSpec, settings: Settings) -> Checker:
    low, _ = bounds(ts, settings)
    fixed = None if ts.get("max_setting") else ts.get("max")
    return lambda value: _objects(value, low, fixed)


def _items_inline(w: Writer, ts: TypeSpec, hint: str, value: str, low: int, high: int | None) -> str:
    """``_items`` on a list or tuple, each item checked by its type's inline form (``x_``): the
    cleaned tuple, or None when the length is out of bounds or an item fails."""
    item = w.check_call(_item_type(ts), f"{hint}_item", "x_")
    size = f"{low!r} <= len({value})" + (f" <= {high!r}" if high is not None else "")
    # One or two items (the common case) in a tuple display, each read into x_ first (a 1-tuple
    # is true): no comprehension's frame (~0.6 µs); more through the comprehension.
    one, two = (f"({item} if ((x_ := {value}[{at}]),) else None)" for at in (0, 1))
    items = (f"({one},) if len({value}) == 1 else ({one}, {two}) if len({value}) == 2 "
             f"else tuple([{item} for x_ in {value}])")
    return f"t_ if {size} and None not in (t_ := {items}) else None"


def _party_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    # One number (text: the item's inline form), a list of them, or anything else: _party.
    one = w.check_call(_item_type(ts), f"{hint}_item", value)
    many = _items_inline(w, ts, hint, value, 1, ts.get("max"))
    other = f"{w.bind(checker_for(ts, w.settings), '_check_' + hint)}({value})"
    return (f"(({one}) if type({value}) is str else ({many}) "
            f"if type({value}) is list or type({value}) is tuple else {other})")


def _list_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    low, high = bounds(ts, w.settings)
    many = _items_inline(w, ts, hint, value, low, high)
    return f"(({many}) if type({value}) is list or type({value}) is tuple else None)"


_ONLY_DICTS: Final = frozenset({dict})


def _objects_inline(w: Writer, ts: TypeSpec, hint: str, value: str) -> str:
    # A list of plain dicts within the fixed bounds is the common case: one C-level pass over
    # the items' types; anything else (tuples, other mappings, out of bounds) goes to _objects.
    low, _ = bounds(ts, w.settings)
    fixed = None if ts.get("max_setting") else ts.get("max")
    size = f"{low!r} <= len({value})" + (f" <= {fixed!r}" if fixed is not None else "")
    only = w.bind(_ONLY_DICTS, "_ONLY_DICTS")
    other = f"{w.bind(checker_for(ts, w.settings), '_check_' + hint)}({value})"
    return f"({value} if type({value}) is list and {size} and {only}.issuperset(map(type, {value})) else {other})"


def _party_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    item = json_schema(_item_type(ts), settings, location)
    return {"anyOf": [item, {"type": "array", "items": item, "minItems": 1, "maxItems": ts.get("max")}]}


def _list_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    low, high = bounds(ts, settings)
    schema: JsonSchema = {"type": "array", "items": json_schema(_item_type(ts), settings, location),
                          "minItems": low, "maxItems": high}
    if ts.get("max_setting"):
        schema["x-maxItems-setting"] = ts.get("max_setting")
    return schema


def _party_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    item = h.valid(_item_type(ts), location)
    return st.one_of(item, st.lists(item, min_size=1, max_size=ts.get("max")))


def _list_values(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    low, high = bounds(ts, h.settings)
    return st.lists(h.valid(_item_type(ts), location), min_size=low, max_size=high)


def _inserted(items: list[Any], at: int, item: Any) -> list[Any]:
    return [*items[:at], item, *items[at:]]


def _cycled(items: Any, size: int) -> Any:
    """A list of ``size`` items repeating a few drawn ones: cheap however large the limit."""
    return items.map(lambda drawn: [drawn[i % len(drawn)] for i in range(size)])


def _sequence_invalid(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    item = _item_type(ts)
    high = bounds(ts, h.settings)[1] if ts.name == "list" else ts.get("max")
    valid_items = st.lists(h.valid(item, location), min_size=1, max_size=3)
    options: list[Any] = [st.just([])]
    if high is not None:
        options.append(_cycled(valid_items, high + 1))
    bad = h.invalid(item, location)
    if bad is not None:
        options.append(st.tuples(valid_items, bad, st.integers(0, 3)).map(lambda t: _inserted(t[0], t[2], t[1])))
        options.append(bad)
    return st.one_of(options)


def _objects_invalid(st: Any, h: Harness, ts: TypeSpec, location: str) -> Any:
    high = bounds(ts, h.settings)[1]
    # Items that are no objects: an object drawn goes into a list (no filter: see
    # ``testing._values.kept``).
    not_objects = h.json_values().map(lambda v: [v] if isinstance(v, Mapping) else v)
    options: list[Any] = [st.just([]), st.lists(not_objects, min_size=1, max_size=3)]
    if not ts.get("max_setting") and high is not None:  # a fixed size: one object too many
        options.append(st.just([{} for _ in range(high + 1)]))
    return st.one_of(options)


def _objects_probes(h: Harness, ts: TypeSpec, location: str) -> tuple[Any, ...]:
    return ([], [1], "x")


_define("party", options=("item", "max"), required=("item", "max"), checker=_party_checker, inline=_party_inline,
        schema=_party_schema, strategy=_party_values, invalid=_sequence_invalid)
_define("list", options=("item", "min", "max", "max_setting"), required=("item", "min"), needs_max=True,
        checker=_list_checker, inline=_list_inline, schema=_list_schema, strategy=_list_values, invalid=_sequence_invalid)
# The objects' own checks build their values (testing) and their schema (openapi).
_define("objects", options=("min", "max", "max_setting"), required=("min",), needs_max=True,
        checker=_objects_checker, inline=_objects_inline, invalid=_objects_invalid, probes=_objects_probes)


# --- filter_value: judged by rules.filter_value against the filterBy field's type -----------------

def _filter_value_schema(ts: TypeSpec, settings: Settings, location: str) -> JsonSchema:
    return {"type": "string", "description": "A value of the filterBy field's type; with inArray a "
                                             "comma list of 1-100 of them; ignored with present."}


_define("filter_value", prepare=_of_collection("filter_value"), schema=_filter_value_schema)

del _check, _inline, _name, _longest
