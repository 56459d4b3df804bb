"""The reference server of SPEC §9: a lean ASGI application on the library's own router.

One routing step: the path exactly as the client sent it (the scope's ``raw_path``) goes to
``Validator.router``, as ``validate_request`` routes a URL, and the request is validated by
the framework-free core. A valid request gets 200 and ``{"operation": id, "params": cleaned}``
(204 for DELETE); any other its documented answer. With an upstream it is a validating proxy
(``ua_validate._proxy``). uvicorn serves it (``serve``).
"""

from __future__ import annotations

import hmac
import json
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from . import _web
from ._asgi import CLOSE, UNREAD_KEY, Receive, Scope, Send, body_response, clean, error_response
from ._json import to_json
from ._mask import mask_path
from ._web import Config
from .errors import UAError
from .routing import split_url
from .spec import Operation
from .validator import Validator, default_validator

__all__ = ["ReferenceApp", "create_app", "mask_path", "serve"]

_JSON_HEADERS: Final = [(b"content-type", b"application/json")]
_OPENAPI_PATH: Final = b"/openapi.json"
_UNPRINTABLE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")
_CONFIG_ENV: Final = "UA_VALIDATE_SERVE_CONFIG"  # the settings of `serve`, for uvicorn's workers

AccessLog = Callable[[str], None]


def _tokens_verifier(tokens: Iterable[str]) -> _web.Verifier:
    known = [token.encode() for token in tokens]

    def verify(token: str) -> bool:
        given = token.encode()
        # every token compared, in constant time each: how long it takes says nothing
        return sum(hmac.compare_digest(given, candidate) for candidate in known) > 0

    return verify


class ReferenceApp:
    """The reference application, an ASGI callable (see the module docstring).

    ``settings`` go to the core's Config (``verify_token``, ``max_json_body``,
    ``max_multipart_body``); ``access_log`` receives one line per request. With ``debug``
    every error answer also says why, as the adapters' debug mode does: an ``X-UA-Reason``
    header and a WARNING record of the logger ``ua_validate.reasons``; bodies are unchanged.
    """

    def __init__(self, validator: Validator | None = None, *, access_log: AccessLog | None = None,
                 upstream: Any = None, debug: bool = False, **settings: Any) -> None:
        self.config = Config(validator or default_validator(), prefixes=("/",), **settings)
        self.router = self.config.validator.router
        self.access_log = access_log
        self.debug = debug
        self.upstream = upstream  # a ua_validate._proxy.Upstream, when proxying
        self._openapi: bytes | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.upstream is not None:
                    await self.upstream.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        method: str = scope["method"]
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        code = "-"
        op: Operation | None = None
        try:
            if raw_path == _OPENAPI_PATH and method in ("GET", "HEAD"):
                start, body = body_response(200, self._openapi_document(), list(_JSON_HEADERS))
            else:
                op, start, body = await self._answer(method, raw_path, scope, receive, send)
                if start is None:  # proxied: the upstream's answer went out as it came
                    code = "upstream"
        except UAError as err:
            code = err.code
            start, body = error_response(err, self.debug)
        except Exception as exc:
            _web.log_unexpected(exc, op.id if op is not None else None)
            code = "internal_server_error"
            start, body = error_response(UAError("internal_server_error", reason=_web.CRASHED), self.debug)
        reason = scope.get("ua_validate.upstream_error")
        if reason is not None:
            code += f" (upstream: {reason})"
        if start is not None:
            if scope.get(UNREAD_KEY):
                start["headers"] = [*start["headers"], CLOSE]
            await send(start)
            await send(body)
        if self.access_log is not None:
            status = start["status"] if start is not None else scope.get("ua_validate.status", "-")
            elapsed = (time.perf_counter() - started) * 1000
            self.access_log(f"{_printable(method)} {mask_path(raw_path)} {status} {code} {elapsed:.1f}ms")

    async def _answer(self, method: str, raw_path: bytes, scope: Scope, receive: Receive, send: Send
                      ) -> tuple[Operation | None, Any, Any]:
        query: bytes = scope.get("query_string", b"")
        # the URL as validate_request reads it: a target such as //host/path is read the same way
        url = raw_path.decode("utf-8", "replace")
        if query:
            url += "?" + query.decode("utf-8", "replace")
        parts = split_url(url)
        # methods are case-sensitive (RFC 9110 §9.1): "get" names no operation here
        found = self.router.match(method, parts[0]) if parts is not None else None
        if parts is None or found is None:
            if self.upstream is not None and self.upstream.report_only:
                await self.upstream.forward(scope, receive, send, UAError("not_implemented"))
                return None, None, None
            raise UAError("not_implemented", reason=_web.UNROUTED)
        op, path = found
        if self.upstream is not None:
            await self.upstream.proxy(op, self.config, scope, receive, send, path, parts[1].encode("utf-8"))
            return op, None, None
        params = await clean(op, self.config, scope, receive, path, parts[1].encode("utf-8"))
        if op.method == "DELETE":
            start, body = body_response(204, b"", [])
        else:
            text = to_json({"operation": op.id, "params": params})
            # A JSON body may carry a lone surrogate (a "\ud800" escape); send it back escaped.
            start, body = body_response(200, text.encode("utf-8", "backslashreplace"), list(_JSON_HEADERS))
        return op, start, body

    def _openapi_document(self) -> bytes:
        if self._openapi is None:
            from .openapi import document

            self._openapi = json.dumps(document()).encode()
        return self._openapi


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text[:20])


