"""phonenumbers' parse() + is_possible_number() verdict for digit-only input, without parse().

The metadata comes from the installed phonenumbers, one calling code at a time (see
``_FileSource``): a first ``+`` number costs one small generated module, not the whole package.
What a calling code's metadata comes to (``_facts``: plain text, numbers and sets) is kept in
the start-up cache (``_cache.data``), keyed by the installed phonenumbers (its version, its
calling-code map and that region's file) and this module's own source, so a later process reads
one small entry instead of loading the module, and a stale entry can never be used.
"""

from __future__ import annotations

import _thread  # threading's own lock, without importing threading (≈ 2 ms of start-up)
import re
import sys
from collections.abc import Mapping

from . import _cache

TYPE_CHECKING = False  # typing is for type checkers: importing it costs ≈ 5 ms of start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeAlias

    # _facts(): (calling code, national prefix for parsing, its transform rule, the general
    # pattern, lim, keep, too_long, ok, the international prefix), as _Plan and _Region use them.
    Facts: TypeAlias = tuple[str, str | None, str | None, str | None, int, frozenset[int], frozenset[int],
                             frozenset[int], str | None]

__all__ = ["possible_international", "possible_national"]

# Longest and shortest national significant numbers parse() accepts; it raises outside them.
_MIN_NSN = 2
_MAX_NSN = 17
_NON_GEO = "001"  # phonenumbers' region code for a calling code of no country (+800, +979 ...)


class _Plan:
    """One metadata record reduced to what parse() consults for a digit-only number.

    is_possible_number() only ever looks at the *length* of the national number, so every
    length-dependent answer is a precomputed set; regexes run only where parse() runs them and
    their answer could change the verdict.
    """

    __slots__ = ("cc", "general", "general_text", "keep", "lim", "npp", "npp_groups", "ok", "too_long",
                 "transform")

    cc: str
    npp: re.Pattern[str] | None
    npp_groups: int
    transform: str | None
    general_text: str | None
    general: re.Pattern[str] | None  # general_text compiled, on first use (general_pattern)
    keep: frozenset[int]
    too_long: frozenset[int]
    lim: int
    ok: frozenset[int]

    def __init__(self, facts: Facts | None = None) -> None:
        self.general = None
        if facts is None:
            # Stands for an unknown calling code: nothing is possible and nothing is stripped, so
            # such numbers are rejected on the fast path instead of re-searched on every call.
            self.cc, self.npp, self.npp_groups, self.transform, self.general_text = "", None, 0, None, None
            self.keep = self.too_long = self.ok = frozenset()
            self.lim = 0
            return
        self.cc, npp, self.transform, self.general_text, self.lim, self.keep, self.too_long, self.ok, _ = facts
        # phonenumbers compiles with plain re.compile; identical flags keep the matches identical.
        self.npp = _cache.pattern(npp) if npp else None
        self.npp_groups = self.npp.groups if self.npp is not None else 0

    def general_pattern(self) -> re.Pattern[str] | None:
        """The general pattern, compiled when first needed: most numbers never need it (the
        length tables decide), and compiling it is most of the cost of a plan."""
        general = self.general
        if general is None and self.general_text is not None:
            general = self.general = _cache.pattern(self.general_text)
        return general

    def kept(self, length: int) -> bool:
        # parse() keeps a stripped national prefix only if the remainder is not too short, not
        # local-only and not an invalid length.
        return length in self.keep or length > self.lim

    def is_too_long(self, length: int) -> bool:
        return length in self.too_long or length > self.lim


def _facts(metadata: Any) -> Facts:
    """What a plan and a region's IDD need of one metadata record, as plain values."""
    desc = metadata.general_desc
    # Above every listed length, the length test can only answer TOO_LONG, so one entry past
    # the largest stands for all longer numbers and the tables stay finite.
    lim = max((*desc.possible_length, *desc.possible_length_local_only, _MAX_NSN)) + 1
    verdicts = [length_verdict(n, desc) for n in range(lim + 1)]
    possible = (IS_POSSIBLE, IS_POSSIBLE_LOCAL_ONLY)
    return (
        str(metadata.country_code), metadata.national_prefix_for_parsing or None,
        metadata.national_prefix_transform_rule or None, desc.national_number_pattern or None, lim,
        frozenset(n for n, v in enumerate(verdicts) if v in (IS_POSSIBLE, TOO_LONG)),
        frozenset(n for n, v in enumerate(verdicts) if v == TOO_LONG),
        frozenset(n for n, v in enumerate(verdicts) if v in possible and _MIN_NSN <= n <= _MAX_NSN),
        metadata.international_prefix,
    )


