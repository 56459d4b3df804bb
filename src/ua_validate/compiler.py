"""Generated validators: one straight-line Python function per operation, built from the Spec.

For each operation the generator writes Python source as lines: one statement group per check,
in check order, calling the shared type functions (``types``) and rules (``rules``) bound into
the function's globals, with the labels, codes and output order of the marshmallow backend
(``engine.py``, the reference). The source is compiled under a readable file name
(``<ua_validate generated cdr.list>.py``) that ``linecache`` serves, so tracebacks show the
generated line; ``source("cdr.list")`` or ``python -m ua_validate.compiler cdr.list`` prints it.

Each generated function takes ``(params, errs)``: with ``errs`` None it raises at the first
failure; given a list it collects every failure in check order and raises them together at
the end (``all_errors=True``). Operations are compiled lazily, on first use, once per
Validator.
"""

from __future__ import annotations

import _thread  # threading's own lock, without importing threading (≈ 2 ms of start-up)
import keyword
import sys
from collections.abc import Callable, Mapping

from . import _cache, _reasons, catalog, rules
from .errors import Failure, ValidationError, explained
from .rules import Settings
from .spec import Collection, Filter, Operation, Param, Rule, TypeSpec
from .types import as_text
from .valuetypes import TYPES

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from typing import Any, Final, TypeAlias

__all__ = ["CompiledBackend", "Unit", "Validate", "compile_operation", "generate", "source"]

Validate: TypeAlias = "Callable[[Mapping[str, Any], list[Failure] | None], dict[str, Any]]"

