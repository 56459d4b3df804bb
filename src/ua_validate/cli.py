"""The ``ua-validate`` command line: check a request, list codes and operations, serve."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from http import HTTPStatus
from typing import TextIO

from . import catalog
from ._json import to_json as to_json  # its home is _json, which the server shares
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
    except ImportError as exc:  # flask or waitress missing: the [server] extra
        sys.stderr.write(f"ua-validate serve needs the server extra: pip install 'ua-validate[server]' ({exc})\n")
        return 2

    serve(host=args.host, port=args.port, threads=args.threads)
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


def _audit(args: argparse.Namespace, out: TextIO) -> int:
    from .audit import audit  # not at import time: only this command reads recorded traffic

    names = ("max_fax_files", "max_fax_recipients", "max_fax_file_size", "phone_region")
    settings = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
    return audit(args.files, out, validator_settings=settings, as_json=args.json,
                 show_values=args.show_values, jobs=args.jobs)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
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
    serve.add_argument("--threads", type=int, default=8, help="worker threads")
    serve.set_defaults(run=_serve)

    conformance = commands.add_parser(
        "conformance", help="which catalog entries validation can produce, each with an example"
    )
    conformance.add_argument("--json", action="store_true", help="as JSON instead of Markdown")
    conformance.set_defaults(run=_conformance)

    openapi = commands.add_parser("openapi", help="the OpenAPI 3.1 document of every operation")
    openapi.add_argument("-o", "--output", help="file to write (default: standard output)")
    openapi.set_defaults(run=_openapi)

    audit = commands.add_parser(
        "audit", help="check recorded traffic (HAR files, JSON Lines) against the documented rules",
        description="Judge every request of HAR 1.2 files or JSON Lines files ({\"method\", \"url\", "
                    "\"body\", \"content_type\"} per line) and report a summary and each invalid request. "
                    "Exit status: 0 all valid, 1 some invalid, 2 an input cannot be read.",
    )
    audit.add_argument("files", nargs="+", metavar="FILE", help="a HAR or JSON Lines file; - reads standard input")
    audit.add_argument("--json", action="store_true", help="one verdict per request as JSON Lines")
    audit.add_argument("--show-values", action="store_true", help="do not mask phone numbers in URLs")
    audit.add_argument("--jobs", type=_positive, default=1, metavar="N", help="worker processes (default 1)")
    for option in ("max-fax-files", "max-fax-recipients", "max-fax-file-size"):
        audit.add_argument(f"--{option}", type=_positive, metavar="N", help="a Validator setting")
    audit.add_argument("--phone-region", metavar="CC", help="a Validator setting, e.g. RO")
    audit.set_defaults(run=_audit)
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
