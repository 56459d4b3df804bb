"""Hypothesis strategies for requests that validate, and for requests that fail with one documented error.

Everything here is derived from the loaded Spec and the Validator's settings: the strategies walk
each operation's checks in check order, and the engine's own checkers (``rules.checker_for``,
``rules.rule_holds``, ``rules.filter_value``) judge every generated value. Nothing restates a
rule: a generator proposes values shaped like the documented type, the engine decides.

    from hypothesis import given
    from ua_validate import ValidationError, validate
    from ua_validate.testing import invalid_requests

    @given(invalid_requests("cdr.list", "count_invalid"))
    def test_count(params):
        with pytest.raises(ValidationError) as info:
            validate("cdr.list", params)
        assert info.value.code == "count_invalid"

An *error case* is one way a request to one operation can fail: a parameter with a value its
type refuses, a required parameter left out, a rule across two parameters broken, a bad
filterValue for one filter field and operator... ``invalid_requests`` generates requests that
break exactly one of them, with every check before it (and after it) passing.
"""

from __future__ import annotations

import json
import string
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final
from urllib.parse import quote, urlencode

try:
    from hypothesis import assume
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - the [testing] extra is missing
    raise ImportError(
        "ua_validate.testing needs hypothesis: pip install 'ua-validate[testing]'"
    ) from exc

from . import catalog, rules, types
from .openapi import longest_accepted as _longest
from .spec import Collection, Filter, Operation, Param, Rule, TypeSpec
from .validator import Validator, default_validator

__all__ = [
    "ErrorCase",
    "RawRequest",
    "RequestStrategies",
    "assert_ua_error",
    "error_cases",
    "error_codes",
    "invalid_raw_requests",
    "invalid_requests",
    "raw_request",
    "requests_for",
    "valid_raw_requests",
    "valid_requests",
]

Strategy = st.SearchStrategy
Draw = Callable[[Strategy[Any]], Any]

# How often a generator proposes a value before it falls back to a fixed one (or gives up on
# the example): the engine's checker, not the generator, has the last word on every value.
_TRIES: Final = 12
_ABSENT: Final[Any] = object()  # a parameter left out, where "left out" is the value tried
_FILTER_TYPES: Final = frozenset({"filter_by", "filter_op", "filter_value"})
_DIGITS: Final = string.digits
_ALNUM: Final = string.ascii_letters + string.digits
_WIDE_DIGITS: Final = str.maketrans(_DIGITS, "".join(chr(0xFF10 + d) for d in range(10)))  # fullwidth

# Fixed values tried when generated ones are all valid, and used to tell whether a type can be
# given an invalid value at all in a location. The checker keeps only those it refuses; short
# ones come first so that reports show them.
_TEXT_PROBES: Final[tuple[str, ...]] = (
    "x", "", " ", "-1", "0", "00", "1.5", "+", "*", "@", "@self", "@me ", "a b", "\u0663", "\uff13",
    ",", "1,,2", "true ", "1" * 11, "7", "99", "x" * 300, "9" * 300, "x" * 3000,
)
_QUERY_PROBES: Final[tuple[Any, ...]] = (*_TEXT_PROBES, ["1", "1"], ["x", "y"])
_BODY_PROBES: Final[tuple[Any, ...]] = (
    None, "x", "", True, False, 0, 1, -1, 1.5, 10**12, [], {}, [None], ["x"], {"x": 1}, [{}],
    *_TEXT_PROBES[2:],
)
# Characters a mutation inserts: digits, separators, the characters of numbers and ids, white
# space and control characters, and non-ASCII digits and letters.
_NOISE: Final[tuple[str, ...]] = (
    "x", "0", " ", "*", "+", "@", ",", ".", ":", "-", "/", "<", ">", '"', "\\", "\x00", "\n", "\t",
    "\u0663", "\uff13", "\u00e9", "\u00a0",
)
_MUTATIONS: Final = ("insert", "delete", "replace", "pad", "case", "double", "truncate", "wide", "long")


# --- public records -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ErrorCase:
    """One way a request to ``operation`` fails with catalog entry (``code``, ``variant``).

    ``kind`` says how: ``invalid`` (a value the type refuses), ``missing`` (a required
    parameter left out), ``required_unless`` (it and the parameter that would excuse it left
    out), ``alias_conflict`` (given under its name and an alias), ``too_many`` (more items than
    the Validator's setting allows), ``rule`` (a rule across two parameters broken), and for
    filterValue ``filter_empty``, ``filter_list`` (a malformed inArray list), ``filter_item``
    (an inArray item of the wrong type), ``filter_part`` (not a part of a number) and
    ``filter_value`` (a value of the wrong type). ``param`` labels the parameter the error
    names, ``files[].name`` for a field of each object of a list. ``action`` is the
    phone-call action the case belongs to; ``filter_by``/``filter_op`` the filter field and
    operator of a filterValue case.
    """

    operation: str
    code: str
    variant: str | None
    param: str
    kind: str
    action: str | None = None
    filter_by: str | None = None
    filter_op: str | None = None
    # The check broken, and the list of objects it belongs to (None at the top level).
    check: Param | Rule = field(repr=False, compare=False, default=None)  # type: ignore[assignment]
    within: Param | None = field(repr=False, compare=False, default=None)

    @property
    def entry(self) -> catalog.Entry:
        """The catalog entry the case produces."""
        return catalog.entry(self.code, self.variant)

    @property
    def params(self) -> tuple[str, ...]:
        """Every parameter the case involves: both parameters of a rule, else ``param``."""
        if isinstance(self.check, Rule):
            prefix = f"{self.within.name}[]." if self.within is not None else ""
            return tuple(prefix + name for name in self.check.params)
        return (self.param,)


@dataclass(frozen=True, slots=True)
class RawRequest:
    """A request as it travels: method, percent-encoded path, query pairs and JSON body.

    ``url`` is the path with its query string; ``body`` is the JSON body as a Python object
    (None when the operation takes none) and ``content`` the same as UTF-8 JSON bytes. Use
    them with ``validate_request(raw.method, raw.url, raw.body)``, or with an HTTP client:
    ``client.open(raw.url, method=raw.method, json=raw.body)``.
    """

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    body: Any = None

    @property
    def query_string(self) -> str:
        # RFC 3986 lets a query hold these as they are: URLs stay readable.
        return urlencode(self.query, safe=":@*,/", quote_via=quote)

    @property
    def url(self) -> str:
        query = self.query_string
        return f"{self.path}?{query}" if query else self.path

    @property
    def content(self) -> bytes | None:
        if self.body is None:
            return None
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")

    def __str__(self) -> str:
        content = self.content
        return f"{self.method} {self.url}" + (f" {content.decode('utf-8')}" if content else "")


