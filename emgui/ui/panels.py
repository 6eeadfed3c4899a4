"""The side panel: algorithm, initialisation, stopping rule, display options, pace and spray."""

from __future__ import annotations

import math

from PySide6 import QtWidgets
from PySide6.QtCore import Qt, Signal

from emgui.core.geometry import ELLIPSE_LEVELS, level_label
from emgui.core.validate import MAX_COMPONENTS
from emgui.model.settings import FLOAT_MAXIMA, MAX_SEED, Settings
from emgui.runtime.session import Session

COVARIANCE_HELP = {
    "full": "full: each component its own ellipse, any shape and angle",
    "diag": "diag: axis-aligned ellipses",
    "spherical": "spherical: circles, each its own size",
    "tied": "tied: all components share one ellipse shape",
}
# The Display group's check boxes: each is the attribute and the Settings field of that name,
# in the order shown.
CHECK_BOXES = (
    "soft_colors",
    "show_trails",
    "show_voronoi",
    "show_changed",
    "equal_aspect",
    "animate",
)
POINT_SHAPE_NAMES = {
    "none": "discs (colour only)",
    "classes": "known classes",
    "components": "components",
}
INIT_NAMES = {
    "centers": "the centers I place",
    "random": "random points (k, seed)",
    "kmeans++": "k-means++ (k, seed)",
}


class SciSpinBox(QtWidgets.QDoubleSpinBox):
    """A spin box for small positive numbers: shows 1e-06, steps by factors of 10."""

    def __init__(self, maximum: float = 1e6):
        super().__init__()
        self.setDecimals(320)  # keep any double exactly; the text is formatted below
        self.setRange(0.0, maximum)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:
        return f"{value:.4g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        from PySide6.QtGui import QValidator

        stripped = text.strip()
        try:
            value = float(stripped)
        except ValueError:
            ok = stripped == "" or stripped[-1] in "eE+-." or stripped in ("-", "+")
            state = QValidator.State.Intermediate if ok else QValidator.State.Invalid
            return state, text, pos
        if 0 <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:
        value = self.value() or 1e-12
        # Rounded to 12 digits so that 1e-6 steps to 1e-5, not 9.999999999999999e-06.
        self.setValue(min(self.maximum(), float(f"{value * 10.0**steps:.12g}")))
        self.editingFinished.emit()


def _combo(items: dict[str, str]) -> QtWidgets.QComboBox:
    box = QtWidgets.QComboBox()
    for key, text in items.items():
        box.addItem(text, key)
    return box


def _select(box: QtWidgets.QComboBox, key: str) -> None:
    box.setCurrentIndex(max(0, box.findData(key)))