class _Region:
    __slots__ = ("idd", "main", "own")

    own: _Plan
    main: _Plan
    idd: re.Pattern[str] | None

    def __init__(self, own: _Plan, main: _Plan, idd: re.Pattern[str] | None) -> None:
        self.own = own
        self.main = main
        self.idd = idd


# phonenumbers' ValidationResult, the same names and values: what a national number's length says.
IS_POSSIBLE, INVALID_COUNTRY_CODE, TOO_SHORT, TOO_LONG, IS_POSSIBLE_LOCAL_ONLY, INVALID_LENGTH = range(6)


def length_verdict(length: int, desc: Any) -> int:
    """phonenumbers' _test_number_length for the UNKNOWN number type: what is_possible_number()
    and parse() ask, judged by the general description's possible lengths."""
    if length in desc.possible_length_local_only:
        return IS_POSSIBLE_LOCAL_ONLY
    lengths = desc.possible_length
    if length == lengths[0]:
        return IS_POSSIBLE
    if length < lengths[0]:
        return TOO_SHORT
    if length > lengths[-1]:
        return TOO_LONG
    return IS_POSSIBLE if length in lengths[1:] else INVALID_LENGTH


class _PackageSource:
    """The metadata through phonenumbers' own API: the whole package is imported (≈ 30 ms of
    CPU). The fallback for an installation whose files _FileSource cannot read."""

    def __init__(self) -> None:
        import phonenumbers

        self.codes: Mapping[int, tuple[str, ...]] = phonenumbers.COUNTRY_CODE_TO_REGION_CODE
        self._metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code

    def metadata(self, code: int, region: str) -> Any:
        return self._metadata(code, region)

    def facts(self, code: int, region: str) -> Facts:
        return _facts(self._metadata(code, region))  # the package is loaded: nothing to cache


class _FileSource:
    """The installed phonenumbers' metadata modules, loaded one region at a time.

    Importing ``phonenumbers`` (or any ``phonenumbers.data.region_XX``, whose parent packages
    come first) runs the package's ``__init__``: the formatter, the matcher, the short-number
    tables, every alternate format, ≈ 30 ms of CPU. The metadata of one region is one small
    generated module, ``phonenumbers/data/region_XX.py``, which needs only ``phonemetadata.py``
    and ``util.py``. So the installed package's directory is mounted under a private name
    (``_MOUNT``) whose ``data`` is a bare namespace: only those modules and the regions asked
    for run, from the installed files and their cached bytecode, so the verdicts are those of
    the installed phonenumbers, whatever its version. The calling-code map is read from
    ``data/__init__.py``, where phonenumbers generates it as one literal; any surprise in
    reading it (a zipped install, another layout) raises, and the caller falls back to
    _PackageSource.

    The map and each region's facts go through the start-up cache. ``key`` is the digest of
    this module's source, phonenumbers' ``__init__.py`` (its ``__version__``) and the map's
    source; a region's entry adds the region file's bytes. None (no cache) when one of them
    cannot be read.
    """

    def __init__(self) -> None:
        root = self.root = _package_dir()
        with open(f"{root}/data/__init__.py", "rb") as file:
            code_map = file.read()
        try:
            with open(__file__, "rb") as file:
                own = file.read()
            with open(f"{root}/__init__.py", "rb") as file:
                version = file.read()
            self.key: bytes | None = _cache.digest((own, version, code_map))
        except OSError:
            self.key = None
        self.codes: Mapping[int, tuple[str, ...]] = _cached(
            "phone-codes", self.key, lambda: _code_map(code_map.decode("utf-8")))
        mount = type(sys)(_MOUNT)  # a bare module object: the private name of the package
        mount.__path__ = [root]
        data = type(sys)(f"{_MOUNT}.data")  # skips data/__init__.py, which imports every format
        data.__path__ = [f"{root}/data"]
        sys.modules.setdefault(_MOUNT, mount)
        sys.modules.setdefault(f"{_MOUNT}.data", data)

    def metadata(self, code: int, region: str) -> Any:
        name = str(code) if region == _NON_GEO else region
        module = f"{_MOUNT}.data.region_{name}"
        __import__(module)
        return getattr(sys.modules[module], f"PHONE_METADATA_{name}")

    def facts(self, code: int, region: str) -> Facts:
        """The region's facts, from the cache entry of this very region file when there is one."""
        name = str(code) if region == _NON_GEO else region
        key = None
        if self.key is not None:
            try:
                with open(f"{self.root}/data/region_{name}.py", "rb") as file:
                    key = _cache.digest((self.key, f"{code} {region}".encode(), file.read()))
            except OSError:
                pass
        facts: Facts = _cached("phone-facts", key, lambda: _facts(self.metadata(code, region)))
        return facts


