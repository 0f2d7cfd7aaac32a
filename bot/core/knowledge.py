"""Read and validate a knowledge file: the one validator used by `check`, start-up and reload.

Offsets in answers index into the file's text exactly as
`Path(file).read_text(encoding="utf-8")` returns it (universal newlines, a BOM kept as
U+FEFF), so that is the text we keep.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_META_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_META_KEYS = {"title": "title", "source": "source", "url": "source", "date": "date"}
_READ_CHUNK = 1 << 20
_ASCII = bytes(range(128))
_INVISIBLE = (
    "\\s\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff"
)
_VISIBLE = re.compile(f"[^{_INVISIBLE}]")
"""A character that shows: not space, not a zero-width or direction mark, not a BOM."""
_CP1252_PUNCTUATION = frozenset("€‚„…†‡ˆ‰‹›‘’“”•–—˜™¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿×÷\u00a0")
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)
_OPENED_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n[A-Za-z_][\w-]*[ \t]*:")


class KnowledgeError(ValueError):
    """A knowledge file that cannot be served; the message is one line for the user."""


@dataclass(frozen=True)
class KnowledgeFile:
    """A validated knowledge file: its text, where the article body starts, and metadata."""

    text: str
    path: Path | None = None
    checksum: str = ""
    size_bytes: int = 0
    body_start: int = 0
    title: str | None = None
    source: str | None = None
    date: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def short_checksum(self) -> str:
        """Enough of the SHA-256 to tell versions apart in a reply."""
        return self.checksum[:12]


def decode_knowledge(data: bytes, *, path: Path | None = None) -> KnowledgeFile:
    """Validate raw bytes and parse front matter; raise KnowledgeError with a one-line reason."""
    where = f"{path}: " if path is not None else ""
    if not data.strip():
        raise KnowledgeError(f"{where}the file is empty")
    utf16 = _utf16_kind(data)
    if utf16 is not None:
        raise KnowledgeError(f"{where}the file is {utf16}, not UTF-8; save it as UTF-8")
    if b"\x00" in data:
        raise KnowledgeError(f"{where}the file looks binary (it contains NUL bytes), not text")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(
            f"{where}the file is not valid UTF-8 at byte {exc.start}{_encoding_hint(data, exc)}"
        ) from None
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if _VISIBLE.search(text) is None:
        raise KnowledgeError(
            f"{where}the file has no visible text (only spaces or zero-width characters)"
        )
    meta, body_start = parse_front_matter(text)
    if _OPENED_FRONT_MATTER.match(text) and not _FRONT_MATTER.match(text):
        raise KnowledgeError(f"{where}{unclosed_front_matter(text)}")
    if _VISIBLE.search(text, body_start) is None:
        raise KnowledgeError(f"{where}the file has no text after its front matter")
    return KnowledgeFile(
        text=text,
        path=path,
        checksum=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        body_start=body_start,
        title=meta.pop("title", None),
        source=meta.pop("source", None),
        date=meta.pop("date", None),
        extra=meta,
    )


def has_visible_text(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when `text[start:end]` holds a character that shows (not space, not zero-width)."""
    return _VISIBLE.search(text, start, len(text) if end is None else end) is not None


