"""Per-call cost of ua_validate._phone.possible_international against phonenumbers parse(), and
the CPU cost of the first ``+`` number in a fresh interpreter (start-up cache warm, off, and the
whole-package fallback).

    .venv/bin/python benchmarks/phone.py [--first-only] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
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


# The child times, in CPU time, its first `+` number after `import ua_validate`: `warm` reads
# the calling code's facts from the start-up cache (every process after the first), `files`
# loads the calling code's metadata module alone (the cache off, or the first process),
# `package` imports all of phonenumbers and asks its API (the fallback, and the way before).
_FIRST = """
import sys, time
import ua_validate
from ua_validate import _phone, types
if {package!r}:
    _phone._open_source = _phone._PackageSource
start = time.process_time()
assert types.phone_number("+40721234567") and not types.phone_number("+4072123456")
first = time.process_time() - start
start = time.process_time()
assert types.phone_number("+442079460000")
second_code = time.process_time() - start
print(first * 1000, second_code * 1000, "phonenumbers" in sys.modules)
"""
_SOURCES = ("warm", "files", "package")


def first_number(runs: int) -> dict[str, tuple[float, float, bool]]:
    """Median CPU ms of the first `+` number, and of a first number of another calling code."""
    samples: dict[str, list[tuple[float, float, bool]]] = {name: [] for name in _SOURCES}
    folder = tempfile.mkdtemp(prefix="ua-phone-")
    env = {name: {**os.environ, "UA_VALIDATE_CACHE": folder if name == "warm" else "off"} for name in _SOURCES}
    try:
        subprocess.run([sys.executable, "-c", _FIRST.format(package=False)], capture_output=True, check=True,
                       env=env["warm"])  # fills the cache
        for _ in range(runs):
            for name in samples:  # interleaved, so that a noisy moment hits them all alike
                out = subprocess.run([sys.executable, "-c", _FIRST.format(package=name == "package")],
                                     capture_output=True, text=True, check=True, env=env[name]).stdout.split()
                samples[name].append((float(out[0]), float(out[1]), out[2] == "True"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {name: (statistics.median(s[0] for s in got), statistics.median(s[1] for s in got), got[0][2])
            for name, got in samples.items()}


def report_first(runs: int) -> None:
    result = first_number(runs)
    print(f"first `+` number in a fresh interpreter, CPU ms, median of {runs}:")
    for name, label in (("warm", "its facts from the start-up cache"),
                        ("files", "one region module (cache off or cold)"),
                        ("package", "all of phonenumbers (fallback)")):
        first, other, imported = result[name]
        print(f"  {label:40s} first {first:6.2f} ms, next calling code {other:5.2f} ms"
              f" (phonenumbers imported: {imported})")
    print(f"  ratio region module / cache: {result['files'][0] / result['warm'][0]:.1f}x; "
          f"all of phonenumbers / cache: {result['package'][0] / result['warm'][0]:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first-only", action="store_true", help="only the first-number figures")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    report_first(args.runs)
    if args.first_only:
        return
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
