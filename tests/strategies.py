# ruff: noqa: RUF001  # look-alike digits and letters are the point of these values
"""The test suite's own hypothesis strategies and the odd values they draw from, in one place.

Arbitrary keys and values for the robustness properties, mappings that are not dicts, text of
str subclasses, dates and caller ids shaped as documented (or nearly), and a valid request of
each operation to spoil. The library's own harness (``ua_validate.testing``) generates the
requests of the operation tests; these strategies test the engine and that harness.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from types import MappingProxyType
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from ua_validate.loader import default_spec
from ua_validate.spec import Operation, Param

SPEC = default_spec()
DIGITS = "0123456789"


class Text(str):
    """A str subclass (like Django's SafeString), as a framework may hand over: read as its text."""


class PlainMapping(Mapping[Any, Any]):
    """A read-only Mapping that is not a dict."""

    def __init__(self, data: dict[Any, Any]) -> None:
        self._data = data

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


# --- any keys and values, for the robustness properties -----------------------------------------

MEGABYTE = 1_000_000
BIG_STRINGS = ["1" * MEGABYTE, "@" * MEGABYTE, "a" * MEGABYTE, "1," * (MEGABYTE // 2),
               "2024-01-01T00:00:00" * 50_000, "+" + "4" * MEGABYTE, "x <" + "1" * MEGABYTE + ">",
               "http://a/" + "b" * MEGABYTE]
HUGE_INTS = [2**63, -(2**63) - 1, 10**10, 9_999_999_999, 10**100]
# Built lazily: hypothesis cannot print a strategy holding an int of more than 4300 digits.
_HUGE = [10**4301, -(10**4301), 10**5000 - 1, 10**100_000]
huge_ints = st.integers(0, len(_HUGE) - 1).map(lambda index: _HUGE[index])
# Values that get past the first checks, so that arbitrary data reaches the later ones.
PLAUSIBLE = [
    "@me", "@self", "@viewer", "210", "0003*210", "+40721234567", "12", "0", "1", "2", "4", "25", "3600",
    "2024-01-01T00:00:00", "2024-02-01T00:00:00Z", "2023-12-31T23:59:59+02:00", "http://example.com/x",
    "fax.pdf", "pdf", "txt", "image/jpeg", "wav", "wav49", "asc", "descending", "source", "destination",
    "published", "answered", "id", "status", "method", "type", "modified", "agentNumber", "queue",
    "equals", "contains", "startsWith", "present", "inArray", "greaterThan", "210,211", "0,1,2",
    "John <210>", "abc123", "OnHold", "Park", "UnPark", "Transfer", "TransferToVoicemail", "Whisper",
    "StartRecording", "PickUp", "true", "false", "", " ", "٣", "５", "²", "\x00", "\ud800", "é",
]


def names_of(op: Operation) -> list[str]:
    """Every name a request to ``op`` may carry: parameters, aliases, nested object fields."""
    names: set[str] = set()
    for _, check in op.walk():
        if isinstance(check, Param):
            names.add(check.name)
            names.update(check.aliases)
    return sorted(names)


ALL_NAMES = sorted({name for op in SPEC for name in names_of(op)})

FILE = {"name": "fax.pdf", "type": "pdf", "size": 10}
VIEW = {"source": "210", "destination": "+40721234567"}
EXT = {"userId": "@me", "extension": "210"}
CALL = {**EXT, "phoneCallId": "abc"}
EVENT = {**EXT, "eventType": "1", "eventId": "abc"}
# A valid request of each operation (with an action that uses the most fields for updates).
VALID: dict[str, dict[str, Any]] = {
    "cdr.list": {},
    "phone_calls.simple": {**EXT, "phoneCallView": [VIEW]},
    "phone_calls.callback": {**EXT, "phoneCallView": [{"source": "+40721234567", "destination": "+40721234568"}]},
    "phone_calls.conference_invite": {**EXT, "phoneCallView": [VIEW]},
    "phone_calls.list": dict(EXT),
    "phone_calls.update": {**CALL, "action": "Transfer", "sendCallTo": "210", "transferFromNumber": "211"},
    "phone_calls.delete": dict(EXT),
    "faxes.create": {**EXT, "recipients": ["210"], "files": [FILE]},
    "queue_agents.list": dict(EXT),
    "queue_agents.update": {**EXT, "agent": "+40721234567", "status": "1"},
    "phone_call_events.create": {**EXT, "type": "0", "method": "0", "url": "http://example.com"},
    "phone_call_events.list": dict(EXT),
    "phone_call_events.update": dict(EVENT),
    "phone_call_events.delete": dict(EXT),
    "presence.list": {"userId": "@me", "extension": "@self"},
}


# --- strategies ------------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(HUGE_INTS),
    huge_ints,
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(st.characters(max_codepoint=127), max_size=30),
    st.text("0123456789*+@,-:.TZ ", max_size=30),
    st.sampled_from(PLAUSIBLE),
    st.integers(0, len(BIG_STRINGS) - 1).map(lambda index: BIG_STRINGS[index]),  # no megabyte repr
    st.binary(max_size=8),
)


def keys_for(names: list[str]) -> st.SearchStrategy[Any]:
    # Real names most of the time, so that the values reach the checkers.
    return st.one_of(
        st.sampled_from(names), st.sampled_from(names), st.sampled_from(names), st.sampled_from(names),
        st.text(max_size=10), st.integers(), st.none(), st.sampled_from(ALL_NAMES),
    )


def values_for(names: list[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=5),
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(keys_for(names), inner, max_size=6),
        ),
        max_leaves=15,
    )


