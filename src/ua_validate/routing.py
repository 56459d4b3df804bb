"""From an HTTP method, URL and body to an operation and the mapping of its raw parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .spec import Operation, Spec

__all__ = ["Router", "decode_body", "parse_query", "single_values"]

_PREFIXES: Final = ("uapi", "unifiedapi")  # /unifiedapi is the legacy prefix of the same API
_MAX_INT_DIGITS: Final = 4000


class Router:
    """Finds the operation for a method and path; the templates come from the Spec."""

    def __init__(self, spec: Spec) -> None:
        by_method: dict[str, list[Operation]] = {}
        for op in spec:
            by_method.setdefault(op.method, []).append(op)
        # A literal segment beats a variable: POST .../simple is not an extension named simple.
        self._routes = {
            method: sorted(ops, key=lambda op: -sum(not var for _, var, _ in op.segments))
            for method, ops in by_method.items()
        }

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation and its percent-decoded path parameters, or None for no route."""
        raw = path.split("/")
        if raw[0] != "" or len(raw) < 2:
            return None
        parts = raw[1:]
        if parts[-1] == "" and len(parts) > 1:
            parts.pop()  # one trailing slash is the same resource
        if parts[0] not in _PREFIXES:
            return None
        for op in self._routes.get(method, ()):
            found = _match(op, parts)
            if found is not None:
                return op, found
        return None


def _match(op: Operation, parts: list[str]) -> dict[str, str] | None:
    segments = op.segments
    if len(parts) > len(segments):
        return None
    found: dict[str, str] = {}
    for index, (name, variable, optional) in enumerate(segments):
        if index >= len(parts):
            return found if optional else None
        part = parts[index]
        if variable:
            from urllib.parse import unquote  # not at import time: start-up cost

            found[name] = unquote(part, errors="replace")
        elif index == 0:
            continue  # the prefix, checked by the caller
        elif part != name:
            return None
    return found


def parse_query(query: str) -> dict[str, str | list[str]]:
    """A query string decoded as HTML forms are ('+' is a space); a repeated key keeps a list."""
    from urllib.parse import parse_qsl  # not at import time: start-up cost

    params: dict[str, str | list[str]] = {}
    for key, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
        if key in params:
            previous = params[key]
            if isinstance(previous, list):
                previous.append(value)
            else:
                params[key] = [previous, value]
        else:
            params[key] = value
    return params


def split_url(url: str) -> tuple[str, str] | None:
    """(path, query) of an absolute URL or of a path with a query string."""
    from urllib.parse import urlsplit  # not at import time: start-up cost

    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket in the host
        return None
    return parts.path, parts.query


def _parse_int(text: str) -> Any:
    # A JSON integer longer than Python converts is no valid value of any type; keep the body.
    return int(text) if len(text) <= _MAX_INT_DIGITS else float("inf")


def single_values(params: Mapping[str, Any]) -> Mapping[str, Any]:
    """A multi-valued mapping read as a query string is (SPEC §8); any other mapping as it is.

    Django's ``QueryDict`` and Werkzeug's ``MultiDict`` (``getlist``), ``multidict.MultiDict``
    (``getall``): a key with one value is that value, a key with several is a list of them, a
    repeated parameter that no scalar type accepts; never silently the first or the last one.
    A key with no value at all is left out, as no query string can send one.
    """
    values_of = getattr(params, "getlist", None)
    if not callable(values_of):
        values_of = getattr(params, "getall", None)
        if not callable(values_of):
            return params
    single: dict[str, Any] = {}
    for key in params:  # multidict may give a key once per value: each key is read once
        if key in single:
            continue
        values = list(values_of(key))
        if len(values) == 1:
            single[key] = values[0]
        elif values:
            single[key] = values
    return single


def decode_body(body: Any) -> Mapping[str, Any]:
    """The fields of a JSON request body; a body that is not a JSON object has none.

    A mapping is taken as the decoded body; a multi-valued one (a form's ``request.POST``) is
    read as ``single_values`` reads it."""
    if body is None:
        return {}
    if isinstance(body, Mapping):
        return single_values(body)
    if isinstance(body, (bytes, bytearray, memoryview)):
        try:
            body = bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            return {}
    if not isinstance(body, str):
        return {}
    import json  # not at import time: start-up cost

    try:
        decoded = json.loads(body, parse_int=_parse_int)
    except (ValueError, RecursionError):
        return {}
    return decoded if isinstance(decoded, dict) else {}