# --- per-validator context: checkers and strategies, built once -----------------------------

class _Context:
    """The checkers and strategies of one Validator's settings, cached."""

    def __init__(self, validator: Validator) -> None:
        self.validator = validator
        self.settings = validator.settings
        self._checkers: dict[TypeSpec, rules.Checker] = {}
        self._valid: dict[tuple[TypeSpec, str], Strategy[Any]] = {}
        self._invalid: dict[tuple[TypeSpec, str], Strategy[Any] | None] = {}
        self._probes: dict[tuple[TypeSpec, str], tuple[Any, ...]] = {}
        self._cases: dict[str, tuple[ErrorCase, ...]] = {}
        self.filter_values: dict[tuple[Any, ...], Strategy[Any]] = {}
        self.prepared: set[str] = set()

    def check(self, type_spec: TypeSpec) -> rules.Checker:
        checker = self._checkers.get(type_spec)
        if checker is None:
            checker = self._checkers[type_spec] = rules.checker_for(type_spec, self.settings)
        return checker

    def accepts(self, type_spec: TypeSpec, value: Any) -> bool:
        return value is not _ABSENT and self.check(type_spec)(value) is not None

    def valid(self, type_spec: TypeSpec, location: str) -> Strategy[Any]:
        """Raw values of the type, shaped for the location, that the checker accepts."""
        key = (type_spec, location)
        found = self._valid.get(key)
        if found is None:
            builder = _VALID.get(type_spec.name)
            if builder is None:
                raise ValueError(f"type {type_spec.name!r} has no value strategy of its own")
            proposed = builder(self, type_spec, location)
            # Builders propose values of the documented shape; the engine's checker keeps them
            # or not (a 30th of February, a number phonenumbers finds impossible...).
            found = self._valid[key] = proposed.filter(lambda v: self.accepts(type_spec, v))
        return found

    def probes(self, type_spec: TypeSpec, location: str) -> tuple[Any, ...]:
        """The fixed values the type refuses in the location (possibly none)."""
        key = (type_spec, location)
        found = self._probes.get(key)
        if found is None:
            pool = {"query": _QUERY_PROBES, "path": _TEXT_PROBES, "body": _BODY_PROBES}[location]
            extra = _PROBE_EXTRAS.get(type_spec.name)
            if extra is not None:
                pool = (*extra(self, type_spec, location), *pool)
            found = self._probes[key] = tuple(
                value for value in pool if self.refuses(type_spec, value, location)
            )
        return found

    def refuses(self, type_spec: TypeSpec, value: Any, location: str) -> bool:
        return _fits(value, location) and self.check(type_spec)(value) is None

    def invalid(self, type_spec: TypeSpec, location: str) -> Strategy[Any] | None:
        """Raw values the checker refuses, as a client could send them; None if there are none."""
        key = (type_spec, location)
        if key in self._invalid:
            return self._invalid[key]
        probes = self.probes(type_spec, location)
        strategy: Strategy[Any] | None = None
        if probes:
            proposals: list[Strategy[Any]] = []
            if type_spec.name not in ("party", "list", "objects"):
                proposals.append(_mutated(self.valid(type_spec, "path" if location == "path" else "query")))
            extra = _INVALID_EXTRAS.get(type_spec.name)
            if extra is not None:
                proposals.append(extra(self, type_spec, location))
            proposals.append(_junk(location))
            strategy = _accepted(
                st.one_of(proposals), lambda v: self.refuses(type_spec, v, location), st.sampled_from(probes)
            )
        self._invalid[key] = strategy
        return strategy


_CONTEXTS: weakref.WeakKeyDictionary[Validator, _Context] = weakref.WeakKeyDictionary()


def _context(validator: Validator | None) -> _Context:
    validator = validator if validator is not None else default_validator()
    found = _CONTEXTS.get(validator)
    if found is None:
        found = _CONTEXTS[validator] = _Context(validator)
    return found


def _fits(value: Any, location: str) -> bool:
    """Whether a raw value can travel in the location: text in a URI fragment (no ``/``, not
    empty, not a dot segment, no control character), text or a repeated key in a query
    string, any JSON value in a body."""
    if value is _ABSENT:
        return False
    if location == "path":
        return (
            type(value) is str and value not in ("", ".", "..") and "/" not in value
            and not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value)
        )
    if location == "query":
        return type(value) is str or (
            type(value) is list and len(value) >= 2 and all(type(v) is str for v in value)
        )
    return True


def _accepted(proposed: Strategy[Any], accept: Callable[[Any], bool],
              fallback: Strategy[Any] | None) -> Strategy[Any]:
    """``proposed`` values that ``accept`` keeps; after a few refusals ``fallback``, or none."""

    @st.composite
    def accepted(draw: Draw) -> Any:
        for _ in range(_TRIES):
            value = draw(proposed)
            if accept(value):
                return value
        if fallback is None:
            assume(False)
        return draw(fallback)

    return accepted()


# --- valid values, one builder per value type -----------------------------------------------

Builder = Callable[[_Context, TypeSpec, str], Strategy[Any]]
_VALID: dict[str, Builder] = {}


