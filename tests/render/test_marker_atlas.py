"""The marker atlas: one antialiased cell per colour code, rendered when first needed."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtGui

from emgui.render.argb import N_CODES, colour_codes
from emgui.render.marker_atlas import MarkerAtlas


def cell_words(atlas: MarkerAtlas, code: int) -> np.ndarray:
    qimage = atlas.pixmap().toImage()
    # A copy: the array would otherwise point into the QImage's memory, freed with it.
    image = pg.functions.ndarray_from_qimage(qimage).view(np.uint32)[..., 0].copy()
    left, top = atlas.source[code].astype(int)
    return image[top : top + atlas.cell, left : left + atlas.cell]


def test_each_code_gets_a_cell_of_its_colour(qapp):
    atlas = MarkerAtlas()
    atlas.configure(8.0, None, "disc", 1.5)
    codes = colour_codes(np.array([0xFFE69F00, 0xFF0072B2], np.uint32))
    present = np.zeros(N_CODES, bool)
    present[codes] = True
    atlas.ensure(present)
    assert (atlas.slots[codes] >= 0).all() and (atlas.slots >= 0).sum() == 2
    for code in codes.tolist():
        cell = cell_words(atlas, code)
        centre = int(cell[atlas.cell // 2, atlas.cell // 2])
        want = 0xFF000000 | ((code >> 8 & 15) * 17) << 16 | ((code >> 4 & 15) * 17) << 8
        assert centre == want | (code & 15) * 17
        assert cell[0, 0] == 0  # transparent corner: a disc, not a square


def test_new_geometry_forgets_the_cells_and_outline_darkens_the_edge(qapp):
    atlas = MarkerAtlas()
    atlas.configure(8.0, None, "disc", 1.5)
    present = np.zeros(N_CODES, bool)
    present[0xFFF] = True  # white
    atlas.ensure(present)
    plain = cell_words(atlas, 0xFFF).copy()
    atlas.configure(8.0, int(QtGui.QColor("black").rgba()), "disc", 1.5)
    assert (atlas.slots < 0).all()
    atlas.ensure(present)
    outlined = cell_words(atlas, 0xFFF)
    assert outlined.shape == (plain.shape[0] + 2, plain.shape[1] + 2)
    mid = outlined.shape[0] // 2
    red = (outlined[mid] >> 16) & 0xFF
    # Across the middle row: dark at the outline, white inside.
    assert red.min() < 128 and red[mid] == 255
