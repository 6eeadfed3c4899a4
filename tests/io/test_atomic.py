"""write_atomic_with: content written in pieces replaces a file in one step, or not at all."""

from __future__ import annotations

import os

import numpy as np
import pytest

from emgui.io.atomic import NotRegularFileError, write_atomic, write_atomic_with


def test_pieces_land_together(tmp_path):
    path = tmp_path / "a.npz"
    write_atomic_with(path, lambda f: np.savez(f, x=np.arange(5)))
    assert np.array_equal(np.load(path)["x"], np.arange(5))


def test_a_failing_writer_leaves_the_previous_file(tmp_path):
    path = tmp_path / "a.bin"
    path.write_bytes(b"before")

    def writer(f):
        f.write(b"half of the new")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_atomic_with(path, writer)
    assert path.read_bytes() == b"before"
    assert [n for n in os.listdir(tmp_path) if n.endswith(".tmp")] == []


def test_a_fifo_is_refused_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError, match="not a regular file"):
        write_atomic(fifo, b"data")
    assert fifo.is_fifo()
    assert [n for n in os.listdir(tmp_path) if n.endswith(".tmp")] == []


def test_a_device_is_refused_not_replaced():
    with pytest.raises(NotRegularFileError):
        write_atomic("/dev/null", b"data")
    assert not os.path.isfile("/dev/null")


def test_a_missing_folder_names_the_target_not_a_temporary_file(tmp_path):
    target = tmp_path / "no" / "such" / "out.json"
    with pytest.raises(FileNotFoundError) as info:
        write_atomic(target, b"{}")
    assert info.value.filename == str(target) and "folder does not exist" in str(info.value)
