"""The marshmallow backend: one marshmallow schema per operation, built from the Spec.

marshmallow keeps only message strings when it gathers errors, so every message this backend
raises *is* the failure's catalog key (``"count_invalid"``, ``"filtervalue_invalid:numbers"``),
and the key of each error in ``err.messages`` says which check failed. The checks themselves
are the shared type functions and rules; this module only wires them into marshmallow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import marshmallow as ma

from . import _reasons, rules, types
from .errors import Failure, ValidationError, explained
from .rules import Settings
from .spec import Collection, Operation, Param, Rule

__all__ = ["MarshmallowBackend", "failure_key", "parse_key"]

_MISSING = ma.missing
# Stands for a parameter given under its name and an alias at once: no checker accepts it.
_CONFLICT: Any = object()
SortKey = tuple[int, ...]
# Between a filterValue failure's key and its filter field in a message (no code holds it).
_FILTER_MARK = "@"


def failure_key(code: str, variant: str | None) -> str:
    """The message a marshmallow field raises for a failure: its catalog key."""
    return code if variant is None else f"{code}:{variant}"


def parse_key(key: str) -> tuple[str, str | None]:
    code, _, variant = key.partition(":")
    return code, variant or None


class _Field(ma.fields.Field[Any]):
    """A field that cleans with a shared checker; each of its failures is its catalog key."""

    def __init__(self, param: Param, check: Callable[[Any], Any]) -> None:
        key = failure_key(param.code, param.variant)
        super().__init__(
            required=param.required,
            load_default=_MISSING if param.default is None else param.default,
            error_messages={"required": key, "null": key, "invalid": key},
        )
        self.check = check

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        cleaned = self.check(value)
        if cleaned is None:
            raise self.make_error("invalid")
        return cleaned


class _Objects(_Field):
    """A list of objects: its shape, then the size limit from the settings, then each item."""

    def __init__(self, param: Param, check: Callable[[Any], Any], item_schema: ma.Schema,
                 limit: int | None) -> None:
        super().__init__(param, check)
        self.item_schema = item_schema
        self.limit = limit
        self.too_many = failure_key(param.too_many_code, None) if param.too_many_code else None

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        items = super()._deserialize(value, attr, data, **kwargs)
        if self.too_many is not None and self.limit is not None and len(items) > self.limit:
            raise ma.ValidationError(self.too_many)
        errors: dict[int, Any] = {}
        cleaned = []
        for index, item in enumerate(items):
            try:
                cleaned.append(self.item_schema.load(item))
            except ma.ValidationError as err:
                errors[index] = err.messages
        if errors:
            raise ma.ValidationError(errors)
        return tuple(cleaned)


class _Base(ma.Schema):
    """What every generated schema shares: aliases, filter handling, rules, order of output."""

    checks: ClassVar[tuple[Param | Rule, ...]] = ()
    collection: ClassVar[Collection | None] = None
    filter_checks: ClassVar[Mapping[str, Callable[[Any], Any]]] = {}

    class Meta:
        unknown = ma.EXCLUDE

    @ma.pre_load
    def _prepare(self, data: Mapping[str, Any], **kwargs: Any) -> dict[str, Any]:
        prepared = dict(data)
        for check in self.checks:
            if isinstance(check, Param):
                for alias in check.aliases:
                    if alias in prepared:
                        value = prepared.pop(alias)
                        prepared[check.name] = _CONFLICT if check.name in data else value
        if self.collection is not None and "filterBy" not in prepared:
            prepared.pop("filterOp", None)  # meaningless without filterBy: ignored (SPEC §4)
        return prepared

    @ma.validates_schema(pass_original=True, skip_on_field_errors=False)
    def _across(self, data: dict[str, Any], original: Mapping[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        for index, check in enumerate(self.checks):
            if isinstance(check, Rule):
                first, second = check.params
                if first in data and second in data and not rules.rule_holds(
                    check.kind, data[first], data[second]
                ):
                    errors[f"#{index}"] = [failure_key(check.code, check.variant)]
            elif check.required_unless is not None:
                if check.name not in original and check.required_unless not in original:
                    errors[check.name] = [failure_key(check.code, check.variant)]
            elif check.type.name == "filter_value":
                failure = self._filter_value(data, original)
                if failure is not None:
                    errors[check.name] = [failure]
        if errors:
            raise ma.ValidationError(errors)

    def _filter_value(self, data: dict[str, Any], original: Mapping[str, Any]) -> str | None:
        collection = self.collection
        assert collection is not None
        if "filterBy" not in data or ("filterOp" in original and "filterOp" not in data):
            return None
        flt = collection.filters[data["filterBy"]]
        op = data.get("filterOp") or collection.op_default or "equals"
        raw = original.get("filterValue")  # None when absent, as rules.filter_value reads it
        ok, value = rules.filter_value(flt, op, raw, self.filter_checks[flt.name])
        if not ok:
            key = failure_key(flt.code, None) if flt.code else failure_key("filtervalue_invalid", value)
            return f"{key}{_FILTER_MARK}{flt.name}"  # which field: the reason names it
        if value is not None:
            data["filterValue"] = value
        return None

    @ma.post_load
    def _finish(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        collection = self.collection
        if collection is not None and collection.op_default and "filterBy" in data:
            data.setdefault("filterOp", collection.op_default)
        return {name: data[name] for name in self.fields_order if name in data}

    fields_order: ClassVar[tuple[str, ...]] = ()


def _schema_for(name: str, checks: tuple[Param | Rule, ...], settings: Settings,
                collection: Collection | None) -> ma.Schema:
    attrs: dict[str, Any] = {
        "checks": checks,
        "collection": collection,
        "fields_order": tuple(c.name for c in checks if isinstance(c, Param)),
    }
    if collection is not None:
        attrs["filter_checks"] = {
            flt.name: rules.checker_for(flt.type, settings) for flt in collection.filters.values()
        }
    for check in checks:
        if not isinstance(check, Param) or check.type.name == "filter_value":
            continue
        checker = rules.checker_for(check.type, settings)
        if check.item_checks:
            item_schema = _schema_for(f"{name}.{check.name}", check.item_checks, settings, None)
            limit = rules.bounds(check.type, settings)[1]
            attrs[check.name] = _Objects(check, checker, item_schema, limit)
        else:
            attrs[check.name] = _Field(check, checker)
    schema_class: type[ma.Schema] = type(f"Schema[{name}]", (_Base,), attrs)
    return schema_class()


def _flatten(messages: Mapping[Any, Any], checks: tuple[Param | Rule, ...], prefix: str,
             base: SortKey, settings: Settings, collection: Collection | None) -> list[tuple[SortKey, Failure]]:
    """(sort key, failure) for every error in marshmallow's nested messages."""
    positions: dict[str, tuple[int, Param | Rule]] = {}
    for index, check in enumerate(checks):
        if isinstance(check, Param):
            positions[check.name] = (index, check)
        positions[f"#{index}"] = (index, check)
    found: list[tuple[SortKey, Failure]] = []
    for name, value in messages.items():
        index, check = positions[name]
        if isinstance(check, Rule):
            blamed = next(c for c in checks if isinstance(c, Param) and c.name == check.params[0])
            label, location = blamed.name, blamed.location
        else:
            label, location = check.name, check.location
        if isinstance(value, Mapping):  # a list of objects: {item index: item messages}
            assert isinstance(check, Param)
            for item, inner in sorted(value.items()):
                found.extend(_flatten(inner, check.item_checks, f"{prefix}{label}[{item}].",
                                      (*base, index, item), settings, None))
            continue
        for message in value:
            key, _, field = message.partition(_FILTER_MARK)
            code, variant = parse_key(key)
            flt = collection.filters[field] if field and collection is not None else None
            why = _reasons.because(check, code, variant, settings, flt=flt, collection=collection, checks=checks)
            found.append(((*base, index), explained(Failure(code, variant, prefix + label, location), why)))
    return found


