"""Shared by the figure tests: a run, the state to draw, and pictures to compare."""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
from PIL import Image

from emgui.core import run_em
from emgui.model.palette import PALETTE_HEX, hex_to_rgb
from emgui.model.settings import Settings


def a_run(n_per: int = 60, seed: int = 3):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal((0, 0), 0.5, (n_per, 2)), rng.normal((4, 3), 0.6, (n_per, 2))])
    snaps = list(run_em(X, np.array([[1.0, 2.0], [3.0, 0.0]]), "gmm", max_iter=4, tol=0))
    return X, snaps, Settings(algorithm="gmm", ellipse_level="1sd")


def tool(name: str) -> str:
    """The path of a command-line tool the figure checks need (installed with the test tools)."""
    path = shutil.which(name)
    assert path, f"{name} is needed to check figures (librsvg2-bin / poppler-utils)"
    return path


def rsvg(svg: bytes) -> Image.Image:
    """librsvg's rendering of an SVG, at its own size (96 dpi)."""
    out = subprocess.run([tool("rsvg-convert")], input=svg, capture_output=True, check=True)
    return Image.open(io.BytesIO(out.stdout)).convert("RGBA")


def pdf_page(path, dpi: int = 96) -> Image.Image:
    """poppler's rendering of a PDF's first page."""
    out = subprocess.run(
        [tool("pdftoppm"), "-r", str(dpi), "-png", "-singlefile", str(path)],
        capture_output=True,
        check=True,
    )
    return Image.open(io.BytesIO(out.stdout)).convert("RGBA")


def on_white(img: Image.Image) -> np.ndarray:
    """RGB array of the image flattened on white."""
    white = Image.new("RGBA", img.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, img.convert("RGBA")).convert("RGB"), float)


def mean_difference(a: Image.Image, b: Image.Image, factor: int = 4) -> float:
    """Mean absolute difference (0-255) after both are shrunk by ``factor`` (antialiasing and
    font hinting differ between renderers; geometry does not)."""
    assert a.size == b.size, (a.size, b.size)
    size = (a.size[0] // factor, a.size[1] // factor)
    sa = on_white(Image.fromarray(on_white(a).astype(np.uint8)).resize(size, Image.BOX))
    sb = on_white(Image.fromarray(on_white(b).astype(np.uint8)).resize(size, Image.BOX))
    return float(np.abs(sa - sb).mean())


def colour_centroid(img: Image.Image, rgb, tol: int = 10, core: int = 2):
    """(x, y, count) of the pixels within ``tol`` of a colour and inside a patch of it at least
    2 core + 1 wide: the filled discs of the centers and legend, not antialiased edges."""
    a = on_white(img)
    mask = (np.abs(a - np.array(rgb, float)) <= tol).all(axis=2)
    inner = mask.copy()
    for dy in range(-core, core + 1):
        for dx in range(-core, core + 1):
            inner &= np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
    ys, xs = np.nonzero(inner)
    return (float(xs.mean()) if len(xs) else -1.0, float(ys.mean()) if len(xs) else -1.0, len(xs))


def component_rgb(j: int):
    return hex_to_rgb(PALETTE_HEX[j])
