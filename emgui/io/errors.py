"""The errors the file readers raise (one line a user can act on) and the guarded file read."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable


class InputError(Exception):
    """Bad input: ``str(err)`` is "PATH, line L, column C: message" or "PATH: field F: message"."""

    def __init__(
        self,
        message: str,
        *,
        path: str = "<input>",
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.field = field
        super().__init__(self._format())

    def _format(self) -> str:
        where = [self.path]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        prefix = ", ".join(where)
        # "center_weights sum to 0.7; ..." names its field already
        if self.field is not None and not self.message.startswith(self.field):
            prefix += f": field {self.field}"
        return f"{prefix}: {self.message}"

    def __str__(self) -> str:
        return self._format()

    def __reduce__(self):  # keyword-only arguments need help to survive pickling
        return (
            _rebuild_input_error,
            (self.message, self.path, self.line, self.column, self.field),
        )


def _rebuild_input_error(
    message: str, path: str, line: int | None, column: int | None, field: str | None
) -> InputError:
    return InputError(message, path=path, line=line, column=column, field=field)


class LoadCancelled(Exception):
    """The user cancelled a load; nothing was read into the program."""


def input_error_from_oserror(exc: OSError, path: str) -> InputError:
    """An InputError for a failed open or read, worded for the user rather than the programmer."""
    if isinstance(exc, FileNotFoundError):
        message = "no such file"
    elif isinstance(exc, IsADirectoryError):
        message = "is a directory, not a file"
    elif isinstance(exc, PermissionError):
        message = "permission denied: the file cannot be read"
    else:
        message = f"cannot read the file: {exc.strerror or exc}"
    return InputError(message, path=path)


# Opening bytes of files people pick by mistake where a text file is expected.
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx or .ods spreadsheet is one; save it as CSV)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office document (save it as CSV)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x93NUMPY", "a NumPy .npy array"),
    (b"\x7fELF", "a program"),
)


def binary_kind(head: bytes) -> str | None:
    """What a file starting with ``head`` is, when it is a known kind that is not text."""
    for signature, kind in _BINARY_SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    return None


def read_input_bytes(
    path: str,
    *,
    should_cancel: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
    block_size: int = 8 << 20,
    text: bool = True,
) -> bytes:
    """The whole content of a regular file; InputError for anything the user must fix.

    Special files are refused before opening: a FIFO would block the open and a
    device such as /dev/zero would never end. With ``text``, an image, PDF or archive
    is refused by name ("is a PNG image, not a text file"). ``progress(fraction)``
    follows the read; ``should_cancel()`` returning True raises LoadCancelled.
    """
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise InputError("is a directory, not a file", path=path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("is not a regular file", path=path)
        blocks = []
        done = 0
        with open(path, "rb") as f:
            while block := f.read(block_size):
                if text and not blocks and (kind := binary_kind(block)) is not None:
                    raise InputError(f"is {kind}, not a text file", path=path)
                blocks.append(block)
                done += len(block)
                if should_cancel is not None and should_cancel():
                    raise LoadCancelled
                if progress is not None and st.st_size:
                    progress(min(1.0, done / st.st_size))
        return b"".join(blocks)
    except OSError as exc:
        raise input_error_from_oserror(exc, path) from None
    except ValueError:  # e.g. a NUL character in the name
        raise InputError("is not a valid file name", path=path) from None
    except MemoryError:
        raise InputError("the file is too large to load into memory", path=path) from None
