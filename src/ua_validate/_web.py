"""The framework-free adapter core: the ``operation`` decorator, auth, bodies, rendering.

Nothing here imports a web framework. An adapter (webargs' ``Parser`` shape) supplies two
small functions through an :class:`Adapter`: request → :class:`Incoming` (header values,
path variables, the raw query string, a way to read the body, the framework's own multipart
parser) and answer → framework response. :func:`decorator` builds the per-view decorator
from them: the operation-id check, sync and async wrapping, :func:`handle` (method, token,
body, validation) and :func:`render` for every ``UAError``.
"""

from __future__ import annotations

import enum
import functools
import inspect
import logging
import re
import traceback
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Final, Generic, NoReturn, ParamSpec, TypeVar, cast

from . import catalog
from ._mask import mask
from .errors import UAError, UnknownOperationError, ValidationError
from .loader import default_spec
from .routing import PREFIXES as _ROUTED_PREFIXES
from .routing import decode_body, parse_query
from .rules import FILE_SUFFIXES
from .spec import Operation
from .validator import Validator, default_validator

__all__ = [
    "DEFAULT_MAX_JSON_BODY",
    "DEFAULT_MAX_MULTIPART_BODY",
    "PREFIXES",
    "REASON_HEADER",
    "SETTINGS",
    "Adapter",
    "AsyncAdapter",
    "AsyncIncoming",
    "Config",
    "ConfigurationError",
    "Extension",
    "Form",
    "Incoming",
    "Malformed",
    "Parser",
    "TooLarge",
    "Upload",
    "Verdict",
    "Verifier",
    "authorize",
    "check_known",
    "configured",
    "decorator",
    "form_body",
    "handle",
    "handle_async",
    "know_ids_of",
    "log_unexpected",
    "only_method",
    "render",
]

DEFAULT_MAX_JSON_BODY: Final = 1 << 20  # 1 MiB
DEFAULT_MAX_MULTIPART_BODY: Final = 30 << 20  # 30 MiB: room for one fax file of the 25 MB default
PREFIXES: Final = tuple(f"/{prefix}" for prefix in _ROUTED_PREFIXES)  # the Router's own
JSON_CONTENT_TYPE: Final = "application/json"
_JSON: Final = "json"  # the body formats of Operation.bodies
_MULTIPART: Final = "multipart"
# In debug mode only: why the request failed (UAError.reason), beside the documented body.
REASON_HEADER: Final = "X-UA-Reason"
# The adapters' answers of their own (routing, crashes), for the reason shown in debug mode.
UNROUTED: Final = "no route of the application answers this method and path"
CRASHED: Final = "an unexpected exception in the view (logged by ua_validate.web)"

logger = logging.getLogger("ua_validate.web")
reasons_logger = logging.getLogger("ua_validate.reasons")


class TooLarge(Exception):
    """Raised by ``Incoming.read`` or ``Incoming.form`` when the framework refuses the body's size.

    Also for too many parts or fields: the framework's own limits on a multipart body.
    """


class Malformed(Exception):
    """Raised by ``Incoming.form`` when the framework's parser cannot read the body."""


class ConfigurationError(Exception):
    """A view wired up wrongly: reported loudly, never answered as a validated request.

    Its message names code only (operation ids, route variables, functions), never a
    request value, so :func:`log_unexpected` keeps it.
    """


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
        if isinstance(self.validator, Validator):
            know_ids_of(self.validator)
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


@functools.cache
def _default_config() -> Config:
    return Config()  # made on first use: the default Validator is built then


def configured(found: object) -> Config:
    """``found`` when it is a Config (an extension's), else the default settings."""
    return found if isinstance(found, Config) else _default_config()


SETTINGS: Final = frozenset(f.name for f in fields(Config))  # the settings an adapter takes, by name
A = TypeVar("A")


