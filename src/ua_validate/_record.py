"""Immutable records with ``__slots__``, as frozen slotted dataclasses, without ``dataclasses``.

What ``@dataclass(frozen=True, slots=True)`` gives: ``__init__`` with defaults, ``__eq__``,
``__hash__``, ``__repr__``, ``__match_args__``, pickling, ``dataclasses.FrozenInstanceError``
on assignment. Each subclass gets an ``__init__`` of its own, generated from its fields as
dataclasses does, so that ``help()``, ``inspect.signature`` and editors show the real
parameters (``Failure(code, variant=None, param=None, location=None)``) and constructing a
record costs a plain function call.

Why not dataclasses: importing them (with ``inspect``, ``ast``, ``dis``) costs ≈ 15 ms and
creating the slotted classes (each one built twice) ≈ 9 ms more, a third of the library's
start-up target; the records of the Spec, the catalog and the settings need none of their
generality. A subclass names its fields in order, once, as ``__slots__ = _fields = (...)``,
with the defaults in ``_defaults`` and any default factory in ``_factories``.
"""

from __future__ import annotations

from operator import attrgetter

from . import _cache

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, ClassVar

__all__ = ["Record"]


class Record:
    """The base of a frozen record; a subclass lists its fields in ``__slots__ = _fields``."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _defaults: ClassVar[dict[str, object]] = {}
    _factories: ClassVar[dict[str, type]] = {}
    _values: ClassVar[Any]  # a staticmethod: instance -> tuple of its field values

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        setattr(cls, "__match_args__", cls._fields)  # noqa: B010 (mypy refuses the assignment)
        getter = attrgetter(*cls._fields)
        # called as self._values(self): the fields' values as a tuple, in one C call
        cls._values = staticmethod(getter if len(cls._fields) > 1 else (lambda self: (getter(self),)))
        if cls._fields and "__init__" not in cls.__dict__:
            setattr(cls, "__init__", _generated_init(cls))  # noqa: B010 (mypy refuses the assignment)

    if TYPE_CHECKING:
        # What a type checker sees of the generated __init__ of every subclass.
        def __init__(self, *args: Any, **kwargs: Any) -> None: ...

    def __setattr__(self, key: str, value: object) -> None:
        from dataclasses import FrozenInstanceError  # only on this error path

        raise FrozenInstanceError(f"cannot assign to field {key!r}")

    def __delattr__(self, key: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {key!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(self._values(self) == other._values(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={getattr(self, key)!r}" for key in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), self._values(self))


class _Factory:
    """The default shown for a field filled by a factory, as dataclasses shows it."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _generated_init(cls: type[Record]) -> Any:
    """``cls.__init__`` written out from its fields: positional or keyword parameters in field
    order, defaults from ``_defaults`` and ``_factories``, then ``__post_init__`` if defined."""
    names: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    params, body = ["self"], []
    for field in cls._fields:
        if field in cls._defaults:
            names[f"_default_{field}"] = cls._defaults[field]
            params.append(f"{field}=_default_{field}")
        elif field in cls._factories:
            names[f"_factory_{field}"] = cls._factories[field]
            params.append(f"{field}=_FACTORY")
            body.append(f"    if {field} is _FACTORY: {field} = _factory_{field}()")
        else:
            if len(params) > 1 and "=" in params[-1] and "*" not in params:
                params.append("*")  # a required field after a defaulted one: keyword-only
            params.append(field)
        body.append(f"    _set(self, {field!r}, {field})")
    if getattr(cls, "__post_init__", None) is not None:
        body.append("    self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n" + "\n".join(body) + "\n"
    exec(_cache.code(source, f"<record {cls.__qualname__}>"), names)  # compiled once, then cached
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    # The fields' annotations as the class wrote them (text: nothing is evaluated at import).
    own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (inspect costs start-up time)
    init.__annotations__ = {field: own[field] for field in cls._fields if field in own} | {"return": "None"}
    return init
