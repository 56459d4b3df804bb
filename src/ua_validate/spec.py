"""The immutable specification of every operation, built once from the schema files."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Collection", "Filter", "Operation", "Param", "Rule", "Spec", "TypeSpec"]

Location = Literal["path", "query", "body"]

# Value types whose values are numbers of a phone system: `contains`/`startsWith` filters on
# them take a part of a number.
NUMBER_TYPES = frozenset({"extension", "phone_number", "ext_or_phone"})


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """A value type of SPEC §3 and its options (limits, values, settings it reads)."""

    name: str
    options: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        for name, value in self.options:
            if name == key:
                return value
        return default

    @property
    def numeric(self) -> bool:
        """Whether values of this type are numbers (ints and numeric enums)."""
        return self.name == "int" or (self.name == "enum" and bool(self.get("numeric")))


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter: where it travels, its type, whether it is required, its code."""

    name: str
    location: Location
    type: TypeSpec
    code: str
    variant: str | None = None
    required: bool = False
    required_unless: str | None = None
    default: Any = None
    aliases: tuple[str, ...] = ()
    description: str = ""
    # for a list of objects: the checks of each object, in order
    item_checks: tuple[Param | Rule, ...] = ()
    # for a list with a settable size limit: the code when there are too many items
    too_many_code: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A check across parameters, placed in the check order like a parameter."""

    kind: str
    params: tuple[str, ...]
    code: str
    variant: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Filter:
    """A field a collection can be filtered by, and the code its bad filterValue gets."""

    name: str
    type: TypeSpec
    code: str | None = None  # None: filtervalue_invalid with a variant (SPEC §4)

    @property
    def numeric(self) -> bool:
        return self.type.numeric

    @property
    def number_like(self) -> bool:
        return self.type.name in NUMBER_TYPES


@dataclass(frozen=True, slots=True)
class Collection:
    """The standard collection parameters of a list operation (SPEC §4)."""

    fields: tuple[str, ...]
    filters: Mapping[str, Filter]
    ops: tuple[str, ...]
    op_default: str | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation: method, URI template and its checks in check order."""

    id: str
    resource: str
    method: str
    path: str
    summary: str
    checks: tuple[Param | Rule, ...]
    collection: Collection | None = None
    # phone-call actions: the body field naming the action, and each action's own checks
    dispatch: Param | None = None
    actions: Mapping[str, tuple[Param | Rule, ...]] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    # the URI template as (name, is_variable, optional) segments
    segments: tuple[tuple[str, bool, bool], ...] = ()

    @property
    def params(self) -> tuple[Param, ...]:
        """Every parameter the operation defines, each once, in check order."""
        seen: dict[str, Param] = {}
        for group in self._groups():
            for check in group:
                if isinstance(check, Param):
                    seen.setdefault(check.name, check)
        return tuple(seen.values())

    def param(self, name: str) -> Param:
        for candidate in self.params:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def _groups(self) -> list[tuple[Param | Rule, ...]]:
        groups = [self.checks]
        if self.dispatch is not None:
            groups.append((self.dispatch,))
        groups.extend(self.actions.values())
        return groups

    def checks_for(self, action: str | None) -> tuple[Param | Rule, ...]:
        """The checks in order: the operation's, then the dispatch, then the action's."""
        if self.dispatch is None:
            return self.checks
        return self.checks + (self.dispatch,) + self.actions.get(action or "", ())

    def walk(self) -> Iterator[tuple[str, Param | Rule]]:
        """Every check with a dotted label, nested object checks included."""
        for group in self._groups():
            for check in group:
                yield _label(check), check
                if isinstance(check, Param):
                    for inner in check.item_checks:
                        yield f"{check.name}[].{_label(inner)}", inner


def _label(check: Param | Rule) -> str:
    return check.name if isinstance(check, Param) else f"({check.kind})"


@dataclass(frozen=True, slots=True)
class Spec:
    """Every operation, by id, with the aliases that name them."""

    operations: Mapping[str, Operation]
    aliases: Mapping[str, str]

    def operation(self, name: str) -> Operation:
        try:
            return self.operations[self.aliases.get(name, name)]
        except (KeyError, TypeError):
            # Imported here, on the error path only: an import statement costs microseconds
            # on every call, and this runs on every request.
            from .errors import UnknownOperationError

            raise UnknownOperationError(name, self.operations) from None

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations.values())