class Extension(Generic[A]):
    """An adapter's extension (``UAValidate(app, ...)``): the settings, defined once for all.

    ``validator`` (the default Validator unless given); ``verify_token(token)`` returns
    ``True`` (or ``Verdict.VALID``) to let a request through, ``Verdict.EXPIRED`` for
    ``expired_token`` and ``False`` (or ``Verdict.DENIED``) for ``access_denied``, and without
    it no ``Authorization`` header is asked for; ``max_json_body`` and ``max_multipart_body``
    in bytes; ``prefixes``, the paths under which an unrouted path or method answers
    ``not_implemented`` and an unexpected exception ``internal_server_error``. A framework
    supplies ``init_app``.
    """

    def __init__(
        self,
        app: A | None = None,
        *,
        validator: Validator | None = None,
        verify_token: Verifier | None = None,
        max_json_body: int = DEFAULT_MAX_JSON_BODY,
        max_multipart_body: int = DEFAULT_MAX_MULTIPART_BODY,
        prefixes: tuple[str, ...] = PREFIXES,
    ) -> None:
        self.config = Config(validator or default_validator(), verify_token, max_json_body,
                             max_multipart_body, prefixes)
        if app is not None:
            self.init_app(app)

    def init_app(self, app: A) -> None:
        raise NotImplementedError


# Operation ids (and aliases) of the custom Specs that adapters are configured with: an id
# the default Spec lacks passes the decoration-time check when one of them knows it.
_CUSTOM_IDS: set[str] = set()


def know_ids_of(validator: Validator) -> None:
    """Let ``operation`` decorators accept the ids of ``validator``'s Spec (a custom one)."""
    if validator.spec is not default_spec():
        _CUSTOM_IDS.update(validator.spec.aliases, validator.spec.operations)


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file as the framework's multipart parser gives it: no content, its size."""

    part: str  # the name of its part
    filename: str
    content_type: str | None
    size: int


@dataclass(frozen=True, slots=True)
class Form:
    """A multipart body as the framework parsed it: text parts (in order) and files."""

    fields: Sequence[tuple[str, str]]
    files: Sequence[Upload]


@dataclass(frozen=True, slots=True)
class _Head:
    """What the core reads of a request before its body, framework-free."""

    method: str
    authorization: str | None
    path: Mapping[str, str]
    query: bytes
    content_type: str | None
    content_length: int | None


@dataclass(frozen=True, slots=True)
class Incoming(_Head):
    """The parts of a request the adapters read, framework-free.

    ``read(n)`` returns at most ``n`` bytes of the body, ``b""`` at its end, or raises
    TooLarge; it is only called for operations with body parameters. ``form(limit)`` parses
    a multipart/form-data body with the framework's own parser, reading at most ``limit``
    bytes (TooLarge past it or past the framework's part and field limits, Malformed when it
    cannot parse); without it a multipart body counts as empty.
    """

    read: Callable[[int], bytes]
    form: Callable[[int], Form] | None = None


@dataclass(frozen=True, slots=True)
class AsyncIncoming(_Head):
    """A request whose body is read asynchronously (ASGI), framework-free.

    ``read(limit)`` returns the whole body, or raises TooLarge when it is (or is declared)
    longer than ``limit`` bytes; ``form(limit)`` is ``Incoming.form``, awaited. Each is
    called at most once, and only for operations with body parameters; what to do with the
    rest of a refused body (read it, or close the connection) is the adapter's.
    """

    read: Callable[[int], Awaitable[bytes]]
    form: Callable[[int], Awaitable[Form]] | None = None


def render(err: UAError, debug: bool = False) -> tuple[int, bytes, list[tuple[str, str]]]:
    """Status, body bytes and headers of the documented answer for ``err``.

    In the framework's debug mode (``debug``) the answer also says why, for the developer:
    the ``X-UA-Reason`` header holds ``err.reason`` (phone numbers masked) and a WARNING record
    of the logger ``ua_validate.reasons`` names status, code and reason. The body is the
    catalog's, always.
    """
    headers = [("Content-Type", JSON_CONTENT_TYPE)]
    if err.status == 401:
        headers.append(("WWW-Authenticate", "Bearer"))  # RFC 9110: a 401 names its scheme
    if debug:
        # A reason of validation holds no request value; a handler's own might: masked, as the
        # project writes every number out.
        reason = None if err.reason is None else mask(err.reason)
        if reason is not None:
            headers.append((REASON_HEADER, _header_text(reason)))
        variant = f" ({err.variant})" if err.variant else ""
        reasons_logger.warning("%d %s%s: %s", err.status, err.code, variant, reason or "(no reason given)")
    return err.status, err.entry.body_bytes, headers


