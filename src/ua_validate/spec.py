"""The immutable specification of every operation, built once from the schema files."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ._record import Record

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, ClassVar, Literal, TypeAlias

__all__ = ["Collection", "Filter", "Operation", "Param", "Rule", "Spec", "TypeSpec"]

Location: TypeAlias = 'Literal["path", "query", "body"]'

# These are frozen records with __slots__ (``_record.Record``), not the frozen dataclasses
# STYLE.md asks for: importing dataclasses and creating these slotted classes cost ≈ 24 ms of
# start-up, against a 60 ms target. Each keeps the fields, defaults, immutability
# (FrozenInstanceError), equality, hashing, repr and pickling a frozen dataclass would have.

# Value types whose values are numbers of a phone system: `contains`/`startsWith` filters on
# them take a part of a number.
NUMBER_TYPES = frozenset({"extension", "phone_number", "ext_or_phone"})


class TypeSpec(Record):
    """A value type of SPEC §3 and its options (limits, values, settings it reads)."""

    __slots__ = _fields = ("name", "options")
    _defaults: ClassVar[dict[str, Any]] = {"options": ()}
    name: str
    options: tuple[tuple[str, Any], ...]

    def get(self, key: str, default: Any = None) -> Any:
        for name, value in self.options:
            if name == key:
                return value
        return default

    @property
    def numeric(self) -> bool:
        """Whether values of this type are numbers (ints and numeric enums)."""
        return self.name == "int" or (self.name == "enum" and bool(self.get("numeric")))


class Param(Record):
    """One parameter: where it travels, its type, whether it is required, its code."""

    __slots__ = _fields = ("name", "location", "type", "code", "variant", "required", "required_unless",
                           "default", "aliases", "description", "item_checks", "too_many_code")
    _defaults: ClassVar[dict[str, Any]] = {"variant": None, "required": False, "required_unless": None, "default": None,
                 "aliases": (), "description": "", "item_checks": (), "too_many_code": None}
    name: str
    location: Location
    type: TypeSpec
    code: str
    variant: str | None
    required: bool
    required_unless: str | None
    default: Any
    aliases: tuple[str, ...]
    description: str
    # for a list of objects: the checks of each object, in order
    item_checks: tuple[Param | Rule, ...]
    # for a list with a settable size limit: the code when there are too many items
    too_many_code: str | None


class Rule(Record):
    """A check across parameters, placed in the check order like a parameter."""

    __slots__ = _fields = ("kind", "params", "code", "variant", "description")
    _defaults: ClassVar[dict[str, Any]] = {"variant": None, "description": ""}
    kind: str
    params: tuple[str, ...]
    code: str
    variant: str | None
    description: str


class Filter(Record):
    """A field a collection can be filtered by, and the code its bad filterValue gets."""

    __slots__ = _fields = ("name", "type", "code")
    _defaults: ClassVar[dict[str, Any]] = {"code": None}
    name: str
    type: TypeSpec
    code: str | None  # None: filtervalue_invalid with a variant (SPEC §4)

    @property
    def numeric(self) -> bool:
        return self.type.numeric

    @property
    def number_like(self) -> bool:
        return self.type.name in NUMBER_TYPES


class Collection(Record):
    """The standard collection parameters of a list operation (SPEC §4)."""

    __slots__ = _fields = ("fields", "filters", "ops", "op_default")
    _defaults: ClassVar[dict[str, Any]] = {"op_default": None}
    fields: tuple[str, ...]
    filters: Mapping[str, Filter]
    ops: tuple[str, ...]
    op_default: str | None


class Operation(Record):
    """One operation: method, URI template and its checks in check order."""

    _fields = ("id", "resource", "method", "path", "summary", "checks", "collection",
               "dispatch", "actions", "aliases", "segments", "bodies")
    # _params, _takes_body: derived from the fields on first use and kept (read on every
    # request); not fields, so equality, hashing, repr and pickling ignore them.
    __slots__ = (*_fields, "_params", "_takes_body")
    _defaults: ClassVar[dict[str, Any]] = {"collection": None, "dispatch": None, "aliases": (), "segments": (),
                                           "bodies": ("json",)}
    _factories: ClassVar[dict[str, Any]] = {"actions": dict}
    id: str
    resource: str
    method: str
    path: str
    summary: str
    checks: tuple[Param | Rule, ...]
    collection: Collection | None
    # phone-call actions: the body field naming the action, and each action's own checks
    dispatch: Param | None
    actions: Mapping[str, tuple[Param | Rule, ...]]
    aliases: tuple[str, ...]
    # the URI template as (name, is_variable, optional) segments
    segments: tuple[tuple[str, bool, bool], ...]
    # the body formats the web adapters read ("json", "multipart"), from the schema's `bodies`
    bodies: tuple[str, ...]

    _params: tuple[Param, ...]
    _takes_body: bool

    @property
    def params(self) -> tuple[Param, ...]:
        """Every parameter the operation defines, each once, in check order."""
        try:
            return self._params
        except AttributeError:
            seen: dict[str, Param] = {}
            for group in self._groups():
                for check in group:
                    if isinstance(check, Param):
                        seen.setdefault(check.name, check)
            params = tuple(seen.values())
            object.__setattr__(self, "_params", params)
            return params

    @property
    def takes_body(self) -> bool:
        """Whether any parameter is read from the body (a web adapter reads a body only then)."""
        try:
            return self._takes_body
        except AttributeError:
            takes = any(param.location == "body" for param in self.params)
            object.__setattr__(self, "_takes_body", takes)
            return takes

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
        return (*self.checks, self.dispatch, *self.actions.get(action or "", ()))

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


class Spec(Record):
    """Every operation, by id, with the aliases that name them."""

    __slots__ = _fields = ("operations", "aliases")
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
