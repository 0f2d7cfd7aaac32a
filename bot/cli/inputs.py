"""Text that reaches the CLI from outside (argv, stdin lines), checked before use.

Python hands undecodable bytes in argv and (as we configure it) stdin through as lone
surrogates ("surrogateescape"); they would crash the first `print` or `json.dumps`
far from the cause, so they are found here and reported in words.
"""

from __future__ import annotations

import io
import sys


def undecodable(text: str) -> str | None:
    """Why `text` is not clean UTF-8 ("byte 0xff at character 5"), or None when it is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        what = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        return f"not valid UTF-8 ({what} at character {exc.start + 1})"
    return None


def printable(text: str) -> str:
    """`text` with undecodable parts shown as U+FFFD, safe to print or put in JSON."""
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def tolerate_bad_bytes() -> None:
    """Let bad bytes on stdin through as surrogates (to report them per line), and never
    let an output encoding that lacks a character (PYTHONIOENCODING=ascii) raise."""
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="surrogateescape")
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
