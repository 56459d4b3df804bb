"""Error cases: every way each operation can fail, walked from the Spec in check order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import rules, types
from ..spec import Filter, Operation, Param, Rule
from ..validator import Validator
from ._records import ErrorCase
from ._values import (
    ABSENT,
    TEXT_PROBES,
    Context,
    context_of,
    operation_of,
)


def error_cases(operation: str | Operation | None = None, *,
                validator: Validator | None = None) -> tuple[ErrorCase, ...]:
    """Every ErrorCase of ``operation`` (an id, alias or Operation), or of all operations.

    The cases follow the check order: for ``phone_calls.update`` the operation's own checks,
    then ``action``, then each action's checks.
    """
    ctx = context_of(validator)
    if operation is None:
        return tuple(case for op in ctx.validator.spec for case in cases_of(ctx, op))
    return cases_of(ctx, operation_of(ctx, operation))


def error_codes(operation: str | Operation | None = None, *,
                validator: Validator | None = None) -> frozenset[tuple[str, str | None]]:
    """Every (code, variant) that validating requests to ``operation`` (or any) can produce."""
    return frozenset((case.code, case.variant) for case in error_cases(operation, validator=validator))


def cases_of(ctx: Context, op: Operation) -> tuple[ErrorCase, ...]:
    found = ctx.cases.get(op.id)
    if found is None:
        cases = list(_cases_in(ctx, op, op.checks, None, None))
        if op.dispatch is not None:
            cases.extend(_cases_in(ctx, op, (op.dispatch,), None, None))
            for action, checks in op.actions.items():
                cases.extend(_cases_in(ctx, op, checks, action, None))
        found = ctx.cases[op.id] = tuple(cases)
    return found


def _cases_in(ctx: Context, op: Operation, checks: Iterable[Param | Rule], action: str | None,
              within: Param | None) -> Iterable[ErrorCase]:
    prefix = f"{within.name}[]." if within is not None else ""

    def case(code: str, variant: str | None, param: str, kind: str, check: Param | Rule,
             **extra: Any) -> ErrorCase:
        return ErrorCase(op.id, code, variant, prefix + param, kind, action, check=check,
                         within=within, **extra)

    for check in checks:
        if isinstance(check, Rule):
            yield case(check.code, check.variant, check.params[0], "rule", check)
            continue
        if check.type.name == "filter_value":
            assert op.collection is not None
            yield from _filter_cases(ctx, op, check, action)
            continue
        if ctx.probes(check.type, check.location):
            yield case(check.code, check.variant, check.name, "invalid", check)
        # A path fragment cannot be left out of a URL: that is another route, or none.
        if check.required and check.location != "path":
            yield case(check.code, check.variant, check.name, "missing", check)
        if check.required_unless is not None:
            yield case(check.code, check.variant, check.name, "required_unless", check)
        if check.aliases:
            yield case(check.code, check.variant, check.name, "alias_conflict", check)
        if check.too_many_code is not None:
            yield case(check.too_many_code, None, check.name, "too_many", check)
        if check.item_checks:
            yield from _cases_in(ctx, op, check.item_checks, action, check)


def filter_probes(ctx: Context, flt: Filter, kind: str) -> tuple[Any, ...]:
    """Fixed filterValues that break the filter in the way ``kind`` says (maybe not at all)."""
    if kind == "filter_empty":
        return (ABSENT, "", ["", ""])
    if kind == "filter_list":
        return (",", "1,,2", ",1", "1,", "1 ,2", ",".join(["1"] * 101))
    if kind == "filter_part":
        return ("x", "1-2", "1 2", "9" * 65)
    values = tuple(v for v in (*TEXT_PROBES, *ctx.probes(flt.type, "query")) if type(v) is str)
    if kind == "filter_item":
        return tuple(v for v in values if types.comma_list_shape(v) == (v,))
    return values


def filter_outcome(ctx: Context, flt: Filter, op_name: str, raw: Any) -> tuple[bool, Any]:
    return rules.filter_value(flt, op_name, None if raw is ABSENT else raw, ctx.check(flt.type))


def _filter_cases(ctx: Context, op: Operation, check: Param, action: str | None) -> Iterable[ErrorCase]:
    collection = op.collection
    assert collection is not None
    for flt in collection.filters.values():
        for op_name in collection.ops:
            for kind in rules.filter_kinds(flt, op_name):
                variants: dict[str | None, None] = {}
                for probe in filter_probes(ctx, flt, kind):
                    ok, variant = filter_outcome(ctx, flt, op_name, probe)
                    if not ok:
                        variants[None if flt.code else variant] = None
                for variant in variants:
                    yield ErrorCase(op.id, flt.code or check.code, variant, check.name, kind, action,
                                    filter_by=flt.name, filter_op=op_name, check=check)
