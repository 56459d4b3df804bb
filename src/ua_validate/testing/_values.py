"""Values of each type, valid and invalid, built and cached per Validator.

The context builds the value strategies from the registry of value types and judges every
value with the engine's own checkers.
"""

from __future__ import annotations

import string
import weakref
from collections.abc import Callable
from functools import cache
from typing import Any, Final

from hypothesis import assume
from hypothesis import strategies as st

from .. import rules
from ..spec import Operation, TypeSpec
from ..validator import Validator, default_validator
from ..valuetypes import TYPES
from ._records import ErrorCase

Strategy = st.SearchStrategy
Draw = Callable[[Strategy[Any]], Any]

# How often a generator proposes a value before it falls back to a fixed one (or gives up on
# the example): the engine's checker, not the generator, has the last word on every value.
TRIES: Final = 12
ABSENT: Final[Any] = object()  # a parameter left out, where "left out" is the value tried
FILTER_TYPES: Final = frozenset({"filter_by", "filter_op", "filter_value"})
_DIGITS: Final = string.digits
_WIDE_DIGITS: Final = str.maketrans(_DIGITS, "".join(chr(0xFF10 + d) for d in range(10)))  # fullwidth

# Fixed values tried when generated ones are all valid, and used to tell whether a type can be
# given an invalid value at all in a location. The checker keeps only those it refuses; short
# ones come first so that reports show them.
TEXT_PROBES: Final[tuple[str, ...]] = (
    "x", "", " ", "-1", "0", "00", "1.5", "+", "*", "@", "@self", "@me ", "a b", "\u0663", "\uff13",
    ",", "1,,2", "true ", "1" * 11, "7", "99", "x" * 300, "9" * 300, "x" * 3000,
)
_QUERY_PROBES: Final[tuple[Any, ...]] = (*TEXT_PROBES, ["1", "1"], ["x", "y"])
_BODY_PROBES: Final[tuple[Any, ...]] = (
    None, "x", "", True, False, 0, 1, -1, 1.5, 10**12, [], {}, [None], ["x"], {"x": 1}, [{}],
    *TEXT_PROBES[2:],
)
# Characters a mutation inserts: digits, separators, the characters of numbers and ids, white
# space and control characters, and non-ASCII digits and letters.
_NOISE: Final[tuple[str, ...]] = (
    "x", "0", " ", "*", "+", "@", ",", ".", ":", "-", "/", "<", ">", '"', "\\", "\x00", "\n", "\t",
    "\u0663", "\uff13", "\u00e9", "\u00a0",
)
_MUTATIONS: Final = ("insert", "delete", "replace", "pad", "case", "double", "truncate", "wide", "long")


