"""The Validator: settings, the backend that checks, and the public validate functions."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import UAError
from .loader import default_spec
from .routing import Router, decode_body, parse_query, single_values, split_url
from .rules import Settings
from .spec import Operation, Spec
from .types import as_text

__all__ = ["Validator", "default_validator", "validate", "validate_request"]

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, Literal, Protocol, TypeAlias

    # OperationId | str in the signatures: editors complete the ids, and a caller holding the id
    # in a plain str variable still type-checks (an unknown id is an UnknownOperationError).
    from ._operation_id import OperationId

    class _Backend(Protocol):
        def validate(self, op: Operation, params: Mapping[str, Any], all_errors: bool) -> dict[str, Any]: ...

Backend: TypeAlias = 'Literal["compiled", "marshmallow"]'


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
        op = self.spec.operation(operation)
        if type(params) is not dict:  # a dict (the common case): no ABC check, no copy
            if not isinstance(params, Mapping):
                raise TypeError(f"params must be a mapping, not {type(params).__name__}")
            params = single_values(params)  # QueryDict, MultiDict: as a query string reads
        return self._backend.validate(op, params, all_errors)

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
            raise UAError("not_implemented")
        parts = split_url(target)
        found = self.router.match(verb.upper(), parts[0]) if parts is not None else None
        if found is None or parts is None:
            raise UAError("not_implemented")
        op, path_params = found
        params = self.gather(op, path_params, parse_query(parts[1]), decode_body(body))
        return op.id, self._backend.validate(op, params, all_errors)

    @staticmethod
    def gather(op: Operation, path: Mapping[str, Any], query: Mapping[str, Any],
               body: Mapping[str, Any]) -> dict[str, Any]:
        """The raw parameters of ``op``, each taken from its documented location only."""
        sources = {"path": path, "query": query, "body": body}
        params: dict[str, Any] = {}
        for param in op.params:
            source = sources[param.location]
            for name in (param.name, *param.aliases):
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

