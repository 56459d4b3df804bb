"""What the ASGI integrations share: reading a request from its scope, bounded bodies, answers.

Nothing here imports a web framework: the reference server is plain ASGI on it, and the
Starlette and FastAPI integrations hand it their request's scope and ``receive``. Bodies are
read asynchronously and only as far as their limit (a declared Content-Length over it is
refused before anything is read); then the framework-free core (``_web.handle``) validates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any, Final

from . import _web
from ._multipart import FaxForm, extra_parts
from ._web import Config, Incoming, TooLarge
from .errors import UAError
from .routing import parse_query
from .spec import Operation

__all__ = ["CLOSE", "UNREAD_KEY", "Receive", "Scope", "Send", "Settings", "body_response", "clean", "error_response", "header"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_MULTIPART: Final = "multipart/form-data"
_MULTIPART_BODY: Final = "multipart"  # the body format of Operation.bodies
# Set in the scope when a body was refused before its end: the answer then closes the
# connection, or the server would read (and drop) the rest of a body of any size.
UNREAD_KEY: Final = "ua_validate.unread_body"
CLOSE: Final = (b"connection", b"close")
# Bytes past a limit still read (and dropped) so that a client that sends its whole body before
# reading, as most do, gets the answer rather than a reset connection; past that, it closes.
DRAIN: Final = 8 << 20


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    """An integration's Config, and the same without the verifier once the token is checked."""

    config: Config
    checked: Config

    @classmethod
    def of(cls, config: Config) -> Settings:
        return cls(config, dataclasses.replace(config, verify_token=None))


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


async def _read_limited(receive: _Body, limit: int, declared: int | None) -> bytes | None:
    """The whole body, or None when it is (or is declared) longer than ``limit``."""
    if declared is not None and declared > limit:
        return None  # refused before reading a byte
    chunks: list[bytes] = []
    size = 0
    async for chunk in receive.chunks():
        size += len(chunk)
        if size > limit:
            return None  # a chunked body: reading stops at the limit
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse(size: int) -> bytes:
    raise TooLarge


async def _fax_form(receive: _Body, content_type: str, config: Config, declared: int | None
                    ) -> Mapping[str, Any] | None:
    """The faxes.create fields of a multipart upload, or None when it is oversize."""
    if declared is not None and declared > config.max_multipart_body:
        return None
    form = FaxForm(content_type, max_body=config.max_multipart_body, max_request=config.max_json_body,
                   max_parts=extra_parts(config.validator.settings.max_fax_files))
    try:
        async for chunk in receive.chunks():
            form.feed(chunk)
    except TooLarge:
        return None
    return form.fields()


async def _drained(receive: _Body, declared: int | None, limit: int) -> bool:
    """Whether the rest of a refused body is (or will be) read within DRAIN bytes.

    A declared length the server reads on its own; a chunked body is read here, to DRAIN.
    """
    if declared is not None:
        return declared <= limit + DRAIN
    budget = DRAIN
    async for chunk in receive.chunks():
        budget -= len(chunk)
        if budget < 0:
            return False
    return True


_BODY_OPERATIONS: dict[int, tuple[Operation, bool]] = {}


def _takes_body(op: Operation) -> bool:
    """Whether ``op`` has body parameters; remembered per operation object (a hot path)."""
    known = _BODY_OPERATIONS.get(id(op))
    if known is None or known[0] is not op:
        known = _BODY_OPERATIONS[id(op)] = (op, any(param.location == "body" for param in op.params))
    return known[1]


async def clean(op: Operation, settings: Settings, scope: Scope, receive: Receive,
                path: Mapping[str, str], query: bytes | None = None) -> dict[str, Any]:
    """The cleaned parameters of one ASGI request to ``op``; raises UAError with the answer.

    The order is the core's: method, token, then validation in check order; the body is read
    only after the token passed, and only for operations with body parameters.
    """
    config = settings.config
    method = scope["method"]
    if method != op.method and not (method == "HEAD" and op.method == "GET"):
        raise UAError("not_implemented", reason=_web.only_method(op))
    if config.verify_token is not None:
        _web._authorize(header(scope, b"authorization"), config.verify_token)
    raw_query = scope.get("query_string", b"") if query is None else query
    content_type = header(scope, b"content-type")
    declared = _declared_length(scope)
    read: Callable[[int], bytes] = _refuse
    body = _Body(receive)
    if _takes_body(op):
        media_type, _ = _web._media_type(content_type)
        if media_type == _MULTIPART and _MULTIPART_BODY in op.bodies:  # the schema's `bodies`
            assert content_type is not None  # a media type was read from it
            fields = await _fax_form(body, content_type, config, declared)
            validator = config.validator
            parsed_query = parse_query(raw_query.decode("utf-8", "replace"))
            if fields is None:
                scope[UNREAD_KEY] = not await _drained(body, declared, config.max_multipart_body)
                _web._oversize(op, validator, path, parsed_query)
            return validator.validate(op.id, validator.gather(op, path, parsed_query, fields))
        if _web._is_json(media_type):
            data = await _read_limited(body, config.max_json_body, declared)
            if data is None:
                scope[UNREAD_KEY] = not await _drained(body, declared, config.max_json_body)
            else:
                view = memoryview(data)
                offset = 0

                def read(size: int) -> bytes:
                    nonlocal offset
                    chunk = bytes(view[offset:offset + size])
                    offset += len(chunk)
                    return chunk

                declared = len(data)
    incoming = Incoming(method=method, authorization=None, path=path, query=raw_query,
                        content_type=content_type, content_length=declared, read=read)
    return _web.handle(op, settings.checked, incoming)


def body_response(status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[Message, Message]:
    """The two ASGI messages of a complete answer, with its Content-Length."""
    if status not in (204, 304):
        headers = [*headers, (b"content-length", str(len(body)).encode("ascii"))]
    return ({"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": body})


def error_response(err: UAError) -> tuple[Message, Message]:
    """The ASGI messages of the documented answer to ``err``."""
    status, body, headers = _web.render(err)
    return body_response(status, body, [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers])
