"""µs per validation, per operation: generated validators against marshmallow (and, for the
CDR list query, against pydantic v2, msgspec and a hand-written function), all in one process;
then ``validate_request`` against ``validate``, start-up, and issue 12's targets, each with its
measured ratio and whether it is met.

    make bench                      # or: .venv/bin/python benchmarks/run.py [--quick]

Each contender validates pools of 1000 requests that all differ (phone numbers, dates, ids),
valid ones, invalid-early ones (the first check fails) and invalid-late ones (only the last
check fails). The pool is timed in chunks of 50 requests, in CPU time; a chunk's figure is the
median of several rounds, the contenders alternating chunk by chunk (see ``measure``).
Before timing, every contender's answer to every request is compared with the reference.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _requests
import handwritten
import msgspec_cdr
import pydantic_cdr
from ua_validate import UAError, ValidationError, Validator, compiler

KINDS = ("valid", "early", "late")
Contender = Callable[[Any], Any]


def _answer(contender: Contender, params: Any) -> Any:
    try:
        result = contender(params)
    except ValidationError as err:
        return ("error", err.errors)
    return ("ok", [(k, type(v).__name__, v, getattr(v, "utcoffset", lambda: None)())
                   for k, v in result.items()])


def _check(operation: str, kind: str, expected: str | None, pool: Sequence[Any],
           contenders: dict[str, Contender], reference: Contender) -> None:
    for params in pool:
        answer = _answer(reference, params)
        code = None if answer[0] == "ok" else answer[1][0].code
        if code != expected:
            raise SystemExit(f"{operation} {kind}: expected {expected}, reference says {code}: {params}")
        for name, contender in contenders.items():
            if _answer(contender, params) != answer:
                raise SystemExit(f"{operation} {kind}: {name} disagrees with the reference on {params}")


CHUNK = 50  # requests timed together: short enough to fall between the scheduler's preemptions


def _time_chunk(contender: Contender, chunk: Sequence[Any]) -> int:
    """CPU nanoseconds of this thread for one pass over ``chunk``, after an untimed one: the
    contender's steady state on requests in the CPU's caches, as a server validates the
    parameters it has just built. Without it a contender paid for the place it ran in (first on
    a chunk, or after marshmallow, which evicts everything), up to ≈ 1 µs of a valid request:
    phone_calls.update's ratio to marshmallow moved 6.5-7.5x between runs (8.4-8.6x with it)."""
    _pass(contender, chunk)
    start = time.thread_time_ns()
    _pass(contender, chunk)
    return time.thread_time_ns() - start


def _pass(contender: Contender, chunk: Sequence[Any]) -> None:
    for params in chunk:
        try:
            contender(params)
        except UAError:
            pass


def measure(contenders: dict[str, Contender], pool: Sequence[Any], rounds: int) -> dict[str, float]:
    """µs per call of each contender: for each chunk of the pool the median of its rounds, summed.

    CPU time of this thread, so that the time another process holds the CPU is not counted;
    the median, so that a round slowed by caches another process emptied counts no more than
    one quick by chance. Contenders alternate chunk by chunk, so noise hits all alike, in a new
    order each round; each chunk is timed after an untimed pass of the same contender
    (``_time_chunk``); garbage collection is off while timing, as timeit does.
    """
    chunks = [pool[i:i + CHUNK] for i in range(0, len(pool), CHUNK)]
    times: dict[str, list[list[int]]] = {name: [[] for _ in chunks] for name in contenders}
    order = list(contenders.items())
    shuffle = random.Random(12).shuffle
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            # A new order each round (seeded), so that no contender always follows another;
            # the untimed pass before each timed one (_time_chunk) takes the caches' part.
            shuffle(order)
            for index, chunk in enumerate(chunks):
                for name, contender in order:
                    times[name][index].append(_time_chunk(contender, chunk))
    finally:
        gc.enable()
    return {name: sum(statistics.median(chunk) for chunk in per_chunk) / len(pool) / 1000
            for name, per_chunk in times.items()}


# The README's cdr URL, and the parameters validate() gets for the same request.
README_URL = "/uapi/cdr/@me?count=100&sortOrder=descending"
README_PARAMS = {"userId": "@me", "count": "100", "sortOrder": "descending"}


