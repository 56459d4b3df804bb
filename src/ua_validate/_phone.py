"""phonenumbers' parse() + is_possible_number() verdict for digit-only input, without parse()."""

from __future__ import annotations

import re
import threading
from typing import Any

__all__ = ["possible_international", "possible_national"]

# Longest and shortest national significant numbers parse() accepts; it raises outside them.
_MIN_NSN = 2
_MAX_NSN = 17


class _Plan:
    """One metadata record reduced to what parse() consults for a digit-only number.

    is_possible_number() only ever looks at the *length* of the national number, so every
    length-dependent answer is a precomputed set; regexes run only where parse() runs them and
    their answer could change the verdict.
    """

    __slots__ = ("cc", "general", "keep", "lim", "npp", "npp_groups", "ok", "too_long", "transform")

    cc: str
    npp: re.Pattern[str] | None
    npp_groups: int
    transform: str | None
    general: re.Pattern[str] | None
    keep: frozenset[int]
    too_long: frozenset[int]
    lim: int
    ok: frozenset[int]

    def __init__(self, metadata: Any = None, test_number_length: Any = None, results: Any = None) -> None:
        if metadata is None:
            # Stands for an unknown calling code: nothing is possible and nothing is stripped, so
            # such numbers are rejected on the fast path instead of re-searched on every call.
            self.cc, self.npp, self.npp_groups, self.transform, self.general = "", None, 0, None, None
            self.keep = self.too_long = self.ok = frozenset()
            self.lim = 0
            return
        self.cc = str(metadata.country_code)
        npp = metadata.national_prefix_for_parsing
        # phonenumbers compiles with plain re.compile; identical flags keep the matches identical.
        self.npp = re.compile(npp) if npp else None
        self.npp_groups = self.npp.groups if self.npp is not None else 0
        self.transform = metadata.national_prefix_transform_rule or None
        pattern = metadata.general_desc.national_number_pattern
        self.general = re.compile(pattern) if pattern else None
        desc = metadata.general_desc
        # Above every listed length, _test_number_length can only answer TOO_LONG, so one entry
        # past the largest stands for all longer numbers and the tables stay finite.
        self.lim = max((*desc.possible_length, *desc.possible_length_local_only, _MAX_NSN)) + 1
        verdicts = [test_number_length("1" * n, metadata) for n in range(self.lim + 1)]
        accepted_after_strip = (results.IS_POSSIBLE, results.TOO_LONG)
        self.keep = frozenset(n for n, v in enumerate(verdicts) if v in accepted_after_strip)
        self.too_long = frozenset(n for n, v in enumerate(verdicts) if v == results.TOO_LONG)
        possible = (results.IS_POSSIBLE, results.IS_POSSIBLE_LOCAL_ONLY)
        self.ok = frozenset(n for n, v in enumerate(verdicts) if v in possible and _MIN_NSN <= n <= _MAX_NSN)

    def kept(self, length: int) -> bool:
        # parse() keeps a stripped national prefix only if the remainder is not too short, not
        # local-only and not an invalid length.
        return length in self.keep or length > self.lim

    def is_too_long(self, length: int) -> bool:
        return length in self.too_long or length > self.lim


class _Region:
    __slots__ = ("idd", "main", "own")

    own: _Plan
    main: _Plan
    idd: re.Pattern[str] | None

    def __init__(self, own: _Plan, main: _Plan, idd: re.Pattern[str] | None) -> None:
        self.own = own
        self.main = main
        self.idd = idd


# Published only once fully built, so lock-free readers never see half a plan.
_INTL: dict[str, _Plan] = {}
# First three digits -> plan of the calling code they start with (the null plan if none): one
# lookup finds the code, and at most 1000 entries ever exist.
_BY_PREFIX: dict[str, _Plan] = {}
_NO_CODE = _Plan()
_REGIONS: dict[str, _Region] = {}
_CALLING_CODES: frozenset[str] = frozenset()
_SUPPORTED: frozenset[str] = frozenset()
# Serialises builds because phonenumbers' lazy metadata loader is not fully race-free.
_BUILD_LOCK = threading.Lock()


def _load_codes() -> None:
    global _CALLING_CODES, _SUPPORTED
    # Deferred import: importing this module must not pay for phonenumbers.
    import phonenumbers

    _SUPPORTED = frozenset(phonenumbers.SUPPORTED_REGIONS)
    _CALLING_CODES = frozenset(str(cc) for cc in phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


def _build_intl(cc: str) -> _Plan:
    from phonenumbers import phonenumberutil as pu
    from phonenumbers.phonemetadata import PhoneMetadata

    with _BUILD_LOCK:
        plan = _INTL.get(cc)
        if plan is None:
            code = int(cc)
            # Shared calling codes (+1, +7, +44 ...) are judged by the main region's metadata.
            main_region = pu.region_code_for_country_code(code)
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, main_region)
            plan = _Plan(metadata, pu._test_number_length, pu.ValidationResult)
            _INTL[cc] = plan
        return plan


def _build_region(region: str) -> _Region | None:
    if not _SUPPORTED:
        _load_codes()
    if region not in _SUPPORTED:
        return None
    from phonenumbers import phonenumberutil as pu
    from phonenumbers.phonemetadata import PhoneMetadata

    with _BUILD_LOCK:
        built = _REGIONS.get(region)
        if built is not None:
            return built
        metadata = PhoneMetadata.metadata_for_region(region)
        assert metadata is not None  # every supported region ships metadata
        own = _Plan(metadata, pu._test_number_length, pu.ValidationResult)
        idd = metadata.international_prefix
        idd_pattern = re.compile(idd) if idd is not None else None
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
    general = plan.general
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
    if not _CALLING_CODES:
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
        general = own.general
        if own.is_too_long(len(digits)) or (
            general is not None and general.fullmatch(rest) is not None and general.fullmatch(digits) is None
        ):
            # From here parse() switches to the main region's metadata (e.g. US for CA).
            return _parse_possible(rest, entry.main, entry.main.ok)
    # Stripping follows the given region's rules, but is_possible_number() judges the length
    # by the main region of the calling code.
    return _parse_possible(digits, own, entry.main.ok)