class Context:
    """The checkers and strategies of one Validator's settings, cached."""

    def __init__(self, validator: Validator) -> None:
        self.validator = validator
        self.settings = validator.settings
        self._checkers: dict[TypeSpec, rules.Checker] = {}
        self._valid: dict[tuple[TypeSpec, str], Strategy[Any]] = {}
        self._proposed: dict[tuple[TypeSpec, str], Strategy[Any]] = {}
        self._invalid: dict[tuple[TypeSpec, str], Strategy[Any] | None] = {}
        self._probes: dict[tuple[TypeSpec, str], tuple[Any, ...]] = {}
        self.cases: dict[str, tuple[ErrorCase, ...]] = {}
        self.filter_values: dict[tuple[Any, ...], Strategy[Any]] = {}
        self.prepared: set[str] = set()

    def check(self, type_spec: TypeSpec) -> rules.Checker:
        checker = self._checkers.get(type_spec)
        if checker is None:
            checker = self._checkers[type_spec] = rules.checker_for(type_spec, self.settings)
        return checker

    def accepts(self, type_spec: TypeSpec, value: Any) -> bool:
        return value is not ABSENT and self.check(type_spec)(value) is not None

    def valid(self, type_spec: TypeSpec, location: str) -> Strategy[Any]:
        """Raw values of the type, shaped for the location, that the checker accepts."""
        key = (type_spec, location)
        found = self._valid.get(key)
        if found is None:
            builder = TYPES[type_spec.name].strategy
            if builder is None:
                raise ValueError(f"type {type_spec.name!r} has no value strategy of its own")
            proposed = self._proposed[key] = bare(builder(st, self, type_spec, location))
            # Builders propose values of the documented shape; the engine's checker keeps them
            # or not (a 30th of February, a number phonenumbers finds impossible...).
            found = self._valid[key] = bare(kept(proposed, lambda v: self.accepts(type_spec, v)))
            found.validate()  # now, not at the first draw (see ``warmed``)
        return found

    def draw_valid(self, draw: Draw, type_spec: TypeSpec, location: str) -> Any:
        """A value of ``valid(type_spec, location)``, drawn in a composite without that
        strategy's own layer (hypothesis's cost is per strategy drawn: two draws fewer for
        every parameter of a request)."""
        key = (type_spec, location)
        proposed = self._proposed.get(key)
        if proposed is None:
            self.valid(type_spec, location)
            proposed = self._proposed[key]
        return _first_kept(draw, proposed, lambda v: self.accepts(type_spec, v))

    def probes(self, type_spec: TypeSpec, location: str) -> tuple[Any, ...]:
        """The fixed values the type refuses in the location (possibly none)."""
        key = (type_spec, location)
        found = self._probes.get(key)
        if found is None:
            pool = {"query": _QUERY_PROBES, "path": TEXT_PROBES, "body": _BODY_PROBES}[location]
            extra = TYPES[type_spec.name].probes
            if extra is not None:
                pool = (*extra(self, type_spec, location), *pool)
            found = self._probes[key] = tuple(
                value for value in pool if self.refuses(type_spec, value, location)
            )
        return found

    def mutated(self, base: Strategy[Any]) -> Strategy[Any]:
        """Values of ``base`` slightly wrong (for the registry's strategy builders)."""
        return mutated(base)

    def json_values(self) -> Strategy[Any]:
        """Any JSON values (for the registry's strategy builders)."""
        return _json_values()

    def refuses(self, type_spec: TypeSpec, value: Any, location: str) -> bool:
        return fits(value, location) and self.check(type_spec)(value) is None

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
                proposals.append(mutated(self.valid(type_spec, "path" if location == "path" else "query")))
            extra = TYPES[type_spec.name].invalid
            if extra is not None:
                proposals.append(extra(st, self, type_spec, location))
            proposals.append(junk(location))
            strategy = accepted_values(
                st.one_of(proposals), lambda v: self.refuses(type_spec, v, location), st.sampled_from(probes)
            )
        if strategy is not None:
            strategy = bare(strategy)
            strategy.validate()
        self._invalid[key] = strategy
        return strategy


_CONTEXTS: weakref.WeakKeyDictionary[Validator, Context] = weakref.WeakKeyDictionary()


def context_of(validator: Validator | None) -> Context:
    validator = validator if validator is not None else default_validator()
    found = _CONTEXTS.get(validator)
    if found is None:
        found = _CONTEXTS[validator] = Context(validator)
    return found


def fits(value: Any, location: str) -> bool:
    """Whether a raw value can travel in the location: text in a URI fragment (no ``/``, not
    empty, not a dot segment, no control character), text or a repeated key in a query
    string, any JSON value in a body."""
    if value is ABSENT:
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


def accepted_values(proposed: Strategy[Any], accept: Callable[[Any], bool],
              fallback: Strategy[Any] | None) -> Strategy[Any]:
    """``proposed`` values that ``accept`` keeps; after a few refusals ``fallback``, or none."""
    return _accepted(proposed, accept, fallback)


def kept(proposed: Strategy[Any], accept: Callable[[Any], bool]) -> Strategy[Any]:
    """``proposed.filter(accept)``: three tries, then the example is rejected. Not hypothesis's
    own filter: its FilteredStrategy (6.170) re-runs its ``__init__`` when validated, which
    forgets that it was, so every draw validates it again and re-applies its predicates (for
    text, reading the predicate's source with ``ast``): a third of a request's time."""
    return _kept(proposed, accept)


