"""Request assembly: parameter mappings that validate, or that break exactly one error case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from .. import rules, types
from ..spec import Collection, Filter, Operation, Param, Rule, TypeSpec
from ..validator import Validator
from ._cases import cases_of, error_codes, filter_outcome, filter_probes
from ._records import ErrorCase
from ._values import (
    ABSENT,
    BOOLEANS,
    FILTER_TYPES,
    TRIES,
    Context,
    Draw,
    Strategy,
    accepted_values,
    bare,
    below,
    context_of,
    fits,
    inserted,
    junk,
    kept,
    mutated,
    operation_of,
    sampled,
    warmed,
)

_SHORT_TEXT: Strategy[str] = st.text(max_size=8)
_SECOND = timedelta(seconds=1)


def valid_requests(operation: str | Operation, *, validator: Validator | None = None,
                   action: str | None = None) -> Strategy[dict[str, Any]]:
    """Parameter mappings that validate, shaped as clients send them.

    Path fragments and query values are text (a template's optional fragments nest as its
    brackets say); JSON body fields are strings, numbers, booleans, arrays or objects as the
    type allows. For ``phone_calls.update`` each example picks an action, or ``action`` fixes it.
    """
    ctx = context_of(validator)
    return passing_requests(ctx, operation_of(ctx, operation), action, None)


def invalid_requests(operation: str | Operation, code: str, variant: str | None = None, *,
                     validator: Validator | None = None) -> Strategy[dict[str, Any]]:
    """Parameter mappings that fail with exactly ``code`` (and ``variant``, when given).

    Each breaks one ErrorCase with that code and keeps every other check passing. Without a
    variant, a code with several messages may come with any of them. ValueError when the
    operation cannot fail so (see ``error_codes``).
    """
    ctx = context_of(validator)
    return failing_requests(ctx, operation_of(ctx, operation), code, variant, None)


def passing_requests(ctx: Context, op: Operation, action: str | None,
                     fragments: frozenset[str] | None) -> Strategy[dict[str, Any]]:
    """``valid_requests``; with ``fragments``, exactly those optional path fragments given."""
    if action is not None and action not in op.actions:
        raise ValueError(f"{op.id} has no action {action!r}; known: {sorted(op.actions)}")
    return _request(ctx, op, None, action, fragments)


def failing_requests(ctx: Context, op: Operation, code: str, variant: str | None,
                     fragments: frozenset[str] | None) -> Strategy[dict[str, Any]]:
    """``invalid_requests``; with ``fragments``, exactly those optional path fragments given
    (a case that breaks another fragment cannot be sent so)."""
    cases = [c for c in cases_of(ctx, op) if c.code == code and (variant is None or c.variant == variant)
             and (fragments is None or _fits_fragments(op, c, fragments))]
    if not cases:
        wanted = code if variant is None else f"{code} ({variant})"
        known = ", ".join(sorted(f"{c}" + (f" ({v})" if v else "") for c, v in error_codes(op, validator=ctx.validator)))
        where = "" if fragments is None else " with the path fragments " + (", ".join(sorted(fragments)) or "none")
        raise ValueError(f"validation of {op.id}{where} never fails with {wanted}; it can fail with: {known}")
    return st.one_of([_request(ctx, op, case, case.action, fragments) for case in cases])


def _fits_fragments(op: Operation, case: ErrorCase, fragments: frozenset[str]) -> bool:
    check = case.check
    return not (case.within is None and isinstance(check, Param) and check.location == "path"
                and check.name in _path_order(op) and check.name not in fragments)


def requests_for(case: ErrorCase, *, validator: Validator | None = None) -> Strategy[dict[str, Any]]:
    """Parameter mappings that break exactly ``case`` (one of ``error_cases``)."""
    ctx = context_of(validator)
    return _request(ctx, ctx.validator.operation(case.operation), case, case.action)


def _prepare(ctx: Context, op: Operation) -> None:
    """Build every strategy the operation's requests draw from, before any draw: hypothesis
    times the first examples, and building (phonenumbers' metadata, length probes) is slow."""
    if op.id in ctx.prepared:
        return
    warmed(_SHORT_TEXT)
    junk("query")
    for _, check in op.walk():
        if isinstance(check, Param) and check.type.name not in ("objects", "filter_value"):
            ctx.valid(check.type, check.location)
            ctx.invalid(check.type, check.location)
    if op.collection is not None:
        for flt in op.collection.filters.values():
            for op_name in op.collection.ops:
                _good_filter_value(ctx, flt, op_name)
    for case in cases_of(ctx, op):
        if case.kind.startswith("filter_") and case.filter_by is not None:
            _bad_filter_value(ctx, op.collection.filters[case.filter_by], case)  # type: ignore[union-attr]
    ctx.prepared.add(op.id)


def _request(ctx: Context, op: Operation, case: ErrorCase | None, action: str | None,
             fragments: frozenset[str] | None = None) -> Strategy[dict[str, Any]]:
    _prepare(ctx, op)
    return bare(_requested(ctx, op, case, action, fragments))


@st.composite  # decorated once (see ``_values._accepted``)
def _requested(draw: Draw, ctx: Context, op: Operation, case: ErrorCase | None, action: str | None,
               fragments: frozenset[str] | None) -> dict[str, Any]:
    chosen = action
    if op.dispatch is None:
        checks = op.checks
    elif case is not None and case.check == op.dispatch:
        checks = (*op.checks, op.dispatch)
    else:
        if chosen is None:
            chosen = draw(sampled(tuple(op.actions)))
        checks = op.checks_for(chosen)
    out = _fill(draw, ctx, op, checks, case, top=True, fragments=fragments)
    if op.dispatch is not None and chosen is not None and (case is None or case.check != op.dispatch):
        out[op.dispatch.name] = chosen
    return out


def _path_order(op: Operation) -> list[str]:
    return [name for name, variable, optional in op.segments if variable and optional]


def _presence(draw: Draw, op: Operation, params: Sequence[Param], case: ErrorCase | None,
              top: bool, fragments: frozenset[str] | None = None) -> dict[str, bool]:
    """Which parameters a request gives: required ones, the case's, and a drawn choice of the
    rest, with optional URI fragments nested as the template says."""
    forced: dict[str, bool] = {}
    if case is not None and top and case.within is not None:
        forced[case.within.name] = True  # the list holding the object that breaks the case
    elif case is not None and (case.within is None) == top:
        check = case.check
        if isinstance(check, Rule):
            forced.update(dict.fromkeys(check.params, True))
        elif case.kind == "missing":
            forced[check.name] = False
        elif case.kind == "required_unless":
            assert check.required_unless is not None
            forced[check.name] = forced[check.required_unless] = False
        elif not case.kind.startswith("filter_"):
            forced[check.name] = True
    optional = [p.name for p in params if p.name not in forced and not p.required]
    # One draw for all the optional parameters: bit i gives the i-th.
    mask = draw(below(1 << len(optional))) if optional else 0
    present: dict[str, bool] = {name: bool(mask >> i & 1) for i, name in enumerate(optional)}
    for param in params:
        if param.name in forced:
            present[param.name] = forced[param.name]
        elif param.required:
            present[param.name] = True
    if top:
        nested = _path_order(op)
        for index, name in enumerate(nested):
            if forced.get(name):
                for outer in nested[:index]:
                    present[outer] = True
        gone = False
        for name in nested:
            if fragments is not None:  # the route the caller serves says which are given
                present[name] = name in fragments
            elif gone:
                present[name] = False
            elif not present.get(name, False):
                gone = True
    for param in params:
        other = param.required_unless
        if other is not None and not present[param.name] and not present.get(other, False) \
                and forced.get(param.name) is not False:
            present[param.name] = True
    return present


def _key(draw: Draw, param: Param) -> str:
    if param.aliases:
        return str(draw(sampled((param.name, *param.aliases))))
    return param.name


def _fill(draw: Draw, ctx: Context, op: Operation, checks: Sequence[Param | Rule],
          case: ErrorCase | None, top: bool, fragments: frozenset[str] | None = None) -> dict[str, Any]:
    """The raw parameters of one set of checks: all valid, except what ``case`` breaks."""
    here = case if case is not None and (case.within is None) == top else None
    params = [c for c in checks if isinstance(c, Param) and c.type.name not in FILTER_TYPES]
    present = _presence(draw, op, params, case, top, fragments)
    out: dict[str, Any] = {}
    keys: dict[str, str] = {}
    valid: dict[str, Param] = {}  # parameters given with a valid value
    for param in params:
        if not present[param.name]:
            continue
        kind = here.kind if here is not None and here.check == param else None  # broken here?
        key = param.name if kind == "alias_conflict" else _key(draw, param)
        keys[param.name] = key
        if param.type.name == "objects":
            holds_case = top and case is not None and case.within == param
            out[key] = _objects(draw, ctx, op, param, case if holds_case else None, kind)
            continue
        if kind == "invalid":
            out[key] = draw(_required(ctx.invalid(param.type, param.location)))
            continue
        out[key] = ctx.draw_valid(draw, param.type, param.location)
        if kind == "alias_conflict":
            out[param.aliases[0]] = ctx.draw_valid(draw, param.type, param.location)
        valid[param.name] = param
    _keep_rules(draw, ctx, checks, here, out, keys, valid)
    if op.collection is not None and top:
        _filters(draw, ctx, op.collection, checks, here, out)
    return out


def _keep_rules(draw: Draw, ctx: Context, checks: Sequence[Param | Rule], case: ErrorCase | None,
                out: dict[str, Any], keys: Mapping[str, str], valid: Mapping[str, Param]) -> None:
    """Redraw the values of rule-bound parameters until each rule holds, or the case's breaks."""
    bound = [r for r in checks if isinstance(r, Rule) and all(p in valid for p in r.params)]
    if not bound:
        return

    def settled() -> bool:
        for rule in bound:
            first, second = (ctx.check(valid[p].type)(out[keys[p]]) for p in rule.params)
            wanted = not (case is not None and case.check == rule)
            if rules.rule_holds(rule.kind, first, second) != wanted:
                return False
        return True

    names = list(dict.fromkeys(p for rule in bound for p in rule.params))
    if not settled():
        _repair(ctx, bound, case, out, keys, valid)
    for _ in range(TRIES * 3):
        if settled():
            return
        for name in names:
            param = valid[name]
            out[keys[name]] = ctx.draw_valid(draw, param.type, param.location)
    assume(settled())


def _repair(ctx: Context, bound: Sequence[Rule], case: ErrorCase | None, out: dict[str, Any],
            keys: Mapping[str, str], valid: Mapping[str, Param]) -> None:
    """Mend rules cheaply before any redraw: the two dates of a broken order rule the other way
    round (a start after its end, or before it when the case breaks the rule), a file name's
    suffix made the file type's, ``@self`` of ``@owner`` for the case that breaks that rule.
    The checkers judge the result as they judge any draw."""
    for rule in bound:
        first, second = (keys[p] for p in rule.params)
        check_first, check_second = (ctx.check(valid[p].type) for p in rule.params)
        wanted = not (case is not None and case.check == rule)
        if rules.rule_holds(rule.kind, check_first(out[first]), check_second(out[second])) == wanted:
            continue
        if rule.kind == "date_order" and valid[rule.params[0]].type == valid[rule.params[1]].type:
            out[first], out[second] = out[second], out[first]
            if not wanted and not rules.later(check_first(out[first]), check_second(out[second])):
                # The same moment twice (hypothesis's first example draws every date alike):
                # the first a second later, or the second a second earlier.
                out[first], out[second] = _apart(check_first(out[first]), out[first], out[second])
        elif rule.kind == "file_suffix" and wanted and type(out[first]) is str:
            name = out[first]
            stem = name[: name.rfind(".")] if "." in name else name
            repaired = stem + rules.FILE_SUFFIXES[check_second(out[second])][0]
            if check_first(repaired) is not None:
                out[first] = repaired
        elif rule.kind == "self_not_of_owner" and not wanted:  # the one pair that breaks it
            if check_first("@self") is not None and check_second("@owner") is not None:
                out[first], out[second] = "@self", "@owner"


def _apart(moment: datetime, first: Any, second: Any) -> tuple[Any, Any]:
    """Two dates, ``moment`` and another the same, made one second apart, the first later."""
    try:
        return (moment + _SECOND).isoformat(), second
    except OverflowError:  # 9999-12-31T23:59:59
        return first, (moment - _SECOND).isoformat()


def _objects(draw: Draw, ctx: Context, op: Operation, param: Param, case: ErrorCase | None,
             kind: str | None) -> Any:
    """A list of objects: valid ones, one of them breaking ``case``; or the list itself broken."""
    low, high = rules.bounds(param.type, ctx.settings)
    assert high is not None
    if kind == "invalid":
        strategy = ctx.invalid(param.type, param.location)
        assert strategy is not None
        return draw(strategy)

    def item(broken: ErrorCase | None) -> dict[str, Any]:
        return _fill(draw, ctx, op, param.item_checks, broken, top=False)

    if kind == "too_many":
        drawn = [item(None) for _ in range(min(3, high + 1))]
        return [dict(drawn[i % len(drawn)]) for i in range(high + 1)]
    least = max(low, 1 if case is not None else low)
    size = least + draw(below(max(low, min(high, low + 2)) - least + 1))
    spoilt = draw(below(size)) if case is not None else -1
    return [item(case if index == spoilt else None) for index in range(size)]


def _filter_names(checks: Sequence[Param | Rule]) -> dict[str, Param]:
    return {c.type.name: c for c in checks if isinstance(c, Param) and c.type.name in FILTER_TYPES}


def _filters(draw: Draw, ctx: Context, collection: Collection, checks: Sequence[Param | Rule],
             case: ErrorCase | None, out: dict[str, Any]) -> None:
    """filterBy, filterOp and filterValue: a valid filter (or none), or the case's broken one."""
    named = _filter_names(checks)
    by, op_param, value = named["filter_by"], named["filter_op"], named["filter_value"]
    default_op = collection.op_default or "equals"
    target = case.check if case is not None else None
    if target == by:  # a bad filterBy: nothing after it is looked at, but filterOp still is
        out[by.name] = draw(_required(ctx.invalid(by.type, by.location)))
        if draw(BOOLEANS):
            out[op_param.name] = draw(ctx.valid(op_param.type, op_param.location))
        return
    if target == op_param:
        out[by.name] = draw(ctx.valid(by.type, by.location))
        out[op_param.name] = draw(_required(ctx.invalid(op_param.type, op_param.location)))
        return
    if target == value and case is not None:
        assert case.filter_by is not None and case.filter_op is not None
        flt = collection.filters[case.filter_by]
        out[by.name] = flt.name
        if case.filter_op != default_op or draw(BOOLEANS):
            out[op_param.name] = case.filter_op
        raw = draw(_bad_filter_value(ctx, flt, case))
        if raw is not ABSENT:
            out[value.name] = raw
        return
    if not draw(BOOLEANS):
        # No filter; a filterOp or filterValue without filterBy is ignored.
        if draw(BOOLEANS):
            out[op_param.name] = draw(_SHORT_TEXT)
        if draw(BOOLEANS):
            out[value.name] = draw(_SHORT_TEXT)
        return
    flt = draw(sampled(tuple(collection.filters.values())))
    op_name = draw(sampled(tuple(collection.ops)))
    out[by.name] = flt.name
    if op_name != default_op or draw(BOOLEANS):
        out[op_param.name] = op_name
    raw = draw(_good_filter_value(ctx, flt, op_name))
    if raw is not ABSENT:
        out[value.name] = raw


def _required(strategy: Strategy[Any] | None) -> Strategy[Any]:
    assert strategy is not None, "an error case without invalid values"
    return strategy


def _single_items(ctx: Context, type_spec: TypeSpec, values: Strategy[Any]) -> Strategy[str]:
    """Values that stand alone as one item of a comma list."""
    return kept(values, _single_item)


def _single_item(value: Any) -> bool:
    return type(value) is str and types.comma_list_shape(value) == (value,)


def _good_filter_value(ctx: Context, flt: Filter, op_name: str) -> Strategy[Any]:
    """filterValues the engine accepts for the filter field and operator."""
    found = ctx.filter_values.get((flt, op_name))
    if found is None:
        found = ctx.filter_values[flt, op_name] = warmed(_build_good_filter_value(ctx, flt, op_name))
    return found


def _build_good_filter_value(ctx: Context, flt: Filter, op_name: str) -> Strategy[Any]:
    item = ctx.valid(flt.type, "query")
    if op_name == "present":
        return st.one_of(st.just(ABSENT), st.just(""), _SHORT_TEXT)
    if op_name == "inArray":
        proposed = st.lists(_single_items(ctx, flt.type, item), min_size=1, max_size=5).map(",".join)
    elif flt.number_like and op_name in ("contains", "startsWith"):
        proposed = st.tuples(item, st.integers(0, 30), st.integers(1, 30)).map(
            lambda t: t[0][t[1] % len(t[0]):][: t[2]] or t[0])
    else:
        proposed = item
    return accepted_values(proposed, lambda v: filter_outcome(ctx, flt, op_name, v)[0], None)


def _insert_space(text: str, at: int) -> str:
    at %= len(text) + 1
    return text[:at] + " " + text[at:]


def _bad_filter_value(ctx: Context, flt: Filter, case: ErrorCase) -> Strategy[Any]:
    """filterValues that break the filter as ``case`` says, with its variant."""
    key = (flt, case.filter_op, case.kind, case.variant)
    found = ctx.filter_values.get(key)
    if found is None:
        found = ctx.filter_values[key] = warmed(_build_bad_filter_value(ctx, flt, case))
    return found


def _build_bad_filter_value(ctx: Context, flt: Filter, case: ErrorCase) -> Strategy[Any]:
    op_name = case.filter_op
    assert op_name is not None
    kind = case.kind
    good_items = st.lists(_single_items(ctx, flt.type, ctx.valid(flt.type, "query")), min_size=1, max_size=4)
    if kind == "filter_empty":
        proposed: Strategy[Any] = st.sampled_from(filter_probes(ctx, flt, kind))
    elif kind == "filter_list":
        proposed = st.one_of(
            st.tuples(good_items, st.integers(0, 4)).map(lambda t: ",".join(inserted(t[0], t[1], ""))),
            st.tuples(good_items, st.integers(0, 40)).map(lambda t: _insert_space(",".join(t[0]), t[1])),
            good_items.map(lambda items: ",".join(items[i % len(items)] for i in range(101))),
        )
    elif kind == "filter_item":
        bad = _required(ctx.invalid(flt.type, "query"))
        bad_items = kept(st.one_of(bad, st.sampled_from(filter_probes(ctx, flt, kind))), _single_item)
        proposed = st.tuples(good_items, bad_items, st.integers(0, 4)).map(
            lambda t: ",".join(inserted(t[0], t[2], t[1])))
    elif kind == "filter_part":
        proposed = st.one_of(mutated(ctx.valid(flt.type, "query")), junk("query"))
    else:
        proposed = st.one_of(_required(ctx.invalid(flt.type, "query")),
                             st.sampled_from(filter_probes(ctx, flt, kind)))

    def breaks(raw: Any) -> bool:
        ok, variant = filter_outcome(ctx, flt, op_name, raw)
        return not ok and (flt.code is not None or variant == case.variant) and (
            raw is ABSENT or fits(raw, "query"))

    fixed = [p for p in filter_probes(ctx, flt, kind) if breaks(p)]
    return accepted_values(proposed, breaks, st.sampled_from(fixed) if fixed else None)
