"""Read and validate a knowledge file: the one validator used by `check`, start-up and reload.

Offsets in answers index into the file's text exactly as
`Path(file).read_text(encoding="utf-8")` returns it (universal newlines, a BOM kept as
U+FEFF), so that is the text we keep.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_META_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_META_KEYS = {"title": "title", "source": "source", "url": "source", "date": "date"}
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
    if b"\x00" in data:
        raise KnowledgeError(f"{where}the file looks binary (it contains NUL bytes), not text")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            data.decode("cp1252")
            hint = " (it looks like Windows-1252; convert it with `iconv -f cp1252 -t utf-8`)"
        except UnicodeDecodeError:
            pass
        raise KnowledgeError(
            f"{where}the file is not valid UTF-8 at byte {exc.start}{hint}"
        ) from None
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    meta, body_start = parse_front_matter(text)
    if _OPENED_FRONT_MATTER.match(text) and not _FRONT_MATTER.match(text):
        raise KnowledgeError(f"{where}{unclosed_front_matter(text)}")
    if not text[body_start:].strip():
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
    if not path.exists():
        raise KnowledgeError(f"{path}: no such file")
    if path.is_dir():
        raise KnowledgeError(f"{path}: is a directory, not a knowledge file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise KnowledgeError(
                f"{path}: the file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
                "(MAX_KNOWLEDGE_BYTES)"
            )
        data = path.read_bytes()
    except PermissionError:
        raise KnowledgeError(f"{path}: permission denied") from None
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise KnowledgeError(
            f"{path}: the file is {len(data):,} bytes, over the limit of {max_bytes:,} bytes "
            "(MAX_KNOWLEDGE_BYTES)"
        )
    return decode_knowledge(data, path=path)
