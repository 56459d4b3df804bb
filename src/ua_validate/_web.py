"""What the Flask and Django adapters share: auth, body reading, multipart faxes, rendering.

Nothing here imports a web framework. An adapter turns its request into an ``Incoming``
(header values, path variables, the raw query string, a way to read the body), calls
:func:`handle`, and turns a raised ``UAError`` into a response with :func:`render`.
"""

from __future__ import annotations

import email.message
import enum
import logging
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NoReturn

from . import catalog
from .errors import UAError, ValidationError
from .routing import decode_body, parse_query
from .spec import Operation
from .validator import Validator, default_validator

__all__ = [
    "DEFAULT_MAX_JSON_BODY",
    "DEFAULT_MAX_MULTIPART_BODY",
    "PREFIXES",
    "Config",
    "Incoming",
    "TooLarge",
    "Verdict",
    "Verifier",
    "handle",
    "log_unexpected",
    "render",
]

DEFAULT_MAX_JSON_BODY: Final = 1 << 20  # 1 MiB
DEFAULT_MAX_MULTIPART_BODY: Final = 30 << 20  # 30 MiB: room for one fax file of the 25 MB default
PREFIXES: Final = ("/uapi", "/unifiedapi")  # /unifiedapi: the legacy prefix of the same API
JSON_CONTENT_TYPE: Final = "application/json"

logger = logging.getLogger("ua_validate.web")


class TooLarge(Exception):
    """Raised by an ``Incoming.read`` when the framework itself refuses the body's size."""


class Verdict(enum.Enum):
    """What a token verifier says about a bearer token (``True``/``False`` also do)."""

    VALID = "valid"
    EXPIRED = "expired_token"
    DENIED = "access_denied"


Verifier = Callable[[str], bool | Verdict]


@dataclass(frozen=True, slots=True)
class Config:
    """The settings of an adapter.

    ``prefixes`` are the paths under which unrouted requests get ``not_implemented`` and
    crashes ``internal_server_error`` (views with ``operation`` get them anywhere).
    """

    validator: Validator = field(default_factory=default_validator)
    verify_token: Verifier | None = None
    max_json_body: int = DEFAULT_MAX_JSON_BODY
    max_multipart_body: int = DEFAULT_MAX_MULTIPART_BODY
    prefixes: tuple[str, ...] = PREFIXES

    def __post_init__(self) -> None:
        for name in ("max_json_body", "max_multipart_body"):
            limit = getattr(self, name)
            if type(limit) is not int or limit < 1:
                raise ValueError(f"{name} must be a whole number of bytes, at least 1")
        if not isinstance(self.validator, Validator):
            raise TypeError("validator must be a ua_validate.Validator")
        if self.verify_token is not None and not callable(self.verify_token):
            raise TypeError("verify_token must be a callable taking the token")
        if isinstance(self.prefixes, str) or not all(
            isinstance(p, str) and p.startswith("/") for p in self.prefixes
        ):
            raise ValueError("prefixes must be a sequence of paths starting with '/'")
        object.__setattr__(self, "prefixes", tuple(p.rstrip("/") or "/" for p in self.prefixes))

    def under_api(self, path: str) -> bool:
        """Whether a request path (relative to the application) is under one of the prefixes."""
        return any(path == prefix or path.startswith(prefix.rstrip("/") + "/")
                   for prefix in self.prefixes)


@dataclass(frozen=True, slots=True)
class Incoming:
    """The parts of a request the adapters read, framework-free.

    ``read(n)`` returns at most ``n`` bytes of the body, ``b""`` at its end, or raises
    TooLarge; it is only called for operations with body parameters.
    """

    method: str
    authorization: str | None
    path: Mapping[str, str]
    query: bytes
    content_type: str | None
    content_length: int | None
    read: Callable[[int], bytes]


def render(err: UAError) -> tuple[int, bytes, list[tuple[str, str]]]:
    """Status, body bytes and headers of the documented answer for ``err``."""
    headers = [("Content-Type", JSON_CONTENT_TYPE)]
    if err.status == 401:
        headers.append(("WWW-Authenticate", "Bearer"))  # RFC 9110: a 401 names its scheme
    return err.status, err.entry.body_bytes, headers


