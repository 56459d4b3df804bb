"""A disk cache of the loaded Spec and of the generated validators' code objects.

Start-up otherwise pays, in every process, for importing ``tomllib``, parsing the schema files,
building the Spec and ``compile()`` of each generated function's source. Two kinds of entry,
each a file written atomically (a temporary file, then ``os.replace``):

- **the Spec**: Python source that rebuilds it (constructor calls of the Spec's records),
  compiled once and stored as a ``marshal``-ed code object. Its key covers everything the
  Spec is made from: every schema file's name and bytes, the source of the modules that turn
  them into a Spec (``_SPEC_MODULES``, ``__init__`` with the version among them) and the
  interpreter.
- **compiled patterns**: one table per interpreter of each regular expression's program as
  ``re`` compiles it (``pattern``), so that a warm start parses none.
- **a generated function**: the code object of one unit's source. The key is the source text
  itself with its file name and the interpreter; the entry holds the text and is used only if
  it is equal, so no change to the generator or the settings can ever meet an old entry.

Every entry also holds a digest of its own bytes: a truncated or damaged file is a miss. Any
failure to read, check or write (a read-only install, a full disk, another Python) falls back
to building in memory, silently. Where entries live: ``UA_VALIDATE_CACHE`` (a folder, or
``off`` to disable), else ``__pycache__/ua_validate`` beside the package (read first; written
when writable), else the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``,
``%LOCALAPPDATA%`` on Windows, then ``ua_validate``). See docs/decisions.md.
"""

from __future__ import annotations

import marshal
import os
import sys
from types import CodeType, MappingProxyType

try:  # the C module hashlib would import; importing hashlib costs ≈ 4 ms of start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import blake2b

TYPE_CHECKING = False  # typing is not imported at start-up (≈ 5 ms); type checkers know the name
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from re import Pattern
    from typing import Any

    from .spec import Collection, Filter, Operation, Param, Rule, Spec, TypeSpec

    Records = tuple[type[Spec], type[Operation], type[Param], type[Rule], type[TypeSpec], type[Collection],
                    type[Filter]]

__all__ = ["ENVIRON", "code", "data", "digest", "folders", "pattern", "spec", "unit"]

ENVIRON = "UA_VALIDATE_CACHE"
_OFF = frozenset({"", "0", "off", "no", "false"})
# Bump when the layout of an entry or the way the Spec is written changes.
_FORMAT = b"ua_validate cache 1"
# The modules whose code turns the schema files into the Spec: part of the Spec's key.
_SPEC_MODULES = ("__init__", "loader", "spec", "_record", "valuetypes", "types", "catalog", "rules", "_cache")
_DIGEST = 20
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def folders() -> list[str]:
    """Where entries are looked for, in order (and written: the first that takes them)."""
    chosen = os.environ.get(ENVIRON)
    if chosen is not None:
        return [] if chosen.strip().lower() in _OFF else [chosen]
    if os.name == "nt":
        user = os.environ.get("LOCALAPPDATA") or os.path.expanduser(r"~\AppData\Local")
    else:
        user = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return [os.path.join(_PACKAGE, "__pycache__", "ua_validate"), os.path.join(user, "ua_validate")]


# What a code object and marshal's format depend on.
_INTERPRETER = repr((sys.implementation.name, sys.implementation.cache_tag, sys.version,
                     sys.flags.optimize)).encode()


def _read(name: str, places: list[str]) -> object:
    """The payload of entry ``name`` from the first folder holding a sound copy, or None."""
    for folder in places:
        try:
            with open(os.path.join(folder, name), "rb") as file:
                data = file.read()
        except OSError:
            continue
        digest, payload = data[:_DIGEST], data[_DIGEST:]
        if len(digest) == _DIGEST and blake2b(payload, digest_size=_DIGEST).digest() == digest:
            try:
                return marshal.loads(payload)
            except (EOFError, ValueError, TypeError):
                continue
    return None


