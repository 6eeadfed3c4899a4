"""emgui: see the Expectation-Maximization algorithm work (k-means and Gaussian mixtures)."""

# The installed distribution's metadata is the source of truth (emgui.model.version); this is
# what a checkout run without installing reports. Keep it equal to pyproject.toml's version.
__version__ = "0.1.0"