def log_unexpected(exc: BaseException, operation: str | None) -> None:
    """Log an unexpected exception by operation id, with its stack but without its messages.

    Exception messages often quote values (``invalid literal for int(): '0040...'``), and
    request values are personal data, so the log names the operation, the exception types and
    the frames (file, line, source line) only.
    """
    logger.error("unexpected %s in operation %s\n%s", type(exc).__name__, operation or "(none)",
                 _stack_without_messages(exc))


def _stack_without_messages(exc: BaseException) -> str:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    lines: list[str] = []
    for earlier, link in zip([None, *reversed(chain)], reversed(chain), strict=False):
        if earlier is not None:  # the wording of Python's own tracebacks
            lines.append("\nThe above exception was the direct cause of the following exception:\n\n"
                         if link.__cause__ is earlier else
                         "\nDuring handling of the above exception, another exception occurred:\n\n")
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_tb(link.__traceback__))
        lines.append(f"{type(link).__module__}.{type(link).__qualname__} (message withheld)\n")
    return "".join(lines).rstrip("\n")


def handle(op: Operation, config: Config, incoming: Incoming) -> dict[str, Any]:
    """The cleaned parameters of one request to ``op``; raises UAError with the answer.

    In order: the method (another method than the operation's is ``not_implemented``; HEAD
    stands for GET, as frameworks route it), the token, then validation in check order.
    """
    method = incoming.method.upper()
    if method != op.method and not (method == "HEAD" and op.method == "GET"):
        raise UAError("not_implemented")
    if config.verify_token is not None:
        _authorize(incoming.authorization, config.verify_token)
    query = parse_query(incoming.query.decode("utf-8", "replace"))
    validator = config.validator
    body: Mapping[str, Any] = {}
    if any(param.location == "body" for param in op.params):
        found = _read_body(op, config, incoming)
        if found is None:
            _oversize(op, validator, incoming.path, query)
        body = found
    params = validator.gather(op, incoming.path, query, body)
    return validator.validate(op.id, params)


# --- authentication (SPEC §6) -------------------------------------------------------------

# RFC 6750 §2.1: "Bearer" 1*SP b64token
_BEARER: Final = re.compile(r"Bearer +([A-Za-z0-9\-._~+/]+=*)", re.IGNORECASE)
_MAX_AUTHORIZATION: Final = 8192


def _authorize(header: str | None, verify: Verifier) -> None:
    if header is None:
        raise UAError("unauthorized")
    found = _BEARER.fullmatch(header) if len(header) <= _MAX_AUTHORIZATION else None
    if found is None:
        raise UAError("access_denied")
    verdict = verify(found.group(1))
    if verdict is True or verdict is Verdict.VALID:
        return
    raise UAError("expired_token" if verdict is Verdict.EXPIRED else "access_denied")


# --- bodies ---------------------------------------------------------------------------------

def _oversize_code(op: Operation) -> UAError:
    """The answer to an oversize body: the first body parameter with a 400 code.

    That skips ``phone_calls.update``'s ``action``, whose code is ``not_implemented`` (501).
    """
    for param in op.params:
        if param.location == "body" and catalog.entry(param.code, param.variant).status == 400:
            return UAError(param.code, param.variant)
    raise AssertionError(f"{op.id} has no body parameter with a 400 code")


def _media_type(content_type: str | None) -> tuple[str, str]:
    """(media type in lower case, the full header value); ('', '') when there is none."""
    if not content_type:
        return "", ""
    return content_type.split(";", 1)[0].strip().lower(), content_type


def _is_json(media_type: str) -> bool:
    return media_type in ("", JSON_CONTENT_TYPE) or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _read_limited(incoming: Incoming, limit: int) -> bytes | None:
    """The whole body, or None when it is longer than ``limit``."""
    if incoming.content_length is not None and incoming.content_length > limit:
        return None
    chunks: list[bytes] = []
    wanted = limit + 1  # one byte more than allowed tells an oversize body without reading it all
    try:
        while wanted > 0:
            chunk = incoming.read(wanted)
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
    except TooLarge:
        return None
    return None if wanted <= 0 else b"".join(chunks)