class MarshmallowBackend:
    """Validates with marshmallow schemas built lazily, one per operation (and action)."""

    name = "marshmallow"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._schemas: dict[tuple[str, str | None], ma.Schema] = {}

    def _schema(self, op: Operation, action: str | None) -> ma.Schema:
        key = (op.id, action)
        schema = self._schemas.get(key)
        if schema is None:
            name = op.id if action is None else f"{op.id}.{action}"
            schema = _schema_for(name, op.checks_for(action), self.settings, op.collection)
            self._schemas[key] = schema
        return schema

    def function(self, op: Operation) -> Callable[[Mapping[str, Any], list[Failure] | None], dict[str, Any]]:
        """``op``'s validation as the generated functions take it: ``(params, errs)``, with
        ``errs`` a list to collect every failure, None to stop at the first."""

        def validate(params: Mapping[str, Any], errs: list[Failure] | None = None) -> dict[str, Any]:
            return self.validate(op, params, errs is not None)

        return validate

    def validate(self, op: Operation, params: Mapping[str, Any], all_errors: bool) -> dict[str, Any]:
        action = None
        if op.dispatch is not None:
            raw = params.get(op.dispatch.name)
            text = raw if type(raw) is str else types.as_text(raw)  # a str subclass is its text
            action = text if text in op.actions else None
        # Without a known action, the schema holds the dispatch field alone, which then fails.
        try:
            return self._schema(op, action).load(params)  # type: ignore[no-any-return]
        except ma.ValidationError as err:
            messages = err.messages
            assert isinstance(messages, Mapping)  # keyed by field: the schema's errors
            found = _flatten(messages, op.checks_for(action), "", (), self.settings, op.collection)
        found.sort(key=lambda pair: pair[0])
        raise ValidationError([f for _, f in (found if all_errors else found[:1])])
