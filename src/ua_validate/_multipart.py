"""Multipart fax uploads read with python-multipart, mapped to the faxes.create body (SPEC §5).

python-multipart is the parser Starlette itself uses; it parses the stream incrementally, so
a file's content is counted and never kept. This module bounds what the parser may be made to
do: the size of the body, the number of parts, the size of each part's header block and of
the ``request`` part. Nothing here imports a web framework.

A multipart body maps to the faxes.create fields as SPEC §5 says: the ``request`` part holds
the JSON fields; every part that carries a file name is a fax file, whatever its name (name
from the file name, size from the content, type from the part's content type or the name's
suffix); any other part is ignored. A body that is not well-formed multipart counts as a
body without fields, as a JSON body that is not an object does.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import unquote_to_bytes

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from ._web import Config, Form, Malformed, TooLarge, Upload

__all__ = ["MAX_HEADER_BLOCK", "FaxForm", "extra_parts"]

MAX_HEADER_BLOCK: Final = 8192  # bytes of header lines per part; real uploads use a few hundred
_MAX_BOUNDARY: Final = 70  # RFC 2046 §5.1.1
_GENERIC_TYPES: Final = (b"", b"application/octet-stream")
_REQUEST_PART: Final = "request"


def extra_parts(max_fax_files: int) -> int:
    """The most parts a fax upload may have: every allowed file, one more, and room for fields."""
    return max_fax_files + 64


def fax_form(content_type: str, config: Config, limit: int) -> FaxForm:
    """The parser of a fax upload of at most ``limit`` bytes under ``config``'s settings."""
    return FaxForm(content_type, max_body=limit, max_request=config.max_json_body,
                   max_parts=extra_parts(config.validator.settings.max_fax_files))


class _Malformed(Exception):
    """The body is not a multipart body we read: it counts as a body without fields."""


class _Part:
    __slots__ = ("content_type", "disposition", "filename", "header_bytes", "name", "request", "size")

    def __init__(self) -> None:
        self.disposition = b""
        self.content_type = b""
        self.header_bytes = 0
        self.size = 0
        self.name: str | None = None
        self.filename: str | None = None
        self.request: bytearray | None = None


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _extended_filename(disposition: bytes) -> str | None:
    """An RFC 5987 ``filename*=charset'language'value`` (UTF-8 or ISO-8859-1), or None.

    python-multipart keeps only the plain ``filename`` (RFC 7578 §4.2 forbids the extended
    form in form data), but clients send it and Werkzeug and Django read it; so do we, for
    the two charsets RFC 5987 requires. Any other charset, or a continuation (``filename*0``),
    is no file name.
    """
    text = disposition.decode("latin-1")
    for segment in text.split(";")[1:]:
        key, equals, value = segment.partition("=")
        if not equals or key.strip().lower() != "filename*":
            continue
        charset, quote1, rest = value.strip().partition("'")
        _, quote2, encoded = rest.partition("'")
        if not (quote1 and quote2) or charset.lower() not in ("utf-8", "iso-8859-1"):
            return None
        return unquote_to_bytes(encoded).decode(charset.lower(), "replace")
    return None


class FaxForm:
    """Reads one multipart upload chunk by chunk: ``feed`` each chunk, then ``form()``.

    ``max_body`` bounds the whole body and ``max_request`` the ``request`` part (both raise
    TooLarge from ``feed``); ``max_parts`` bounds the number of parts. A body that breaks
    multipart's rules, or these bounds on parts and headers, counts as a body without fields.
    """

    def __init__(self, content_type: str, *, max_body: int, max_request: int, max_parts: int) -> None:
        self._max_body = max_body
        self._max_request = max_request
        self._max_parts = max_parts
        self._received = 0
        self._parts: list[_Part] = []
        self._header_name = b""
        self._header_value = b""
        self._ended = False
        self._malformed = False
        self._parser: MultipartParser | None = None
        _, options = parse_options_header(content_type)
        boundary = options.get(b"boundary", b"")
        if not boundary or len(boundary) > _MAX_BOUNDARY or not boundary.isascii():
            self._malformed = True
            return
        self._parser = MultipartParser(boundary, {
            "on_part_begin": self._on_part_begin,
            "on_part_data": self._on_part_data,
            "on_header_field": self._on_header_field,
            "on_header_value": self._on_header_value,
            "on_header_end": self._on_header_end,
            "on_headers_finished": self._on_headers_finished,
            "on_end": self._on_end,
        })

    # --- python-multipart's callbacks ----------------------------------------------------------

    def _on_part_begin(self) -> None:
        if len(self._parts) >= self._max_parts:
            raise _Malformed
        self._parts.append(_Part())

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._header_name += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._header_value += data[start:end]

    def _count_header(self, size: int) -> None:
        part = self._parts[-1]
        part.header_bytes += size
        if part.header_bytes > MAX_HEADER_BLOCK:
            raise _Malformed

    def _on_header_end(self) -> None:
        name = self._header_name.strip().lower()
        if name == b"content-disposition":
            self._parts[-1].disposition = self._header_value
        elif name == b"content-type":
            self._parts[-1].content_type = self._header_value
        self._header_name = self._header_value = b""

    def _on_headers_finished(self) -> None:
        part = self._parts[-1]
        _, options = parse_options_header(part.disposition)
        name = options.get(b"name")
        part.name = None if name is None else _decode(name)
        filename = options.get(b"filename")
        part.filename = _decode(filename) if filename is not None else _extended_filename(part.disposition)
        if part.filename is None and part.name == _REQUEST_PART and not any(
            p.request is not None for p in self._parts
        ):
            part.request = bytearray()  # the first request part holds the fields; others are ignored

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._parts[-1]
        part.size += end - start
        if part.request is not None:
            if len(part.request) + end - start > self._max_request:
                raise TooLarge
            part.request += data[start:end]

    def _on_end(self) -> None:
        self._ended = True

    # --- the reader's interface ----------------------------------------------------------------

    def feed(self, chunk: bytes) -> None:
        """Parse the next chunk of the body; raises TooLarge past a limit."""
        self._received += len(chunk)
        if self._received > self._max_body:
            raise TooLarge
        if self._malformed or self._parser is None or self._ended:
            return  # the rest is read (to its limit) and ignored
        try:
            self._parser.write(chunk)
        except (_Malformed, MultipartParseError):
            self._malformed = True
        except (ValueError, LookupError):  # a header python-multipart cannot decode
            self._malformed = True

    def form(self) -> Form:
        """The parsed upload as the core reads every framework's parse: its text parts and its
        files; Malformed for a body that is not well-formed multipart (or cut before its end)."""
        if self._malformed or not self._ended:
            raise Malformed
        texts: list[tuple[str, str]] = []
        files: list[Upload] = []
        for part in self._parts:
            if part.request is not None:
                try:
                    texts.append((_REQUEST_PART, bytes(part.request).decode("utf-8")))
                except UnicodeDecodeError:
                    pass  # a request part that is not UTF-8 holds no fields, as a JSON body
            elif part.filename is not None:
                files.append(Upload(part.name or "", part.filename, _decode(part.content_type) or None, part.size))
        return Form(texts, files)