_UNSENDABLE: Final = re.compile(r"[\x00-\x1f\x7f]")
_MAX_REASON_HEADER: Final = 2000


def _header_text(reason: str) -> str:
    """``reason`` as a header value: printable ASCII (a handler's own reason may hold anything)."""
    text = reason[:_MAX_REASON_HEADER].encode("ascii", "backslashreplace").decode("ascii")
    return _UNSENDABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def log_unexpected(exc: BaseException, operation: str | None) -> None:
    """Log an unexpected exception by operation id, with its stack but without its messages.

    Exception messages often quote values (``invalid literal for int(): '0040...'``), and
    request values are personal data, so the log names the operation, the exception types and
    the frames (file, line, source line) only. A ConfigurationError keeps its message, which
    names code only.
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
        message = str(link) if isinstance(link, ConfigurationError) else "(message withheld)"
        lines.append(f"{type(link).__module__}.{type(link).__qualname__} {message}\n")
    return "".join(lines).rstrip("\n")


def handle(op: Operation, config: Config, incoming: Incoming) -> dict[str, Any]:
    """The cleaned parameters of one request to ``op``; raises UAError with the answer.

    In order: the method (another method than the operation's is ``not_implemented``; HEAD
    stands for GET, as frameworks route it), the token, then validation in check order.
    """
    query = _admit(op, config, incoming)
    body = _read_body(op, config, incoming) if op.takes_body else {}
    return _judge(op, config.validator, incoming.path, query, body)


async def handle_async(op: Operation, config: Config, incoming: AsyncIncoming) -> dict[str, Any]:
    """``handle`` for a request whose body is read asynchronously: the same steps, in order."""
    query = _admit(op, config, incoming)
    body = await _read_body_async(op, config, incoming) if op.takes_body else {}
    return _judge(op, config.validator, incoming.path, query, body)


def _admit(op: Operation, config: Config, head: _Head) -> Mapping[str, Any]:
    """The checks before the body is read (method, token); the query string, parsed."""
    method = head.method.upper()
    if method != op.method and not (method == "HEAD" and op.method == "GET"):
        raise UAError("not_implemented", reason=only_method(op))
    if config.verify_token is not None:
        authorize(head.authorization, config.verify_token)
    return parse_query(head.query.decode("utf-8", "replace"))


def _judge(op: Operation, validator: Validator, path: Mapping[str, str], query: Mapping[str, Any],
           body: Mapping[str, Any] | None) -> dict[str, Any]:
    """Validation of the request's parameters (``body`` None: it was refused as oversize)."""
    if body is None:
        _oversize(op, validator, path, query)
    return validator.validate(op.id, validator.gather(op, path, query, body))


# --- authentication (SPEC §6) -------------------------------------------------------------

# RFC 6750 §2.1: "Bearer" 1*SP b64token. The scheme in any letter case, spelled out: with
# re.IGNORECASE the token's classes would also match non-ASCII letters (U+017F long s, U+212A Kelvin sign).
_BEARER: Final = re.compile(r"[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9\-._~+/]+=*)", re.ASCII)
_MAX_AUTHORIZATION: Final = 8192


def authorize(header: str | None, verify: Verifier) -> None:
    """Let a request with a good bearer token through; raise its 401 UAError otherwise."""
    if header is None:
        raise UAError("unauthorized", reason="no Authorization header: a token verifier is configured")
    found = _BEARER.fullmatch(header) if len(header) <= _MAX_AUTHORIZATION else None
    if found is None:
        raise UAError("access_denied", reason="the Authorization header must be Bearer <token>")
    verdict = verify(found.group(1))
    if verdict is True or verdict is Verdict.VALID:
        return
    if verdict is Verdict.EXPIRED:
        raise UAError("expired_token", reason="the token verifier says the token has expired")
    raise UAError("access_denied", reason="the token verifier refused the token")


_authorize = authorize  # its former name, for code written against it


# --- bodies ---------------------------------------------------------------------------------

