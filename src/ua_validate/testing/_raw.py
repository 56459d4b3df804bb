"""Requests as they travel (path, query string, JSON body), and the strategies of one Validator."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ..spec import Operation
from ..validator import Validator, default_validator
from ._cases import error_cases, error_codes
from ._records import ErrorCase, RawRequest
from ._requests import failing_requests, invalid_requests, passing_requests, valid_requests
from ._values import (
    Strategy,
    context_of,
    operation_of,
)


def raw_request(operation: str | Operation, params: Mapping[str, Any], *,
                validator: Validator | None = None, prefix: str = "/uapi") -> RawRequest:
    """``params`` as a client sends them: path fragments in the URL, query values in its query
    string, body fields in a JSON body (an object whenever the operation has body fields).

    ValueError when the mapping cannot travel so: a path fragment that is not text, or given
    while an enclosing optional fragment is not; a query value that is not text or a list
    (repeated key) of text. Parameters the operation does not define are left out.
    """
    ctx = context_of(validator)
    op = operation_of(ctx, operation)
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
                       action: str | None = None, prefix: str = "/uapi",
                       route: str | None = None) -> Strategy[RawRequest]:
    """``valid_requests`` as RawRequests (method, URL with query string, JSON body).

    ``route`` is the URL rule your application serves the operation at (``/uapi/cdr/<userId>``;
    Flask's and Django's ``<name>`` or ``<converter:name>``, Starlette's ``{name}``): every URL
    drawn then matches it, with exactly its optional path fragments, and its prefix. Without
    it, the optional fragments are drawn (``/uapi/cdr`` and ``/uapi/cdr/@me``).
    """
    ctx = context_of(validator)
    op = operation_of(ctx, operation)
    fragments, prefix = _route(op, route, prefix)
    return passing_requests(ctx, op, action, fragments).map(
        lambda params: raw_request(op, params, validator=ctx.validator, prefix=prefix))


def invalid_raw_requests(operation: str | Operation, code: str, variant: str | None = None, *,
                         validator: Validator | None = None, prefix: str = "/uapi",
                         route: str | None = None) -> Strategy[RawRequest]:
    """``invalid_requests`` as RawRequests (method, URL with query string, JSON body);
    ``route`` as for ``valid_raw_requests`` (ValueError when no request on it fails so)."""
    ctx = context_of(validator)
    op = operation_of(ctx, operation)
    fragments, prefix = _route(op, route, prefix)
    return failing_requests(ctx, op, code, variant, fragments).map(
        lambda params: raw_request(op, params, validator=ctx.validator, prefix=prefix))


_VARIABLE = re.compile(r"<(?:[^<>:]+:)?([^<>:]+)>|\{([^{}:]+)(?::[^{}]*)?\}")


def _route(op: Operation, route: str | None, prefix: str) -> tuple[frozenset[str] | None, str]:
    """The optional path fragments a route gives, and the prefix before the operation's path."""
    if route is None:
        return None, prefix
    parts = [part for part in route.strip("/").split("/") if part]
    names: list[tuple[str, bool]] = []
    for part in parts:
        variable = _VARIABLE.fullmatch(part)
        names.append((next(g for g in variable.groups() if g), True) if variable else (part, False))
    template = [(name, variable) for name, variable, _ in op.segments[1:]]
    optional = {name for name, variable, opt in op.segments if variable and opt}
    for given in range(len(template), 0, -1):
        if given < len(template) and template[given][0] not in optional:
            break  # only optional fragments, from the end, can be left out of the route
        tail = template[:given]
        lead = names[: len(names) - given]
        if names[len(names) - given:] == tail and not any(variable for _, variable in lead):
            return frozenset(n for n, v in tail if v and n in optional), "/" + "/".join(n for n, _ in lead)
    shown = "/".join(f"<{n}>" if v else n for n, v, _ in op.segments)
    raise ValueError(f"route {route!r} does not serve {op.id} (/{shown}, optional fragments may be left out)")


class RequestStrategies:
    """The strategies of this module bound to one Validator (what the pytest fixture gives)."""

    def __init__(self, validator: Validator | None = None) -> None:
        self.validator = validator if validator is not None else default_validator()

    def valid(self, operation: str | Operation, action: str | None = None) -> Strategy[dict[str, Any]]:
        return valid_requests(operation, validator=self.validator, action=action)

    def invalid(self, operation: str | Operation, code: str, variant: str | None = None
                ) -> Strategy[dict[str, Any]]:
        return invalid_requests(operation, code, variant, validator=self.validator)

    def valid_raw(self, operation: str | Operation, action: str | None = None, *,
                  route: str | None = None) -> Strategy[RawRequest]:
        return valid_raw_requests(operation, validator=self.validator, action=action, route=route)

    def invalid_raw(self, operation: str | Operation, code: str, variant: str | None = None, *,
                    route: str | None = None) -> Strategy[RawRequest]:
        return invalid_raw_requests(operation, code, variant, validator=self.validator, route=route)

    def cases(self, operation: str | Operation | None = None) -> tuple[ErrorCase, ...]:
        return error_cases(operation, validator=self.validator)

    def codes(self, operation: str | Operation | None = None) -> frozenset[tuple[str, str | None]]:
        return error_codes(operation, validator=self.validator)

    def raw(self, operation: str | Operation, params: Mapping[str, Any]) -> RawRequest:
        return raw_request(operation, params, validator=self.validator)

    def __repr__(self) -> str:
        return f"RequestStrategies({self.validator!r})"
