"""The options of ``emgui run``, and their checks in the user's terms (the option is named)."""

from __future__ import annotations

import argparse
import math

from emgui.core import ALGORITHMS, COVARIANCE_TYPES, INIT_METHODS
from emgui.core.geometry import ELLIPSE_LEVELS
from emgui.model.settings import POINT_SHAPES

MAX_TWEEN = 50  # in-between frames per half-step: beyond this a GIF only grows
EXIT_USAGE = 2
MAX_IMAGE_PIXELS = 10000 * 10000
DEFAULT_SIZE = (1280, 960)
SHEET_PANEL = 360  # a contact sheet's panel when --size (the whole sheet) is not given
# A GIF holds every frame (one byte a pixel, after quantisation) until it is written:
# refuse what cannot be held rather than fail half-way through the run's frames.
MAX_FRAME_BYTES = 4 << 30


class UsageError(Exception):
    """A bad option value; the message names the option."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _two_numbers(text: str, form: str) -> tuple[int, int]:
    """``AxB`` as two whole numbers; ``form`` (like "size must be WIDTHxHEIGHT, like
    1280x960") says what was expected."""
    try:
        a, b = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{form}; got {text!r}") from None
    return a, b


def _size(text: str) -> tuple[int, int]:
    w, h = _two_numbers(text, "size must be WIDTHxHEIGHT, like 1280x960")
    if not (16 <= w <= 10000 and 16 <= h <= 10000):
        raise argparse.ArgumentTypeError(f"size must be between 16 and 10000 pixels; got {text!r}")
    return w, h


def _iterations(text: str) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be iterations separated by commas, like 0,1,2,5,20; got {text!r}"
        ) from None
    if not values or min(values) < 0:
        raise argparse.ArgumentTypeError(f"must be whole numbers >= 0; got {text!r}")
    return values


def _grid(text: str) -> tuple[int, int]:
    r, c = _two_numbers(text, "grid must be ROWSxCOLUMNS, like 2x3")
    if not (1 <= r <= 50 and 1 <= c <= 50):
        raise argparse.ArgumentTypeError(f"grid rows and columns must be 1 to 50; got {text!r}")
    return r, c


def _points(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a size in points, like 9; got {text!r}"
        ) from None
    if not (4 <= value <= 96):
        raise argparse.ArgumentTypeError(f"must be between 4 and 96 points; got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="emgui run",
        description=(
            "Run k-means or a Gaussian mixture on a points CSV, a saved session or a preset; "
            "print each iteration; write the run, frames, a GIF or a figure."
        ),
    )
    p.add_argument(
        "source",
        nargs="?",
        metavar="SOURCE",
        help="POINTS.csv (two numeric columns) or SESSION.json (its points, centers, settings)",
    )
    p.add_argument("--preset", metavar="ID", help="a shipped example instead of SOURCE")
    p.add_argument("--list-presets", action="store_true", help="print the presets and exit")
    p.add_argument("--algorithm", choices=ALGORITHMS, help="required with a CSV")
    start = p.add_mutually_exclusive_group()
    start.add_argument("--centers", metavar="CENTERS.csv", help="initial centers, one per row")
    start.add_argument("--k", type=int, metavar="K", help="number of components, chosen by --init")
    p.add_argument("--init", choices=INIT_METHODS, default="kmeans++", help="with --k")
    p.add_argument("--seed", type=int, default=0, help="random seed for --init (default 0)")
    p.add_argument("--covariance", choices=COVARIANCE_TYPES, help="GMM only (default full)")
    p.add_argument(
        "--beta",
        type=float,
        metavar="B",
        help="stiffness of soft k-means (responsibilities ∝ exp(-B·distance²)); default 1",
    )
    p.add_argument("--max-iter", type=int, metavar="N", help="default 100")
    p.add_argument("--tol", type=float, metavar="T", help="default 1e-6; 0 runs all --max-iter")
    p.add_argument("--reg-covar", type=float, metavar="R", help="default 1e-6")
    p.add_argument(
        "--columns", metavar="A,B", help="x and y columns of a CSV: header names or numbers from 1"
    )
    p.add_argument(
        "--labels", metavar="NAME", help="a CSV column of known classes: report the agreement"
    )
    p.add_argument(
        "--standardise", action="store_true", help="scale each column to mean 0 and sd 1"
    )
    p.add_argument("--json", metavar="OUT.json", help="write the run (format emgui-run/1)")
    p.add_argument("--frames", metavar="DIR", help="write one PNG per half-step into DIR")
    p.add_argument("--gif", metavar="OUT.gif", help="write an animated GIF of the run")
    p.add_argument(
        "--mp4", metavar="OUT.mp4", help="write an H.264 video of the run (emgui[video])"
    )
    p.add_argument(
        "--tween",
        type=int,
        default=0,
        metavar="N",
        help="with --gif or --mp4: N in-between frames per half-step (centers gliding)",
    )
    p.add_argument(
        "--figure", metavar="FILE", help="write a state (or --sheet) as .png, .svg or .pdf"
    )
    p.add_argument("--at", type=int, metavar="ITER", help="with --figure: this iteration's state")
    p.add_argument(
        "--sheet",
        type=_iterations,
        metavar="0,1,2,5,20",
        help="with --figure: a contact sheet of these iterations (0: the initial state)",
    )
    p.add_argument("--ellipses", choices=ELLIPSE_LEVELS, help="ellipse level in images")
    p.add_argument(
        "--shapes",
        choices=POINT_SHAPES,
        help="images: marker shapes by known class (--labels) or by component; colour stays "
        "the cluster's",
    )
    p.add_argument(
        "--size",
        type=_size,
        metavar="WxH",
        help="image size in pixels (96 per inch); default 1280x960, a sheet 360x360 a panel",
    )
    p.add_argument("--font-size", type=_points, metavar="PT", help="text size in points")
    p.add_argument("--grid", type=_grid, metavar="RxC", help="with --sheet: rows x columns")
    p.add_argument(
        "--free-aspect", action="store_true", help="figures: x and y units need not be equal"
    )
    p.add_argument(
        "--no-caption",
        action="store_true",
        help="figures: no caption line (a sheet: no title; its panels keep (a) L = 0 …)",
    )
    return p


