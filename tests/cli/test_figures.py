"""emgui run as a figure maker: PNG, SVG and PDF figures and sheets, their options, the MP4."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from tests.cli.helpers import run_inprocess as run
from tests.render.figure_helpers import tool

SVG = "{http://www.w3.org/2000/svg}"


def one_line(err: str, *words: str) -> None:
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    for w in words:
        assert w in err, err


def test_prml_figure_as_a_pdf_sheet(capsys, tmp_path):
    """The issue's Makefile line: Old Faithful, L = 0, 1, 2, 5, 20, as a vector PDF."""
    path = tmp_path / "fig9-8.pdf"
    code, out, err = run(
        capsys, "--preset", "old-faithful", "--max-iter", "20", "--sheet", "0,1,2,5,20",
        "--figure", str(path),
    )  # fmt: skip
    assert code == 0, err
    assert "   20  " in out  # the run went on to iteration 20 although it converges before
    text = subprocess.run(
        [tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("(a)", "L = 0", "(e)", "L = 20", "eruptions", "waiting", "component 2"):
        assert words in text
    assert text.count("eruptions") == 1  # one shared x title
    listing = subprocess.run(
        [tool("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(listing) == 2  # no image: vector throughout


def test_svg_figure_with_size_and_font(capsys, tmp_path):
    path = tmp_path / "final.svg"
    code, _, err = run(
        capsys, "--preset", "old-faithful", "--figure", str(path), "--size", "600x600",
        "--font-size", "9", "--ellipses", "2sd",
    )  # fmt: skip
    assert code == 0, err
    root = ET.parse(path).getroot()
    assert (root.get("width"), root.get("height")) == ("600px", "600px")
    sizes = {round(float(t.get("font-size")), 3) for t in root.iter(f"{SVG}text")}
    assert 12.0 in sizes  # 9 pt
    assert any("2 standard deviations" in (t.text or "") for t in root.iter(f"{SVG}text"))


def test_sheet_grid_and_size(capsys, tmp_path):
    path = tmp_path / "sheet.png"
    code, _, err = run(
        capsys, "--preset", "old-faithful", "--sheet", "0,1,2,3,4,5", "--grid", "2x3",
        "--figure", str(path), "--size", "900x600",
    )  # fmt: skip
    assert code == 0, err
    assert Image.open(path).size == (900, 600)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--grid", "2x2", "--sheet", "0,1,2,3,4"), ("--grid 2x2", "room for 4", "5")),
        (("--grid", "2x2"), ("--grid", "--sheet")),
        (("--grid", "two"), ("--grid", "ROWSxCOLUMNS")),
        (("--font-size", "0.5"), ("--font-size", "between 4 and 96")),
        (("--figure", "f.gif"), (".png, .svg or .pdf", "f.gif")),
    ],
)
def test_bad_figure_options_are_named(capsys, tmp_path, args, words):
    args = list(args)
    if "--figure" not in args:
        args += ["--figure", str(tmp_path / "f.png")]
    code, _, err = run(capsys, "--preset", "ten-points", *args)
    assert code == 2
    one_line(err, *words)


def test_mp4_without_the_extra_says_how_to_get_it(capsys, tmp_path, monkeypatch):
    import emgui.render.video_export as video

    monkeypatch.setattr(video, "video_available", lambda: False)
    code, out, err = run(capsys, "--preset", "ten-points", "--mp4", str(tmp_path / "run.mp4"))
    assert code == 2 and out == ""  # refused before the run
    one_line(err, "--mp4", 'pip install "emgui[video]"')
    assert not (tmp_path / "run.mp4").exists()


def test_mp4_is_h264_with_a_frame_per_half_step(capsys, tmp_path):
    import emgui.render.video_export as video

    assert video.video_available(), "the video extra is installed with the tests"
    import imageio_ffmpeg

    path = tmp_path / "run.mp4"
    code, _, err = run(
        capsys,
        "--preset",
        "ten-points",
        "--mp4",
        str(path),
        "--size",
        "321x241",
        "--max-iter",
        "3",
        "--tol",
        "0",
    )
    assert code == 0, err
    probe = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
        capture_output=True,
        text=True,
    ).stderr
    assert "h264" in probe and "322x242" in probe  # even sides for 4:2:0
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == 7 + 3  # init + 3 x (E, M), then the last frame held 2 s at 2 per second


def test_no_caption_keeps_the_panel_labels(capsys, tmp_path):
    path = tmp_path / "sheet.svg"
    code, _, err = run(
        capsys, "--preset", "old-faithful", "--sheet", "0,5", "--figure", str(path), "--no-caption"
    )
    assert code == 0, err
    texts = [t.text for t in ET.parse(path).getroot().iter(f"{SVG}text")]
    assert "(a)  L = 0" in texts and "(b)  L = 5" in texts
    assert not any("the state after" in (t or "") for t in texts)  # no title
    single = tmp_path / "one.svg"
    code, _, err = run(capsys, "--preset", "old-faithful", "--figure", str(single), "--no-caption")
    assert code == 0, err
    texts = [t.text or "" for t in ET.parse(single).getroot().iter(f"{SVG}text")]
    assert not any("iteration" in t for t in texts) and "eruptions (standardised)" in texts