def _first_kept(draw: Draw, proposed: Strategy[Any], accept: Callable[[Any], bool]) -> Any:
    for _ in range(3):
        value = draw(proposed)
        if accept(value):
            return value
    assume(False)


_kept = st.composite(_first_kept)


# Composites are decorated once, at import: ``st.composite`` reads and parses the function's
# source (inspect, ast), about 2 ms a time, so one decorated per strategy built cost the first
# example of an operation 0.2 s.
@st.composite
def _accepted(draw: Draw, proposed: Strategy[Any], accept: Callable[[Any], bool],
              fallback: Strategy[Any] | None) -> Any:
    for _ in range(TRIES):
        value = draw(proposed)
        if accept(value):
            return value
    if fallback is None:
        assume(False)
    return draw(fallback)


@st.composite
def mutated(draw: Draw, base: Strategy[Any]) -> Any:
    """A valid value, slightly wrong: a character added, dropped or changed, white space, letter
    case, doubled, cut short, non-ASCII digits, or far too long."""
    text = draw(base)
    if type(text) is not str:
        return text
    kind = draw(sampled(_MUTATIONS))
    if kind == "insert":
        at = draw(below(len(text) + 1))
        return text[:at] + draw(sampled(_NOISE)) + text[at:]
    if kind in ("delete", "replace") and text:
        at = draw(below(len(text)))
        middle = draw(sampled(_NOISE)) if kind == "replace" else ""
        return text[:at] + middle + text[at + 1:]
    if kind == "pad":
        return " " + text if draw(BOOLEANS) else text + " "
    if kind == "case":
        return text.swapcase()
    if kind == "double":
        return text + text
    if kind == "truncate":
        return text[: draw(below(max(1, len(text))))]
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
def sampled(values: tuple[Any, ...]) -> Strategy[Any]:
    """``st.sampled_from(values)``, built once (hypothesis does not cache it, and a strategy
    built at every draw costs more than the draw)."""
    return bare(st.sampled_from(values))


@cache
def below(size: int) -> Strategy[int]:
    """``st.integers(0, size - 1)``, built once."""
    return bare(st.integers(0, size - 1))


def bare(strategy: Strategy[Any]) -> Strategy[Any]:
    """``strategy`` without hypothesis's lazy layer: ``st.integers``, ``st.composite`` and the
    like return a LazyStrategy, and drawing it draws the strategy it stands for, which is one
    more strategy drawn (hypothesis's cost is per strategy drawn, about a third of a request's
    time was such layers). Its ``wrapped_strategy`` is that strategy, with the strategies given
    as arguments unwrapped too; a strategy without the attribute is returned as it is."""
    return getattr(strategy, "wrapped_strategy", strategy)


BOOLEANS: Final = bare(st.booleans())


def warmed(strategy: Strategy[Any]) -> Strategy[Any]:
    """``strategy``, validated now. Hypothesis validates a strategy at its first draw, and a
    text strategy's validation builds its character table (seconds in a fresh folder without a
    hypothesis cache): counted as draw time, that fails the too_slow health check."""
    strategy = bare(strategy)
    strategy.validate()
    return strategy


@cache
def junk(location: str) -> Strategy[Any]:
    """Values of no particular shape that can travel in the location."""
    if location == "path":
        return warmed(st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="/"),
                              min_size=1, max_size=16))
    if location == "query":
        return warmed(st.one_of(st.text(max_size=16), st.lists(st.text(max_size=6), min_size=2, max_size=3)))
    return warmed(_json_values())


def inserted(items: list[Any], at: int, item: Any) -> list[Any]:
    return [*items[:at], item, *items[at:]]


def operation_of(ctx: Context, operation: str | Operation) -> Operation:
    if isinstance(operation, Operation):
        return operation
    return ctx.validator.operation(operation)
