"""httpx transports that validate every request to a UnifiedAPI route before it is sent.

    import httpx
    from ua_validate.httpx import ValidatingTransport

    client = httpx.Client(base_url="https://voipnow.example.com",
                          transport=ValidatingTransport(httpx.HTTPTransport()))
    client.get("/uapi/cdr/@me", params={"count": "abc"})  # raises ValidationError: count_invalid

A request whose path is under ``/uapi`` or ``/unifiedapi`` is validated as the reference
server validates it (JSON bodies, multipart fax uploads, the same limits): an invalid one
raises its ``ValidationError``, and a method and path that name no operation raise
``UAError("not_implemented")``, the answer the server would give; nothing is sent. Other
requests pass through untouched. ``AsyncValidatingTransport`` is the same for
``httpx.AsyncClient``.
"""

from __future__ import annotations

import functools
import io
from typing import Any

import httpx

from . import _web
from ._web import Config, Incoming
from .errors import UAError
from .routing import split_url
from .validator import Validator, default_validator

__all__ = ["AsyncValidatingTransport", "ValidatingTransport", "check_request"]


def check_request(request: httpx.Request, config: Config) -> tuple[str, dict[str, Any]] | None:
    """(operation id, cleaned parameters) of a UnifiedAPI request, None for any other request.

    Raises the UAError the reference server would answer with. The body must have been read.
    """
    if not config.under_api(request.url.path):
        return None
    raw = request.url.raw_path.decode("ascii", "replace")  # the path and query as they will be sent
    parts = split_url(raw)
    found = config.validator.router.match(request.method.upper(), parts[0]) if parts is not None else None
    if parts is None or found is None:
        raise UAError("not_implemented")
    op, path = found
    body = request.content
    incoming = Incoming(method=request.method, authorization=None, path=path, query=parts[1].encode("utf-8"),
                        content_type=request.headers.get("content-type"), content_length=len(body),
                        read=io.BytesIO(body).read, form=functools.partial(_form, request, config))
    return op.id, _web.handle(op, config, incoming)


def _form(request: httpx.Request, config: Config, limit: int) -> _web.Form:
    """A multipart body parsed as the reference server parses it (python-multipart)."""
    from ._multipart import fax_form

    form = fax_form(request.headers.get("content-type", ""), config, limit)
    form.feed(request.content)
    return form.form()


def _config(validator: Validator | None, prefixes: tuple[str, ...]) -> Config:
    # the largest bodies a client can send: the reference server's limits
    return Config(validator or default_validator(), prefixes=prefixes)


class ValidatingTransport(httpx.BaseTransport):
    """Wraps a transport (``httpx.HTTPTransport()`` by default); validates, then hands on."""

    def __init__(self, transport: httpx.BaseTransport | None = None, *, validator: Validator | None = None,
                 prefixes: tuple[str, ...] = _web.PREFIXES) -> None:
        self.transport = transport if transport is not None else httpx.HTTPTransport()
        self.config = _config(validator, prefixes)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.config.under_api(request.url.path):
            request.read()  # a streamed body is read once and kept, so that it can still be sent
            check_request(request, self.config)
        return self.transport.handle_request(request)

    def close(self) -> None:
        self.transport.close()


class AsyncValidatingTransport(httpx.AsyncBaseTransport):
    """The same for ``httpx.AsyncClient`` (``httpx.AsyncHTTPTransport()`` by default)."""

    def __init__(self, transport: httpx.AsyncBaseTransport | None = None, *,
                 validator: Validator | None = None, prefixes: tuple[str, ...] = _web.PREFIXES) -> None:
        self.transport = transport if transport is not None else httpx.AsyncHTTPTransport()
        self.config = _config(validator, prefixes)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.config.under_api(request.url.path):
            await request.aread()
            check_request(request, self.config)
        return await self.transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self.transport.aclose()
