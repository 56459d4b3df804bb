"""Response assertions: a test response is exactly the documented answer of a code."""

from __future__ import annotations

import json
from typing import Any

from .. import catalog
from .._web import REASON_HEADER


def assert_ua_error(response: Any, code: str, variant: str | None = None) -> catalog.Entry:
    """Assert that a test response is the documented answer for ``code`` (and ``variant``).

    Works with Flask and Django test responses (and requests/httpx ones): the status, a JSON
    content type, and the body exactly ``{"error": {"code": ..., "message": ...}}``. Without a
    variant any message of the code passes. Returns the catalog entry matched. When the
    answer says why (an ``X-UA-Reason`` header: the web integrations' debug or testing mode),
    a mismatch shows that reason too.
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
    reason = _header(response, REASON_HEADER)
    why = f"\n  reason {reason}" if reason is not None else ""
    raise AssertionError(f"expected {wanted}\n     got {status} {shown!r}{why}")


def _content(response: Any) -> Any:
    get_data = getattr(response, "get_data", None)
    if callable(get_data):  # Flask / Werkzeug
        return get_data()
    for name in ("content", "data", "body"):
        if hasattr(response, name):
            return getattr(response, name)
    raise TypeError(f"cannot read the body of a {type(response).__name__}")


def _content_type(response: Any) -> str | None:
    return _header(response, "Content-Type")


def _header(response: Any, name: str) -> str | None:
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        found = headers.get(name)
    except AttributeError:
        return None
    return found if isinstance(found, str) else None
