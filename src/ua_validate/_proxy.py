"""The validating proxy of SPEC §9: the reference server in front of a real UnifiedAPI server.

An invalid request gets its documented answer here and never reaches the upstream; a valid
one is forwarded unchanged (method, path as sent, query, headers with ``Authorization``, body)
with httpx, and the upstream's answer is streamed back as it is. ``report_only`` forwards
every request and logs the violations instead. An upstream that cannot be reached, or does
not answer within the timeout, gets the catalog's 500 ``internal_server_error``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from typing import Final

import httpx

from ._asgi import Message, Receive, Scope, Send, clean, header
from ._mask import mask_path
from ._web import Config
from .errors import UAError
from .spec import Operation

__all__ = ["REASON_KEY", "STATUS_KEY", "Upstream"]

# Hop-by-hop headers (RFC 9110 §7.6.1) are the connection's, not the message's.
_HOP_BY_HOP: Final = frozenset({b"connection", b"keep-alive", b"proxy-connection", b"te", b"trailer",
                                b"transfer-encoding", b"upgrade", b"host"})
REASON_KEY: Final = "ua_validate.upstream_error"  # why the upstream gave no answer, for the access log
STATUS_KEY: Final = "ua_validate.status"  # the upstream's status, for the access log

logger = logging.getLogger("ua_validate.proxy")


class _Replay:
    """A ``receive`` that hands out the chunks already read, then the rest of the body."""

    def __init__(self, chunks: list[bytes], finished: bool, receive: Receive) -> None:
        self._chunks = list(chunks)
        self._finished = finished
        self._receive = receive
        self.chunks = tuple(chunks)
        self.complete = finished

    async def __call__(self) -> Message:
        if self._chunks:
            chunk = self._chunks.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(self._chunks) or not self._finished}
        if self._finished:
            return {"type": "http.request", "body": b"", "more_body": False}
        message = await self._receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            self._finished = True
        return message


async def _buffer(receive: Receive, limit: int) -> tuple[list[bytes], bool]:
    """The body's first chunks, up to one past ``limit`` bytes, and whether that was all of it."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        message = await receive()
        if message["type"] != "http.request":
            return chunks, True
        chunk = message.get("body", b"")
        if chunk:
            chunks.append(chunk)
            size += len(chunk)
        if not message.get("more_body", False):
            return chunks, True
    return chunks, False


class Upstream:
    """Where valid requests go: ``url`` (scheme, host, optional path prefix), with a timeout."""

    def __init__(self, url: str, *, timeout: float = 30.0, report_only: bool = False,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        base = httpx.URL(url)
        if base.scheme not in ("http", "https") or not base.host:
            raise ValueError("the upstream must be an http:// or https:// URL with a host")
        self.base = base
        self.prefix = base.raw_path.split(b"?", 1)[0].rstrip(b"/")
        self.timeout = timeout
        self.report_only = report_only
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:  # made in the server's event loop, on first use
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(self.timeout), follow_redirects=False,
                                             trust_env=False, transport=self._transport)
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def proxy(self, op: Operation, config: Config, scope: Scope, receive: Receive, send: Send,
                    path: Mapping[str, str], query: bytes) -> None:
        """Validate, then forward; an invalid request raises its UAError (unless report-only)."""
        forwarded = _Replay([], False, receive)  # the body as it comes, for the upstream
        checked: Receive = _empty  # what validation reads
        if op.takes_body:
            limit = max(config.max_json_body, config.max_multipart_body)
            declared = header(scope, b"content-length")
            if declared is None or not declared.isdigit() or int(declared) <= limit:
                # validation needs the whole body: read up to one byte past the limit
                chunks, finished = await _buffer(receive, limit)
                forwarded = _Replay(chunks, finished, receive)
                checked = _Replay(chunks, True, receive)
        try:
            await clean(op, config, scope, checked, path, query)
        except UAError as err:
            if not self.report_only:
                raise
            self.report(scope, err)
        await self._forward(scope, forwarded, send)

    async def forward(self, scope: Scope, receive: Receive, send: Send, violation: UAError) -> None:
        """Forward a request the router does not know (report-only mode)."""
        self.report(scope, violation)
        await self._forward(scope, _Replay([], False, receive), send)

    def report(self, scope: Scope, err: UAError) -> None:
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        logger.warning("violation %s (%d) on %s %s", err.code, err.status, scope["method"][:20],
                       mask_path(raw_path))

    async def _forward(self, scope: Scope, replay: _Replay, send: Send) -> None:
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        query: bytes = scope.get("query_string", b"")
        target = self.prefix + raw_path + (b"?" + query if query else b"")
        url = self.base.copy_with(raw_path=target)
        headers = [(k, v) for k, v in scope["headers"] if bytes(k).lower() not in _HOP_BY_HOP]
        # a body read whole goes out whole (with its length); one still coming is streamed on
        content: bytes | AsyncIterator[bytes] | None = (b"".join(replay.chunks) if replay.complete else _body(replay))
        if header(scope, b"content-length") in (None, "0") and header(scope, b"transfer-encoding") is None:
            content = None  # no body, as sent: not an empty chunked one
        request = self._http().build_request(scope["method"], url, headers=headers, content=content)
        try:
            async with asyncio.timeout(self.timeout):  # the whole wait for the answer's head
                response = await self._http().send(request, stream=True)
        except (httpx.HTTPError, TimeoutError, OSError) as exc:
            scope[REASON_KEY] = "timeout" if isinstance(exc, (TimeoutError, httpx.TimeoutException)) else (
                type(exc).__name__)
            raise UAError("internal_server_error") from None
        try:
            scope[STATUS_KEY] = response.status_code
            await send({"type": "http.response.start", "status": response.status_code,
                        "headers": [(k, v) for k, v in response.headers.raw if k.lower() not in _HOP_BY_HOP]})
            try:
                async for chunk in response.aiter_raw():
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            except (httpx.HTTPError, OSError) as exc:  # the head went out: all that is left is to stop
                scope[REASON_KEY] = f"{type(exc).__name__} in the answer's body"
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()


async def _empty() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _body(replay: _Replay) -> AsyncIterator[bytes]:
    while True:
        message = await replay()
        if message["type"] != "http.request":
            return
        chunk: bytes = message.get("body", b"")
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return

