"""The exceptions of ua_validate and the immutable record of one validation failure.

    Exception
     ├── UAError                  any documented error: code, variant, status, message, body
     │    └── ValidationError     a request that breaks a documented rule (one or more Failures)
     ├── ValueError
     │    └── SchemaError         a schema file the loader refuses (a programming fault)
     └── LookupError
          └── UnknownOperationError  an operation id that no schema defines (a programming fault)

No exception here keeps a request value: phone numbers are personal data, so reprs, messages
and logs name the parameter, the code and the reason only; a reason states the rule broken
(name, type, bounds, allowed values), never a value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import catalog
from ._record import Record

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, ClassVar, Literal, TypeAlias

__all__ = ["Failure", "SchemaError", "UAError", "UnknownOperationError", "ValidationError", "explained"]

Location: TypeAlias = 'Literal["path", "query", "body"]'
# What a backend attaches to a Failure: its reason, or the function that writes it on first use.
Why: TypeAlias = "str | Callable[[Failure], str]"


class Failure(Record):  # a frozen record, not a dataclass: see spec.py
    """One broken rule: the catalog code and variant, where (never what) the value was, and why.

    ``reason`` says why for the developer ("count must be an integer from 1 to 5000"); it is
    never in a response body, and never holds a request value.
    """

    _fields = ("code", "variant", "param", "location")
    # _entry: the catalog entry, looked up once (the validators raise the same Failure objects
    # again and again); _why: the reason, or the function that writes it (attached by the
    # backend that built the failure, once per prebuilt Failure). Not fields: equality and
    # hashing ignore them.
    __slots__ = (*_fields, "_entry", "_why")
    _defaults: ClassVar[dict[str, Any]] = {"variant": None, "param": None, "location": None}
    code: str
    variant: str | None
    param: str | None
    location: Location | None
    _entry: catalog.Entry
    _why: Why

    @property
    def entry(self) -> catalog.Entry:
        """The catalog entry of this failure's code and variant."""
        try:
            return self._entry
        except AttributeError:
            entry = catalog.entry(self.code, self.variant)
            object.__setattr__(self, "_entry", entry)
            return entry

    @property
    def reason(self) -> str:
        """Why the request failed, for the developer: the rule broken, never the value.

        Written on first access from what the backend attached (the hot path never pays for
        it); a Failure built by hand without one names its code.
        """
        try:
            why = self._why
        except AttributeError:
            where = f" on {self.param}" if self.param else ""
            return f"{self.code}{f' ({self.variant})' if self.variant else ''}{where}"
        if isinstance(why, str):
            return why
        text = why(self)
        object.__setattr__(self, "_why", text)
        return text

    def __repr__(self) -> str:
        return f"{Record.__repr__(self)[:-1]}, reason={self.reason!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (*self._values(self), self.reason))


def _rebuilt(code: str, variant: str | None, param: str | None, location: Location | None,
             reason: str) -> Failure:
    """A Failure from a pickle, with its reason."""
    return explained(Failure(code, variant, param, location), reason)


def explained(failure: Failure, why: Why) -> Failure:
    """``failure`` with its reason attached: text, or ``why(failure)`` written on first access.

    For the backends, once per Failure they build; returns the same Failure.
    """
    object.__setattr__(failure, "_why", why)
    return failure


class UAError(Exception):
    """A documented UnifiedAPI error; ``raise UAError("pce_fail_add")`` from any handler.

    ``reason`` (optional) says why, for the developer: shown by the command line and the
    adapters' debug mode, never in the response body. Never put a request value in it.
    """

    def __init__(self, code: str, variant: str | None = None, reason: str | None = None) -> None:
        self.entry = catalog.entry(code, variant)
        self._reason = reason
        super().__init__(self.entry.message)

    @property
    def reason(self) -> str | None:
        """Why, for the developer; None when whoever raised the error gave none."""
        return self._reason

    @property
    def code(self) -> str:
        """The documented error code."""
        return self.entry.code

    @property
    def variant(self) -> str | None:
        """Which message, for a code with several."""
        return self.entry.variant

    @property
    def status(self) -> int:
        """The documented HTTP status."""
        return self.entry.status

    @property
    def message(self) -> str:
        """The documented message, verbatim."""
        return self.entry.message

    @property
    def body(self) -> dict[str, dict[str, str]]:
        """``{"error": {"code": ..., "message": ...}}``, a fresh dict each time."""
        return self.entry.body

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.entry.code, self.entry.variant, self._reason))

    def __repr__(self) -> str:
        variant = f", variant={self.variant!r}" if self.variant else ""
        reason = f", reason={self._reason!r}" if self._reason is not None else ""
        return f"{type(self).__name__}({self.code!r}{variant}{reason})"


class ValidationError(UAError):
    """A request broke a documented rule; ``errors`` holds every failure found, first first."""

    def __init__(self, failures: Failure | Iterable[Failure]) -> None:
        # Built on every failed request, so the chain is flattened: the same attributes, in
        # the same order, and the same args as UAError.__init__ + Exception.__init__ set.
        errors: tuple[Failure, ...]
        if type(failures) is tuple:
            errors = failures
        else:
            errors = (failures,) if isinstance(failures, Failure) else tuple(failures)
        if not errors:
            raise ValueError("ValidationError needs at least one Failure")
        self.errors = errors
        self.failure = failure = errors[0]
        self.entry = entry = failure.entry  # looked up once per Failure, not once per request
        self.args = (entry.message,)

    @property
    def param(self) -> str | None:
        """The parameter that failed first, e.g. ``"count"`` or ``"phoneCallView[0].source"``."""
        return self.failure.param

    @property
    def location(self) -> Location | None:
        return self.failure.location

    @property
    def reason(self) -> str:
        """Why the first failure failed (``Failure.reason``)."""
        return self.failure.reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors,))

    def __repr__(self) -> str:
        variant = f", variant={self.variant!r}" if self.variant else ""
        return f"ValidationError({self.code!r}{variant}, param={self.param!r}, reason={self.reason!r})"


class SchemaError(ValueError):
    """A schema file that does not load: names the file and the key at fault."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        super().__init__(f"{file}: {key}: {problem}")


class UnknownOperationError(LookupError):
    """An operation id that no schema defines: a programming fault, not a request fault."""

    def __init__(self, operation: object, known: Iterable[str] = ()) -> None:
        self.operation = operation
        hint = f"; known: {', '.join(sorted(known))}" if known else ""
        super().__init__(f"unknown operation {operation!r}{hint}")
