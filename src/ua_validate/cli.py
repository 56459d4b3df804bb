"""The ``ua-validate`` command line: check a request, list codes and operations, serve."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from http import HTTPStatus
from typing import TextIO

from . import catalog
from ._json import to_json  # also importable from here, as before
from .errors import UAError
from .spec import Operation, Param, Rule
from .validator import default_validator

__all__ = ["main"]


def _check(args: argparse.Namespace, out: TextIO) -> int:
    try:
        op_id, params = default_validator().validate_request(args.method, args.url, args.body)
    except UAError as err:
        out.write(f"HTTP {err.status} {HTTPStatus(err.status).phrase}\n")
        out.write(to_json(err.body) + "\n")
        return 1
    out.write(to_json({"operation": op_id, "params": params}, indent=2) + "\n")
    return 0


def _codes(args: argparse.Namespace, out: TextIO) -> int:
    if args.json:
        rows = [{"code": e.code, "variant": e.variant, "status": e.status, "message": e.message}
                for e in catalog.ENTRIES]
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    width = max(len(e.code) + len(e.variant or "") + 3 for e in catalog.ENTRIES)
    out.write(f"{'status':<7}{'code':<{width}}message\n")
    for e in catalog.ENTRIES:
        name = e.code + (f" ({e.variant})" if e.variant else "")
        out.write(f"{e.status:<7}{name:<{width}}{e.message}\n")
    return 0


def describe_check(check: Param | Rule, indent: str = "  ") -> list[str]:
    """One line per check (and per nested check of a list of objects)."""
    if isinstance(check, Rule):
        return [f"{indent}(rule {check.kind}: {', '.join(check.params)}) -> {check.code}"]
    options = ", ".join(f"{k}={v}" for k, v in check.type.options if k not in ("map",))
    kind = check.type.name + (f"({options})" if options else "")
    flags = "required" if check.required else (
        f"required unless {check.required_unless}" if check.required_unless else "optional")
    default = f", default {check.default!r}" if check.default is not None else ""
    code = check.code + (f" ({check.variant})" if check.variant else "")
    lines = [f"{indent}{check.name} [{check.location}] {kind}, {flags}{default} -> {code}"]
    for inner in check.item_checks:
        lines.extend(describe_check(inner, indent + "    "))
    return lines


def describe_operation(op: Operation) -> list[str]:
    aliases = f" (alias: {', '.join(op.aliases)})" if op.aliases else ""
    lines = [f"{op.id}{aliases}: {op.method} {op.path}", f"  {op.summary}"]
    for check in op.checks:
        lines.extend(describe_check(check))
    if op.dispatch is not None:
        lines.extend(describe_check(op.dispatch))
        for action, checks in op.actions.items():
            lines.append(f"    action {action}:")
            for check in checks:
                lines.extend(describe_check(check, "      "))
    if op.collection is not None:
        filters = ", ".join(f"{f.name} ({f.type.name})" for f in op.collection.filters.values())
        lines.append(f"  filterBy: {filters}; filterOp: {', '.join(op.collection.ops)}")
        lines.append(f"  fields: {', '.join(op.collection.fields)}")
    return lines


def _operations(args: argparse.Namespace, out: TextIO) -> int:
    for op in default_validator().spec:
        out.write("\n".join(describe_operation(op)) + "\n\n")
    return 0


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    try:
        from .server import serve
    except ImportError as exc:  # uvicorn or python-multipart missing: the [server] extra
        sys.stderr.write(f"ua-validate serve needs the server extra: pip install 'ua-validate[server]' ({exc})\n")
        return 2

    serve(host=args.host, port=args.port, workers=args.workers, tokens=args.token or (), quiet=args.quiet,
          upstream=args.upstream, upstream_timeout=args.upstream_timeout, report_only=args.report_only)
    return 0


def _conformance(args: argparse.Namespace, out: TextIO) -> int:
    from .conformance import main as conformance_main

    status: int = conformance_main(json_output=args.json, out=out)
    return status


def _openapi(args: argparse.Namespace, out: TextIO) -> int:
    from .openapi import document

    text = json.dumps(document(), indent=2) + "\n"
    if args.output in (None, "-"):
        out.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as file:
            file.write(text)
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ua-validate", description="Validate VoipNow UnifiedAPI requests against the documented rules."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate one request; exit 1 with the error body if invalid")
    check.add_argument("method", help="GET, POST, PUT or DELETE")
    check.add_argument("url", help="path and query, e.g. '/uapi/cdr/@me?count=10'")
    check.add_argument("--body", help="the JSON request body")
    check.set_defaults(run=_check)

    codes = commands.add_parser("codes", help="the documented error catalog")
    codes.add_argument("--json", action="store_true", help="as JSON")
    codes.set_defaults(run=_codes)

    operations = commands.add_parser("operations", help="each operation with its parameters")
    operations.set_defaults(run=_operations)

    serve = commands.add_parser("serve", help="run the reference server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=_positive, default=1, help="worker processes (default 1)")
    serve.add_argument("--token", action="append", metavar="TOKEN",
                       help="require 'Authorization: Bearer TOKEN' (repeat for several tokens)")
    serve.add_argument("--threads", type=int, help=argparse.SUPPRESS)  # the waitress server's; ignored
    serve.add_argument("--quiet", action="store_true", help="no access log on standard error")
    serve.add_argument("--upstream", metavar="URL",
                       help="validating proxy: forward valid requests to this UnifiedAPI server")
    serve.add_argument("--upstream-timeout", type=float, default=30.0, metavar="SECONDS",
                       help="how long to wait for the upstream (default 30)")
    serve.add_argument("--report-only", action="store_true",
                       help="with --upstream: forward every request, and log violations instead")
    serve.set_defaults(run=_serve)

    conformance = commands.add_parser(
        "conformance", help="which catalog entries validation can produce, each with an example"
    )
    conformance.add_argument("--json", action="store_true", help="as JSON instead of Markdown")
    conformance.set_defaults(run=_conformance)

    openapi = commands.add_parser("openapi", help="the OpenAPI 3.1 document of every operation")
    openapi.add_argument("-o", "--output", help="file to write (default: standard output)")
    openapi.set_defaults(run=_openapi)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args, out or sys.stdout)
    except BrokenPipeError:  # e.g. `ua-validate codes | head`
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    raise SystemExit(main())