def check_options(args: argparse.Namespace) -> None:
    """UsageError naming the option for a value argparse accepts but the run cannot use."""
    if args.list_presets:
        return
    if (args.source is None) == (args.preset is None):
        raise UsageError("give one SOURCE (a points CSV or a session JSON) or --preset ID")
    if args.seed < 0:
        raise UsageError(f"--seed must be a whole number >= 0; got {args.seed}")
    if args.k is not None and args.k < 1:
        raise UsageError(f"--k must be between 1 and the number of points; got {args.k}")
    if args.max_iter is not None and args.max_iter < 0:
        raise UsageError(f"--max-iter must be >= 0; got {args.max_iter}")
    for name in ("tol", "reg_covar"):
        value = getattr(args, name)
        if value is not None and not (math.isfinite(value) and value >= 0):
            raise UsageError(f"--{name.replace('_', '-')} must be >= 0; got {value}")
    if args.beta is not None and not (math.isfinite(args.beta) and 0 < args.beta <= 1e12):
        raise UsageError(f"--beta must be a number > 0 and at most 1e12; got {args.beta}")
    if (args.at is not None or args.sheet is not None) and args.figure is None:
        raise UsageError("--at and --sheet say what --figure shows: give --figure FILE")
    if args.at is not None and args.sheet is not None:
        raise UsageError("--at and --sheet cannot be combined")
    if args.figure is not None:
        suffix = args.figure.rsplit(".", 1)[-1].lower() if "." in args.figure else ""
        allowed = ("png", "svg", "pdf")
        if suffix not in allowed:
            what = "a contact sheet (--sheet)" if args.sheet is not None else "--figure"
            raise UsageError(f"{what} is written as .png, .svg or .pdf; got {args.figure}")
    if args.shapes == "classes" and args.labels is None:
        raise UsageError("--shapes classes draws the known classes: give --labels NAME too")
    if args.grid is not None and args.sheet is None:
        raise UsageError("--grid lays out a contact sheet: give --sheet too")
    if args.grid is not None and args.grid[0] * args.grid[1] < len(args.sheet):
        r, c = args.grid
        raise UsageError(
            f"--grid {r}x{c} has room for {r * c} panels; --sheet asks for {len(args.sheet)}"
        )
    if args.mp4 is not None and not args.mp4.lower().endswith(".mp4"):
        raise UsageError(f"--mp4 writes an .mp4 file; got {args.mp4}")
    if not 0 <= args.tween <= MAX_TWEEN:
        raise UsageError(f"--tween: from 0 to {MAX_TWEEN} in-between frames; got {args.tween}")
    if args.tween and not (args.gif or args.mp4):
        raise UsageError("--tween adds in-between frames to --gif or --mp4: give one of them")
    # A sheet without --size has panels of SHEET_PANEL; with --size, the sheet is that size.
    n = SHEET_PANEL
    if args.sheet is not None and args.size is None and len(args.sheet) * n * n > MAX_IMAGE_PIXELS:
        raise UsageError(
            f"a sheet of {len(args.sheet)} panels of {n}x{n} is over {MAX_IMAGE_PIXELS:.0e} "
            "pixels; choose a smaller --size"
        )


def check_frame_memory(n_frames: int, size: tuple[int, int]) -> None:
    """UsageError when a GIF of ``n_frames`` at ``size`` would not fit in memory."""
    need = (n_frames + 4) * size[0] * size[1]  # the frames, and one RGBA frame being made
    if need > MAX_FRAME_BYTES:
        raise UsageError(
            f"--gif: {n_frames} frames of {size[0]}x{size[1]} need about {need / 2**30:.1f} GB "
            f"of memory (at most {MAX_FRAME_BYTES / 2**30:.0f} GB); choose a smaller --size "
            "or fewer iterations"
        )