def _utf16_kind(data: bytes) -> str | None:
    """Name UTF-16 or UTF-32 when the bytes carry that byte-order mark, or UTF-16 when they
    look like it without one (every other byte NUL), so the refusal names the real cause."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:4096]
    half = len(sample) // 2
    if half >= 2 and b"\x00" in sample:
        for zeros in (sample[1::2], sample[0::2]):
            if zeros.count(0) >= 0.9 * half and sample.count(0) <= 0.6 * len(sample):
                return "UTF-16"
    return None


def _encoding_hint(data: bytes, exc: UnicodeDecodeError) -> str:
    """A hint about the file's real encoding, given only when the bytes support it.

    A file that is valid UTF-8 (with non-ASCII letters) up to the bad byte is UTF-8 with a
    stray byte, not Windows-1252; and Windows-1252 is suggested only when every non-ASCII
    byte decodes to a letter or common punctuation in it.
    """
    if not data[: exc.start].isascii():
        return " (the text before it is UTF-8: that byte is damaged)"
    high = data.translate(None, _ASCII)
    if not high or len(high) > len(data) // 4:
        return ""
    try:
        decoded = high.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    if all(ch.isalpha() or ch in _CP1252_PUNCTUATION for ch in decoded):
        return " (it looks like Windows-1252; convert it with `iconv -f cp1252 -t utf-8`)"
    return ""


def parse_front_matter(text: str) -> tuple[dict[str, str], int]:
    """Return the `key: value` metadata of a leading `---` block and where the body starts.

    A block that does not look like metadata (any line without `key:`) is treated as
    ordinary text, so an article that happens to start with a rule is not swallowed.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, 1 if text.startswith("\ufeff") else 0
    meta: dict[str, str] = {}
    for line in match.group("body").split("\n"):
        if not line.strip():
            continue
        item = _META_LINE.match(line)
        if item is None:
            return {}, 1 if text.startswith("\ufeff") else 0
        key = item.group("key").lower()
        meta[_META_KEYS.get(key, key)] = item.group("value").strip().strip("\"'")
    return meta, match.end()


def unclosed_front_matter(text: str) -> str:
    """Why a `---` block of `key: value` lines is refused: it is never closed, and would
    otherwise be served (and quoted) as article text."""
    lines = text.split("\n")
    last = 1
    while last < len(lines) and _META_LINE.match(lines[last]):
        last += 1
    return f"the front matter opened on line 1 is not closed: add a line --- after line {last}"


def load_knowledge(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> KnowledgeFile:
    """Read and validate the file at `path`; raise KnowledgeError with a one-line reason."""
    path = Path(path)
    return decode_knowledge(read_knowledge_bytes(path, max_bytes=max_bytes), path=path)


def read_knowledge_bytes(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path` (through symlinks), at most `max_bytes`.

    FIFOs, devices and sockets are refused before reading, and the file is opened
    non-blocking and checked again on the open descriptor, so nothing here can hang (a
    FIFO's open waits for a writer) or read without end (`/dev/zero`); the limit is
    enforced while reading, since a file may grow after `stat`.
    """
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise KnowledgeError(f"{path}: is a directory, not a knowledge file")
        _require_regular(path, info.st_mode)
        _require_size(path, info.st_size, max_bytes)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        try:
            _require_regular(path, os.fstat(fd).st_mode)
            chunks: list[bytes] = []
            total = 0
            while chunk := os.read(fd, min(_READ_CHUNK, max_bytes + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > max_bytes:
                    _require_size(path, total, max_bytes, growing=True)
        finally:
            os.close(fd)
    except OSError as exc:
        raise KnowledgeError(describe_os_error(path, exc)) from None
    return b"".join(chunks)


def describe_os_error(path: Path, exc: OSError) -> str:
    """One line for why `path` cannot be read: missing, a symlink loop, no permission …"""
    if exc.errno == errno.ELOOP:
        return f"{path}: symlink loop (the link points back to itself)"
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return (
                f"{path}: broken symlink (it points to {os.readlink(path)}, which does not exist)"
            )
        return f"{path}: no such file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{path}: permission denied (the file or a folder on its path is not readable)"
    if exc.errno == errno.ENOTDIR:
        return f"{path}: a part of the path is not a folder"
    return f"{path}: cannot be read ({exc.strerror or exc})"


def _require_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "special file")
    raise KnowledgeError(f"{path}: is a {kind}, not a regular file")


def _require_size(path: Path, size: int, max_bytes: int, *, growing: bool = False) -> None:
    if size <= max_bytes:
        return
    if growing:
        raise KnowledgeError(
            f"{path}: the file grew past the limit of {max_bytes:,} bytes while being read "
            "(MAX_KNOWLEDGE_BYTES)"
        )
    raise KnowledgeError(
        f"{path}: the file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
        "(MAX_KNOWLEDGE_BYTES)"
    )
