"""What the ASGI integrations share: reading a request from its scope, bounded bodies, answers.

Nothing here imports a web framework: the reference server is plain ASGI on it, and the
Starlette and FastAPI integrations hand it their request's scope and ``receive``. Bodies are
read asynchronously and only as far as their limit (a declared Content-Length over it is
refused before anything is read); the framework-free core (``_web.handle_async``) decides
what is read, in which format and within which limit, and validates.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any, Final, NoReturn

from . import _web
from ._multipart import fax_form
from ._web import AsyncIncoming, Config, Form, TooLarge
from .errors import UAError
from .spec import Operation

__all__ = ["CLOSE", "UNREAD_KEY", "Receive", "Scope", "Send", "body_response", "clean", "error_response", "header",
           "incoming"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# Set in the scope when a body was refused before its end: the answer then closes the
# connection, or the server would read (and drop) the rest of a body of any size.
UNREAD_KEY: Final = "ua_validate.unread_body"
CLOSE: Final = (b"connection", b"close")
# Bytes past a limit still read (and dropped) so that a client that sends its whole body before
# reading, as most do, gets the answer rather than a reset connection; past that, it closes.
DRAIN: Final = 8 << 20


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of header ``name`` (lower case), decoded as HTTP does (ISO-8859-1)."""
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _declared_length(scope: Scope) -> int | None:
    value = header(scope, b"content-length")
    if value is None or not value.isdigit() or not value.isascii():
        return None  # the server has already refused a malformed one
    return int(value)


class _Body:
    """The body's chunks as the server passes them on, remembering whether its end was seen."""

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.ended = False

    async def chunks(self) -> Any:
        while not self.ended:
            message = await self.receive()
            if message["type"] != "http.request":
                self.ended = True  # http.disconnect: what was read is all there is
                return
            self.ended = not message.get("more_body", False)
            chunk = message.get("body", b"")
            if chunk:
                yield chunk


class _Reader:
    """The body of one ASGI request, read within a limit as the core asks.

    A body refused past its limit is read on (and dropped) up to DRAIN bytes, so that a client
    that sends it all before reading gets the answer; past that the scope is marked
    (UNREAD_KEY) and the answer closes the connection.
    """

    def __init__(self, config: Config, scope: Scope, receive: Receive) -> None:
        self.config = config
        self.scope = scope
        self.body = _Body(receive)
        self.declared = _declared_length(scope)
        self.content_type = header(scope, b"content-type")

    async def _refuse(self, limit: int) -> NoReturn:
        self.scope[UNREAD_KEY] = not await self._drained(limit)
        raise TooLarge

    async def _drained(self, limit: int) -> bool:
        """Whether the rest of a refused body is (or will be) read within DRAIN bytes.

        A declared length the server reads on its own; a chunked body is read here, to DRAIN.
        """
        if self.declared is not None:
            return self.declared <= limit + DRAIN
        budget = DRAIN
        async for chunk in self.body.chunks():
            budget -= len(chunk)
            if budget < 0:
                return False
        return True

    async def _admit(self, limit: int) -> None:
        """TooLarge before reading a byte when the declared length is over ``limit``."""
        if self.declared is not None and self.declared > limit:
            await self._refuse(limit)

    async def read(self, limit: int) -> bytes:
        """The whole body; TooLarge when it is (or is declared) longer than ``limit``."""
        await self._admit(limit)
        chunks: list[bytes] = []
        size = 0
        async for chunk in self.body.chunks():
            size += len(chunk)
            if size > limit:
                await self._refuse(limit)  # a chunked body: reading stops at the limit
            chunks.append(chunk)
        return b"".join(chunks)

    async def form(self, limit: int) -> Form:
        """A multipart upload parsed by python-multipart as it arrives (``_multipart.FaxForm``)."""
        await self._admit(limit)
        form = fax_form(self.content_type or "", self.config, limit)
        try:
            async for chunk in self.body.chunks():
                form.feed(chunk)
        except TooLarge:
            await self._refuse(limit)
        return form.form()


def incoming(config: Config, scope: Scope, receive: Receive, path: Mapping[str, str],
             query: bytes | None = None) -> AsyncIncoming:
    """One ASGI request as the core reads it (``query``: the raw query, when not the scope's)."""
    reader = _Reader(config, scope, receive)
    return AsyncIncoming(method=scope["method"], authorization=header(scope, b"authorization"), path=path,
                         query=scope.get("query_string", b"") if query is None else query,
                         content_type=reader.content_type, content_length=reader.declared,
                         read=reader.read, form=reader.form)


async def clean(op: Operation, config: Config, scope: Scope, receive: Receive,
                path: Mapping[str, str], query: bytes | None = None) -> dict[str, Any]:
    """The cleaned parameters of one ASGI request to ``op``; raises UAError with the answer.

    The core's steps (``_web.handle_async``): method, token, then validation in check order;
    the body is read only after the token passed, and only for operations with body parameters.
    """
    return await _web.handle_async(op, config, incoming(config, scope, receive, path, query))


def body_response(status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[Message, Message]:
    """The two ASGI messages of a complete answer, with its Content-Length."""
    if status not in (204, 304):
        headers = [*headers, (b"content-length", str(len(body)).encode("ascii"))]
    return ({"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": body})


def error_response(err: UAError, debug: bool = False) -> tuple[Message, Message]:
    """The ASGI messages of the documented answer to ``err`` (with its reason in debug mode)."""
    status, body, headers = _web.render(err, debug)
    return body_response(status, body, [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers])