def _write(name: str, value: Any, places: list[str]) -> None:
    """Store ``value`` as entry ``name`` in the first folder that takes it; never raises."""
    try:
        payload = marshal.dumps(value)
    except ValueError:  # a value marshal cannot write: no entry
        return
    data = blake2b(payload, digest_size=_DIGEST).digest() + payload
    for folder in places:
        temporary = os.path.join(folder, f".{name}.{os.getpid()}.{id(data):x}.tmp")
        try:
            os.makedirs(folder, exist_ok=True)
            with open(temporary, "xb") as file:
                file.write(data)
            os.replace(temporary, os.path.join(folder, name))
            return
        except OSError:
            try:
                os.remove(temporary)
            except OSError:
                pass


def code(text: str, filename: str) -> CodeType:
    """``compile(text, filename, "exec")``, from the cache when it holds this very text.

    A short text (a record's ``__init__``: ten of them on every start) is kept in one table
    per interpreter, read once per process; a longer one (a generated unit) in an entry of
    its own."""
    places = folders()
    if not places:
        return compile(text, filename, "exec")
    if len(text) <= _SHORT:
        return _short_code(text, filename, places)
    interpreter = _INTERPRETER
    key = blake2b(b"\0".join((_FORMAT, interpreter, filename.encode(), text.encode())),
                  digest_size=_DIGEST).hexdigest()
    name = f"code-{key}.marshal"
    found = _read(name, places)
    if (type(found) is tuple and len(found) == 4 and found[:3] == (interpreter, filename, text)
            and type(found[3]) is CodeType):
        return found[3]
    compiled = compile(text, filename, "exec")
    _write(name, (interpreter, filename, text, compiled), places)
    return compiled


# -- compiled patterns ----------------------------------------------------------------------------
#
# re.compile parses a pattern and writes its program in Python (re._parser, re._compiler): ≈ 0.1
# to 0.8 ms a pattern, ≈ 3 ms for a first validation of every operation. The program (the
# arguments of _sre.compile, all plain data) is kept in one entry per interpreter, and a pattern
# found there is made by _sre.compile alone. A program is kept only once the pattern it makes
# equals re.compile's (same text, flags and code; same groups): private parts of re that change
# in another Python can cost the speed, never a pattern that matches otherwise.

class _Table:
    """Small values in one entry per interpreter, each under its own key: read once per process,
    written whole when a value is added (at most ``most`` of them; beyond, no more are kept)."""

    __slots__ = ("key", "most", "name", "read", "values")

    def __init__(self, kind: str, most: int) -> None:
        # What the values depend on: the interpreter and this module's format.
        self.key = blake2b(b"\0".join((_FORMAT, kind.encode(), _INTERPRETER)), digest_size=_DIGEST).digest()
        self.name = f"{kind}-{self.key.hex()}.marshal"
        self.most = most
        self.values: dict[Any, Any] = {}
        self.read = False

    def get(self, key: Any, places: list[str]) -> Any:
        if not self.read:
            self.read = True
            found = _read(self.name, places)
            if type(found) is tuple and len(found) == 2 and found[0] == self.key and type(found[1]) is dict:
                self.values.update(found[1])
        return self.values.get(key)

    def put(self, key: Any, value: Any, places: list[str]) -> None:
        if len(self.values) < self.most:
            self.values[key] = value
            _write(self.name, (self.key, dict(self.values)), places)


# (text, flags) -> program; custom Specs and phone metadata add theirs
_PATTERNS = _Table("patterns", 1024)
# (text, flags) -> the pattern made in this process, as re keeps its own: the same pattern
# comes in many units' recipes and phone plans (51 calls for 18 patterns on a first validation
# of every operation). Emptied when full, as re empties its own.
_MADE: dict[tuple[str, int], Pattern[str]] = {}
_MADE_MOST = 1024


def pattern(text: str, flags: int = 0) -> Pattern[str]:
    """``re.compile(text, flags)``: from its program in the cache when this interpreter
    compiled it before."""
    import re

    # A RegexFlag is an int to re, and to marshal; re.UNICODE is what a str pattern has anyway
    # (a compiled pattern's flags show it: the generator's recipes give them so).
    flags = int(flags) & ~int(re.UNICODE)
    made = _MADE.get((text, flags))
    if made is None:
        made = _make(text, flags)
        if len(_MADE) >= _MADE_MOST:
            _MADE.clear()
        _MADE[text, flags] = made
    return made


