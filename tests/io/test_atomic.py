"""write_atomic_with: content written in pieces replaces a file in one step, or not at all."""

from __future__ import annotations

import os

import numpy as np
import pytest

from emgui.io.atomic import write_atomic_with


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
