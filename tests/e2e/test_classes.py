"""Known classes in the real program: each species keeps its colour, whatever EM numbers it."""

from __future__ import annotations

from pathlib import Path

from emgui.model.palette import PALETTE_HEX
from tests.e2e.desktop import color_fraction, wait_until
from tests.e2e.test_unsaved import answer_question

IRIS = Path(__file__).resolve().parents[2] / "resources" / "data" / "iris_petals.csv"


def test_setosa_is_drawn_in_the_first_colour_after_a_run(launch):
    """The k-means++ start numbers setosa's component 2 (orange in the plain order); matched
    to the classes, setosa is drawn in the first colour, blue, from the start to the end."""
    app = launch(str(IRIS))
    wait_until(lambda: "iris_petals.csv" in app.title(), 10, "the table to load")
    c = app.canvas()
    before = app.settled_shot(c)
    app.key("End")
    app.shot_after_change(before, 10, "End to run the mixture", c)
    shot = app.settled_shot(c, timeout=20)  # the colours are the run's from its start
    h, w = shot.shape[:2]
    setosa = shot[h // 2 :, : w // 4]  # lower left: the short, narrow petals
    assert color_fraction(setosa, PALETTE_HEX[0], 30) > 0.002  # blue points and ellipse
    assert color_fraction(setosa, PALETTE_HEX[1], 30) < 0.0005  # no orange
    app.key("ctrl+q")
    answer_question(app, "alt+d")  # a table just opened is not saved as a session: Discard
    assert app.wait_exit(10) == 0