def _make(text: str, flags: int) -> Pattern[str]:
    import re

    places = folders()
    if not places or sys.implementation.name != "cpython":
        return re.compile(text, flags)
    program = _PATTERNS.get((text, flags), places)
    if program is not None:
        try:
            import _sre  # type: ignore[import-not-found]  # CPython's, behind re

            made = _sre.compile(*program)
        except Exception:  # damaged, or another re: compiled as re does
            made = None
        if type(made) is re.Pattern and made.pattern == text:
            return made
    compiled = re.compile(text, flags)
    program = _program(text, flags, compiled)
    if program is not None:
        _PATTERNS.put((text, flags), program, places)
    return compiled


def _program(text: str, flags: int, compiled: Pattern[str]) -> tuple[Any, ...] | None:
    """The arguments of ``_sre.compile`` that make ``compiled`` (as re._compiler.compile
    writes them), or None where they make another pattern or this re has other parts."""
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(text, flags)
        state = parsed.state
        indexgroup: list[str | None] = [None] * state.groups
        for group, index in state.groupdict.items():
            indexgroup[index] = group
        code = [int(word) for word in _compiler._code(parsed, flags)]  # opcodes are int subclasses
        program = (text, int(flags | state.flags), code, state.groups - 1, dict(state.groupdict), tuple(indexgroup))
        made = _sre.compile(*program)
        marshal.dumps(program)  # plain data only
    except Exception:
        return None
    same = made == compiled and made.groups == compiled.groups and made.groupindex == compiled.groupindex
    return program if same else None


_SHORT = 2000  # characters: the longest text kept in the table of short code
_SHORT_CODES = _Table("short-code", 256)  # (file name, text) -> code


def _short_code(text: str, filename: str, places: list[str]) -> CodeType:
    compiled = _SHORT_CODES.get((filename, text), places)
    if type(compiled) is CodeType:
        return compiled
    compiled = compile(text, filename, "exec")
    _SHORT_CODES.put((filename, text), compiled, places)
    return compiled


def digest(parts: Iterable[bytes]) -> bytes:
    """A BLAKE2 digest of ``parts``, each with its length (so no two lists of parts share one)."""
    key = blake2b(digest_size=_DIGEST)
    for part in parts:
        key.update(b"%d\0" % len(part) + part)
    return key.digest()


def data(kind: str, key: bytes, build: Callable[[], Any]) -> Any:
    """``build()``, a plain value ``marshal`` writes (tuples, dicts, text, numbers, frozensets),
    or the value it gave before under the same ``kind`` and ``key``.

    ``key`` is the caller's: it must cover everything the value is made from. The entry records
    the whole key (the format and the interpreter too) and is used only under it."""
    places = folders()
    if not places:
        return build()
    full = blake2b(b"\0".join((_FORMAT, _INTERPRETER, kind.encode(), key)), digest_size=_DIGEST).digest()
    name = f"{kind}-{full.hex()}.marshal"
    found = _read(name, places)
    if type(found) is tuple and len(found) == 2 and found[0] == full:
        return found[1]
    value = build()
    _write(name, (full, value), places)
    return value


def spec(files: Iterable[tuple[str, bytes]], load: Callable[[list[tuple[str, bytes]]], Spec],
         records: Records) -> Spec:
    """``load(files)``, or the Spec it built before from the same files, code and interpreter.

    ``records`` are the Spec's record classes, the Spec's first (the loader passes them: this
    module stays below every other in the layers)."""
    files = sorted(files)
    places = folders()
    key = _spec_key(files) if places else None
    if key is None:
        return load(files)
    name = f"spec-{key}.marshal"
    found = _read(name, places)
    if type(found) is tuple and len(found) == 2 and found[0] == key and type(found[1]) is CodeType:
        try:
            built = _rebuild(found[1], records)
        except Exception:  # any damage: build it anew
            built = None
        if built is not None:
            _keyed(built, key)
            return built
    loaded = load(files)
    _keyed(loaded, key)
    try:
        text = _source(loaded, {cls.__name__: cls for cls in records})
    except _NotWritable:
        return loaded
    _write(name, (key, compile(text, "<ua_validate cached spec>", "eval")), places)
    return loaded


