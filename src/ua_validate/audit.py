"""``ua-validate audit``: check recorded traffic (HAR files, JSON Lines) against the documented rules.

Each recorded request is judged by ``Validator.validate_request``, exactly as the reference
server would judge it, and the command reports a summary per operation and per code, then
every invalid request. Nothing here imports a web framework; this module is imported only when
the ``audit`` command runs, and it imports tqdm only when standard error is a terminal.

Inputs, detected by content (never by file name):

- **HAR 1.2** (browser developer tools, mitmproxy, Charles, Postman): ``log.entries[].request``
  with ``method``, ``url``, ``headers`` and ``postData`` (``mimeType`` with ``text``, or the
  multipart ``params``). A HAR file is one JSON document, so it is read whole, up to
  ``MAX_HAR_BYTES``.
- **JSON Lines**: one object per line, ``{"method", "url", "body"?, "content_type"?}``, where
  ``body`` is the body text or a JSON value. Read as a stream, line by line, in constant
  memory; a line longer than ``MAX_LINE_BYTES`` makes the input unreadable.

An input that cannot be read stops the run with one line on standard error naming the file
and the entry or line (exit status 2). docs/decisions.md lists every choice made here.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any, Final, NamedTuple, TextIO

from . import catalog
from ._mask import mask
from ._web import Form, Upload, form_body
from .errors import UAError
from .routing import PREFIXES, _parse_int, split_url
from .spec import Operation
from .validator import Validator, default_validator

__all__ = ["MAX_HAR_BYTES", "MAX_LINE_BYTES", "Unreadable", "Verdict", "audit", "mask"]

MAX_LINE_BYTES: Final = 8 << 20  # 8 MiB: a request body over the adapters' 1 MiB, JSON-escaped
MAX_HAR_BYTES: Final = 512 << 20  # 512 MiB: browser exports hold responses too
_CHUNK_LINES: Final = 1000  # requests per chunk sent to a worker process
_CHUNK_BYTES: Final = 4 << 20  # and at most this much input per chunk (then one more line)
_SHOWN_URL: Final = 300  # characters of a URL in the text report (--json keeps it whole)

_JSON_TYPE: Final = "application/json"
_MULTIPART_TYPE: Final = "multipart/form-data"
_MULTIPART_BODY: Final = "multipart"  # the body format of Operation.bodies (schema `bodies`)
_UNKNOWN_SIZE: Final = 1  # a file whose content the recording left out: see docs/decisions.md


class Unreadable(Exception):
    """An input that cannot be read; ``str()`` is the one line the command prints."""

    def __init__(self, problem: str, number: int | None = None) -> None:
        self.problem, self.number, self.file, self.unit = problem, number, "", "line"
        super().__init__(problem)

    def __str__(self) -> str:
        where = f" {self.unit} {self.number}:" if self.number is not None else ""
        return f"{self.file}:{where} {self.problem}"


class Verdict(NamedTuple):
    """What the audit says of one recorded request (``code`` is None for a valid one)."""

    entry: int
    method: str
    url: str
    operation: str | None
    code: str | None
    variant: str | None
    param: str | None
    skipped: bool
    reason: str | None = None  # why, for the developer (UAError.reason): never a request value

    @property
    def valid(self) -> bool | None:
        return None if self.skipped else self.code is None


# --- reading requests -----------------------------------------------------------------------

def _media_type(content_type: Any) -> str:
    if not isinstance(content_type, str):
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def _is_json(media_type: str) -> bool:
    # The adapters' rule: no type, application/json or application/<anything>+json.
    return media_type in ("", _JSON_TYPE) or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


class _Part(NamedTuple):
    name: str | None
    filename: str | None
    media_type: str
    content: bytes | None  # None: the recording left the content out


class _Multipart(NamedTuple):
    """A multipart body, read into parts; it becomes fields only for an upload operation."""

    parts: tuple[_Part, ...] | None  # None: not a well-formed multipart body


def _parts_from_params(params: list[Any]) -> tuple[_Part, ...]:
    """HAR ``postData.params``: ``name``, ``value``, ``fileName``, ``contentType``."""
    parts = []
    for param in params:
        if not isinstance(param, dict):
            raise Unreadable("postData.params holds something that is not an object")
        name, value, filename = param.get("name"), param.get("value"), param.get("fileName")
        content = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else None
        parts.append(_Part(name if isinstance(name, str) else None,
                           filename if isinstance(filename, str) else None,
                           _media_type(param.get("contentType")), content))
    return tuple(parts)


def _parts_from_text(content_type: str, text: str) -> tuple[_Part, ...] | None:
    """A raw multipart body (``postData.text``, a JSON Lines ``body``), read by the email parser."""
    try:
        return _email_parts(content_type, text)
    except (ValueError, LookupError, TypeError, UnicodeError, AttributeError, IndexError):
        # Python's email helpers raise on some header parameters (RFC 2231 continuations beside
        # an extended value, an unknown or undecodable charset): such a body is not multipart
        # the audit can read, so it counts as a malformed body, as the adapters answer it.
        return None


def _email_parts(content_type: str, text: str) -> tuple[_Part, ...] | None:
    import email.message  # only for recorded multipart bodies
    import email.parser

    head = f"Content-Type: {content_type}\r\n\r\n".encode("utf-8", "replace")
    message = email.parser.BytesParser().parsebytes(head + text.encode("utf-8", "surrogatepass"))
    if not message.is_multipart() or message.defects:
        return None  # e.g. no boundary, or no close delimiter: a truncated body
    parts = []
    for part in message.get_payload():
        if not isinstance(part, email.message.Message):
            return None
        disposition_name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        parts.append(_Part(disposition_name if isinstance(disposition_name, str) else None,
                           filename if isinstance(filename, str) else None,
                           _media_type(part.get("content-type")),
                           payload if isinstance(payload, bytes) else b""))
    return tuple(parts)


def _body(content_type: Any, text: Any, params: Any = None) -> Any:
    """The body as ``validate_request`` takes it, read by its content type as the adapters do."""
    media_type = _media_type(content_type)
    if media_type == _MULTIPART_TYPE:
        if isinstance(params, list) and params:
            return _Multipart(_parts_from_params(params))
        if isinstance(text, str):
            return _Multipart(_parts_from_text(content_type, text))
        return None
    if _is_json(media_type):
        return text
    return None  # a wrong content type: the body counts as empty (docs/decisions.md)


def _header(headers: Any, wanted: str) -> str | None:
    if isinstance(headers, list):
        for header in headers:
            if isinstance(header, dict) and str(header.get("name", "")).lower() == wanted:
                value = header.get("value")
                return value if isinstance(value, str) else None
    return None


def _from_har(request: Any) -> tuple[str, str, Any]:
    """(method, url, body) of a HAR ``entries[].request``."""
    if not isinstance(request, dict):
        raise Unreadable("has no request object")
    method, url = request.get("method"), request.get("url")
    if not isinstance(method, str) or not isinstance(url, str):
        raise Unreadable("request without a method and url")
    post = request.get("postData")
    if post is None:
        return method, url, None
    if not isinstance(post, dict):
        raise Unreadable("postData is not an object")
    text = post.get("text")
    if text is not None and not isinstance(text, str):
        raise Unreadable("postData.text is not a string")
    content_type = post.get("mimeType") or _header(request.get("headers"), "content-type")
    return method, url, _body(content_type, text, post.get("params"))


def _loads(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise Unreadable("not readable: JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise Unreadable(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except ValueError:  # an integer of more digits than Python converts: kept as no valid value
        return json.loads(text, parse_int=_parse_int)


def _from_line(raw: bytes) -> tuple[str, str, Any]:
    """(method, url, body) of one JSON Lines record."""
    try:
        text = raw.decode("utf-8").rstrip("\r\n")  # the line's end is no part of its JSON
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not UTF-8 (byte {exc.start + 1})") from None
    try:
        record = _loads(text)
    except Unreadable as exc:
        raise Unreadable(exc.problem.replace("(line 1, ", "(")) from None
    if type(record) is not dict:
        raise Unreadable("not a JSON object")
    method, url = record.get("method"), record.get("url")
    if type(method) is not str or type(url) is not str:
        raise Unreadable("no \"method\" and \"url\" strings")
    body = record.get("body")
    if body is None:
        return method, url, None
    content_type = record.get("content_type")
    if content_type is not None and not isinstance(content_type, str):
        raise Unreadable("\"content_type\" is not a string")
    if type(body) is not str:  # a JSON value: the decoded JSON body
        return method, url, body if _is_json(_media_type(content_type)) else None
    return method, url, _body(content_type, body)


# --- judging ---------------------------------------------------------------------------------

_FIRST_SEGMENT: Final = re.compile(r"/([^/?#]*)")


class _Judge:
    """Judges requests with one Validator; the same in the main process and in workers."""

    def __init__(self, validator: Validator) -> None:
        self.validator = validator

    def verdict(self, entry: int, method: str, url: str, body: Any) -> Verdict:
        if not _under_api(url):
            return Verdict(entry, method, url, None, None, None, None, True)
        if type(body) is _Multipart:
            body = self._upload_fields(method, url, body)
        try:
            op_id, _ = self.validator.validate_request(method, url, body)
        except UAError as err:
            return Verdict(entry, method, url, self._operation(method, url), err.code, err.variant,
                           getattr(err, "param", None), False, err.reason)
        return Verdict(entry, method, url, op_id, None, None, None, False)

    def _route(self, method: str, url: str) -> Operation | None:
        parts = split_url(url)
        found = self.validator.router.match(method.upper(), parts[0]) if parts is not None else None
        return found[0] if found is not None else None

    def _operation(self, method: str, url: str) -> str | None:
        # Only for invalid requests: validate_request does not say which operation failed.
        op = self._route(method, url)
        return op.id if op is not None else None

    def _upload_fields(self, method: str, url: str, body: _Multipart) -> Mapping[str, Any] | None:
        """The fields of a multipart upload, mapped by the core as the web adapters map it."""
        op = self._route(method, url)
        if op is None or _MULTIPART_BODY not in op.bodies or body.parts is None:
            return None  # multipart elsewhere, or malformed: the body counts as empty
        texts: list[tuple[str, str]] = []
        files: list[Upload] = []
        for part in body.parts:
            if part.filename is not None:  # every part with a file name is a file (SPEC §5)
                size = len(part.content) if part.content is not None else _UNKNOWN_SIZE
                files.append(Upload(part.name or "", part.filename, part.media_type, size))
            elif part.name is not None and part.content is not None:
                try:
                    texts.append((part.name, part.content.decode("utf-8")))
                except UnicodeDecodeError:
                    continue  # not UTF-8: no fields, as a JSON body that is not UTF-8
        return form_body(Form(texts, files))


def _under_api(url: str) -> bool:
    """Whether the URL's first path segment is an API prefix, as the router reads it."""
    if url[:1] == "/" and url[1:2] != "/":
        found = _FIRST_SEGMENT.match(url)
        return found is not None and found.group(1) in PREFIXES
    parts = split_url(url)
    if parts is None:
        return False
    segments = parts[0].split("/", 2)
    return len(segments) > 1 and segments[0] == "" and segments[1] in PREFIXES


