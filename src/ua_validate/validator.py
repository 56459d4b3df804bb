"""The Validator: settings, the backend that checks, and the public validate functions."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import UAError
from .loader import default_spec
from .routing import Router, decode_body, names_by_location, query_into, remember, single_values, split_url
from .rules import Settings
from .spec import Operation, Spec
from .types import as_text

__all__ = ["Validator", "default_validator", "validate", "validate_request"]

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Literal, Protocol, TypeAlias

    # OperationId | str in the signatures: editors complete the ids, and a caller holding the id
    # in a plain str variable still type-checks (an unknown id is an UnknownOperationError).
    from ._operation_id import OperationId
    from .errors import Failure

    # A backend's function for one operation: (params, errs) -> cleaned dict; errs None raises at
    # the first failure, a list collects them all (the generated functions' signature).
    _Function: TypeAlias = Callable[[Mapping[str, Any], list[Failure] | None], dict[str, Any]]

    class _Backend(Protocol):
        def validate(self, op: Operation, params: Mapping[str, Any], all_errors: bool) -> dict[str, Any]: ...

        def function(self, op: Operation) -> _Function: ...

Backend: TypeAlias = 'Literal["compiled", "marshmallow"]'
_Request: TypeAlias = "tuple[str, _Function, dict[str, str], frozenset[str], tuple[str, ...]]"
_NO_ROUTE = "no operation answers this method and path (ua-validate operations lists them)"


class Validator:
    """Validates requests of every operation under one set of settings.

    ``max_fax_files``, ``max_fax_recipients`` and ``max_fax_file_size`` bound fax requests;
    ``phone_region`` (e.g. ``"RO"``) also holds numbers without ``+`` to that country's
    possible numbers. ``backend`` picks the implementation; all give the same answers.
    """

    def __init__(
        self,
        *,
        max_fax_files: int = 10,
        max_fax_recipients: int = 50,
        max_fax_file_size: int = 25_000_000,
        phone_region: str | None = None,
        backend: Backend = "compiled",
        spec: Spec | None = None,
    ) -> None:
        self.settings = Settings(max_fax_files, max_fax_recipients, max_fax_file_size, phone_region)
        self.spec = spec if spec is not None else default_spec()
        self.router = Router(self.spec)
        self.backend_name = backend
        self._backend = self._make_backend(backend)
        # operation id or alias (exact str) -> the backend's function: validate() pays one dict
        # get per call, filled on an operation's first use under each name it is called by.
        self._direct: dict[str, _Function] = {}
        # validate_request's memory: method (as the Spec writes it) -> path -> (operation id,
        # function, path parameters, query names, body names); bounded as the router's.
        self._requests: dict[str, dict[str, _Request]] = {}

    def _make_backend(self, backend: str) -> _Backend:
        # Imported here: a process that never picks marshmallow never imports it.
        if backend == "compiled":
            from .compiler import CompiledBackend

            return CompiledBackend(self.settings)
        if backend == "marshmallow":
            from .engine import MarshmallowBackend

            return MarshmallowBackend(self.settings)
        raise ValueError(f"unknown backend {backend!r}; known: 'compiled', 'marshmallow'")

    def __repr__(self) -> str:
        return f"Validator({self.settings!r}, backend={self.backend_name!r})"

    def operation(self, name: str) -> Operation:
        """The operation with id or alias ``name``; UnknownOperationError if there is none."""
        return self.spec.operation(name)

    def validate(self, operation: OperationId | str, params: Mapping[str, Any], *, all_errors: bool = False
                 ) -> dict[str, Any]:
        """The cleaned parameters of a request to ``operation``, or a ValidationError.

        ``params`` holds path fragments, query parameters and body fields by name; a multi-valued
        mapping (Django's ``QueryDict``, Werkzeug's ``MultiDict``, ``multidict.MultiDict``) reads
        a key with several values as a repeated parameter, as over HTTP. The result is
        a new dict: typed values, defaults filled in, unknown parameters dropped. With
        ``all_errors`` the error still names the first failure, and ``errors`` holds them all.
        """
        # A str subclass or any other object goes the long way (it may hash or compare oddly).
        # A subscript in a try costs less than .get() and a test for None; this method's own
        # work is a fifth of what a request failing its first check costs (benchmarks/run.py).
        try:
            function = self._direct[operation] if type(operation) is str else self._function(operation)
        except KeyError:  # the first call under this name (_function raises UnknownOperationError)
            function = self._function(operation)
        if type(params) is not dict:  # a dict (the common case): no ABC check, no copy
            if not isinstance(params, Mapping):
                raise TypeError(f"params must be a mapping, not {type(params).__name__}")
            params = single_values(params)  # QueryDict, MultiDict: as a query string reads
        return function(params, [] if all_errors else None)

    def _function(self, operation: object) -> _Function:
        """The backend's function for ``operation`` (id or alias), kept for the next call;
        UnknownOperationError for a name that is none."""
        op = self.spec.operation(operation)  # type: ignore[arg-type]
        function = self._direct.get(op.id)
        if function is None:
            function = self._direct[op.id] = self._backend.function(op)
        if type(operation) is str:  # an id or an alias: the spec's names, so few
            self._direct[operation] = function
        return function

    def validate_request(self, method: str, url: str, body: Any = None, *, all_errors: bool = False
                         ) -> tuple[str, dict[str, Any]]:
        """Route ``method`` and ``url`` to an operation and validate it with ``body``.

        ``url`` is a path with its query string, or an absolute URL; ``body`` is the JSON body
        as bytes, text or a decoded mapping (anything that is not a JSON object counts as an
        empty body). Returns ``(operation id, cleaned parameters)``; raises UAError only:
        ``not_implemented`` for a method and path that name no operation.
        """
        # A str subclass is its text; a look-alike (or anything else) is no method or URL.
        verb = method if type(method) is str else as_text(method)
        target = url if type(url) is str else as_text(url)
        if verb is None or target is None:
            raise UAError("not_implemented", reason="the method and the URL must be text")
        if target[:1] == "/" and target[1:2] != "/" and "#" not in target:
            path, _, query = target.partition("?")  # a path and its query: split_url's common case
        else:
            parts = split_url(target)
            if parts is None:
                raise UAError("not_implemented", reason=_NO_ROUTE)
            path, query = parts
        seen = self._requests.get(verb)
        found = seen.get(path) if seen is not None else None
        if found is None:
            found = self._request_route(verb, path)
        # gather(op, path, query, body), reading the path's and the query's own keys (dicts of
        # str built for this request, most often far fewer keys than the names)
        op_id, function, path_params, query_names, body_names = found
        params: dict[str, Any] = path_params.copy()
        if query:
            if "%" in query or "+" in query:
                query_into(query, params, query_names)
            else:  # query_into's common case, written out here: the call cost a tenth of the rest
                for pair in query.split("&"):
                    key, _, value = pair.partition("=")
                    if key in query_names:  # an empty piece is the key "", which no operation has
                        if key not in params:
                            params[key] = value
                        elif type(params[key]) is list:
                            params[key].append(value)
                        else:
                            params[key] = [params[key], value]
        if body is not None:
            fields = decode_body(body)  # the caller's mapping perhaps: read by name, as gather does
            if fields:
                for name in body_names:
                    if name in fields:
                        params[name] = fields[name]
        return op_id, function(params, [] if all_errors else None)

    def _request_route(self, verb: str, path: str) -> _Request:
        """What validate_request reads for ``verb`` and ``path`` (the router's match, the
        backend's function), remembered for the next request as the router remembers paths;
        UAError ``not_implemented`` for no route."""
        found = self.router.resolve(verb, path)
        if found is None and not verb.isupper():  # the method in any case: "get" is GET
            found = self.router.resolve(verb.upper(), path)
        if found is None:
            raise UAError("not_implemented", reason=_NO_ROUTE)
        op, _, path_params, query_names, body_names = found
        request = (op.id, self._function(op.id), path_params, query_names, body_names)
        if verb in self.router.methods:  # as the Spec writes it: odd names cannot grow the memory
            remember(self._requests.setdefault(verb, {}), path, request)
        return request

    @staticmethod
    def gather(op: Operation, path: Mapping[str, Any], query: Mapping[str, Any],
               body: Mapping[str, Any]) -> dict[str, Any]:
        """The raw parameters of ``op``, each taken from its documented location only."""
        params: dict[str, Any] = {}
        for source, names in zip((path, query, body), names_by_location(op), strict=True):
            if source:  # a GET request's empty body, a path without variables: nothing to read
                for name in names:
                    if name in source:
                        params[name] = source[name]
        return params


_default: Validator | None = None


def default_validator() -> Validator:
    """The Validator with default settings that the module-level functions use."""
    global _default
    if _default is None:
        _default = Validator()
    return _default


def validate(operation: OperationId | str, params: Mapping[str, Any], *, all_errors: bool = False
             ) -> dict[str, Any]:
    """Validate ``params`` for ``operation`` with the default Validator (see Validator.validate)."""
    return default_validator().validate(operation, params, all_errors=all_errors)


def validate_request(method: str, url: str, body: Any = None, *, all_errors: bool = False
                     ) -> tuple[str, dict[str, Any]]:
    """Route and validate a raw request with the default Validator (see Validator.validate_request)."""
    return default_validator().validate_request(method, url, body, all_errors=all_errors)