def _spec_key(files: list[tuple[str, bytes]]) -> str | None:
    """The digest of everything the Spec is made from; None when a module's source is not on
    disk (a zip import): then there is no sound key, and no cache."""
    key = blake2b(digest_size=_DIGEST)
    for part in (_FORMAT, _INTERPRETER):
        key.update(part + b"\0")
    sources = _sources(_SPEC_MODULES)
    if sources is None:
        return None
    for module, source in zip(_SPEC_MODULES, sources, strict=True):
        key.update(f"{module} {len(source)}\0".encode() + source)
    for file_name, data in files:
        key.update(f"{file_name} {len(data)}\0".encode() + data)
    return key.hexdigest()


def _sources(modules: tuple[str, ...]) -> list[bytes] | None:
    """The source of each of the package's ``modules``; None when one is not on disk (a zip
    import): then there is no sound key, and no cache."""
    sources = []
    for module in modules:
        try:
            with open(os.path.join(_PACKAGE, module + ".py"), "rb") as file:
                sources.append(file.read())
        except OSError:
            return None
    return sources


class _NotWritable(Exception):
    """A value in the Spec that the cache cannot write as source."""


def _rebuild(compiled: CodeType, records: Records) -> Spec:
    names = {cls.__name__: cls for cls in records}
    built: Spec = eval(compiled, {"__builtins__": {}, "_P": MappingProxyType, **names})
    if type(built) is not records[0]:
        raise TypeError("not a Spec")
    return built


def _source(value: Any, records: dict[str, type]) -> str:
    """An expression that rebuilds ``value`` (records, mapping proxies, plain values)."""
    kind = type(value)
    if kind in (str, int, bool, type(None)) or (kind is float and value == value and abs(value) != float("inf")):
        return repr(value)
    if kind is tuple:
        return "(" + "".join(_source(item, records) + ", " for item in value) + ")"
    if kind is list:
        return "[" + ", ".join(_source(item, records) for item in value) + "]"
    if kind is dict or kind is MappingProxyType:
        items = ", ".join(f"{_source(k, records)}: {_source(v, records)}" for k, v in value.items())
        return f"_P({{{items}}})" if kind is MappingProxyType else f"{{{items}}}"
    if records.get(kind.__name__) is kind:
        fields = ", ".join(f"{field}={_source(getattr(value, field), records)}" for field in value._fields)
        return f"{kind.__name__}({fields})"
    raise _NotWritable(kind.__name__)


# -- generated units, whole: the warm start skips the generator ---------------------------------
#
# A unit's entry holds its source text, its code object and a *recipe* of the namespace the
# generator gave it: each value described by how to find it again (a module's global, a part of
# the operation by its path, the settings, a bound method, a partial, a closure rebuilt from its
# code and cells, plain data). A namespace holding anything else is not cached: that unit is
# generated as before. The key covers the Spec's own key (the schema files and the modules that
# build it), the source of the generator's modules, the operation, the action and the settings.

# The modules whose code writes a unit (beyond the Spec's): part of a unit's key.
_UNIT_MODULES = ("compiler", "_reasons", "errors", "_phone")
_KEYED: list[tuple[Any, str]] = []  # (a Spec this module built or read, its key)
_unit_sources: list[bytes] = []  # the digest of _UNIT_MODULES' sources, once per process


def _keyed(built: Spec, key: str) -> None:
    _KEYED.append((built, key))
    del _KEYED[:-4]  # a process has one Spec or a few: the older ones only lose the fast path


class _NoRecipe(Exception):
    """A namespace value this module cannot describe."""


def unit(op: Operation, settings: Any, action: str | None, generate: Callable[..., Any],
         make: Callable[..., Any]) -> Callable[..., Any]:
    """``generate(op, settings, action).compile()``, or the same unit rebuilt from its entry.

    ``make(name, text, namespace, entry, action)`` is the generator's unit (its ``compile(code)``
    registers the text for tracebacks and runs the code in the namespace)."""
    places = folders()
    key = _unit_key(op, settings, action) if places else None
    if key is None:
        return generate(op, settings, action).compile()  # type: ignore[no-any-return]
    name = f"unit-{key}.marshal"
    found = _read(name, places)
    if type(found) is tuple and len(found) == 6 and found[0] == key and type(found[4]) is CodeType:
        _, unit_name, entry, text, compiled, recipe = found
        try:
            found_parts: dict[tuple[Any, ...], Any] = {}
            namespace = {name: _rebuild_value(value, op, settings, found_parts) for name, value in recipe}
        except Exception:  # a recipe this code cannot follow: generate anew
            namespace = None
        if namespace is not None:
            return make(unit_name, text, namespace, entry, action).compile(compiled)  # type: ignore[no-any-return]
    built = generate(op, settings, action)
    try:
        described = _recipe(built.namespace, op, settings)
    except _NoRecipe:
        described = None
    function = built.compile()
    if described is not None:
        _write(name, (key, built.name, built.entry, built.text, built.code, described), places)
    return function  # type: ignore[no-any-return]