# --- chunks, in this process or in workers ----------------------------------------------------

_Chunk = tuple[str, list[tuple[int, Any]], int]  # (kind, [(number, raw)], input bytes)
# The verdicts, what to write for each (None: nothing), and the first unreadable (number, problem).
_Result = tuple[list[Verdict], list[str | None], tuple[int, str] | None]

_worker: tuple[_Judge, _Renderer] | None = None


def _init_worker(settings: dict[str, Any], as_json: bool, show_values: bool) -> None:
    global _worker
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _worker = (_Judge(Validator(**settings) if settings else default_validator()),
               _Renderer(as_json, show_values))


def _judge_chunk(kind: str, items: list[tuple[int, Any]], name: str,
                 worker: tuple[_Judge, _Renderer] | None = None) -> _Result:
    """Judge and render a chunk (rendering, masking included, is work for the workers too)."""
    judge, renderer = worker or _worker or (None, None)
    assert judge is not None and renderer is not None
    read: Callable[[Any], tuple[str, str, Any]] = _from_line if kind == "lines" else _from_har
    unit = "line" if kind == "lines" else "entry"
    verdicts: list[Verdict] = []
    texts: list[str | None] = []
    for number, raw in items:
        try:
            method, url, body = read(raw)
        except Unreadable as exc:
            return verdicts, texts, (number, exc.problem)
        verdict = judge.verdict(number, method, url, body)
        verdicts.append(verdict)
        texts.append(renderer.render(name, unit, verdict))
    return verdicts, texts, None


