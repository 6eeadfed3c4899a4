"""Autosave: one file per running window, a stale one offered only when its process is gone,
failures reported, and the temporaries of killed writes removed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from emgui.io.session_file import SessionData
from emgui.runtime import autosaver as autosaver_module
from emgui.runtime.autosaver import Autosaver

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock locks")


def _data(n: int, seed: int = 0) -> SessionData:
    rng = np.random.default_rng(seed)
    return SessionData(rng.normal(size=(n, 2)), rng.normal(size=(2, 2)))


def _saved(qtbot, folder, data) -> Autosaver:
    saver = Autosaver(folder / "autosave.npz", lambda: data)
    saver.save_now()
    assert saver.wait(5)
    assert saver.path.exists()
    return saver


def test_two_windows_have_two_files_and_never_offer_each_others(qtbot, tmp_path):
    first = _saved(qtbot, tmp_path, _data(10, 1))
    second = _saved(qtbot, tmp_path, _data(20, 2))
    assert first.path != second.path
    assert second.recoverable() is None and first.recoverable() is None
    second.discard()  # a clean exit of one removes its own file only
    assert first.path.exists() and not second.path.exists()
    third = Autosaver(tmp_path / "autosave.npz", lambda: _data(1))
    assert third.recoverable() is None  # the first still runs
    first.discard()


CRASHING = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import numpy as np
    from PySide6.QtCore import QCoreApplication
    from emgui.io.session_file import SessionData
    from emgui.runtime.autosaver import Autosaver
    app = QCoreApplication([])
    data = SessionData(np.arange(14.0).reshape(7, 2), np.zeros((1, 2)))
    saver = Autosaver(Path(sys.argv[1]) / "autosave.npz", lambda: data)
    saver.save_now()
    saver.wait()
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_window_killed_leaves_its_scene_to_the_next_one_once(qtbot, tmp_path):
    proc = subprocess.run([sys.executable, "-c", CRASHING, str(tmp_path)], timeout=60)
    assert proc.returncode == -signal.SIGKILL
    live = _saved(qtbot, tmp_path, _data(3))  # another window, running: not offered
    restorer = Autosaver(tmp_path / "autosave.npz", lambda: _data(1))
    data = restorer.recoverable()
    assert data is not None and data.points.tolist() == np.arange(14.0).reshape(7, 2).tolist()
    assert restorer.recovered_time is not None
    # Offered once: it is now the restorer's own autosave, which a clean exit removes.
    assert Autosaver(tmp_path / "autosave.npz", lambda: _data(1)).recoverable() is None
    restorer.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [live.path.name, f"autosave-{live.name}.lock"]
    )
    live.discard()


def test_an_autosave_of_an_older_emgui_is_offered(qtbot, tmp_path):
    from emgui.io.autosave_file import write_autosave

    write_autosave(tmp_path / "autosave.npz", _data(5))
    saver = Autosaver(tmp_path / "autosave.npz", lambda: _data(1))
    assert saver.recoverable().points.shape == (5, 2)
    saver.discard()
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_is_reported_and_its_recovery_too(qtbot, tmp_path, monkeypatch):
    saver = _saved(qtbot, tmp_path, _data(4))
    real_write = autosaver_module.write_autosave

    def full_disk(path, data):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(autosaver_module, "write_autosave", full_disk)
    with qtbot.waitSignal(saver.failed, timeout=3_000) as failed:
        saver.save_now()
    assert failed.args[0].startswith("Autosave failed: No space left on device")
    assert saver.stale_since is not None and saver.last_error
    monkeypatch.setattr(autosaver_module, "write_autosave", real_write)
    with qtbot.waitSignal(saver.recovered, timeout=3_000):
        saver.save_now()
    assert saver.stale_since is None and saver.last_error is None
    saver.discard()


def test_temporaries_of_killed_writes_are_removed_but_not_a_running_windows(qtbot, tmp_path):
    live = _saved(qtbot, tmp_path, _data(3))
    dead = tmp_path / ".autosave-999999-1.npz.deadbeef.tmp"
    old = tmp_path / ".autosave.npz.0badf00d.tmp"
    running = tmp_path / f".autosave-{live.name}.npz.01234567.tmp"
    unrelated = tmp_path / ".notes.txt.01234567.tmp"
    for path in (dead, old, running, unrelated):
        path.write_bytes(b"partial")
    Autosaver(tmp_path / "autosave.npz", lambda: _data(1)).recoverable()
    assert not dead.exists() and not old.exists()
    assert running.exists() and unrelated.exists()
    live.discard()


def test_a_clean_exit_does_not_wait_long_for_a_stuck_save(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(autosaver_module, "EXIT_WAIT_S", 0.1)
    release = threading.Event()

    def slow_disk(path, data):
        release.wait(10)

    monkeypatch.setattr(autosaver_module, "write_autosave", slow_disk)
    saver = Autosaver(tmp_path / "autosave.npz", lambda: _data(2))
    saver.save_now()
    saver.discard()  # returns after EXIT_WAIT_S, the save still under way
    assert saver._task is not None and saver._task.running()
    release.set()
    saver.wait(5)


def test_the_lock_is_the_operating_systems(qtbot, tmp_path):
    """A second process sees a running window's lock as held, whatever its process id."""
    saver = _saved(qtbot, tmp_path, _data(3))
    probe = textwrap.dedent(
        f"""
        import fcntl, os, sys
        fd = os.open({str(tmp_path / f"autosave-{saver.name}.lock")!r}, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            sys.exit(3)
        """
    )
    assert subprocess.run([sys.executable, "-c", probe], timeout=30).returncode == 3
    saver.discard()
    assert not os.path.exists(tmp_path / f"autosave-{saver.name}.lock")
