"""Per-call cost of ua_validate._phone.possible_international against phonenumbers parse()."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import phonenumbers

from ua_validate._phone import possible_international, possible_national

_TYPES = (
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
)


def _numbers(count: int, seed: int = 20240601) -> list[tuple[str, str, str]]:
    """(E.164 digits without '+', the same number written nationally, its region) for example
    numbers of every region, with the last four digits varied."""
    rng = random.Random(seed)
    bases = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in _TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                bases.append((example, region))
    out = []
    while len(out) < count:
        example, region = rng.choice(bases)
        nsn = phonenumbers.national_significant_number(example)
        keep = max(len(nsn) - 4, 1)
        nsn = nsn[:keep] + "".join(rng.choice("0123456789") for _ in nsn[keep:])
        varied = phonenumbers.parse(f"+{example.country_code}{nsn}")
        national = phonenumbers.format_number(varied, phonenumbers.PhoneNumberFormat.NATIONAL)
        out.append((f"{example.country_code}{nsn}", "".join(filter(str.isdigit, national)), region))
    return out


def _reference(digits: str) -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse("+" + digits))
    except phonenumbers.NumberParseException:
        return False


def _reference_national(case: tuple[str, str]) -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(*case))
    except phonenumbers.NumberParseException:
        return False


def _national(case: tuple[str, str]) -> bool:
    return possible_national(*case)


def _per_call_us(func: Callable[[Any], bool], numbers: list[Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for digits in numbers:
            func(digits)
        best = min(best, time.perf_counter() - start)
    return best / len(numbers) * 1e6


def main() -> None:
    cases = _numbers(5000)
    numbers = [e164 for e164, _, _ in cases]
    nationals = [(national, region) for _, national, region in cases]
    # The agreement pass also warms both sides, so no one-off metadata load is billed to either.
    mismatches = sum(possible_international(d) != _reference(d) for d in numbers)
    mismatches += sum(_national(c) != _reference_national(c) for c in nationals)
    possible = sum(map(possible_international, numbers))
    fast = _per_call_us(possible_international, numbers, repeat=20)
    slow = _per_call_us(_reference, numbers, repeat=3)
    fast_national = _per_call_us(_national, nationals, repeat=20)
    slow_national = _per_call_us(_reference_national, nationals, repeat=3)
    invalid = ["999" + d[3:] for d in numbers[:2000]]
    reject = _per_call_us(possible_international, invalid, repeat=20)
    print(f"numbers: {len(numbers)} ({possible} possible), mismatches vs phonenumbers: {mismatches}")
    print(f"possible_international:               {fast:7.3f} us/call")
    print(f"parse('+'...) + is_possible_number:   {slow:7.3f} us/call")
    print(f"ratio:                                {slow / fast:7.1f}x")
    print(f"possible_national (national format):  {fast_national:7.3f} us/call")
    print(f"parse(n, region) + is_possible_number:{slow_national:7.3f} us/call")
    print(f"ratio:                                {slow_national / fast_national:7.1f}x")
    print(f"unknown calling code (+999...):       {reject:7.3f} us/call")


if __name__ == "__main__":
    main()