_OVERSIZE: Final = "the body is over the adapter's limit (max_json_body, or max_multipart_body for an upload)"


def only_method(op: Operation) -> str:
    """The reason of a request to ``op`` with another method."""
    return f"{op.id} answers {op.method} only"


def _oversize_code(op: Operation) -> UAError:
    """The answer to an oversize body: the first body parameter with a 400 code.

    That skips ``phone_calls.update``'s ``action``, whose code is ``not_implemented`` (501).
    """
    for param in op.params:
        if param.location == "body" and catalog.entry(param.code, param.variant).status == 400:
            return UAError(param.code, param.variant, reason=_OVERSIZE)
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


def _body_format(op: Operation, config: Config, head: _Head) -> tuple[str | None, int]:
    """How the body is read: ``multipart``, ``json`` or None (it counts as empty), and its limit.

    The formats are those the operation's schema lists (``Operation.bodies``); a JSON type or
    none is JSON, any other type an empty body (docs/decisions.md).
    """
    media_type, _ = _media_type(head.content_type)
    if media_type == "multipart/form-data" and _MULTIPART in op.bodies:
        return _MULTIPART, config.max_multipart_body
    if _JSON in op.bodies and _is_json(media_type):
        return _JSON, config.max_json_body
    return None, 0


def _read_limited(read: Callable[[int], bytes], limit: int) -> bytes:
    """The whole body, read in chunks; TooLarge when it is longer than ``limit``."""
    chunks: list[bytes] = []
    wanted = limit + 1  # one byte more than allowed tells an oversize body without reading it all
    while wanted > 0:
        chunk = read(wanted)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        wanted -= len(chunk)
    raise TooLarge


def _read_body(op: Operation, config: Config, incoming: Incoming) -> Mapping[str, Any] | None:
    """The body's fields ({} for a body we cannot read as fields), or None when oversize."""
    kind, limit = _body_format(op, config, incoming)
    if kind is None:
        return {}
    if incoming.content_length is not None and incoming.content_length > limit:
        return None  # refused on the declared length, before anything is read
    if kind == _MULTIPART and incoming.form is None:
        return {}
    try:
        if kind == _MULTIPART:
            assert incoming.form is not None
            return form_body(incoming.form(limit))
        return decode_body(_read_limited(incoming.read, limit))
    except TooLarge:
        return None
    except Malformed:
        return {}  # a malformed body counts as empty, like malformed JSON


async def _read_body_async(op: Operation, config: Config, incoming: AsyncIncoming) -> Mapping[str, Any] | None:
    """``_read_body`` of an AsyncIncoming (whose readers refuse a declared length themselves)."""
    kind, limit = _body_format(op, config, incoming)
    if kind is None or (kind == _MULTIPART and incoming.form is None):
        return {}
    try:
        if kind == _MULTIPART:
            assert incoming.form is not None
            return form_body(await incoming.form(limit))
        return decode_body(await incoming.read(limit))
    except TooLarge:
        return None
    except Malformed:
        return {}


def _oversize(op: Operation, validator: Validator, path: Mapping[str, str],
              query: Mapping[str, Any]) -> NoReturn:
    """Answer for a body over the limit: a bad URI fragment first (check order), else 400."""
    try:
        validator.validate(op.id, validator.gather(op, path, query, {}))
    except ValidationError as err:
        if err.location == "path":
            raise
    raise _oversize_code(op)




# --- multipart uploads (SPEC §5 faxes.create) ----------------------------------------------

_GENERIC_TYPES: Final = ("", "application/octet-stream")
_REQUEST_PART: Final = "request"
_FILES_FIELD: Final = "files"


def _file_type(upload: Upload) -> str | None:
    media_type, _ = _media_type(upload.content_type)
    if media_type not in _GENERIC_TYPES:
        return media_type  # a specific type is taken as sent, and must be a fax type
    name = upload.filename.lower()
    for kind, suffixes in FILE_SUFFIXES.items():
        if name.endswith(suffixes):
            return kind
    return None