def _stderr_line(line: str) -> None:
    sys.stderr.write(line + "\n")


def create_app(validator: Validator | None = None, **settings: Any) -> ReferenceApp:
    """The reference application (SPEC §9): each operation answers as documented.

    ``settings`` are ``verify_token``, ``max_json_body``, ``max_multipart_body``,
    ``access_log`` (a callable taking one line per request), ``upstream`` and ``debug`` (error
    answers say why: an ``X-UA-Reason`` header and a WARNING of the logger ``ua_validate.reasons``).
    """
    return ReferenceApp(validator, **settings)


def _app_from_environment() -> ReferenceApp:
    """The application of `serve`, built in each uvicorn worker from the settings it was given."""
    options: Mapping[str, Any] = json.loads(os.environ.get(_CONFIG_ENV, "{}"))
    settings: dict[str, Any] = {}
    if options.get("tokens"):
        settings["verify_token"] = _tokens_verifier(options["tokens"])
    if not options.get("quiet"):
        settings["access_log"] = _stderr_line
    if options.get("upstream"):
        from ._proxy import Upstream

        settings["upstream"] = Upstream(options["upstream"], timeout=options.get("upstream_timeout", 30.0),
                                        report_only=bool(options.get("report_only")))
    return create_app(debug=bool(options.get("debug")), **settings)


def serve(host: str = "127.0.0.1", port: int = 8080, *, workers: int = 1, tokens: Iterable[str] = (),
          quiet: bool = False, upstream: str | None = None, upstream_timeout: float = 30.0,
          report_only: bool = False, debug: bool = False) -> None:
    """Run the reference server on uvicorn until Ctrl-C or SIGTERM (exit status 0)."""
    import uvicorn

    options = {"tokens": list(tokens), "quiet": quiet, "upstream": upstream,
               "upstream_timeout": upstream_timeout, "report_only": report_only, "debug": debug}
    os.environ[_CONFIG_ENV] = json.dumps(options)  # workers are new processes: they read it there
    mode = f"proxy to {upstream}" + (", report only" if report_only else "") if upstream else "validating"
    if debug:
        mode += ", debug: reasons in X-UA-Reason and on standard error"
    print(f"ua-validate reference server on http://{host}:{port}/uapi/ ({mode}, uvicorn, "
          f"{workers} worker{'s' if workers != 1 else ''}); Ctrl-C stops it", file=sys.stderr, flush=True)
    # uvicorn stops on Ctrl-C and SIGTERM alike, finishing the requests in flight, then raises
    # the signal again for the handler in place before it: here, a clean exit.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    try:
        uvicorn.run("ua_validate.server:_app_from_environment", factory=True, host=host, port=port,
                    workers=workers, http="h11", lifespan="on", access_log=False,
                    server_header=False, log_level="warning")
    except KeyboardInterrupt:
        pass


def _exit_cleanly(signum: int, frame: Any) -> None:
    raise SystemExit(0)
