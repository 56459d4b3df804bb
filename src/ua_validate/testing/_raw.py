"""Requests as they travel (path, query string, JSON body), and the strategies of one Validator."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ..spec import Operation
from ..validator import Validator, default_validator
from ._cases import error_cases, error_codes
from ._records import ErrorCase, RawRequest
from ._requests import invalid_requests, valid_requests
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
                       action: str | None = None, prefix: str = "/uapi") -> Strategy[RawRequest]:
    """``valid_requests`` as RawRequests (method, URL with query string, JSON body)."""
    ctx = context_of(validator)
    op = operation_of(ctx, operation)
    return valid_requests(op, validator=ctx.validator, action=action).map(
        lambda params: raw_request(op, params, validator=ctx.validator, prefix=prefix))


def invalid_raw_requests(operation: str | Operation, code: str, variant: str | None = None, *,
                         validator: Validator | None = None, prefix: str = "/uapi") -> Strategy[RawRequest]:
    """``invalid_requests`` as RawRequests (method, URL with query string, JSON body)."""
    ctx = context_of(validator)
    op = operation_of(ctx, operation)
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