def _unit_key(op: Operation, settings: Any, action: str | None) -> str | None:
    """The key of ``op``'s unit, or None when ``op`` is of no Spec this module keyed."""
    spec_key = next((key for built, key in _KEYED if built.operations.get(op.id) is op), None)
    if spec_key is None:
        return None
    if not _unit_sources:
        sources = _sources(_UNIT_MODULES)
        if sources is None:
            return None
        _unit_sources.append(digest(sources))
    parts = (_FORMAT, _INTERPRETER, spec_key.encode(), _unit_sources[0], op.id.encode(),
             repr(action).encode(), repr(settings).encode())
    return digest(parts).hex()


def _paths(op: Operation) -> dict[int, tuple[Any, ...]]:
    """Every record inside ``op`` (the operation itself included), by id, with its path."""
    found: dict[int, tuple[Any, ...]] = {}

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if hasattr(type(value), "_fields") and hasattr(type(value), "_values"):  # a record
            if id(value) in found:
                return
            found[id(value)] = path
            for field in value._fields:
                walk(getattr(value, field), (*path, field))
        elif type(value) is tuple:  # an item's step is (index,), an attribute's its name
            for index, item in enumerate(value):
                walk(item, (*path, (index,)))
        elif type(value) is MappingProxyType or type(value) is dict:
            for item_key, item in value.items():
                if type(item_key) is str:
                    walk(item, (*path, (item_key,)))

    walk(op, ())
    return found


def _globals() -> dict[int, tuple[str, str]]:
    """The package's module globals (and the builtins), by id: where a value is found again."""
    found: dict[int, tuple[str, str]] = {}
    for module_name in ("builtins", *_keyed_modules()):
        module = sys.modules.get(module_name)
        if module is not None:
            for name, value in list(vars(module).items()):
                found.setdefault(id(value), (module.__name__, name))
    return found


def _keyed_modules() -> list[str]:
    """The package's modules whose source is in a unit's key: a recipe names no other code."""
    package = __name__.rpartition(".")[0]
    return [package if name == "__init__" else f"{package}.{name}" for name in (*_UNIT_MODULES, *_SPEC_MODULES)]


def _recipe(namespace: dict[str, Any], op: Operation, settings: Any) -> tuple[tuple[str, Any], ...]:
    paths, known = _paths(op), _globals()
    return tuple((name, _describe(value, op, settings, paths, known)) for name, value in namespace.items())


_PLAIN = (str, int, bool, float, bytes, type(None))