def _cached(kind: str, key: bytes | None, build: Callable[[], Any]) -> Any:
    return build() if key is None else _cache.data(kind, key, build)


_MOUNT = "ua_validate._phonenumbers_files"
# The generated calling-code map, one literal, one line a code: `    40: ("RO",),`. Patterns as
# text, compiled on first use: importing this module must stay cheap.
_CODE_MAP = r"^_COUNTRY_CODE_TO_REGION_CODE = \{\n(.*?)^\}"
_CODE_LINE = r' {4}([1-9][0-9]{0,2}): \(((?:"(?:[A-Z]{2}|001)", ?)+)\),\n'


def _package_dir() -> str:
    module = sys.modules.get("phonenumbers")
    if module is not None:
        return str(module.__path__[0])
    from importlib.machinery import PathFinder  # loaded with the interpreter: no import cost

    spec = PathFinder.find_spec("phonenumbers")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("phonenumbers is not installed as a package directory")
    return str(spec.submodule_search_locations[0])


def _code_map(source: str) -> dict[int, tuple[str, ...]]:
    """phonenumbers' COUNTRY_CODE_TO_REGION_CODE, read from the source that defines it."""
    block = re.search(_CODE_MAP, source, re.MULTILINE | re.DOTALL)
    if block is None:
        raise ValueError("no calling-code map in phonenumbers/data/__init__.py")
    if re.fullmatch(f"(?:{_CODE_LINE})+", block.group(1)) is None:
        # A layout this reader does not know (a comment, another spelling): never guess.
        raise ValueError("unexpected layout of phonenumbers' calling-code map")
    return {int(code): tuple(region.strip('" ') for region in regions.split(",")[:-1])
            for code, regions in re.findall(_CODE_LINE, block.group(1))}


def _open_source() -> _FileSource | _PackageSource:
    try:
        return _FileSource()
    except (ImportError, OSError, ValueError):
        return _PackageSource()


# Published only once fully built, so lock-free readers never see half a plan.
_INTL: dict[str, _Plan] = {}
# First three digits -> plan of the calling code they start with (the null plan if none): one
# lookup finds the code, and at most 1000 entries ever exist.
_BY_PREFIX: dict[str, _Plan] = {}
_NO_CODE = _Plan()
_REGIONS: dict[str, _Region] = {}
_CALLING_CODES: dict[str, str] = {}  # calling code -> its main region (the one that judges)
_SUPPORTED: dict[str, int] = {}  # region -> its calling code
_SOURCE: _FileSource | _PackageSource | None = None
# Serialises builds: loading a module and phonenumbers' own lazy loader are not race-free.
_BUILD_LOCK = _thread.allocate_lock()


def _load_codes() -> None:
    global _SOURCE, _CALLING_CODES, _SUPPORTED
    with _BUILD_LOCK:
        if _SOURCE is not None:
            return
        source = _open_source()
        # Shared calling codes (+1, +7, +44 ...) are judged by the main region's metadata: the first.
        calling_codes = {str(code): regions[0] for code, regions in source.codes.items()}
        supported = {region: code for code, regions in source.codes.items() for region in regions
                     if region != _NON_GEO}
        _CALLING_CODES, _SUPPORTED = calling_codes, supported
        _SOURCE = source


def _facts_of(code: int, region: str) -> Facts:
    assert _SOURCE is not None
    try:
        return _SOURCE.facts(code, region)
    except (ImportError, AttributeError):
        # A region file the map names but the mounted files do not hold as expected.
        return _PackageSource().facts(code, region)


def _build_intl(cc: str) -> _Plan:
    with _BUILD_LOCK:
        plan = _INTL.get(cc)
        if plan is None:
            plan = _Plan(_facts_of(int(cc), _CALLING_CODES[cc]))
            _INTL[cc] = plan
        return plan


def _build_region(region: str) -> _Region | None:
    if _SOURCE is None:
        _load_codes()
    code = _SUPPORTED.get(region) if type(region) is str else None
    if code is None:
        return None
    with _BUILD_LOCK:
        built = _REGIONS.get(region)
        if built is not None:
            return built
        facts = _facts_of(code, region)
        own = _Plan(facts)
        idd = facts[8]
        idd_pattern = _cache.pattern(idd) if idd is not None else None
    # Outside the lock: _build_intl takes it itself.
    main = _INTL.get(own.cc) or _build_intl(own.cc)
    built = _Region(own, main, idd_pattern)
    _REGIONS[region] = built
    return built