def _in_process(chunks: Iterator[_Chunk], name: str, worker: tuple[_Judge, _Renderer]
                ) -> Iterator[tuple[_Result, _Chunk]]:
    for chunk in chunks:
        yield _judge_chunk(chunk[0], chunk[1], name, worker), chunk


def _in_workers(chunks: Iterator[_Chunk], name: str, pool: Any, jobs: int) -> Iterator[tuple[_Result, _Chunk]]:
    """Results in input order, with at most 2 chunks per worker in flight (bounded memory)."""
    pending: deque[tuple[Any, _Chunk]] = deque()
    try:
        for chunk in chunks:
            pending.append((pool.apply_async(_judge_chunk, (chunk[0], chunk[1], name)), chunk))
            if len(pending) >= 2 * jobs:
                result, done = pending.popleft()
                yield result.get(), done
    except Unreadable:
        while pending:  # what came before the unreadable line is still reported
            result, done = pending.popleft()
            yield result.get(), done
        raise
    while pending:
        result, done = pending.popleft()
        yield result.get(), done


def _line_chunks(first: bytes, stream: IO[bytes], number: int) -> Iterator[_Chunk]:
    """Chunks of numbered non-blank lines after line ``number``; Unreadable for a line over the limit."""
    items: list[tuple[int, Any]] = []
    size = 0
    line = first
    while line:
        number += 1
        if len(line) > MAX_LINE_BYTES:
            if items:
                yield "lines", items, size
            raise Unreadable(f"longer than {MAX_LINE_BYTES >> 20} MiB", number)
        size += len(line)
        if line.strip():
            items.append((number, line))
            if len(items) >= _CHUNK_LINES or size >= _CHUNK_BYTES:
                yield "lines", items, size
                items, size = [], 0
        line = stream.readline(MAX_LINE_BYTES + 1)
    if items or size:
        yield "lines", items, size