def _read_body(op: Operation, config: Config, incoming: Incoming) -> Mapping[str, Any] | None:
    """The body's fields ({} for a body we cannot read as fields), or None when oversize."""
    media_type, header = _media_type(incoming.content_type)
    if op.id == "faxes.create" and media_type == "multipart/form-data":
        data = _read_limited(incoming, config.max_multipart_body)
        if data is None:
            return None
        return _fax_from_multipart(header, data)
    if not _is_json(media_type):
        return {}  # a wrong content type: the body counts as empty (docs/decisions.md)
    data = _read_limited(incoming, config.max_json_body)
    if data is None:
        return None
    return decode_body(data)


def _oversize(op: Operation, validator: Validator, path: Mapping[str, str],
              query: Mapping[str, Any]) -> NoReturn:
    """Answer for a body over the limit: a bad URI fragment first (check order), else 400."""
    try:
        validator.validate(op.id, validator.gather(op, path, query, {}))
    except ValidationError as err:
        if err.location == "path":
            raise
    raise _oversize_code(op)


# --- multipart faxes (SPEC §5 faxes.create) ------------------------------------------------

_SUFFIX_TYPES: Final = {".jpg": "jpg", ".jpeg": "jpg", ".tif": "tif", ".tiff": "tif",
                        ".pdf": "pdf", ".txt": "txt"}
_GENERIC_TYPES: Final = ("", "application/octet-stream")
_FILE_PARTS: Final = ("files", "files[]")
_MAX_BOUNDARY: Final = 70  # RFC 2046 §5.1.1


@dataclass(frozen=True, slots=True)
class _Part:
    name: str | None
    filename: str | None
    media_type: str
    content: bytes


def _header_param(header: str, value: str, param: str) -> str | None:
    """A parameter of a MIME header value (quoting and RFC 2231 encoding undone)."""
    message = email.message.Message()
    message[header] = value
    found = message.get_filename() if param == "filename" else message.get_param(param, header=header)
    return found if isinstance(found, str) else None


def _parts(content_type: str, body: bytes) -> list[_Part] | None:
    """The parts of a multipart/form-data body, or None when it is not well formed."""
    boundary = _header_param("content-type", content_type, "boundary")
    if not boundary or len(boundary) > _MAX_BOUNDARY or not boundary.isascii():
        return None
    delimiter = b"\r\n--" + boundary.encode("ascii")
    chunks = (b"\r\n" + body).split(delimiter)
    if len(chunks) < 2:
        return None
    parts: list[_Part] = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            return parts  # the close delimiter; what follows is the epilogue
        rest = chunk.lstrip(b" \t")  # transport padding after the delimiter
        if not rest.startswith(b"\r\n"):
            return None
        if rest.startswith(b"\r\n\r\n"):
            head, content = b"", rest[4:]  # a part without headers
        else:
            head, separator, content = rest[2:].partition(b"\r\n\r\n")
            if not separator:
                return None
        headers: dict[str, str] = {}
        for line in head.split(b"\r\n") if head else ():
            name, colon, value = line.decode("utf-8", "replace").partition(":")
            if not colon:
                return None
            headers[name.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        parts.append(_Part(
            name=_header_param("content-disposition", disposition, "name"),
            filename=_header_param("content-disposition", disposition, "filename"),
            media_type=_media_type(headers.get("content-type"))[0],
            content=content,
        ))
    return None  # no close delimiter: a truncated body


def _file_type(part: _Part) -> str | None:
    if part.media_type not in _GENERIC_TYPES:
        return part.media_type  # a specific type is taken as sent, and must be a fax type
    name = (part.filename or "").lower()
    for suffix, short in _SUFFIX_TYPES.items():
        if name.endswith(suffix):
            return short
    return None


def _fax_from_multipart(content_type: str, body: bytes) -> Mapping[str, Any]:
    """The faxes.create body of a multipart upload: the ``request`` JSON plus its files."""
    parts = _parts(content_type, body)
    if parts is None:
        return {}
    fields: dict[str, Any] | None = None
    files: list[dict[str, Any]] = []
    for part in parts:
        if part.name == "request" and fields is None:  # a second request part is ignored
            fields = dict(decode_body(part.content))
        elif part.name in _FILE_PARTS:
            described: dict[str, Any] = {"size": len(part.content)}
            if part.filename is not None:
                described["name"] = part.filename
            kind = _file_type(part)
            if kind is not None:
                described["type"] = kind
            files.append(described)
    fields = fields or {}
    if files:
        fields["files"] = files  # the uploaded files stand for any list in the JSON part
    return fields