def form_body(form: Form) -> Mapping[str, Any]:
    """The body of a multipart upload: the ``request`` part's JSON object plus the files.

    Every part with a file name is a file, whatever its part is called (``files``,
    ``files[]``, the file's own name); a text part other than the first ``request`` is ignored.
    """
    fields: dict[str, Any] = {}
    for name, value in form.fields:
        if name == _REQUEST_PART:
            fields = dict(decode_body(value))
            break
    files: list[dict[str, Any]] = []
    for upload in form.files:
        described: dict[str, Any] = {"name": upload.filename, "size": upload.size}
        kind = _file_type(upload)
        if kind is not None:
            described["type"] = kind
        files.append(described)
    if files:
        fields[_FILES_FIELD] = files  # the uploaded files stand for any list in the JSON part
    return fields


# --- the decorator (webargs' Parser: the framework supplies two functions) ----------------

P = ParamSpec("P")
R = TypeVar("R")


class Adapter:
    """What a framework supplies to :func:`decorator`; subclasses override the hooks.

    ``incoming`` is request → Incoming and ``respond`` is answer → response: the two small
    functions of an adapter. The others have defaults that suit most frameworks.
    """

    def config(self, args: tuple[Any, ...]) -> Config:
        """The settings in force for the request of a call with ``args`` (the app's, the project's)."""
        raise NotImplementedError

    def incoming(self, op: Operation, args: tuple[Any, ...], path: Mapping[str, str]) -> Incoming:
        """The request of a call to a view with positional ``args``, as an Incoming."""
        raise NotImplementedError

    def respond(self, err: UAError, args: tuple[Any, ...]) -> Any:
        """The framework's response holding the documented answer to ``err``."""
        raise NotImplementedError

    def route(self, args: tuple[Any, ...], keywords: Mapping[str, Any]) -> Mapping[str, Any]:
        """The route variables of the request: by default the keywords the view is called with."""
        return keywords

    def finish(self, op: Operation, result: Any) -> Any:
        """What the view returned, made into a response; an exception here is a documented 500."""
        return result

    def debug(self) -> bool:
        """Whether unexpected exceptions go to the framework's own handling (testing, debug)."""
        return False

    def is_async(self, view: Callable[..., Any]) -> bool:
        return inspect.iscoroutinefunction(view)

    def decorated(self, wrapped: Callable[..., Any], view: Callable[..., Any], name: str) -> None:
        """Mark the wrapper (Django: exempt from CSRF) or the view (Flask: misplaced)."""


class AsyncAdapter(Adapter):
    """An adapter that reads requests asynchronously (ASGI): every view is wrapped async.

    ``incoming_async`` stands for ``incoming``; ``run_sync`` calls a plain view (Starlette:
    in its thread pool).
    """

    async def incoming_async(self, op: Operation, config: Config, args: tuple[Any, ...],
                             path: Mapping[str, str]) -> AsyncIncoming:
        """The request of a call to a view with positional ``args``, as an AsyncIncoming."""
        raise NotImplementedError

    async def run_sync(self, view: Callable[..., Any], *args: Any, **keywords: Any) -> Any:
        return view(*args, **keywords)

    def is_async(self, view: Callable[..., Any]) -> bool:
        return True  # the body is read with await


def check_known(name: str) -> None:
    """An id the default Spec lacks fails now, unless a configured custom Spec knows it."""
    if name in _CUSTOM_IDS:
        return
    default_validator().operation(name)


def _named_parameters(view: Callable[..., Any]) -> frozenset[str]:
    try:
        signature = inspect.signature(view)
    except (TypeError, ValueError):  # a builtin or a callable without a signature: no check
        return frozenset({"*"})
    return frozenset(name for name, param in signature.parameters.items()
                     if param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY))