def _describe(value: Any, op: Any, settings: Any, paths: dict[int, tuple[Any, ...]],
              known: dict[int, tuple[str, str]]) -> tuple[Any, ...]:
    kind = type(value)
    if kind in _PLAIN:
        return ("v", value)
    if value is settings:
        return ("s",)
    if id(value) in paths:
        return ("r", paths[id(value)])
    found = known.get(id(value))
    if found is not None:
        return ("g", *found)

    def each(items: Iterable[Any]) -> tuple[Any, ...]:
        return tuple(_describe(item, op, settings, paths, known) for item in items)

    if kind is tuple:
        return ("t", each(value))
    if kind is frozenset:
        return ("fs", each(value))
    if kind is dict or kind is MappingProxyType:
        return ("d" if kind is dict else "mp", each(value.keys()), each(value.values()))
    if kind is _Later:  # a reason not asked for yet: the recipe it holds
        later: _Later = value
        return later.recipe
    if kind.__name__ == "partial" and kind.__module__ == "functools":
        if value.__dict__:
            raise _NoRecipe("a partial with attributes")
        func = _describe(value.func, op, settings, paths, known)
        # A reason's writer (errors.explained calls it on first access of Failure.reason) is
        # rebuilt when called: most are never asked for.
        lazy = func[0] == "g" and func[1] == f"{__name__.rpartition('.')[0]}._reasons"
        return ("lp" if lazy else "p", func, each(value.args), tuple(value.keywords), each(value.keywords.values()))
    if kind.__name__ == "Pattern" and kind.__module__ == "re":  # compiled by a generator: again from its text
        return ("re", value.pattern, value.flags)
    if kind.__name__ in ("method", "builtin_function_or_method", "builtin_method", "method-wrapper") and \
            getattr(value, "__self__", None) is not None and not isinstance(value.__self__, type(sys)):
        return ("m", _describe(value.__self__, op, settings, paths, known), value.__name__)
    if kind.__name__ == "function":
        module = sys.modules.get(value.__module__) if value.__module__ in _keyed_modules() else None
        if module is None or vars(module) is not value.__globals__ or value.__dict__ or value.__kwdefaults__:
            raise _NoRecipe("a function of no keyed module")
        cells = each(cell.cell_contents for cell in value.__closure__ or ())  # an empty cell raises
        return ("f", value.__module__, value.__code__, value.__name__, value.__qualname__,
                each(value.__defaults__ or ()), cells, value.__defaults__ is None, value.__closure__ is None)
    raise _NoRecipe(kind.__name__)


class _Later:
    """A partial rebuilt from its recipe on its first call (a Failure's reason writer)."""

    __slots__ = ("built", "op", "recipe", "settings")

    recipe: tuple[Any, ...]

    def __init__(self, recipe: tuple[Any, ...], op: Any, settings: Any) -> None:
        self.recipe, self.op, self.settings, self.built = recipe, op, settings, None

    def __call__(self, *args: Any) -> Any:
        built = self.built
        if built is None:
            built = self.built = _rebuild_value(("p", *self.recipe[1:]), self.op, self.settings, {})
        return built(*args)


def _rebuild_value(recipe: tuple[Any, ...], op: Any, settings: Any, parts: dict[tuple[Any, ...], Any]) -> Any:
    """The value ``recipe`` describes; ``parts`` holds the parts of ``op`` found so far."""
    tag = recipe[0]
    if tag == "v":
        return recipe[1]
    if tag == "r":
        path = recipe[1]
        value = parts.get(path)
        if value is None:
            value = op
            for step in path:
                value = getattr(value, step) if type(step) is str else value[step[0]]
            parts[path] = value
        return value
    if tag == "s":
        return settings
    if tag == "g":
        return vars(sys.modules[recipe[1]])[recipe[2]]
    if tag == "lp":
        return _Later(recipe, op, settings)
    if tag == "p":
        from functools import partial  # loaded with re, which the generated code needs already

        keywords = {name: _rebuild_value(v, op, settings, parts) for name, v in zip(recipe[3], recipe[4], strict=True)}
        return partial(_rebuild_value(recipe[1], op, settings, parts),
                       *[_rebuild_value(item, op, settings, parts) for item in recipe[2]], **keywords)
    if tag == "t":
        return tuple([_rebuild_value(item, op, settings, parts) for item in recipe[1]])
    if tag == "fs":
        return frozenset([_rebuild_value(item, op, settings, parts) for item in recipe[1]])
    if tag in ("d", "mp"):
        table = {_rebuild_value(k, op, settings, parts): _rebuild_value(v, op, settings, parts)
                 for k, v in zip(recipe[1], recipe[2], strict=True)}
        return table if tag == "d" else MappingProxyType(table)
    if tag == "m":
        return getattr(_rebuild_value(recipe[1], op, settings, parts), recipe[2])
    if tag == "re":
        return pattern(recipe[1], recipe[2])
    if tag == "f":
        _, module, compiled, name, qualname, defaults, cells, no_defaults, no_closure = recipe
        from types import CellType, FunctionType

        function = FunctionType(
            compiled, vars(sys.modules[module]), name,
            None if no_defaults else tuple([_rebuild_value(item, op, settings, parts) for item in defaults]),
            None if no_closure else tuple([CellType(_rebuild_value(item, op, settings, parts)) for item in cells]))
        function.__qualname__ = qualname
        return function
    raise ValueError(f"unknown recipe {tag!r}")
