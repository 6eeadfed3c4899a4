"""The export dialog: the current view, the whole run (PNGs and/or a GIF), or a contact sheet.

It remembers its choices (QSettings, group "export"): the next export starts from the last.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore, QtWidgets

from emgui.model.settings import Settings
from emgui.render import video_export
from emgui.render.exporter import SIZES, ExportOptions

KINDS = {
    "view": "This view (PNG, SVG or PDF)",
    "run": "The whole run",
    "sheet": "A contact sheet (PNG, SVG or PDF)",
}
GROUP = "export"


@dataclass(frozen=True)
class ExportRequest:
    kind: str  # "view" | "run" | "sheet"
    options: ExportOptions
    whole_iterations: bool = False
    png_series: bool = True
    gif: bool = True
    mp4: bool = False  # an H.264 video (emgui.render.exporter.write_mp4)
    frame_ms: int = 500
    tween_frames: int = 0  # in-between frames per half-step in the GIF and the video
    sheet_iterations: tuple[int, ...] = (0, 1, 2, 5, 20)
    sheet_columns: int = 0  # 0: about square


def combo(w: QtWidgets.QComboBox):
    """(getter, setter) of a combo box's chosen data."""
    return w.currentData, lambda v: w.setCurrentIndex(max(0, w.findData(v)))


def check(w: QtWidgets.QAbstractButton):
    return w.isChecked, w.setChecked


def spin(w):
    return w.value, w.setValue


def parse_iterations(text: str) -> tuple[int, ...]:
    """ "0, 1, 2, 5, 20" -> (0, 1, 2, 5, 20); ValueError naming the bad item."""
    out = []
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        if not item.isdigit():
            raise ValueError(f"{item!r} is not an iteration number")
        out.append(int(item))
    if not out:
        raise ValueError("list at least one iteration, e.g. 0, 1, 2, 5, 20")
    return tuple(out)


