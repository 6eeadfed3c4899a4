"""emgui.notebook: a state or a sheet as an inline image (PNG bytes with _repr_png_), no window."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from emgui.core import run_em

ROOT = Path(__file__).resolve().parents[1]


def _run():
    rng = np.random.default_rng(5)
    X = np.vstack([rng.normal((0, 0), 0.5, (50, 2)), rng.normal((4, 3), 0.6, (50, 2))])
    return X, list(run_em(X, np.array([[1.0, 2.0], [3.0, 0.0]]), "gmm", max_iter=6, tol=0))


def test_figure_is_an_inline_png_of_the_state(qapp, tmp_path):
    from emgui.model.palette import PALETTE_HEX, hex_to_rgb
    from emgui.notebook import figure

    X, snaps = _run()
    image = figure(X, snaps, at=3, size=(500, 400))
    png = image._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and image.size == (500, 400)
    rgb = np.asarray(image.to_pil().convert("RGB"), dtype=int)
    for j in range(2):  # both components' colours are drawn
        assert (np.abs(rgb - np.array(hex_to_rgb(PALETTE_HEX[j]))).sum(axis=2) < 30).sum() > 30
    note = image.save(str(tmp_path / "fig.svg"))
    assert note is None
    assert ET.parse(tmp_path / "fig.svg").getroot().get("width") == "500px"


def test_sheet_in_a_fresh_process_without_a_display(tmp_path):
    """What a notebook on a server does: no QApplication, no DISPLAY; the sheet still renders."""
    code = (
        "import numpy as np\n"
        "from emgui.core import run_em\n"
        "from emgui.notebook import figure\n"
        "X = np.random.default_rng(0).normal(size=(200, 2))\n"
        "snaps = list(run_em(X, X[:2], 'kmeans', max_iter=5, tol=0))\n"
        "img = figure(X, snaps, sheet=[0, 1, 5])\n"
        f"open({str(tmp_path / 'sheet.png')!r}, 'wb').write(img._repr_png_())\n"
        "print(img.size)\n"
    )
    env = {k: v for k, v in __import__("os").environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    w, h = eval(proc.stdout.strip())
    assert w == 3 * 360 and h > 100  # three panels of 360 in one row
    assert (tmp_path / "sheet.png").read_bytes()[:4] == b"\x89PNG"