class _Missing:
    """Stands for "no such key" in the generated code; never a request value."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Final = _Missing()
_INDENT: Final = "    "
# file name -> [the source linecache serves under it, how many compiled functions use it]
_FILE_NAMES: dict[str, list[Any]] = {}
_NAMED: dict[str, str] = {}  # source -> its file name (one name per text, while it is used)
_FILE_LOCK = _thread.RLock()  # re-entrant: a release can run from the garbage collector


def _fail(errs: list[Failure] | None, failure: Failure) -> None:
    """Raise ``failure`` (stop at the first), or collect it when ``errs`` is a list."""
    if errs is None:
        raise ValidationError((failure,))
    errs.append(failure)


def _literal(table: Mapping[Any, Any]) -> str:
    """A dict of plain values as source, one entry a line when it is long."""
    text = repr(dict(table))
    if len(text) <= 80:
        return text
    return "{\n" + "".join(f"    {key!r}: {value!r},\n" for key, value in table.items()) + "}"


def _comment(text: str) -> str:
    return "# " + " ".join(text.split())  # one line, whatever the schema's text holds


def _identifier(name: str) -> str:
    text = _cache.pattern(r"\W").sub("_", name)
    return f"{text}_" if keyword.iskeyword(text) else text


class _Writer:
    """Lines of source and the globals they use, for one operation under one set of settings."""

    def __init__(self, op: Operation, settings: Settings) -> None:
        self.op = op
        self.settings = settings
        self.head: list[str] = []  # module-level constants (failures), before the functions
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "Failure": Failure, "ValidationError": ValidationError, "_M": _MISSING, "_fail": _fail,
            "_explained": explained,
        }
        self._bound: dict[int, str] = {}
        self._whys: dict[tuple[Any, ...], _reasons.Why] = {}
        self._constants: dict[str, str] = {}  # source text of a constant -> its name
        self.action: str | None = None

    # -- globals -------------------------------------------------------------------------
    def bind(self, value: Any, name: str) -> str:
        """The global name under which the generated code reaches ``value``."""
        known = self._bound.get(id(value))
        if known is not None:
            return known
        name = _identifier(name)
        candidate, n = name, 2
        while candidate in self.namespace:
            candidate, n = f"{name}_{n}", n + 1
        self.namespace[candidate] = value
        self._bound[id(value)] = candidate
        return candidate

    def constant(self, text: str, name: str) -> str:
        """A module-level constant of the generated source, written once as ``text``."""
        known = self._constants.get(text)
        if known is not None:
            return known
        candidate, n = name, 2
        while candidate in self.namespace or candidate in self._constants.values():
            candidate, n = f"{name}_{n}", n + 1
        self._constants[text] = candidate
        self.head.append(f"{candidate} = {text}")
        return candidate

    def table(self, items: Mapping[Any, str], name: str) -> str:
        """A dict constant whose values are source text (names of other constants)."""
        body = [f"    {key!r}: {value}," for key, value in items.items()]
        text = "{\n" + "\n".join(body) + "\n}"
        return self.constant(text, name)

    def failure(self, code: str, variant: str | None, label: str, location: str, own: bool = True,
                why: _reasons.Why | None = None) -> str:
        """The name of a prebuilt Failure (immutable, so shared by every request that fails so).

        ``_F_count`` for a parameter's own code; ``_F_<label>_<code>`` for another failure
        blamed on it (a rule, too many items, a filterValue code). ``why`` (from ``why``)
        writes its reason when first asked for."""
        name = f"_F_{_identifier(label)}" + ("" if own else f"_{code}" + (f"_{variant}" if variant else ""))
        text = f"Failure({code!r}, {variant!r}, {label!r}, {location!r})"
        if why is not None:
            text = f"_explained({text}, {self.bind(why, '_why' + name[2:])})"
        return self.constant(text, name)

    def why(self, check: Param | Rule, code: str, variant: str | None, *, flt: Filter | None = None,
            checks: tuple[Param | Rule, ...] = ()) -> _reasons.Why:
        """The reason of a failure of ``check`` (the same object for the same failure)."""
        key = (id(check), code, variant, id(flt))
        found = self._whys.get(key)
        if found is None:
            found = self._whys[key] = _reasons.because(check, code, variant, self.settings, flt=flt,
                                                        collection=self.op.collection, checks=checks)
        return found

    # -- checkers ------------------------------------------------------------------------
    def literal(self, table: Mapping[Any, Any]) -> str:
        """A dict of plain values as source (for the registry's inline emitters)."""
        return _literal(table)

    def check_call(self, type_spec: TypeSpec, hint: str, value: str) -> str:
        """An expression that cleans ``value`` as ``type_spec`` does: the value or None.

        The common types call the type function directly with the limits the Spec and the
        settings give (their inline form in the registry, ``valuetypes``), instead of going
        through the closure ``rules.checker_for`` builds; the rest call that closure.
        tests/test_compiler.py checks both agree on every type.
        """
        inline = TYPES[type_spec.name].inline
        if inline is not None:
            return inline(self, type_spec, _identifier(hint), value)
        checker = rules.checker_for(type_spec, self.settings)
        return f"{self.bind(checker, '_check_' + _identifier(hint))}({value})"

    # -- output --------------------------------------------------------------------------
    def emit(self, depth: int, *lines: str) -> None:
        self.lines.extend(_INDENT * depth + line if line else "" for line in lines)

    def text(self) -> str:
        what = f"{self.op.id}, action {self.action}" if self.action else self.op.id
        header = [
            _comment(f"Generated by ua_validate.compiler for {what} ({self.op.method} {self.op.path})."),
            _comment(f"Settings: {self.settings!r}."),
            "# Do not edit: built from the schema files each time the operation is first used.",
            "# A check reads `(text check if type(r) is str else _type_function(r))`: plain text,",
            "# the common case, is decided inline; anything else (str subclasses, numbers, None)",
            "# by the type function, which gives the same answer on text (tests/test_compiler.py).",
            "# A failure is raised at once (errs None), or collected in errs (all_errors).",
            "",
        ]
        return "\n".join([*header, *self.head, "", "", *self.lines]).rstrip("\n") + "\n"


class _Function:
    """Writes one function that checks a tuple of checks (an operation's, or an item's)."""

    def __init__(self, w: _Writer, checks: tuple[Param | Rule, ...], collection: Collection | None,
                 *, outer: bool) -> None:
        self.w = w
        self.checks = checks
        self.collection = collection
        self.outer = outer  # top level: prebuilt failures; an item: labels carry its index
        self.params = {c.name: c for c in checks if isinstance(c, Param)}
        self.local = {name: "c_" + _identifier(name) for name in self.params}
        self.ready: set[str] = set()  # filterBy / filterOp already read (filterValue needs them)
        names = [c.name for c in checks if isinstance(c, Param)]
        aliases = [a for c in checks if isinstance(c, Param) for a in c.aliases]
        if len(set(names)) != len(names) or set(aliases) & set(names) or len(set(aliases)) != len(aliases):
            raise ValueError(f"{w.op.id}: parameter names and aliases must all differ")

    def fail(self, depth: int, code: str, variant: str | None, param: Param, rule: Rule | None = None) -> None:
        """Record a failure blamed on ``param`` (of ``rule``, if given): raise it, or append it
        when collecting."""
        why = self.w.why(rule or param, code, variant, checks=self.checks)
        if self.outer:
            own = (code, variant) == (param.code, param.variant)
            failure = self.w.failure(code, variant, param.name, param.location, own, why)
            # Raised here, not through _fail: one frame less on the way out, and the tuple of
            # failures the error holds built once, like the Failure itself.
            raised = self.w.constant(f"({failure},)", "_E" + failure[2:])
            self.w.emit(depth, "if errs is None:", f"    raise ValidationError({raised})",
                        f"errs.append({failure})")
            return
        else:  # inside a list of objects the label names the list and the index: built on failure only
            label = f"f'{{owner}}[{{index}}].' + {param.name!r}"
            failure = (f"_explained(Failure({code!r}, {variant!r}, {label}, {param.location!r}), "
                       f"{self.w.bind(why, '_why_' + _identifier(param.name))})")
        self.w.emit(depth, f"_fail(errs, {failure})")

    def write(self, name: str, doc: str) -> None:
        w = self.w
        args = "params, errs=None" if self.outer else "params, owner, index, errs"
        w.emit(0, f"def {name}({args}):", f"    {doc!r}")
        w.emit(1, "src = params if type(params) is dict else dict(params)")
        if not self.outer:
            w.emit(1, "mark = 0 if errs is None else len(errs)")
        w.emit(1, "out = {}")
        for index, check in enumerate(self.checks):
            if isinstance(check, Rule):
                self.rule(index, check)
            elif check.type.name == "filter_value":
                self.filter_value(check)
            elif check.type.name in ("filter_by", "filter_op") and self.collection is not None:
                self.filter_param(check)
            elif check.item_checks:
                self.objects(name, check)
            else:
                self.param(check)
        if self.outer:
            w.emit(1, "if errs:", "    raise ValidationError(errs)", "return out")
        else:
            w.emit(1, "if errs is not None and len(errs) > mark:", "    return None", "return out")
        w.emit(0, "", "")

    def comment(self, param: Param) -> None:
        facts = [param.location, param.type.name]
        if param.required:
            facts.append("required")
        if param.required_unless:
            facts.append(f"required unless {param.required_unless}")
        if param.default is not None:
            facts.append(f"default {param.default!r}")
        if param.aliases:
            facts.append(f"alias {', '.join(param.aliases)}")
        self.w.emit(1, _comment(f"{param.name}: {'; '.join(facts)}; {param.code}"))

    def raw(self, param: Param) -> str:
        """Read the raw value into ``r``, as the reference prepares it (aliases folded in).

        A required parameter reads an absent value as None, which fails as absence does."""
        read = f"src.get({param.name!r})" if param.required else f"src.get({param.name!r}, _M)"
        self.w.emit(1, f"r = {read}")  # a name: the inline checks read the value more than once
        for alias in param.aliases:
            # Given under its name and an alias at once: None, which no type accepts.
            self.w.emit(1, f"if {alias!r} in src:",
                        f"    r = None if {param.name!r} in params else src[{alias!r}]")
        return "r"

    def param(self, param: Param) -> None:
        if param.required_unless and (param.aliases or param.required):
            raise ValueError(f"{self.w.op.id}: {param.name}: required_unless with aliases or "
                             "required is not supported")
        w, local, name = self.w, self.local[param.name], repr(param.name)
        self.comment(param)
        raw = self.raw(param)
        check = w.check_call(param.type, param.name, raw)
        if not param.required:
            w.emit(1, "if r is _M:")
            if param.default is not None:
                default = repr(param.default) if isinstance(param.default, (int, str, bool)) else \
                    w.constant(repr(param.default), f"_DEFAULT_{_identifier(param.name)}")
                w.emit(2, f"out[{name}] = {local} = {default}")
            else:
                w.emit(2, f"{local} = None")
                if param.required_unless:
                    w.emit(2, f"if {param.required_unless!r} not in params:")
                    self.fail(3, param.code, param.variant, param)
        w.emit(1, f"{'elif' if not param.required else 'if'} ({local} := {check}) is not None:",
               f"    out[{name}] = {local}",
               "else:")
        self.fail(2, param.code, param.variant, param)

    def rule(self, index: int, rule: Rule) -> None:
        w = self.w
        first, second = (self.local[name] for name in rule.params)
        blamed = self.params[rule.params[0]]
        w.emit(1, _comment(f"({rule.kind}) {', '.join(rule.params)}; {rule.code}"))
        if rule.kind == "date_order":  # the commonest rule: two dates of one zone compared inline
            later = w.bind(rules.later, "_later")
            broken = f"({first} > {second} if {first}.tzinfo is {second}.tzinfo else {later}({first}, {second}))"
        else:
            broken = f"not {w.bind(rules.rule_holds, '_rule_holds')}({rule.kind!r}, {first}, {second})"
        w.emit(1, f"if {first} is not None and {second} is not None and {broken}:")
        self.fail(2, rule.code, rule.variant, blamed, rule)

    def objects(self, function: str, param: Param) -> None:
        """A list of objects: its shape, its settable limit, then each object's own checks."""
        w, local = self.w, self.local[param.name]
        item_name = f"{function}__{_identifier(param.name)}_item"
        item = _Function(w, param.item_checks, None, outer=False)
        self.comment(param)
        raw = self.raw(param)
        check = w.check_call(param.type, param.name, raw)
        w.emit(1, f"{local} = {check}" if param.required else f"{local} = None if r is _M else {check}")
        w.emit(1, f"if {local} is not None:")
        limit = rules.bounds(param.type, w.settings)[1]
        depth = 2
        if param.too_many_code is not None and limit is not None:
            w.emit(2, f"if len({local}) > {limit!r}:")
            self.fail(3, param.too_many_code, None, param)
            w.emit(3, f"{local} = None")
            w.emit(2, "else:")
            depth = 3
        # the label of the list: "files", or within an object of another list "outer[0].files"
        owner = repr(param.name) if self.outer else f"f'{{owner}}[{{index}}].' + {param.name!r}"
        # One or two objects (the common case) called in a tuple display, in order: no
        # comprehension's frame (~0.6 µs); more through the comprehension.
        one = f"{item_name}({local}[0], {owner}, 0, errs)"
        two = f"{item_name}({local}[1], {owner}, 1, errs)"
        every = f"tuple([{item_name}(item, {owner}, at, errs) for at, item in enumerate({local})])"
        w.emit(depth,
               f"items = ({one},) if len({local}) == 1 else ({one}, {two}) if len({local}) == 2 else {every}",
               "if None in items:  # only when collecting: the failures are in errs",
               f"    {local} = None",
               "else:",
               f"    out[{param.name!r}] = {local} = items")
        w.emit(1, "else:" if param.required else "elif r is not _M:")
        self.fail(2, param.code, param.variant, param)
        item_lines, w.lines = w.lines, []
        item.write(item_name, f"The checks of each object of {param.name}.")
        w.lines = w.lines + item_lines  # the item function first: read top-down

    # -- the standard collection parameters (SPEC §4) ----------------------------------
    def read_filter(self, name: str) -> None:
        """Read and clean filterBy or filterOp once; report it at its own place in the order."""
        if name in self.ready:
            return
        w = self.w
        if name == "filterOp":
            self.read_filter("filterBy")
            param = self.params["filterOp"]
            # filterOp without filterBy is ignored (SPEC §4)
            w.emit(1, "r_filterOp = src.get('filterOp', _M) if r_filterBy is not _M else _M")
        else:
            param = self.params["filterBy"]
            w.emit(1, "r_filterBy = src.get('filterBy', _M)")
        check = w.check_call(param.type, name, f"r_{name}")
        w.emit(1, f"c_{name} = None if r_{name} is _M else {check}")
        self.ready.add(name)

    def filter_param(self, param: Param) -> None:
        w = self.w
        self.comment(param)
        self.read_filter(param.name)
        local = f"c_{param.name}"
        w.emit(1, f"if {local} is not None:", f"    out[{param.name!r}] = {local}",
               f"elif r_{param.name} is not _M:")
        self.fail(2, param.code, param.variant, param)
        assert self.collection is not None
        if param.name == "filterOp" and self.collection.op_default:
            w.emit(1, "elif c_filterBy is not None:",
                   f"    out['filterOp'] = {self.collection.op_default!r}")

    def filter_value(self, param: Param) -> None:
        w = self.w
        collection = self.collection
        assert collection is not None and param.name == "filterValue"
        self.comment(param)
        self.read_filter("filterOp")
        checks = {
            name: (flt, rules.checker_for(flt.type, w.settings)) for name, flt in collection.filters.items()
        }
        filters = w.bind(checks, "_FILTERS")
        fails: dict[tuple[str, str | None], str] = {}
        for name, flt in collection.filters.items():
            for variant in catalog.variants("filtervalue_invalid"):
                code, which = (flt.code, None) if flt.code else ("filtervalue_invalid", variant)
                why = w.why(param, code, which, flt=flt)
                fails[name, variant] = w.failure(code, which, param.name, param.location, own=False, why=why)
        failures = w.table(fails, "_FILTER_FAILURES")
        check_value = w.bind(rules.filter_value, "_filter_value")
        default_op = collection.op_default or "equals"
        # Where rules.filter_value does no more than check non-empty text by the field's type
        # (no inArray list, no part of a number, not present), that check is inline, one branch
        # per field; a value it refuses (or anything else) goes to rules.filter_value, which
        # names the failure.
        ops = (*collection.ops, *(() if default_op in collection.ops else (default_op,)))
        plain = {name: [op for op in ops if op not in ("present", "inArray")
                        and not (op in ("contains", "startsWith") and flt.number_like)]
                 for name, flt in collection.filters.items()}
        w.emit(1, "if c_filterBy is not None and (r_filterOp is _M or c_filterOp is not None):",
               "    r = params.get('filterValue')",
               "    c_filterValue = None")
        fields = [(name, flt) for name, flt in collection.filters.items() if plain[name]]
        if fields:  # none in a Spec whose every field and operator needs more than a check
            pairs = w.constant(f"frozenset({sorted((n, op) for n, listed in plain.items() for op in listed)!r})",
                               "_PLAIN_FILTERS")
            w.emit(1, f"    if type(r) is str and r and (c_filterBy, c_filterOp or {default_op!r}) in {pairs}:")
            for at, (name, flt) in enumerate(fields):
                w.emit(2, f"    {'elif' if at else 'if'} c_filterBy == {name!r}:",
                       f"        c_filterValue = {w.check_call(flt.type, 'filter_' + name, 'r')}")
        w.emit(1, "    if c_filterValue is not None:",
               "        out['filterValue'] = c_filterValue",
               "    else:",
               f"        flt, check = {filters}[c_filterBy]",
               f"        ok, c_filterValue = {check_value}(flt, c_filterOp or {default_op!r}, r, check)",
               "        if not ok:",
               f"            _fail(errs, {failures}[c_filterBy, c_filterValue])",
               "        elif c_filterValue is not None:",
               "            out['filterValue'] = c_filterValue")


class Unit:
    """One compiled unit: the source of one function (an operation, or one of its actions)."""

    __slots__ = ("action", "code", "entry", "name", "namespace", "text")

    def __init__(self, name: str, text: str, namespace: dict[str, Any], entry: str,
                 action: str | None) -> None:
        self.name = name  # "cdr.list", or "phone_calls.update Transfer"
        self.text = text
        self.namespace = namespace
        self.entry = entry
        self.action = action
        self.code: Any = None  # the code object run by compile()

    def compile(self, code: Any = None) -> Validate:
        """The function, its source served by linecache for as long as the function lives
        (with its Validator): each Validator of other settings would otherwise leave its
        source there for good. ``code``: this text compiled before (the start-up cache)."""
        filename = _register(self.name, self.text)
        # Held by the function's globals: released when the function and they are collected.
        self.namespace["_SOURCE_HOLD"] = _SourceHold(filename)
        # What linecache.lazycache reads from a frame's globals to fetch a file's text when a
        # traceback is formatted: the process need not import linecache to validate.
        self.namespace["__name__"] = GENERATED_MODULE
        self.namespace["__loader__"] = _Source(filename)
        if code is None or code.co_filename != filename:
            code = _cache.code(self.text, filename)
        self.code = code
        exec(code, self.namespace)
        function: Validate = self.namespace[self.entry]
        return function


def generate(op: Operation, settings: Settings | None = None, action: str | None = None) -> Unit:
    """The generated source of ``op``'s validator (for an operation with actions: of one
    action's, or with ``action`` None of the one for a missing or unknown action)."""
    if action is not None and action not in op.actions:
        raise ValueError(f"{op.id} has no action {action!r}")
    w = _Writer(op, settings if settings is not None else Settings())
    entry = "validate_" + _identifier(op.id)
    summary = f"{op.id}: {op.method} {op.path}"
    name = op.id
    if op.dispatch is not None:
        # The reference's checks_for(action): without a known action the dispatch parameter
        # is checked alone after the operation's own checks (and then fails).
        entry += f"__{action or 'no_action'}"
        summary += f", action {action}" if action else f", {op.dispatch.name} missing or unknown"
        name += f" {action}" if action else f" ({op.dispatch.name} missing or unknown)"
        w.action = action
    _Function(w, op.checks_for(action), op.collection, outer=True).write(entry, summary)
    return Unit(name, w.text(), w.namespace, entry, action)


# The generated functions' __module__: no module of that name exists (inspect looks for none).
GENERATED_MODULE: Final = "ua_validate.generated"


def _register(name: str, text: str) -> str:
    """A file name for ``text`` that linecache serves: ``name``, or ``name`` numbered if
    another text (other settings) holds it already. Each call counts one more user of it;
    ``_release`` counts one less and drops the text when the last is gone.

    The name is no file's (``<...>`` and ``.py``): linecache, finding no such file, asks the
    frame's globals (``__loader__``, a ``_Source``), which it refuses to do for a name
    ending in ``>``. Importing linecache (with tokenize) costs ≈ 3 ms of start-up, so the text
    is put in its cache at once only where linecache is loaded already (then
    ``inspect.getsource`` finds it too)."""
    with _FILE_LOCK:
        filename = _NAMED.get(text)  # not a lower number freed since: one name per text
        if filename is None:
            filename, n = f"<ua_validate generated {name}>.py", 2
            while filename in _FILE_NAMES:
                filename, n = f"<ua_validate generated {name} #{n}>.py", n + 1
            _FILE_NAMES[filename], _NAMED[text] = [text, 0], filename
        held = _FILE_NAMES[filename]
        held[1] += 1
        lines = sys.modules.get("linecache")
        if lines is not None:
            # mtime None: linecache.checkcache never drops an entry that has no file behind it.
            lines.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
    return filename


class _Source:
    """A generated file's loader for linecache: the text registered under its name while a
    function uses it (None after: linecache then serves no lines). It holds the name only, so
    that linecache holding it keeps nothing else alive."""

    __slots__ = ("filename",)

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def get_source(self, name: str) -> str | None:
        held = _FILE_NAMES.get(self.filename)
        return None if held is None else held[0]


class _SourceHold:
    """Keeps one generated source in linecache while the globals holding it live.

    ``__del__`` rather than ``weakref.finalize``: the weakref module is not imported at
    start-up, and this costs nothing to import."""

    __slots__ = ("filename",)

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def __del__(self) -> None:
        _release(self.filename)


def _release(filename: str) -> None:
    """One user of ``filename`` is gone (a compiled function, with its Validator)."""
    with _FILE_LOCK:
        held = _FILE_NAMES.get(filename)
        if held is None:
            return
        held[1] -= 1
        if held[1] <= 0:
            del _FILE_NAMES[filename], _NAMED[held[0]]
            lines = sys.modules.get("linecache")
            if lines is not None:  # the text, or linecache's promise to fetch it
                lines.cache.pop(filename, None)


def compile_operation(op: Operation, settings: Settings | None = None) -> Validate:
    """The validator of ``op``: ``function(params, errs=None)`` returns the cleaned dict.

    With ``errs`` None it raises ValidationError at the first failure; with a list it collects
    every failure and raises them all. An operation with actions compiles each action's
    function the first time a request names it.
    """
    settings = settings if settings is not None else Settings()
    if op.dispatch is None:
        return _unit(op, settings)
    return _dispatcher(op, settings)


def _unit(op: Operation, settings: Settings, action: str | None = None) -> Validate:
    """``generate(op, settings, action).compile()``, or that unit from the start-up cache
    without running the generator (``_cache.unit``: same text, code and namespace)."""
    return _cache.unit(op, settings, action, generate, Unit)


def _dispatcher(op: Operation, settings: Settings) -> Validate:
    assert op.dispatch is not None
    field = op.dispatch.name
    actions = op.actions
    compiled: dict[str | None, Validate] = {}

    def validate(params: Mapping[str, Any], errs: list[Failure] | None = None) -> dict[str, Any]:
        """Run the generated function of the action that ``params`` names."""
        action = params.get(field)
        # A known action's name (plain text) is its own key: one dict get per request. Only
        # known names are keys (any other text is None's), so no text sent grows the table.
        function = compiled.get(action) if type(action) is str else None
        if function is None:
            function = for_action(action)
        return function(params, errs)

    def for_action(action: Any) -> Validate:
        text = action if type(action) is str else as_text(action)  # a str subclass names its text
        key = text if text in actions else None
        function = compiled.get(key)
        if function is None:
            function = compiled[key] = _unit(op, settings, key)
        return function

    validate.__qualname__ = validate.__name__ = "validate_" + _identifier(op.id)
    return validate


def source(operation: str, settings: Settings | None = None) -> str:
    """The generated source of one operation (id or alias), for reading and debugging.

    For an operation with actions: each action's unit (each is compiled on its own, when a
    request first names the action), the one for a missing or unknown action first.
    """
    from .loader import default_spec

    op = default_spec().operation(operation)
    if op.dispatch is None:
        return generate(op, settings).text
    return "\n\n".join(generate(op, settings, action).text for action in (None, *op.actions))


class CompiledBackend:
    """Validates with generated functions, compiled lazily, one per operation."""

    name = "compiled"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._functions: dict[str, Validate] = {}

    def function(self, op: Operation) -> Validate:
        """The compiled validator of ``op``, compiled now if this is its first use."""
        function = self._functions.get(op.id)
        if function is None:
            function = self._functions[op.id] = compile_operation(op, self.settings)
        return function

    def validate(self, op: Operation, params: Mapping[str, Any], all_errors: bool) -> dict[str, Any]:
        function = self._functions.get(op.id) or self.function(op)
        return function(params, [] if all_errors else None)


def main(argv: list[str] | None = None) -> None:
    """Print the generated source of one operation."""
    import argparse  # only for the command line: importing this module stays cheap

    parser = argparse.ArgumentParser(prog="python -m ua_validate.compiler", description=main.__doc__)
    parser.add_argument("operation", help="operation id or alias, e.g. cdr.list")
    defaults = Settings()
    parser.add_argument("--max-fax-files", type=int, default=defaults.max_fax_files)
    parser.add_argument("--max-fax-recipients", type=int, default=defaults.max_fax_recipients)
    parser.add_argument("--max-fax-file-size", type=int, default=defaults.max_fax_file_size)
    parser.add_argument("--phone-region", default=None)
    args = parser.parse_args(argv)
    settings = Settings(args.max_fax_files, args.max_fax_recipients, args.max_fax_file_size,
                        args.phone_region)
    print(source(args.operation, settings), end="")


if __name__ == "__main__":
    main()