class SettingsPanel(QtWidgets.QWidget):
    """Edits the session's settings; follows them when they change elsewhere (a loaded file)."""

    pace_changed = Signal(int)
    spray_changed = Signal(float, int)  # radius in pixels, points per move

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self._updating = False
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)

        algo = QtWidgets.QGroupBox("Algorithm")
        form = QtWidgets.QFormLayout(algo)
        self.algorithm = _combo(
            {
                "gmm": "Gaussian mixture (soft EM)",
                "kmeans": "k-means (hard EM)",
                "soft-kmeans": "soft k-means (stiffness β)",
            }
        )
        self.covariance = _combo({k: v.split(":")[0] for k, v in COVARIANCE_HELP.items()})
        self.covariance.setToolTip("\n".join(COVARIANCE_HELP.values()))
        self.init = _combo(INIT_NAMES)
        self.k = QtWidgets.QSpinBox(minimum=1, maximum=MAX_COMPONENTS)
        self.seed = QtWidgets.QSpinBox(minimum=0, maximum=MAX_SEED)
        form.addRow("Method", self.algorithm)
        form.addRow("Covariance", self.covariance)
        self.beta = SciSpinBox(maximum=FLOAT_MAXIMA["beta"])
        self.beta.setToolTip(
            "Soft k-means: responsibilities ∝ exp(−β·distance²). Large β: "
            "k-means; small β: every point shared by all centers."
        )
        self.beta_slider = QtWidgets.QSlider(Qt.Orientation.Horizontal, minimum=-12, maximum=12)
        self.beta_slider.setToolTip("β on a log scale, 1e-3 to 1e3")
        form.addRow("Stiffness β", self.beta)
        form.addRow("", self.beta_slider)
        form.addRow("Start from", self.init)
        form.addRow("k", self.k)
        form.addRow("Seed", self.seed)
        layout.addWidget(algo)

        stop = QtWidgets.QGroupBox("Stopping and regularisation")
        form = QtWidgets.QFormLayout(stop)
        self.max_iter = QtWidgets.QSpinBox(minimum=0, maximum=100_000)
        self.tol = SciSpinBox(maximum=FLOAT_MAXIMA["tol"])
        self.tol.setToolTip(
            "GMM: stop when the mean log-likelihood per point changes by less "
            "than this. k-means stops when no point changes cluster. 0: always "
            "run the maximum number of iterations."
        )
        self.reg_covar = SciSpinBox(maximum=FLOAT_MAXIMA["reg_covar"])
        # A log slider from 1e-12 to 1: drag it down on the outlier preset to
        # watch a component collapse and the likelihood run away.
        self.reg_slider = QtWidgets.QSlider(Qt.Orientation.Horizontal, minimum=-24, maximum=0)
        self.reg_slider.setToolTip("reg_covar on a log scale, 1e-12 to 1")
        self.reg_covar.setToolTip(
            "Added to every covariance's diagonal in each M-step, so a "
            "component on a single point stays finite."
        )
        form.addRow("Max iterations", self.max_iter)
        form.addRow("Tolerance", self.tol)
        form.addRow("reg_covar", self.reg_covar)
        form.addRow("", self.reg_slider)
        layout.addWidget(stop)

        view = QtWidgets.QGroupBox("Display")
        form = QtWidgets.QFormLayout(view)
        self.ellipse_level = _combo({lv: level_label(lv) for lv in ELLIPSE_LEVELS})
        self.soft_colors = QtWidgets.QCheckBox("Blend colours by responsibility")
        self.show_trails = QtWidgets.QCheckBox("Trails of the centers")
        self.show_voronoi = QtWidgets.QCheckBox("Voronoi cells (k-means)")
        self.show_changed = QtWidgets.QCheckBox("Mark points that changed cluster")
        self.animate = QtWidgets.QCheckBox("Animate steps")
        self.animate.setToolTip(
            "At a pace above 0, an M-step moves the centers and reshapes the ellipses "
            "smoothly and an E-step fades the colours; End (full speed) never animates."
        )
        self.equal_aspect = QtWidgets.QCheckBox("Equal units on x and y")
        self.equal_aspect.setToolTip(
            "One unit as long on both axes, so that circles look round; off for data whose "
            "columns have very different spreads"
        )
        self.point_shapes = _combo(POINT_SHAPE_NAMES)
        self.point_shapes.setToolTip(
            "What a point's shape shows; its colour always shows the cluster. Known classes: "
            "a file's class column (iris: species by shape, clusters by colour). Components: "
            "the clusters stay apart in a grey print. Up to 20,000 points; discs above."
        )
        form.addRow("Ellipses", self.ellipse_level)
        form.addRow("Shapes show", self.point_shapes)
        self._checks = {name: getattr(self, name) for name in CHECK_BOXES}
        for box in self._checks.values():
            form.addRow(box)
        layout.addWidget(view)

        play = QtWidgets.QGroupBox("Pace")
        form = QtWidgets.QFormLayout(play)
        self.pace = QtWidgets.QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=2000)
        self.pace.setSingleStep(50)
        self.pace.setPageStep(250)
        self.pace_label = QtWidgets.QLabel()
        form.addRow("Delay per half-step", self.pace)
        form.addRow("", self.pace_label)
        layout.addWidget(play)

        spray = QtWidgets.QGroupBox("Spray tool")
        form = QtWidgets.QFormLayout(spray)
        self.spray_radius = QtWidgets.QSpinBox(minimum=5, maximum=300, value=40, suffix=" px")
        self.spray_density = QtWidgets.QSpinBox(minimum=1, maximum=200, value=12)
        form.addRow("Radius", self.spray_radius)
        form.addRow("Points per move", self.spray_density)
        layout.addWidget(spray)
        layout.addStretch(1)

        self.show_settings(session.settings)
        for box in (
            self.algorithm,
            self.covariance,
            self.init,
            self.ellipse_level,
            self.point_shapes,
        ):
            box.currentIndexChanged.connect(self._commit)
        for spin in (self.k, self.seed, self.max_iter):
            spin.valueChanged.connect(self._commit)
        self.beta_slider.valueChanged.connect(self._on_beta_slider)
        for spin in (self.tol, self.reg_covar, self.beta):
            spin.editingFinished.connect(self._commit)
        for box in self._checks.values():
            box.toggled.connect(self._commit)
        self.reg_slider.sliderReleased.connect(self._on_reg_slider)
        self.beta_slider.sliderReleased.connect(self._set_beta_from_slider)
        self.reg_slider.valueChanged.connect(self._on_reg_slider_moved)
        self.pace.valueChanged.connect(self._on_pace)
        self.spray_radius.valueChanged.connect(self._on_spray)
        self.spray_density.valueChanged.connect(self._on_spray)
        session.changed.connect(self._on_session_changed)

    def show_settings(self, st: Settings) -> None:
        """Put the settings into the controls without echoing them back."""
        self._updating = True
        try:
            _select(self.algorithm, st.algorithm)
            _select(self.covariance, st.covariance_type)
            _select(self.init, st.init)
            _select(self.ellipse_level, st.ellipse_level)
            _select(self.point_shapes, st.point_shapes)
            self.k.setValue(st.k)
            self.seed.setValue(st.seed)
            self.max_iter.setValue(st.max_iter)
            self.tol.setValue(st.tol)
            self.reg_covar.setValue(st.reg_covar)
            self.beta.setValue(st.beta)
            self.beta_slider.setValue(round(4 * math.log10(st.beta)))
            if st.reg_covar > 0:
                self.reg_slider.setValue(round(2 * math.log10(max(st.reg_covar, 1e-12))))
            else:
                self.reg_slider.setValue(self.reg_slider.minimum())
            for name, box in self._checks.items():
                box.setChecked(getattr(st, name))
            self.pace.setValue(st.pace_ms)
            self._pace_text(st.pace_ms)
            self._enable(st)
        finally:
            self._updating = False

    def _enable(self, st: Settings) -> None:
        gmm = st.algorithm == "gmm"
        soft = st.algorithm != "kmeans"
        self.covariance.setEnabled(gmm)
        self.reg_covar.setEnabled(gmm)
        self.reg_slider.setEnabled(gmm)
        self.beta.setEnabled(st.algorithm == "soft-kmeans")
        self.beta_slider.setEnabled(st.algorithm == "soft-kmeans")
        self.soft_colors.setEnabled(soft)
        self.ellipse_level.setEnabled(soft)
        self.show_voronoi.setEnabled(not soft)
        auto = st.init != "centers"
        self.k.setEnabled(auto)
        self.seed.setEnabled(auto)

    def _commit(self, *_) -> None:
        if self._updating:
            return
        st = self.session.settings
        try:
            new = Settings(
                algorithm=self.algorithm.currentData(),
                covariance_type=self.covariance.currentData(),
                init=self.init.currentData(),
                k=self.k.value(),
                seed=self.seed.value(),
                max_iter=self.max_iter.value(),
                tol=self.tol.value(),
                reg_covar=self.reg_covar.value(),
                beta=self.beta.value() or st.beta,
                pace_ms=st.pace_ms,
                ellipse_level=self.ellipse_level.currentData(),
                point_shapes=self.point_shapes.currentData(),
                **{name: box.isChecked() for name, box in self._checks.items()},
            )
        except ValueError:
            self.show_settings(st)  # the controls' ranges make this unreachable; be safe
            return
        self._enable(new)
        self.session.set_settings(new)

    def _on_beta_slider(self, value: int) -> None:
        if self._updating or self.beta_slider.isSliderDown():
            if self.beta_slider.isSliderDown() and not self._updating:
                self.beta.setValue(10.0 ** (value / 4))  # show the value while dragging
            return
        self._set_beta_from_slider()

    def _set_beta_from_slider(self) -> None:
        self._updating = True
        self.beta.setValue(10.0 ** (self.beta_slider.value() / 4))
        self._updating = False
        self._commit()

    def _on_reg_slider_moved(self, value: int) -> None:
        if not self._updating and not self.reg_slider.isSliderDown():
            self._on_reg_slider()  # keyboard or click on the groove: apply now

    def _on_reg_slider(self) -> None:
        if self._updating:
            return
        self._updating = True
        self.reg_covar.setValue(10.0 ** (self.reg_slider.value() / 2))
        self._updating = False
        self._commit()

    def _on_pace(self, value: int) -> None:
        self._pace_text(value)
        if not self._updating:
            self.session.update_settings(pace_ms=int(value))
            self.pace_changed.emit(int(value))

    def _pace_text(self, value: int) -> None:
        self.pace_label.setText("as fast as possible" if value == 0 else f"{value} ms")

    def _on_spray(self, *_) -> None:
        self.spray_changed.emit(float(self.spray_radius.value()), int(self.spray_density.value()))

    def _on_session_changed(self, what: str) -> None:
        if what == "settings" and not self._updating:
            self.show_settings(self.session.settings)