class Parser:
    """The per-request work of ``operation(name)`` with one adapter (webargs' ``Parser.parse``).

    ``parse`` and ``parse_async`` give (operation, cleaned parameters, the keywords the view
    keeps) for a call with ``args`` and ``keywords``, or raise the request's UAError. A
    keyword that is neither a path parameter nor named by the view (``view``, when there is
    one) is a ConfigurationError.
    """

    def __init__(self, adapter: Adapter, name: str, view: Callable[..., Any] | None = None) -> None:
        self.adapter = adapter
        self.name = name
        self.view = view
        self.declared = _named_parameters(view) if view is not None else frozenset({"*"})
        # the operation last prepared and its path parameters' names, worked out once for it
        # (one tuple: threads that share the view read a consistent pair)
        self._path_names: tuple[Operation | None, frozenset[str]] = (None, frozenset())

    def _prepare(self, args: tuple[Any, ...], keywords: Mapping[str, Any]
                 ) -> tuple[Operation, Config, dict[str, Any], dict[str, Any]]:
        config = self.adapter.config(args)
        try:
            op = config.validator.operation(self.name)
        except UnknownOperationError:
            raise ConfigurationError(
                f"operation {self.name!r} is not in the spec of the configured Validator") from None
        prepared, path_names = self._path_names
        if prepared is not op:
            path_names = frozenset(param.name for param in op.params if param.location == "path")
            self._path_names = (op, path_names)
        route = self.adapter.route(args, keywords)
        path = {key: value for key, value in route.items() if key in path_names}
        others = {key: value for key, value in keywords.items() if key not in path_names}
        declared = self.declared
        if others and "*" not in declared and not set(others) <= declared:
            unknown = sorted(set(others) - declared)
            raise ConfigurationError(
                f"route variables {unknown} of the view {getattr(self.view, '__qualname__', self.view)!r} "
                f"are not path parameters of {op.id} ({sorted(path_names)}) nor parameters of the view: "
                "name route variables as SPEC does")
        return op, config, path, others

    def parse(self, args: tuple[Any, ...], keywords: Mapping[str, Any]
              ) -> tuple[Operation, dict[str, Any], dict[str, Any]]:
        op, config, path, others = self._prepare(args, keywords)
        return op, handle(op, config, self.adapter.incoming(op, args, path)), others

    async def parse_async(self, args: tuple[Any, ...], keywords: Mapping[str, Any]
                          ) -> tuple[Operation, dict[str, Any], dict[str, Any]]:
        adapter = self.adapter
        if not isinstance(adapter, AsyncAdapter):
            return self.parse(args, keywords)
        op, config, path, others = self._prepare(args, keywords)
        return op, await handle_async(op, config, await adapter.incoming_async(op, config, args, path)), others

    def finish(self, op: Operation, result: Any, args: tuple[Any, ...]) -> Any:
        """The view's result as a response; a failure in making it is the operation's 500."""
        try:
            return self.adapter.finish(op, result)
        except Exception as exc:
            if self.adapter.debug():
                raise
            log_unexpected(exc, op.id)
            return self.adapter.respond(UAError("internal_server_error", reason=CRASHED), args)


def decorator(adapter: Adapter, name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The ``operation(name)`` decorator of a framework.

    The id is checked now against the default Spec (and any custom Spec an adapter is
    configured with), and on every request against the configured Validator. The view gets
    the cleaned parameters as the positional argument after the ones it was called with,
    and the route variables the operation does not define as keywords; any UAError (the
    request's or the view's own) becomes its documented answer.
    """
    check_known(name)

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        parser = Parser(adapter, name, view)
        wrapped: Callable[..., Any]
        if adapter.is_async(view):
            view_is_async = inspect.iscoroutinefunction(view) or not isinstance(adapter, AsyncAdapter)
            call = cast(Callable[..., Awaitable[Any]], view if view_is_async else (
                functools.partial(cast(AsyncAdapter, adapter).run_sync, view)))

            @functools.wraps(view)
            async def run_async(*args: Any, **keywords: Any) -> Any:
                try:
                    op, params, others = await parser.parse_async(args, keywords)
                    result = await call(*args, params, **others)
                except UAError as err:
                    return adapter.respond(err, args)
                return parser.finish(op, result, args)

            wrapped = run_async
        else:

            @functools.wraps(view)
            def run(*args: Any, **keywords: Any) -> Any:
                try:
                    op, params, others = parser.parse(args, keywords)
                    result = view(*args, params, **others)  # type: ignore[arg-type]
                except UAError as err:
                    return adapter.respond(err, args)
                return parser.finish(op, result, args)

            wrapped = run
        adapter.decorated(wrapped, view, name)
        return cast(Callable[P, R], wrapped)

    return decorate