@cache
def params_for(operation: str) -> st.SearchStrategy[dict[Any, Any]]:
    """Built once per operation: hypothesis validates and describes each strategy it is given."""
    names = names_of(SPEC.operation(operation))
    anything = st.dictionaries(keys_for(names), values_for(names), max_size=12)
    # Half the time over a valid request, so that the first checks pass and later ones run.
    return st.tuples(st.booleans(), anything).map(
        lambda pair: {**VALID[operation], **pair[1]} if pair[0] else pair[1])

# --- validate_request: any method, URL and body ---------------------------------------------------

SEGMENTS = st.one_of(
    st.sampled_from(PLAUSIBLE[:30]),
    st.text(max_size=12),
    st.text(max_size=12).map(lambda s: quote(s, safe="")),
    st.sampled_from(["%", "%z", "%zz", "%ff", "%fe%ff", "%C3%28", "%E2%82", "%00", "%2F", "%2A", "%25",
                     "..", ".", "", "[", "]", "?", "#", "%5B"]),
)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(),
              st.sampled_from(PLAUSIBLE)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(ALL_NAMES) | st.text(max_size=5),
                                                                 inner, max_size=6),
    max_leaves=12,
)
bodies = st.one_of(
    st.none(),
    st.binary(max_size=40),
    st.text(max_size=40),
    json_values,
    json_values.map(json.dumps),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.sampled_from([
        "[" * 100_000, "{" * 100_000, '{"a":' * 100_000, '{"a":[' * 50_000, "]" * 100_000, "[" * 100_000 + "]" * 100_000,
        b"\xff\xfe\x00", b'{"extension": "\xff"}', '{"files":[{"size":1' + "0" * 5000 + "}]}",
        '{"recipients":[' + "1" * 5000 + "]}", "NaN", "Infinity", '{"status": NaN}', '{"status": 1e999}',
        '{"status": -0}', '{"action": "Park", "action": "OnHold"}', '{"\\ud800": "\\udfff"}', "\ufeff{}",
        '{"extension": "' + "1" * MEGABYTE + '"}', "1" * 5000, "",
    ]),
    st.sampled_from([bytearray(b'{"status": 1}'), memoryview(b'{"status": 1}'), 5, 1.5, ["x"], object()]),
)
methods = st.one_of(
    st.sampled_from(["GET", "POST", "PUT", "DELETE", "get", "Post", "HEAD", "OPTIONS", "PATCH", "", " GET"]),
    st.text(max_size=8),
)