def _stripped(nn: str, plan: _Plan, match: re.Match[str]) -> str | None:
    """The national number left once parse() strips the matched national prefix, or None if the
    number it strips from is viable and the remainder is not (parse then leaves it unstripped)."""
    transform = plan.transform
    # Mirrors phonenumbers exactly, including indexing the *last* group: BR's two-group pattern
    # depends on it.
    if transform is None or match.groups()[plan.npp_groups - 1] is None:
        rest = nn[match.end() :]
    else:
        rest = plan.npp.sub(transform, nn, count=1)  # type: ignore[union-attr]
    general = plan.general_pattern()
    if general is not None and general.fullmatch(nn) and not general.fullmatch(rest):
        return None
    return rest


def _raw_strip(nn: str, plan: _Plan) -> str:
    if not nn or plan.npp is None:
        return nn
    match = plan.npp.match(nn)
    if match is None:
        return nn
    rest = _stripped(nn, plan, match)
    return nn if rest is None else rest


def _verdict_after_prefix(nn: str, plan: _Plan, match: re.Match[str], ok: frozenset[int]) -> bool:
    """Possibility of `nn` once parse() decides on stripping the national prefix `match` found."""
    transform = plan.transform
    if transform is None or match.groups()[plan.npp_groups - 1] is None:
        length = len(nn) - match.end()
    else:
        length = len(plan.npp.sub(transform, nn, count=1))  # type: ignore[union-attr]
    unstripped = len(nn) in ok
    # The general-pattern regexes only matter when stripping would be kept and would change
    # the verdict; skipping them otherwise is what keeps +7 8xx and +1 1xx numbers fast.
    if not plan.kept(length) or (length in ok) == unstripped:
        return unstripped
    rest = _stripped(nn, plan, match)
    return unstripped if rest is None else len(rest) in ok


def _parse_possible(nn: str, plan: _Plan, ok: frozenset[int]) -> bool:
    """parse()'s national-prefix step with `plan`, then is_possible_number() against `ok`."""
    if len(nn) < _MIN_NSN:
        return False
    npp = plan.npp
    if npp is not None:
        match = npp.match(nn)
        if match is not None:
            return _verdict_after_prefix(nn, plan, match, ok)
    return len(nn) in ok


def possible_international(digits: str) -> bool:
    """phonenumbers.is_possible_number(phonenumbers.parse("+" + digits)); parse errors are False."""
    plan = _BY_PREFIX.get(digits[:3])
    if plan is None:
        return _possible_international_cold(digits)
    nn = digits[len(plan.cc) :]
    npp = plan.npp
    if npp is not None and len(nn) >= _MIN_NSN:
        # parse() strips national prefixes even after '+', e.g. +7 8..., +1 1...
        match = npp.match(nn)
        if match is not None:
            return _verdict_after_prefix(nn, plan, match, plan.ok)
    return len(nn) in plan.ok


def _possible_international_cold(digits: str) -> bool:
    # parse() refuses fewer than three digits after '+' before it looks at the country code.
    if len(digits) < 3:
        return False
    if _SOURCE is None:
        _load_codes()
    plan = _NO_CODE
    # parse() takes the shortest matching code; calling codes are prefix-free anyway, and never
    # start with 0, so a leading 0 gets the null plan as in parse().
    for size in (1, 2, 3):
        cc = digits[:size]
        if cc in _CALLING_CODES:
            plan = _INTL.get(cc) or _build_intl(cc)
            break
    _BY_PREFIX[digits[:3]] = plan
    return possible_international(digits)


def possible_national(digits: str, region: str) -> bool:
    """phonenumbers.is_possible_number(phonenumbers.parse(digits, region)); parse errors are False."""
    entry = _REGIONS.get(region)
    if entry is None:
        entry = _build_region(region)
        if entry is None:
            return False
    own = entry.own
    idd = entry.idd
    if idd is not None:
        match = idd.match(digits)
        if match is not None:
            rest = digits[match.end() :]
            # parse() only treats it as an international prefix if no 0 follows; what is left is
            # then handled exactly like a '+' number.
            if not rest or rest[0] != "0":
                return possible_international(rest)
    cc = own.cc
    if digits.startswith(cc):
        # parse() reads a leading own calling code (dialled without '+') as such only if the
        # whole is too long or the remainder fits the region where the whole did not.
        rest = _raw_strip(digits[len(cc) :], own)
        general = own.general_pattern()
        if own.is_too_long(len(digits)) or (
            general is not None and general.fullmatch(rest) is not None and general.fullmatch(digits) is None
        ):
            # From here parse() switches to the main region's metadata (e.g. US for CA).
            return _parse_possible(rest, entry.main, entry.main.ok)
    # Stripping follows the given region's rules, but is_possible_number() judges the length
    # by the main region of the calling code.
    return _parse_possible(digits, own, entry.main.ok)
