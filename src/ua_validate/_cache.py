"""A disk cache of the loaded Spec and of the generated validators' code objects.

Start-up otherwise pays, in every process, for importing ``tomllib``, parsing the schema files,
building the Spec and ``compile()`` of each generated function's source. Two kinds of entry,
each a file written atomically (a temporary file, then ``os.replace``):

- **the Spec**: Python source that rebuilds it (constructor calls of the Spec's records),
  compiled once and stored as a ``marshal``-ed code object. Its key covers everything the
  Spec is made from: every schema file's name and bytes, the source of the modules that turn
  them into a Spec (``_SPEC_MODULES``, ``__init__`` with the version among them) and the
  interpreter.
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
    from typing import Any

    from .spec import Collection, Filter, Operation, Param, Rule, Spec, TypeSpec

    Records = tuple[type[Spec], type[Operation], type[Param], type[Rule], type[TypeSpec], type[Collection],
                    type[Filter]]

__all__ = ["ENVIRON", "code", "data", "digest", "folders", "spec"]

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


def _interpreter() -> bytes:
    """What a code object and marshal's format depend on."""
    return repr((sys.implementation.name, sys.implementation.cache_tag, sys.version,
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
    """``compile(text, filename, "exec")``, from the cache when it holds this very text."""
    places = folders()
    if not places:
        return compile(text, filename, "exec")
    interpreter = _interpreter()
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
    full = blake2b(b"\0".join((_FORMAT, _interpreter(), kind.encode(), key)), digest_size=_DIGEST).digest()
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
            return built
    loaded = load(files)
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
    for part in (_FORMAT, _interpreter()):
        key.update(part + b"\0")
    for module in _SPEC_MODULES:
        try:
            with open(os.path.join(_PACKAGE, module + ".py"), "rb") as file:
                source = file.read()
        except OSError:
            return None
        key.update(f"{module} {len(source)}\0".encode() + source)
    for file_name, data in files:
        key.update(f"{file_name} {len(data)}\0".encode() + data)
    return key.hexdigest()


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