def _har_chunks(data: bytes, too_long_line: int | None) -> tuple[int, Iterator[_Chunk]]:
    """(number of entries, chunks of numbered requests) of a whole HAR file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"neither a HAR file nor JSON Lines: not UTF-8 (byte {exc.start + 1})") from None
    try:
        document = _loads(text)
    except Unreadable as exc:
        if too_long_line is not None:  # a first line over the limit, and no HAR either
            raise Unreadable(f"longer than {MAX_LINE_BYTES >> 20} MiB, and not a HAR file",
                             too_long_line) from None
        raise Unreadable(f"neither a HAR file nor JSON Lines: {exc.problem}") from None
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise Unreadable("not a HAR file: no log.entries list")

    def chunks() -> Iterator[_Chunk]:
        for start in range(0, len(entries), _CHUNK_LINES):
            items: list[tuple[int, Any]] = []
            for number, entry in enumerate(entries[start:start + _CHUNK_LINES], start + 1):
                if not isinstance(entry, dict):
                    yield "har", items, len(items)
                    raise Unreadable("is not an object", number)
                items.append((number, entry.get("request")))
            yield "har", items, len(items)

    return len(entries), chunks()


def _open(name: str, stream: IO[bytes]) -> tuple[str, int | None, Iterator[_Chunk]]:
    """(kind, total for progress, chunks) of one input, its kind told by its content."""
    first = stream.readline(MAX_LINE_BYTES + 1)
    blank = 0
    while first and not first.strip() and len(first) <= MAX_LINE_BYTES:  # leading blank lines
        rest = stream.readline(MAX_LINE_BYTES + 1)
        if not rest:
            break
        first, blank = rest, blank + 1
    if not first.strip():
        raise Unreadable("empty: neither a HAR file nor JSON Lines")
    record: Any = None
    too_long = len(first) > MAX_LINE_BYTES
    first = first.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark
    if not too_long:
        try:
            record = json.loads(first)
        except (ValueError, RecursionError):
            record = None
    if isinstance(record, dict) and ("log" not in record or "url" in record):
        return "lines", _size(stream), _line_chunks(first, stream, blank)
    data = first + stream.read(MAX_HAR_BYTES + 1 - len(first))
    if len(data) > MAX_HAR_BYTES:
        raise Unreadable(f"a HAR file larger than {MAX_HAR_BYTES >> 20} MiB; convert it to JSON Lines")
    total, chunks = _har_chunks(data, blank + 1 if too_long else None)
    return "har", total, chunks


def _size(stream: IO[bytes]) -> int | None:
    import os

    try:
        return os.fstat(stream.fileno()).st_size or None
    except (OSError, ValueError, AttributeError):  # a pipe or an in-memory stream
        return None


# --- the report --------------------------------------------------------------------------------

_CONTROL: Final = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}


def _printable(text: str) -> str:
    """Text safe for a terminal: control characters and lone surrogates escaped."""
    if text.isascii() and text.isprintable():
        return text
    text = text.translate(_CONTROL)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _shown_path(url: str) -> str:
    if url[:1] != "/":
        parts = split_url(url)
        if parts is not None:
            url = parts[0] + (f"?{parts[1]}" if parts[1] else "")
    return url if len(url) <= _SHOWN_URL else url[:_SHOWN_URL] + "..."


class _Renderer:
    """What is written for a verdict: its JSON line, or (text report) the lines of an invalid one."""

    def __init__(self, as_json: bool, show_values: bool) -> None:
        self.as_json, self.show_values = as_json, show_values

    def render(self, name: str, unit: str, verdict: Verdict) -> str | None:
        if self.as_json:
            return self._json(name, verdict)
        return None if verdict.code is None else self._detail(name, unit, verdict)

    def _url(self, url: str) -> str:
        return url if self.show_values else mask(url)

    def _json(self, name: str, verdict: Verdict) -> str:
        entry = catalog.entry(verdict.code, verdict.variant) if verdict.code is not None else None
        return json.dumps({
            "file": name, "entry": verdict.entry, "method": verdict.method,
            "url": self._url(verdict.url), "operation": verdict.operation,
            "skipped": verdict.skipped, "valid": verdict.valid, "code": verdict.code,
            "variant": verdict.variant, "param": verdict.param,
            "status": entry.status if entry else None, "message": entry.message if entry else None,
            "reason": self._reason(verdict),
        }) + "\n"

    @staticmethod
    def _reason(verdict: Verdict) -> str | None:
        # A reason states a rule and holds no request value; masked all the same, the one rule
        # for everything the report writes.
        return None if verdict.reason is None else mask(verdict.reason)

    def _detail(self, name: str, unit: str, verdict: Verdict) -> str:
        assert verdict.code is not None
        message = catalog.entry(verdict.code, verdict.variant).message
        code = verdict.code + (f" ({verdict.variant})" if verdict.variant else "")
        param = f" [{verdict.param}]" if verdict.param else ""
        path = self._url(_shown_path(verdict.url))
        reason = self._reason(verdict)
        why = f"    reason: {_printable(reason)}\n" if reason is not None else ""
        return (f"{_printable(name)} {unit} {verdict.entry}: {_printable(verdict.method)} {_printable(path)}\n"
                f"    {code}{param}: {message}\n{why}")


class _Report:
    """Counts verdicts and writes them: JSON Lines as they come, or the text report at the end."""

    def __init__(self, out: TextIO, spec_order: Sequence[str], as_json: bool) -> None:
        import tempfile

        self.out = out
        self.order = spec_order
        self.by_operation: Counter[tuple[str | None, bool]] = Counter()
        self.by_code: Counter[tuple[str, str | None]] = Counter()
        self.skipped = 0
        self.files = 0
        # The invalid requests come after the summary; a spooled file keeps memory bounded.
        self.details: IO[str] | None = None if as_json else tempfile.SpooledTemporaryFile(
            max_size=1 << 20, mode="w+", encoding="utf-8")

    def add(self, verdicts: list[Verdict], texts: list[str | None]) -> None:
        by_operation = self.by_operation
        for verdict in verdicts:
            if verdict.skipped:
                self.skipped += 1
            elif verdict.code is None:
                by_operation[verdict.operation, True] += 1
            else:
                by_operation[verdict.operation, False] += 1
                self.by_code[verdict.code, verdict.variant] += 1
        written = "".join(text for text in texts if text is not None)
        if written:
            (self.out if self.details is None else self.details).write(written)

    @property
    def invalid(self) -> int:
        return sum(n for (_, valid), n in self.by_operation.items() if not valid)

    def finish(self) -> None:
        if self.details is None:
            return
        valid = sum(n for (_, ok), n in self.by_operation.items() if ok)
        invalid = self.invalid
        prefixes = " and ".join(f"/{prefix}" for prefix in PREFIXES)
        write = self.out.write
        write(f"{valid + invalid + self.skipped} requests in {self.files} "
              f"file{'s' if self.files != 1 else ''}: {valid + invalid} judged ({valid} valid, "
              f"{invalid} invalid), {self.skipped} skipped (outside {prefixes})\n")
        seen = {op for op, _ in self.by_operation}
        rows = [op for op in self.order if op in seen] + ([None] if None in seen else [])
        if rows:
            width = max(len(op or "(no operation)") for op in rows) + 2
            write(f"\n{'operation':<{width}}{'judged':>8}{'valid':>8}{'invalid':>8}\n")
            for op in rows:
                ok, bad = self.by_operation[op, True], self.by_operation[op, False]
                write(f"{op or '(no operation)':<{width}}{ok + bad:>8}{ok:>8}{bad:>8}\n")
        if self.by_code:
            codes = sorted(self.by_code.items(), key=lambda item: (-item[1], item[0][0], item[0][1] or ""))
            names = [code + (f" ({variant})" if variant else "") for (code, variant), _ in codes]
            width = max(len(name) for name in names) + 2
            write(f"\n{'code':<{width}}{'status':>6}{'requests':>10}\n")
            for name, ((code, variant), count) in zip(names, codes, strict=True):
                write(f"{name:<{width}}{catalog.entry(code, variant).status:>6}{count:>10}\n")
            write("\nInvalid requests:\n")
            self.details.seek(0)
            while block := self.details.read(1 << 16):
                write(block)
        self.details.close()


# --- the command -------------------------------------------------------------------------------

def audit(files: Sequence[str], out: TextIO, *, validator_settings: dict[str, Any] | None = None,
          as_json: bool = False, show_values: bool = False, jobs: int = 1,
          progress: bool | None = None) -> int:
    """Judge every request of ``files`` (``-`` is standard input) and report; the exit status.

    0 when every judged request is valid, 1 when any is invalid, 2 when an input cannot be
    read (one line on standard error; the report is not written).
    """
    settings = validator_settings or {}
    try:
        validator = Validator(**settings) if settings else default_validator()
    except ValueError as exc:  # a setting out of range
        sys.stderr.write(f"ua-validate audit: {exc}\n")
        return 2
    report = _Report(out, [op.id for op in validator.spec], as_json)
    if progress is None:
        progress = sys.stderr.isatty()
    pool = None
    if jobs > 1:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload([__name__])  # each worker starts with the package imported
        pool = context.Pool(jobs, initializer=_init_worker, initargs=(settings, as_json, show_values))
    worker = (_Judge(validator), _Renderer(as_json, show_values))
    try:
        for name in files:
            report.files += 1
            try:
                _audit_one(name, report, worker, pool, jobs, progress)
            except Unreadable as exc:
                exc.file = "<stdin>" if name == "-" else name
                sys.stderr.write(f"ua-validate audit: {exc}\n")
                return 2
    except KeyboardInterrupt:
        sys.stderr.write("ua-validate audit: interrupted\n")
        return 130
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    report.finish()
    return 1 if report.invalid else 0


def _audit_one(name: str, report: _Report, worker: tuple[_Judge, _Renderer], pool: Any, jobs: int,
               progress: bool) -> None:
    shown = "<stdin>" if name == "-" else name
    try:
        stream: IO[bytes] = sys.stdin.buffer if name == "-" else open(name, "rb")
    except OSError as exc:
        raise Unreadable(f"cannot be opened ({exc.strerror or type(exc).__name__})") from None
    unit = "line"
    try:
        try:
            kind, total, chunks = _open(name, stream)
        except OSError as exc:
            raise Unreadable(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
        unit = "line" if kind == "lines" else "entry"
        results = (_in_process(chunks, shown, worker) if pool is None
                   else _in_workers(chunks, shown, pool, jobs))
        bar = _progress_bar(shown.rsplit("/", 1)[-1], total, kind) if progress else None  # room for the bar
        try:
            for (verdicts, texts, failed), chunk in results:
                report.add(verdicts, texts)
                if bar is not None:
                    bar.update(chunk[2])
                if failed is not None:
                    raise Unreadable(failed[1], failed[0])
        finally:
            if bar is not None:
                bar.close()
    except Unreadable as exc:
        exc.unit = unit
        raise
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    finally:
        if name != "-":
            stream.close()


def _progress_bar(name: str, total: int | None, kind: str) -> Any:
    from tqdm import tqdm  # only for a terminal: `import ua_validate` never loads it

    if kind == "lines":
        return tqdm(total=total, desc=name, unit="B", unit_scale=True, unit_divisor=1024,
                    file=sys.stderr, leave=False)
    return tqdm(total=total, desc=name, unit=" requests", file=sys.stderr, leave=False)
