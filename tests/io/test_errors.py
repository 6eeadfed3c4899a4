"""The guarded file read: special files, known binary files, progress and cancel."""

from __future__ import annotations

import os

import pytest

from emgui.io.errors import InputError, LoadCancelled, binary_kind, read_input_bytes

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (PNG, "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"GIF89a\x01\x00", "a GIF image"),
        (b"%PDF-1.7\n", "a PDF document"),
        (
            b"PK\x03\x04\x14\x00",
            "a ZIP archive (an .xlsx or .ods spreadsheet is one; save it as CSV)",
        ),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "a WebP image"),
        (b"x,y\n1,2\n", None),
        (b"\xef\xbb\xbfx,y\n", None),
        (b"\xff\xfex\x00,\x00", None),  # UTF-16 with its mark is text
    ],
)
def test_binary_kind(head, kind):
    assert binary_kind(head) == kind


def test_a_png_given_as_text_is_named(tmp_path):
    path = tmp_path / "points.csv"
    path.write_bytes(PNG)
    with pytest.raises(InputError) as info:
        read_input_bytes(str(path))
    assert str(info.value) == f"{path}: is a PNG image, not a text file"
    assert "UTF-16" not in str(info.value)
    assert read_input_bytes(str(path), text=False) == PNG


def test_progress_follows_the_read_and_cancel_stops_it(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"1,2\n" * 10_000)
    seen: list[float] = []
    assert len(read_input_bytes(str(path), progress=seen.append, block_size=4096)) == 40_000
    assert len(seen) == 10 and seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(LoadCancelled):
        read_input_bytes(str(path), should_cancel=lambda: True, block_size=4096)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_input_bytes(str(fifo))
