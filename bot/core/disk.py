"""Atomic writes: a crash or a full disk leaves the old file or the new one, never a torn one.

The bytes go to a temporary file in the same folder, are fsynced, and the temporary
file is renamed over the target (rename is atomic within a file system); the folder is
fsynced so the rename itself survives a power cut. A symlink is written through: its
target gets the new bytes and the link stays a link.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)
TEMP_SUFFIX = ".tmp"


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` (through a symlink, to its target); returns the file written.

    Raises OSError (ELOOP for a symlink loop, ENOSPC for a full disk …) with nothing
    changed but, at worst, a temporary file that `remove_stale_temporaries` clears.
    """
    target = write_target(path)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
    )
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            shutil.copymode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)
    return target


def write_target(path: Path) -> Path:
    """The file a write to `path` must replace: the final target when `path` is a symlink
    (so the link is kept), `path` itself otherwise."""
    if not os.path.islink(path):
        return path
    try:
        os.stat(path)
    except FileNotFoundError:
        pass  # a dangling link: its target is created
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "symlink loop", str(path)) from None
        raise
    return Path(os.path.realpath(path))


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def temporaries_of(folder: Path, name_pattern: str) -> list[Path]:
    """Temporary files `write_atomically` leaves in `folder` when killed mid-write, for
    files whose name matches the regex `name_pattern` (names are never globbed, so `[ ]`
    in them is harmless)."""
    pattern = re.compile(rf"\.{name_pattern}\.[a-z0-9_]+{re.escape(TEMP_SUFFIX)}")
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / name for name in names if pattern.fullmatch(name)]


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed writer left beside `path` or its symlink target."""
    folders = {(path.parent, path.name)}
    try:
        target = write_target(path)
        folders.add((target.parent, target.name))
    except OSError:
        pass
    for folder, name in folders:
        for stale in temporaries_of(folder, re.escape(name)):
            remove_quietly(stale)


def remove_quietly(path: Path) -> None:
    """Delete a file we own; a failure is logged, not raised (it is only clutter)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove %s: %s", path, exc)