def measure_request(validator: Validator, size: int, rounds: int) -> dict[str, float]:
    """µs per call of validate_request on the README's cdr URL, of validate on its parameters,
    and of two others. ``steps inlined``: validate_request's steps for this URL written out in
    one function (the path split, the router's memory, the plain-query pass, the generated
    function called directly): no call but the memory's and the generated function's, so the
    floor of a pure-Python validate_request. ``unseen path``: validate_request with the
    memories of paths (the router's and validate_request's) emptied before each call (a
    client's first request to a path)."""
    expected = validator.validate("cdr.list", README_PARAMS)
    if validator.validate_request("GET", README_URL) != ("cdr.list", expected):
        raise SystemExit("validate_request and validate disagree on the README's cdr request")
    router = validator.router
    function = validator._function("cdr.list")

    def inlined(url: str) -> Any:
        path, _, query = url.partition("?")
        op, _, path_params, keep, _ = router.resolve("GET", path)  # type: ignore[misc]
        params = path_params.copy()
        for pair in query.split("&"):
            key, _, value = pair.partition("=")
            if key in keep and key not in params:
                params[key] = value
        return op.id, function(params, None)

    if inlined(README_URL) != ("cdr.list", expected):
        raise SystemExit("the inlined steps and validate disagree on the README's cdr request")
    memories = (router._seen["GET"], validator._requests.setdefault("GET", {}))

    def unseen(url: str) -> Any:
        for memory in memories:
            memory.clear()
        return validator.validate_request("GET", url)

    contenders: dict[str, Contender] = {
        "validate_request": lambda url: validator.validate_request("GET", url),
        "validate": lambda _: validator.validate("cdr.list", README_PARAMS),
        "steps inlined": inlined,
        "unseen path": unseen,
    }
    return measure(contenders, [README_URL] * size, rounds)


QUERIES = ["count=100&sortOrder=descending",
           "startDate=2024-01-01T00:00:00&endDate=2024-02-01T00:00:00Z&count=5&startIndex=10&sortOrder=asc",
           "filterBy=source&filterOp=startsWith&filterValue=%2B4072&fields=id,source,destination",
           "filterValue=John+Doe&filterBy=note&filterOp=contains&count=1&count=2"]


def measure_query(size: int, rounds: int) -> dict[str, float]:
    """µs per query string: routing.parse_query against urllib's parse_qsl, as it was used."""
    from urllib.parse import parse_qsl

    from ua_validate.routing import parse_query

    def with_parse_qsl(query: str) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for key, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
            if key not in params:
                params[key] = value
            elif isinstance(params[key], list):
                params[key].append(value)
            else:
                params[key] = [params[key], value]
        return params

    pool = [QUERIES[index % len(QUERIES)] for index in range(size)]
    if any(parse_query(query) != with_parse_qsl(query) for query in QUERIES):
        raise SystemExit("parse_query and parse_qsl disagree")
    return measure({"parse_query": parse_query, "parse_qsl": with_parse_qsl}, pool, rounds)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller pools, fewer rounds")
    parser.add_argument("--size", type=int, default=1000, help="requests per pool")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--operations", nargs="*", default=list(_requests.VALID))
    parser.add_argument("--no-startup", action="store_true", help="skip benchmarks/startup.py")
    args = parser.parse_args(argv)
    size, rounds = (200, 5) if args.quick else (args.size, args.rounds)

    print(f"# Python {platform.python_version()} on {platform.machine()}, {size} different requests "
          f"per pool, each chunk of {CHUNK} the median of {rounds} rounds")
    numbers = _requests.phone_numbers(4 * size, random.Random(7))
    generated = Validator()
    reference = Validator(backend="marshmallow")
    rows: list[tuple[str, str, dict[str, float]]] = []
    for operation in args.operations:
        op = generated.operation(operation)
        contenders: dict[str, Contender] = {
            "generated": partial(generated.validate, operation),
            "marshmallow": partial(reference.validate, operation),
        }
        contenders["generated fn"] = compiler.CompiledBackend(generated.settings).function(op)
        if operation == "cdr.list":
            contenders["hand-written"] = handwritten.validate_cdr
            contenders["pydantic"] = pydantic_cdr.validate_cdr
            contenders["msgspec"] = msgspec_cdr.validate_cdr
        for kind in KINDS:
            expected, pool = _requests.build(operation, kind, size, numbers)
            others = {n: c for n, c in contenders.items() if n != "marshmallow"}
            _check(operation, kind, expected, pool, others, contenders["marshmallow"])
            best = measure(contenders, pool, rounds)
            rows.append((operation, kind, best))
            print(f"  {operation:30s} {kind:6s} " + "  ".join(f"{n} {t:8.2f}" for n, t in best.items()),
                  file=sys.stderr, flush=True)
    report(rows)
    request = measure_request(generated, size, rounds)
    query = measure_query(size, rounds)
    print()
    print(f"validate_request('GET', {README_URL!r}): {request['validate_request']:.2f} µs; "
          f"validate('cdr.list', {README_PARAMS!r}): {request['validate']:.2f} µs; "
          f"its steps inlined: {request['steps inlined']:.2f} µs; validate_request on a path "
          f"not seen before: {request['unseen path']:.2f} µs ({request['unseen path'] / request['validate']:.2f}x)")
    print(f"query strings ({len(QUERIES)} kinds, the README's among them): parse_query "
          f"{query['parse_query']:.2f} µs, parse_qsl as before {query['parse_qsl']:.2f} µs "
          f"({query['parse_qsl'] / query['parse_query']:.1f}x)")
    start: dict[str, float] = {}
    if not args.no_startup:
        import startup

        print()
        start = startup.main(["--runs", "7" if args.quick else "15", "--marshmallow"])
    print()
    print(f"Issue 12's targets (CPU time, medians; load average at the end: "
          f"{', '.join(f'{load:.1f}' for load in os.getloadavg())}):")
    print()
    for line in targets(rows, request, start):
        print(line)


