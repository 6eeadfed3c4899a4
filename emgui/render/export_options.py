"""How an exported figure looks: the choices of the export dialog, the CLI and notebooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from emgui.model.known_classes import KnownClasses
from emgui.model.settings import Settings

Fit = Literal["data", "view"]
FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True)
class ExportOptions:
    """How exported images look."""

    size: tuple[int, int] = (1280, 960)  # figure pixels (1/96 inch); a sheet: each panel
    scale: float = 1.0  # PNG pixels per figure pixel: 2 for print, same layout
    transparent: bool = False
    caption: bool = True
    legend: bool = True
    settings: Settings = field(default_factory=Settings)
    font_pt: float | None = None  # None: in proportion to the size (close to the window's)
    fit: Fit = "view"  # "data": fit the data shown; "view": the range the caller set
    equal_aspect: bool = True
    grid: tuple[int, int] | None = None  # a sheet's rows x columns; None: chosen
    sheet_size: tuple[int, int] | None = None  # a sheet's whole size; None: panels of ``size``
    # The palette slot of each component (emgui.model.palette), as the window draws the run:
    # with known classes, each class's matched component in the class's colour. None: plain.
    colour_slots: tuple[int, ...] | None = None
    known_classes: KnownClasses | None = None  # for shapes by class (settings.point_shapes)


def format_of(path: str) -> str:
    """'png', 'svg' or 'pdf' from a file name; ValueError naming the file otherwise."""
    suffix = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    if suffix not in FORMATS:
        raise ValueError(f"{path}: a figure is written as .png, .svg or .pdf")
    return suffix