@st.composite
def requests(draw: st.DrawFn) -> tuple[Any, str, Any]:
    """(method, URL, body): mostly an operation's route with odd segments, query and body."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(methods), draw(st.text()), draw(bodies)
    op = draw(st.sampled_from(list(SPEC)))
    valid = VALID[op.id]
    parts = []
    for name, variable, optional in op.segments:
        if optional and draw(st.booleans()):
            break
        if variable:
            parts.append(draw(st.sampled_from([quote(str(valid.get(name, "@me")), safe="@*")]) | SEGMENTS))
        else:
            parts.append(name)
    if draw(st.booleans()):
        parts[0] = "unifiedapi"
    path = "/" + "/".join(parts) + draw(st.sampled_from(["", "", "/", "//"]))
    names = names_of(op)
    pairs = draw(st.lists(st.tuples(st.sampled_from(names) | st.text(max_size=6),
                                    st.sampled_from(PLAUSIBLE[:40]) | SEGMENTS), max_size=6))
    query = "&".join(f"{k}={v}" for k, v in pairs) + draw(st.sampled_from(["", "", "&", "&&=", "=&", ";"]))
    url = path + ("?" + query if query or draw(st.booleans()) else "")
    if kind == 1:
        host = draw(st.sampled_from(["http://example.com", "https://[::1]", "http://[", "http://[::1",
                                     "http://a]b", "//x", "http://%zz", "http://:80", "HTTP://X:99999"]))
        url = host + url
    method = draw(st.sampled_from([op.method, op.method, op.method.lower()]) | methods)
    fields = {k: v for k, v in valid.items() if op.param(k).location == "body"}
    extra = draw(st.dictionaries(st.sampled_from(names), json_values, max_size=4))
    body = draw(st.sampled_from([json.dumps({**fields, **extra}), {**fields, **extra}]) | bodies)
    return method, url, body


# --- mappings over an operation's own names (the two backends compared) ---------------------

def mappings(draw_dicts: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[Mapping[str, Any]]:
    return st.one_of(draw_dicts, draw_dicts.map(MappingProxyType), draw_dicts.map(PlainMapping))


def _values(words: list[str], corpus: Sequence[Any]) -> st.SearchStrategy[Any]:
    words = words or ["x"]
    texts = st.one_of(
        st.sampled_from(corpus),
        st.sampled_from(words),
        st.lists(st.sampled_from([*words, *(v for v in corpus if isinstance(v, str))]),
                 min_size=1, max_size=4).map(",".join),
        st.text(max_size=12),
        st.from_regex(r"\+?[0-9]{1,16}", fullmatch=True),
    )
    scalars = st.one_of(texts, texts.map(Text), st.integers(), st.booleans(), st.none())
    return st.one_of(scalars, st.lists(scalars, max_size=3), st.tuples(scalars))


def arbitrary_params(op: Operation, words: list[str], corpus: Sequence[Any]) -> st.SearchStrategy[Mapping[str, Any]]:
    """Mappings over the operation's real names (and aliases, and a few unknown ones), with
    values from ``corpus``, the operation's ``words`` and anything."""
    values = _values(words, corpus)
    names: set[str] = {"unknown", "filterValue"}
    items: dict[str, st.SearchStrategy[Any]] = {}
    for _, check in op.walk():
        if isinstance(check, Param):
            names.update((check.name, *check.aliases))
    if op.dispatch is not None:
        names.add(op.dispatch.name)
    for check in op.checks:
        if isinstance(check, Param) and check.item_checks:
            inner = sorted({p.name for p in check.item_checks if isinstance(p, Param)} | {"unknown"})
            objects = mappings(st.dictionaries(st.sampled_from(inner), values, max_size=len(inner)))
            items[check.name] = st.one_of(st.lists(objects, max_size=3), values)
    keys = sorted(names)
    value_for = {name: items.get(name, values) for name in keys}

    @st.composite
    def params(draw: Any) -> dict[str, Any]:
        chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)))
        return {name: draw(value_for[name]) for name in chosen}

    return mappings(params())


# --- dates and caller ids, as documented or nearly -----------------------------------------------

offsets = st.one_of(
    st.none(),
    st.just(UTC),
    st.builds(lambda sign, h, m: timezone(sign * timedelta(hours=h, minutes=m)),
              st.sampled_from([1, -1]), st.integers(0, 23), st.integers(0, 59)),
)
aware_or_naive = st.builds(
    lambda moment, tz: moment.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)), offsets,
)
# The documented shape, digits anywhere: what the regex of types.date accepts before it judges
# the calendar and the clock.
DATE_SHAPE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
date_shaped = st.from_regex(DATE_SHAPE, fullmatch=True)
plausible_dates = st.builds(
    lambda y, mo, d, h, mi, s, frac, zone: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{frac}{zone}",
    st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25), st.integers(0, 60),
    st.integers(0, 61), st.sampled_from(["", ".0", ".5", ".123456", ".000001"]),
    st.sampled_from(["", "Z", "+00:00", "-00:00", "+23:59", "-23:59", "+24:00", "+23:60", "+05:30", "-12:00"]),
)
_two = st.integers(0, 99).map("{:02d}".format)
date_texts = st.one_of(
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
                  r"(Z|[+-][0-9]{2}:[0-9]{2})?", fullmatch=True),
    st.builds("{:04d}-{}-{}T{}:{}:{}{}{}".format, st.integers(0, 9999), _two, _two, _two, _two, _two,
              st.sampled_from(["", ".5", ".000001", ".123456"]),
              st.one_of(st.just(""), st.just("Z"), st.builds("{}{}:{}".format, st.sampled_from("+-"), _two, _two))),
)


caller_numbers = st.one_of(
    st.text(DIGITS + "*", min_size=1, max_size=32),
    st.text(DIGITS + "*", min_size=1, max_size=31).map(lambda s: "+" + s),
)
caller_names = st.text(
    st.characters(exclude_characters='<>"', exclude_categories=("Cc", "Cs")), min_size=1, max_size=64
).filter(lambda s: not s[0].isspace() and not s[-1].isspace())  # no value is trimmed
