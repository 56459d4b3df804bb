"""The hand-written multipart parser the adapters used before (removed): the baseline of attacks.py.

Kept here only to measure what issue 10 finding 2 found: Python's ``email`` helpers parse
each part's Content-Disposition in time quadratic in its ``;`` count.
"""

from __future__ import annotations

import email.message


def _param(header: str, value: str, param: str) -> str | None:
    message = email.message.Message()
    message[header] = value
    found = message.get_filename() if param == "filename" else message.get_param(param, header=header)
    return found if isinstance(found, str) else None


def parts(content_type: str, body: bytes) -> list[tuple[str | None, str | None]] | None:
    """(name, filename) of each part, or None when the body is not well formed."""
    boundary = _param("content-type", content_type, "boundary")
    if not boundary or len(boundary) > 70 or not boundary.isascii():
        return None
    chunks = (b"\r\n" + body).split(b"\r\n--" + boundary.encode("ascii"))
    found: list[tuple[str | None, str | None]] = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            return found
        rest = chunk.lstrip(b" \t")
        if not rest.startswith(b"\r\n"):
            return None
        head = b"" if rest.startswith(b"\r\n\r\n") else rest[2:].partition(b"\r\n\r\n")[0]
        headers = {}
        for line in head.split(b"\r\n") if head else ():
            name, _, value = line.decode("utf-8", "replace").partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        found.append((_param("content-disposition", disposition, "name"),
                      _param("content-disposition", disposition, "filename")))
    return None
