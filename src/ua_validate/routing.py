"""From an HTTP method, URL and body to an operation and the mapping of its raw parameters."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping

from .spec import Operation, Spec

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = ["PREFIXES", "Router", "decode_body", "names_by_location", "parse_query", "query_into", "remember",
           "single_values"]

PREFIXES: Final = ("uapi", "unifiedapi")  # /unifiedapi is the legacy prefix of the same API
_MAX_INT_DIGITS: Final = 4000


class Router:
    """Finds the operation for a method and path; the templates come from the Spec.

    A path once matched is remembered (per method, up to ``_SEEN_MAX`` paths of at most
    ``_SEEN_LONGEST`` characters; when full, the memory is emptied and fills again): clients send
    the same few paths over and over (``/uapi/cdr/@me``), and matching one costs more than
    validating a small request. Its answer is the same either way (a test holds them equal).
    """

    def __init__(self, spec: Spec) -> None:
        by_method: dict[str, list[Operation]] = {}
        for op in spec:
            by_method.setdefault(op.method, []).append(op)
        # A literal segment beats a variable: POST .../simple is not an extension named simple.
        self._routes = {
            method: sorted(ops, key=lambda op: -sum(not var for _, var, _ in op.segments))
            for method, ops in by_method.items()
        }
        # Per method, the operations a path can match by its resource segment (the one after the
        # prefix): a template whose resource is another literal cannot match, so only these are
        # tried, in the same order. Templates with no literal resource stay in every list.
        # Each list is kept per number of path segments, as _Route records (what _match reads from
        # the template at that size, worked out once), under the key None those with no literal
        # resource.
        self._by_resource: dict[str, dict[str | None, dict[int, list[_Route]]]] = {}
        for method, ops in self._routes.items():
            literals = {name for name in map(_resource, ops) if name is not None}
            self._by_resource[method] = {
                name: _by_size(op for op in ops if _resource(op) in (name, None)) for name in literals
            }
            self._by_resource[method][None] = _by_size(op for op in ops if _resource(op) is None)
        self.methods = frozenset(self._routes)  # as the Spec writes them: upper case
        # method -> path -> what resolve() answers for it
        self._seen: dict[str, dict[str, Resolved | tuple[()]]] = {method: {} for method in self._routes}
        self._gathering = {op.id: _gathering(op) for op in spec}

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation and its percent-decoded path parameters (a new dict), or None for no
        route. The same answer as ``_match`` on each of the method's operations in order."""
        found = self.resolve(method, path)
        return None if found is None else (found[0], found[1].copy())

    def resolve(self, method: str, path: str) -> Resolved | None:
        """What match() finds and how the operation's parameters are gathered, kept for the next
        request to the same path: (operation, the template's variables, those of them that are
        path parameters, the names read from the query, the names read from the body). Shared:
        copy the dicts before changing them."""
        seen = self._seen.get(method)
        if seen is None:
            return None  # no operation answers this method
        found = seen.get(path)
        if found is None:
            found = self._resolve(method, path) or ()  # () is a path that names no operation
            remember(seen, path, found)
        if not found:
            return None
        return found

    def _resolve(self, method: str, path: str) -> Resolved | None:
        found = self._find(method, path)
        if found is None:
            return None
        op, variables = found
        path_names, query_names, body_names = self._gathering[op.id]
        if path_names is not None:  # some variable is no path parameter (a custom Spec's)
            return op, variables, {key: value for key, value in variables.items() if key in path_names}, \
                query_names, body_names
        return op, variables, variables, query_names, body_names

    def _find(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """match() without the memory: from what each template's segments say (``_Route``)."""
        parts = path.split("/")
        if parts[0] != "" or len(parts) < 2:
            return None
        del parts[0]
        if parts[-1] == "" and len(parts) > 1:
            parts.pop()  # one trailing slash is the same resource
        if parts[0] not in PREFIXES:
            return None
        indexed = self._by_resource[method]
        size = len(parts)
        candidates = indexed.get(parts[1], indexed[None]) if size > 1 else indexed[None]
        for op, literals, variables in candidates.get(size, ()):
            for index, name in literals:
                if parts[index] != name:
                    break
            else:
                found: dict[str, str] = {}
                for index, name in variables:
                    part = parts[index]
                    # unquote would return a part without "%" as it is: only escapes pay for it
                    found[name] = _unquote(part) if "%" in part else part
                return op, found
        return None


# (operation, its template's variables, its path parameters among them, its query parameters'
# names and aliases, its body parameters' names and aliases)
Resolved = tuple[Operation, dict[str, str], dict[str, str], frozenset[str], tuple[str, ...]]


def names_by_location(op: Operation) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """``op``'s parameter names and aliases in the path, the query and the body (what
    ``Validator.gather`` reads from each), worked out once per operation: Operation.params
    walks every check, too much for each request."""
    known = _BY_LOCATION.get(op.id)
    if known is not None and known[0] is op:  # not another Spec's operation of the same id
        return known[1]
    where: dict[str, list[str]] = {"path": [], "query": [], "body": []}
    for param in op.params:
        where[param.location].extend((param.name, *param.aliases))
    names = (tuple(where["path"]), tuple(where["query"]), tuple(where["body"]))
    _BY_LOCATION[op.id] = (op, names)
    return names


_BY_LOCATION: dict[str, tuple[Operation, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]] = {}


def _gathering(op: Operation) -> tuple[frozenset[str] | None, frozenset[str], tuple[str, ...]]:
    """``names_by_location(op)`` as the router keeps it; the path's None when the names are
    exactly the template's variables (the loader holds them so)."""
    path, query, body = names_by_location(op)
    variables = {name for name, variable, _ in op.segments if variable}
    return (None if variables <= frozenset(path) else frozenset(path)), frozenset(query), body


_SEEN_MAX: Final = 1024  # paths remembered per method
_SEEN_LONGEST: Final = 256  # characters: a longer path is matched each time, never kept


def remember(seen: dict[str, Any], path: str, value: Any) -> None:
    """Keep ``value`` for ``path`` in ``seen``, a memory of at most ``_SEEN_MAX`` paths of at most
    ``_SEEN_LONGEST`` characters: a longer path is not kept, and a full memory is emptied first
    (a flood of distinct paths starts it again; it never grows)."""
    if len(path) <= _SEEN_LONGEST:
        if len(seen) >= _SEEN_MAX:
            seen.clear()
        seen[path] = value


# An operation as the router matches a path of one size: (operation, its literal segments after
# the prefix as (index, text), its variables as (index, name)), only the segments the size holds.
_Route = tuple[Operation, tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]


def _by_size(ops: Iterable[Operation]) -> dict[int, list[_Route]]:
    """``ops``'s routes (in their order) under each number of path segments they take."""
    routes: dict[int, list[_Route]] = {}
    for op in ops:
        segments = op.segments
        for size in range(1, len(segments) + 1):
            # _match: no more parts than segments; fewer only when the first segment left out
            # is optional
            if size == len(segments) or segments[size][2]:
                literals = tuple((index, name) for index, (name, variable, _) in enumerate(segments[:size])
                                 if index and not variable)
                variables = tuple((index, name) for index, (name, variable, _) in enumerate(segments[:size])
                                  if variable)
                routes.setdefault(size, []).append((op, literals, variables))
    return routes


def _resource(op: Operation) -> str | None:
    """The literal resource segment of ``op``'s template (``cdr``, ``phoneCalls``), if it has one."""
    if len(op.segments) > 1:
        name, variable, optional = op.segments[1]
        if not variable and not optional:
            return name
    return None


def _match(op: Operation, parts: list[str]) -> dict[str, str] | None:
    segments = op.segments
    if len(parts) > len(segments):
        return None
    found: dict[str, str] = {}
    for index, (name, variable, optional) in enumerate(segments):
        if index >= len(parts):
            return found if optional else None
        part = parts[index]
        if variable:
            # unquote would return a part without "%" as it is: only escapes pay for it
            found[name] = _unquote(part) if "%" in part else part
        elif index == 0:
            continue  # the prefix, checked by the caller
        elif part != name:
            return None
    return found


def _unquote(part: str) -> str:
    from urllib.parse import unquote  # not at import time: start-up cost

    return unquote(part, errors="replace")


def parse_query(query: str) -> dict[str, str | list[str]]:
    """A query string decoded as HTML forms are ('+' is a space); a repeated key keeps a list.

    The same pairs as ``urllib.parse.parse_qsl(query, keep_blank_values=True,
    errors="replace")`` (a test holds them equal): only ``&`` separates (``;`` is text, as in
    Python since 3.10), empty pieces are skipped, a piece without ``=`` is a key with an empty
    value, and keys and values are percent-decoded as UTF-8 with U+FFFD for bad bytes. Written
    out because parse_qsl costs more than validating the request it parses.
    """
    return query_into(query, {}, None)


def query_into(query: str, params: dict[str, Any], keep: Container[str] | None) -> dict[str, Any]:
    """``parse_query(query)`` added to ``params``; with ``keep``, only the keys in it (an
    operation's query parameters: the rest would be dropped anyway). ``validate_request``
    reads a query with nothing to decode itself, and this function the rest."""
    plain = "%" not in query and "+" not in query  # the common case: nothing to decode
    for pair in query.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        if not plain:
            key, value = _form_decode(key), _form_decode(value)
        if keep is not None and key not in keep:
            continue
        if key in params:
            previous = params[key]
            if type(previous) is list:
                previous.append(value)
            else:
                params[key] = [previous, value]
        else:
            params[key] = value
    return params


def _form_decode(text: str) -> str:
    """urllib.parse.unquote_plus(text, errors="replace")."""
    if "+" in text:
        text = text.replace("+", " ")
    if "%" not in text:
        return text
    if text.isascii():
        return _unquote_ascii(text)
    # As urllib does: only runs of ASCII are percent-decoded, each on its own, and characters
    # beyond ASCII stay as they are (an escape split by one is no escape of a whole character).
    import re  # loaded with the package already: no import cost

    runs = re.split(r"([\x00-\x7f]+)", text)
    for index in range(1, len(runs), 2):
        if "%" in runs[index]:
            runs[index] = _unquote_ascii(runs[index])
    return "".join(runs)


def _unquote_ascii(text: str) -> str:
    """Percent-decoding of ASCII text: each %XX (either letter case) a byte, other % kept, the
    bytes read as UTF-8 with U+FFFD for what does not decode."""
    pieces = text.split("%")
    out = bytearray(pieces[0], "ascii")
    for piece in pieces[1:]:
        if len(piece) >= 2 and piece[0] in _HEX_DIGITS and piece[1] in _HEX_DIGITS:
            out.append(int(piece[:2], 16))
            out += piece[2:].encode("ascii")
        else:
            out += b"%"
            out += piece.encode("ascii")
    return out.decode("utf-8", "replace")


_HEX_DIGITS: Final = "0123456789ABCDEFabcdef"
_LEADING: Final = "".join(map(chr, range(33)))  # C0 controls and the space


def _escape_dropped(url: str) -> str:
    """``url`` with what urlsplit would silently drop percent-encoded instead: TAB, CR and LF
    anywhere (WHATWG) and C0 controls or spaces in front. A URL is taken as given, so these
    come back, decoded, in the value they were in (or make it no route, in front)."""
    stripped = url.lstrip(_LEADING)
    head = "".join(f"%{ord(char):02X}" for char in url[: len(url) - len(stripped)])
    return head + stripped.replace("\t", "%09").replace("\n", "%0A").replace("\r", "%0D")


def split_url(url: str) -> tuple[str, str] | None:
    """(path, query) of an absolute URL or of a path with a query string; the fragment goes.

    No character is dropped (urlsplit drops TAB, CR and LF, and controls or spaces in front):
    ``/uapi/cdr/@m\\ne`` has the user id ``@m\\ne``, not ``@me``. None for a URL that does
    not split (an unclosed IPv6 bracket) or a ``str`` look-alike that is not text.
    """
    if type(url) is not str:
        try:
            url = str.__str__(url)  # a str subclass is read as its text
        except TypeError:  # an object that passes isinstance(url, str) but is no str
            return None
    if url[:1] == "/" and url[1:2] != "/":
        # A path (the common case): what urlsplit does with one, without its deletions.
        url = url.partition("#")[0]
        path, _, query = url.partition("?")
        return path, query
    if url[:1] <= " " or "\t" in url or "\n" in url or "\r" in url:
        url = _escape_dropped(url)
    from urllib.parse import urlsplit  # not at import time: start-up cost

    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket in the host
        return None
    return parts.path, parts.query


def _parse_int(text: str) -> Any:
    # A JSON integer longer than Python converts is no valid value of any type; keep the body.
    return int(text) if len(text) <= _MAX_INT_DIGITS else float("inf")


def single_values(params: Mapping[str, Any]) -> Mapping[str, Any]:
    """A multi-valued mapping read as a query string is (SPEC §8); any other mapping as it is.

    Django's ``QueryDict`` and Werkzeug's ``MultiDict`` (``getlist``), ``multidict.MultiDict``
    (``getall``): a key with one value is that value, a key with several is a list of them, a
    repeated parameter that no scalar type accepts; never silently the first or the last one.
    A key with no value at all is left out, as no query string can send one.
    """
    values_of = getattr(params, "getlist", None)
    if not callable(values_of):
        values_of = getattr(params, "getall", None)
        if not callable(values_of):
            return params
    single: dict[str, Any] = {}
    for key in params:  # multidict may give a key once per value: each key is read once
        if key in single:
            continue
        values = list(values_of(key))
        if len(values) == 1:
            single[key] = values[0]
        elif values:
            single[key] = values
    return single


def decode_body(body: Any) -> Mapping[str, Any]:
    """The fields of a JSON request body; a body that is not a JSON object has none.

    A mapping is taken as the decoded body; a multi-valued one (a form's ``request.POST``) is
    read as ``single_values`` reads it."""
    if body is None:
        return {}
    # The real type, not isinstance: an object whose __class__ says dict, bytes or str (a mock
    # with a spec) is none of them, and counts as no body.
    kind = type(body)
    if issubclass(kind, Mapping):
        return single_values(body)
    if issubclass(kind, (bytes, bytearray, memoryview)):
        try:
            body = memoryview(body).tobytes().decode("utf-8")  # a subclass's __bytes__ is not asked
        except (UnicodeDecodeError, ValueError):  # ValueError: a released memoryview
            return {}
    elif issubclass(kind, str):
        body = str.__str__(body)
    else:
        return {}
    import json  # not at import time: start-up cost

    try:
        decoded = json.loads(body, parse_int=_parse_int)
    except (ValueError, RecursionError):
        return {}
    return decoded if isinstance(decoded, dict) else {}