class ExportDialog(QtWidgets.QDialog):
    """Choose what to export and how it looks."""

    def __init__(
        self,
        settings: Settings,
        kind: str = "view",
        has_run: bool = True,
        parent=None,
        store: QtCore.QSettings | None = None,
    ):
        super().__init__(parent)
        self.store = store if store is not None else QtCore.QSettings()
        self.setWindowTitle("Export")
        self.settings = settings
        layout = QtWidgets.QVBoxLayout(self)
        form = QtWidgets.QFormLayout()
        layout.addLayout(form)

        self.kind = QtWidgets.QComboBox()
        for key, text in KINDS.items():
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        if not has_run:
            for key in ("run", "sheet"):
                item = self.kind.model().item(self.kind.findData(key))
                item.setEnabled(False)
        form.addRow("Export", self.kind)

        self.size = QtWidgets.QComboBox()
        for name in SIZES:
            self.size.addItem(name.replace("x", " × "), name)
        self.size.addItem("custom", "custom")
        self.width = QtWidgets.QSpinBox(minimum=64, maximum=10000, value=1600)
        self.height = QtWidgets.QSpinBox(minimum=64, maximum=10000, value=1200)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.size)
        row.addWidget(self.width)
        row.addWidget(QtWidgets.QLabel("×"))
        row.addWidget(self.height)
        form.addRow("Size (pixels)", row)
        self.scale = QtWidgets.QComboBox()
        self.scale.addItem("1× (screen)", 1.0)
        self.scale.addItem("2× (print)", 2.0)
        form.addRow("Scale", self.scale)
        self.transparent = QtWidgets.QCheckBox("Transparent background")
        self.caption = QtWidgets.QCheckBox("Caption (method, iteration, step, objective)")
        self.caption.setChecked(True)
        self.legend = QtWidgets.QCheckBox("Legend with the component weights")
        self.legend.setChecked(True)
        for box in (self.transparent, self.caption, self.legend):
            form.addRow(box)
        self.font_pt = QtWidgets.QDoubleSpinBox(minimum=0, maximum=96, value=0, suffix=" pt")
        self.font_pt.setDecimals(1)
        self.font_pt.setSpecialValueText("automatic")
        self.font_pt.setToolTip("Text size for print; automatic follows the image size")
        form.addRow("Text size", self.font_pt)
        self.fit = QtWidgets.QComboBox()
        self.fit.addItem("the window's view", "view")
        self.fit.addItem("the data", "data")
        form.addRow("Show", self.fit)
        self.equal_aspect = QtWidgets.QCheckBox("Equal units on x and y")
        # The window's own choice (Display > Equal units), not the last export's: a figure
        # of raw Old Faithful is a thin strip at 1:1 as the window would be.
        self.equal_aspect.setChecked(settings.equal_aspect)
        form.addRow(self.equal_aspect)

        self.run_box = QtWidgets.QGroupBox("Run")
        rform = QtWidgets.QFormLayout(self.run_box)
        self.steps = QtWidgets.QComboBox()
        self.steps.addItem("every half-step (E and M)", False)
        self.steps.addItem("whole iterations only", True)
        self.png_series = QtWidgets.QCheckBox("Numbered PNG files in a folder")
        self.png_series.setChecked(True)
        self.gif = QtWidgets.QCheckBox("Animated GIF")
        self.gif.setChecked(True)
        self.frame_ms = QtWidgets.QSpinBox(minimum=20, maximum=10000, value=500, suffix=" ms")
        self.mp4 = QtWidgets.QCheckBox("MP4 video (H.264, for slides)")
        if not video_export.video_available():
            self.mp4.setEnabled(False)
            self.mp4.setText('MP4 video: needs pip install "emgui[video]"')
            self.mp4.setToolTip(video_export.INSTALL_HINT)
        rform.addRow("Frames", self.steps)
        rform.addRow(self.png_series)
        rform.addRow(self.gif)
        rform.addRow(self.mp4)
        rform.addRow("Frame duration", self.frame_ms)
        self.tween = QtWidgets.QSpinBox(minimum=0, maximum=50, value=0)
        self.tween.setToolTip(
            "Frames between two half-steps in the GIF and the video: centers glide, "
            "ellipses reshape, colours fade (0: none)"
        )
        rform.addRow("In-between frames", self.tween)
        layout.addWidget(self.run_box)

        self.sheet_box = QtWidgets.QGroupBox("Contact sheet")
        sform = QtWidgets.QFormLayout(self.sheet_box)
        self.sheet_iterations = QtWidgets.QLineEdit("0, 1, 2, 5, 20")
        self.sheet_iterations.setToolTip("Iterations to show, after their M-step (0: the start)")
        self.sheet_columns = QtWidgets.QSpinBox(minimum=0, maximum=20, value=0)
        self.sheet_columns.setSpecialValueText("automatic")
        self.sheet_rows = QtWidgets.QSpinBox(minimum=0, maximum=20, value=0)
        self.sheet_rows.setSpecialValueText("automatic")
        sform.addRow("Iterations", self.sheet_iterations)
        sform.addRow("Rows", self.sheet_rows)
        sform.addRow("Columns", self.sheet_columns)
        layout.addWidget(self.sheet_box)

        self.error = QtWidgets.QLabel()
        self.error.setStyleSheet("color: #a00;")
        layout.addWidget(self.error)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._update)
        self.size.currentIndexChanged.connect(self._update)
        self.size.setCurrentIndex(0)
        self._restore()
        self._update()

    def _update(self, *_) -> None:
        kind = self.kind.currentData()
        self.run_box.setVisible(kind == "run")
        self.sheet_box.setVisible(kind == "sheet")
        custom = self.size.currentData() == "custom"
        self.width.setEnabled(custom)
        self.height.setEnabled(custom)
        if not custom:
            w, h = SIZES[self.size.currentData()]
            self.width.setValue(w)
            self.height.setValue(h)
        self.adjustSize()

    def _fields(self) -> dict:
        """The remembered widgets, by key: (getter, setter)."""
        return {
            "size": combo(self.size),
            "width": spin(self.width),
            "height": spin(self.height),
            "scale": combo(self.scale),
            "transparent": check(self.transparent),
            "caption": check(self.caption),
            "legend": check(self.legend),
            "font_pt": spin(self.font_pt),
            "fit": combo(self.fit),
            "steps": combo(self.steps),
            "png_series": check(self.png_series),
            "gif": check(self.gif),
            "mp4": check(self.mp4),
            "frame_ms": spin(self.frame_ms),
            "tween_frames": spin(self.tween),
            "sheet_iterations": (self.sheet_iterations.text, self.sheet_iterations.setText),
            "sheet_rows": spin(self.sheet_rows),
            "sheet_columns": spin(self.sheet_columns),
        }

    def _restore(self) -> None:
        """The last export's choices; a value the store garbled is skipped, not fatal."""
        self.store.beginGroup(GROUP)
        try:
            for key, (get, put) in self._fields().items():
                if not self.store.contains(key):
                    continue
                current = get()
                raw = self.store.value(key)
                try:
                    if isinstance(current, bool):
                        value = raw if isinstance(raw, bool) else str(raw).lower() == "true"
                    else:  # a number or a text, as the widget holds it
                        value = raw if isinstance(current, str) else type(current)(raw)
                except (TypeError, ValueError):
                    continue
                put(value)
        finally:
            self.store.endGroup()

    def _save(self) -> None:
        self.store.beginGroup(GROUP)
        try:
            for key, (get, _) in self._fields().items():
                self.store.setValue(key, get())
        finally:
            self.store.endGroup()

    def _accept(self) -> None:
        try:
            self.request()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self._save()
        self.accept()

    def _grid(self, kind: str) -> tuple[int, int] | None:
        """Rows x columns when both are chosen; one chosen, the other follows from the count."""
        rows, cols = self.sheet_rows.value(), self.sheet_columns.value()
        if kind != "sheet" or not rows:
            return None
        n = len(parse_iterations(self.sheet_iterations.text()))
        cols = cols or -(-n // rows)
        if rows * cols < n:
            raise ValueError(f"{rows} rows of {cols} have room for {rows * cols} panels, not {n}")
        return rows, cols

    def request(self) -> ExportRequest:
        kind = self.kind.currentData()
        options = ExportOptions(
            size=(self.width.value(), self.height.value()),
            scale=float(self.scale.currentData()),
            transparent=self.transparent.isChecked(),
            caption=self.caption.isChecked(),
            legend=self.legend.isChecked(),
            settings=self.settings,
            font_pt=self.font_pt.value() or None,
            fit=self.fit.currentData(),
            equal_aspect=self.equal_aspect.isChecked(),
            grid=self._grid(kind),
        )
        mp4 = self.mp4.isEnabled() and self.mp4.isChecked()
        if kind == "run" and not (self.png_series.isChecked() or self.gif.isChecked() or mp4):
            raise ValueError("choose PNG files, a GIF or an MP4 video")
        iterations = parse_iterations(self.sheet_iterations.text()) if kind == "sheet" else ()
        return ExportRequest(
            kind=kind,
            options=options,
            whole_iterations=bool(self.steps.currentData()),
            png_series=self.png_series.isChecked(),
            gif=self.gif.isChecked(),
            mp4=mp4,
            frame_ms=self.frame_ms.value(),
            tween_frames=self.tween.value(),
            sheet_iterations=iterations or (0,),
            sheet_columns=self.sheet_columns.value(),
        )