def _valid_for(*names: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        for name in names:
            _VALID[name] = builder
        return builder

    return register


def _digit_text(low: int, high: int) -> Strategy[str]:
    return st.text(_DIGITS, min_size=low, max_size=high)


@_valid_for("user_id")
def _user_id(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    return st.one_of(st.sampled_from(("@me", "@viewer", "@owner")), _digit_text(1, 10))


def _extension_text() -> Strategy[str]:
    group = _digit_text(1, 10)
    return st.one_of(group, st.builds(lambda a, b: f"{a}*{b}", group, group))


@_valid_for("extension")
def _extension(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    if ts.get("allow_self"):
        return st.one_of(_extension_text(), st.just("@self"))
    return _extension_text()


@cache
def _international_seeds() -> tuple[tuple[str, str], ...]:
    """(country code, national number) of phonenumbers' example number of every region."""
    import phonenumbers

    seeds: dict[tuple[str, str], None] = {}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        number = phonenumbers.example_number(region)
        if number is not None:
            seeds[str(number.country_code), phonenumbers.national_significant_number(number)] = None
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        number = phonenumbers.example_number_for_non_geo_entity(code)
        if number is not None:
            seeds[str(code), phonenumbers.national_significant_number(number)] = None
    return tuple(seeds)


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


@st.composite
def _varied(draw: Draw, seed: str, keep: int) -> str:
    """``seed`` with some digits after the first ``keep`` replaced."""
    digits = list(seed)
    if len(seed) > keep:
        for index in draw(st.lists(st.integers(keep, len(seed) - 1), max_size=4)):
            digits[index] = draw(st.sampled_from(_DIGITS))
    return "".join(digits)


def _international(ctx: _Context, ts: TypeSpec) -> Strategy[str] | None:
    check = ctx.check(TypeSpec("phone_number"))
    seeds = [(cc, nsn) for cc, nsn in _international_seeds() if check(f"+{cc}{nsn}") is not None]
    if not seeds:
        return None
    return st.sampled_from(seeds).flatmap(
        lambda seed: _varied(seed[0] + seed[1], len(seed[0])).map(lambda digits: "+" + digits)
    )


@_valid_for("phone_number")
def _phone_number(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    region = ctx.settings.phone_region
    options: list[Strategy[str]] = []
    international = _international(ctx, ts)
    if international is not None:
        options.append(international)
    if region is None:
        options.append(_digit_text(2, 20))
    else:
        check = ctx.check(TypeSpec("phone_number"))
        seeds = [seed for seed in _national_seeds(region) if check(seed) is not None]
        if seeds:
            options.append(st.sampled_from(seeds).flatmap(lambda seed: _varied(seed, 1)))
    return st.one_of(options)


@_valid_for("ext_or_phone")
def _ext_or_phone(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    return st.one_of(_extension_text(), ctx.valid(TypeSpec("phone_number"), location))


@_valid_for("caller_id")
def _caller_id(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
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


def _date_text() -> Strategy[str]:
    # Three draws per date: generating many dates per request stays cheap.
    recent = (1999 * 12 * 31 * _DAY, 2030 * 12 * 31 * _DAY - 1)  # 2000-2030, as most requests are
    moment = st.one_of(st.integers(0, 9999 * 12 * 31 * _DAY - 1), st.integers(*recent))
    return st.builds(_date_parts, moment, _digit_text(0, 6), st.integers(0, 1 + 2 * _ZONE_MINUTES))


@_valid_for("date")
def _date(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    return _date_text()


@st.composite
def _int_text(draw: Draw, low: int, high: int) -> str:
    text = str(draw(st.integers(low, high)))
    if draw(st.booleans()):  # leading zeros, as far as the ten digits allow
        text = "0" * draw(st.integers(0, max(0, 10 - len(text)))) + text
    return text


@_valid_for("int")
def _int(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    low, high = rules.bounds(ts, ctx.settings)
    assert high is not None
    if location == "body":
        return st.one_of(st.integers(low, high), _int_text(low, high))
    return _int_text(low, high)


def _any_case(words: Sequence[str]) -> Strategy[str]:
    """One of ``words`` with any letters in upper case (a bit mask says which)."""
    return st.builds(
        lambda word, mask: "".join(c.upper() if mask >> i & 1 else c for i, c in enumerate(word)),
        st.sampled_from(words), st.integers(0, (1 << max(map(len, words))) - 1),
    )


@_valid_for("bool")
def _bool(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    text = st.one_of(st.sampled_from(("true", "false", "1", "0")), _any_case(("true", "false")))
    if location == "body":
        return st.one_of(st.booleans(), st.sampled_from((0, 1)), text)
    return text


@_valid_for("enum", "filter_by", "filter_op")
def _enum(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    strings, numbers, _ = rules.enum_tables(ts)
    if location == "body" and numbers:
        return st.one_of(st.sampled_from(tuple(strings)), st.sampled_from(tuple(numbers)))
    return st.sampled_from(tuple(strings))


@_valid_for("fields")
def _fields(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    strings, _, _ = rules.enum_tables(ts)
    return st.lists(st.sampled_from(tuple(strings)), min_size=1, max_size=8).map(",".join)


@_valid_for("object_id", "event_id", "upload_id")
def _alnum(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    return st.text(_ALNUM, min_size=1, max_size=_longest(ctx.check(ts), "a"))


_URL_CHARS: Final = _ALNUM + "-._~!$&'()*+,;=:@"


@st.composite
def _url_text(draw: Draw) -> str:
    scheme = draw(_any_case(("http", "https")))
    host = draw(st.one_of(
        st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,12}[a-z0-9])?(?:\.[a-z]{2,8}){0,3}", fullmatch=True),
        st.tuples(*[st.integers(0, 255)] * 4).map(lambda parts: ".".join(map(str, parts))),
        st.sampled_from(("[::1]", "[2001:db8::7]", "localhost")),
    ))
    port = draw(st.one_of(st.just(""), st.integers(0, 65535).map(lambda p: f":{p}")))
    segment = st.lists(
        st.one_of(st.sampled_from(_URL_CHARS), st.tuples(st.sampled_from("0123456789ABCDEFabcdef"),
                                                          st.sampled_from("0123456789ABCDEF"))
                  .map(lambda pair: "%" + "".join(pair))),
        max_size=12,
    ).map("".join)
    path = "".join("/" + part for part in draw(st.lists(segment, max_size=4)))
    query = draw(st.one_of(st.just(""), segment.map(lambda q: "?" + q)))
    fragment = draw(st.one_of(st.just(""), segment.map(lambda f: "#" + f)))
    return f"{scheme}://{host}{port}{path}{query}{fragment}"


@_valid_for("url")
def _url(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    return _url_text()


@_valid_for("note")
def _note(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    return st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=_longest(ctx.check(ts), "a"))


@_valid_for("digits")
def _digits(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    low, high = rules.bounds(ts, ctx.settings)
    assert high is not None
    return _digit_text(low, high)


@_valid_for("visible")
def _visible(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    low, high = rules.bounds(ts, ctx.settings)
    return st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=low, max_size=high)


@st.composite
def _file_name_text(draw: Draw) -> str:
    stem: str = draw(st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="/\\"),
                             max_size=24))
    suffixes = tuple(s for group in rules.FILE_SUFFIXES.values() for s in group)
    suffix: str = draw(_any_case(suffixes))
    return stem + suffix


@_valid_for("file_name")
def _file_name(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    return _file_name_text()


def _item_type(ts: TypeSpec) -> TypeSpec:
    return TypeSpec(ts.get("item"))


@_valid_for("party")
def _party(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    item = ctx.valid(_item_type(ts), location)
    return st.one_of(item, st.lists(item, min_size=1, max_size=ts.get("max")))


@_valid_for("list")
def _list(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    low, high = rules.bounds(ts, ctx.settings)
    return st.lists(ctx.valid(_item_type(ts), location), min_size=low, max_size=high)


# --- invalid values --------------------------------------------------------------------------

@st.composite
def _mutated(draw: Draw, base: Strategy[Any]) -> Any:
    """A valid value, slightly wrong: a character added, dropped or changed, white space, letter
    case, doubled, cut short, non-ASCII digits, or far too long."""
    text = draw(base)
    if type(text) is not str:
        return text
    kind = draw(st.sampled_from(_MUTATIONS))
    if kind == "insert":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.sampled_from(_NOISE)) + text[at:]
    if kind in ("delete", "replace") and text:
        at = draw(st.integers(0, len(text) - 1))
        middle = draw(st.sampled_from(_NOISE)) if kind == "replace" else ""
        return text[:at] + middle + text[at + 1:]
    if kind == "pad":
        return " " + text if draw(st.booleans()) else text + " "
    if kind == "case":
        return text.swapcase()
    if kind == "double":
        return text + text
    if kind == "truncate":
        return text[: draw(st.integers(0, max(0, len(text) - 1)))]
    if kind == "wide":
        return text.translate(_WIDE_DIGITS)
    return (text or "9") * (4096 // max(1, len(text)) + 1)


def _json_values() -> Strategy[Any]:
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(-(10**12), 10**12),
        st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
    )
    return st.recursive(scalars, _containers, max_leaves=6)


def _containers(inner: Strategy[Any]) -> Strategy[Any]:
    return st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3))


@cache
def _junk(location: str) -> Strategy[Any]:
    """Values of no particular shape that can travel in the location."""
    if location == "path":
        return st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="/"),
                       min_size=1, max_size=16)
    if location == "query":
        return st.one_of(st.text(max_size=16), st.lists(st.text(max_size=6), min_size=2, max_size=3))
    return _json_values()


def _as_location(values: Strategy[int], location: str) -> Strategy[Any]:
    return st.one_of(values, values.map(str)) if location == "body" else values.map(str)


def _int_extras(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    low, high = rules.bounds(ts, ctx.settings)
    assert high is not None
    beyond = st.one_of(st.integers(high + 1, high + 10**11), st.integers(-(10**11), low - 1))
    options = [_as_location(beyond, location), st.integers(0, 10**11).map(lambda n: str(n).zfill(11))]
    if location == "body":
        options.append(st.floats(low, high, allow_nan=False))
        options.append(st.booleans())
    return st.one_of(options)


def _enum_extras(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    strings, _, _ = rules.enum_tables(ts)
    options = [_mutated(st.sampled_from(tuple(strings)))]
    if location == "body":
        options.append(st.integers(-10, 10**6))
        options.append(st.booleans())
    return st.one_of(options)


def _bool_extras(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    words = st.sampled_from(("yes", "no", "on", "off", "t", "f", "2", "-1", "truee"))
    return st.one_of(words, st.integers(2, 100), st.floats(0, 1)) if location == "body" else words


def _inserted(items: list[Any], at: int, item: Any) -> list[Any]:
    return [*items[:at], item, *items[at:]]


def _cycled(items: Strategy[list[Any]], size: int) -> Strategy[list[Any]]:
    """A list of ``size`` items repeating a few drawn ones: cheap however large the limit."""
    return items.map(lambda drawn: [drawn[i % len(drawn)] for i in range(size)])


def _sequence_extras(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    item = _item_type(ts)
    high = rules.bounds(ts, ctx.settings)[1] if ts.name == "list" else ts.get("max")
    valid_items = st.lists(ctx.valid(item, location), min_size=1, max_size=3)
    options: list[Strategy[Any]] = [st.just([])]
    if high is not None:
        options.append(_cycled(valid_items, high + 1))
    bad = ctx.invalid(item, location)
    if bad is not None:
        options.append(st.tuples(valid_items, bad, st.integers(0, 3)).map(lambda t: _inserted(t[0], t[2], t[1])))
        options.append(bad)
    return st.one_of(options)


def _objects_extras(ctx: _Context, ts: TypeSpec, location: str) -> Strategy[Any]:
    high = rules.bounds(ts, ctx.settings)[1]
    options: list[Strategy[Any]] = [st.just([]), st.lists(_json_values().filter(
        lambda v: not isinstance(v, Mapping)), min_size=1, max_size=3)]
    if not ts.get("max_setting") and high is not None:  # a fixed size: one object too many
        options.append(st.just([{} for _ in range(high + 1)]))
    return st.one_of(options)


_INVALID_EXTRAS: dict[str, Builder] = {
    "int": _int_extras,
    "enum": _enum_extras,
    "filter_by": _enum_extras,
    "filter_op": _enum_extras,
    "bool": _bool_extras,
    "party": _sequence_extras,
    "list": _sequence_extras,
    "objects": _objects_extras,
}


def _bound_probes(ctx: _Context, ts: TypeSpec, location: str) -> tuple[Any, ...]:
    low, high = rules.bounds(ts, ctx.settings)
    assert high is not None
    found: list[Any] = [str(high + 1)]
    if low > 0:
        found.append(str(low - 1))
    return tuple(found)


def _objects_probes(ctx: _Context, ts: TypeSpec, location: str) -> tuple[Any, ...]:
    return ([], [1], "x")


_PROBE_EXTRAS: dict[str, Callable[[_Context, TypeSpec, str], tuple[Any, ...]]] = {
    "int": _bound_probes,
    "objects": _objects_probes,
}


# --- error cases: every way each operation can fail, walked from the Spec --------------------

def error_cases(operation: str | Operation | None = None, *,
                validator: Validator | None = None) -> tuple[ErrorCase, ...]:
    """Every ErrorCase of ``operation`` (an id, alias or Operation), or of all operations.

    The cases follow the check order: for ``phone_calls.update`` the operation's own checks,
    then ``action``, then each action's checks.
    """
    ctx = _context(validator)
    if operation is None:
        return tuple(case for op in ctx.validator.spec for case in _cases(ctx, op))
    return _cases(ctx, _operation(ctx, operation))


def error_codes(operation: str | Operation | None = None, *,
                validator: Validator | None = None) -> frozenset[tuple[str, str | None]]:
    """Every (code, variant) that validating requests to ``operation`` (or any) can produce."""
    return frozenset((case.code, case.variant) for case in error_cases(operation, validator=validator))


def _operation(ctx: _Context, operation: str | Operation) -> Operation:
    if isinstance(operation, Operation):
        return operation
    return ctx.validator.operation(operation)


def _cases(ctx: _Context, op: Operation) -> tuple[ErrorCase, ...]:
    found = ctx._cases.get(op.id)
    if found is None:
        cases = list(_cases_in(ctx, op, op.checks, None, None))
        if op.dispatch is not None:
            cases.extend(_cases_in(ctx, op, (op.dispatch,), None, None))
            for action, checks in op.actions.items():
                cases.extend(_cases_in(ctx, op, checks, action, None))
        found = ctx._cases[op.id] = tuple(cases)
    return found


def _cases_in(ctx: _Context, op: Operation, checks: Iterable[Param | Rule], action: str | None,
              within: Param | None) -> Iterable[ErrorCase]:
    prefix = f"{within.name}[]." if within is not None else ""

    def case(code: str, variant: str | None, param: str, kind: str, check: Param | Rule,
             **extra: Any) -> ErrorCase:
        return ErrorCase(op.id, code, variant, prefix + param, kind, action, check=check,
                         within=within, **extra)

    for check in checks:
        if isinstance(check, Rule):
            yield case(check.code, check.variant, check.params[0], "rule", check)
            continue
        if check.type.name == "filter_value":
            assert op.collection is not None
            yield from _filter_cases(ctx, op, check, action)
            continue
        if ctx.probes(check.type, check.location):
            yield case(check.code, check.variant, check.name, "invalid", check)
        # A path fragment cannot be left out of a URL: that is another route, or none.
        if check.required and check.location != "path":
            yield case(check.code, check.variant, check.name, "missing", check)
        if check.required_unless is not None:
            yield case(check.code, check.variant, check.name, "required_unless", check)
        if check.aliases:
            yield case(check.code, check.variant, check.name, "alias_conflict", check)
        if check.too_many_code is not None:
            yield case(check.too_many_code, None, check.name, "too_many", check)
        if check.item_checks:
            yield from _cases_in(ctx, op, check.item_checks, action, check)


def _filter_kinds(collection: Collection, flt: Filter, op_name: str) -> tuple[str, ...]:
    if op_name == "present":
        return ()
    if op_name == "inArray":
        return ("filter_empty", "filter_list", "filter_item")
    if flt.number_like and op_name in ("contains", "startsWith"):
        return ("filter_empty", "filter_part")
    return ("filter_empty", "filter_value")


def _filter_probes(ctx: _Context, flt: Filter, kind: str) -> tuple[Any, ...]:
    """Fixed filterValues that break the filter in the way ``kind`` says (maybe not at all)."""
    if kind == "filter_empty":
        return (_ABSENT, "", ["", ""])
    if kind == "filter_list":
        return (",", "1,,2", ",1", "1,", "1 ,2", ",".join(["1"] * 101))
    if kind == "filter_part":
        return ("x", "1-2", "1 2", "9" * 65)
    values = tuple(v for v in (*_TEXT_PROBES, *ctx.probes(flt.type, "query")) if type(v) is str)
    if kind == "filter_item":
        return tuple(v for v in values if types.comma_list_shape(v) == (v,))
    return values


def _filter_outcome(ctx: _Context, flt: Filter, op_name: str, raw: Any) -> tuple[bool, Any]:
    return rules.filter_value(flt, op_name, None if raw is _ABSENT else raw, ctx.check(flt.type))


def _filter_cases(ctx: _Context, op: Operation, check: Param, action: str | None) -> Iterable[ErrorCase]:
    collection = op.collection
    assert collection is not None
    for flt in collection.filters.values():
        for op_name in collection.ops:
            for kind in _filter_kinds(collection, flt, op_name):
                variants: dict[str | None, None] = {}
                for probe in _filter_probes(ctx, flt, kind):
                    ok, variant = _filter_outcome(ctx, flt, op_name, probe)
                    if not ok:
                        variants[None if flt.code else variant] = None
                for variant in variants:
                    yield ErrorCase(op.id, flt.code or check.code, variant, check.name, kind, action,
                                    filter_by=flt.name, filter_op=op_name, check=check)


# --- requests ----------------------------------------------------------------------------------

def valid_requests(operation: str | Operation, *, validator: Validator | None = None,
                   action: str | None = None) -> Strategy[dict[str, Any]]:
    """Parameter mappings that validate, shaped as clients send them.

    Path fragments and query values are text (a template's optional fragments nest as its
    brackets say); JSON body fields are strings, numbers, booleans, arrays or objects as the
    type allows. For ``phone_calls.update`` each example picks an action, or ``action`` fixes it.
    """
    ctx = _context(validator)
    op = _operation(ctx, operation)
    if action is not None and action not in op.actions:
        raise ValueError(f"{op.id} has no action {action!r}; known: {sorted(op.actions)}")
    return _request(ctx, op, None, action)


def invalid_requests(operation: str | Operation, code: str, variant: str | None = None, *,
                     validator: Validator | None = None) -> Strategy[dict[str, Any]]:
    """Parameter mappings that fail with exactly ``code`` (and ``variant``, when given).

    Each breaks one ErrorCase with that code and keeps every other check passing. Without a
    variant, a code with several messages may come with any of them. ValueError when the
    operation cannot fail so (see ``error_codes``).
    """
    ctx = _context(validator)
    op = _operation(ctx, operation)
    cases = [c for c in _cases(ctx, op) if c.code == code and (variant is None or c.variant == variant)]
    if not cases:
        wanted = code if variant is None else f"{code} ({variant})"
        known = ", ".join(sorted(f"{c}" + (f" ({v})" if v else "") for c, v in error_codes(op, validator=validator)))
        raise ValueError(f"validation of {op.id} never fails with {wanted}; it can fail with: {known}")
    return st.one_of([_request(ctx, op, case, case.action) for case in cases])


def requests_for(case: ErrorCase, *, validator: Validator | None = None) -> Strategy[dict[str, Any]]:
    """Parameter mappings that break exactly ``case`` (one of ``error_cases``)."""
    ctx = _context(validator)
    return _request(ctx, ctx.validator.operation(case.operation), case, case.action)


def _prepare(ctx: _Context, op: Operation) -> None:
    """Build every strategy the operation's requests draw from, before any draw: hypothesis
    times the first examples, and building (phonenumbers' metadata, length probes) is slow."""
    if op.id in ctx.prepared:
        return
    for _, check in op.walk():
        if isinstance(check, Param) and check.type.name not in ("objects", "filter_value"):
            ctx.valid(check.type, check.location)
            ctx.invalid(check.type, check.location)
    if op.collection is not None:
        for flt in op.collection.filters.values():
            for op_name in op.collection.ops:
                _good_filter_value(ctx, flt, op_name)
    for case in _cases(ctx, op):
        if case.kind.startswith("filter_") and case.filter_by is not None:
            _bad_filter_value(ctx, op.collection.filters[case.filter_by], case)  # type: ignore[union-attr]
    ctx.prepared.add(op.id)


def _request(ctx: _Context, op: Operation, case: ErrorCase | None, action: str | None) -> Strategy[dict[str, Any]]:
    _prepare(ctx, op)

    @st.composite
    def request(draw: Draw) -> dict[str, Any]:
        chosen = action
        if op.dispatch is None:
            checks = op.checks
        elif case is not None and case.check == op.dispatch:
            checks = (*op.checks, op.dispatch)
        else:
            if chosen is None:
                chosen = draw(st.sampled_from(tuple(op.actions)))
            checks = op.checks_for(chosen)
        out = _fill(draw, ctx, op, checks, case, top=True)
        if op.dispatch is not None and chosen is not None and (case is None or case.check != op.dispatch):
            out[op.dispatch.name] = chosen
        return out

    return request()


def _path_order(op: Operation) -> list[str]:
    return [name for name, variable, optional in op.segments if variable and optional]


def _presence(draw: Draw, op: Operation, params: Sequence[Param], case: ErrorCase | None,
              top: bool) -> dict[str, bool]:
    """Which parameters a request gives: required ones, the case's, and a drawn choice of the
    rest, with optional URI fragments nested as the template says."""
    forced: dict[str, bool] = {}
    if case is not None and top and case.within is not None:
        forced[case.within.name] = True  # the list holding the object that breaks the case
    elif case is not None and (case.within is None) == top:
        check = case.check
        if isinstance(check, Rule):
            forced.update(dict.fromkeys(check.params, True))
        elif case.kind == "missing":
            forced[check.name] = False
        elif case.kind == "required_unless":
            assert check.required_unless is not None
            forced[check.name] = forced[check.required_unless] = False
        elif not case.kind.startswith("filter_"):
            forced[check.name] = True
    optional = [p.name for p in params if p.name not in forced and not p.required]
    # One draw for all the optional parameters: bit i gives the i-th.
    mask = draw(st.integers(0, (1 << len(optional)) - 1)) if optional else 0
    present: dict[str, bool] = {name: bool(mask >> i & 1) for i, name in enumerate(optional)}
    for param in params:
        if param.name in forced:
            present[param.name] = forced[param.name]
        elif param.required:
            present[param.name] = True
    if top:
        nested = _path_order(op)
        for index, name in enumerate(nested):
            if forced.get(name):
                for outer in nested[:index]:
                    present[outer] = True
        gone = False
        for name in nested:
            if gone:
                present[name] = False
            elif not present.get(name, False):
                gone = True
    for param in params:
        other = param.required_unless
        if other is not None and not present[param.name] and not present.get(other, False) \
                and forced.get(param.name) is not False:
            present[param.name] = True
    return present


def _key(draw: Draw, param: Param) -> str:
    if param.aliases:
        return str(draw(st.sampled_from((param.name, *param.aliases))))
    return param.name


def _fill(draw: Draw, ctx: _Context, op: Operation, checks: Sequence[Param | Rule],
          case: ErrorCase | None, top: bool) -> dict[str, Any]:
    """The raw parameters of one set of checks: all valid, except what ``case`` breaks."""
    here = case if case is not None and (case.within is None) == top else None
    params = [c for c in checks if isinstance(c, Param) and c.type.name not in _FILTER_TYPES]
    present = _presence(draw, op, params, case, top)
    out: dict[str, Any] = {}
    keys: dict[str, str] = {}
    valid: dict[str, Param] = {}  # parameters given with a valid value
    for param in params:
        if not present[param.name]:
            continue
        kind = here.kind if here is not None and here.check == param else None  # broken here?
        key = param.name if kind == "alias_conflict" else _key(draw, param)
        keys[param.name] = key
        if param.type.name == "objects":
            holds_case = top and case is not None and case.within == param
            out[key] = _objects(draw, ctx, op, param, case if holds_case else None, kind)
            continue
        if kind == "invalid":
            out[key] = draw(_required(ctx.invalid(param.type, param.location)))
            continue
        out[key] = draw(ctx.valid(param.type, param.location))
        if kind == "alias_conflict":
            out[param.aliases[0]] = draw(ctx.valid(param.type, param.location))
        valid[param.name] = param
    _keep_rules(draw, ctx, checks, here, out, keys, valid)
    if op.collection is not None and top:
        _filters(draw, ctx, op.collection, checks, here, out)
    return out


def _keep_rules(draw: Draw, ctx: _Context, checks: Sequence[Param | Rule], case: ErrorCase | None,
                out: dict[str, Any], keys: Mapping[str, str], valid: Mapping[str, Param]) -> None:
    """Redraw the values of rule-bound parameters until each rule holds, or the case's breaks."""
    bound = [r for r in checks if isinstance(r, Rule) and all(p in valid for p in r.params)]
    if not bound:
        return

    def settled() -> bool:
        for rule in bound:
            first, second = (ctx.check(valid[p].type)(out[keys[p]]) for p in rule.params)
            wanted = not (case is not None and case.check == rule)
            if rules.rule_holds(rule.kind, first, second) != wanted:
                return False
        return True

    names = list(dict.fromkeys(p for rule in bound for p in rule.params))
    for _ in range(_TRIES * 3):
        if settled():
            return
        for name in names:
            param = valid[name]
            out[keys[name]] = draw(ctx.valid(param.type, param.location))
    assume(settled())


def _objects(draw: Draw, ctx: _Context, op: Operation, param: Param, case: ErrorCase | None,
             kind: str | None) -> Any:
    """A list of objects: valid ones, one of them breaking ``case``; or the list itself broken."""
    low, high = rules.bounds(param.type, ctx.settings)
    assert high is not None
    if kind == "invalid":
        strategy = ctx.invalid(param.type, param.location)
        assert strategy is not None
        return draw(strategy)

    def item(broken: ErrorCase | None) -> dict[str, Any]:
        return _fill(draw, ctx, op, param.item_checks, broken, top=False)

    if kind == "too_many":
        drawn = [item(None) for _ in range(min(3, high + 1))]
        return [dict(drawn[i % len(drawn)]) for i in range(high + 1)]
    size = draw(st.integers(max(low, 1 if case is not None else low), max(low, min(high, low + 2))))
    spoilt = draw(st.integers(0, size - 1)) if case is not None else -1
    return [item(case if index == spoilt else None) for index in range(size)]


def _filter_names(checks: Sequence[Param | Rule]) -> dict[str, Param]:
    return {c.type.name: c for c in checks if isinstance(c, Param) and c.type.name in _FILTER_TYPES}


def _filters(draw: Draw, ctx: _Context, collection: Collection, checks: Sequence[Param | Rule],
             case: ErrorCase | None, out: dict[str, Any]) -> None:
    """filterBy, filterOp and filterValue: a valid filter (or none), or the case's broken one."""
    named = _filter_names(checks)
    by, op_param, value = named["filter_by"], named["filter_op"], named["filter_value"]
    default_op = collection.op_default or "equals"
    target = case.check if case is not None else None
    if target == by:  # a bad filterBy: nothing after it is looked at, but filterOp still is
        out[by.name] = draw(_required(ctx.invalid(by.type, by.location)))
        if draw(st.booleans()):
            out[op_param.name] = draw(ctx.valid(op_param.type, op_param.location))
        return
    if target == op_param:
        out[by.name] = draw(ctx.valid(by.type, by.location))
        out[op_param.name] = draw(_required(ctx.invalid(op_param.type, op_param.location)))
        return
    if target == value and case is not None:
        assert case.filter_by is not None and case.filter_op is not None
        flt = collection.filters[case.filter_by]
        out[by.name] = flt.name
        if case.filter_op != default_op or draw(st.booleans()):
            out[op_param.name] = case.filter_op
        raw = draw(_bad_filter_value(ctx, flt, case))
        if raw is not _ABSENT:
            out[value.name] = raw
        return
    if not draw(st.booleans()):
        # No filter; a filterOp or filterValue without filterBy is ignored.
        if draw(st.booleans()):
            out[op_param.name] = draw(st.text(max_size=8))
        if draw(st.booleans()):
            out[value.name] = draw(st.text(max_size=8))
        return
    flt = draw(st.sampled_from(tuple(collection.filters.values())))
    op_name = draw(st.sampled_from(collection.ops))
    out[by.name] = flt.name
    if op_name != default_op or draw(st.booleans()):
        out[op_param.name] = op_name
    raw = draw(_good_filter_value(ctx, flt, op_name))
    if raw is not _ABSENT:
        out[value.name] = raw


def _required(strategy: Strategy[Any] | None) -> Strategy[Any]:
    assert strategy is not None, "an error case without invalid values"
    return strategy


def _single_items(ctx: _Context, type_spec: TypeSpec, values: Strategy[Any]) -> Strategy[str]:
    """Values that stand alone as one item of a comma list."""
    return values.filter(lambda v: type(v) is str and types.comma_list_shape(v) == (v,))


def _good_filter_value(ctx: _Context, flt: Filter, op_name: str) -> Strategy[Any]:
    """filterValues the engine accepts for the filter field and operator."""
    found = ctx.filter_values.get((flt, op_name))
    if found is None:
        found = ctx.filter_values[flt, op_name] = _build_good_filter_value(ctx, flt, op_name)
    return found


def _build_good_filter_value(ctx: _Context, flt: Filter, op_name: str) -> Strategy[Any]:
    item = ctx.valid(flt.type, "query")
    if op_name == "present":
        return st.one_of(st.just(_ABSENT), st.just(""), st.text(max_size=8))
    if op_name == "inArray":
        proposed = st.lists(_single_items(ctx, flt.type, item), min_size=1, max_size=5).map(",".join)
    elif flt.number_like and op_name in ("contains", "startsWith"):
        proposed = st.tuples(item, st.integers(0, 30), st.integers(1, 30)).map(
            lambda t: t[0][t[1] % len(t[0]):][: t[2]] or t[0])
    else:
        proposed = item
    return _accepted(proposed, lambda v: _filter_outcome(ctx, flt, op_name, v)[0], None)


def _insert_space(text: str, at: int) -> str:
    at %= len(text) + 1
    return text[:at] + " " + text[at:]


def _bad_filter_value(ctx: _Context, flt: Filter, case: ErrorCase) -> Strategy[Any]:
    """filterValues that break the filter as ``case`` says, with its variant."""
    key = (flt, case.filter_op, case.kind, case.variant)
    found = ctx.filter_values.get(key)
    if found is None:
        found = ctx.filter_values[key] = _build_bad_filter_value(ctx, flt, case)
    return found


def _build_bad_filter_value(ctx: _Context, flt: Filter, case: ErrorCase) -> Strategy[Any]:
    op_name = case.filter_op
    assert op_name is not None
    kind = case.kind
    good_items = st.lists(_single_items(ctx, flt.type, ctx.valid(flt.type, "query")), min_size=1, max_size=4)
    if kind == "filter_empty":
        proposed: Strategy[Any] = st.sampled_from(_filter_probes(ctx, flt, kind))
    elif kind == "filter_list":
        proposed = st.one_of(
            st.tuples(good_items, st.integers(0, 4)).map(lambda t: ",".join(_inserted(t[0], t[1], ""))),
            st.tuples(good_items, st.integers(0, 40)).map(lambda t: _insert_space(",".join(t[0]), t[1])),
            good_items.map(lambda items: ",".join(items[i % len(items)] for i in range(101))),
        )
    elif kind == "filter_item":
        bad = _required(ctx.invalid(flt.type, "query"))
        bad_items = st.one_of(bad, st.sampled_from(_filter_probes(ctx, flt, kind))).filter(
            lambda v: type(v) is str and types.comma_list_shape(v) == (v,))
        proposed = st.tuples(good_items, bad_items, st.integers(0, 4)).map(
            lambda t: ",".join(_inserted(t[0], t[2], t[1])))
    elif kind == "filter_part":
        proposed = st.one_of(_mutated(ctx.valid(flt.type, "query")), _junk("query"))
    else:
        proposed = st.one_of(_required(ctx.invalid(flt.type, "query")),
                             st.sampled_from(_filter_probes(ctx, flt, kind)))

    def breaks(raw: Any) -> bool:
        ok, variant = _filter_outcome(ctx, flt, op_name, raw)
        return not ok and (flt.code is not None or variant == case.variant) and (
            raw is _ABSENT or _fits(raw, "query"))

    fixed = [p for p in _filter_probes(ctx, flt, kind) if breaks(p)]
    return _accepted(proposed, breaks, st.sampled_from(fixed) if fixed else None)


# --- raw requests --------------------------------------------------------------------------------

def raw_request(operation: str | Operation, params: Mapping[str, Any], *,
                validator: Validator | None = None, prefix: str = "/uapi") -> RawRequest:
    """``params`` as a client sends them: path fragments in the URL, query values in its query
    string, body fields in a JSON body (an object whenever the operation has body fields).

    ValueError when the mapping cannot travel so: a path fragment that is not text, or given
    while an enclosing optional fragment is not; a query value that is not text or a list
    (repeated key) of text. Parameters the operation does not define are left out.
    """
    ctx = _context(validator)
    op = _operation(ctx, operation)
    segments = [prefix.rstrip("/")]
    stopped: str | None = None
    for name, variable, optional in op.segments[1:]:
        if not variable:
            segments.append(name)
            continue
        if name not in params or stopped is not None:
            if name in params:
                raise ValueError(f"{name} cannot be sent without {stopped}")
            if not optional:
                raise ValueError(f"{op.id} needs the path fragment {name}")
            stopped = name
            continue
        value = params[name]
        if type(value) is not str:
            raise ValueError(f"path fragment {name} must be text, not {type(value).__name__}")
        segments.append(_segment(value))
    query: list[tuple[str, str]] = []
    body: dict[str, Any] | None = {} if op.method in ("POST", "PUT") and any(
        p.location == "body" for p in op.params) else None
    for param in op.params:
        for key in (param.name, *param.aliases):
            if key not in params:
                continue
            value = params[key]
            if param.location == "query":
                query.extend((key, v) for v in _query_values(key, value))
            elif param.location == "body":
                if body is None:
                    body = {}
                body[key] = value
    return RawRequest(op.method, "/".join(segments), tuple(query), body)


def _segment(value: str) -> str:
    encoded = quote(value, safe="@*")
    return encoded.replace(".", "%2E") if value in (".", "..") else encoded


def _query_values(key: str, value: Any) -> list[str]:
    if type(value) is str:
        return [value]
    if type(value) is int:
        return [str(value)]
    if type(value) in (list, tuple) and all(type(v) is str for v in value):
        return list(value)
    raise ValueError(f"query parameter {key} must be text or a list of text, not {type(value).__name__}")


def valid_raw_requests(operation: str | Operation, *, validator: Validator | None = None,
                       action: str | None = None, prefix: str = "/uapi") -> Strategy[RawRequest]:
    """``valid_requests`` as RawRequests (method, URL with query string, JSON body)."""
    ctx = _context(validator)
    op = _operation(ctx, operation)
    return valid_requests(op, validator=ctx.validator, action=action).map(
        lambda params: raw_request(op, params, validator=ctx.validator, prefix=prefix))


def invalid_raw_requests(operation: str | Operation, code: str, variant: str | None = None, *,
                         validator: Validator | None = None, prefix: str = "/uapi") -> Strategy[RawRequest]:
    """``invalid_requests`` as RawRequests (method, URL with query string, JSON body)."""
    ctx = _context(validator)
    op = _operation(ctx, operation)
    return invalid_requests(op, code, variant, validator=ctx.validator).map(
        lambda params: raw_request(op, params, validator=ctx.validator, prefix=prefix))


class RequestStrategies:
    """The strategies of this module bound to one Validator (what the pytest fixture gives)."""

    def __init__(self, validator: Validator | None = None) -> None:
        self.validator = validator if validator is not None else default_validator()

    def valid(self, operation: str | Operation, action: str | None = None) -> Strategy[dict[str, Any]]:
        return valid_requests(operation, validator=self.validator, action=action)

    def invalid(self, operation: str | Operation, code: str, variant: str | None = None
                ) -> Strategy[dict[str, Any]]:
        return invalid_requests(operation, code, variant, validator=self.validator)

    def valid_raw(self, operation: str | Operation, action: str | None = None) -> Strategy[RawRequest]:
        return valid_raw_requests(operation, validator=self.validator, action=action)

    def invalid_raw(self, operation: str | Operation, code: str, variant: str | None = None
                    ) -> Strategy[RawRequest]:
        return invalid_raw_requests(operation, code, variant, validator=self.validator)

    def cases(self, operation: str | Operation | None = None) -> tuple[ErrorCase, ...]:
        return error_cases(operation, validator=self.validator)

    def codes(self, operation: str | Operation | None = None) -> frozenset[tuple[str, str | None]]:
        return error_codes(operation, validator=self.validator)

    def raw(self, operation: str | Operation, params: Mapping[str, Any]) -> RawRequest:
        return raw_request(operation, params, validator=self.validator)

    def __repr__(self) -> str:
        return f"RequestStrategies({self.validator!r})"


# --- responses -----------------------------------------------------------------------------------

def assert_ua_error(response: Any, code: str, variant: str | None = None) -> catalog.Entry:
    """Assert that a test response is the documented answer for ``code`` (and ``variant``).

    Works with Flask and Django test responses (and requests/httpx ones): the status, a JSON
    content type, and the body exactly ``{"error": {"code": ..., "message": ...}}``. Without a
    variant any message of the code passes. Returns the catalog entry matched.
    """
    __tracebackhide__ = True
    try:
        expected = [catalog.entry(code, v) for v in catalog.variants(code) if variant is None or v == variant]
    except KeyError:
        expected = []
    if not expected:
        raise ValueError(f"no catalog entry with code {code!r} and variant {variant!r}")
    status = getattr(response, "status_code", None)
    content = _content(response)
    try:
        body = json.loads(content)
    except (TypeError, ValueError):
        body = content
    for entry in expected:
        if status == entry.status and body == entry.body:
            media = _content_type(response)
            if media is not None and media.split(";", 1)[0].strip().lower() != "application/json":
                raise AssertionError(f"{entry.code}: content type {media!r}, expected application/json")
            return entry
    wanted = " or ".join(f"{e.status} {json.dumps(e.body)}" for e in expected)
    shown = body if not isinstance(body, bytes) else body[:200]
    raise AssertionError(f"expected {wanted}\n     got {status} {shown!r}")


def _content(response: Any) -> Any:
    get_data = getattr(response, "get_data", None)
    if callable(get_data):  # Flask / Werkzeug
        return get_data()
    for name in ("content", "data", "body"):
        if hasattr(response, name):
            return getattr(response, name)
    raise TypeError(f"cannot read the body of a {type(response).__name__}")


def _content_type(response: Any) -> str | None:
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        found = headers.get("Content-Type")
    except AttributeError:
        return None
    return found if isinstance(found, str) else None