def report(rows: list[tuple[str, str, dict[str, float]]]) -> None:
    print()
    print("µs per call (lower is better); x = marshmallow / generated")
    print()
    print("| operation | request | generated | marshmallow | x faster |")
    print("|---|---|---:|---:|---:|")
    for operation, kind, best in rows:
        g, m = best["generated"], best["marshmallow"]
        print(f"| {operation} | {kind} | {g:.2f} | {m:.1f} | {m / g:.0f}x |")
    cdr = {kind: best for operation, kind, best in rows if operation == "cdr.list"}
    if not cdr:
        return
    print()
    print("cdr.list against the alternatives (µs per call; ratios to `generated`, the public "
          "`validate()`; `generated fn` is the compiled function called directly)")
    print()
    print("| request | generated | generated fn | hand-written | pydantic v2 | msgspec | marshmallow "
          "| gen / hand | pydantic / gen | msgspec / gen | marshmallow / gen |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, best in cdr.items():
        g = best["generated"]
        print(f"| {kind} | {g:.2f} | {best['generated fn']:.2f} | {best['hand-written']:.2f} "
              f"| {best['pydantic']:.2f} | {best['msgspec']:.2f} | {best['marshmallow']:.1f} "
              f"| {g / best['hand-written']:.2f} | {best['pydantic'] / g:.2f} | {best['msgspec'] / g:.2f} "
              f"| {best['marshmallow'] / g:.0f} |")


def targets(rows: list[tuple[str, str, dict[str, float]]], request: dict[str, float],
            start: dict[str, float]) -> list[str]:
    """Issue 12's targets: each with its measured figure, whether it is met, by how much it is
    missed, and the floor: the same figure with the fastest pure-Python validator measured
    (the generated function called directly, or the hand-written one, whichever is faster)."""
    lines = []

    def line(label: str, value: float, sense: str, bound: float, floor: float | None = None,
             unit: str = "x") -> None:
        met = value <= bound if sense == "<=" else value >= bound
        text = f"- {label}: {value:.2f}{unit} (target {sense} {bound:g}{unit}) → {'met' if met else 'MISSED'}"
        if not met:
            text += f", by {value / bound:.2f}x" if sense == "<=" else f", by {bound / value:.2f}x"
        if floor is not None:
            text += f"; floor {floor:.2f}{unit}"
        lines.append(text)

    cdr = {kind: best for operation, kind, best in rows if operation == "cdr.list"}
    if "valid" in cdr:
        valid = cdr["valid"]
        fastest = min(valid["generated fn"], valid["hand-written"])
        line("cdr.list valid: pydantic v2 / generated", valid["pydantic"] / valid["generated"], ">=", 1.35,
             valid["pydantic"] / fastest)
        line("cdr.list valid: msgspec / generated", valid["msgspec"] / valid["generated"], ">=", 1.45,
             valid["msgspec"] / fastest)
    if "early" in cdr:
        early = cdr["early"]
        line("cdr.list invalid-early: generated / hand-written", early["generated"] / early["hand-written"],
             "<=", 1.25, early["generated fn"] / early["hand-written"])
    every = [(best["marshmallow"] / best["generated"], operation, best["marshmallow"] / best["generated fn"])
             for operation, kind, best in rows if kind == "valid"]
    if every:
        worst, operation, floor = min(every)
        line(f"every operation's valid request: marshmallow / generated (worst: {operation})", worst, ">=", 7,
             floor)
    line("validate_request on the README's cdr URL / validate on its parameters",
         request["validate_request"] / request["validate"], "<=", 2, request["steps inlined"] / request["validate"])
    if start:
        import startup

        line("start-up: import + first validation of every operation, over bare python", start["first"], "<=",
             startup.TARGET_FIRST, unit=" ms")
        line("start-up with `+` numbers", start["first_plus"], "<=", startup.TARGET_FIRST_PLUS, unit=" ms")
        line("`import ua_validate` alone, over bare python", start["import"], "<=", startup.TARGET_IMPORT,
             unit=" ms")
    return lines


if __name__ == "__main__":
    main()
