"""Phone numbers masked for what the project writes out: audit reports and the server's logs.

Phone numbers are personal data. Two rules, each for its reader: ``mask`` (the audit report,
``+40******000``: the first 2 and last 3 digits of a run of 7 or more stay, so that a team can
tell its numbers apart) and ``mask_path`` (the access and violation log lines of the reference
server: any run of five digits or more becomes ``#####``, the path is decoded, control
characters escaped and a long path cut).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["mask", "mask_path"]

# A phone number: digits, optionally after `+` (or its escape %2B), with at most two separators
# (space, `+` or %20 as a space in a query, `-`, `.`, parentheses) between digits. A date
# (YYYY-MM-DD) is not one, so dates stay readable.
_SEPARATORS: Final = r"(?:[ \-.()+]|%20){0,2}"
_NUMBER: Final = re.compile(
    rf"(?<![0-9])(?:(?P<date>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(?!{_SEPARATORS}[0-9])"
    rf"|(?:\+|%2[Bb])?[0-9](?:{_SEPARATORS}[0-9]){{6,}})"  # 7 digits or more; shorter runs stay
)
_DIGIT: Final = re.compile(r"[0-9]")
_KEEP_HEAD, _KEEP_TAIL = 2, 3


def _mask_number(found: re.Match[str]) -> str:
    text = found.group()
    if found.group("date") is not None:
        return text
    # Digits are dense in a match (at most two separators apart): the kept ones are found near
    # its ends, and the middle is masked by one C-level pass. The digits of a %20 (a space)
    # and of a leading %2B are no part of the number and are kept.
    head = _past_digits(text, _KEEP_HEAD, 3 if text[:1] == "%" else 0, "%20")
    tail = len(text) - _past_digits(text[::-1][:24], _KEEP_TAIL, 0, "02%")
    middle = text[head:tail]
    if "%20" in middle:
        masked = "%20".join(_DIGIT.sub("*", part) for part in middle.split("%20"))
    else:
        masked = _DIGIT.sub("*", middle)
    return text[:head] + masked + text[tail:]


def _past_digits(text: str, count: int, index: int, escape: str) -> int:
    """The index just past the ``count``-th digit of ``text`` from ``index``, outside ``escape``."""
    while index < len(text):
        if text.startswith(escape, index):
            index += len(escape)
            continue
        if "0" <= text[index] <= "9":
            count -= 1
            if not count:
                return index + 1
        index += 1
    return len(text)


def mask(text: str) -> str:
    """``text`` with every run of 7 or more digits masked but its first 2 and last 3 digits.

    ``/uapi/extensions/@me/210/queue/agents/+40213001000`` becomes ``...agents/+40******000``;
    extensions (``0003*210``), counts and dates stay as they are.
    """
    return _NUMBER.sub(_mask_number, text)


_MAX_LOGGED_PATH: Final = 300
# A run of digits with the separators people write numbers with: five digits or more may be a
# phone number (extensions such as 0003*210 stay readable).
_LOGGED_NUMBER: Final = re.compile(r"\+?\d[\d\s().\-]*\d")
_UNPRINTABLE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")


def mask_path(raw_path: bytes) -> str:
    """A request path fit for a log: percent-decoded, numbers of five digits or more masked.

    Control characters are escaped (no forged log lines), and a long path is cut.
    """
    from urllib.parse import unquote

    text = unquote(raw_path[:_MAX_LOGGED_PATH * 3].decode("latin-1"), errors="replace")
    masked = _LOGGED_NUMBER.sub(lambda m: "#" * 5 if sum(c.isdigit() for c in m.group()) >= 5 else m.group(), text)
    escaped = _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", masked)
    return escaped[:_MAX_LOGGED_PATH] + ("..." if len(escaped) > _MAX_LOGGED_PATH else "")
