"""The validator: every kind of bad file gets its one-line reason; good files load."""

from __future__ import annotations

import os
import pwd
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.knowledge import KnowledgeError, decode_knowledge, load_knowledge
from bot.core.passages import split_passages

NOBODY = pwd.getpwnam("nobody").pw_uid
NOBODY_GID = pwd.getpwnam("nobody").pw_gid

GOOD = "Kop\n\nEen alinea met tekst. Nog een zin.\n"


def _error(path: Path, **kwargs: int) -> str:
    with pytest.raises(KnowledgeError) as info:
        k = load_knowledge(path, **kwargs)
        split_passages(k)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in _error(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"  \n\n ")
    assert "empty" in _error(tmp_path / "a.txt")


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in _error(tmp_path / "a.bin")


def test_windows_1252_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Oekraïne en Roemenië.".encode("cp1252"))
    message = _error(tmp_path / "a.txt")
    assert "not valid UTF-8" in message
    assert "Windows-1252" in message


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Een zin. " * 100, encoding="utf-8")
    assert "over the limit of 100 bytes" in _error(tmp_path / "a.txt", max_bytes=100)


def test_file_with_only_headings_has_no_passage(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kop een\n\nKop twee\n", encoding="utf-8")
    assert "no paragraph" in _error(tmp_path / "a.txt")


def test_utf8_bom_is_kept_in_the_text_but_not_in_passages(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    knowledge = load_knowledge(path)
    assert knowledge.text == path.read_text(encoding="utf-8")
    passage = split_passages(knowledge)[0]
    assert knowledge.text[passage.start : passage.end] == "Een alinea met tekst. Nog een zin."
    assert passage.section == "Kop"


def test_crlf_text_matches_read_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode())
    assert load_knowledge(path).text == path.read_text(encoding="utf-8")


def test_front_matter_gives_title_source_and_date() -> None:
    k = decode_knowledge(
        b"---\ntitle: NAVO stuurt troepen\nsource: https://example.org/a\ndate: 2022-02-16\n---\n"
        b"Tekst van het artikel.\n"
    )
    assert (k.title, k.source, k.date) == (
        "NAVO stuurt troepen",
        "https://example.org/a",
        "2022-02-16",
    )
    assert k.text[k.body_start :].strip() == "Tekst van het artikel."


def test_a_leading_rule_that_is_not_metadata_stays_text() -> None:
    k = decode_knowledge(b"---\nDit is gewoon een zin.\n---\nMeer tekst.\n")
    assert k.title is None
    assert k.body_start == 0


def test_front_matter_alone_is_an_error() -> None:
    with pytest.raises(KnowledgeError, match="no text after its front matter"):
        decode_knowledge(b"---\ntitle: Leeg\n---\n")


def test_checksum_and_size_describe_the_bytes(article_path: Path) -> None:
    k = load_knowledge(article_path)
    assert k.size_bytes == article_path.stat().st_size
    assert len(k.checksum) == 64


# -- files that are not plain text files ------------------------------------------------


@pytest.mark.timeout(10)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert "is a FIFO (named pipe), not a regular file" in _error(tmp_path / "pipe.txt")


@pytest.mark.timeout(10)
def test_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    assert "is a character device, not a regular file" in _error(tmp_path / "zero.txt")


@pytest.mark.timeout(10)
def test_a_socket_is_refused(tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.txt"))
        assert "is a socket, not a regular file" in _error(tmp_path / "s.txt")


def test_the_size_limit_holds_while_reading_a_file_that_says_it_is_empty() -> None:
    # /proc files report a size of 0 and yield more when read.
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0 and len(status.read_bytes()) > 100
    assert "grew past the limit of 100 bytes" in _error(status, max_bytes=100)


def test_a_symlink_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert "symlink loop" in _error(tmp_path / "a.txt")


def test_a_broken_symlink_names_its_target(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "gone.txt")
    assert "broken symlink (it points to" in _error(tmp_path / "a.txt")


def test_a_symlink_to_a_good_file_loads_it(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert load_knowledge(tmp_path / "link.txt").text == GOOD


def _error_as_unprivileged_user(path: Path) -> str:
    """The reason as a user without rights: root reads everything, so under root a forked
    child becomes `nobody` first (no new interpreter: it could not read root's Python)."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (runs in the child)
        code = 1
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY_GID)
                os.setuid(NOBODY)
            try:
                load_knowledge(path)
                message = "loaded"
            except KnowledgeError as exc:
                message = str(exc)
            os.write(write_end, message.encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return message


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder everyone may enter, outside pytest's private temporary folder."""
    with tempfile.TemporaryDirectory(dir="/tmp") as name:
        os.chmod(name, 0o755)
        yield Path(name)


def test_an_unreadable_file_is_one_line(open_folder: Path) -> None:
    path = open_folder / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0o600)
    message = _error_as_unprivileged_user(path)
    assert (
        message == f"{path}: permission denied (the file or a folder on its path is not readable)"
    )


def test_a_folder_without_permission_is_one_line(open_folder: Path) -> None:
    folder = open_folder / "closed"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    folder.chmod(0o700)
    message = _error_as_unprivileged_user(folder / "a.txt")
    assert message.endswith("permission denied (the file or a folder on its path is not readable)")


# -- encodings and invisible text ---------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_named_with_or_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "a.txt").write_bytes(GOOD.encode(encoding))
    assert "the file is UTF-16, not UTF-8; save it as UTF-8" in _error(tmp_path / "a.txt")


def test_utf8_with_one_damaged_byte_gets_no_windows_1252_hint(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Oekraïne en Roemenië ".encode() + b"\xff" + b" tekst.")
    message = _error(tmp_path / "a.txt")
    assert "Windows-1252" not in message
    assert "the text before it is UTF-8" in message


def test_bytes_that_are_not_windows_1252_text_get_no_hint(tmp_path: Path) -> None:
    # Shift-JIS: decodes as Windows-1252 only to symbols, so no hint.
    (tmp_path / "a.txt").write_bytes("日本語の記事です。".encode("shift_jis"))
    message = _error(tmp_path / "a.txt")
    assert "not valid UTF-8" in message and "Windows-1252" not in message


@pytest.mark.parametrize("invisible", ["\u200b", "\u200b\u200d\u2060", "\ufeff\u200b \n\n\u200c"])
def test_zero_width_only_text_has_no_visible_text(tmp_path: Path, invisible: str) -> None:
    (tmp_path / "a.txt").write_text(invisible * 3, encoding="utf-8")
    message = _error(tmp_path / "a.txt")
    assert "no visible text" in message and "headings" not in message
