"""Replacing a file in one step, so a failed save never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from typing import BinaryIO


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a synced temporary file and ``os.replace``.

    On any failure the temporary file is removed, the previous file (if any) is
    left byte-identical, and the OSError propagates unchanged. An existing
    file keeps its permission bits; a symbolic link is followed, not replaced.
    """

    def write(fd: int) -> None:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]

    _replace_with(path, write)


def write_atomic_with(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> None:
    """Like :func:`write_atomic`, with ``write(file)`` writing the content to a binary file.

    For large content made in pieces (an .npz archive): no whole copy in memory.
    """

    def write_fd(fd: int) -> None:
        with os.fdopen(fd, "wb", closefd=False) as f:
            write(f)

    _replace_with(path, write_fd)


def temporary_beside(path: str | os.PathLike[str]) -> str:
    """A new, empty temporary file beside ``path``, made as a new file is (the umask applies),
    for a writer that needs a file name (an encoder in another process); once it is written,
    :func:`replace_by` puts it in place of ``path``."""
    check_writable_target(path)
    tmp, fd = _create_temp(*os.path.split(os.path.realpath(os.fspath(path))))
    os.close(fd)
    return tmp


def replace_by(tmp: str, path: str | os.PathLike[str]) -> None:
    """Put the written temporary file ``tmp`` in place of ``path`` in one step, keeping an
    existing file's permission bits, as :func:`write_atomic` does."""
    target = os.path.realpath(os.fspath(path))
    with contextlib.suppress(FileNotFoundError):
        os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
    fd = os.open(tmp, os.O_RDONLY)  # written here or by another process: on disk first
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
    _sync_directory(os.path.dirname(target))


class NotRegularFileError(OSError):
    """The target exists and is not a regular file (a device, a FIFO, a socket, a folder)."""


def check_writable_target(path: str | os.PathLike[str]) -> None:
    """Raise OSError now for a target that cannot be replaced whole: before any work is done.

    Atomic replacement is for regular files: replacing /dev/null or a FIFO with a regular
    file would break what the user (or the system) relies on; those are refused.
    """
    target = os.path.realpath(os.fspath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        directory = os.path.dirname(target) or "."
        if not os.path.isdir(directory):
            raise FileNotFoundError(2, "the folder does not exist", os.fspath(path)) from None
        if not os.access(directory, os.W_OK | os.X_OK):
            raise PermissionError(13, "the folder is not writable", os.fspath(path)) from None
        return
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise NotRegularFileError(
            21 if stat.S_ISDIR(st.st_mode) else 22,
            f"is {kind}; emgui writes only regular files (it replaces them whole)",
            os.fspath(path),
        )


def _replace_with(path: str | os.PathLike[str], write: Callable[[int], None]) -> None:
    check_writable_target(path)
    target = os.path.realpath(os.fspath(path))
    tmp, fd = _create_temp(*os.path.split(target))
    try:
        try:
            write(fd)
        finally:
            os.close(fd)
        replace_by(tmp, target)  # synced there, then put in place
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _create_temp(directory: str, base: str) -> tuple[str, int]:
    # Created with mode 0o666 so that a new file gets the usual permissions (the umask
    # applies), which mkstemp's 0o600 would not give.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = os.path.join(directory, f".{base}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file next to {base}")


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable; not every system or file system can."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
