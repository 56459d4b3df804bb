"""Immutable records with ``__slots__``, as frozen slotted dataclasses, without ``dataclasses``.

What ``@dataclass(frozen=True, slots=True)`` gives: ``__init__`` with defaults, ``__eq__``,
``__hash__``, ``__repr__``, ``__match_args__``, pickling, ``dataclasses.FrozenInstanceError``
on assignment.

Why not dataclasses: importing them (with ``inspect``, ``ast``, ``dis``) costs ≈ 15 ms and
creating the slotted classes (each one built twice) ≈ 9 ms more, a third of the library's
start-up target; the records of the Spec, the catalog and the settings need none of their
generality. A subclass names its fields in order, once, as ``__slots__ = _fields = (...)``,
with the defaults in ``_defaults`` and any default factory in ``_factories``.
"""

from __future__ import annotations

from operator import attrgetter
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

    def __init__(self, *args: object, **kwargs: object) -> None:
        fields = self._fields
        name = type(self).__name__
        if len(args) > len(fields):
            raise TypeError(f"{name}() takes {len(fields)} positional arguments but {len(args)} were given")
        values = dict(zip(fields, args, strict=False))
        for key, value in kwargs.items():
            if key not in fields:
                raise TypeError(f"{name}() got an unexpected keyword argument {key!r}")
            if key in values:
                raise TypeError(f"{name}() got multiple values for argument {key!r}")
            values[key] = value
        set_field = object.__setattr__
        defaults, factories = self._defaults, self._factories
        for key in fields:
            if key in values:
                set_field(self, key, values[key])
            elif key in defaults:
                set_field(self, key, defaults[key])
            elif key in factories:
                set_field(self, key, factories[key]())
            else:
                raise TypeError(f"{name}() missing required argument: {key!r}")
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

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
